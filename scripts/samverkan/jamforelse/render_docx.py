"""A comparison as a Word document with real tracked changes.

We write pandoc Markdown for the new version in which every deletion is a
``[text]{.deletion author=… date=…}`` span and every insertion an
``{.insertion}`` span; pandoc's docx writer turns those into ``w:del`` and
``w:ins``, so Word shows them under "Spåra ändringar" and a reviewer can
accept or reject each one.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pypandoc

from .blocks import BlockChange
from .comparison import Comparison, SectionChange
from .errors import DocxError
from .words import DELETE, INSERT, Piece

# pandoc Markdown without the extensions that would read agreement text as
# something else: $…$ as math, @x as a citation, raw HTML or TeX, a --- block as metadata.
FORMAT = "markdown-tex_math_dollars-raw_tex-raw_html-citations-yaml_metadata_block"
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPAN_CLASS = {DELETE: "deletion", INSERT: "insertion"}


def pandoc_literal(text: str, *, exact: bool = False) -> str:
    """Text as literal pandoc Markdown (every ASCII punctuation character escaped), on one line.

    With ``exact`` (a line of code) spaces are kept as they are.
    """
    flat = text.replace("\t", "    ") if exact else " ".join(text.split())
    return _PUNCTUATION.sub(r"\\\1", flat)


def _attr(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Writer:
    def __init__(self, author: str, date: dt.datetime):
        if date.tzinfo is not None:
            date = date.astimezone(dt.UTC)
        stamp = date.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
        self.attrs = f"author={_attr(author)} date={_attr(stamp)}"

    def pieces(self, pieces: tuple[Piece, ...], *, exact: bool = False) -> str:
        if exact:
            return "".join(self.span(op, pandoc_literal(text, exact=True)) for op, text in pieces)
        out = []
        for op, text in pieces:
            value = pandoc_literal(text)
            if not value:
                out.append(" " if text else "")
            else:
                # spaces at the edges stay outside the span, where pandoc keeps them
                lead = " " if text[:1].isspace() else ""
                trail = " " if text[-1:].isspace() else ""
                out.append(lead + self.span(op, value) + trail)
        return "".join(out).strip()

    def span(self, op: str, value: str) -> str:
        if op in _SPAN_CLASS and value:
            return f"[{value}]{{.{_SPAN_CLASS[op]} {self.attrs}}}"
        return value

    def document(self, c: Comparison) -> str:
        parts = [
            "**Sammanfattning:** " + pandoc_literal(c.summary()),
            pandoc_literal(f"Jämförelse: {c.old.label} → {c.new.label}"),
        ]
        if c.fields:
            rows = ["| Uppgift | Före | Efter |", "|---|---|---|"]
            rows += [
                f"| {pandoc_literal(f.label)} | {pandoc_literal(f.before)} | {pandoc_literal(f.after)} |"
                for f in c.fields
            ]
            parts.append("\n".join(rows))
        for section in c.sections:
            parts += self.section(section)
        return "\n\n".join(p for p in parts if p) + "\n"

    def section(self, s: SectionChange) -> list[str]:
        out = []
        if s.level:
            text = self.pieces(s.heading) if s.kind != "unchanged" else pandoc_literal(s.section.heading)
            out.append("#" * s.level + " " + text)
        out += [self.block(b) for b in s.blocks]
        return out

    def block(self, b: BlockChange) -> str:
        if b.kind == "unchanged" and b.form != "table":
            # kept as written, so formatting and links survive in Word
            return self.kept(b)
        if b.form == "list":
            block = b.block
            return "\n".join(
                (f"{block.start + index}. " if block.ordered else "- ") + (self.pieces(item.pieces) or "\\ ")
                for index, item in enumerate(b.items)
            )
        if b.form == "table":
            return self.table(b)
        if b.form == "code":
            # a code block cannot hold spans; a line block keeps the lines and takes them
            return "\n".join("| " + self.pieces(line, exact=True) for line in _lines(b.pieces))
        text = self.pieces(b.pieces)
        return "> " + text if b.block.kind == "quote" else text

    def kept(self, b: BlockChange) -> str:
        block = b.block
        if block.kind == "code":
            fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", block.text)), default=0) + 1)
            return f"{fence}{block.info.split(' ')[0] if block.info else ''}\n{block.text}\n{fence}"
        if block.kind == "quote":
            return "\n".join("> " + line for line in block.text.split("\n"))
        if block.kind == "html":
            return pandoc_literal(block.text)
        return block.text

    def table(self, b: BlockChange) -> str:
        width = max((len(r.cells) for r in b.rows), default=0)
        align = {"left": ":--", "right": "--:", "center": ":-:"}
        lines = []
        for index, row in enumerate(b.rows):
            cells = [self.pieces(cell) for cell in row.cells] + [""] * (width - len(row.cells))
            lines.append("| " + " | ".join(cells) + " |")
            if index == 0:
                columns = list(b.block.align) + [""] * width
                lines.append("|" + "|".join(align.get(a, "---") for a in columns[:width]) + "|")
        return "\n".join(lines)


def _lines(pieces: tuple[Piece, ...]) -> list[tuple[Piece, ...]]:
    """Pieces cut at newlines, one tuple per line."""
    lines: list[list[Piece]] = [[]]
    for op, text in pieces:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Piece(op, part))
    return [tuple(line) for line in lines]


def markdown(c: Comparison, *, author: str, date: dt.datetime) -> str:
    """The pandoc Markdown that :func:`to_docx` converts."""
    return _Writer(author, date).document(c)


def to_docx(c: Comparison, *, author: str, date: dt.datetime) -> bytes:
    """The new version as a Word document, every change a tracked change by ``author`` at ``date``.

    It opens with the summary and a table of the changed fields.
    """
    source = markdown(c, author=author, date=date)
    with tempfile.TemporaryDirectory(prefix="samverkan-jamforelse-") as folder:
        target = Path(folder) / "jamforelse.docx"
        try:
            pypandoc.convert_text(source, "docx", format=FORMAT, outputfile=str(target))
            return target.read_bytes()
        except (RuntimeError, OSError) as e:
            raise DocxError(f"Word-dokumentet kunde inte skapas med pandoc: {e}") from e
