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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
from . import historik, nedladdning, paths
from .page import Asset

if TYPE_CHECKING:
    from .context import Handbook

COMPARISON_CACHE = "jamforelse"


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


def pages(book: Handbook) -> Iterator[Asset]:
    """The papers of every document's history."""
    # One set of pandoc processes for the whole archive: starting pandoc costs
    # more CPU than converting a document, and it was done for each document.
    # The pool starts a process only when a conversion needs one.
    with Pool() as pandoc:
        for doc in book.view.documents:
            yield from document_papers(book, doc, pandoc)


def document_papers(book: Handbook, doc: Document, pandoc: Pool | None = None) -> Iterator[Asset]:
    """The papers of one document's history (beside :func:`.historik.document_pages`),
    converted on ``pandoc``'s processes if given."""
    if not book.downloads or book.history is None:
        return
    versions = historik.versions_with_files(book, doc)
    pairs = historik.ready_pairs(book, doc)
    for version in versions:
        version.document()  # a version that cannot be read says so itself, as the page build does
    try:
        contents = _version_files(book, doc, versions, pandoc)
        papers = _comparisons(book, pairs, pandoc)
    except SamverkanError as e:
        raise exportera.ExportError(
            f"versionshistorikens nedladdningar för '{doc.id}' kunde inte skapas: {e} — stäng av "
            "nedladdningarna med 'export: false' för pluginet samverkan i mkdocs.yml om felet kvarstår"
        ) from e
    version_files = [paths.version_file(doc.id, v.number, fmt) for v in versions for fmt in exportera.FORMATS]
    for path, content in zip(version_files, contents):
        yield Asset(path, content)
    for pair, content in zip(pairs, papers):
        yield Asset(paths.comparison_file(doc.id, pair.old.number, pair.new.number), content)


def _version_files(book: Handbook, doc: Document, versions: list[Version], pandoc: Pool | None) -> list[bytes]:
    """Word and PDF of each of ``versions``, in that order. A version whose files
    the cache has from the same inputs (:mod:`samverkan.exportera.inputs`) is not
    composed; the others are, and convert only if their source is new."""
    cache = exportera.Cache.at(book.repo.root)
    keys = []
    for version in versions:
        marked = mark(book, doc, version)
        keys.append((nedladdning.inputs(book).version(version.document(), version.content, marked, book.today), marked))
    files = {(i, fmt): cache.finished(key, fmt) for i, (key, _) in enumerate(keys) for fmt in exportera.FORMATS}
    missing = sorted({i for (i, _), content in files.items() if content is None})
    sources = {i: exportera.compose(book.view, versions[i].document(), book.today, mark=keys[i][1]) for i in missing}
    jobs = [(sources[i], fmt) for i in missing for fmt in exportera.FORMATS]
    made = exportera.render_all(jobs, cache=cache, keep_date=True, pandoc=pandoc)
    for (source, fmt), content, i in zip(jobs, made, (i for i in missing for _ in exportera.FORMATS)):
        files[i, fmt] = content
        cache.note(keys[i][0], source, fmt)
    return [files[i, fmt] for i in range(len(versions)) for fmt in exportera.FORMATS]


def source(comparison: jamforelse.Comparison, version: Version) -> str:
    """The pandoc source of a comparison's Word file: each change by the newer
    version's author at its commit, as ``samverkan diff --format docx`` writes it."""
    return render_docx.markdown(comparison, author=version.commit.author, date=version.commit.date)


def _comparisons(book: Handbook, pairs: list, pandoc: Pool | None) -> list[bytes]:
    """The comparisons' Word files, in order: kept ones from the cache, the others
    converted on ``pandoc``'s processes (a pool of their own if None), not
    one pandoc started for each."""
    if not pairs:
        return []
    folder = cache_folder(book.repo.root) / COMPARISON_CACHE
    fingerprint = recipe()
    texts = [source(pair.comparison, pair.new) for pair in pairs]
    kept = []
    for text in texts:
        key = hashlib.sha256(f"{fingerprint}\0{text}".encode()).hexdigest()
        kept.append(folder / key[:2] / f"{key}.docx")
    files: list[bytes | None] = []
    for path in kept:
        try:
            files.append(path.read_bytes())
        except OSError:
            files.append(None)
    missing = [i for i, content in enumerate(files) if content is None]
    if missing:
        with borrowed(pandoc, min(len(missing), os.cpu_count() or 1, 8)) as pool:
            with ThreadPoolExecutor(max_workers=min(len(missing), pool.size)) as threads:
                made = list(threads.map(lambda i: pool.convert(texts[i], "jamforelse"), missing))
        for i, content in zip(missing, made):
            keep_file(kept[i], content)
            files[i] = content
    return [content for content in files if content is not None]
