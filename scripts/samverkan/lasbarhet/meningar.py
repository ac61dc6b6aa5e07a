"""Swedish sentence boundaries.

The splitting is done by ``sentence_splitter`` (the Moses sentence splitter
ported to Python; its rules ship in the package, nothing is downloaded), with
a Swedish list of abbreviations kept in this folder (``forkortningar.txt``):
"t.ex.", "bl.a.", "dvs." and "fr.o.m." do not end a sentence, and "kap." or
"jan." do not before a number. Each paragraph or list item is split on its own,
so a list item ends a sentence even without a period (see :mod:`.text`).
"""

from __future__ import annotations

import types
from functools import lru_cache
from pathlib import Path

import regex
import sentence_splitter
from sentence_splitter import SentenceSplitter

ABBREVIATIONS = Path(__file__).with_name("forkortningar.txt")
# Every break the splitter inserts follows a word with one of these in it
# (its four patterns and its period rule all start at one of them).
_ENDINGS = ".?!"


class _Compiled:
    """What ``SentenceSplitter.split`` (sentence-splitter 1.4) uses of the
    ``regex`` module, with each pattern compiled once.

    The splitter passes pattern strings to ``regex.sub``, ``regex.search`` and
    ``regex.split`` for every word, and looking them up in ``regex``'s cache
    (with its flag arithmetic) costs far more than the matching. The same
    engine compiles the same pattern with the same flags, so every result is
    the same (tests/test_meningar.py compares with the unchanged splitter).
    """

    # plain ints: an enum flag is hashed in Python on every lookup
    UNICODE = int(regex.UNICODE)
    DOTALL = int(regex.DOTALL)

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, int], regex.Pattern] = {}

    def _compile(self, pattern: str, flags: int) -> regex.Pattern:
        key = (pattern, flags)
        compiled = self._patterns.get(key)
        if compiled is None:
            compiled = self._patterns[key] = regex.compile(pattern, flags)
        return compiled

    def sub(self, pattern: str, repl: str, string: str, flags: int = 0) -> str:
        return self._compile(pattern, flags).sub(repl, string)

    def search(self, pattern: str, string: str, flags: int = 0) -> regex.Match | None:
        return self._compile(pattern, flags).search(string)

    def match(self, pattern: str, string: str, flags: int = 0) -> regex.Match | None:
        return self._compile(pattern, flags).match(string)

    def split(self, pattern: str, string: str, flags: int = 0) -> list[str]:
        return self._compile(pattern, flags).split(string)


# The library's own split, run with the stand-in above as its ``regex``: its
# code is not copied, and the library module itself is left unchanged.
_split = types.FunctionType(SentenceSplitter.split.__code__, {**vars(sentence_splitter), "regex": _Compiled()}, "split")


@lru_cache(maxsize=1)
def _splitter() -> SentenceSplitter:
    return SentenceSplitter(language="sv", non_breaking_prefix_file=str(ABBREVIATIONS))


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph of running text, white space collapsed."""
    return list(_sentences(paragraph))


# An archive repeats sentences far more than whole paragraphs. A paragraph is
# cut where the splitter always ends a sentence, and each piece is split alone
# (and once): a period ending a word, one space and a capital letter, where
# the word is no abbreviation. None of the splitter's patterns reaches across
# that space, and its period rule breaks there: unless the word before the
# period is in the list of abbreviations (without anything after it but the
# period) or an acronym ("U.S.A."), neither of which can hold for the words
# taken here. tests/test_lix_fast_paths.py compares with the unchanged splitter.
_CAPITAL = regex.compile(r"[\p{Lu}\p{Lo}]")  # what the splitter's patterns take for a capital letter
_WORD = regex.compile(r"[\w\-]+", regex.UNICODE)  # the characters of an abbreviation in its period rule


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    # read as the splitter reads the file: a comment is '#' to the end of the line
    lines = ABBREVIATIONS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#")[0].strip() for line in lines)


@lru_cache(maxsize=65536)
def _always_ends(word: str) -> bool:
    """Whether the splitter ends a sentence after ``word`` + "." followed by a
    capital letter: a word of letters, digits and hyphens that is no
    abbreviation, or one whose last character is none of these nor a period
    ("avtalet)", "”ja”")."""
    if not word or word[-1] == ".":
        return False
    if not _WORD.fullmatch(word[-1]):
        return True
    return word not in _abbreviations() and _WORD.fullmatch(word) is not None


def _pieces(text: str) -> list[str]:
    """White-space-collapsed ``text`` cut where the splitter always ends a sentence."""
    found: list[str] = []
    start = 0
    end = text.find(". ")
    while end >= 0:
        if _capital(text[end + 2 : end + 3]) and _always_ends(text[text.rfind(" ", 0, end) + 1 : end]):
            found.append(text[start : end + 1])
            start = end + 2
        end = text.find(". ", end + 2)
    found.append(text[start:])
    return found


@lru_cache(maxsize=4096)
def _capital(ch: str) -> bool:
    return _CAPITAL.match(ch) is not None


# An archive also repeats its paragraphs (the same clauses in agreement after agreement).
@lru_cache(maxsize=65536)
def _sentences(paragraph: str) -> tuple[str, ...]:
    found: list[str] = []
    for piece in pieces(paragraph):
        found += _part(piece)
    return tuple(found)


def pieces(paragraph: str) -> list[str]:
    """``paragraph`` white-space-collapsed and cut where the splitter always ends
    a sentence: its sentences are those of each piece (:func:`piece_sentences`), in order."""
    text = paragraph if collapsed(paragraph) else " ".join(paragraph.split())
    return _pieces(text) if text else []


def collapsed(text: str) -> bool:
    """Whether ``" ".join(text.split())`` is ``text`` itself, judged without
    splitting it (the running text of :mod:`.text` is collapsed already, and
    most paragraphs are one line).
    Every character that ``str.split`` splits at but the space is one that
    ``isprintable`` refuses (tests/test_lix_fast_paths.py checks all of them)."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def piece_sentences(piece: str) -> tuple[str, ...]:
    """The sentences of one piece of :func:`pieces` (not remembered here: the caller keeps what it needs)."""
    return _part.__wrapped__(piece)


@lru_cache(maxsize=65536)
def _part(text: str) -> tuple[str, ...]:
    """The sentences of white-space-collapsed text, as the splitter splits it."""
    last = text.rfind(" ")
    if last < 0 or all(text.find(ch, 0, last) < 0 for ch in _ENDINGS):
        return (text,)  # no word but the last can end a sentence: one sentence, as the splitter says
    return tuple(s for s in (part.strip() for part in _split(_splitter(), text)) if s)
