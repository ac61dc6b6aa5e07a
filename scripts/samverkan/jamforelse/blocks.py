"""Comparing the blocks of two versions of a section: aligned block by block,
lists item by item, tables row by row and cell by cell, then word by word."""

from __future__ import annotations

from dataclasses import dataclass

from . import align
from .segment import Block, normalise
from .words import DELETE, EQUAL, INSERT, Piece, diff_words, similarity, whole

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"

# How alike two blocks (items, rows) must be to be shown as one changed block
# rather than one removed and one added.
THRESHOLD = 0.5

_WHOLE_OP = {UNCHANGED: EQUAL, ADDED: INSERT, REMOVED: DELETE}


@dataclass(frozen=True)
class ItemChange:
    """One list item: its kind of change and its text as pieces."""

    kind: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class RowChange:
    """One table row: its kind of change and each cell as pieces."""

    kind: str
    cells: tuple[tuple[Piece, ...], ...]


@dataclass(frozen=True)
class BlockChange:
    """One block in both versions (``old`` or ``new`` is None when added or removed).

    Text blocks have ``pieces``; lists ``items``; tables ``rows`` (the header
    first). Kept, added and removed blocks carry the same fields, as one
    whole piece each, so renderers need no special case.
    """

    kind: str
    old: Block | None
    new: Block | None
    pieces: tuple[Piece, ...] = ()
    items: tuple[ItemChange, ...] = ()
    rows: tuple[RowChange, ...] = ()

    @property
    def block(self) -> Block:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def form(self) -> str:
        """How to render it: "list", "table", "code" (whitespace kept) or "text"."""
        kind = self.block.kind
        if kind in ("list", "table"):
            return kind
        return "code" if kind in ("code", "html") else "text"


def score(old: Block, new: Block) -> float:
    """How alike two blocks are; 0 when they are of different kinds."""
    if old.kind != new.kind:
        return 0.0
    return similarity(_words(old), _words(new))


def _words(block: Block) -> str:
    if block.kind == "list":
        return "\n".join(block.items)
    if block.kind == "table":
        return "\n".join(" | ".join(row) for row in block.rows)
    return block.text


def compare_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> tuple[BlockChange, ...]:
    """Every block of both versions in reading order, with what changed."""
    out = []
    for i, j in align.pair(old, new, lambda b: b.key, score, THRESHOLD):
        if i is None:
            out.append(single(ADDED, new[j]))  # type: ignore[index]
        elif j is None:
            out.append(single(REMOVED, old[i]))
        else:
            out.append(compare_block(old[i], new[j]))
    return tuple(out)


def single(kind: str, block: Block) -> BlockChange:
    """A block kept, added or removed as a whole."""
    op = _WHOLE_OP[kind]
    old = None if kind == ADDED else block
    new = None if kind == REMOVED else block
    if block.kind == "list":
        return BlockChange(kind, old, new, items=tuple(ItemChange(kind, whole(op, i)) for i in block.items))
    if block.kind == "table":
        rows = tuple(RowChange(kind, tuple(whole(op, c) for c in row)) for row in block.rows)
        return BlockChange(kind, old, new, rows=rows)
    return BlockChange(kind, old, new, pieces=whole(op, block.text))


def compare_block(old: Block, new: Block) -> BlockChange:
    """Two aligned blocks of the same kind."""
    if old.key == new.key:
        return single(UNCHANGED, new)
    if new.kind == "list":
        items = _items(old.items, new.items)
        return BlockChange(CHANGED, old, new, items=items)
    if new.kind == "table":
        return BlockChange(CHANGED, old, new, rows=_rows(old.rows, new.rows))
    return BlockChange(CHANGED, old, new, pieces=diff_words(old.text, new.text, exact=new.kind in ("code", "html")))


def _items(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[ItemChange, ...]:
    out = []
    for i, j in align.pair(old, new, normalise, similarity, THRESHOLD):
        if i is None:
            out.append(ItemChange(ADDED, whole(INSERT, new[j])))  # type: ignore[index]
        elif j is None:
            out.append(ItemChange(REMOVED, whole(DELETE, old[i])))
        elif normalise(old[i]) == normalise(new[j]):
            out.append(ItemChange(UNCHANGED, whole(EQUAL, new[j])))
        else:
            out.append(ItemChange(CHANGED, diff_words(old[i], new[j])))
    return tuple(out)


def _row_key(row: tuple[str, ...]) -> str:
    return " | ".join(normalise(cell) for cell in row)


def _rows(old: tuple[tuple[str, ...], ...], new: tuple[tuple[str, ...], ...]) -> tuple[RowChange, ...]:
    # The header rows always belong together; the body rows are aligned.
    out = [_row(old[0], new[0])] if old and new else []
    old_body, new_body = old[1:], new[1:]
    pairs = align.pair(old_body, new_body, _row_key, lambda a, b: similarity(" | ".join(a), " | ".join(b)), THRESHOLD)
    for i, j in pairs:
        if i is None:
            out.append(RowChange(ADDED, tuple(whole(INSERT, c) for c in new_body[j])))  # type: ignore[index]
        elif j is None:
            out.append(RowChange(REMOVED, tuple(whole(DELETE, c) for c in old_body[i])))
        else:
            out.append(_row(old_body[i], new_body[j]))
    return tuple(out)


def _row(old: tuple[str, ...], new: tuple[str, ...]) -> RowChange:
    if _row_key(old) == _row_key(new):
        return RowChange(UNCHANGED, tuple(whole(EQUAL, c) for c in new))
    width = max(len(old), len(new))
    cells = tuple(diff_words(old[k] if k < len(old) else "", new[k] if k < len(new) else "") for k in range(width))
    return RowChange(CHANGED, cells)
