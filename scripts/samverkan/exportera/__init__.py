"""Export a document as a file a nämnd can file: Word (.docx) or PDF.

One pandoc-Markdown source per document (:mod:`.compose`: title, header table,
body, optionally the bilagor), rendered by pandoc's docx writer with the
reference document in ``templates/exportera/`` (:mod:`.docx`), or by pandoc's
typst writer and the ``typst`` package (:mod:`.pdf`). Pandoc, the slow part,
converts the source without the print date, which is filled in afterwards;
:mod:`.cache` keeps pandoc's output across days. Many exports share a few
long-lived pandoc processes (:mod:`.batch`), and the handbook's downloads are
made in a child process beside the page build (:mod:`.background`).
Everything installs with pip and runs without network. Used by ``samverkan
export`` and by the handbook's downloads (:mod:`samverkan.handbok.nedladdning`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ..model import Document, Repository
from ..synlighet import View
from . import docx, pdf
from .background import Running, beside, staged, start
from .batch import Pool, borrowed
from .cache import Cache, Entry
from .compose import Source, bilagor_of, compose, current_version, footer
from .inputs import Inputs
from .tools import Converter, ExportError

FORMATS = ("docx", "pdf")
NAMES = {"docx": "Word (.docx)", "pdf": "PDF"}
# per format: pandoc's conversion, then the date-dependent finish
_STEPS = {"docx": (docx.pandoc, docx.finish), "pdf": (pdf.pandoc, pdf.finish)}

__all__ = [
    "FORMATS",
    "NAMES",
    "Cache",
    "Entry",
    "ExportError",
    "Inputs",
    "Pool",
    "Running",
    "Source",
    "beside",
    "bilagor_of",
    "compose",
    "current_version",
    "export",
    "footer",
    "render",
    "render_all",
    "render_formats",
    "staged",
    "start",
]


def render(
    source: Source,
    fmt: str,
    cache: Cache | None = None,
    pandoc: Converter | None = None,
    *,
    keep_date: bool = False,
) -> bytes:
    """``source`` as a ``fmt`` file ("docx" or "pdf"). With a ``cache``, pandoc
    runs only for a source it has not converted before, on any day. With
    ``pandoc`` (a :class:`Pool`) running pandoc processes convert; without,
    pandoc is started for this conversion. With ``keep_date`` (the handbook's
    downloads) a file kept from an earlier day is returned as it was made,
    print date included: only its date would differ, and a nightly build where
    nothing changed then makes nothing again."""
    _known(fmt)
    return _render(source, fmt, cache.get(source, fmt) if cache is not None else None, cache, pandoc, keep_date)


def render_formats(
    source: Source,
    formats: Sequence[str],
    cache: Cache | None = None,
    pandoc: Pool | None = None,
    *,
    keep_date: bool = False,
) -> list[bytes]:
    """``source`` in every one of ``formats``, in order: what :func:`render` gives
    for each. When pandoc must convert it to both Word and PDF, a ``pandoc``
    process reads and filters it once for the two (:meth:`Pool.convert_both`)."""
    for fmt in formats:
        _known(fmt)
    kept = [cache.get(source, fmt) if cache is not None else None for fmt in formats]
    if tuple(formats) == FORMATS and pandoc is not None and all(entry is None for entry in kept):
        try:
            converted = pandoc.convert_both(source.markdown if source.stable is None else source.stable)
        except ExportError:
            pass  # each format on its own below, failing with its own message
        else:
            return [_finished(source, fmt, produced, cache) for fmt, produced in zip(formats, converted)]
    return [_render(source, fmt, entry, cache, pandoc, keep_date) for fmt, entry in zip(formats, kept)]


def _known(fmt: str) -> None:
    if fmt not in _STEPS:
        raise ExportError(f"okänt format '{fmt}' — välj {' eller '.join(FORMATS)}")


def _render(
    source: Source, fmt: str, kept: Entry | None, cache: Cache | None, pandoc: Converter | None, keep_date: bool
) -> bytes:
    """:func:`render`, given what the cache has (``kept``)."""
    if kept is not None and (keep_date or kept.day == source.today):
        return kept.content
    if kept is not None:
        try:  # pandoc's output from an earlier day, the new date filled in
            return _finished(source, fmt, kept.converted, cache)
        except ExportError:
            pass  # an unusable entry: convert again, and report what that gives
    try:
        converted = _STEPS[fmt][0](source, pandoc)
    except ExportError as e:
        raise _failed(source, fmt, e) from e
    return _finished(source, fmt, converted, cache)


def _finished(source: Source, fmt: str, converted: bytes, cache: Cache | None) -> bytes:
    """The file finished from pandoc's output ``converted`` (the print date
    filled in), kept in ``cache`` with it."""
    try:
        content = _STEPS[fmt][1](converted, source)
    except ExportError as e:
        raise _failed(source, fmt, e) from e
    if cache is not None:
        cache.put(source, fmt, Entry(converted, source.today, content))
    return content


def _failed(source: Source, fmt: str, e: ExportError) -> ExportError:
    return ExportError(f"dokumentet '{source.doc.id}' kunde inte exporteras till {NAMES[fmt]}: {e}")


def render_all(
    jobs: Sequence[tuple[Source, str]],
    cache: Cache | None = None,
    workers: int | None = None,
    *,
    keep_date: bool = False,
    pandoc: Pool | None = None,
) -> list[bytes]:
    """Every ``(source, format)`` rendered, in order (``keep_date``: see
    :func:`render`). Runs concurrently, on a few long-lived pandoc processes
    (one per core unless ``workers`` says); on ``pandoc``'s, if given, which
    stay running for the caller's next call."""
    if not jobs:
        return []
    if cache is not None and keep_date:
        kept = [cache.get(source, fmt) for source, fmt in jobs]
        if all(entry is not None for entry in kept):
            return [entry.content for entry in kept]  # no pandoc process is started
    # a source's formats are made together (one reading by pandoc for both)
    tasks: dict[int, tuple[Source, list[str], list[int]]] = {}
    for i, (source, fmt) in enumerate(jobs):
        task = tasks.setdefault(id(source), (source, [], []))
        task[1].append(fmt)
        task[2].append(i)
    workers = workers or min(len(jobs), os.cpu_count() or 1, 8)
    out: list[bytes] = [b""] * len(jobs)
    with borrowed(pandoc, workers) as pool, ThreadPoolExecutor(max_workers=workers + 1) as threads:
        made = threads.map(lambda t: render_formats(t[0], t[1], cache, pool, keep_date=keep_date), tasks.values())
        for (_, _, places), contents in zip(tasks.values(), made):
            for i, content in zip(places, contents):
                out[i] = content
    return out


def export(
    repo: Repository, doc: Document, fmt: str, today: dt.date, *, bilagor: bool = False, drafts: bool = False
) -> tuple[bytes, Source]:
    """``doc`` as a ``fmt`` file, shown as the public site shows it unless the
    document is itself intern (then the internal view: intern bilagor and
    titles of intern documents are included). Bilagor in utkast only with
    ``drafts``."""
    source = compose(View(repo, intern=doc.intern), doc, today, bilagor=bilagor, drafts=drafts)
    return render(source, fmt), source
