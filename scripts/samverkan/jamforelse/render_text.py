"""A comparison as plain text for the terminal: deletions as [-…-], insertions
as {+…+}, unchanged sections as one line each."""

from __future__ import annotations

from .blocks import BlockChange
from .comparison import Comparison, SectionChange
from .words import DELETE, INSERT, Piece

_SIGN = {"unchanged": "=", "changed": "~", "added": "+", "removed": "-"}
_STATE = {"unchanged": "oförändrat", "changed": "ändrat", "added": "tillagt", "removed": "borttaget"}
INDENT = "  "


def marked(pieces: tuple[Piece, ...]) -> str:
    """Pieces as one string with [-deleted-] and {+inserted+} text."""
    out = []
    for op, text in pieces:
        if op == DELETE:
            out.append(f"[-{text}-]")
        elif op == INSERT:
            out.append(f"{{+{text}+}}")
        else:
            out.append(text)
    return "".join(out)


def to_text(c: Comparison) -> str:
    """The comparison for a terminal: summary, changed fields, then every section."""
    lines = [f"Jämförelse: {c.old.label} → {c.new.label}", c.summary()]
    if c.fields:
        lines += ["", "Ändrade uppgifter:"]
        lines += [f"{INDENT}{f.label}: {f.text}" for f in c.fields]
    previous = None
    for section in c.sections:
        if section.kind != "unchanged" or previous != "unchanged":
            lines.append("")
        lines += _section(section)
        previous = section.kind
    return "\n".join(lines) + "\n"


def _state(section: SectionChange) -> str:
    if section.moved:
        return section.description.lower().replace(" avsnitt", "")
    return _STATE[section.kind]


def _section(section: SectionChange) -> list[str]:
    title = marked(section.heading) if section.renamed else section.title
    head = f"{_SIGN[section.kind]} {title} ({_state(section)})"
    if section.kind == "unchanged":
        return [head]
    out = [head]
    for index, block in enumerate(section.blocks):
        if index:
            out.append("")
        out += [INDENT + line if line else "" for line in _block(block)]
    return out


def _block(change: BlockChange) -> list[str]:
    if change.form == "list":
        return _list(change)
    if change.form == "table":
        return (
            [_row(r.cells) for r in change.rows[:1]]
            + (["|" + "---|" * len(change.rows[0].cells)] if change.rows else [])
            + [_row(r.cells) for r in change.rows[1:]]
        )
    text = marked(change.pieces).split("\n")
    if change.form == "code":
        return ["```" + change.block.info, *text, "```"]
    if change.block.kind == "quote":
        return ["> " + line for line in text]
    return text


def _list(change: BlockChange) -> list[str]:
    out = []
    block = change.block
    for index, item in enumerate(change.items):
        marker = f"{block.start + index}. " if block.ordered else "- "
        first, *rest = marked(item.pieces).split("\n") or [""]
        out.append(marker + first)
        out += [" " * len(marker) + line if line else "" for line in rest]
    return out


def _row(cells: tuple[tuple[Piece, ...], ...]) -> str:
    return "| " + " | ".join(marked(cell) for cell in cells) + " |"
