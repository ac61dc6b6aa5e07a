"""Markdown written from the model, for any output (the handbook's pages, the
Word/PDF export): front matter text escaped, and ``[[id]]`` references and
links to attachments resolved by a :class:`Linker` the output supplies."""

from __future__ import annotations

import re
from typing import Protocol
from urllib.parse import quote

from . import bifogat
from .model import Document

# Python-Markdown's backslash-escapable characters, plus '|' for table cells
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_REF = re.compile(r"\[\[(.*?)\]\]")


class Linker(Protocol):
    """How one output writes what a document points at."""

    view: object  # the :class:`samverkan.synlighet.View` the output shows

    def node(self, id_: object, label: str | None = None, heading: str | None = None) -> str:
        """A reference to ``id_`` (with a written label or heading) as Markdown."""
        ...

    def attachment(self, path: str) -> str:
        """The link target for the attachment at repository path ``path``."""
        ...


def escape(text: object) -> str:
    """Text from the front matter as literal Markdown inline text."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;")
    value = " ".join(value.split())  # a newline would end a table row or list item
    return _SPECIAL.sub(r"\\\1", value)


def code(text: object) -> str:
    """Text as a Markdown code span: literal, whatever it holds (a backtick
    would end the span early, so it becomes a quote)."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def text(value: object, linker: Linker) -> str:
    """Registry text (``beskrivning``) as Markdown: escaped, with every
    ``[[id]]``, ``[[id|text]]`` or ``[[id#rubrik]]`` a link as in a body, or
    "(internt dokument)" for what this output may not show (spec §6)."""
    if value is None:
        return ""
    source = " ".join(str(value).split())
    out, last = [], 0
    for match in _REF.finditer(source):
        target, _, label = match.group(1).replace("\\|", "|").partition("|")
        target, hash_, heading = target.partition("#")
        if not target.strip():
            continue
        out.append(_segment(source[last : match.start()]))
        out.append(linker.node(target.strip(), label.strip() or None, heading.strip() if hash_ else None))
        last = match.end()
    out.append(_segment(source[last:]))
    return "".join(out)


def _segment(part: str) -> str:
    """Escaped text between references, keeping the spaces at its ends."""
    if not part.strip():
        return part
    lead = " " if part[0] == " " else ""
    trail = " " if part[-1] == " " else ""
    return lead + escape(part) + trail


def body(doc: Document, linker: Linker) -> str:
    """The document's Markdown body with every ``[[…]]`` replaced by a link."""
    lines = doc.body.split("\n")
    by_line: dict[int, list] = {}
    for ref in doc.refs:
        by_line.setdefault(ref.pos.line - doc.body_line, []).append(ref)
    for index, refs in by_line.items():
        if not 0 <= index < len(lines):
            continue
        line = lines[index]
        for ref in sorted(refs, key=lambda r: r.pos.column, reverse=True):
            start = ref.pos.column - 1
            if line[start : start + len(ref.written)] != ref.written:
                continue
            link = linker.node(ref.target, ref.label, ref.heading)
            line = line[:start] + link + line[start + len(ref.written) :]
        lines[index] = line
    return _relink("\n".join(lines), doc, linker)


def _relink(text: str, doc: Document, linker: Linker) -> str:
    """Point links to attachments where the output puts them."""
    for written, path in bifogat.linked(linker.view.repo, doc).items():
        new = linker.attachment(path)
        for old in {written, quote(written)}:
            text = (
                text.replace(f"]({old}", f"]({new}")
                .replace(f"]: {old}", f"]: {new}")
                .replace(f"](<{old}>", f"](<{new}>")
            )
    return text


def split_title(markdown: str, title: str) -> tuple[str, str]:
    """The page's title heading and the rest of the body.

    A body that opens with ``# <its own titel>`` keeps that heading; otherwise
    the page gets one with a fixed id, so it can never take the anchor of a
    heading in the body (``[[id#rubrik]]`` links stay right).
    """
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# ") and " ".join(line[2:].split()).casefold() == " ".join(title.split()).casefold():
            return line, "\n".join(lines[index + 1 :])
        break
    return f"# {escape(title)} {{: #sidrubrik }}", markdown
