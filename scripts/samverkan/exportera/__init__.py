"""Export a document as a file a nämnd can file: Word (.docx) or PDF.

One pandoc-Markdown source per document (:mod:`.compose`: title, header table,
body, optionally the bilagor), rendered by pandoc's docx writer with the
reference document in ``overrides/export/`` (:mod:`.docx`), or by pandoc's
typst writer and the ``typst`` package (:mod:`.pdf`). Everything installs with
pip and runs without network. Used by ``samverkan export`` and by the
handbook's downloads (:mod:`samverkan.handbok.nedladdning`).
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

from ..model import Document, Repository
from ..synlighet import View
from . import docx, pdf
from .cache import Cache
from .compose import Source, bilagor_of, compose, current_version, footer
from .tools import ExportError

FORMATS = ("docx", "pdf")
NAMES = {"docx": "Word (.docx)", "pdf": "PDF"}
_RENDERERS = {"docx": docx.render, "pdf": pdf.render}

__all__ = [
    "FORMATS", "NAMES", "Cache", "ExportError", "Source", "bilagor_of", "compose", "current_version",
    "export", "footer", "render", "render_all",
]


def render(source: Source, fmt: str, cache: Cache | None = None) -> bytes:
    """``source`` as a ``fmt`` file ("docx" or "pdf"), from ``cache`` when it has it."""
    if fmt not in _RENDERERS:
        raise ExportError(f"okänt format '{fmt}' — välj {' eller '.join(FORMATS)}")
    if cache is not None and (kept := cache.get(source, fmt)) is not None:
        return kept
    try:
        content = _RENDERERS[fmt](source)
    except ExportError as e:
        raise ExportError(f"dokumentet '{source.doc.id}' kunde inte exporteras till {NAMES[fmt]}: {e}") from e
    if cache is not None:
        cache.put(source, fmt, content)
    return content


def render_all(jobs: Sequence[tuple[Source, str]], cache: Cache | None = None, workers: int | None = None) -> list[bytes]:
    """Every ``(source, format)`` rendered, in order. Runs concurrently: most of
    the time is spent in pandoc, a separate process."""
    if not jobs:
        return []
    workers = workers or min(len(jobs), os.cpu_count() or 1, 8)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: render(job[0], job[1], cache), jobs))


def export(repo: Repository, doc: Document, fmt: str, today: dt.date, *, bilagor: bool = False) -> tuple[bytes, Source]:
    """``doc`` as a ``fmt`` file, shown as the public site shows it unless the
    document is itself intern (then the internal view: intern bilagor and
    titles of intern documents are included)."""
    source = compose(View(repo, intern=doc.intern), doc, today, bilagor=bilagor)
    return render(source, fmt), source
