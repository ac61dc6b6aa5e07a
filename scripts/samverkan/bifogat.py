"""Attachments a document links to (spec §1: PDF originals, images, .docx
beside the document): which files of the repository a body's links name.
Where they are published is the handbook's business (:mod:`.handbok.filer`)."""

from __future__ import annotations

import posixpath

from . import body as body_module
from . import confine
from .model import Document, Repository


def linked(repo: Repository, doc: Document) -> dict[str, str]:
    """Written link target → attachment path, for links from ``doc`` to attachments."""
    known = repo.attachment_paths
    folder = posixpath.dirname(doc.path)
    found = {}
    for target in body_module.link_targets(doc.body):
        if "://" in target or target.startswith(("/", "#", "mailto:")):
            continue
        path = attachment(known, folder, target)
        if path is not None and confine.inside(repo.root, path):
            found[target] = path
    return found


def attachment(known: frozenset[str], folder: str, target: str) -> str | None:
    """The attachment a link target names: the whole target (a file may be
    called ``x#y.pdf``), else the target without its ``#fragment``."""
    for candidate in dict.fromkeys((target, target.split("#")[0])):
        path = posixpath.normpath(posixpath.join(folder, candidate))
        if path in known:
            return path
    return None
