"""Reworking pandoc's document tree (its JSON form) into what the handbook renders.

Word documents carry things strict Markdown has no words for: bookmarks,
styled spans, figures with captions, sized images, tables without a header
row, tables with merged cells. Each function here turns one of them into
plain Markdown structure, or says what could not be kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .. import htmlpolicy

Element = dict[str, Any]
NO_ATTR: list = ["", [], []]
BREAK: Element = {"t": "RawInline", "c": ["html", "<br>"]}
TOC_TITLES = ("innehåll", "innehållsförteckning", "contents", "table of contents")


def walk(node: Any, fn: Callable[[Element], list[Element]]) -> Any:
    """``node`` with ``fn`` applied bottom-up to every element (a dict with ``t``);
    ``fn`` returns the elements that replace it (none removes it)."""
    if isinstance(node, list):
        out: list = []
        for item in node:
            item = walk(item, fn)
            if isinstance(item, dict) and "t" in item:
                out.extend(fn(item))
            else:
                out.append(item)
        return out
    if isinstance(node, dict):
        return {key: walk(value, fn) for key, value in node.items()}
    return node


def elements(node: Any) -> Iterable[Element]:
    """Every element below ``node``, in document order."""
    if isinstance(node, list):
        for item in node:
            yield from elements(item)
    elif isinstance(node, dict):
        if "t" in node:
            yield node
        yield from elements(node.get("c"))


def text(node: Any) -> str:
    """The plain text of inlines or blocks; notes left out, breaks as newlines."""
    parts: list[str] = []

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                visit(child)
            return
        if not isinstance(item, dict):
            return
        kind, content = item.get("t"), item.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "LineBreak" or item == BREAK:
            parts.append("\n")
        elif kind in ("Code", "Math"):
            parts.append(content[1])
        elif kind in ("Para", "Plain", "Header"):
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            visit(content)
            parts.append("\n")
        elif kind == "Image":
            visit(content[1])
        elif kind == "Quoted":
            parts.append("”")
            visit(content[1])
            parts.append("”")
        elif kind != "Note":
            visit(content)

    visit(node)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).strip().split("\n"))


def lines(inlines: list[Element]) -> list[list[Element]]:
    """A paragraph's inlines split at its line breaks."""
    result: list[list[Element]] = [[]]
    for item in inlines:
        if item.get("t") == "LineBreak" or item == BREAK:
            result.append([])
        else:
            result[-1].append(item)
    return result


def join_lines(parts: list[list[Element]]) -> list[Element]:
    out: list[Element] = []
    for index, part in enumerate(parts):
        if index:
            out.append({"t": "LineBreak"})
        out.extend(part)
    return out


def is_toc_entry(block: Element) -> bool:
    """A line of Word's table of contents: a paragraph that is one link to a
    place in the document (pandoc renames Word's ``_Toc`` bookmarks, so the
    target only tells that it is inside the document)."""
    if block.get("t") not in ("Para", "Plain"):
        return False
    content = [i for i in block["c"] if i.get("t") not in ("Space", "SoftBreak")]
    return len(content) == 1 and content[0].get("t") == "Link" and content[0]["c"][2][0].startswith("#")


def without_toc(blocks: list[Element]) -> tuple[list[Element], bool]:
    """The blocks without Word's table of contents (the handbook lists the
    headings itself): two or more lines in a row that each only link into the
    document, and a line right before them that names them. True if one was found."""
    entry = [is_toc_entry(block) for block in blocks]
    toc = {
        index
        for index in range(len(blocks))
        if entry[index] and (index + 1 < len(blocks) and entry[index + 1] or index > 0 and entry[index - 1])
    }
    toc |= {
        index
        for index in range(len(blocks) - 1)
        if index + 1 in toc and index not in toc and text(blocks[index]).casefold().rstrip(":") in TOC_TITLES
    }
    return [block for index, block in enumerate(blocks) if index not in toc], bool(toc)


def clean(blocks: list[Element]) -> list[Element]:
    """Word's structure as strict Markdown can write it: attributes, bookmarks
    and styled spans dropped, links inside the document unlinked (their anchors
    do not exist in the handbook), figures as an image and a caption, headings
    without emphasis, line breaks as ``<br>`` (trailing spaces get lost in editors)."""

    def fix(item: Element) -> list[Element]:
        kind = item.get("t")
        if kind == "Span":
            return item["c"][1]
        if kind == "SmallCaps":
            return item["c"]
        if kind == "Div":
            return item["c"][1]
        if kind == "Link":
            if item["c"][2][0].startswith("#"):
                return item["c"][1]
            return [{"t": "Link", "c": [NO_ATTR, item["c"][1], item["c"][2]]}]
        if kind == "Image":
            return [{"t": "Image", "c": [NO_ATTR, item["c"][1], item["c"][2]]}]
        if kind == "LineBreak":
            return [BREAK]
        if kind == "Header":
            level, _, content = item["c"]
            return [{"t": "Header", "c": [level, NO_ATTR, _plain_inlines(content)]}]
        if kind == "Figure":
            return _figure(item)
        if (
            kind in ("Para", "Plain")
            and not text(item["c"])
            and not any(e.get("t") == "Image" for e in elements(item["c"]))
        ):
            return []
        if kind == "Table":
            return [_headed(item)]
        return [item]

    return walk(blocks, fix)


