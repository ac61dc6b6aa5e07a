"""'Menade du …?' suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def _fold(text: str) -> str:
    # 'giltig_fran' should find 'giltig_från': compare without diacritics too.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, or None when nothing is close."""
    candidates = list(candidates)
    folded = {_fold(c): c for c in candidates}
    if _fold(word) in folded:
        return folded[_fold(word)]
    match = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=0.75)
    return folded[match[0]] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' — menade du 'x'?' or an empty string."""
    best = closest(word, candidates)
    return f" — menade du '{best}'?" if best and best != word else ""
