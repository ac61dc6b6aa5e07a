"""Papers for the nämnd from the history: a ready-made comparison as Word with
tracked changes, and a version as Word and PDF marked with what it is.

* ``/<id>/jamfor/<a>-<b>/<id>-jamforelse-<a>-<b>.docx``: the comparison the
  page shows, made by :func:`samverkan.jamforelse.to_docx` from the same
  pandoc source as ``samverkan diff --from a --to b --format docx`` (each
  change by the author of the newer version, at its commit).
* ``/<id>/version/<n>/<id>-version-<n>.docx`` and ``.pdf``: the version as
  ``samverkan export`` makes a document, with "Utgåva: Version 2 av 3 i
  arkivets historik – Remissversion, remisstid … – gäller inte; i dag gäller
  version 3" as the first row of its header and at the foot of every page, so
  a printed old version is never taken for the one in force.

Cost: pandoc is the slow part, so only the versions worth printing get files
(:func:`.historik.versions_with_files`: the milestones, the version in force and the
newest), only the ready-made comparisons exist at all, and every file is kept
in the project's ``.cache/`` (keyed by its pandoc source, as the exports are):
a rebuild converts only what changed. Off unless the build asks for downloads.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import exportera, jamforelse
from ..errors import SamverkanError
from ..exportera.batch import Pool, borrowed
from ..exportera.cache import folder as cache_folder
from ..exportera.cache import keep_file
from ..exportera.tools import recipe
from ..historik import Version
from ..jamforelse import render_docx
from ..model import Document
from . import historik, nedladdning
from . import paths as paths_module
from .nedladdning import COMPARISON_CACHE, Download

if TYPE_CHECKING:
    from .context import Handbook


def mark(book: Handbook, doc: Document, version: Version) -> str:
    """What the version is, for its printed copy: "Version 2 av 3 i arkivets
    historik – Remissversion, remisstid 2024-04-01 – 2024-05-31 – gäller inte;
    i dag (2026-01-15) gäller version 3"."""
    versions = book.versions(doc)
    if version.milestone:
        what = version.milestone.text
        if version.dating is not None and not version.dating.from_document:
            what += f" (incheckad {version.commit.date.date().isoformat()})"
    else:
        what = f"{historik.written_status(version)}, {version.dating.text if version.dating else ''}".rstrip(", ")
    parts = [f"Version {version.number} av {len(versions)} i arkivets historik", what]
    if doc.typ != "mötesanteckning":
        current = book.in_force(doc)
        today = book.today.isoformat()
        if current is version:
            parts.append(f"den version som gäller i dag ({today})")
        elif current is not None:
            parts.append(f"gäller inte; i dag ({today}) gäller version {current.number}")
        else:
            parts.append(f"gäller inte; ingen version gäller i dag ({today})")
    return " – ".join(parts)


def pages(book: Handbook, found: list | None = None) -> Iterator[Download]:
    """The papers of every document's history, made as this is iterated: files
    waiting on disk to be written into the site at the end of the build
    (:func:`exportera.staged`), as the documents' downloads do. Thousands of
    them held in memory until the site is written were a few hundred megabytes
    of a region's build. ``found``: receives where the cache keeps each paper
    (:func:`kept`), in order."""
    # One set of pandoc processes for the whole archive: starting pandoc costs
    # more CPU than converting a document, and it was done for each document.
    # The pool starts a process only when a conversion needs one.
    plans = (_plan(book, doc) for doc in book.view.documents)
    running = exportera.staged()
    number = 0
    with Pool() as pandoc:
        for plan, contents in _converted((p for p in plans if p is not None), pandoc, _failed):
            if found is not None:
                # a paper not made leaves the places unknown: the next build plans them again
                places = plan.places if len(contents) == len(plan.paths) else [["", "?"]]
                found.extend([path, *place] for path, place in zip(plan.paths, places))
            for path, content in zip(plan.paths, contents):
                yield _staged(running, number, path, content)
                number += 1


def kept(root: Path, found: list) -> list[Download] | None:
    """The papers ``found`` says the export cache keeps (by :func:`pages`, for
    the same archive, history and code: :mod:`.sparat`), to be written into the
    site from there (:func:`.nedladdning.kept`); None when one is not there (the
    papers must then be planned)."""
    return nedladdning.kept(root, found)