def _plain_inlines(content: list[Element]) -> list[Element]:
    """A heading's text without the bold or italics Word headings are often typed with."""

    def unwrap(item: Element) -> list[Element]:
        return item["c"] if item.get("t") in ("Strong", "Emph") else [item]

    return walk(content, unwrap)


def _figure(item: Element) -> list[Element]:
    _, caption, body = item["c"]
    caption_text = [b for b in caption[1] if text(b)]
    out = [({"t": "Para", "c": b["c"]} if b.get("t") == "Plain" else b) for b in body]
    for block in caption_text:
        out.append({"t": "Para", "c": [{"t": "Emph", "c": block["c"]}]})
    return out


def _headed(table: Element) -> Element:
    """A table whose first row becomes the header row when Word marked none:
    Markdown tables always have one, and an empty one reads badly. Word's column
    widths go too: the site ignores them, and pandoc would spell them out as
    long rows of dashes."""
    attr, caption, specs, head, bodies, foot = table["c"]
    specs = [[align, {"t": "ColWidthDefault"}] for align, _ in specs]
    rows = [row for body in bodies for row in body[3]]
    if not head[1] and rows:
        head = [head[0], [rows[0]]]
        first = bodies[0] if bodies[0][3] else next(b for b in bodies if b[3])
        first[3] = first[3][1:]
    if foot[1] and bodies:
        bodies[-1][3] = bodies[-1][3] + foot[1]
        foot = [foot[0], []]
    return {"t": "Table", "c": [attr, caption, specs, head, bodies, foot]}


def complex_tables(blocks: list[Element]) -> list[str]:
    """Why each table that a pipe table cannot hold is written as HTML instead:
    merged cells, more than one paragraph or a list in a cell, several header rows."""
    found = []
    for table in (e for e in elements(blocks) if e.get("t") == "Table"):
        _, _, _, head, bodies, _ = table["c"]
        rows = head[1] + [row for body in bodies for row in body[2] + body[3]]
        cells = [cell for row in rows for cell in row[1]]
        reasons = []
        if any(cell[2] > 1 or cell[3] > 1 for cell in cells):
            reasons.append("sammanslagna celler")
        if any(len(cell[4]) > 1 or any(b.get("t") not in ("Plain", "Para") for b in cell[4]) for cell in cells):
            reasons.append("flera stycken eller en lista i en cell")
        if len(head[1]) > 1:
            reasons.append("flera rubrikrader")
        if reasons:
            first = next((text(cell[4]) for cell in cells if text(cell[4])), "")
            found.append(f"tabellen som börjar ”{short(first)}” har {' och '.join(reasons)}")
    return found


def short(value: str, length: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def without_code_links(blocks: list[Element]) -> tuple[list[Element], list[str]]:
    """``blocks`` with every link (or image) whose target would run code, such as
    ``javascript:``, replaced by its text; and those targets, for the report."""
    dropped: list[str] = []

    def fix(item: Element) -> list[Element]:
        if item["t"] in ("Link", "Image"):
            target = item["c"][2][0] if len(item["c"]) > 2 and item["c"][2] else ""
            if isinstance(target, str) and htmlpolicy.dangerous_url(target):
                dropped.append(target)
                return list(item["c"][1])
        return [item]

    return walk(blocks, fix), dropped


def map_images(blocks: list[Element], rename: Callable[[str, str], str]) -> list[Element]:
    """Blocks with each image's source replaced by ``rename(source, alt text)``."""

    def fix(item: Element) -> list[Element]:
        if item.get("t") != "Image":
            return [item]
        attr, alt, (source, title) = item["c"]
        return [{"t": "Image", "c": [attr, alt, [rename(source, text(alt)), title]]}]

    return walk(blocks, fix)


def list_starts(blocks: list[Element]) -> list[int]:
    """Where numbered lists that do not begin at 1 begin (a list Word continued after a break)."""
    return [e["c"][0][0] for e in elements(blocks) if e.get("t") == "OrderedList" and e["c"][0][0] != 1]


def kinds(blocks: list[Element]) -> set[str]:
    """The element types present (``Math``, ``Note``, …)."""
    return {e["t"] for e in elements(blocks)}
