"""The Markdown body: ``[[...]]`` references and heading anchors.

markdown-it tells us which lines are code blocks (where ``[[...]]`` is text),
and what the headings are; Python-Markdown's toc ``slugify``/``unique`` give the
anchors exactly as the site will, so ``[[id#Ansvar och roller]]`` and
``[[id#ansvar-och-roller]]`` match the same heading.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt

from . import limits
from .errors import SourceError
from .source import Pos


@dataclass(frozen=True)
class BodyRef:
    """One ``[[target#heading|label]]`` in a body, with its file position."""

    target: str
    heading: str | None
    label: str | None
    pos: Pos
    written: str


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


@lru_cache(maxsize=1)
def _block_markdown() -> MarkdownIt:
    # Block structure only: inline parsing is most of the cost and only
    # headings need it (see ``headings``).
    return MarkdownIt("commonmark").disable("inline")


@lru_cache(maxsize=16384)  # an archive's headings repeat: Bakgrund, Beslut, Nästa möte …
def anchor(heading: str) -> str:
    """The anchor the site gives a heading with this text (before de-duplication)."""
    return slugify(heading, "-")


def references(body: str, first_line: int) -> tuple[list[BodyRef], list[SourceError]]:
    """Every ``[[...]]`` outside code, and problems such as an unclosed ``[[``.

    Linear in the length of the body: a line is scanned once, left to right.
    """
    if "[[" not in body:
        return [], []
    code = _code_lines(body)
    refs: list[BodyRef] = []
    problems: list[SourceError] = []
    for index, line in _lines_with(body, "[["):
        if index in code:
            continue
        masked = mask_code_spans(line) if "`" in line else line
        line_no = first_line + index
        start = masked.find("[[")
        while start >= 0:
            end = masked.find("]]", start + 2)
            if end < 0:
                problems.append(
                    SourceError(
                        "referens-oavslutad",
                        "referensen '[[' stängs aldrig på samma rad — avsluta den med ']]', t.ex. [[hsa-2025]]",
                        line_no,
                        start + 1,
                    )
                )
                break
            ref = _parse(line[start + 2 : end], Pos(line_no, start + 1), line[start : end + 2])
            if ref is None:
                problems.append(
                    SourceError(
                        "referens-tom",
                        "tom referens '[[]]' — skriv id:t på det dokument eller den aktör som avses, t.ex. [[vvg]]",
                        line_no,
                        start + 1,
                    )
                )
            else:
                refs.append(ref)
            start = masked.find("[[", end + 2)
    if len(refs) > limits.MAX_REFERENCES:
        extra = refs[limits.MAX_REFERENCES]
        problems.append(
            SourceError(
                "för-många-referenser",
                f"dokumentet har {len(refs)} referenser [[…]], fler än gränsen {limits.MAX_REFERENCES} — "
                "dela upp dokumentet eller hänvisa till en sammanställning",
                extra.pos.line,
                extra.pos.column,
            )
        )
        del refs[limits.MAX_REFERENCES :]
    return refs, problems


def _lines_with(text: str, needle: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text.split("\\n")`` that holds ``needle``, with its index,
    in order: found by searching for ``needle``, not by looking at every line
    (tests/test_fast_paths.py compares the two)."""
    index = 0  # of the line holding ``counted``
    counted = 0  # line breaks are counted up to here
    at = text.find(needle)
    while at >= 0:
        index += text.count("\n", counted, at)
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        yield index, text[start:end]
        counted = end
        at = text.find(needle, end)


_BACKTICKS = re.compile(r"`+")


def mask_code_spans(line: str) -> str:
    """``line`` (or a paragraph) with its code spans blanked out, in linear time.

    A run of backticks opens a span that the next run of the same length
    closes (CommonMark); a run without a partner is literal text.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    chars = list(line)
    index = 0
    while index < len(runs):
        partner = following[index]
        if partner is None:
            index += 1
            continue
        start, end = runs[index][0], runs[partner][1]
        chars[start:end] = " " * (end - start)
        index = partner + 1
    return "".join(chars)


def _parse(inner: str, pos: Pos, written: str) -> BodyRef | None:
    inner = inner.replace("\\|", "|")
    target, _, label = inner.partition("|")
    target, hash_, heading = target.partition("#")
    target = target.strip()
    if not target:
        return None
    return BodyRef(
        target=target,
        heading=heading.strip() if hash_ else None,
        label=label.strip() or None,
        pos=pos,
        written=written,
    )


@lru_cache(maxsize=16384)
def _blocks(body: str) -> tuple:
    """Block tokens of a body, parsed once whether references or headings ask."""
    return tuple(_block_markdown().parse(body))


def _may_have_code(body: str) -> bool:
    # A search for one character is many times faster than for several: most
    # bodies have no backtick, tilde or tab at all.
    return (
        ("`" in body and "```" in body)
        or ("~" in body and "~~~" in body)
        or ("\t" in body and ("\n\t" in body or body.startswith("\t")))
        or "\n    " in body
        or body.startswith("    ")
    )


def _code_lines(body: str) -> set[int]:
    lines: set[int] = set()
    if not _may_have_code(body):
        return lines
    for token in _blocks(body):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0], token.map[1]))
    return lines


