"""The Markdown body beyond references: what the site can publish safely and
build (issues 17 and 18; interpretations in docs/innehallsmodell/tolkningar.md)."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator

from .. import body
from ..finding import Finding, error, warning
from ..model import Document
from .base import Context, per_document

# Links that are not files beside the document: web addresses, site paths, mail.
_NOT_A_FILE = ("/", "mailto:", "tel:")


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:120] + "…"


@per_document
def structure_depth(ctx: Context) -> Iterator[Finding]:
    """Limit: block quotes and lists nest at most ``limits.MAX_STRUCTURE_DEPTH``
    levels, so the site and the PDF engine can render every body."""
    for doc in ctx.repo.documents:
        problem = body.too_deep(doc.body, doc.body_line)
        if problem is not None:
            yield error(doc.path, problem, problem.code, problem.message)


def _file_links(doc: Document, known: frozenset[str]) -> Iterator[tuple[body.Link, str | None]]:
    """(link, repository path) for links to files beside ``doc``; the path is
    None for an in-page anchor (``#rubrik``)."""
    if not doc.links:
        return
    folder = posixpath.dirname(doc.path)
    for link in doc.links:
        target = link.target
        if "://" in target or target.startswith(_NOT_A_FILE) or ":" in target.split("/")[0]:
            continue
        if target.startswith("#"):
            yield link, None
            continue
        # As the site resolves it: the whole target first (a file may be called x#y.pdf).
        whole = posixpath.normpath(posixpath.join(folder, target))
        yield link, whole if whole in known else posixpath.normpath(posixpath.join(folder, target.split("#")[0]))


def linked_files_exist(ctx: Context) -> Iterator[Finding]:
    """§1 attachments: a link or image to a file beside the document names an
    attachment that exists under ``agreements/`` (the site publishes exactly
    those; anything else is a broken link that stops the build), and an
    in-page link ``#rubrik`` names a heading of the document."""
    known = ctx.repo.attachment_paths
    for doc in ctx.repo.documents:
        for link, path in _file_links(doc, known):
            if path is None:
                anchor = link.target[1:]
                if anchor and anchor not in doc.anchors:
                    yield error(
                        doc.path,
                        link.pos,
                        "rubrik-saknas",
                        f"länken '{_short(link.target)}' pekar på en rubrik som inte finns i dokumentet — rubriker: "
                        f"{', '.join(doc.anchors) or 'inga'}",
                    )
                continue
            if path in known:
                continue
            what = "bilden" if link.image else "filen"
            hint = " — hänvisa till ett annat dokument med [[id]]" if path.endswith(".md") else ""
            yield error(
                doc.path,
                link.pos,
                "fil-saknas",
                f"{what} '{_short(link.target)}' finns inte bredvid dokumentet ({_short(path)}) — lägg filen där eller "
                f"rätta länken{hint}",
            )


def shared_attachments(ctx: Context) -> Iterator[Finding]:
    """Privacy: an attachment linked from an intern and a public document is
    published with the public one; said on the intern document's link, so the
    editor decides deliberately."""
    linked: dict[str, list[tuple[Document, body.Link]]] = defaultdict(list)
    known = ctx.repo.attachment_paths
    for doc in ctx.repo.documents:
        for link, path in _file_links(doc, known):
            if path in known:
                linked[path].append((doc, link))
    for places in linked.values():
        public = sorted({doc.path for doc, _ in places if not doc.intern})
        if not public:
            continue
        for doc, link in places:
            if doc.intern:
                yield warning(
                    doc.path,
                    link.pos,
                    "fil-delas-med-publikt",
                    f"filen '{_short(link.target)}' länkas också från det publika dokumentet {public[0]} och "
                    "publiceras därför i den publika handboken — använd en egen fil för det interna dokumentet "
                    "om den inte får bli offentlig",
                )


RULES = [structure_depth, linked_files_exist, shared_attachments]
