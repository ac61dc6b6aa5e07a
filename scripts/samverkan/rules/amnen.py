"""Topic tags, ``ämnen`` (spec §4, §6)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from ..finding import Finding, warning
from .base import Context


def tag_key(tag: str) -> str:
    """Tags equal after case folding and collapsing white space are one tag."""
    return " ".join(tag.casefold().split())


def tag_spelling(ctx: Context) -> Iterator[Finding]:
    """§6: across the repository, tags written differently but equal after case
    folding and collapsing white space are one tag; each occurrence not written in
    the most common spelling (ties: first in path order) is a warning."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, dict[str, int]] = defaultdict(dict)
    places = []
    order = 0
    for doc in sorted(ctx.repo.documents, key=lambda d: d.path):
        for index, tag in doc.items("ämnen"):
            if isinstance(tag, str):
                key = tag_key(tag)
                spellings[key][tag] += 1
                first_seen[key].setdefault(tag, order)
                order += 1
                places.append((doc, index, tag, key))
    preferred = {
        key: min(counts, key=lambda s: (-counts[s], first_seen[key][s]))
        for key, counts in spellings.items()
        if len(counts) > 1
    }
    for doc, index, tag, key in places:
        best = preferred.get(key)
        if best is not None and tag != best:
            yield warning(
                doc.path, doc.pos("ämnen", index), "ämne-stavning",
                f"ämnet '{tag}' stavas '{best}' i andra dokument — skriv '{best}' så att "
                "dokumenten hamnar under samma ämne",
            )


RULES = [tag_spelling]
