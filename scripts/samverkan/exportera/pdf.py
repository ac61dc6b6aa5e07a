"""PDF: pandoc's typst writer with ``overrides/export/mall.typ``, compiled by
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

import typst

from .compose import Source
from .tools import TYPST_TEMPLATE, ExportError, convert


def typst_source(source: Source) -> str:
    """The typst markup of ``source``, as compiled into the PDF."""
    return source.fill(pandoc(source).decode("utf-8"))


def render(source: Source) -> bytes:
    """The PDF of ``source``."""
    return finish(pandoc(source), source)


def pandoc(source: Source) -> bytes:
    """Pandoc's typst markup of ``source`` (UTF-8), without the print date: the slow part."""
    produced = convert(
        source.markdown if source.stable is None else source.stable, "typst", [f"--template={TYPST_TEMPLATE}"]
    )
    assert isinstance(produced, str)
    return produced.encode("utf-8")


def finish(produced: bytes, source: Source) -> bytes:
    """The PDF compiled from pandoc's markup (:func:`pandoc`) with the print date filled in."""
    markup = source.fill(produced.decode("utf-8"))
    moment = dt.datetime.combine(source.today, dt.time(), tzinfo=dt.UTC)
    try:
        return typst.compile(
            markup.encode("utf-8"),
            format="pdf",
            ignore_system_fonts=True,
            timestamp=int(moment.timestamp()),
        )
    except RuntimeError as e:  # typst.TypstError, and anything else typst reports
        raise ExportError(f"typst kunde inte göra PDF-filen: {e}") from e
