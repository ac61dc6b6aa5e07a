"""The title, and what else Word says about the document (author, date,
subtitle, abstract).

Pandoc moves paragraphs styled Title, Subtitle, Author, Date and Abstract out
of the text into metadata; ``docProps/core.xml`` holds Word's own document
properties, which are often left over from a template.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..ny import Options
from . import tree
from .header_fields import Fields
from .tree import Element
from .word import Package

FROM_WORD = "word"
FROM_OPTION = "option"


def front(meta: dict) -> list[Element]:
    """Word's subtitle and abstract back at the top of the text, where the reader saw them."""
    blocks: list[Element] = []
    if "subtitle" in meta:
        blocks.append({"t": "Para", "c": [{"t": "Emph", "c": _inlines(meta["subtitle"])}]})
    abstract = meta.get("abstract")
    if isinstance(abstract, dict) and abstract.get("t") == "MetaBlocks":
        blocks.extend(abstract["c"])
    elif isinstance(abstract, dict):
        blocks.append({"t": "Para", "c": _inlines(abstract)})
    return blocks


def title(
    options: Options, fields: Fields, meta: dict, package: Package, blocks: list[Element], source: Path
) -> tuple[str, str]:
    """The title and where it came from: --titel, Word (a Titel field, the Title
    paragraph, the document properties), the first heading, or the file name."""
    candidates = [
        (options.title, FROM_OPTION),
        (fields.values.pop("titel", None), FROM_WORD),
        (next(iter(meta_text(meta.get("title"))), None), FROM_WORD),
        (None if _placeholder(package.title) else package.title, FROM_WORD),
        (tree.text(blocks[0]) if blocks and blocks[0].get("t") == "Header" else None, "tagen från första rubriken"),
    ]
    for value, origin in candidates:
        value = unicodedata.normalize("NFC", " ".join(str(value or "").split()))
        if value:
            return value, origin
    return unicodedata.normalize("NFC", " ".join(source.stem.replace("_", " ").split())), "bildad av filnamnet"


def without_title(blocks: list[Element], title: str) -> list[Element]:
    """The text without a first heading or line that repeats the title: the
    handbook shows ``titel`` as the page heading."""
    if blocks and blocks[0].get("t") in ("Header", "Para", "Plain") and _same(tree.text(blocks[0]), title):
        return blocks[1:]
    return blocks


def authors(meta: dict, package: Package) -> list[str]:
    """Author paragraphs, then the document properties' author(s)."""
    names = meta_text(meta.get("author"))
    if package.creator:
        names += [n.strip() for n in package.creator.split(";") if n.strip()]
    return list(dict.fromkeys(names))


def not_taken(meta: dict, package: Package) -> list[str]:
    """Word's author and date: the format has no place for them, so they are only reported."""
    said = []
    names = authors(meta, package)
    if names:
        said.append(f"författare {', '.join(names)}")
    dates = meta_text(meta.get("date"))
    if dates:
        said.append(f"datum {dates[0]}")
    elif package.created:
        said.append(f"skapad {package.created.isoformat()}")
    return [f"ur Word men utan plats i huvudet: {'; '.join(said)}"] if said else []


def meta_text(value: object) -> list[str]:
    """The text of a metadata value; one item per entry of a list."""
    if not isinstance(value, dict):
        return []
    if value.get("t") == "MetaList":
        return [text for item in value["c"] for text in meta_text(item)]
    found = tree.text(_inlines(value))
    return [found] if found else []


def _inlines(value: dict) -> list[Element]:
    if value.get("t") == "MetaInlines":
        return value["c"]
    if value.get("t") == "MetaString":
        return [{"t": "Str", "c": value["c"]}]
    return [{"t": "Str", "c": tree.text(value.get("c"))}]


def _placeholder(title: str | None) -> bool:
    """Titles Word and templates leave behind: 'Dokument1', 'Microsoft Word - x.doc', 'Mall'."""
    if not title:
        return True
    folded = title.casefold()
    return folded.startswith("microsoft word") or folded.rstrip("0123456789 ") in (
        "dokument",
        "document",
        "mall",
        "rubrik",
        "title",
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