def headings(body: str) -> list[str]:
    """The anchors of the body's headings, de-duplicated as the site does."""
    if "#" not in body and "\n=" not in body and "\n-" not in body:
        return []
    contents = _simple_headings(body)
    if contents is None:
        tokens = _blocks(body)
        contents = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    return unique_anchors(contents)


def unique_anchors(contents: list[str]) -> list[str]:
    """The anchors of headings with these contents (as written), in order,
    de-duplicated as the site does (``_1``, ``_2`` …)."""
    used: set[str] = set()
    return [unique(anchor(heading_text(content)), used) for content in contents]


def heading_text(content: str) -> str:
    """A heading's text without inline markup, as its anchor is made from it."""
    if _INLINE_MARKUP.search(content):
        inline = _markdown().parseInline(content)[0]
        return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
    return content


# Characters that can start inline markup (CommonMark): text without them is its own text.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<&\n]")
# What the line scan in _simple_headings cannot judge: fences, block quotes and
# HTML blocks (which may hold '#' lines that are not headings), setext
# underlines, indented '#' lines (code, or headings inside list items) and
# headings behind a list marker.
#
# Both are matched against the body after a '\n', each starting with that line
# break rather than '^': the regex engine then jumps from one line break to the
# next instead of trying every character (three times faster), and
# '(?=\n|\Z)' is what '$' means for a line.
_NOT_SIMPLE = re.compile(
    r"\n(?: {0,3}(?:```|~~~|[>=<]|-+[ \t]*(?=\n|\Z))| {4,}#|\t|[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+[#>])"
)
_ATX = re.compile(r"\n {0,3}#{1,6}(?:[ \t]+([^\n]*)|)(?=\n|\Z)")


def _simple_headings(body: str) -> list[str] | None:
    """The contents of the ATX headings (``# Rubrik``) of a body whose headings a
    line scan finds exactly as markdown-it does; None for any other body.

    markdown-it's block parse is most of the validator's time on a large
    archive, and almost every body is this simple.
    """
    lines = "\n" + body
    if _NOT_SIMPLE.search(lines):
        return None
    contents = []
    for match in _ATX.finditer(lines):
        rest = (match.group(1) or "").rstrip(" \t")
        closed = rest.rstrip("#")  # an optional closing sequence of '#', after white space
        if len(closed) < len(rest) and (not closed or closed[-1] in " \t"):
            rest = closed
        contents.append(rest.strip())
    return contents


def link_targets(body: str) -> list[str]:
    """Targets of Markdown links and images outside code, as written (decoded)."""
    if "](" not in body and "]:" not in body:
        return []
    return list(_link_targets(body))


# Asked again for every document at each save while previewing (the attachments
# the site publishes): an unchanged body is the same string, found at once.
@lru_cache(maxsize=16384)
def _link_targets(body: str) -> tuple[str, ...]:
    env: dict = {}
    tokens = _markdown().parse(body, env)
    found: list[str] = []
    for token in tokens:
        for child in token.children or []:
            value = (
                child.attrGet("href")
                if child.type == "link_open"
                else child.attrGet("src")
                if child.type == "image"
                else None
            )
            if isinstance(value, str):
                found.append(unquote(value))
    found.extend(unquote(ref["href"]) for ref in env.get("references", {}).values())
    return tuple(dict.fromkeys(found))


# Blocks that nest: the site's Markdown parser and the PDF engine recurse once per level.
_NESTING_OPEN = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_NESTING_CLOSE = {"blockquote_close", "bullet_list_close", "ordered_list_close"}
# A line prefix long enough to open that many levels (quotes, list markers, indentation).
# Matched after a '\n' (as _NOT_SIMPLE): from line break to line break, not at every character.
_DEEP_PREFIX = re.compile(rf"\n[ \t>*+\-0-9.)]{{{limits.MAX_STRUCTURE_DEPTH},}}")


@lru_cache(maxsize=1)
def _bounded_markdown() -> MarkdownIt:
    # markdown-it stops nesting at maxNesting, so this parse recurses a bounded
    # number of times whatever the body; a list level costs two (list, item).
    parser = MarkdownIt("commonmark").disable("inline")
    parser.options["maxNesting"] = 2 * limits.MAX_STRUCTURE_DEPTH + 4
    return parser


