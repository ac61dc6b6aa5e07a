"""Mötesanteckningar (spec §4)."""

from __future__ import annotations

from typing import Iterator

from ..finding import Finding
from .base import Context


def meeting_arena(ctx: Context) -> Iterator[Finding]:
    """§4: a mötesanteckning's ``arena`` is an arena of the registry."""
    for doc in ctx.repo.documents:
        if doc.typ == "mötesanteckning" and "arena" in doc.data:
            yield from ctx.resolve(doc, ("arena",), doc.data["arena"], ("arena",))


def process_arenas(ctx: Context) -> Iterator[Finding]:
    """§4: the ``arena`` of a beslutsprocess step is an arena of the registry."""
    for doc in ctx.repo.documents:
        for index, step in doc.items("beslutsprocess"):
            if isinstance(step, dict) and "arena" in step:
                yield from ctx.resolve(doc, ("beslutsprocess", index, "arena"), step["arena"], ("arena",))


RULES = [meeting_arena, process_arenas]
