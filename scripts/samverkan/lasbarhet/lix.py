"""LIX, läsbarhetsindex (Björnsson 1968): words per sentence plus the
percentage of long words.

    LIX = ord / meningar + 100 × långa ord / ord

A word is a run of characters between spaces with at least one letter or
digit in it; a long word has more than six letters (digits and punctuation do
not count: "t.ex." has three letters, "2025-01-01" none). Sentences come from
:mod:`.meningar`, the running text from :mod:`.text`. LIX says nothing about
whether the text is correct, well ordered or uses words the reader knows; it
only counts sentence length and word length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Document
from . import meningar, text

# (lowest LIX of the band, its name); the bands of the usual Swedish scale,
# the two easiest ("mycket lätt", "lätt") taken together
BANDS = ((60, "mycket svår"), (50, "svår"), (40, "medelsvår"), (0, "lätt"))
LONG = 6  # a long word has more letters than this
EXPLANATION = (
    "LIX (läsbarhetsindex) räknar hur långa meningarna och orden är: "
    "ord per mening plus andelen ord med fler än sex bokstäver, i procent. "
    "Det säger inget om innehållet är rätt eller om orden är bekanta för läsaren."
)


# One character for which str.isalnum() is true: re's \w is exactly
# isalnum() or '_' for str patterns (sre's SRE_UNI_IS_WORD)
_ALNUM = re.compile(r"[^\W_]")


def words(sentence: str) -> list[str]:
    """The words of a sentence (runs between spaces with a letter or digit)."""
    return [w for w in sentence.split() if w.isalnum() or _ALNUM.search(w)]


def letters(word: str) -> int:
    return sum(map(str.isalpha, word))


def is_long(word: str) -> bool:
    # a word no longer than LONG has no more letters; a word of letters only has as many as its length
    return len(word) > LONG and (word.isalpha() or letters(word) > LONG)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int
    long: int


@dataclass
class Measure:
    """Counts over some running text."""

    sentences: list[Sentence] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @property
    def long_words(self) -> int:
        return sum(s.long for s in self.sentences)

    @property
    def count(self) -> int:
        return len(self.sentences)

    @property
    def value(self) -> float | None:
        """LIX, or None for text without words."""
        return from_counts(self.words, self.long_words, self.count)

    @property
    def rounded(self) -> int | None:
        """LIX as shown: rounded to a whole number, halves up."""
        return round_half_up(self.value)

    @property
    def band(self) -> str | None:
        return band(self.rounded)

    def longest(self, n: int = 3) -> list[Sentence]:
        """The ``n`` longest sentences (by words), longest first; ties in text order."""
        order = sorted(range(len(self.sentences)), key=lambda i: (-self.sentences[i].words, i))
        return [self.sentences[i] for i in order[:n]]


def from_counts(words: int, long_words: int, sentences: int) -> float | None:
    """LIX of text with these counts, or None for text without words."""
    if not words:
        return None
    return words / sentences + 100 * long_words / words


def round_half_up(value: float | None) -> int | None:
    """A LIX value as shown: rounded to a whole number, halves up."""
    return None if value is None else int(value + 0.5)


def band(value: int | None) -> str | None:
    """The Swedish name of a (rounded) LIX value's band."""
    if value is None:
        return None
    return next(name for lowest, name in BANDS if value >= lowest)


@lru_cache(maxsize=65536)  # sentences repeat across an archive; a Sentence does not change
def sentence(raw: str) -> Sentence | None:
    count, long_words = _word_counts(raw)
    return Sentence(raw, count, long_words) if count else None


def _word_counts(raw: str) -> tuple[int, int]:
    """``len(words(raw))`` and how many of them are long (:func:`is_long`), in
    one pass without a list (tests/test_lix_fast_paths.py compares the two)."""
    count = long_words = 0
    for word in raw.split():
        if word.isalnum() or _ALNUM.search(word):  # what words() keeps
            count += 1
            if len(word) > LONG:  # is_long(word)
                if word.isalpha():
                    long_words += 1
                else:
                    # "(KAS)," has as many letters as "KAS": punctuation around letters only
                    core = word.strip(_PUNCTUATION)
                    if (len(core) if core.isalpha() else letters(word)) > LONG:
                        long_words += 1
    return count, long_words


_PUNCTUATION = "\"'()[],.:;!?«»“”’–-"
assert not any(ch.isalpha() for ch in _PUNCTUATION)


def measure(paragraphs: Iterable[str]) -> Measure:
    """LIX of running text given as paragraphs (each paragraph or list item ends
    a sentence, whatever its last character)."""
    found = []
    for paragraph in paragraphs:
        for raw in meningar.sentences(paragraph):
            s = sentence(raw)
            if s is not None:
                found.append(s)
    return Measure(found)


def counts(paragraphs: Iterable[str]) -> tuple[int, int, int]:
    """The words, long words and sentences that :func:`measure` counts in the
    same paragraphs (what LIX is made of), without keeping the sentences."""
    words = long_words = sentences = 0
    for paragraph in paragraphs:
        found = _paragraph_counts(paragraph)
        words += found[0]
        long_words += found[1]
        sentences += found[2]
    return words, long_words, sentences


@lru_cache(maxsize=65536)  # an archive repeats its paragraphs (the same clauses in many agreements)
def _paragraph_counts(paragraph: str) -> tuple[int, int, int]:
    # The sentences of a paragraph are those of its pieces in order (meningar.pieces).
    words = long_words = sentences = 0
    for piece in meningar.pieces(paragraph):
        found = _piece_counts(piece)
        words += found[0]
        long_words += found[1]
        sentences += found[2]
    return words, long_words, sentences


# A region's archive repeats a hundred thousand sentences in new combinations:
# far more paragraphs than the cache above holds are made of pieces seen before.
@lru_cache(maxsize=1 << 17)
def _piece_counts(piece: str) -> tuple[int, int, int]:
    words = long_words = sentences = 0
    for raw in meningar.piece_sentences(piece):
        count, long_count = _word_counts(raw)  # what sentence(raw) counts, without keeping it
        if count:
            words += count
            long_words += long_count
            sentences += 1
    return words, long_words, sentences


@dataclass
class SectionMeasure:
    heading: str | None
    line: int
    measure: Measure


@dataclass
class DocumentMeasure:
    """LIX of a whole document and of each of its sections."""

    whole: Measure
    sections: list[SectionMeasure]


def document(doc: Document, title: Callable[[str], str | None] | None = None) -> DocumentMeasure:
    """LIX of ``doc``'s running text (``title(id)``: how a ``[[id]]`` reads)."""
    parts = [
        SectionMeasure(s.heading, s.line, measure(s.paragraphs)) for s in text.sections(doc.body, doc.body_line, title)
    ]
    return DocumentMeasure(Measure([x for p in parts for x in p.measure.sentences]), parts)
