"""Header fields: the ``Diarienummer: RS 2024-00123`` lines and tables at the top
of an agreement, and in Word's page header, read into front matter keys.

Labels are matched tolerantly (case, dots and spaces do not matter: ``Giltig
fr.o.m.``, ``giltig from`` and ``Gäller från`` are the same), dates are read
as Swedish writers write them. Only what is recognised leaves the text —
except a document header, a two-column table of labels and values at the top
(Word templates and ``samverkan export`` open with one): all of it is header,
so it leaves the text, and the rows that are no front matter key are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..wording import MONTHS
from . import tree
from .tree import Element

# Label (lower case, letters only) → front matter key. "giltighetstid" holds a range.
_VALID = r"(giltig|giltigt|gäller|gällande)"
LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("titel", r"(titel|dokumentnamn|dokumenttitel|dokumentrubrik)"),
        ("diarienummer", r"(diarienummer|diarienr|dnr|diarienummerdnr)"),
        (
            "fastställd_av",
            r"(fastställdav|fastställtav|beslutadav|beslutatav|beslutsfattare|beslutsinstans|beslutandeorgan|antagenav|antagetav)",
        ),
        (
            "fastställd",
            r"(fastställd|fastställt|fastställddatum|fastställelsedatum|fastställdden|beslutsdatum|beslutad|beslutat|beslutadden|datumförbeslut|datumförfastställelse|antagen|antaget|antagandedatum)",
        ),
        (
            "giltig_från",
            _VALID
            + r"(from|fr|frånochmed|från|fromdatum|frånoch)|ikraftträdande|ikraftträdandedatum|träderikraft|startdatum",
        ),
        ("giltig_till", _VALID + r"(tom|till|tillochmed|tomdatum)|slutdatum|upphörattgälla"),
        ("giltighetstid", r"(giltighetstid|giltighetsperiod|giltighet|avtalsperiod|avtalstid|period)"),
        ("upphävd", r"(upphävd|upphävt|upphävddatum|upphävdden)"),
        (
            "revideras",
            r"(revideras|reviderassenast|skarevideras|skareviderassenast|revideringsdatum|revisionsdatum|nästarevision|nästarevidering|översynsenast|sesöversenast|skaomprövassenast)",
        ),
        ("version", r"(version|versionsnummer|versionnr|utgåva)"),
        ("status", r"(status|dokumentstatus)"),
        ("dokumentägare", r"(dokumentägare|dokumentansvarig|ägare|förvaltare|förvaltasav|ansvarigarena)"),
    )
)
TOP = 10  # header fields stand at the top: a document without headings is not searched all through
DATE_KEYS = ("fastställd", "giltig_från", "giltig_till", "upphävd", "revideras")
STATUS_WORDS = {
    "fastställd": ("fastställd", "fastställt", "beslutad", "beslutat", "gällande", "antagen", "antaget"),
    "utkast": ("utkast", "arbetsmaterial", "arbetsversion", "förslag", "draft"),
    "remiss": ("remiss", "remissversion", "påremiss", "remissutgåva", "remissförslag"),
    "upphävd": ("upphävd", "upphävt", "upphörd", "ersatt", "inaktuell"),
}
_OPEN_END = ("tillsvidare", "tv", "löpande", "ingetslutdatum")
_SHORT_MONTHS = {name[:3]: n for n, name in enumerate(MONTHS, 1)} | {"sept": 9}
_DECIDED_BY = re.compile(r"(.+?)\s+av\s+(.+)")
# A cell that says a field is empty: "–", "-", "—"
_EMPTY = re.compile(r"[-–—]*")
_RANGE = re.compile(
    r"^(.+?)\s*(?:\s[-–—]+\s|[–—]|\s--?\s|\s+till(?:\s+och\s+med)?\s+|\s+t\.?\s?o\.?\s?m\.?\s+)\s*(.+)$"
)


@dataclass
class Fields:
    """What the header fields gave: front matter values, and notes for the report."""

    values: dict[str, object] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # key → the label as written
    raw: dict[str, str] = field(default_factory=dict)  # key → the value as written
    problems: list[str] = field(default_factory=list)
    # rows of a header table that did not become front matter: "Label: value" (and why)
    left_out: list[str] = field(default_factory=list)


def key_of(label: str) -> str | None:
    """The front matter key a written label stands for, or None."""
    letters = "".join(c for c in label.casefold() if c.isalpha())
    for key, pattern in LABELS:
        if pattern.fullmatch(letters):
            return key
    return None


def parse_date(value: str) -> dt.date | None:
    """A date as Swedish documents write it: 2024-05-12, 2024.05.12, 12/5 2024, 12 maj 2024."""
    value = " ".join(value.strip().rstrip(".").split()).casefold()
    patterns = (
        (r"(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})", (1, 2, 3)),
        (r"(\d{4})(\d{2})(\d{2})", (1, 2, 3)),
        (r"(\d{1,2})[./](\d{1,2})[./ ]\s?(\d{4})", (3, 2, 1)),
    )
    for pattern, (y, m, d) in patterns:
        match = re.fullmatch(pattern, value)
        if match:
            return _date(int(match[y]), int(match[m]), int(match[d]))
    match = re.fullmatch(r"(?:den\s)?(\d{1,2}):?e?\s([a-zåäö]+)\.?\s(\d{4})", value)
    if match:
        month = match[2]
        number = MONTHS.index(month) + 1 if month in MONTHS else _SHORT_MONTHS.get(month)
        if number:
            return _date(int(match[3]), number, int(match[1]))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def status_of(value: str) -> str | None:
    letters = "".join(c for c in value.casefold() if c.isalpha())
    for status, words in STATUS_WORDS.items():
        if letters in words:
            return status
    return None


def read(fields: Fields, label: str, value: str, problems: list[str] | None = None) -> bool:
    """Take one ``label: value`` pair into ``fields``; False when it is not a header field
    or its value cannot be read (it then stays in the text). Why a value cannot be
    read goes to ``problems`` when given, else to ``fields.problems``."""
    key = key_of(label)
    value = " ".join(value.split())
    if key is None or not value:
        return False
    if key in fields.labels or (key == "giltighetstid" and "giltig_från" in fields.labels):
        return False  # said twice: the second stays in the text for the editor to judge
    told = fields.problems if problems is None else problems
    left = "det står kvar i texten" if problems is None else "det togs inte med"
    if key == "giltighetstid":
        return _range(fields, label, value, told, left)
    if key in DATE_KEYS:
        letters = "".join(c for c in value.casefold() if c.isalpha())
        if key == "giltig_till" and letters in _OPEN_END:
            fields.labels[key] = label
            return True
        decided = _DECIDED_BY.fullmatch(value) if key == "fastställd" else None
        if decided and parse_date(decided[1]) and "fastställd_av" not in fields.labels:
            # "12 maj 2024 av Politiskt samrådsorgan": the date and who decided, in one cell
            read(fields, label, decided[1], told)
            fields.values["fastställd_av"] = decided[2]
            fields.labels["fastställd_av"] = label
            fields.raw["fastställd_av"] = decided[2]
            return True
        parsed = parse_date(value)
        if parsed is None:
            told.append(f"{label}: ”{value}” kan inte läsas som datum — {left}")
            return False
        fields.values[key] = parsed
    elif key == "status":
        status = status_of(value)
        if status is None:
            told.append(f"{label}: ”{value}” är ingen status som går att känna igen — {left}")
            return False
        fields.values[key] = status
    else:
        fields.values[key] = value
    fields.labels[key] = label
    fields.raw[key] = value
    return True


def _range(fields: Fields, label: str, value: str, told: list[str], left: str) -> bool:
    match = _RANGE.match(value)
    start = parse_date(match[1]) if match else parse_date(value)
    if start is None:
        told.append(f"{label}: ”{value}” kan inte läsas som en period — {left}")
        return False
    end_text = match[2] if match else ""
    end = parse_date(end_text) if end_text else None
    if end_text and end is None and "".join(c for c in end_text.casefold() if c.isalpha()) not in _OPEN_END:
        told.append(f"{label}: slutet ”{end_text}” kan inte läsas som datum — fyll i giltig_till själv")
    fields.values.setdefault("giltig_från", start)
    fields.labels.setdefault("giltig_från", label)
    if end is not None:
        fields.values.setdefault("giltig_till", end)
        fields.labels.setdefault("giltig_till", label)
    fields.labels["giltighetstid"] = label
    return True


def split(line: str) -> tuple[str, str] | None:
    """``Label: value`` → (label, value) when the part before the colon is short enough to be a label."""
    label, colon, value = line.partition(":")
    if not colon or not label.strip() or len(label.split()) > 5:
        return None
    return label.strip(), value.strip()


def take(blocks: list[Element], header_lines: list[str]) -> tuple[list[Element], Fields]:
    """Header fields from the top of the text (before the first section heading,
    and at most :data:`TOP` blocks; a heading first is the title) and from Word's
    page headers; the text without the recognised ones."""
    fields = Fields()
    start = 1 if blocks and blocks[0].get("t") == "Header" else 0
    out = blocks[:start]
    for index in range(start, len(blocks)):
        block = blocks[index]
        if block.get("t") == "Header" or index >= start + TOP:
            out.extend(blocks[index:])
            break
        out.extend(_block(fields, block))
    for line in header_lines:
        parts = split(line)
        if parts and key_of(parts[0]) and key_of(parts[0]) not in fields.labels:
            read(fields, *parts)
    return out, fields


def _block(fields: Fields, block: Element) -> list[Element]:
    kind = block.get("t")
    if kind in ("Para", "Plain"):
        kept = [line for line in tree.lines(block["c"]) if not _line(fields, line)]
        if not any(tree.text(line) for line in kept):
            return []
        return [{"t": kind, "c": tree.join_lines(kept)}]
    if kind == "Table":
        return _table(fields, block)
    return [block]


def _line(fields: Fields, inlines: list[Element]) -> bool:
    parts = split(tree.text(inlines))
    return bool(parts) and read(fields, *parts)


def _table(fields: Fields, table: Element) -> list[Element]:
    """A table of header fields: label and value in neighbouring cells, or
    ``Label: value`` in one cell. The table goes; what was not recognised
    stays as ``**Label:** value`` paragraphs — unless the table is a document
    header (:func:`_header_table`), which is all metadata and leaves nothing behind."""
    _, _, _, head, bodies, foot = table["c"]
    rows = head[1] + [row for body in bodies for row in body[2] + body[3]] + foot[1]
    cells = [[cell[4] for cell in row[1]] for row in rows]
    if _header_table(cells):
        for label_cell, value_cell in (row for row in cells if any(tree.text(c) for c in row)):
            _header_row(fields, tree.text(label_cell).rstrip(":").strip(), tree.text(value_cell))
        return []
    trial = Fields()
    if not any(_row(trial, row, []) for row in cells):
        return [table]
    kept: list[Element] = []
    for row in cells:
        _row(fields, row, kept)
    return kept


def _header_table(cells: list[list[list[Element]]]) -> bool:
    """A document header: two columns, every row a short label and its value,
    and at least one label that is a front matter key (``Diarienummer``,
    ``Giltig från`` …). Word templates and ``samverkan export`` open documents
    with one; an ordinary two-column table has sentences or figures on the left."""
    filled = [row for row in cells if any(tree.text(cell) for cell in row)]
    if not filled or any(len(row) != 2 for row in filled):
        return False
    labels = [tree.text(row[0]).rstrip(":").strip() for row in filled]
    if any(not label or "\n" in label or ":" in label or len(label.split()) > 5 for label in labels):
        return False
    return any(key_of(label) for label in labels)


def _header_row(fields: Fields, label: str, value: str) -> None:
    """One row of a document header: into front matter, or onto ``fields.left_out``."""
    value = " ".join(value.split())
    if _EMPTY.fullmatch(value):
        return  # an empty field says nothing
    why: list[str] = []
    if not read(fields, label, value, why):
        fields.left_out.append(why[0] if why else f"{label}: {value}")


def _row(fields: Fields, row: list[list[Element]], kept: list[Element]) -> bool:
    """Read one row; append what was not recognised to ``kept``. True when something was."""
    found = False
    texts = [tree.text(cell) for cell in row]
    index = 0
    while index < len(texts):
        cell = texts[index]
        parts = split(cell) if "\n" not in cell else None
        if parts and parts[1] and key_of(parts[0]):
            if read(fields, *parts):
                found = True
            else:
                kept.append(_field_paragraph(*parts))
            index += 1
        elif index + 1 < len(texts) and key_of(cell.rstrip(":")):
            if read(fields, cell.rstrip(":"), texts[index + 1]):
                found = True
            elif texts[index + 1]:
                kept.append(_field_paragraph(cell.rstrip(":"), texts[index + 1]))
            index += 2
        elif index + 1 < len(texts) and cell and not split(cell):
            if texts[index + 1]:
                kept.append(_field_paragraph(cell.rstrip(":"), texts[index + 1]))
            index += 2
        else:
            if cell:
                kept.append({"t": "Para", "c": [{"t": "Str", "c": cell}]})
            index += 1
    return found


def _field_paragraph(label: str, value: str) -> Element:
    return {
        "t": "Para",
        "c": [{"t": "Strong", "c": [{"t": "Str", "c": f"{label}:"}]}, {"t": "Space"}, {"t": "Str", "c": value}],
    }