def _staged(running: exportera.Running, number: int, path: str, content: bytes) -> Download:
    """The paper ``content``, the ``number``-th of ``running``, staged on disk as the download of ``path``."""
    running.stage(number, content)
    running.count = number + 1  # the files staged so far are there to be read
    return Download(path, running, number)


def later(book: Handbook, docs: list[Document], *, begin: bool = True) -> Iterator[Download]:
    """The papers of ``docs``' histories for a page build that must not wait for
    pandoc and typst (the preview): the same files as :func:`pages`,
    as downloads made beside the build (:func:`exportera.beside`); without
    ``begin``, once the build is done and its downloads are written, so the
    conversions do not take the cores from the build the browser waits for. Kept
    ones are downloads too, so that every paper is written in the order of the
    builds (a file kept now is never overwritten by one an earlier build still makes)."""
    plans = [plan for plan in (_plan(book, doc) for doc in docs) if plan is not None]
    count = sum(len(plan.paths) for plan in plans)
    if not count:
        return

    def make(running: exportera.Running) -> None:
        number = 0
        with Pool() as pandoc:  # a process starts only if a paper is converted
            for _, contents in _converted(plans, pandoc, _failed_beside):
                if running.stopped:
                    return
                for content in contents:
                    running.stage(number, content)
                    number += 1

    running = exportera.beside(count, make, begin=begin)
    number = 0
    for plan in plans:
        for path in plan.paths:
            yield Download(path, running, number)
            number += 1


def _converted(
    plans: Iterable[_Plan], pandoc: Pool, failed: Callable[[Document, SamverkanError], exportera.ExportError]
) -> Iterator[tuple[_Plan, list[bytes]]]:
    """Each of ``plans`` with its files, in order, the documents converted side
    by side on ``pandoc``'s processes (while one document's PDF compiles or its
    comparison waits, the processes get the next document's sources): every
    core busy, not one document at a time. A document that fails is ``failed``;
    those not started then are not converted."""
    # A few documents ahead of the one handed on, not all of them: a plan holds
    # its composed sources and kept files, and planning the whole archive before
    # the first result held every one of them at once.
    ahead = 2 * (2 * pandoc.size + 1)
    with ThreadPoolExecutor(max_workers=2 * pandoc.size + 1) as threads:
        futures: deque[tuple[_Plan, Future]] = deque()
        try:
            for plan in plans:
                futures.append((plan, threads.submit(plan.convert, pandoc)))
                if len(futures) >= ahead:
                    yield _result(*futures.popleft(), failed)
            while futures:
                yield _result(*futures.popleft(), failed)
        finally:
            for _, future in futures:
                future.cancel()


def _result(
    plan: _Plan, future: Future, failed: Callable[[Document, SamverkanError], exportera.ExportError]
) -> tuple[_Plan, list[bytes]]:
    """``plan`` with the files its conversion made, or its failure as ``failed`` says it."""
    try:
        return plan, future.result()
    except SamverkanError as e:
        raise failed(plan.doc, e) from e


def _failed(doc: Document, e: SamverkanError) -> exportera.ExportError:
    return exportera.ExportError(
        f"versionshistorikens nedladdningar för '{doc.id}' kunde inte skapas: {e} — stäng av "
        "nedladdningarna med 'export: false' för pluginet samverkan i mkdocs.yml om felet kvarstår"
    )


def _failed_beside(doc: Document, e: SamverkanError) -> exportera.ExportError:
    """As :func:`_failed`, for a download (:class:`.nedladdning.Download` says how to turn them off)."""
    return exportera.ExportError(f"versionshistorikens nedladdningar för '{doc.id}' kunde inte skapas: {e}")


