"""Long tables of the preview's generated pages, rendered a row at a time.

The handbook's list pages (all avtal, the levels, the meeting notes, a kommun's
documents) are tables of hundreds or thousands of rows, and a new title changes
one row of each. ``mkdocs serve`` renders a changed page whole with
Python-Markdown; here a :class:`RowPage` renders each row of a long table once
and keeps its HTML under everything the row's HTML is made of (the page's place,
the table's heading, the row's text, the page's abbreviations and the files its
links name), so the page is rendered with the table put back from its rows.

Each row is rendered by mkdocs' own :meth:`Page.render` as part of a table of
the rows not known yet (same extensions, same link handling), and the page
without its long tables is rendered the same way: a Markdown table's HTML is
its heading's, then each row's, each rendered on its own. Anything that could
make a row depend on the rest of the page (reference links, ids, links to
anchors, a render that warned, an odd table) renders the page as mkdocs would.
``tests/test_serve.py`` compares both ways on every generated page.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from .sidor import _nav_titles, _target_paths, _Warnings

# tables with fewer body rows are rendered with their page
LONG = 40

_ROW = re.compile(r"^\|.*\|[ \t]*$")
_SEPARATOR = re.compile(r"^\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$")
# what may tie a page's rows to the rest of it: reference definitions, footnotes
_DEFINITIONS = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:|\[\^", re.MULTILINE)
# a row that may: a reference link, an attribute list, an id, a link to an anchor
_TIED = re.compile(r"\]\[|\{:|\bid=|\]\([^)\s]*#")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[[^\]\n]+\]:.*$", re.MULTILINE)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_TABLE = re.compile(
    r"<table>\n<thead>\n(?P<head><tr>\n.*?\n</tr>)\n</thead>\n<tbody>\n(?P<body>.*?)\n</tbody>\n</table>", re.S
)
_BODY_ROW = re.compile(r"<tr>\n.*?\n</tr>", re.S)
# a line of a list item below its first: indented four spaces, not blank
_NESTED = re.compile(r"^    \S")
_LI = re.compile(r"<li>|</li>")


class Rows:
    """Rendered rows, kept for the whole ``mkdocs serve`` (by key, see :func:`_key`)."""

    LIMIT = 100_000

    def __init__(self) -> None:
        self.html: dict[str, str] = {}
        self.made = 0
        self.kept = 0

    def put(self, key: str, html: str) -> None:
        if len(self.html) >= self.LIMIT:
            self.html.clear()
        self.html[key] = html


class RowPage(MkPage):
    """A generated page whose long tables are put together from rendered rows."""

    rows: Rows
    long = LONG

    def render(self, config: MkDocsConfig, files: Files) -> None:
        markdown = self.markdown or ""
        blocks = [] if _DEFINITIONS.search(markdown) else _long_blocks(markdown, self.long)
        if not blocks or not self._render_in_rows(markdown, blocks, config, files):
            self.markdown = markdown
            super().render(config, files)

    def _render_in_rows(self, markdown: str, blocks: list[tuple[int, int, str]], config, files) -> bool:
        lines = markdown.split("\n")
        context = "\n".join([_settings(config), self.file.src_uri, *_ABBREVIATION.findall(markdown)])
        self._keys = _Keys(context, self.file.src_uri, files)
        tokens: list[str] = []
        html_of: dict[str, str] = {}
        for start, end, kind in blocks:
            if kind == TABLE:
                made = self._rows(lines[start], lines[start + 1], lines[start + 2 : end], context, config, files)
                if made is None:
                    return False
                head_html, rows_html = made
                html = f"<table>\n<thead>\n{head_html}\n</thead>\n<tbody>\n" + "\n".join(rows_html)
                html += "\n</tbody>\n</table>"
            else:
                items = self._items(_list_items(lines[start:end]), context, config, files)
                if items is None:
                    return False
                html = "<ul>\n" + "\n".join(items) + "\n</ul>"
            token = "svrader" + secrets.token_hex(8)
            tokens.append(token)
            html_of[token] = html
        out = list(lines)
        for (start, end, _), token in reversed(list(zip(blocks, tokens, strict=True))):
            out[start:end] = [token]
        self.markdown = "\n".join(out)
        try:
            MkPage.render(self, config, files)
        finally:
            self.markdown = markdown
        content = self.content or ""
        for token in tokens:
            paragraph = f"<p>{token}</p>"
            if content.count(paragraph) != 1 or content.count(token) != 1:
                return False
            content = content.replace(paragraph, html_of[token])
        self.content = content
        return True

    def _rows(self, head: str, separator: str, body: list[str], context: str, config, files):
        """(heading HTML, each row's HTML) of one table; None if they cannot be had apart."""
        if any(_TIED.search(row) for row in body):
            return None
        store = self.rows.html
        keys = [self._keys(head, separator, row) for row in body]
        head_key = self._keys(head, separator, "")
        missing = list(dict.fromkeys(row for row, key in zip(body, keys, strict=True) if key not in store))
        fresh: dict[str, str] = {}
        head_html = store.get(head_key)
        if missing or head_html is None:
            made = self._render_table(head, separator, missing or body[:1], config, files, context)
            if made is None:
                return None
            head_html, rows_html, keep = made
            fresh = dict(zip(missing or body[:1], rows_html, strict=True))
            self.rows.made += len(missing)
            if keep:  # a render that warned is not kept: the next render warns again
                self.rows.put(head_key, head_html)
                for row in missing:
                    self.rows.put(self._keys(head, separator, row), fresh[row])
        self.rows.kept += len(body) - len(missing)
        out = _assembled(body, keys, fresh, store)
        return None if out is None else (head_html, out)

    def _render_table(self, head: str, separator: str, rows: list[str], config, files, context: str):
        """A table of ``rows`` rendered as mkdocs renders this page: (heading, rows,
        whether to keep them); None if the rows cannot be told apart."""
        content, keep = self._probe("\n".join([head, separator, *rows]), config, files, context)
        found = _TABLE.fullmatch(content or "")
        if found is None:
            return None
        body = _BODY_ROW.findall(found.group("body"))
        if len(body) != len(rows) or "\n".join(body) != found.group("body"):
            return None
        return found.group("head"), body, keep

    def _items(self, items: list[str], context: str, config, files) -> list[str] | None:
        """Each item's HTML of one bulleted list; None if they cannot be had apart."""
        if any(_TIED.search(item) for item in items):
            return None
        store = self.rows.html
        keys = [self._keys("-", "", item) for item in items]
        missing = list(dict.fromkeys(item for item, key in zip(items, keys, strict=True) if key not in store))
        fresh: dict[str, str] = {}
        if missing:
            made = self._render_list(missing, config, files, context)
            if made is None:
                return None
            rendered, keep = made
            fresh = dict(zip(missing, rendered, strict=True))
            self.rows.made += len(missing)
            if keep:
                for item in missing:
                    self.rows.put(self._keys("-", "", item), fresh[item])
        self.rows.kept += len(items) - len(missing)
        return _assembled(items, keys, fresh, store)

    def _render_list(self, items: list[str], config, files, context: str):
        """A list of ``items`` rendered as mkdocs renders this page: (each item's
        HTML, whether to keep them); None if the items cannot be told apart."""
        content, keep = self._probe("\n".join(items), config, files, context)
        if content is None or not (content.startswith("<ul>\n") and content.endswith("\n</ul>")):
            return None
        body = content[len("<ul>\n") : -len("\n</ul>")]
        found, depth, start = [], 0, 0
        for tag in _LI.finditer(body):
            if tag.group() == "<li>":
                if depth == 0:
                    if body[start : tag.start()] != ("\n" if found else ""):
                        return None
                    start = tag.start()
                depth += 1
            else:
                depth -= 1
                if depth < 0:
                    return None
                if depth == 0:
                    found.append(body[start : tag.end()])
                    start = tag.end()
        if depth != 0 or len(found) != len(items) or "\n".join(found) != body:
            return None
        return found, keep

    def _probe(self, markdown: str, config, files, context: str) -> tuple[str | None, bool]:
        """``markdown`` rendered as mkdocs renders this page, with the page's
        abbreviations: (HTML, whether mkdocs said nothing about it); None when it
        holds anchors or links to them."""
        abbreviations = context.split("\n")[2:]
        probe = MkPage(None, _Probe(self.file), config)
        probe.markdown = "\n".join([markdown, "", *abbreviations]) + "\n"
        with _Warnings() as warned:
            MkPage.render(probe, config, files)
        if probe.present_anchor_ids or probe.links_to_anchors:
            return None, False
        return (probe.content or "").strip(), not warned.records


class _Probe(File):
    """A stand-in for the page's file, so a probe renders links from the page's
    place without becoming the file's page."""

    def __init__(self, file: File):
        self.__dict__.update(file.__dict__)
        self.page = None


TABLE, LIST = "tabell", "lista"


def _long_blocks(markdown: str, long: int) -> list[tuple[int, int, str]]:
    """(first line, line after the last, kind) of each pipe table with ``long`` body
    rows or more (a heading row, a separator row and body rows) and each bulleted
    list with ``long`` items or more (``- `` items, their lines below indented
    four spaces), with a blank line (or the start) before it and a blank line
    (or the end) after it."""
    lines = markdown.split("\n")
    found = []
    i = 0
    while i < len(lines) - 1:
        if i and lines[i - 1].strip():
            i += 1
            continue
        if (
            i < len(lines) - 2
            and _ROW.match(lines[i])
            and _SEPARATOR.match(lines[i + 1])
            and lines[i].count("|") == lines[i + 1].count("|")
        ):
            end = i + 2
            while end < len(lines) and _ROW.match(lines[end]):
                end += 1
            if end - i - 2 >= long and (end == len(lines) or not lines[end].strip()):
                found.append((i, end, TABLE))
            i = end
            continue
        if lines[i].startswith("- "):
            end, items = i, 0
            while end < len(lines) and (lines[end].startswith("- ") or _NESTED.match(lines[end])):
                items += lines[end].startswith("- ")
                end += 1
            if items >= long and (end == len(lines) or not lines[end].strip()):
                found.append((i, end, LIST))
            i = end
            continue
        i += 1
    return found


def _list_items(lines: list[str]) -> list[str]:
    """The items of a bulleted list, each with the lines below it."""
    items: list[list[str]] = []
    for line in lines:
        if line.startswith("- "):
            items.append([line])
        else:
            items[-1].append(line)
    return ["\n".join(item) for item in items]


class _Keys:
    """The keys of one page's rows: everything a row's HTML is made of (the page's
    place and abbreviations, the table's heading, the row's text, and the file each
    link could name), with what is the same for every row worked out once."""

    def __init__(self, context: str, src_uri: str, files: Files):
        self.context = hashlib.sha256(context.encode("utf-8")).hexdigest()
        self.src_uri = src_uri
        self.files = files
        self._targets: dict[str, list[str]] = {}

    def __call__(self, head: str, separator: str, row: str) -> str:
        targets: list[str] = []
        for match in _LINK.finditer(row):
            targets += self._named(match.group(1))
        parts = [self.context, head, separator, row, *sorted(set(targets))]
        return hashlib.sha256("\0\1".join(parts).encode("utf-8")).hexdigest()

    def _named(self, url: str) -> list[str]:
        found = self._targets.get(url)
        if found is None:
            found = []
            for path in _target_paths(self.src_uri, url):
                file = self.files.get_file_from_path(path)
                found.append(f"{path}\0-" if file is None else f"{path}\0{file.url}\0{file.inclusion.is_excluded()}")
            self._targets[url] = found
        return found


def _assembled(parts: list[str], keys: list[str], fresh: dict[str, str], store: dict[str, str]) -> list[str] | None:
    """Each part's HTML, just made or kept; None if one is missing (the store
    was emptied meanwhile: the page is rendered whole)."""
    out = []
    for part, key in zip(parts, keys, strict=True):
        html = fresh.get(part) or store.get(key)
        if html is None:
            return None
        out.append(html)
    return out


def _settings(config: MkDocsConfig) -> str:
    """What every row's HTML depends on besides the page: the Markdown extensions
    and their settings, and the form of the site's addresses (mkdocs.yml may
    change while serving)."""
    return repr((config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"]))


def attach(files: Files, config: MkDocsConfig, paths: set[str], rows: Rows) -> None:
    """Give each generated page in ``paths`` a :class:`RowPage` (before mkdocs makes
    a plain page for it); titles written in the nav are kept."""
    titles = dict(_nav_titles(config.nav))
    for file in files.documentation_pages():
        if file.src_uri in paths and file.page is None:
            page = RowPage(titles.get(file.src_uri), file, config)
            page.rows = rows
