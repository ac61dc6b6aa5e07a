"""Mötesanteckningar (spec §4)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error
from .base import Context, per_document


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


@per_document
def meeting_time(ctx: Context) -> Iterator[Finding]:
    """§4: ``tid`` written as a span ("09:00-15:00") ends after it starts."""
    for doc in ctx.repo.documents:
        tid = doc.data.get("tid") if doc.typ == "mötesanteckning" else None
        if isinstance(tid, str) and "-" in tid:
            start, _, end = tid.partition("-")
            if len(start) == len(end) == 5 and end <= start:
                yield error(
                    doc.path,
                    doc.pos("tid"),
                    "datum-ordning",
                    f"'tid': mötet slutar ({end}) innan eller när det börjar ({start}) — skriv t.ex. \"09:00-15:00\"",
                )


RULES = [meeting_arena, process_arenas, meeting_time]
