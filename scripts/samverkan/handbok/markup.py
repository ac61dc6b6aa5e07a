"""Markdown produced for the handbook: escaping, links, and document bodies
with their ``[[id]]`` references turned into links carrying the target's title."""

from __future__ import annotations

import re
from urllib.parse import quote

from .. import body as body_module
from ..body import anchor
from ..model import Document, Node
from . import filer, paths

# Python-Markdown's backslash-escapable characters, plus '|' for table cells
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
INTERN_TEXT = "(internt dokument)"


def escape(text: object) -> str:
    """Text from the front matter as literal Markdown inline text."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;")
    value = " ".join(value.split())  # a newline would end a table row or list item
    return _SPECIAL.sub(r"\\\1", value)


def code(text: object) -> str:
    """Text as a Markdown code span: literal, whatever it holds (a backtick
    would end the span early, so it becomes a quote)."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


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

    def nodes(self, ids, sep: str = ", ") -> str:
        return sep.join(self.node(i) for i in ids)


_REF = re.compile(r"\[\[(.*?)\]\]")


def text(value: object, linker: Linker) -> str:
    """Registry text (``beskrivning``) as Markdown: escaped, with every
    ``[[id]]``, ``[[id|text]]`` or ``[[id#rubrik]]`` a link as in a body, or
    "(internt dokument)" for what this build may not show (spec §6)."""
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
    """Point links to attachments at their published copies (see :mod:`filer`)."""
    for written, path in filer.linked(linker.view.repo, doc).items():
        new = linker.href(filer.href_path(path))
        for old in {written, quote(written)}:
            text = (
                text.replace(f"]({old}", f"]({new}")
                .replace(f"]: {old}", f"]: {new}")
                .replace(f"](<{old}>", f"](<{new}>")
            )
    return text


def title_of(node: Node | None) -> str:
    return node.name if node is not None else ""


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


def _heading_tokens(markdown: str) -> list:
    tokens = body_module._blocks(markdown)
    return [(t, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open" and t.map]


def heading_texts(markdown: str) -> set[str]:
    """The body's headings as plain text, casefolded (to keep generated
    sections from taking the same title)."""
    return {" ".join(text.split()).casefold() for _, text in _heading_tokens(markdown)}


def one_h1(markdown: str) -> str:
    """The body with every heading one level down when it holds an H1, so the
    page's title stays its only H1. Anchors come from the heading text, so
    links to headings keep working."""
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
