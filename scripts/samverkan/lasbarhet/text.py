"""The running text of a document body, section by section.

What a reader reads as sentences: paragraphs, list items and block quotes.
Left out: the front matter (not part of the body), headings (they name the
sections), tables (the parties, dates and responsibilities in a table are not
sentences), code, HTML blocks and comments, images, and link targets (a link
counts as its text). A reference ``[[id|text]]`` counts as its text, ``[[id]]``
as the title of what it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import body, limits
from . import meningar

# [[id]], [[id#rubrik]], [[id|text]], [[id#rubrik|text]] (``\|`` inside a table cell)
_REFERENCE = re.compile(r"\[\[([^\[\]|#\\\n]*)(?:#[^\[\]|\\\n]*)?(?:\\?\|([^\[\]\n]*))?\]\]")
_SKIPPED_BLOCKS = {"table_open": "table_close"}


@dataclass
class Section:
    """The running text under one heading (``heading`` None: before the first)."""

    heading: str | None
    line: int  # 1-based line in the file: the heading's, or the first paragraph's
    paragraphs: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Blocks only: markdown-it's inline parse takes quadratic time on some
    # bodies ("[[[[…"), and the text of an inline needs no tree (see _plain).
    return MarkdownIt("commonmark").enable("table").disable("inline")


def sections(
    body: str,
    first_line: int = 1,
    title: Callable[[str], str | None] | None = None,
    limit: int = limits.MAX_LIX_CHARS,
) -> list[Section]:
    """The sections of ``body`` with their running text, in order; sections
    without any text are left out. ``first_line``: the file line of the body's
    first line. ``title(id)`` names what a ``[[id]]`` refers to (None: the id).
    Text after the first ``limit`` characters of running text is left out."""
    blocks = _scanned_blocks(body)
    if blocks is None:
        blocks = _parsed_blocks(body)
    left = limit
    found: list[Section] = []
    current: Section | None = None
    for heading, line, content in blocks:
        if heading:
            current = Section(_plain(content, title).strip() or None, first_line + line)
            found.append(current)
            continue
        if left <= 0:
            break
        text = _plain(content, title).strip()[:left]
        left -= len(text)
        if text:
            if current is None:
                current = Section(None, first_line + line)
                found.append(current)
            current.paragraphs.append(text)
    return [s for s in found if s.paragraphs]


# A block's text as markdown-it gives it: (a heading?, its first line in the
# body from 0, the Markdown source of its text)
Block = tuple[bool, int, str]


def _parsed_blocks(body: str) -> list[Block]:
    """The headings and paragraphs (also in lists and quotes) of ``body`` in
    order, by markdown-it; tables left out."""
    tokens = _parser().parse(body)
    found: list[Block] = []
    skip_until: str | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if skip_until is not None:
            if token.type == skip_until:
                skip_until = None
        elif token.type in _SKIPPED_BLOCKS:
            skip_until = _SKIPPED_BLOCKS[token.type]
        elif token.type == "heading_open":
            found.append((True, _line(token), tokens[index + 1].content))
            index += 2  # the heading's inline and close tokens are done
        elif token.type == "inline":
            found.append((False, _line(token), token.content))
        index += 1
    return found


def _line(token: Token) -> int:
    return token.map[0] if token.map else 0


# The line scan of _scanned_blocks judges bodies of lines that begin at the
# margin: blank lines, ATX headings, paragraphs, list items of one line and
# tables of '|' rows between blank lines. It gives up (None) at anything
# else, and markdown-it parses the body: tabs, CR and NUL (markdown-it
# rewrites them), link reference definitions ("]:"), indented lines (code,
# continued list items), and lines beginning with a character that may begin
# another block (quote, fence, HTML, rule, setext underline) or a table row.
_INDENTED = re.compile(r"^ +[^ \n]", re.MULTILINE)
_BLOCK_START = frozenset("#>|-*+=_~`<:")
_ATX_HEADING = re.compile(r"#{1,6}(?= |$)")
_ITEM = re.compile(r"(?:[-*+]|([0-9]{1,9})[.)])(?= |$)")
_ITEM_START = frozenset("-*+0123456789")
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+")
# markdown-it stops a table after this many missing cells (MAX_AUTOCOMPLETED_CELLS)
_MAX_TABLE_CELLS = 0x10000


def _scanned_blocks(body: str) -> list[Block] | None:
    """What :func:`_parsed_blocks` gives, found by a line scan for the bodies it
    judges exactly (almost every body); None for any other body.

    markdown-it's block parse walks a body character by character in Python,
    which was most of the time of measuring LIX over an archive.
    """
    if "\t" in body or "\r" in body or "\0" in body or "]:" in body:
        return None
    if ("\n " in body or body[:1] == " ") and _INDENTED.search(body):
        return None  # so a line beginning with a space is blank
    lines = body.split("\n")
    found: list[Block] = []
    previous = "blank"  # what the line before was: blank, heading, paragraph, item, table
    opened = 0  # the first line of the paragraph being read
    rows = 0  # rows of the table above still to pass
    for index, line in enumerate(lines):
        if rows:
            rows -= 1
            continue
        first = line[:1]
        if previous == "paragraph":
            if first and first != " " and _begins_text(line):
                continue  # the paragraph goes on
            found.append((False, opened, "\n".join(lines[opened:index]).strip()))
        if not first or first == " ":
            previous = "blank"
        elif first == "#":
            content = _heading(line)
            if content is None:
                return None
            found.append((True, index, content))
            previous = "heading"
        elif first == "|":
            if previous != "blank" and previous != "heading":
                return None
            rows = _table_rows(lines, index)
            if not rows:
                return None
            previous = "table"  # up to a blank line or the end
        elif first in _ITEM_START and (item := _ITEM.match(line)):
            content = line[item.end() + 1 :]
            number = item.group(1)
            if not content or not _begins_text(content) or (previous == "paragraph" and number and int(number) != 1):
                return None  # nested or empty, or (not starting at 1) continuing a paragraph
            found.append((False, index, content.strip()))
            previous = "item"
        elif first in _BLOCK_START or previous == "item":
            return None  # another block, or a lazy continuation of the list item
        else:
            opened = index
            previous = "paragraph"
    if previous == "paragraph":
        found.append((False, opened, "\n".join(lines[opened:]).strip()))
    return found


def _begins_text(text: str) -> bool:
    """Whether a line (or a list item's text) begins a paragraph, not another block."""
    first = text[0]
    return first != " " and first not in _BLOCK_START and not (first in _ITEM_START and _ITEM.match(text))


def _heading(line: str) -> str | None:
    """The text of an ATX heading line, as markdown-it takes it; None for another line."""
    match = _ATX_HEADING.match(line)
    if match is None:
        return None
    rest = line[match.end() :].rstrip(" ")
    bare = rest.rstrip("#")
    if bare and bare[-1] == " ":  # a closing sequence of '#', after a space
        rest = bare
    return rest.strip()


def _table_rows(lines: list[str], index: int) -> int:
    """The number of lines after ``lines[index]`` of the table markdown-it reads
    with its header there (the delimiter row and the rows, up to a blank line
    or the end), judged strictly: '|' around every cell of the delimiter row,
    as many cells in the header, no escaped '|', every row beginning with '|'
    and not too many rows; 0 for anything else."""
    if index + 1 >= len(lines):
        return 0
    header, delimiter = lines[index], lines[index + 1]
    if "\\" in header or not header.strip(" |:-") or not _DELIMITER_ROW.fullmatch(delimiter):
        return 0
    cells = header.strip().split("|")
    if cells and not cells[0]:
        cells.pop(0)
    if cells and not cells[-1]:
        cells.pop()
    columns = delimiter.count("|") - 1
    if len(cells) != columns:
        return 0
    rows = 0
    for line in lines[index + 2 :]:
        if not line.strip(" "):
            break
        if line[0] != "|":
            return 0  # a row without '|', or a block that ends the table
        rows += 1
    return rows + 1 if rows * columns <= _MAX_TABLE_CELLS else 0


# Inline markup, each pattern linear: an
# image, a link's target (its text stays), an autolink or HTML tag, emphasis marks
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(?<!\[)\[([^\[\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_TAG = re.compile(r"<[^<>\n]*>")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]+|[*_]+(?![\w*_])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _plain(inline: str, title: Callable[[str], str | None] | None) -> str:
    """The words a reader reads in an inline's Markdown source: code, images,
    HTML and link targets left out, a link as its text, line breaks as spaces."""
    if "[[" not in inline:
        return _plain_without_references(inline)  # the same whatever ``title`` says
    return _plain_text(inline, title)


# An archive repeats its headings and many paragraphs.
@lru_cache(maxsize=65536)
def _plain_without_references(inline: str) -> str:
    return _plain_text(inline, None)


def _plain_text(inline: str, title: Callable[[str], str | None] | None) -> str:
    text = inline
    if "`" in text:
        # code is not prose; blanked, so it also does not join the words around it
        text = body.mask_code_spans(text)
    if "[[" in text:
        text = _references(text, title)
    if "](" in text or "][" in text:
        text = _IMAGE.sub(" ", text)
        text = _LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: m.group(1), text)
    return text if meningar.collapsed(text) else " ".join(text.split())


def _references(text: str, title: Callable[[str], str | None] | None) -> str:
    def shown(match: re.Match) -> str:
        label, target = match.group(2), match.group(1).strip()
        if label and label.strip():
            return label.strip()
        return (title(target) if title else None) or target

    return _REFERENCE.sub(shown, text)
