"""Topic tags, ``ämnen`` (spec §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..amnen import occurrences, preferred, tag_key
from ..finding import Finding, warning
from .base import Context


def tag_spelling(ctx: Context) -> Iterator[Finding]:
    """§6: across the repository, tags written differently but equal after case
    folding and collapsing white space are one tag; each occurrence not written in
    the most common spelling (ties: first in path order) is a warning."""
    places = occurrences(ctx.repo.documents)
    best = preferred(places)
    for doc, index, tag in places:
        spelling = best[tag_key(tag)]
        if tag != spelling:
            yield warning(
                doc.path,
                doc.pos("ämnen", index),
                "ämne-stavning",
                f"ämnet '{tag}' stavas '{spelling}' i andra dokument — skriv '{spelling}' så att "
                "dokumenten hamnar under samma ämne",
            )


RULES = [tag_spelling]
