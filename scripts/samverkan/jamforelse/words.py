"""Word-level comparison of two texts: tokens, pieces and a clean-up that makes
changes read as phrases ("[-a b-]{+c d+}") rather than word-by-word noise."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

_TOKEN = re.compile(
    r"""
      \[\[[^\[\]\n]*\]\]           # a [[reference]] is one token: a changed id replaces it whole
    | \d+(?:[.,:/\-–]\d+)*         # numbers, dates, times, version labels: 2024-04-01, 1.10, 09:00
    | [^\W_]+                      # a word; å ä ö é are word characters
    | \n | [^\S\n]+                # a line break alone, so code compares line by line
    | .                            # anything else is punctuation, one character at a time
    """,
    re.VERBOSE | re.DOTALL,
)


class Piece(NamedTuple):
    """One run of text in a comparison: kept, deleted or inserted."""

    op: str
    text: str


def tokenize(text: str) -> list[str]:
    """Words, spaces, line breaks and single punctuation characters; joined they give ``text`` back."""
    return _TOKEN.findall(text)


def _tokens(text: str, exact: bool) -> list[str]:
    tokens = tokenize(text)
    if exact:
        return tokens
    out: list[str] = []
    for token in tokens:
        if out and token.isspace() and out[-1].isspace():
            out[-1] += token
        else:
            out.append(token)
    return out


def _keys(tokens: list[str], exact: bool) -> list[str]:
    # Re-wrapping a paragraph changes newlines to spaces: not a change a reader sees.
    if exact:
        return tokens
    return [" " if token.isspace() else token for token in tokens]


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0–1, counting words and punctuation (not whitespace)."""
    a = [t for t in tokenize(old) if not t.isspace()]
    b = [t for t in tokenize(new) if not t.isspace()]
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.2:
        return matcher.real_quick_ratio()
    return matcher.ratio()


def diff_words(old: str, new: str, *, exact: bool = False) -> tuple[Piece, ...]:
    """The word-level difference from ``old`` to ``new`` as pieces.

    Kept text is taken from ``new``. With ``exact`` (code) whitespace counts;
    otherwise a different line break or run of spaces is no change.
    """
    a, b = _tokens(old, exact), _tokens(new, exact)
    matcher = SequenceMatcher(None, _keys(a, exact), _keys(b, exact), autojunk=False)
    hunks: list[list] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        hunks.append([tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])])
    return _pieces(_shift(_merge(hunks)))


def _size(hunk: list) -> int:
    return max(len(hunk[1]), len(hunk[2]))


def _merge(hunks: list[list]) -> list[list]:
    """Fold short kept runs between two changes into the changes.

    A kept run that is only whitespace, or no longer than the changes on both
    sides of it, is noise: "[-a-]{+c+} [-b-]{+d+}" reads better as "[-a b-]{+c d+}".
    (The rule is diff-match-patch's semantic clean-up, on tokens.)
    """
    index = 1
    while index < len(hunks) - 1:
        before, kept, after = hunks[index - 1], hunks[index], hunks[index + 1]
        if (
            not before[0]
            and kept[0]
            and not after[0]
            and (kept[2].isspace() or len(kept[2]) <= min(_size(before), _size(after)))
        ):
            before[1] += kept[1] + after[1]
            before[2] += kept[2] + after[2]
            del hunks[index : index + 2]
            # the grown change may now swallow the kept run before it too
            index = max(1, index - 2)
        else:
            index += 1
    return hunks


def _shift(hunks: list[list]) -> list[list]:
    """Move a pure insertion or deletion past leading whitespace it shares with
    the kept text after it: "Ett {+reviderat +}stöd", not "Ett{+ reviderat+} stöd"."""
    for index in range(len(hunks) - 1):
        change, kept = hunks[index], hunks[index + 1]
        if change[0] or not kept[0] or (change[1] and change[2]) or index == 0 or not hunks[index - 1][0]:
            continue
        side = 1 if change[1] else 2
        while change[side][:1].isspace() and change[side][:1] == kept[1][:1] == kept[2][:1]:
            char = change[side][0]
            change[side] = change[side][1:] + char
            hunks[index - 1][1] += char
            hunks[index - 1][2] += char
            kept[1], kept[2] = kept[1][1:], kept[2][1:]
    return [h for h in hunks if h[1] or h[2]]


def _pieces(hunks: list[list]) -> tuple[Piece, ...]:
    out: list[Piece] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Piece(op, out[-1].text + text)
        else:
            out.append(Piece(op, text))

    for equal, old, new in hunks:
        if equal:
            add(EQUAL, new)
            continue
        # Whitespace both sides share at the edges is kept text, not part of the change.
        lead = _common_space(old, new, start=True) if old and new else ""
        trail = _common_space(old[len(lead) :], new[len(lead) :], start=False) if old and new else ""
        add(EQUAL, lead)
        add(DELETE, old[len(lead) : len(old) - len(trail)])
        add(INSERT, new[len(lead) : len(new) - len(trail)])
        add(EQUAL, trail)
    return tuple(out)


def _common_space(a: str, b: str, *, start: bool) -> str:
    pattern = r"^\s+" if start else r"\s+$"
    ma, mb = re.search(pattern, a), re.search(pattern, b)
    if ma and mb and ma.group(0) == mb.group(0) and ma.group(0) != a and mb.group(0) != b:
        return ma.group(0)
    return ""


def whole(op: str, text: str) -> tuple[Piece, ...]:
    """``text`` as a single piece (a block that was kept, added or removed as a whole)."""
    return (Piece(op, text),) if text else ()


def side(pieces: tuple[Piece, ...], op: str) -> str:
    """The text of one version: kept text plus the pieces of ``op`` (delete → old, insert → new)."""
    return "".join(p.text for p in pieces if p.op in (EQUAL, op))
