"""Table text the search can show: every row as a sentence that names its columns.

Pagefind indexes a table cell by cell, so a result's snippet from a table runs
cells of different rows and columns together ("000 invånare. parternas
journalsystem. delregional."). :func:`readable_tables` keeps each table as it
is for the reader but marks it ``data-pagefind-ignore`` (Pagefind still reads
filters and metadata inside it), and puts beside it a hidden copy that only
the index reads: one paragraph per row, each cell after its column heading,
"Parter: …; Ansvar: ….". Every word of the table stays searchable, and a
snippet keeps the cell boundaries.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

# the hidden copy; styles and scripts have no business with it
CLASS = "sv-sokrader"
IGNORE = "data-pagefind-ignore"

_SPACE = re.compile(r"\s+")
# elements whose text is separate from its neighbours' inside a cell
_BREAKS = frozenset("br p div li ul ol dd dt h1 h2 h3 h4 h5 h6 table tr td th blockquote pre".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


@dataclass
class _Cell:
    header: bool
    span: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _SPACE.sub(" ", "".join(self.parts)).strip()


@dataclass
class _Table:
    start: int  # offset of "<table"
    tag_end: int  # offset just past the start tag's ">"
    ignored: bool
    caption: list[str] = field(default_factory=list)
    rows: list[list[_Cell]] = field(default_factory=list)
    head_rows: int = 0  # rows inside <thead>
    end: int = -1  # offset just past "</table>"


class _TableEnded(Exception):
    """A finder given ``stop`` has read the end of its first outermost table."""


class _Finder(HTMLParser):
    """The outermost tables of a fragment, with their offsets and cell text.

    Fed ``source[base:]`` (``line_starts`` are the lines of the whole source),
    it gives offsets in ``source``; with ``stop`` it stops, raising
    :class:`_TableEnded`, as soon as it has read the end of a table."""

    def __init__(self, source: str, base: int = 0, line_starts: list[int] | None = None, stop: bool = False):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = line_starts if line_starts is not None else _line_starts(source)
        self.base = base
        # the line of source that base is on (0-based)
        self.base_line = bisect.bisect_right(self.line_starts, base) - 1
        self.stop = stop
        self.tables: list[_Table] = []
        self.depth = 0  # nested <table> depth
        self.in_caption = False
        self.in_thead = False
        self.cell: _Cell | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        if line == 1:
            return self.base + column
        return self.line_starts[self.base_line + line - 1] + column

    def _text(self, text: str) -> None:
        if self.depth == 0:
            return
        table = self.tables[-1]
        if self.in_caption:
            table.caption.append(text)
        elif self.cell is not None:
            self.cell.parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                start = self._offset()
                tag_end = start + len(self.get_starttag_text() or "")
                ignored = any(name == IGNORE for name, _ in attrs)
                self.tables.append(_Table(start, tag_end, ignored))
                return
        if self.depth == 0:
            return
        if tag in _BREAKS:
            self._text(" ")
        if self.depth > 1:
            return  # a nested table's text belongs to the outer cell
        table = self.tables[-1]
        if tag == "caption":
            self.in_caption = True
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            table.rows.append([])
            if self.in_thead:
                table.head_rows += 1
        elif tag in ("td", "th"):
            if not table.rows:
                table.rows.append([])
            span = dict(attrs).get("colspan") or "1"
            self.cell = _Cell(tag == "th", int(span) if span.isdigit() and int(span) > 0 else 1)
            table.rows[-1].append(self.cell)

    def handle_startendtag(self, tag, attrs):
        if tag in _BREAKS:
            self._text(" ")

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in _VOID:
            return
        if tag == "table":
            self.depth -= 1
            if self.depth == 0:
                table = self.tables[-1]
                closing = self._offset()
                table.end = self.source.index(">", closing) + 1
                self.cell, self.in_caption, self.in_thead = None, False, False
                if self.stop:
                    raise _TableEnded
            else:
                self._text(" ")
            return
        if tag in _BREAKS:
            self._text(" ")
        if self.depth > 1:
            return
        if tag == "caption":
            self.in_caption = False
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        self._text(data)


def _columns(row: list[_Cell]) -> list[tuple[int, _Cell]]:
    """Each cell with the column it starts in."""
    placed, column = [], 0
    for cell in row:
        placed.append((column, cell))
        column += cell.span
    return placed


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return text if text.endswith((".", "!", "?")) else text + "."


def rows(table: _Table) -> list[str]:
    """The table as sentences: the caption, then one per row, each cell after its column heading."""
    lines = []
    caption = _SPACE.sub(" ", "".join(table.caption)).strip()
    if caption:
        lines.append(_sentence([caption]))
    body = [row for row in table.rows if any(cell.text for cell in row)]
    if not body:
        return lines
    # the column headings: the rows of <thead>, or a first row of only <th>
    head_count = table.head_rows or (1 if all(cell.header for cell in body[0]) and len(body) > 1 else 0)
    heads: dict[int, str] = {}
    for row in body[:head_count]:
        for column, cell in _columns(row):
            if cell.text:
                heads[column] = f"{heads[column]} {cell.text}" if column in heads else cell.text
    used: set[int] = set()
    sentences = []
    for row in body[head_count:]:
        parts = []
        for column, cell in _columns(row):
            text = cell.text.rstrip(" ;")
            if not text:
                continue
            head = heads.get(column)
            if head and head != text:
                parts.append(f"{head}: {text}")
                used.add(column)
            else:
                parts.append(text)
        if len(parts) > 1 and row[0].header and 0 not in heads:
            # a row heading (<th> first in a body row) names the row
            parts = [f"{parts[0]}: {parts[1]}", *parts[2:]]
        sentences.append(_sentence(parts))
    unused = [text for column, text in sorted(heads.items()) if column not in used]
    if unused:
        # a heading over empty cells only is still text of the table
        lines.append(_sentence(unused))
    return lines + sentences


def readable_tables(html: str) -> str:
    """``html`` with every table that the index would read also written as rows of text for it."""
    if "<table" not in html:
        return html
    out, done = [], 0
    for table in _tables(html):
        if table.ignored or table.end < 0:
            continue
        lines = rows(table)
        if not lines:
            continue
        start_tag = html[table.start : table.tag_end]
        marked = start_tag[: -2 if start_tag.endswith("/>") else -1] + f" {IGNORE}>"
        copy = "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)
        out += [html[done : table.start], marked, html[table.tag_end : table.end]]
        out.append(f'<div class="{CLASS}" hidden>{copy}</div>')
        done = table.end
    out.append(html[done:])
    return "".join(out)


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", source)]


# where the start tag of a table may be: HTMLParser ends a tag's name at one of these
_TABLE_START = re.compile(r"<table(?=[\t\n\r\f />\x00])", re.IGNORECASE)
# HTML that HTMLParser reads as text and complete tags only, ending where it began (outside
# any tag, comment or script): text without "<", start tags whose attributes are quoted or
# plain words, end tags. What it reads there calls the finder only outside any table.
_PLAIN = re.compile(
    r"""(?:[^<]++"""
    r"""|<[a-zA-Z][-a-zA-Z0-9]*+"""
    r"""(?:[ \t\n]++[a-zA-Z_:][-a-zA-Z0-9_:.]*+(?:=(?:"[^"]*+"|'[^']*+'|[-a-zA-Z0-9_:.]++))?+)*+"""
    r"""[ \t\n]*+/?>"""
    r"""|</[a-zA-Z][-a-zA-Z0-9]*+[ \t\n]*+>)*+"""
)
# elements whose text HTMLParser does not read as tags (3.11: script, style; later versions more)
_RAW = re.compile(r"<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)", re.IGNORECASE)


def _tables(html: str) -> list[_Table]:
    """The outermost tables of ``html``, as one HTMLParser reading all of it finds them.

    The parser reads only from each table's start to its end: the HTML between
    tables (most of a document's page) is read only when it is not plain
    (:data:`_PLAIN`), and after the last table not at all. Between two tables the
    finder has nothing to do, and plain HTML leaves the parser where it was."""
    if _RAW.search(html):
        return _read(html, 0, None, stop=False)
    line_starts = _line_starts(html)
    tables: list[_Table] = []
    at = 0  # the parser would be outside any tag here, and outside any table
    while True:
        start = _TABLE_START.search(html, at)
        if start is None:
            return tables
        begin = start.start() if _PLAIN.fullmatch(html, at, start.start()) else at
        found = _read(html, begin, line_starts, stop=True)
        tables += found
        if not found or found[-1].end < 0:
            return tables  # read to the end
        at = found[-1].end


def _read(html: str, base: int, line_starts: list[int] | None, *, stop: bool) -> list[_Table]:
    finder = _Finder(html, base, line_starts, stop)
    try:
        finder.feed(html[base:] if base else html)
        finder.close()
    except _TableEnded:
        pass
    return finder.tables
