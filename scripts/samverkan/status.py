"""The lifecycle state shown to readers, computed on a given day.

Spec §4: "gällande" is never written; it follows from ``status: fastställd``
and the validity dates, so the site computes it at build time and it cannot
go stale in the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Document
from .wording import date_sv

# kind → CSS modifier; the label carries the meaning, colour only repeats it
KINDS = ("utkast", "remiss", "gallande", "kommande", "utgangen", "upphavd", "justerad", "okand")


@dataclass(frozen=True)
class Status:
    """What a document's badge says, and whether the document is in force."""

    kind: str
    label: str
    in_force: bool = False


def status(doc: Document, today: dt.date) -> Status:
    """The badge of ``doc`` on ``today`` (utkast, remiss, gällande, …)."""
    written = doc.data.get("status")
    if doc.typ == "mötesanteckning":
        if written == "justerad":
            return Status("justerad", "Justerad")
        return Status("utkast", "Ej justerad")
    if doc.typ == "remissvar":
        position = doc.data.get("ställningstagande")
        return Status("remissvar", position[:1].upper() + position[1:] if isinstance(position, str) else "Remissvar")
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


def decision(doc: Document, today: dt.date) -> str:
    """The state of the decision behind ``doc`` in the words of a sentence
    (an export's footer: "gällande version: 2.0 (fastställd 2024-09-13)"),
    from the same lifecycle as :func:`status`: "utkast, ej fastställd",
    "fastställd 2024-09-13, ej längre gällande", "ej justerad"."""
    shown = status(doc, today)
    if doc.typ == "mötesanteckning":
        return "justerad" if shown.kind == "justerad" else "ej justerad"
    if shown.kind in ("utkast", "remiss"):
        return f"{shown.kind}, ej fastställd"
    if shown.kind == "upphavd":
        return f"upphävd {date_sv(doc.date('upphävd'))}".strip()
    if shown.kind in ("gallande", "kommande", "utgangen"):
        state = f"fastställd {date_sv(doc.date('fastställd'))}".strip()
        if shown.kind == "kommande":
            return f"{state}, gäller från {date_sv(doc.date('giltig_från'))}"
        return f"{state}, ej längre gällande" if shown.kind == "utgangen" else state
    return "okänd status"


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