def too_deep(body: str, first_line: int) -> SourceError | None:
    """A problem when block quotes and lists nest deeper than the limit."""
    if not _DEEP_PREFIX.search("\n" + body):
        return None
    depth = 0
    for token in _bounded_markdown().parse(body):
        if token.type in _NESTING_OPEN:
            depth += 1
            if depth > limits.MAX_STRUCTURE_DEPTH:
                line = first_line + (token.map[0] if token.map else 0)
                return SourceError(
                    "för-djup-struktur",
                    f"citat (>) och listor är nästlade i mer än {limits.MAX_STRUCTURE_DEPTH} nivåer — "
                    "skriv texten med färre nivåer; så djup struktur kan inte visas eller skrivas ut",
                    line,
                    1,
                )
        elif token.type in _NESTING_CLOSE:
            depth -= 1
    return None


@dataclass(frozen=True)
class Link:
    """A Markdown link or image target in a body, as written (decoded), with its line."""

    target: str
    pos: Pos
    image: bool


def links(body: str, first_line: int) -> list[Link]:
    """Every inline link and image and every link definition outside code, with
    its position, in one linear pass over the lines.

    Not markdown-it: its link parser is quadratic in unmatched brackets (a body
    of ``[`` and ``](`` took minutes). A link's text may span lines; its target
    is on the line of ``](``.
    """
    if "](" not in body and "]:" not in body:
        return []
    code = _code_lines(body)
    found: list[Link] = []
    for index, line in enumerate(body.split("\n")):
        if index in code or ("](" not in line and "]:" not in line):
            continue
        masked = mask_code_spans(line) if "`" in line else line
        line_no = first_line + index
        definition = _DEFINITION.match(masked)
        if definition:
            target = definition.group(1).strip("<>")
            found.append(Link(unquote(target), Pos(line_no, definition.start(1) + 1), False))
            continue
        previous = 0
        at = masked.find("](")
        while at >= 0:
            if at == 0 or masked[at - 1] != "\\":
                target, end = _destination(masked, at + 2)
                opening = masked.rfind("[", previous, at)
                image = opening > 0 and masked[opening - 1] == "!"
                if target:
                    found.append(Link(unquote(target), Pos(line_no, at + 3), image))
                previous = max(end, at + 2)
            at = masked.find("](", max(previous, at + 2))
    return found


_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)")


def _destination(line: str, start: int) -> tuple[str, int]:
    """The link destination starting at ``start`` (after ``](``) and where it ends:
    ``<...>``, or text up to white space or the ``)`` that balances the parentheses."""
    while start < len(line) and line[start] in " \t":
        start += 1
    if line.startswith("<", start):
        end = line.find(">", start)
        return (line[start + 1 : end], end + 1) if end >= 0 else ("", start)
    depth = 0
    end = start
    while end < len(line):
        ch = line[end]
        if ch in " \t":
            break
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        end += 1
    return line[start:end], end


# A script URL where a link or an attribute value starts (browsers ignore
# white space and control characters inside the scheme).
_SCRIPT_URL = re.compile(r"(?:^|[(<=\"']|\]:)(?:java|vb|live)script:|(?:^|[(<=\"']|\]:)data:text/html", re.I)
_ACTIVE_TAG = re.compile(r"<\s*(script|iframe|frame|object|embed|applet|base|meta|link|style|form)\b", re.I)
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?[\s\"'/]on[a-z]+\s*=", re.I)
_CONTEXT_CHARS = "(<=\"']:"
_INVISIBLE = re.compile(r"[\x00-\x20]+")


def active_content(body: str, first_line: int) -> list[SourceError]:
    """Script in a body, outside code: ``javascript:`` links, ``<script>`` and
    similar elements, and event-handler attributes, each on its line.

    A line-by-line, linear scan: the fallback of the body HTML rule for bodies
    that markdown-it cannot parse in bounded time (see rules/html.py)."""
    if not _MAY_BE_ACTIVE.search(body):
        return []
    code = _code_lines(body)
    problems = []
    for index, line in enumerate(body.split("\n")):
        if index in code or not _MAY_BE_ACTIVE.search(line):
            continue
        line = mask_code_spans(line) if "`" in line else line
        plain = html.unescape(line)
        url = _SCRIPT_URL.search(_INVISIBLE.sub("", plain))
        tag = _ACTIVE_TAG.search(plain)
        attribute = _EVENT_ATTRIBUTE.search(plain)
        if url:
            scheme = url.group(0).lstrip(_CONTEXT_CHARS)
            problems.append(
                SourceError(
                    "farlig-html",
                    f"länken '{scheme}…' kör kod i läsarens webbläsare och "
                    "publiceras inte — länka till en webbadress (https://…) eller ta bort länken",
                    first_line + index,
                    1,
                )
            )
        if tag or attribute:
            what = f"elementet <{tag.group(1).lower()}>" if tag else "ett attribut on…= (händelsehanterare)"
            problems.append(
                SourceError(
                    "farlig-html",
                    f"{what} kan köra kod eller hämta innehåll från andra webbplatser och är inte "
                    "tillåtet i texten — ta bort det; skriv texten med Markdown",
                    first_line + index,
                    (tag or attribute).start() + 1,
                )
            )
    return problems


_MAY_BE_ACTIVE = re.compile(r"script|<|&#?[a-z0-9]+;?|data:", re.I)
