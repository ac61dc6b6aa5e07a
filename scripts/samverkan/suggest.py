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
    return _among(tuple(candidates)).closest(word)


class _Among:
    """Candidates by their folded text (the last of those folded alike), and the
    answers found among them so far: an archive with many unknown references asks
    about the same few misspelt ids among the same thousands of ids again and
    again, and difflib compares with every one each time."""

    def __init__(self, candidates: tuple[str, ...]) -> None:
        self.folded = {_fold(c): c for c in candidates}
        self.answers: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word in self.answers:
            return self.answers[word]
        folded = _fold(word)
        if folded in self.folded:
            found = self.folded[folded]
        else:
            match = difflib.get_close_matches(folded, list(self.folded), n=1, cutoff=0.75)
            found = self.folded[match[0]] if match else None
        self.answers[word] = found
        return found


# A few sets of candidates at a time (each with its answers), so that memory stays
# bounded in a long-running preview, where the ids change as files are saved.
@lru_cache(maxsize=4)
def _among(candidates: tuple[str, ...]) -> _Among:
    return _Among(candidates)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' — menade du 'x'?' or an empty string."""
    best = closest(word, candidates)
    return f" — menade du '{best}'?" if best and best != word else ""
