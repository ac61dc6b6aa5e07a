"""PDF: pandoc's typst writer with ``overrides/export/mall.typ``, compiled by
the ``typst`` package. Both install with pip; no system libraries, no network.

Typst sees only its built-in fonts (system fonts are ignored), and the
document date is the export date, so the same source gives the same bytes on
every machine.
"""

from __future__ import annotations

import datetime as dt

import typst

from .compose import Source
from .tools import TYPST_TEMPLATE, ExportError, convert


def typst_source(source: Source) -> str:
    """The typst markup of ``source``, as compiled into the PDF."""
    produced = convert(source.markdown, "typst", [f"--template={TYPST_TEMPLATE}"])
    assert isinstance(produced, str)
    return produced


def render(source: Source) -> bytes:
    """The PDF of ``source``."""
    markup = typst_source(source)
    moment = dt.datetime.combine(source.today, dt.time(), tzinfo=dt.timezone.utc)
    try:
        return typst.compile(
            markup.encode("utf-8"),
            format="pdf",
            ignore_system_fonts=True,
            timestamp=int(moment.timestamp()),
        )
    except RuntimeError as e:  # typst.TypstError, and anything else typst reports
        raise ExportError(f"typst kunde inte göra PDF-filen: {e}") from e
