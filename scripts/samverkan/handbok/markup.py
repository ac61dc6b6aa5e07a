"""Markdown for the handbook's pages: the site's :class:`Linker` (a reference
becomes a link carrying the target's title, relative to the page), the page
title, and headings. Escaping, registry text and bodies come from
:mod:`samverkan.linking`, shared with the export."""

from __future__ import annotations

import re

from .. import body as body_module
from ..body import anchor
from ..linking import body, code, escape, split_title, text
from ..model import Node
from ..wording import INTERN_TEXT
from . import paths

# the site's pages use these as markup.escape(…), markup.body(…) …
__all__ = ["Linker", "body", "code", "escape", "heading_texts", "one_h1", "split_title", "text", "title_of"]

# an ISO date as escape() writes it: 2017\-12\-07
_ESCAPED_DATE = re.compile(r"(?<![\w\\-])(\d{4}\\-\d{2}\\-\d{2})(?![\w\\])")


def _nowrap_dates(text: str) -> str:
    """Dates in a title ("… Uddevalla 2017-12-07") kept on one line in a narrow table cell."""
    return _ESCAPED_DATE.sub(r'<span class="sv-datum">\1</span>', text)


class Linker:
    """Makes links from one page, so relative paths come out right at any depth."""

    def __init__(self, view, current: str, hidden=None):
        self.view = view
        self.current = current
        # ids to hide beyond the view's own rule (old versions: documents since removed)
        self.hidden = hidden

    def href(self, target_path: str, fragment: str | None = None) -> str:
        url = paths.relative(self.current, target_path)
        return f"{url}#{fragment}" if fragment else url

    def to(self, target_path: str, label: str) -> str:
        return f"[{escape(label)}]({self.href(target_path)})"

    def node(self, id_: object, label: str | None = None, heading: str | None = None) -> str:
        """A link to the page of ``id_`` with its title, or plain text when the
        build may not show it (spec §6: "(internt dokument)")."""
        repo_node = self.view.repo.get(id_)
        if repo_node is not None and not self.view.visible(repo_node):
            return escape(INTERN_TEXT)
        if repo_node is None and self.hidden is not None and self.hidden(id_):
            return escape(INTERN_TEXT)
        if repo_node is None or not repo_node.id:
            return escape(label or id_)
        fragment = anchor(heading) if heading else None
        text = label or repo_node.name
        return f"[{_nowrap_dates(escape(text))}]({self.href(paths.page_path(repo_node.id), fragment)})"

    def attachment(self, path: str) -> str:
        """The published copy of an attachment (see :mod:`.filer`)."""
        return self.href(paths.attachment_href(path))

    def nodes(self, ids, sep: str = ", ") -> str:
        return sep.join(self.node(i) for i in ids)


def title_of(node: Node | None) -> str:
    return node.name if node is not None else ""


def _heading_tokens(markdown: str) -> list:
    tokens = body_module._blocks(markdown)
    return [(t, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open" and t.map]


def heading_texts(markdown: str) -> set[str]:
    """The body's headings as plain text, casefolded (to keep generated
    sections from taking the same title)."""
    # most bodies' headings are found exactly by a line scan, without markdown-it's block parse
    contents = body_module._simple_headings(markdown)
    if contents is None:
        contents = [text for _, text in _heading_tokens(markdown)]
    return {" ".join(text.split()).casefold() for text in contents}


# an ATX heading of level 1 among the headings body._simple_headings finds (its _ATX with one '#')
_ATX_H1 = re.compile(r"\n {0,3}#(?:[ \t][^\n]*|)(?=\n|\Z)")


def one_h1(markdown: str) -> str:
    """The body with every heading one level down when it holds an H1, so the
    page's title stays its only H1. Anchors come from the heading text, so
    links to headings keep working."""
    if body_module._simple_headings(markdown) is not None and not _ATX_H1.search("\n" + markdown):
        return markdown  # the line scan finds every heading markdown-it finds, and none is an H1
    found = _heading_tokens(markdown)
    if not any(t.tag == "h1" for t, _ in found):
        return markdown
    lines = markdown.split("\n")
    for token, _ in found:
        start, end = token.map
        if token.markup.startswith("#"):
            if token.tag != "h6":
                lines[start] = re.sub(r"^(\s*)(#+)", r"\1#\2", lines[start], count=1)
        elif token.markup.startswith("=") and end - 1 < len(lines):
            lines[end - 1] = lines[end - 1].replace("=", "-")
        elif token.markup.startswith("-"):
            text = " ".join(lines[start : end - 1]).strip()
            lines[start : end - 1] = ["### " + text] + [""] * (end - 2 - start)
            lines[end - 1] = ""
    return "\n".join(lines)
