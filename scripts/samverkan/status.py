"""The lifecycle state shown to readers, computed on a given day.

Spec §4: "gällande" is never written; it follows from ``status: fastställd``
and the validity dates, so the site computes it at build time and it cannot
go stale in the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Document

# kind → CSS modifier; the label carries the meaning, colour only repeats it
KINDS = ("utkast", "remiss", "gallande", "kommande", "utgangen", "upphavd", "justerad", "okand")


@dataclass(frozen=True)
class Status:
    """What a document's badge says, and whether the document is in force."""

    kind: str
    label: str
    in_force: bool = False


# Swedish month names, for dates written out ("14 oktober 2024", "Juni 2027")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def date_sv(value: dt.date | str | None) -> str:
    """A date as Swedish readers write it in documents: ISO 8601."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else ""


def status(doc: Document, today: dt.date) -> Status:
    """The badge of ``doc`` on ``today`` (utkast, remiss, gällande, …)."""
    written = doc.data.get("status")
    if doc.typ == "mötesanteckning":
        if written == "justerad":
            return Status("justerad", "Justerad")
        return Status("utkast", "Ej justerad")
    if written == "utkast":
        return Status("utkast", "Utkast")
    if written == "remiss":
        return Status("remiss", "Remiss")
    if written == "upphävd":
        repealed = doc.date("upphävd")
        return Status("upphavd", f"Upphävd {date_sv(repealed)}".strip())
    if written == "fastställd":
        start, end = doc.date("giltig_från"), doc.date("giltig_till")
        if start and today < start:
            return Status("kommande", f"Fastställd, gäller från {date_sv(start)}")
        if end and today > end:
            return Status("utgangen", "Ej längre gällande")
        return Status("gallande", "Gällande", in_force=True)
    return Status("okand", "Okänd status")


# not decided yet: never "gällande", listed only under "Pågående arbete"
PENDING = ("utkast", "remiss")


def pending(doc: Document) -> bool:
    """Spec §4 lifecycle: an avtal, bilaga or uppdragshandling in ``utkast`` or
    ``remiss`` is a proposal. It never applies, so no list of what applies may
    show it; pages put it in a section of its own. (A mötesanteckning's
    ``utkast`` means "ej justerad", which is another matter.)"""
    return doc.typ != "mötesanteckning" and doc.data.get("status") in PENDING


def draft(doc: Document) -> bool:
    """An avtal, bilaga or uppdragshandling in ``utkast``: left out of exports
    unless asked for, and marked on every page of its own export."""
    return doc.typ != "mötesanteckning" and doc.data.get("status") == "utkast"


def review_overdue(doc: Document, today: dt.date) -> bool:
    """Spec §6: ``revideras`` strictly before today while fastställd."""
    review = doc.date("revideras")
    return bool(review and review < today and doc.data.get("status") == "fastställd")
