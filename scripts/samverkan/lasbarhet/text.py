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
    tokens = _parser().parse(body)
    left = limit
    found: list[Section] = []
    current: Section | None = None
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
            inline = tokens[index + 1]
            current = Section(_plain(inline.content, title).strip() or None, _line(token, first_line))
            found.append(current)
            index += 2  # the heading's inline and close tokens are done
        elif token.type == "inline":
            if left <= 0:
                break
            text = _plain(token.content, title).strip()[:left]
            left -= len(text)
            if text:
                if current is None:
                    current = Section(None, _line(token, first_line))
                    found.append(current)
                current.paragraphs.append(text)
        index += 1
    return [s for s in found if s.paragraphs]


def _line(token: Token, first_line: int) -> int:
    return first_line + (token.map[0] if token.map else 0)


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
    return " ".join(text.split())


def _references(text: str, title: Callable[[str], str | None] | None) -> str:
    def shown(match: re.Match) -> str:
        label, target = match.group(2), match.group(1).strip()
        if label and label.strip():
            return label.strip()
        return (title(target) if title else None) or target

    return _REFERENCE.sub(shown, text)
