"""Make ``referens.docx``, the Word styles of ``samverkan export``.

Starts from pandoc's own reference document (from the pandoc bundled with
pypandoc-binary) and changes only what the export needs:

- fonts: Arial for body text and headings (the default, Aptos, is missing in
  older Word and has to be downloaded; Arial is everywhere and LibreOffice
  substitutes a metric-compatible font);
- Swedish as the language (spell checking, hyphenation), 11 pt text,
  A4 with 2.5 cm margins, tighter paragraph spacing;
- the table style: thin grey borders and some cell padding, so the header
  table and the tables of a document read as tables on paper;
- a footer: a placeholder the export replaces with "Utskriven …, gällande
  version: …" and the page number "Sida N av M" (Word fields).

Pandoc copies the styles, page setup and footer of this file into every
exported document. Run it again after changing it (or after a pandoc update)::

    .venv/bin/python scripts/make_reference.py

The same pandoc gives the same bytes: entries are written in a fixed order
with a fixed timestamp. Every edit checks that it matched exactly where
expected, so a changed pandoc default fails loudly instead of silently.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pypandoc

TARGET_DIR = Path(__file__).resolve().parent / "samverkan" / "templates" / "exportera"
TARGET = TARGET_DIR / "referens.docx"
# The export looks for this text in word/footer*.xml (samverkan.exportera.docx).
PLACEHOLDER = "SAMVERKAN-SIDFOT"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTER_REL = "rIdSamverkanFooter"
TEXT_WIDTH = 11906 - 2 * 1417  # A4 width minus the margins, in twentieths of a point

FOOTER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:ftr xmlns:w="{W}" xmlns:r="{R}">'
    '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    f'<w:r><w:t xml:space="preserve">{PLACEHOLDER}</w:t></w:r>'
    "<w:r><w:tab/></w:r>"
    '<w:r><w:t xml:space="preserve">Sida </w:t></w:r>'
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    '<w:r><w:t xml:space="preserve"> av </w:t></w:r>'
    '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    "</w:p></w:ftr>"
)

FOOTER_STYLE = (
    '<w:style w:type="paragraph" w:styleId="Footer">'
    '<w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    f'<w:pPr><w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:after="0"/></w:pPr>'
    '<w:rPr><w:color w:val="404040"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    "</w:style>"
)

TABLE_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def replace(text: str, pattern: str, new: str, *, count: int = 1) -> str:
    """``pattern`` (a regex) replaced ``count`` times; anything else is an error."""
    result, found = re.subn(pattern, new, text, flags=re.DOTALL)
    if found != count:
        sys.exit(f"make_reference: expected {count} match(es) of {pattern!r}, found {found}")
    return result


def styles(xml: str) -> str:
    xml = replace(
        xml,
        r'<w:rFonts w:asciiTheme="minorHAnsi"[^>]*/>\s*<w:sz w:val="24" />\s*'
        r'<w:szCs w:val="24" />\s*<w:lang w:val="en-US"',
        '<w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial" />'
        '<w:sz w:val="22" /><w:szCs w:val="22" /><w:lang w:val="sv-SE"',
    )
    xml = replace(xml, r'<w:spacing w:after="200" />', '<w:spacing w:after="160" />')
    # Body Text: pandoc's 9 pt before and after every paragraph is airy for a decision document.
    xml = replace(xml, r'<w:spacing w:before="180" w:after="180" />', '<w:spacing w:before="0" w:after="160" />')
    xml = replace(
        xml,
        r'(<w:style w:type="table" w:default="1" w:styleId="Table">.*?)<w:tblCellMar>\s*'
        r'<w:top w:w="0" w:type="dxa" />(.*?)<w:bottom w:w="0" w:type="dxa" />',
        rf'\1{TABLE_BORDERS}<w:tblCellMar><w:top w:w="57" w:type="dxa" />\2<w:bottom w:w="57" w:type="dxa" />',
    )
    return replace(xml, r"</w:styles>", FOOTER_STYLE + "</w:styles>")


def theme(xml: str) -> str:
    xml = replace(xml, r'(<a:majorFont>\s*)<a:latin typeface="[^"]*"[^/]*/>', r'\1<a:latin typeface="Arial"/>')
    return replace(xml, r'(<a:minorFont>\s*)<a:latin typeface="[^"]*"[^/]*/>', r'\1<a:latin typeface="Arial"/>')


def document(xml: str) -> str:
    return replace(
        xml,
        r"<w:sectPr>(.*?)</w:sectPr>",
        f'<w:sectPr><w:footerReference w:type="default" r:id="{FOOTER_REL}" />\\1'
        '<w:pgSz w:w="11906" w:h="16838" />'
        '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" '
        'w:header="709" w:footer="709" w:gutter="0" /></w:sectPr>',
    )


def relationships(xml: str) -> str:
    rel = f'<Relationship Type="{R}/footer" Id="{FOOTER_REL}" Target="footer1.xml" />'
    return replace(xml, r"</Relationships>", rel + "</Relationships>")


def content_types(xml: str) -> str:
    override = (
        '<Override PartName="/word/footer1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />'
    )
    return replace(xml, r"</Types>", override + "</Types>")


def settings(xml: str) -> str:
    return replace(xml, r'<w:themeFontLang w:val="en-US" />', '<w:themeFontLang w:val="sv-SE" />')


EDITS = {
    "word/styles.xml": styles,
    "word/theme/theme1.xml": theme,
    "word/document.xml": document,
    "word/_rels/document.xml.rels": relationships,
    "[Content_Types].xml": content_types,
    "word/settings.xml": settings,
}


def default_reference() -> bytes:
    """pandoc's built-in reference.docx, from the bundled pandoc."""
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout


def build(original: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            data = source.read(name)
            if name in EDITS:
                data = EDITS[name](data.decode("utf-8")).encode("utf-8")
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
        target.writestr(zipfile.ZipInfo("word/footer1.xml", FIXED_TIME), FOOTER.encode("utf-8"), zipfile.ZIP_DEFLATED)
        missing = set(EDITS) - set(names)
        if missing:
            sys.exit(f"make_reference: pandoc's reference.docx lacks {sorted(missing)}")
    return out.getvalue()


def main() -> None:
    TARGET.write_bytes(build(default_reference()))
    print(f"Skrev {TARGET} (pandoc {pypandoc.get_pandoc_version()})")


if __name__ == "__main__":
    main()
