"""Dated events of the documents a build may show: what the calendar lists.

A document's front matter holds the dates readers plan around: when it must be
reviewed (``revideras``), when it starts and stops being valid, the last day to
answer its remiss (``remiss.till``, while it is on remiss), the steps of its
``beslutsprocess``, a mandate's ``tidsram`` and a project plan's ``aktiviteter``.
An upphävd document plans nothing any more and contributes no event, nor
does a draft (``utkast``): the calendar never lists one. Arenas in the
registry add their planned meetings (``möten: planerade``).

Only documents of the given :class:`~samverkan.synlighet.View` are read, so an
intern document never reaches a public calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Document, Entry, add_years, parse_date
from .relationer import owner
from .status import draft
from .synlighet import View

# kind → what the event is, as the calendar says it
LABELS = {
    "revideras": "Revision senast",
    "giltig-fran": "Börjar gälla",
    "giltig-till": "Sista giltighetsdag",
    "tidsram": "Uppdragets tidsram slutar",
    "remiss": "Sista dag för remissvar",
}


@dataclass(frozen=True)
class Event:
    """One dated thing about one document; ``end`` (inclusive) for a period."""

    uid: str
    start: dt.date
    end: dt.date | None
    summary: str  # "<what> – <document title>", the calendar entry's title
    label: str  # what happens, without the document title
    document: str  # id of the document (of the arena, for a meeting)
    kind: str  # revideras, giltig-fran, giltig-till, remiss, beslutsprocess, tidsram, aktivitet, möte
    arena: str | None = None

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    def ongoing(self, today: dt.date) -> bool:
        """A period that has begun and not yet ended ("pågår")."""
        return self.end is not None and self.start < today <= self.end


def events(view: View, today: dt.date, *, since: dt.date | None = None) -> list[Event]:
    """Every event of the visible documents that lasts until ``since`` or later
    (default: one year before ``today``), sorted by date."""
    since = since or add_years(today, -1)
    found = [e for doc in view.documents for e in document_events(view, doc) if e.last >= since]
    found += [e for arena in view.of_type("arena") for e in meeting_events(arena) if e.last >= since]
    return sorted(found, key=lambda e: (e.start, e.last, e.summary, e.uid))


def coming(found: list[Event], today: dt.date) -> list[Event]:
    """Events from ``today`` on."""
    return [e for e in found if e.start >= today]


def ongoing(found: list[Event], today: dt.date) -> list[Event]:
    """Periods under way on ``today``."""
    return [e for e in found if e.ongoing(today)]


def document_events(view: View, doc: Document) -> Iterator[Event]:
    """The events of one document, in the order of its front matter."""
    status = doc.data.get("status")
    # an upphävd document plans nothing any more; a draft plans nothing yet
    # that readers can rely on, and the calendar lists only what applies
    if status == "upphävd" or draft(doc) or not doc.id:
        return
    arena = owner(view.repo, doc)
    name = title(view, doc)
    if status == "fastställd":
        for key, kind in (("giltig_från", "giltig-fran"), ("giltig_till", "giltig-till"), ("revideras", "revideras")):
            day = doc.date(key)
            if day:
                yield _event(doc, name, kind, None, day, None, LABELS[kind], arena)
    remiss = doc.data.get("remiss") if status == "remiss" else None
    last_day = parse_date(remiss.get("till")) if isinstance(remiss, dict) else None
    if last_day:
        compiler = remiss.get("arena") if isinstance(remiss.get("arena"), str) else arena
        yield _event(doc, name, "remiss", None, last_day, None, LABELS["remiss"], compiler)
    for index, item in _dated(doc, "beslutsprocess"):
        step_arena = item.get("arena") if isinstance(item.get("arena"), str) else arena
        yield _event(
            doc,
            name,
            "beslutsprocess",
            index,
            *_period(item),
            _text(item, "steg", "Steg i beslutsprocessen"),
            step_arena,
        )
    if doc.typ != "uppdragshandling":
        return
    tidsram = doc.data.get("tidsram")
    end = parse_date(tidsram.get("till")) if isinstance(tidsram, dict) else None
    if end:
        yield _event(doc, name, "tidsram", None, end, None, LABELS["tidsram"], doc.text("uppdragstagare") or arena)
    for index, item in _dated(doc, "aktiviteter"):
        label = _text(item, "aktivitet", "Aktivitet")
        if isinstance(item.get("fas"), str) and item["fas"].strip():
            label = f"{item['fas'].strip()}: {label}"
        yield _event(doc, name, "aktivitet", index, *_period(item), label, doc.text("uppdragstagare") or arena)


def meeting_events(arena: Entry) -> Iterator[Event]:
    """An arena's planned meetings; example dates say so in the calendar too."""
    moten = arena.data.get("möten")
    if not arena.id or not isinstance(moten, dict) or not isinstance(moten.get("planerade"), list):
        return
    example = " (exempel)" if moten.get("exempel") is True else ""
    for index, item in enumerate(moten["planerade"]):
        day = parse_date(item.get("datum")) if isinstance(item, dict) else None
        if day is None:
            continue
        tid = item.get("tid") if isinstance(item.get("tid"), str) else None
        label = f"Möte{example}" + (f" kl. {tid}" if tid else "")
        yield Event(
            uid=f"{arena.id}-mote-{day.isoformat()}-{index + 1}@samverkan",
            start=day,
            end=None,
            summary=f"{label} – {arena.name}",
            label=label,
            document=arena.id,
            kind="möte",
            arena=arena.id,
        )


def _dated(doc: Document, key: str) -> Iterator[tuple[int, dict]]:
    for index, item in doc.items(key):
        if isinstance(item, dict) and parse_date(item.get("från")):
            yield index, item


def _period(item: dict) -> tuple[dt.date, dt.date | None]:
    start, end = parse_date(item.get("från")), parse_date(item.get("till"))
    return start, (end if end and end > start else None)  # type: ignore[return-value]


def _text(item: dict, key: str, default: str) -> str:
    value = item.get(key)
    return " ".join(str(value).split()) if value is not None and str(value).strip() else default


def title(view: View, doc: Document) -> str:
    """How the calendar names ``doc``: a bilaga with its avtal, since "Bilaga 1 – …"
    alone does not say which agreement it belongs to."""
    parent = view.document(doc.data.get("bilaga_till"), "avtal") if doc.typ == "bilaga" else None
    return f"{doc.name} (till {parent.name})" if parent is not None else doc.name


def _event(doc, name, kind, index, start, end, label, arena) -> Event:
    suffix = f"-{index + 1}" if index is not None else ""
    return Event(
        uid=f"{doc.id}-{kind}{suffix}@samverkan",
        start=start,
        end=end,
        summary=f"{label} – {name}",
        label=label,
        document=doc.id,
        kind=kind,
        arena=arena,
    )
