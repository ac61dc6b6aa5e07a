"""Attachments (spec §1: PDF originals, images, .docx) published with the pages.

A document links to a file beside it (``[PDF](avtal-original.pdf)``); its page
lives at ``/<id>/``, so the file is published under ``filer/`` and the link is
rewritten. Only files linked from documents this build shows are published: an
attachment of an intern document stays out of the public site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote

from .. import body as body_module
from .. import confine
from ..bifogat import attachment, linked
from ..model import Document, Repository
from .page import Asset
from .paths import attachment_href, site_path

if TYPE_CHECKING:
    from .context import Handbook

# mailto:, tel: and other URLs with a scheme are not files
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def published(book: Handbook) -> list[str]:
    """The attachments this build publishes: those linked from the documents it shows."""
    return list(dict.fromkeys(path for doc in book.view.documents for path in linked(book.repo, doc).values()))


def pages(book: Handbook) -> Iterator[Asset]:
    for path in published(book):
        if confine.inside(book.repo.root, path):  # checked again: the file may have changed since
            yield Asset(site_path(path), (book.repo.root / path).read_bytes())


def missing(book: Handbook, doc: Document) -> list[str]:
    """Link targets in ``doc`` that look like files of the repository but are none
    (a missing image, a misspelt PDF)."""
    published_here = set(linked(book.repo, doc))
    return [
        target
        for target in body_module.link_targets(doc.body)
        if not ("://" in target or target.startswith(("/", "#")) or _SCHEME.match(target))
        and target not in published_here
    ]


def unlink_unpublished(markdown: str, doc: Document, repo: Repository, href, shown: frozenset[str]) -> str:
    """``markdown`` (``doc``'s body as :func:`markup.body` wrote it) with every
    link to a file outside ``shown`` (the published attachments) turned into
    its text, and every such image into its alt text.

    For old versions: the file may have been replaced or removed since, or be
    linked only from documents this build does not show. A link to it would
    be broken, and a strict build fails on broken links. ``href(site_path)``
    is how the page links a published file (``markup.body`` has already
    rewritten links to attachments that still exist).
    """
    folder = posixpath.dirname(doc.path)
    known = repo.attachment_paths
    for target in body_module.link_targets(doc.body):
        if "://" in target or target.startswith(("/", "#")) or _SCHEME.match(target):
            continue
        path = attachment(known, folder, target) or posixpath.normpath(posixpath.join(folder, target.split("#")[0]))
        if path in shown:
            continue
        written = {target, quote(target)} | ({href(attachment_href(path))} if path in known else set())
        for destination in written:
            markdown = _unlink(markdown, destination)
    return markdown


def _unlink(markdown: str, destination: str) -> str:
    dest = f"(?:<{re.escape(destination)}>|{re.escape(destination)})"
    title = r"""(?:\s+(?:"[^"]*"|'[^']*'))?"""
    inline = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\(\s*" + dest + title + r"\s*\)")
    markdown = inline.sub(lambda m: m.group(1), markdown)
    definition = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*" + dest + title + r"[ \t]*(?:\n|$)", re.M)
    for name in definition.findall(markdown):
        label = re.escape(name)
        # [text][name], [name][] and [name]: the text stays, the link goes
        markdown = re.sub(r"!?\[((?:[^\[\]\\]|\\.)+)\]\[" + label + r"\]", lambda m: m.group(1), markdown, flags=re.I)
        markdown = re.sub(r"!?\[(" + label + r")\](?:\[\])?(?![\[(:])", lambda m: m.group(1), markdown, flags=re.I)
    return definition.sub("", markdown)
