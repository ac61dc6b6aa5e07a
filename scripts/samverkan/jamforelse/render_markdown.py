"""A comparison as GitHub-flavoured Markdown, for pull-request comments.

Safe to paste: text from the documents is shown literally (HTML-escaped and
backslash-escaped), and the only raw HTML is <ins>, <del>, <details> and
<summary>. Changed code blocks become ```diff blocks, since a code block
cannot hold <ins>/<del>.
"""

from __future__ import annotations

import difflib
import html
import re

from .blocks import BlockChange
from .comparison import Comparison, SectionChange
from .words import DELETE, INSERT, Piece, side

# Markdown punctuation that could start formatting, links, math or a table cell
_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
# what would start a list, a heading underline or an ordered list at the start of a line
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def gfm_literal(text: str) -> str:
    """Text shown literally in GitHub Markdown, on one line."""
    value = html.escape(" ".join(text.split()), quote=False)
    return _SPECIAL.sub(r"\\\1", value)


def line_start(value: str) -> str:
    """Escaped text that starts a line: "- x", "+ x" or "1. x" must not start a list."""
    match = _LINE_START.match(value)
    if match is None:
        return value
    if match.group(1)[0].isdigit():
        return value[: match.end()] + "\\" + value[match.end() :]
    return "\\" + value


def marked(pieces: tuple[Piece, ...]) -> str:
    """Pieces as escaped Markdown with <del>/<ins> around changes."""
    out = []
    for op, text in pieces:
        # keep the spaces at a change's edges outside the tag, where they read as spaces
        value = gfm_literal(text)
        lead = " " if text[:1].isspace() and value else ""
        trail = " " if text[-1:].isspace() and value else ""
        if op == DELETE:
            out.append(f"{lead}<del>{value}</del>{trail}" if value else "")
        elif op == INSERT:
            out.append(f"{lead}<ins>{value}</ins>{trail}" if value else "")
        else:
            out.append(f"{lead}{value}{trail}" if value else (" " if text else ""))
    return "".join(out)


def to_markdown(c: Comparison, *, context: bool = True) -> str:
    """Summary, a table of changed fields and the changed sections.

    With ``context`` unchanged sections are folded in <details> and
    unchanged blocks are shown in changed sections; without it only the
    changes are shown (unchanged blocks as "…", unchanged sections named once).
    """
    parts = [f"**{gfm_literal(c.summary()[:1].upper() + c.summary()[1:])}**"]
    if c.fields:
        rows = ["| Uppgift | Före | Efter |", "|---|---|---|"]
        rows += [f"| {gfm_literal(f.label)} | {gfm_literal(f.before)} | {gfm_literal(f.after)} |" for f in c.fields]
        parts.append("\n".join(rows))
    skipped = []
    for section in c.sections:
        if section.kind == "unchanged":
            if context:
                summary = html.escape(f"{section.description}: {section.title}", quote=False)
                body = _blocks(section, context=True)
                parts.append("\n\n".join([f"<details><summary>{summary}</summary>", *body, "</details>"]))
            else:
                skipped.append(section.title)
            continue
        parts.append(f"### {gfm_literal(section.description)}: {_heading(section)}")
        parts += _blocks(section, context)
    if skipped:
        parts.append(gfm_literal("Oförändrade avsnitt: " + ", ".join(skipped) + "."))
    return "\n\n".join(parts) + "\n"


def _heading(section: SectionChange) -> str:
    return marked(section.heading) if section.renamed else gfm_literal(section.title)


def _blocks(section: SectionChange, context: bool) -> list[str]:
    out: list[str] = []
    for block in section.blocks:
        if block.kind == "unchanged" and section.kind == "changed" and not context:
            if not out or out[-1] != "…":
                out.append("…")
            continue
        out.append(_block(block))
    return out


def _block(change: BlockChange) -> str:
    if change.form == "list":
        block = change.block
        return "\n".join(
            (f"{block.start + index}. " if block.ordered else "- ") + line_start(marked(item.pieces))
            for index, item in enumerate(change.items)
        )
    if change.form == "table":
        return _table(change)
    if change.form == "code":
        return _code(change)
    text = line_start(marked(change.pieces))
    return "> " + text if change.block.kind == "quote" else text


def _table(change: BlockChange) -> str:
    width = max((len(r.cells) for r in change.rows), default=0)
    align = {"left": ":--", "right": "--:", "center": ":-:"}
    lines = []
    for index, row in enumerate(change.rows):
        cells = [marked(cell) for cell in row.cells] + [""] * (width - len(row.cells))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            columns = list(change.block.align) + [""] * width
            lines.append("|" + "|".join(align.get(a, "---") for a in columns[:width]) + "|")
    return "\n".join(lines)


def _code(change: BlockChange) -> str:
    """A code block as written, or as a ```diff block with - and + lines when it changed."""
    old = side(change.pieces, DELETE).split("\n") if change.old is not None else []
    new = side(change.pieces, INSERT).split("\n") if change.new is not None else []
    if change.kind == "unchanged":
        body, info = new, change.block.info
    else:
        body = [line for line in difflib.ndiff(old, new) if not line.startswith("? ")]
        body, info = [line[:1] + line[2:] if line[:1] in "+-" else line[1:] for line in body], "diff"
    fence = "`" * max(3, _longest_run(body) + 1)
    return "\n".join([fence + re.sub(r"[\s`]", "", info), *body, fence])


def _longest_run(lines: list[str]) -> int:
    return max((len(m) for line in lines for m in re.findall(r"`+", line)), default=0)
