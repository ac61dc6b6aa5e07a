"""Uppdragshandlingar: who commissions whom, and where they report (spec §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error
from ..model import level_rank
from .arena import escalation_target
from .base import Context


def _uppdrag(ctx: Context):
    return (d for d in ctx.repo.documents if d.typ == "uppdragshandling")


def commissioning(ctx: Context) -> Iterator[Finding]:
    """§4: ``uppdragsgivare`` and ``uppdragstagare`` are arenas of the document's
    region (an interpretation: the mandate is given within the region), and the
    uppdragstagare's level is not higher than the uppdragsgivare's."""
    for doc in _uppdrag(ctx):
        for key in ("uppdragsgivare", "uppdragstagare"):
            if key in doc.data:
                yield from ctx.resolve(doc, (key,), doc.data[key], ("arena",))
        giver = ctx.repo.entry(doc.data.get("uppdragsgivare"), "arena")
        taker = ctx.repo.entry(doc.data.get("uppdragstagare"), "arena")
        region = ctx.region(doc)
        for key, arena in (("uppdragsgivare", giver), ("uppdragstagare", taker)):
            if arena is not None and region and arena.text("region") != region:
                yield error(
                    doc.path,
                    doc.pos(key),
                    "fel-region",
                    f"'{key}': '{arena.id}' hör till regionen '{arena.text('region')}', inte "
                    f"dokumentets region '{region}' — välj en arena i {region}",
                )
        if giver is None or taker is None:
            continue
        g, t = level_rank(giver.data.get("nivå")), level_rank(taker.data.get("nivå"))
        if g is not None and t is not None and t > g:
            yield error(
                doc.path,
                doc.pos("uppdragstagare"),
                "uppdrag-nivå",
                f"'uppdragstagare': '{taker.id}' är {taker.data['nivå']}, högre än uppdragsgivaren "
                f"'{giver.id}' ({giver.data['nivå']}) — en arena kan inte ge uppdrag till en arena "
                "på högre nivå",
            )


def reporting(ctx: Context) -> Iterator[Finding]:
    """§4, §6: ``rapporterar_till`` is an arena of the same or a higher level than
    the uppdragstagare (same escalation rules as arenas)."""
    for doc in _uppdrag(ctx):
        value = doc.data.get("rapporterar_till")
        if value is None:
            continue
        target, found = ctx.target(doc, ("rapporterar_till",), value, ("arena",))
        yield from found
        taker = ctx.repo.entry(doc.data.get("uppdragstagare"), "arena")
        if taker is not None and target is not None:
            yield from escalation_target(ctx, doc, ("rapporterar_till",), taker, target)


RULES = [commissioning, reporting]
