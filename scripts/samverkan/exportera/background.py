"""Exports made beside the site build, in a child process.

Converting every document takes longer than building all the pages, and both
are mostly single-threaded Python; run one after the other they add up. So
:func:`start` forks a child that composes and renders the exports (with
pandoc processes of its own, see :mod:`.batch`) into a staging folder while
the parent goes on building pages; the site generator collects the files at
the end (:meth:`Running.wait`). Where ``fork`` is not available the exports are
made at once, in this process.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import shutil
import tempfile
import traceback
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..model import Document
from ..synlighet import View
from .batch import Pool
from .cache import Cache
from .compose import compose
from .tools import ExportError

ERROR_FILE = "fel.txt"


class Running:
    """Exports of ``docs`` in ``formats``, being made; file ``i`` is job ``i``
    in the order ``[(doc, fmt) for doc in docs for fmt in formats]``."""

    def __init__(self, folder: Path, count: int, process: multiprocessing.process.BaseProcess | None):
        self.folder = folder
        self.count = count
        self._process = process
        self._done = process is None
        # the child and the staging folder go with this object (or at exit) if nobody closed it
        self._remove = weakref.finalize(self, _stop, process, folder)

    def wait(self) -> list[Path]:
        """The finished files, once every export is made; an ExportError if one failed."""
        if not self._done:
            assert self._process is not None
            self._process.join()
            self._done = True
        problem = self.folder / ERROR_FILE
        if problem.exists():
            raise ExportError(problem.read_text(encoding="utf-8"))
        files = [self.folder / str(i) for i in range(self.count)]
        if self._process is not None and self._process.exitcode != 0 or not all(f.is_file() for f in files):
            code = self._process.exitcode if self._process is not None else 0
            raise ExportError(f"exporten avbröts oväntat (status {code})")
        return files

    def content(self, index: int) -> bytes:
        """The finished file of job ``index``."""
        return self.wait()[index].read_bytes()

    def close(self) -> None:
        """Stop the child if it still runs and remove the staging folder."""
        self._done = True
        self._remove()


def _stop(process: multiprocessing.process.BaseProcess | None, folder: Path) -> None:
    if process is not None and process.exitcode is None:
        process.kill()
        process.join()
    shutil.rmtree(folder, ignore_errors=True)


def start(
    view: View,
    docs: Sequence[Document],
    formats: Sequence[str],
    today: dt.date,
    cache: Cache | None,
    *,
    bilagor: bool = True,
    workers: int | None = None,
) -> Running:
    """Begin exporting ``docs`` (as ``view`` shows them, printed ``today``) in
    every format of ``formats``; returns at once where the platform can fork."""
    folder = Path(tempfile.mkdtemp(prefix="samverkan-export-"))
    args = (view, list(docs), tuple(formats), today, cache, bilagor, workers, folder)
    count = len(docs) * len(formats)
    if "fork" not in multiprocessing.get_all_start_methods() or not docs:
        _make(*args)
        return Running(folder, count, None)
    # objects made so far stay where they are: the child's garbage collector
    # does not touch (and so copy) the parent's memory pages
    gc.freeze()
    try:
        process = multiprocessing.get_context("fork").Process(target=_child, args=args, daemon=True)
        process.start()
    finally:
        gc.unfreeze()
    return Running(folder, count, process)


def _child(*args) -> None:
    try:
        _make(*args)
    except BaseException as e:  # reported to the parent through the folder
        folder: Path = args[-1]
        message = str(e) if isinstance(e, ExportError) else "".join(traceback.format_exception(e))
        (folder / ERROR_FILE).write_text(message, encoding="utf-8")
        os._exit(1)


def _make(
    view: View,
    docs: list[Document],
    formats: tuple[str, ...],
    today: dt.date,
    cache: Cache | None,
    bilagor: bool,
    workers: int | None,
    folder: Path,
) -> None:
    from . import render  # the package imports this module; imported before any fork

    workers = workers or os.cpu_count() or 1
    with Pool(workers) as pandoc, ThreadPoolExecutor(max_workers=workers + 1) as threads:

        def one(index: int) -> None:
            source = compose(view, docs[index], today, bilagor=bilagor)
            for n, fmt in enumerate(formats):
                content = render(source, fmt, cache, pandoc=pandoc)
                target = folder / str(index * len(formats) + n)
                temporary = target.with_suffix(".tmp")
                temporary.write_bytes(content)
                temporary.replace(target)

        futures = [threads.submit(one, i) for i in range(len(docs))]
        try:
            for future in futures:
                future.result()
        except BaseException:
            threads.shutdown(cancel_futures=True)
            raise
    if cache is not None:
        cache.prune()
