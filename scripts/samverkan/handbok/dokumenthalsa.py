"""Document health: what the maintainers of the documents should look at.

Overdue reviews, validity that has run out while the document is still
fastställd, bilagor left in force under an upphävd avtal, references to
superseded documents, and how many documents each arena keeps. Everything is
read from the build's view: an intern document is neither counted nor named
in the public build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import status as status_module
from ..lasbarhet import lix
from ..model import Document
from ..ordlista import sort_key
from ..relationer import owner
from . import paths, sokdata
from .context import Handbook, Same
from .page import Page


@dataclass(frozen=True)
class StaleReference:
    """``source`` refers to ``target``, which is upphävd or replaced by ``replacements``."""

    source: Document
    target: Document
    how: list[str]
    replacements: list[Document]


@dataclass
class ArenaCount:
    arena: object
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def pages(book: Handbook) -> Iterator[Page]:
    yield page(book)


def page(book: Handbook) -> Page:
    def made_item(r: Readability, item) -> str:
        # what the item shows: the document's link (its title, on this page) and
        # its measure, the same object for a document whose text and references
        # read the same (Handbook.readability)
        key = ("lix-rad", paths.HALSA, r.doc.id, r.doc.name, Same(r.measure))
        return book.pieces.get(key, lambda: str(item(r)))

    return book.render(
        "dokumenthalsa.md",
        paths.HALSA,
        "Dokumenthälsa",
        search=sokdata.editors(),
        overdue=overdue_reviews(book),
        expired=expired(book),
        orphans=orphaned_bilagor(book),
        stale=stale_references(book),
        arenas=arena_counts(book),
        without_summary=without_summary(book),
        readability=readability(book),
        quote=quote,
        made_item=made_item,
        owner=lambda d: owner(book.repo, d),
        COUNTED=paths.LISTED_TYPES,
    )


def without_summary(book: Handbook) -> list[Document]:
    """Decided agreements (``status: fastställd``) without a plain summary (``sammanfattning``)."""
    found = [
        d
        for d in book.view.documents
        if d.typ == "avtal" and d.data.get("status") == "fastställd" and not d.text("sammanfattning")
    ]
    return sorted(found, key=lambda d: sort_key(d.name))


@dataclass(frozen=True)
class Readability:
    doc: Document
    measure: lix.Measure


def readability(book: Handbook) -> list[Readability]:
    """LIX of every document with running text, hardest first."""
    found = [Readability(d, book.readability(d).whole) for d in book.view.documents]
    found = [r for r in found if r.measure.rounded is not None]
    return sorted(found, key=lambda r: (-r.measure.rounded, sort_key(r.doc.name)))


def quote(text: str, limit: int = 120) -> str:
    """A sentence as the table shows it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def overdue_reviews(book: Handbook) -> list[Document]:
    """Fastställd documents whose ``revideras`` is before today, most overdue first."""
    found = [d for d in book.view.documents if status_module.review_overdue(d, book.today)]
    return sorted(found, key=lambda d: (d.date("revideras"), sort_key(d.name)))


def expired(book: Handbook) -> list[Document]:
    """Documents still written as fastställd although their ``giltig_till`` has passed."""
    found = [d for d in book.view.documents if book.status(d).kind == "utgangen"]
    return sorted(found, key=lambda d: (d.date("giltig_till"), sort_key(d.name)))


def orphaned_bilagor(book: Handbook) -> list[tuple[Document, Document]]:
    """(bilaga, avtal) where the avtal is upphävd and the bilaga is not."""
    found = []
    for doc in book.view.documents:
        if doc.typ != "bilaga" or doc.data.get("status") == "upphävd":
            continue
        parent = book.view.document(doc.data.get("bilaga_till"), "avtal")
        if parent is not None and parent.data.get("status") == "upphävd":
            found.append((doc, parent))
    return sorted(found, key=lambda pair: (sort_key(pair[1].name), sort_key(pair[0].name)))


def stale_references(book: Handbook) -> list[StaleReference]:
    """Documents still referring to a superseded one: upphävd, or named in the
    ``ersätter`` of a document that has come into force.

    Left out, since nothing needs fixing there: the documents that supersede the
    target, documents that are themselves upphävd, and meeting notes from before
    the target was superseded (they record what was discussed then).
    """
    found = []
    for target in book.view.documents:
        replacements = list(book.rel.superseded_by.get(target.id, []))
        in_effect = [r for r in replacements if book.status(r).kind in ("gallande", "utgangen")]
        if target.data.get("status") != "upphävd" and not in_effect:
            continue
        since = superseded_on(target, in_effect)
        by_source: dict[int, StaleReference] = {}
        for link in book.rel.backlinks.get(target.id, []):
            source = link.source
            if source in replacements or source.data.get("status") == "upphävd":
                continue
            held = source.date("datum") if source.typ == "mötesanteckning" else None
            if held and since and held < since:
                continue
            entry = by_source.setdefault(id(source), StaleReference(source, target, [], replacements))
            if link.how not in entry.how:
                entry.how.append(link.how)
        found.extend(by_source.values())
    return sorted(found, key=lambda s: (sort_key(s.source.name), sort_key(s.target.name)))


def superseded_on(target: Document, replacements: list[Document]) -> dt.date | None:
    """The day ``target`` stopped being the one to follow, when known."""
    days = [target.date("upphävd")] + [d.date("giltig_från") for d in replacements]
    known = [d for d in days if d]
    return min(known) if known else None


def arena_counts(book: Handbook) -> list[ArenaCount]:
    """Documents per arena (owner; a meeting note counts for its arena), by arena name."""
    rows = {a.id: ArenaCount(a, {t: 0 for t in paths.LISTED_TYPES}) for a in book.repo.of_type("arena") if a.id}
    for arena, docs in book.rel.owned.items():
        row = rows.get(arena)
        for doc in docs if row is not None else ():
            row.counts[doc.typ] += 1
    return sorted(rows.values(), key=lambda r: sort_key(r.arena.name))
