"""Attachments (spec §1: PDF originals, images, .docx) published with the pages.

A document links to a file beside it (``[PDF](avtal-original.pdf)``); its page
lives at ``/<id>/``, so the file is published under ``filer/`` and the link is
rewritten. Only files linked from documents this build shows are published: an
attachment of an intern document stays out of the public site.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Iterator

from .. import body as body_module
from ..model import Document, Repository
from .page import Asset

if TYPE_CHECKING:  # context imports markup, which imports this module
    from .context import Handbook

PREFIX = "filer"


def site_path(attachment: str) -> str:
    """``agreements/a/b.pdf`` → ``filer/a/b.pdf``."""
    return f"{PREFIX}/{attachment.split('/', 1)[1]}"


def linked(repo: Repository, doc: Document) -> dict[str, str]:
    """Written link target → attachment path, for links from ``doc`` to attachments."""
    known = repo.attachment_paths
    folder = posixpath.dirname(doc.path)
    found = {}
    for target in body_module.link_targets(doc.body):
        if "://" in target or target.startswith(("/", "#", "mailto:")):
            continue
        path = posixpath.normpath(posixpath.join(folder, target.split("#")[0]))
        if path in known:
            found[target] = path
    return found


def pages(book: "Handbook") -> Iterator[Asset]:
    published: set[str] = set()
    for doc in book.view.documents:
        for path in linked(book.repo, doc).values():
            if path not in published:
                published.add(path)
                yield Asset(site_path(path), (book.repo.root / path).read_bytes())

