"""The registry's hierarchy: regions, delregions, kommunalförbund, kommuner (spec §3)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error, warning
from ..omfattning import has_delregions, kommuner
from .base import Context

# Which typ each registry key must point to.
REFERENCE_KEYS = {"region": "region", "delregion": "delregion", "kommunalförbund": "kommunalförbund"}


def registry_references(ctx: Context) -> Iterator[Finding]:
    """§3: every region, delregion, kommunalförbund and kommuner value of a registry
    entry points to an entry of that typ."""
    for entry in ctx.repo.entries:
        for key, typ in REFERENCE_KEYS.items():
            for path, value in entry.ids(key):
                yield from ctx.resolve(entry, path, value, (typ,))
        for path, value in entry.ids("kommuner"):
            yield from ctx.resolve(entry, path, value, ("kommun",))


def same_region(ctx: Context) -> Iterator[Finding]:
    """§3: a kommun's (or arena's) delregion, and a kommun's kommunalförbund, lie in
    the entry's own region."""
    for entry in ctx.repo.entries:
        if entry.typ not in ("kommun", "arena"):
            continue
        region = entry.text("region")
        for key in ("delregion", "kommunalförbund"):
            target = ctx.repo.entry(entry.data.get(key), key)
            if target is None or region is None or ctx.repo.entry(region, "region") is None:
                continue
            if target.text("region") != region:
                yield error(
                    entry.path,
                    entry.pos(key),
                    "fel-region",
                    f"'{key}': '{target.id}' hör till regionen '{target.text('region')}', men "
                    f"'{entry.id}' hör till '{region}' — välj {key} i samma region",
                )


def delregion_has_kommuner(ctx: Context) -> Iterator[Finding]:
    """§3: a delregion with no kommun is a warning."""
    for entry in ctx.repo.entries:
        if entry.typ == "delregion" and entry.id and not kommuner(ctx.repo, delregion=entry.id):
            yield warning(
                entry.path,
                entry.pos(),
                "delregion-utan-kommuner",
                f"delregionen '{entry.id}' har inga kommuner — ange 'delregion: {entry.id}' "
                "på kommunerna som ingår, eller ta bort delregionen",
            )


def kommun_delregion(ctx: Context) -> Iterator[Finding]:
    """§3 (tolkning 34): a kommun has a ``delregion`` when its region is divided into
    delregions; in a region without delregions the key is left out."""
    for entry in ctx.repo.entries:
        if entry.typ != "kommun" or "delregion" in entry.data:
            continue
        region = ctx.region(entry)
        if region and has_delregions(ctx.repo, region):
            yield error(
                entry.path,
                entry.pos(),
                "nyckel-saknas",
                f"nyckeln 'delregion' saknas — regionen '{region}' har delregioner, så kommunen "
                f"'{entry.id}' behöver 'delregion: …'",
            )


RULES = [registry_references, same_region, kommun_delregion, delregion_has_kommuner]
