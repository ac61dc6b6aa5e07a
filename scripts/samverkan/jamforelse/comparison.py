"""Two versions of a document compared: changed front matter fields and every
section, aligned by heading, with its blocks compared word by word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Document
from . import align
from .blocks import ADDED, CHANGED, REMOVED, UNCHANGED, BlockChange, compare_blocks, single
from .fields import FieldChange, compare_fields
from .segment import Section, sections
from .summary import summary as summary_line
from .words import DELETE, EQUAL, INSERT, Piece, diff_words, similarity, whole

# How alike two sections (heading or content) must be to count as one section renamed or reworded.
SECTION_THRESHOLD = 0.5
# How alike the content of a removed and an added section must be to count as one section moved.
MOVE_THRESHOLD = 0.8


@dataclass(frozen=True)
class Side:
    """One version being compared, with the label readers see ("Version 3 (2024-04-01)")."""

    label: str
    document: Document


@dataclass(frozen=True)
class SectionChange:
    """One section in both versions; ``old`` or ``new`` is None when it was added or removed."""

    kind: str
    old: Section | None
    new: Section | None
    heading: tuple[Piece, ...]
    blocks: tuple[BlockChange, ...]
    moved: bool = False

    @property
    def section(self) -> Section:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def title(self) -> str:
        """The heading to show (the new one when it was renamed)."""
        return self.section.title

    @property
    def level(self) -> int:
        return self.section.level

    @property
    def renamed(self) -> bool:
        return any(piece.op != EQUAL for piece in self.heading) and self.kind == CHANGED

    @property
    def description(self) -> str:
        """ "Ändrat avsnitt", "Flyttat avsnitt", "Tillagt avsnitt", …"""
        if self.kind == CHANGED and self.moved:
            changed = self.renamed or any(b.kind != UNCHANGED for b in self.blocks)
            return "Flyttat och ändrat avsnitt" if changed else "Flyttat avsnitt"
        return {
            UNCHANGED: "Oförändrat avsnitt",
            CHANGED: "Ändrat avsnitt",
            ADDED: "Tillagt avsnitt",
            REMOVED: "Borttaget avsnitt",
        }[self.kind]


@dataclass
class Comparison:
    """What differs between ``old`` and ``new``: fields that changed, and all sections in new order."""

    old: Side
    new: Side
    fields: list[FieldChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many sections of each kind ("unchanged", "changed", "added", "removed")."""
        out = {UNCHANGED: 0, CHANGED: 0, ADDED: 0, REMOVED: 0}
        for section in self.sections:
            out[section.kind] += 1
        return out

    def summary(self) -> str:
        """The Swedish summary line: "3 avsnitt ändrade, 1 tillagt; status remiss → fastställd"."""
        return summary_line(self.counts(), self.fields)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(s.kind != UNCHANGED for s in self.sections)


def compare(old: Side, new: Side, *, hide: Callable[[str], bool] | None = None) -> Comparison:
    """Compare two versions of a document.

    ``hide`` says which ids the reader may not see: such values in the front
    matter are shown as "(internt dokument)". The body text is shown as written.
    """
    fields = compare_fields(old.document, new.document, hide)
    before = sections(old.document.body, old.document.body_line)
    after = sections(new.document.body, new.document.body_line)
    return Comparison(old, new, fields, compare_sections(before, after))


def _score(old: Section, new: Section) -> float:
    heading = similarity(old.key, new.key) if old.level and new.level else float(old.level == new.level)
    if not old.blocks and not new.blocks:
        return heading
    return max(heading, similarity(old.content, new.content))


def compare_sections(old: list[Section], new: list[Section]) -> list[SectionChange]:
    """Every section of both versions, in the new order, removed ones where they were."""
    pairs = align.pair(old, new, lambda s: f"{s.level and 1} {s.key}", _score, SECTION_THRESHOLD)

    def same(i: int, j: int) -> bool:
        a, b = old[i], new[j]
        if a.level and b.level and a.key and a.key == b.key:
            return True
        return bool(a.blocks) and similarity(a.content, b.content) >= MOVE_THRESHOLD

    pairs, moved = align.moves(pairs, same)
    out = []
    for i, j in pairs:
        if i is None:
            out.append(_whole(ADDED, new[j]))  # type: ignore[index]
        elif j is None:
            out.append(_whole(REMOVED, old[i]))
        else:
            out.append(_pair(old[i], new[j], j in moved))
    return out


def _whole(kind: str, section: Section) -> SectionChange:
    op = INSERT if kind == ADDED else DELETE
    return SectionChange(
        kind,
        None if kind == ADDED else section,
        section if kind == ADDED else None,
        whole(op, section.heading),
        tuple(single(kind, b) for b in section.blocks),
    )


def _pair(old: Section, new: Section, moved: bool) -> SectionChange:
    blocks = compare_blocks(old.blocks, new.blocks)
    same_heading = " ".join(old.heading.split()) == " ".join(new.heading.split()) and old.level == new.level
    heading = whole(EQUAL, new.heading) if same_heading else diff_words(old.heading, new.heading)
    unchanged = same_heading and not moved and all(b.kind == UNCHANGED for b in blocks)
    return SectionChange(UNCHANGED if unchanged else CHANGED, old, new, heading, blocks, moved)
