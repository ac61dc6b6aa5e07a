"""Exports made beside the site build.

Converting every document takes longer than building all the pages; run one
after the other they add up. So :func:`start` hands the exports to background
threads and returns at once; the site generator goes on building pages and
collects the files at the end (:meth:`Running.wait`). The threads mostly wait:
pandoc runs in processes of its own (:mod:`.batch`, one per core) and typst
compiles without holding Python's lock, so the exports take the other cores
while the page build keeps its own. (Not a forked process: typst's worker
threads do not survive a fork, and a child would hang.)

Finished files go to a staging folder on disk, not into memory: thousands of
Word and PDF files would otherwise all be held until the build ends.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..model import Document
from ..synlighet import View
from .batch import Pool
from .cache import Cache
from .compose import compose
from .inputs import Inputs
from .tools import ExportError


class Running:
    """Exports of ``docs`` in ``formats``, being made; file ``i`` is job ``i``
    in the order ``[(doc, fmt) for doc in docs for fmt in formats]``."""

    def __init__(self, folder: Path, count: int):
        self.folder = folder
        self.count = count
        self._stop = threading.Event()
        # set once the caller waits for the files: it has nothing else for the cores to do
        self.waited = threading.Event()
        self._problem: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._begun = False
        self._lock = threading.Lock()
        # the finished files, once wait() has seen them all: a site writes thousands
        # of downloads, each asking for its file, and checking every file each time
        # made writing them quadratic
        self._files: list[Path] | None = None
        # the staging folder goes with this object (or at exit) if nobody closed it
        self._remove = weakref.finalize(self, shutil.rmtree, folder, True)

    def wait(self) -> list[Path]:
        """The finished files, once every export is made; an ExportError if one failed."""
        if self._files is not None and len(self._files) == self.count:
            return self._files
        self.waited.set()
        if self._thread is not None:
            self.begin()
            self._thread.join()
        if isinstance(self._problem, ExportError):
            raise self._problem
        if self._problem is not None:
            raise ExportError(f"exporten avbröts oväntat: {self._problem}") from self._problem
        files = [self.folder / str(i) for i in range(self.count)]
        if not all(f.is_file() for f in files):
            raise ExportError("exporten avbröts innan alla filer var gjorda")
        self._files = files
        return files

    def content(self, index: int) -> bytes:
        """The finished file of job ``index``."""
        return self.wait()[index].read_bytes()

    def close(self) -> None:
        """Stop what has not started yet, wait for the rest, remove the staging folder."""
        self._stop.set()
        with self._lock:
            begun, self._begun = self._begun, True  # one not begun never begins
        if self._thread is not None and begun:
            self._thread.join()
        self._files = None  # they go with the staging folder
        self._remove()

    def begin(self) -> None:
        """Start making the files, if that has not begun (:func:`beside`)."""
        with self._lock:
            if self._thread is None or self._begun:
                return
            self._begun = True
        self._thread.start()

    @property
    def stopped(self) -> bool:
        """Whether :meth:`close` asked the exports to stop."""
        return self._stop.is_set()

    def stage(self, number: int, content: bytes) -> None:
        """Keep ``content`` as the finished file of job ``number``."""
        target = self.folder / str(number)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(content)
        temporary.replace(target)

    def _run(self, make: Callable[[], None]) -> None:
        try:
            make()
        except BaseException as e:  # handed to wait()
            self._problem = e


def beside(count: int, make: Callable[[Running], None], *, begin: bool = True) -> Running:
    """``count`` files made by ``make(running)`` in a thread of their own, which
    stages each with :meth:`Running.stage` (and may stop early once
    :attr:`Running.stopped`); returns at once. Without ``begin`` the thread
    starts when the files are first asked for (:meth:`Running.wait`), so that
    what runs meanwhile has the cores to itself."""
    running = Running(Path(tempfile.mkdtemp(prefix="samverkan-export-")), count)
    running._thread = threading.Thread(
        target=running._run, args=(lambda: make(running),), name="samverkan-export", daemon=True
    )
    if begin:
        running.begin()
    return running


def staged() -> Running:
    """A :class:`Running` whose files the caller makes itself, in its own thread,
    staging each with :meth:`Running.stage` and then saying how many there are
    (:attr:`Running.count`): files made now but written into the site at the end
    of the build wait on disk, not in memory."""
    return Running(Path(tempfile.mkdtemp(prefix="samverkan-export-")), 0)


def start(
    view: View,
    docs: Sequence[Document],
    formats: Sequence[str],
    today: dt.date,
    cache: Cache | None,
    *,
    bilagor: bool = True,
    workers: int | None = None,
    inputs: Inputs | None = None,
    keys: Sequence[str] | None = None,
) -> Running:
    """Begin exporting ``docs`` (as ``view`` shows them, printed ``today``) in
    every format of ``formats``, in the background; returns at once. With
    ``inputs`` (the build's :class:`.inputs.Inputs`) a document whose files the
    ``cache`` has from the same inputs is not composed at all; ``keys``: each
    document's input key (:meth:`.inputs.Inputs.document`), when the caller has them."""
    from . import render_formats  # the package imports this module

    docs, formats = list(docs), tuple(formats)
    workers = workers or os.cpu_count() or 1

    def one(index: int, pandoc: Pool, running: Running) -> None:
        if running.stopped:
            return
        key = None
        if inputs is not None and cache is not None:
            key = keys[index] if keys is not None else inputs.document(docs[index], today, bilagor=bilagor)
            kept = [cache.finished(key, fmt) for fmt in formats]
            if all(content is not None for content in kept):
                for n, content in enumerate(kept):
                    running.stage(index * len(formats) + n, content)
                return
        source = compose(view, docs[index], today, bilagor=bilagor)
        made = render_formats(source, formats, cache, pandoc=pandoc, keep_date=True)
        for n, (fmt, content) in enumerate(zip(formats, made)):
            if key is not None and cache is not None:
                cache.note(key, source, fmt)
            running.stage(index * len(formats) + n, content)

    def make(running: Running) -> None:
        # more threads than pandoc processes: while one thread compiles a PDF
        # or writes a file, the pandoc processes get the next document. While the
        # caller builds pages (a core of its own) one pandoc process fewer: the
        # conversions have the other cores, and a process more only shares them
        # and holds its memory beside the page build's; all of them once the
        # caller waits for the files.
        pool = Pool(workers, at_first=workers - 1, until=running.waited)
        with pool as pandoc, ThreadPoolExecutor(max_workers=2 * workers + 1) as threads:
            futures = [threads.submit(one, i, pandoc, running) for i in range(len(docs))]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                running._stop.set()
                raise
        if cache is not None and not running.stopped:
            cache.prune()

    return beside(len(docs) * len(formats), make)
