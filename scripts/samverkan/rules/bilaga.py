"""Bilagor: parent, number, dates against the parent (spec §4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..finding import Finding, error, warning
from .base import Context, each_duplicate


def _bilagor(ctx: Context):
    return (d for d in ctx.repo.documents if d.typ == "bilaga")


def parent(ctx: Context) -> Iterator[Finding]:
    """§4: ``bilaga_till`` names an avtal."""
    for doc in _bilagor(ctx):
        if "bilaga_till" in doc.data:
            yield from ctx.resolve(doc, ("bilaga_till",), doc.data["bilaga_till"], ("avtal",))


def numbers(ctx: Context) -> Iterator[Finding]:
    """§4, §6: ``nummer`` is unique among the bilagor of one avtal; a duplicate is
    reported at every occurrence, naming the others."""
    groups = defaultdict(list)
    for doc in _bilagor(ctx):
        number, avtal = doc.data.get("nummer"), doc.data.get("bilaga_till")
        if isinstance(number, int) and not isinstance(number, bool) and isinstance(avtal, str):
            groups[(avtal, number)].append(doc)
    for (avtal, number), doc, others in each_duplicate(groups, "nummer"):
        yield error(
            doc.path,
            doc.pos("nummer"),
            "bilaga-nummer-dubblett",
            f"'nummer': bilaga {number} till '{avtal}' finns också i {others} — ge bilagorna olika nummer",
        )


def validity_within_parent(ctx: Context) -> Iterator[Finding]:
    """§4, §6: a bilaga's written ``giltig_till`` is not after its avtal's."""
    for doc in _bilagor(ctx):
        avtal = ctx.repo.document(doc.data.get("bilaga_till"), "avtal")
        own, theirs = doc.date("giltig_till"), avtal.date("giltig_till") if avtal else None
        if own and theirs and own > theirs:
            yield error(
                doc.path,
                doc.pos("giltig_till"),
                "bilaga-giltig-efter-avtal",
                f"'giltig_till': {own.isoformat()} ligger efter avtalets giltig_till "
                f"({theirs.isoformat()}) — en bilaga kan inte gälla längre än sitt avtal",
            )


def parent_repealed(ctx: Context) -> Iterator[Finding]:
    """§4: a bilaga to an upphävd avtal that is itself not upphävd is a warning."""
    for doc in _bilagor(ctx):
        avtal = ctx.repo.document(doc.data.get("bilaga_till"), "avtal")
        if avtal and avtal.data.get("status") == "upphävd" and doc.data.get("status") != "upphävd":
            yield warning(
                doc.path,
                doc.pos("status"),
                "bilaga-till-upphävt",
                f"'status': avtalet '{avtal.id}' är upphävt men bilagan har status "
                f"'{doc.data.get('status')}' — sätt 'status: upphävd' och 'upphävd: …' även här",
            )


RULES = [parent, numbers, validity_within_parent, parent_repealed]
