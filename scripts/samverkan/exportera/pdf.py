"""PDF: pandoc's typst writer with ``templates/exportera/mall.typ``, compiled by
the ``typst`` package. Both install with pip; no system libraries, no network.

Typst sees only its built-in fonts (system fonts are ignored), and the
document date is the export date, so the same source gives the same bytes on
every machine. Pandoc converts the date-independent source
(:attr:`Source.stable`); the print date goes into the typst markup just
before it is compiled (:func:`finish`), so pandoc's output can be kept from
one day to the next (:mod:`.cache`).
"""

from __future__ import annotations

import datetime as dt
import threading

import typst

from .compose import Source
from .tools import TYPST_TEMPLATE, Converter, ExportError, convert


def typst_source(source: Source) -> str:
    """The typst markup of ``source``, as compiled into the PDF."""
    return source.fill(pandoc(source).decode("utf-8"))


def render(source: Source) -> bytes:
    """The PDF of ``source``."""
    return finish(pandoc(source), source)


def pandoc(source: Source, converter: Converter | None = None) -> bytes:
    """Pandoc's typst markup of ``source`` (UTF-8), without the print date: the
    slow part. With a ``converter`` (:class:`.batch.Pool`) a running pandoc does it."""
    text = source.markdown if source.stable is None else source.stable
    if converter is not None:
        return converter.convert(text, "typst")
    produced = convert(text, "typst", [f"--template={TYPST_TEMPLATE}"])
    assert isinstance(produced, str)
    return produced.encode("utf-8")


FALLBACK_NOTE = (
    "Den här PDF-filen visar dokumentets text utan formatering: PDF-verktyget klarade inte dokumentets "
    "struktur (till exempel citat eller listor i mycket många nivåer). Webbplatsen och Word-filen visar "
    "dokumentet som vanligt."
)


def finish(produced: bytes, source: Source) -> bytes:
    """The PDF compiled from pandoc's markup (:func:`pandoc`) with the print date filled in.

    Typst refuses some valid documents (quotes or lists nested hundreds deep, odd
    link content). Such a document still gets a PDF, its text unformatted under
    a note (:data:`FALLBACK_NOTE`), so one document never stops the whole site.
    """
    try:
        return _compile(source.fill(produced.decode("utf-8")), source)
    except ExportError:
        return _compile(fallback_markup(source), source)


def fallback_markup(source: Source) -> str:
    """Typst markup of the document's text as written, as one block of plain text."""
    title = source.doc.name
    text = source.markdown if source.stable is None else source.fill(source.stable)
    return (
        f"#set document(title: {_string(title)})\n"
        '#set text(lang: "sv")\n'
        f"#heading(level: 1, {_string(title)})\n\n"
        f"#block(stroke: 0.5pt, inset: 8pt)[#emph({_string(FALLBACK_NOTE)})]\n\n"
        f"#raw({_string(text)}, block: true)\n"
    )


def _string(value: str) -> str:
    """A typst string literal holding ``value`` exactly."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return f'"{escaped}"'


def _compile(markup: str, source: Source) -> bytes:
    moment = dt.datetime.combine(source.today, dt.time(), tzinfo=dt.UTC)
    try:
        return typst_pdf(markup.encode("utf-8"), int(moment.timestamp()))
    except RuntimeError as e:  # typst.TypstError, and anything else typst reports
        raise ExportError(f"typst kunde inte göra PDF-filen: {e}") from e


_compilers = threading.local()


def typst_pdf(markup: bytes, timestamp: int) -> bytes:
    """The PDF typst compiles from ``markup``, dated ``timestamp``: the bytes of
    ``typst.compile(markup, format="pdf", ignore_system_fonts=True, timestamp=…)``,
    on a compiler kept by each thread (``typst.compile`` makes a new one for every
    file, a fifth of the time of a small document; ``tests/test_exportera.py``
    compares the two)."""
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        compiler = _compilers.compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler.compile(input=markup, format="pdf", timestamp=timestamp)
