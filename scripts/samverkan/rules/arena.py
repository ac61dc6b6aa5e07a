"""Arenas: their level, the escalation chain and their mandate (spec §3, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error
from ..graph import cyclic
from ..model import Entry, level_rank
from .base import Context
from .omfattning import check_level_keys


def _arenas(ctx: Context) -> Iterator[Entry]:
    return (e for e in ctx.repo.entries if e.typ == "arena")


def arena_level(ctx: Context) -> Iterator[Finding]:
    """§3, §6: a delregional or lokal arena has a delregion in its region; a lokal
    arena has kommuner in that delregion; a regional arena has no delregion;
    ``kommuner`` only on lokal arenas."""
    for arena in _arenas(ctx):
        yield from check_level_keys(ctx, arena)


def arena_escalation(ctx: Context) -> Iterator[Finding]:
    """§3, §6: ``rapporterar_till`` names an arena of the same or a higher level in
    the same region; a delregional target is in the same delregion; a lokal arena
    reports to another lokal arena only within its delregion."""
    for arena in _arenas(ctx):
        value = arena.data.get("rapporterar_till")
        if value is None:
            continue
        found: list[Finding] = []
        target = ctx.target(arena, ("rapporterar_till",), value, ("arena",), found)
        yield from found
        if target is not None:
            yield from escalation_target(ctx, arena, ("rapporterar_till",), arena, target)


def escalation_target(ctx: Context, node, path: tuple, arena: Entry, target: Entry) -> Iterator[Finding]:
    """Where ``arena`` may escalate to: shared by arenas and uppdragshandlingar."""
    at = node.pos(*path)
    key = path[-1]
    own, their = level_rank(arena.data.get("nivå")), level_rank(target.data.get("nivå"))
    if own is not None and their is not None and their < own:
        yield error(
            node.path,
            at,
            "eskalering-nedåt",
            f"'{key}': '{target.id}' är en {target.data['nivå']} arena, lägre än "
            f"'{arena.id}' ({arena.data['nivå']}) — en fråga lyfts till samma eller högre nivå",
        )
        return
    if arena.text("region") and target.text("region") and arena.text("region") != target.text("region"):
        yield error(
            node.path,
            at,
            "fel-region",
            f"'{key}': '{target.id}' hör till regionen '{target.text('region')}', inte "
            f"'{arena.text('region')}' — eskaleringen stannar inom regionen",
        )
        return
    if target.data.get("nivå") in ("delregional", "lokal") and arena.text("delregion") != target.text("delregion"):
        yield error(
            node.path,
            at,
            "fel-delregion",
            f"'{key}': '{target.id}' hör till delregionen '{target.text('delregion')}', men "
            f"'{arena.id}' hör till '{arena.text('delregion')}' — välj en arena i samma delregion "
            "eller på regional nivå",
        )


def escalation_cycles(ctx: Context) -> Iterator[Finding]:
    """§3, §6: the escalation chain never loops; reported at ``rapporterar_till`` of
    every member of the loop."""
    edges = {
        a.id: [a.data["rapporterar_till"]]
        for a in _arenas(ctx)
        if a.id and isinstance(a.data.get("rapporterar_till"), str)
    }
    for cycle in cyclic(edges):
        chain = " → ".join(cycle + [cycle[0]])
        for member in cycle:
            arena = ctx.repo.entry(member, "arena")
            yield error(
                arena.path,
                arena.pos("rapporterar_till"),
                "eskalering-slinga",
                f"'rapporterar_till' bildar en slinga: {chain} — kedjan måste sluta hos en "
                "arena som inte rapporterar vidare (t.ex. den politiska nivån)",
            )


def arena_mandate(ctx: Context) -> Iterator[Finding]:
    """§3: ``uppdrag`` names an uppdragshandling whose ``uppdragstagare`` is this arena."""
    for arena in _arenas(ctx):
        value = arena.data.get("uppdrag")
        if value is None:
            continue
        found: list[Finding] = []
        doc = ctx.target(arena, ("uppdrag",), value, ("uppdragshandling",), found)
        yield from found
        if doc is None:
            continue
        if doc.data.get("uppdragstagare") != arena.id:
            yield error(
                arena.path,
                arena.pos("uppdrag"),
                "fel-uppdragstagare",
                f"'uppdrag': uppdragshandlingen '{doc.id}' har uppdragstagare "
                f"'{doc.data.get('uppdragstagare')}', inte '{arena.id}' — peka på arenans eget "
                "uppdrag eller rätta 'uppdragstagare' i dokumentet",
            )


RULES = [arena_level, arena_escalation, escalation_cycles, arena_mandate]
