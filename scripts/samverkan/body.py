"""The Markdown body: ``[[...]]`` references and heading anchors.

markdown-it tells us which lines are code blocks (where ``[[...]]`` is text),
and what the headings are; Python-Markdown's toc ``slugify``/``unique`` give the
anchors exactly as the site will, so ``[[id#Ansvar och roller]]`` and
``[[id#ansvar-och-roller]]`` match the same heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt

from .errors import SourceError
from .source import Pos

_REF = re.compile(r"\[\[(.*?)\]\]")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


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


def anchor(heading: str) -> str:
    """The anchor the site gives a heading with this text (before de-duplication)."""
    return slugify(heading, "-")


def references(body: str, first_line: int) -> tuple[list[BodyRef], list[SourceError]]:
    """Every ``[[...]]`` outside code, and problems such as an unclosed ``[[``."""
    if "[[" not in body:
        return [], []
    lines = body.split("\n")
    code = _code_lines(body)
    refs: list[BodyRef] = []
    problems: list[SourceError] = []
    for index, line in enumerate(lines):
        if "[[" not in line or index in code:
            continue
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        line_no = first_line + index
        for match in _REF.finditer(masked):
            ref = _parse(line[match.start(1) : match.end(1)], Pos(line_no, match.start() + 1), match.group(0))
            if ref is None:
                problems.append(
                    SourceError(
                        "referens-tom",
                        "tom referens '[[]]' — skriv id:t på det dokument eller den aktör som avses, t.ex. [[vvg]]",
                        line_no,
                        match.start() + 1,
                    )
                )
            else:
                refs.append(ref)
        rest = _REF.sub(lambda m: " " * len(m.group(0)), masked)
        if "[[" in rest:
            problems.append(
                SourceError(
                    "referens-oavslutad",
                    "referensen '[[' stängs aldrig på samma rad — avsluta den med ']]', t.ex. [[hsa-2025]]",
                    line_no,
                    rest.index("[[") + 1,
                )
            )
    return refs, problems


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
    return "`" in body or "~~~" in body or "\n    " in body or "\n\t" in body or body.startswith(("    ", "\t"))


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
    tokens = _blocks(body)
    used: set[str] = set()
    result = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = _markdown().parseInline(tokens[index + 1].content)[0]
        text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        result.append(unique(anchor(text), used))
    return result


def link_targets(body: str) -> list[str]:
    """Targets of Markdown links and images outside code, as written (decoded)."""
    if "](" not in body and "]:" not in body:
        return []
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
    return list(dict.fromkeys(found))
