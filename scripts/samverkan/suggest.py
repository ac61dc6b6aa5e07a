"""'Menade du …?' suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=65536)  # the same ids and keys are folded for finding after finding
def _fold(text: str) -> str:
    # 'giltig_fran' should find 'giltig_från': compare without diacritics too.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, or None when nothing is close."""
    return _closest(word, tuple(candidates))


# An archive with many unknown references asks about the same few misspelt ids
# among the same thousands of ids again and again (difflib compares with each).
@lru_cache(maxsize=4096)
def _closest(word: str, candidates: tuple[str, ...]) -> str | None:
    folded = _folded(candidates)
    if _fold(word) in folded:
        return folded[_fold(word)]
    match = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=0.75)
    return folded[match[0]] if match else None


@lru_cache(maxsize=16)
def _folded(candidates: tuple[str, ...]) -> dict[str, str]:
    """Each candidate by its folded text (the last of those folded alike)."""
    return {_fold(c): c for c in candidates}


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' — menade du 'x'?' or an empty string."""
    best = closest(word, candidates)
    return f" — menade du '{best}'?" if best and best != word else ""
