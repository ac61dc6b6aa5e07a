"""A document body cut into sections (at headings) and blocks (paragraphs,
lists, tables, code …), using markdown-it's token line ranges on the source.

Comparison works on the source text of each block, so what a reviewer sees
is what the editor wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

from ..model import Document

PREFACE_TITLE = "Text före första rubriken"

_MARKER = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r"^ {0,3}> ?")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-zA-Z]\))\s+")
_EMPHASIS = re.compile(r"[*_`]")
_CONTAINERS = {"paragraph_open", "bullet_list_open", "ordered_list_open", "table_open", "blockquote_open"}


@dataclass(frozen=True)
class Block:
    """One block of a section, with its source text.

    ``kind`` is paragraph, list, table, code, quote, html or rule. Lists also
    have their ``items`` (marker removed), tables their ``rows`` (the header
    first) and column ``align``ment.
    """

    kind: str
    text: str
    line: int = 0
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[str, ...] = ()
    ordered: bool = False
    start: int = 1
    info: str = ""

    @property
    def key(self) -> str:
        """What must be equal for the block to count as unchanged."""
        if self.kind == "code":
            return f"code {self.info}\n{self.text}"
        if self.kind == "list":
            return f"list {self.ordered} {self.start}\n" + "\n".join(normalise(i) for i in self.items)
        if self.kind == "table":
            return "table\n" + "\n".join(" | ".join(normalise(c) for c in row) for row in self.rows)
        return f"{self.kind}\n{normalise(self.text)}"

    def as_data(self) -> dict:
        data: dict = {"kind": self.kind, "text": self.text}
        if self.kind == "list":
            data.update(ordered=self.ordered, start=self.start, items=list(self.items))
        elif self.kind == "table":
            data.update(rows=[list(row) for row in self.rows], align=list(self.align))
        elif self.kind == "code":
            data["info"] = self.info
        return data


@dataclass(frozen=True)
class Section:
    """A heading and the blocks up to the next heading; ``level`` 0 is the text before the first."""

    heading: str
    level: int
    blocks: tuple[Block, ...]
    line: int = 0

    @property
    def title(self) -> str:
        return self.heading or PREFACE_TITLE

    @property
    def key(self) -> str:
        """The heading as compared when aligning sections (renumbering is no rename)."""
        return heading_key(self.heading) if self.level else ""

    @property
    def content(self) -> str:
        return "\n".join(block.key for block in self.blocks)


def normalise(text: str) -> str:
    """Text with every run of whitespace as one space."""
    return " ".join(text.split())


def heading_key(heading: str) -> str:
    """A heading without numbering, emphasis marks, case or extra spaces."""
    text = normalise(_EMPHASIS.sub("", heading)).lower()
    return _NUMBERING.sub("", text).rstrip(" :.")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Block structure is all we need; the inline token keeps each block's raw text.
    return MarkdownIt("commonmark").enable("table").disable("inline")


def sections(body: str, first_line: int = 1) -> list[Section]:
    """The body's sections in order; a preface without content is left out."""
    return list(_sections(body, first_line))


# A build parses each version once for the history page's picker and again for
# every ready-made comparison it takes part in: the (frozen) sections are shared.
@lru_cache(maxsize=8192)
def _sections(body: str, first_line: int) -> tuple[Section, ...]:
    tokens = _parser().parse(body)
    lines = body.split("\n")
    found: list[tuple[str, int, int, list[Block]]] = [("", 0, first_line, [])]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.nesting == -1:
            index += 1
            continue
        end = _close(tokens, index) if token.type in _CONTAINERS else index
        line = first_line + token.map[0] if token.map else first_line
        if token.type == "heading_open":
            found.append((tokens[index + 1].content.strip(), int(token.tag[1:]), line, []))
            index += 3
            continue
        block = _block(tokens, index, end, lines, line)
        if block is not None:
            found[-1][3].append(block)
        index = end + 1
    result = tuple(Section(heading, level, tuple(blocks), line) for heading, level, line, blocks in found)
    return result if result[0].blocks else result[1:]


def _close(tokens: list, index: int) -> int:
    for end in range(index + 1, len(tokens)):
        if tokens[end].level == 0 and tokens[end].nesting == -1:
            return end
    return len(tokens) - 1


def _cut(lines: list[str], span: list[int] | None) -> list[str]:
    if not span:
        return []
    chunk = lines[span[0] : span[1]]
    while chunk and not chunk[-1].strip():
        chunk.pop()
    return chunk


def _block(tokens: list, start: int, end: int, lines: list[str], line: int) -> Block | None:
    token = tokens[start]
    source = "\n".join(_cut(lines, token.map))
    kind = token.type
    if kind == "paragraph_open":
        return Block("paragraph", source, line)
    if kind in ("bullet_list_open", "ordered_list_open"):
        items = tuple(
            _item(_cut(lines, t.map)) for t in tokens[start:end] if t.type == "list_item_open" and t.level == 1
        )
        first = token.attrGet("start")
        return Block(
            "list",
            source,
            line,
            items=items,
            ordered=kind == "ordered_list_open",
            start=int(first) if first is not None else 1,
        )
    if kind == "table_open":
        rows, align = _table(tokens[start:end])
        return Block("table", source, line, rows=rows, align=align)
    if kind in ("fence", "code_block"):
        return Block("code", token.content.rstrip("\n"), line, info=token.info.strip())
    if kind == "blockquote_open":
        return Block("quote", "\n".join(_QUOTE.sub("", s) for s in source.split("\n")), line)
    if kind == "html_block":
        return Block("html", source, line)
    if kind == "hr":
        return Block("rule", source.strip(), line)
    return None


def _item(chunk: list[str]) -> str:
    """A list item's text: marker removed, continuation lines dedented to the content."""
    if not chunk:
        return ""
    marker = _MARKER.match(chunk[0])
    width = marker.end() if marker else 0
    out = [chunk[0][width:]]
    for line in chunk[1:]:
        indent = len(line) - len(line.lstrip(" "))
        out.append(line[min(indent, width) :])
    return "\n".join(out).strip()


def _table(tokens: list) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    rows: list[list[str]] = []
    align: list[str] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "th_open":
            style = token.attrGet("style") or ""
            align.append(style.partition("text-align:")[2].strip())
        elif token.type == "inline" and rows:
            rows[-1].append(token.content.strip())
    return tuple(tuple(row) for row in rows), tuple(align)


def structure(doc: Document) -> list[dict]:
    """The document's sections and blocks as JSON-ready data, for comparing in the browser.

    Each section: ``heading`` (as written, "" before the first heading),
    ``title`` (what to show), ``level``, ``key`` (the normalised heading the
    alignment uses) and ``blocks``; each block has ``kind`` and ``text``,
    lists also ``ordered``, ``start`` and ``items``, tables ``rows`` (header
    first) and ``align``, code ``info``. The browser makes the blocks' keys
    (:attr:`Block.key`) and the sections' content from these as this module does.
    """
    return [
        {
            "heading": section.heading,
            "title": section.title,
            "level": section.level,
            "key": section.key,
            "blocks": [block.as_data() for block in section.blocks],
        }
        for section in sections(doc.body, doc.body_line)
    ]
