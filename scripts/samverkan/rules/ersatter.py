"""Supersession: ``ersätter`` (spec §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error
from ..graph import cyclic
from .base import Context


def supersedes(ctx: Context) -> Iterator[Finding]:
    """§4: ``ersätter`` names earlier documents of the same type (avtal → avtal,
    bilaga → other bilagor)."""
    for doc in ctx.repo.documents:
        if doc.typ is None:
            continue
        for path, value in doc.ids("ersätter"):
            yield from ctx.resolve(doc, path, value, (doc.typ,))


def supersession_cycles(ctx: Context) -> Iterator[Finding]:
    """§4, §6: ``ersätter`` has no cycles; reported at the offending item of every
    member of the cycle."""
    edges = {d.id: [v for _, v in d.ids("ersätter")] for d in ctx.repo.documents if d.id}
    for cycle in cyclic(edges):
        members = set(cycle)
        chain = " → ".join(cycle + [cycle[0]])
        for member in cycle:
            doc = ctx.repo.document(member)
            for path, value in doc.ids("ersätter"):
                if value in members:
                    yield error(
                        doc.path,
                        doc.pos(*path),
                        "ersätter-slinga",
                        f"'ersätter' bildar en slinga: {chain} — ett dokument kan bara ersätta "
                        "äldre dokument; ta bort den felaktiga hänvisningen",
                    )


RULES = [supersedes, supersession_cycles]