@dataclass
class _Plan:
    """One document's papers: their paths, in order, the files the cache has
    (None: to be made) and what making the others takes. Made from the build's
    handbook; :meth:`convert` needs no handbook, so it may run in another thread."""

    doc: Document
    paths: list[str]
    files: list[bytes | None]
    cache: exportera.Cache
    # the versions' sources to convert, with the cache key each is noted under
    jobs: list[tuple[exportera.Source, str]]
    keys: list[object]
    # the comparisons: their sources and where each is kept
    texts: list[str]
    kept: list[Path]
    # where the cache keeps each paper, in the order of paths (:func:`kept`)
    places: list[list[str]]

    def convert(self, pandoc: Pool | None) -> list[bytes]:
        """Every paper's file, in the order of :attr:`paths`: the versions' on
        ``pandoc``'s processes (converted only if their source is new), the
        comparisons' likewise (a pool of their own if None)."""
        files = list(self.files)
        made = iter(exportera.render_all(self.jobs, cache=self.cache, keep_date=True, pandoc=pandoc))
        for (source, fmt), key in zip(self.jobs, self.keys):
            self.cache.note(key, source, fmt)
        comparisons = len(self.texts)
        versions = len(files) - comparisons
        for i in range(versions):
            if files[i] is None:
                files[i] = next(made)
        missing = [i for i in range(comparisons) if files[versions + i] is None]
        if missing:
            with borrowed(pandoc, min(len(missing), os.cpu_count() or 1, 8)) as pool:
                with ThreadPoolExecutor(max_workers=min(len(missing), pool.size)) as threads:
                    converted = list(threads.map(lambda i: pool.convert(self.texts[i], "jamforelse"), missing))
            for i, content in zip(missing, converted):
                keep_file(self.kept[i], content)
                files[versions + i] = content
        return [content for content in files if content is not None]


def _plan(book: Handbook, doc: Document) -> _Plan | None:
    """What ``doc``'s papers are and which of them the cache has (None: no papers
    in this build). A version whose files the cache has from the same inputs
    (:mod:`samverkan.exportera.inputs`) is not composed, nor a kept comparison."""
    if not book.downloads or book.history is None:
        return None
    versions = historik.versions_with_files(book, doc)
    pairs = historik.ready_pairs(book, doc)
    for version in versions:
        version.document()  # a version that cannot be read says so itself, as the page build does
    try:
        cache = exportera.Cache.at(book.repo.root)
        keys = []
        for version in versions:
            marked = mark(book, doc, version)
            inputs = nedladdning.inputs(book).version(version.document(), version.content, marked, book.today)
            keys.append((inputs, marked))
        files = [cache.finished(key, fmt) for key, _ in keys for fmt in exportera.FORMATS]
        jobs, noted = [], []
        for i, (key, marked) in enumerate(keys):
            if any(files[i * len(exportera.FORMATS) + n] is None for n in range(len(exportera.FORMATS))):
                composed = exportera.compose(book.view, versions[i].document(), book.today, mark=marked)
                for n, fmt in enumerate(exportera.FORMATS):
                    files[i * len(exportera.FORMATS) + n] = None  # made again with its twin
                    jobs.append((composed, fmt))
                    noted.append(key)
        texts, kept = _comparison_sources(book, pairs)
        for path in kept:
            try:
                files.append(path.read_bytes())
            except OSError:
                files.append(None)
    except SamverkanError as e:
        raise _failed(doc, e) from e
    paths = [paths_module.version_file(doc.id, v.number, fmt) for v in versions for fmt in exportera.FORMATS]
    paths += [paths_module.comparison_file(doc.id, pair.old.number, pair.new.number) for pair in pairs]
    places = [["version", inputs, fmt] for inputs, _ in keys for fmt in exportera.FORMATS]
    comparisons = cache_folder(book.repo.root) / COMPARISON_CACHE
    places += [["jamforelse", path.relative_to(comparisons).as_posix()] for path in kept]
    return _Plan(doc, paths, files, cache, jobs, noted, texts, kept, places)


def source(comparison: jamforelse.Comparison, version: Version) -> str:
    """The pandoc source of a comparison's Word file: each change by the newer
    version's author at its commit, as ``samverkan diff --format docx`` writes it."""
    return render_docx.markdown(comparison, author=version.commit.author, date=version.commit.date)


def _comparison_sources(book: Handbook, pairs: list) -> tuple[list[str], list[Path]]:
    """The comparisons' pandoc sources and where the cache keeps each one's
    Word file (keyed by its source and the tools)."""
    if not pairs:
        return [], []
    folder = cache_folder(book.repo.root) / COMPARISON_CACHE
    fingerprint = recipe()
    texts = [source(pair.comparison, pair.new) for pair in pairs]
    kept = []
    for text in texts:
        key = hashlib.sha256(f"{fingerprint}\0{text}".encode()).hexdigest()
        kept.append(folder / key[:2] / f"{key}.docx")
    return texts, kept
