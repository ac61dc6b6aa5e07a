"""Lifecycle and dates (spec §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error, warning
from ..model import parse_date
from ..status import review_overdue as review_overdue_on
from .base import Context, per_document

LIFECYCLE_TYPES = ("avtal", "bilaga", "uppdragshandling")
DECIDED = ("fastställd", "upphävd")


def _lifecycle(ctx: Context):
    return (d for d in ctx.repo.documents if d.typ in LIFECYCLE_TYPES)


@per_document
def status_keys(ctx: Context) -> Iterator[Finding]:
    """§4: ``fastställd`` and ``giltig_från`` are required when status is fastställd
    or upphävd, ``fastställd`` is forbidden for utkast and remiss, ``upphävd`` is
    required when status is upphävd (and only then)."""
    for doc in _lifecycle(ctx):
        status = doc.data.get("status")
        if status in DECIDED:
            for key in ("fastställd", "giltig_från"):
                if key not in doc.data:
                    yield error(
                        doc.path,
                        doc.pos(),
                        "nyckel-saknas",
                        f"nyckeln '{key}' saknas — den krävs när status är {status}",
                    )
        elif status in ("utkast", "remiss") and "fastställd" in doc.data:
            yield error(
                doc.path,
                doc.pos("fastställd"),
                "fastställd-för-tidigt",
                f"'fastställd' får inte finnas när status är {status} — ta bort raden tills "
                "beslutet är fattat, och ändra då status till fastställd",
            )
        if status == "upphävd" and "upphävd" not in doc.data:
            yield error(
                doc.path,
                doc.pos(),
                "nyckel-saknas",
                "nyckeln 'upphävd' saknas — ange datum då dokumentet upphävdes",
            )
        elif status in ("utkast", "remiss", "fastställd") and "upphävd" in doc.data:
            yield error(
                doc.path,
                doc.pos("upphävd"),
                "upphävd-utan-status",
                f"'upphävd' är ifyllt men status är {status} — sätt 'status: upphävd' eller ta bort raden",
            )


@per_document
def date_order(ctx: Context) -> Iterator[Finding]:
    """§6: ``giltig_till`` not before ``giltig_från``; ``upphävd`` not before
    ``fastställd``; ``fastställd`` after ``giltig_från`` is a (retroactive) warning;
    ``tidsram.till`` not before ``tidsram.från``."""
    for doc in _lifecycle(ctx):
        start, end = doc.date("giltig_från"), doc.date("giltig_till")
        decided, repealed = doc.date("fastställd"), doc.date("upphävd")
        if start and end and end < start:
            yield error(
                doc.path,
                doc.pos("giltig_till"),
                "datum-ordning",
                f"'giltig_till' ({end}) ligger före 'giltig_från' ({start}) — rätta något av datumen",
            )
        if decided and repealed and repealed < decided:
            yield error(
                doc.path,
                doc.pos("upphävd"),
                "datum-ordning",
                f"'upphävd' ({repealed}) ligger före 'fastställd' ({decided}) — ett dokument kan "
                "inte upphävas innan det fastställts",
            )
        if decided and start and decided > start:
            yield warning(
                doc.path,
                doc.pos("fastställd"),
                "retroaktivt-beslut",
                f"'fastställd' ({decided}) ligger efter 'giltig_från' ({start}) — beslutet gäller "
                "retroaktivt; kontrollera datumen",
            )
        frame = doc.data.get("tidsram")
        if isinstance(frame, dict):
            a, b = parse_date(frame.get("från")), parse_date(frame.get("till"))
            if a and b and b < a:
                yield error(
                    doc.path,
                    doc.pos("tidsram", "till"),
                    "datum-ordning",
                    f"'tidsram, till' ({b}) ligger före 'tidsram, från' ({a}) — rätta tidsramen",
                )


@per_document
def review_overdue(ctx: Context) -> Iterator[Finding]:
    """§4, §6: ``revideras`` strictly before today while fastställd: revision försenad."""
    for doc in _lifecycle(ctx):
        if review_overdue_on(doc, ctx.today):
            due = doc.date("revideras")
            yield warning(
                doc.path,
                doc.pos("revideras"),
                "revision-försenad",
                f"revision försenad: 'revideras' är {due} och dagens datum är {ctx.today} — "
                "revidera dokumentet eller sätt ett nytt datum",
            )


def _timeline(ctx: Context, doc, key: str, label: str, group_by: str | None) -> Iterator[Finding]:
    previous: dict[object, tuple] = {}
    for index, item in doc.items(key):
        if not isinstance(item, dict):
            continue
        start, end = parse_date(item.get("från")), parse_date(item.get("till"))
        if start and end and end < start:
            yield error(
                doc.path,
                doc.pos(key, index, "till"),
                "datum-ordning",
                f"'{key}, punkt {index + 1}': 'till' ({end}) ligger före 'från' ({start})",
            )
        group = item.get(group_by) if group_by else None
        if start:
            before = previous.get(group)
            if before and start < before[1]:
                where = f" i fasen '{group}'" if group else ""
                yield warning(
                    doc.path,
                    doc.pos(key, index, "från"),
                    "tidsordning",
                    f"'{key}, punkt {index + 1}': {label}{where} börjar {start}, före föregående "
                    f"(punkt {before[0] + 1}, {before[1]}) — lista dem i tidsordning",
                )
            previous[group] = (index, start)


@per_document
def process_order(ctx: Context) -> Iterator[Finding]:
    """§4, §6: beslutsprocess steps have ``till`` not before ``från`` and are listed in
    time order (a step starting before the previous one is a warning)."""
    for doc in ctx.repo.documents:
        yield from _timeline(ctx, doc, "beslutsprocess", "steget", None)


@per_document
def activity_order(ctx: Context) -> Iterator[Finding]:
    """§4, §6: aktiviteter have ``till`` not before ``från``; those of one ``fas`` are
    in time order (phases may overlap)."""
    for doc in ctx.repo.documents:
        if doc.typ == "uppdragshandling":
            yield from _timeline(ctx, doc, "aktiviteter", "aktiviteten", "fas")


RULES = [status_keys, date_order, review_overdue, process_order, activity_order]
