"""Aligning two sequences (sections, blocks, list items, table rows).

Equal keys are matched first: keys that occur once in each version anchor
the alignment (the longest run of them in the same order, as in patience
diff), so a row moved to the end is one row removed and added rather than
every row between; between the anchors difflib's SequenceMatcher matches the
rest. Inside each stretch left unmatched, the most similar pairs are matched
in order, so a reworded paragraph or a renamed section is shown as changed
rather than as one removed and one added.

``overrides/assets/javascripts/jamfor.js`` does the same steps in the browser
and must stay identical (tests/browser/test_jamfor_samma.py).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

T = TypeVar("T")

Pair = tuple[int | None, int | None]

# Beyond this many candidate pairs in one unmatched stretch, pair by position
# instead of searching: keeps a wholesale rewrite of a long document fast.
_SEARCH_LIMIT = 4000


def pair(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    score: Callable[[T, T], float],
    threshold: float,
) -> list[Pair]:
    """Index pairs in reading order: ``(i, j)`` matched, ``(i, None)`` removed, ``(None, j)`` added.

    Unmatched old items come before unmatched new items at the same place.
    """
    out: list[Pair] = []
    for tag, i1, i2, j1, j2 in opcodes([key(x) for x in old], [key(y) for y in new]):
        if tag == "equal":
            out.extend(zip(range(i1, i2), range(j1, j2)))
        else:
            out.extend(_best(old, new, range(i1, i2), range(j1, j2), score, threshold))
    return out


def opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes from ``a`` to ``b``, anchored on the keys that
    occur once in each (their longest increasing run)."""
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for ai, bj in _anchors(a, b) + [(len(a), len(b))]:
        matcher = SequenceMatcher(None, a[i:ai], b[j:bj], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((tag, i + i1, i + i2, j + j1, j + j2))
        if ai < len(a):
            out.append(("equal", ai, ai + 1, bj, bj + 1))
        i, j = ai + 1, bj + 1
    return out


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """(i, j) of the keys unique in both, the longest run with j increasing in a's order."""
    count_a, count_b = Counter(a), Counter(b)
    where = {k: j for j, k in enumerate(b) if count_b[k] == 1}
    found = [(i, where[k]) for i, k in enumerate(a) if count_a[k] == 1 and k in where]
    tails: list[int] = []  # index into found of the smallest tail of each length
    tail_js: list[int] = []
    before: list[int | None] = [None] * len(found)
    for index, (_, j) in enumerate(found):
        at = bisect_left(tail_js, j)
        before[index] = tails[at - 1] if at else None
        if at == len(tails):
            tails.append(index)
            tail_js.append(j)
        else:
            tails[at] = index
            tail_js[at] = j
    run: list[tuple[int, int]] = []
    index = tails[-1] if tails else None
    while index is not None:
        run.append(found[index])
        index = before[index]
    return run[::-1]


def _best(old, new, rows: range, cols: range, score, threshold: float) -> list[Pair]:
    """The in-order matching with the highest total similarity (at least ``threshold`` each)."""
    n, m = len(rows), len(cols)
    if n == 0 or m == 0:
        return [(i, None) for i in rows] + [(None, j) for j in cols]
    if n * m > _SEARCH_LIMIT:
        matched = [(i, j) for i, j in zip(rows, cols) if score(old[i], new[j]) >= threshold]
    else:
        sim = [[score(old[i], new[j]) for j in cols] for i in rows]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for a in range(n - 1, -1, -1):
            for b in range(m - 1, -1, -1):
                take = sim[a][b] + best[a + 1][b + 1] if sim[a][b] >= threshold else -1.0
                best[a][b] = max(take, best[a + 1][b], best[a][b + 1])
        matched = []
        a = b = 0
        while a < n and b < m:
            if sim[a][b] >= threshold and best[a][b] == sim[a][b] + best[a + 1][b + 1]:
                matched.append((rows[a], cols[b]))
                a, b = a + 1, b + 1
            elif best[a][b] == best[a + 1][b]:
                a += 1
            else:
                b += 1
    out: list[Pair] = []
    i, j = rows.start, cols.start
    for mi, mj in matched + [(rows.stop, cols.stop)]:
        out.extend((k, None) for k in range(i, mi))
        out.extend((None, k) for k in range(j, mj))
        if mi < rows.stop:
            out.append((mi, mj))
        i, j = mi + 1, mj + 1
    return out


def moves(pairs: list[Pair], match: Callable[[int, int], bool]) -> tuple[list[Pair], set[int]]:
    """Pair up a removed and an added item that ``match`` says are the same one, moved.

    The pair takes the added item's place (the new order); returns the pairs
    and the new indices that were moved.
    """
    removed = [i for i, j in pairs if j is None]
    moved: dict[int, int] = {}
    for i0, j in pairs:
        if i0 is not None or j is None:
            continue
        for i in removed:
            if i not in moved.values() and match(i, j):
                moved[j] = i
                break
    taken = set(moved.values())
    out: list[Pair] = []
    for i, j in pairs:
        if j is None and i in taken:
            continue
        out.append((moved[j], j) if i is None and j in moved else (i, j))
    return out, set(moved)
