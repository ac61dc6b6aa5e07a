"""The answers compiled per section, and the decision set beside them.

:func:`compile_round` gives every section of the version on remiss with the
comments on it, then the general comments: the "remissammanställning". After
the decision, :func:`responses` walks the comparison remiss version →
fastställd version and puts each comment beside the section it was about,
found by the section's place in the remiss version, so a section renamed or
moved since keeps its comments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..body import unique_anchors
from ..jamforelse.comparison import Comparison, SectionChange
from ..jamforelse.segment import PREFACE_TITLE, Section, sections
from ..model import Document
from .kommentarer import Comment, by_section, comments


@dataclass(frozen=True)
class Part:
    """One section of the version on remiss with the comments on it."""

    anchor: str | None  # None for the text before the first heading
    title: str
    level: int
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class Compilation:
    parts: tuple[Part, ...]
    general: tuple[Comment, ...]
    # comments on a section the version on remiss does not have (the validator reports them)
    unplaced: tuple[Comment, ...]

    @property
    def count(self) -> int:
        return sum(len(p.comments) for p in self.parts) + len(self.general) + len(self.unplaced)


def anchored(doc: Document) -> list[tuple[Section, str | None]]:
    """The sections of ``doc`` with their anchors (the site's heading ids)."""
    found = sections(doc.body, doc.body_line)
    anchors = iter(unique_anchors([s.heading for s in found if s.level]))
    return [(s, next(anchors) if s.level else None) for s in found]


def all_comments(answers: Iterable[Document], version: Document) -> list[Comment]:
    """Every comment of ``answers``, read against the sections of ``version``."""
    known = [a for _, a in anchored(version) if a]
    return [c for answer in answers for c in comments(answer, known)]


def compile_round(version: Document, answers: Sequence[Document]) -> Compilation:
    """Every section of ``version`` (the version on remiss) with the comments of ``answers``."""
    found = all_comments(answers, version)
    grouped = by_section(found)
    parts = []
    for section, anchor in anchored(version):
        parts.append(Part(anchor, section.title, section.level, tuple(grouped.pop(anchor, []) if anchor else ())))
    general = tuple(grouped.pop(None, []))
    unplaced = tuple(c for rest in grouped.values() for c in rest)
    return Compilation(tuple(parts), general, unplaced)


@dataclass(frozen=True)
class Response:
    """A section of the comparison remiss → fastställd, with the comments made on it."""

    change: SectionChange
    anchor: str | None  # the section's anchor in the version on remiss (None: added since)
    comments: tuple[Comment, ...]


def responses(comparison: Comparison, found: Sequence[Comment]) -> tuple[list[Response], list[Comment]]:
    """Each section change of ``comparison`` (old side: the version on remiss)
    with its comments, and the comments on no section (general, or unplaced)."""
    pending: dict[Section, list[str | None]] = {}
    for section, anchor in anchored(comparison.old.document):
        pending.setdefault(section, []).append(anchor)
    grouped = by_section(found)
    out = []
    for change in comparison.sections:
        anchor = pending[change.old].pop(0) if change.old is not None and pending.get(change.old) else None
        mine = tuple(grouped.pop(anchor, [])) if anchor else ()
        out.append(Response(change, anchor, mine))
    rest = [c for key, group in grouped.items() for c in group if key is None] + [
        c for key, group in grouped.items() for c in group if key is not None
    ]
    return out, rest


__all__ = ["PREFACE_TITLE", "Compilation", "Part", "Response", "all_comments", "compile_round", "responses"]
