"""Word: pandoc's docx writer with ``samverkan/templates/exportera/referens.docx`` for the
styles, page setup and footer, then two finishing touches in the file itself.

Pandoc copies the reference document's footer as is, so its placeholder is
replaced here with the footer line; Word's document properties get the title,
subject and keywords. Every entry gets a fixed timestamp, so the same source
gives the same bytes (the cache and the tests rely on it).

Pandoc converts the date-independent source (:attr:`Source.stable`); the print
date goes in afterwards (:func:`finish`), so pandoc's output can be kept from
one day to the next (:mod:`.cache`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from ..wording import TYPE_NAMES, date_sv
from .compose import DATE_MARK, Source
from .tools import REFERENCE_DOCX, Converter, ExportError, convert

# written into the reference document's footer by make_reference.py
PLACEHOLDER = "SAMVERKAN-SIDFOT"

_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
for _prefix, _uri in _NS.items():
    ElementTree.register_namespace(_prefix, _uri)


def render(source: Source) -> bytes:
    """The .docx of ``source``."""
    return finish(pandoc(source), source)


def pandoc(source: Source, converter: Converter | None = None) -> bytes:
    """Pandoc's .docx of ``source``, without the print date: the slow part.
    With a ``converter`` (:class:`.batch.Pool`) a running pandoc does it."""
    text = source.markdown if source.stable is None else source.stable
    if converter is not None:
        return converter.convert(text, "docx")
    produced = convert(text, "docx", [f"--reference-doc={REFERENCE_DOCX}"])
    assert isinstance(produced, bytes)
    return produced


def finish(produced: bytes, source: Source) -> bytes:
    """Fill in the print date, the footer and the document properties of
    pandoc's output (:func:`pandoc`)."""
    stamp = (source.today.year, source.today.month, source.today.day, 0, 0, 0)
    mark, printed = DATE_MARK.encode(), date_sv(source.today).encode()
    footer_seen = False
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(produced)) as docx, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in docx.namelist():
                data = docx.read(name)
                if source.stable is not None and name.endswith(".xml"):
                    data = data.replace(mark, printed)  # the metadata sidfot, in docProps/custom.xml
                if name.startswith("word/footer") and name.endswith(".xml"):
                    footer_seen = footer_seen or PLACEHOLDER.encode() in data
                    data = data.replace(PLACEHOLDER.encode(), escape(source.footer).encode("utf-8"))
                elif name == "docProps/core.xml":
                    data = _properties(data, source)
                target.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, ElementTree.ParseError) as e:
        raise ExportError(f"pandoc gav ingen läsbar Word-fil ({e})") from e
    if not footer_seen:
        raise ExportError(
            f"sidfoten i {REFERENCE_DOCX} saknar platshållaren {PLACEHOLDER} — "
            "skapa filen på nytt med scripts/make_reference.py"
        )
    return out.getvalue()


def _properties(xml: bytes, source: Source) -> bytes:
    """Title, subject, keywords and dates in ``docProps/core.xml``."""
    root = ElementTree.fromstring(xml)
    doc = source.doc
    subject = TYPE_NAMES.get(doc.typ or "", "Dokument")
    if doc.text("diarienummer"):
        subject += f", diarienummer {doc.text('diarienummer')}"
    topics = [t for _, t in doc.items("ämnen") if isinstance(t, str)]
    moment = dt.datetime.combine(source.today, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = {
        "dc:title": doc.name,
        "dc:subject": subject,
        "cp:keywords": ", ".join(topics),
        "dcterms:created": moment,
        "dcterms:modified": moment,
    }
    for tag, value in values.items():
        prefix, local = tag.split(":")
        element = root.find(tag, _NS)
        if element is None:
            element = ElementTree.SubElement(root, f"{{{_NS[prefix]}}}{local}")
            if prefix == "dcterms":
                element.set(f"{{{_NS['xsi']}}}type", "dcterms:W3CDTF")
        element.text = value
    return ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
