"""The .docx file itself: whether it is one, Word's document properties, and
what a conversion leaves out.

Pandoc reads the text (:mod:`.pandoc`). This module opens the zip with the
standard library to answer what pandoc does not tell: the properties Word
keeps in ``docProps/core.xml``, the text of page headers and footers (where
agreements often keep their Diarienummer) and the parts of the file that do
not survive the conversion, so the report can name them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ..errors import SamverkanError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
_DIAGRAM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds"
_CORE = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "creator": "{http://purl.org/dc/elements/1.1/}creator",
    "created": "{http://purl.org/dc/terms/}created",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and Office's encrypted .docx
_HEADER_PART = re.compile(r"^word/(header|footer)\d*\.xml$")

# Bounds on what a Word file may unpack to, checked before anything converts
# it: a zip bomb (a small file that unpacks to gigabytes) is refused in a
# moment instead of filling memory. Real agreements, images included, stay
# far below.
MAX_UNPACKED = 256 * 1024 * 1024  # bytes, all parts together
MAX_RATIO = 200  # unpacked / packed, for any part over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_PARTS = 10_000
# How deep the document's XML may nest (a table in a table adds four levels);
# deeper files are refused before pandoc or Python recurses through them.
MAX_DEPTH = 160


class WordError(SamverkanError):
    """The Word file cannot be read or converted (exit status 2)."""


@dataclass
class Package:
    """One .docx: its bytes and what the zip says besides the text."""

    data: bytes
    title: str | None = None
    creator: str | None = None
    created: dt.date | None = None
    header_lines: list[str] = field(default_factory=list)
    comments: int = 0
    insertions: int = 0
    deletions: int = 0
    text_boxes: list[str] = field(default_factory=list)
    objects: int = 0
    charts: int = 0
    diagrams: int = 0


def read(path: Path) -> Package:
    """Open ``path`` as a Word document; :class:`WordError` says why it is not one."""
    name = path.name
    if path.is_dir():
        raise WordError(f"'{path}' är en mapp, inte en Word-fil — ange sökvägen till en .docx-fil")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WordError(f"filen '{path}' finns inte — kontrollera sökvägen") from None
    except OSError as e:
        raise WordError(f"kan inte läsa '{path}': {e.strerror}") from e
    if data.startswith(_OLE_MAGIC):
        raise WordError(
            f"'{name}' är en äldre Word-fil (.doc) eller en lösenordsskyddad fil — öppna den i Word, "
            "ta bort ett eventuellt lösenord och spara den som Word-dokument (.docx)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise WordError(_not_word(name, names))
            _bounded(archive, name)
            package = Package(data)
            _core(package, archive, names)
            document = _xml(archive, "word/document.xml", name)
            _shallow(document, name)
            _document(package, document)
            if "word/comments.xml" in names:
                package.comments = sum(1 for _ in _xml(archive, "word/comments.xml", name).iter(f"{W}comment"))
            for part in sorted(n for n in names if _HEADER_PART.match(n)):
                package.header_lines.extend(_lines(_xml(archive, part, name)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as e:
        if data[:2] != b"PK":
            raise WordError(f"'{name}' är ingen Word-fil (.docx) — spara dokumentet som .docx i Word") from e
        raise WordError(f"'{name}' är skadad och kan inte läsas — öppna den i Word och spara om den") from e
    return package


def _bounded(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a file that unpacks to too much: first by what the zip declares,
    then by unpacking every part with a running count (a zip can lie about sizes)."""
    parts = archive.infolist()
    limit_mb = MAX_UNPACKED // (1024 * 1024)
    too_big = WordError(
        f"'{name}' packas upp till mer än {limit_mb} MB och importeras inte — en Word-fil med så mycket "
        "innehåll är troligen skadad eller skadlig; spara om den i Word eller dela upp den"
    )
    if len(parts) > MAX_PARTS:
        raise WordError(f"'{name}' består av fler än {MAX_PARTS} delar och importeras inte — spara om den i Word")
    if sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise too_big
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise WordError(
                f"'{name}' innehåller delen {part.filename} som packas upp {ratio} "
                f"gånger större (högst {MAX_RATIO}) och importeras inte — filen är troligen skadad eller skadlig"
            )
    total = 0
    for part in parts:
        with archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                total += len(chunk)
                if total > MAX_UNPACKED:
                    raise too_big


def _shallow(root: ElementTree.Element, name: str) -> None:
    """Refuse XML nested deeper than MAX_DEPTH (walked without recursion)."""
    todo = [(root, 1)]
    while todo:
        element, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise WordError(
                f"'{name}' är nästlad i mer än {MAX_DEPTH} nivåer (till exempel tabeller i tabeller) och "
                "importeras inte — förenkla dokumentets struktur i Word och spara om det"
            )
        todo.extend((child, depth + 1) for child in element)


def _not_word(name: str, names: set[str]) -> str:
    if "content.xml" in names:
        return f"'{name}' är en OpenDocument-fil, ingen Word-fil — spara den som Word-dokument (.docx)"
    return f"'{name}' är ingen Word-fil (.docx) — den saknar Word-dokumentets innehåll (word/document.xml)"


def _xml(archive: zipfile.ZipFile, part: str, name: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(archive.read(part))
    except ElementTree.ParseError as e:
        raise WordError(f"'{name}' är skadad ({part} går inte att läsa) — öppna den i Word och spara om den") from e


def _core(package: Package, archive: zipfile.ZipFile, names: set[str]) -> None:
    if "docProps/core.xml" not in names:
        return
    try:
        core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except ElementTree.ParseError:
        return  # the properties are a nicety; the text can still be read
    for key, tag in _CORE.items():
        found = core.find(tag)
        text = " ".join((found.text or "").split()) if found is not None else ""
        if not text:
            continue
        if key == "created":
            try:
                package.created = dt.date.fromisoformat(text[:10])
            except ValueError:
                pass
        else:
            setattr(package, key, text)


def _document(package: Package, root: ElementTree.Element) -> None:
    for element in _visible(root):
        tag = element.tag
        if tag in (f"{W}ins", f"{W}moveTo"):
            package.insertions += 1
        elif tag in (f"{W}del", f"{W}moveFrom"):
            package.deletions += 1
        elif tag == f"{W}txbxContent":
            package.text_boxes.append(" ".join(" ".join(_lines(element)).split()))
        elif tag == f"{W}object":
            package.objects += 1
        elif tag == _CHART:
            package.charts += 1
        elif tag == _DIAGRAM:
            package.diagrams += 1


def _visible(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Every element except the fallbacks Word writes for older readers (each
    text box or shape would otherwise be counted twice), in document order,
    without recursion."""
    todo = list(reversed(list(element)))
    while todo:
        child = todo.pop()
        if child.tag == _MC_FALLBACK:
            continue
        yield child
        todo.extend(reversed(list(child)))


def _lines(root: ElementTree.Element) -> list[str]:
    """The text of each paragraph under ``root``, with manual line breaks as lines of their own."""
    lines: list[str] = []
    for paragraph in root.iter(f"{W}p"):
        parts: list[str] = []
        for element in paragraph.iter():
            if element.tag == f"{W}t" and element.text:
                parts.append(element.text)
            elif element.tag == f"{W}tab":
                parts.append(" ")
            elif element.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        for line in "".join(parts).split("\n"):
            if line.strip():
                lines.append(" ".join(line.split()))
    return lines
