"""Arenas: their level, the escalation chain and their mandate (spec §3, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error, warning
from ..graph import cyclic
from ..model import Entry, level_rank, parse_date
from .base import Context, label
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
        target, found = ctx.target(arena, ("rapporterar_till",), value, ("arena",))
        yield from found
        if target is not None:
            yield from escalation_target(ctx, arena, ("rapporterar_till",), arena, target)


def escalation_target(ctx: Context, node, path: tuple, arena: Entry, target: Entry) -> Iterator[Finding]:
    """Where ``arena`` may escalate to: shared by arenas and uppdragshandlingar."""
    key = path[-1]
    own, their = level_rank(arena.data.get("nivå")), level_rank(target.data.get("nivå"))
    if own is not None and their is not None and their < own:
        yield error(
            node.path,
            node.pos(*path),
            "eskalering-nedåt",
            f"'{key}': '{target.id}' är en {target.data['nivå']} arena, lägre än "
            f"'{arena.id}' ({arena.data['nivå']}) — en fråga lyfts till samma eller högre nivå",
        )
        return
    if arena.text("region") and target.text("region") and arena.text("region") != target.text("region"):
        yield error(
            node.path,
            node.pos(*path),
            "fel-region",
            f"'{key}': '{target.id}' hör till regionen '{target.text('region')}', inte "
            f"'{arena.text('region')}' — eskaleringen stannar inom regionen",
        )
        return
    if target.data.get("nivå") in ("delregional", "lokal") and arena.text("delregion") != target.text("delregion"):
        yield error(
            node.path,
            node.pos(*path),
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
        doc, found = ctx.target(arena, ("uppdrag",), value, ("uppdragshandling",))
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


# What a member may represent: any registry entry that is an organisation of some kind.
MEMBER_TYPES = ("region", "delregion", "kommunalförbund", "kommun", "organisation")


def arena_members(ctx: Context) -> Iterator[Finding]:
    """Registret, arenans ledamöter: each ``ledamöter`` item names a known
    organisation of the registry, of the arena's region or of no region."""
    for arena in _arenas(ctx):
        region = ctx.region(arena)
        for index, item in arena.items("ledamöter"):
            if not isinstance(item, dict) or "organisation" not in item:
                continue
            path = ("ledamöter", index, "organisation")
            target, found = ctx.target(arena, path, item["organisation"], MEMBER_TYPES)
            yield from found
            if target is None:
                continue
            own = target.id if target.typ == "region" else target.text("region")
            if region and own and own != region:
                yield error(
                    arena.path,
                    arena.pos(*path),
                    "fel-region",
                    f"'{label(path)}': '{target.id}' hör till regionen '{own}', men arenan "
                    f"'{arena.id}' hör till '{region}' — välj en organisation i {region} eller en utan region",
                )


def planned_meetings(ctx: Context) -> Iterator[Finding]:
    """Registret, arenans möten: planned meetings are listed in date order and a
    date appears once (warnings); a ``tid`` span ends after it starts."""
    for arena in _arenas(ctx):
        moten = arena.data.get("möten")
        planned = moten.get("planerade") if isinstance(moten, dict) else None
        if not isinstance(planned, list):
            continue
        seen: dict = {}
        previous = None
        for index, item in enumerate(planned):
            if not isinstance(item, dict):
                continue
            path = ("möten", "planerade", index)
            day = parse_date(item.get("datum"))
            if day is not None:
                if day in seen:
                    yield warning(
                        arena.path,
                        arena.pos(*path, "datum"),
                        "möte-dubblett",
                        f"'{label(path)}': {day.isoformat()} står redan på punkt {seen[day] + 1} — "
                        "ta bort dubbletten eller rätta datumet",
                    )
                elif previous is not None and day < previous:
                    yield warning(
                        arena.path,
                        arena.pos(*path, "datum"),
                        "tidsordning",
                        f"'{label(path)}': {day.isoformat()} kommer före föregående möte "
                        f"({previous.isoformat()}) — skriv de planerade mötena i datumordning",
                    )
                seen.setdefault(day, index)
                previous = max(previous, day) if previous else day
            tid = item.get("tid")
            if isinstance(tid, str) and "-" in tid:
                start, _, end = tid.partition("-")
                if len(start) == len(end) == 5 and end <= start:
                    yield error(
                        arena.path,
                        arena.pos(*path, "tid"),
                        "datum-ordning",
                        f"'{label(path)}, tid': mötet slutar ({end}) innan eller när det börjar ({start}) "
                        '— skriv t.ex. "09:00-12:00"',
                    )


RULES = [arena_level, arena_escalation, escalation_cycles, arena_mandate, arena_members, planned_meetings]
