"""An answer's comments, each tied to a section of the version on remiss.

A comment on a section is written under a heading that names the section
(its text, compared as the site compares headings: ``## Ansvar och roller``)
or that carries a reference to it (``## Synpunkter på [[hsv-2025#ansvar-och-roller]]``).
Everything under it, down to the next heading of the same or a higher level,
is the comment; deeper headings that name no section stay inside it. A
paragraph or list elsewhere that refers to a section (``[[hsv-2025#ansvar-och-roller]]``)
is a comment on that section by itself. The rest is general comment, kept
under the answer's own headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

from ..body import BodyRef, anchor, heading_text
from ..model import Document
from ..source import Pos


@dataclass(frozen=True)
class Comment:
    """One comment of one answer; ``section`` is None for a general comment."""

    answer: Document = field(compare=False)
    section: str | None  # the anchor of the section in the version on remiss
    heading: str | None  # the answer's own heading over a general comment
    text: str  # Markdown, as written
    line: int  # where the comment starts in the answer's file
    named: BodyRef | None = None  # the reference naming the section, when one does
    # the lines of the answer's body the comment is made of (0-based, end exclusive)
    ranges: tuple[tuple[int, int], ...] = field(default=(), compare=False)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable("inline")


@dataclass
class _Chunk:
    section: str | None
    heading: str | None
    level: int
    line: int
    named: BodyRef | None = None
    ranges: list[tuple[int, int]] = field(default_factory=list)


def section_refs(answer: Document) -> list[BodyRef]:
    """The answer's ``[[svar_på#rubrik]]`` references: those that name a section."""
    target = answer.data.get("svar_på")
    return [r for r in answer.refs if r.target == target and r.heading]


def comments(answer: Document, anchors: Sequence[str]) -> list[Comment]:
    """The comments of ``answer``, in its order; ``anchors``: the sections of
    the version on remiss (as :func:`samverkan.body.headings` gives them)."""
    known = set(anchors)
    refs = section_refs(answer)
    lines = answer.body.split("\n")
    first = answer.body_line

    def ref_on(start: int, end: int) -> BodyRef | None:
        return next((r for r in refs if first + start <= r.pos.line < first + end), None)

    chunks: list[_Chunk] = [_Chunk(None, None, 0, first)]
    out: list[Comment] = []
    tokens = _parser().parse(answer.body)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.nesting == -1 or not token.map:
            index += 1
            continue
        start, end = token.map
        if token.type == "heading_open":
            level = int(token.tag[1:])
            text = tokens[index + 1].content.strip()
            named = ref_on(start, end)
            slug = anchor(heading_text(text))
            section = anchor(named.heading) if named else (slug if slug in known else None)
            current = chunks[-1]
            if section is not None:
                chunks.append(_Chunk(section, None, level, first + start, named))
            elif current.section is not None and level > current.level:
                current.ranges.append((start, end))  # a sub-heading of the comment
            else:
                chunks.append(_Chunk(None, text, level, first + start))
            index += 3
            continue
        close = _close(tokens, index)
        end = tokens[close].map[1] if tokens[close].map else end
        current = chunks[-1]
        named = ref_on(start, end) if current.section is None else None
        if named is not None:
            out.append(
                Comment(
                    answer,
                    anchor(named.heading),
                    None,
                    _text(lines, [(start, end)]),
                    first + start,
                    named,
                    ((start, end),),
                )
            )
        else:
            current.ranges.append((start, end))
        index = close + 1
    for chunk in chunks:
        if chunk.ranges and _text(lines, chunk.ranges):
            text = _text(lines, chunk.ranges)
            out.append(
                Comment(answer, chunk.section, chunk.heading, text, chunk.line, chunk.named, tuple(chunk.ranges))
            )
    return sorted(out, key=lambda c: c.line)


def _close(tokens: list, index: int) -> int:
    if tokens[index].nesting != 1:
        return index
    for end in range(index + 1, len(tokens)):
        if tokens[end].level == 0 and tokens[end].nesting == -1:
            return end
    return len(tokens) - 1


def text_of(lines: list[str], comment: Comment) -> str:
    """The comment cut from ``lines`` (the answer's body, e.g. with its references made links)."""
    return _text(lines, list(comment.ranges))


def _text(lines: list[str], ranges: list[tuple[int, int]]) -> str:
    parts = ["\n".join(lines[a:b]).strip("\n") for a, b in ranges]
    return "\n\n".join(p for p in parts if p.strip())


def by_section(found: Sequence[Comment]) -> dict[str | None, list[Comment]]:
    """Comments grouped by section anchor (None: general), each group in answer order."""
    out: dict[str | None, list[Comment]] = {}
    for comment in found:
        out.setdefault(comment.section, []).append(comment)
    return out


def headings_with_lines(answer: Document) -> list[tuple[str, Pos]]:
    """The answer's headings as written, with their positions in the file."""
    tokens = _parser().parse(answer.body)
    return [
        (tokens[i + 1].content.strip(), Pos(answer.body_line + t.map[0], 1))
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.map
    ]
