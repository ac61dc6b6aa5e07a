"""Swedish sentence boundaries.

The splitting is done by ``sentence_splitter`` (the Moses sentence splitter
ported to Python; its rules ship in the package, nothing is downloaded), with
a Swedish list of abbreviations kept in this folder (``forkortningar.txt``):
"t.ex.", "bl.a.", "dvs." and "fr.o.m." do not end a sentence, and "kap." or
"jan." do not before a number. Each paragraph or list item is split on its own,
so a list item ends a sentence even without a period (see :mod:`.text`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sentence_splitter import SentenceSplitter

ABBREVIATIONS = Path(__file__).with_name("forkortningar.txt")


@lru_cache(maxsize=1)
def _splitter() -> SentenceSplitter:
    return SentenceSplitter(language="sv", non_breaking_prefix_file=str(ABBREVIATIONS))


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph of running text, white space collapsed."""
    return list(_sentences(" ".join(paragraph.split())))


# The splitter takes most of the time of measuring an archive, and an archive
# repeats its paragraphs (the same clauses in agreement after agreement).
@lru_cache(maxsize=65536)
def _sentences(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(s for s in (part.strip() for part in _splitter().split(text)) if s)
