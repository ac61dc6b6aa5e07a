"""Downloads: every document of the build as Word (.docx) and PDF, beside its
page at ``/<id>/<id>.docx`` and ``/<id>/<id>.pdf``.

The files are the same as ``samverkan export ID --med-bilagor`` makes, shown
as this build may show them: a public build includes no intern bilaga and no
title of an intern document. They are made beside the page build, in a child
process (:mod:`samverkan.exportera.background`), and kept in the project's
``.cache/`` (see :mod:`samverkan.exportera.cache`), so a rebuild only renders
documents that changed. Each download is a :class:`Download` whose content is
ready when the exports are; a site generator writes them at the end of its
build (:func:`Download.write`). Off unless the build asks for downloads
(``handbok.build(..., downloads=True)``; the mkdocs plugin's ``export`` option).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import exportera
from ..errors import SamverkanError
from ..exportera.cache import finished_file, link, place_finished, plain_copy
from ..exportera.cache import folder as cache_folder
from . import paths as paths_module

if TYPE_CHECKING:
    from .context import Handbook


@dataclass(frozen=True, eq=False)
class Download:
    """A Word or PDF file at ``path``, being made in the background."""

    path: str
    running: exportera.Running
    index: int

    @property
    def content(self) -> bytes:
        """The file (waits for the exports to finish)."""
        return self.file().read_bytes()

    def file(self) -> Path:
        """Where the finished file is staged (waits for the exports to finish)."""
        try:
            return self.running.wait()[self.index]
        except SamverkanError as e:
            raise exportera.ExportError(
                f"nedladdningarna kunde inte skapas: {e} — stäng av dem med 'export: false' "
                "för pluginet samverkan i mkdocs.yml om felet kvarstår"
            ) from e

    def write(self, site_dir: Path) -> None:
        """Put the finished file at its place under ``site_dir``."""
        target = site_dir / self.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # never written in place: the one there may be a link into a cache (Kept)
            target.unlink(missing_ok=True)
            shutil.copyfile(self.file(), target)
        except OSError as e:
            raise exportera.ExportError(f"filen {target} kunde inte skrivas: {e.strerror or e}") from e


# the folder of the history's comparisons' Word files among the caches (:mod:`.papper`)
COMPARISON_CACHE = "jamforelse"


@dataclass(frozen=True, eq=False)
class Kept(Download):
    """A download whose finished file a cache holds (:func:`kept`): put into the
    site straight from there (a hard link to a read-only file of the cache where
    the file system allows, see :func:`.exportera.cache.place_finished`), not
    staged first; nothing runs for it."""

    # the export cache's entry holding the file (``member`` "fil"), or the file itself (``member`` None)
    origin: Path = Path()
    member: str | None = None

    @property
    def content(self) -> bytes:
        try:
            return self.origin.read_bytes() if self.member is None else finished_file(self.origin)
        except (OSError, zipfile.BadZipFile, KeyError) as e:
            raise self._unreadable(e) from e

    def write(self, site_dir: Path) -> None:
        target = site_dir / self.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            if self.member is None:
                _read_only(self.origin)
                if not link(self.origin, target):
                    raise FileNotFoundError(f"{self.origin} finns inte")
            else:
                place_finished(self.origin, target)
        except (OSError, zipfile.BadZipFile, KeyError) as e:
            raise self._unreadable(e) from e

    def _unreadable(self, e: BaseException) -> exportera.ExportError:
        return exportera.ExportError(
            f"filen {self.path} kunde inte hämtas ur exportcachen ({self.origin}): {getattr(e, 'strerror', None) or e}"
            " — ta bort mappen .cache/samverkan/export och bygg igen"
        )


def _read_only(path: Path) -> None:
    """Make a cache file read-only before the site links to it (a comparison's
    Word file is written only-for-its-owner, and replaced, never rewritten)."""
    if path.stat().st_mode & 0o777 != 0o444:
        os.chmod(path, 0o444)


def kept(root: Path, found: list) -> list[Download] | None:
    """The downloads ``found`` says the export cache keeps, in order, to be
    written from there; None when one of them is not there (they must then be
    made, or found, as without the list). Rows, as :func:`pages` and
    :func:`.papper.pages` record them: ``[path, "dokument" or "version", inputs
    key, format]`` (a file kept under an input key, :meth:`.exportera.Cache.finished`)
    and ``[path, "jamforelse", name]`` (a comparison's Word file, by its name in
    the comparisons' cache). Nothing is read but the pointers and the entries'
    lists of members: an entry that cannot be read is made again, not found
    broken when the site is written."""
    cache = exportera.Cache.at(root)
    comparisons = cache_folder(root) / COMPARISON_CACHE
    out: list[Download] = []
    for row in found:
        origin = path = None
        member: str | None = None
        if isinstance(row, list) and len(row) == 4 and row[1] in ("dokument", "version"):
            path, _, inputs, fmt = row
            if (
                isinstance(inputs, str)
                and paths_module.plain(inputs)
                and "/" not in inputs
                and fmt in exportera.FORMATS
            ):
                origin, member = _kept_file(cache.stored(inputs, fmt))
        elif isinstance(row, list) and len(row) == 3 and row[1] == "jamforelse":
            path, _, name = row
            if isinstance(name, str) and paths_module.plain(name) and (comparisons / name).is_file():
                origin = comparisons / name
        if origin is None or not isinstance(path, str) or not paths_module.plain(path):
            return None
        out.append(Kept(path, None, 0, origin, member))  # type: ignore[arg-type]
    return out


def _kept_file(entry: Path | None) -> tuple[Path | None, str | None]:
    """The origin of a download the export cache keeps in ``entry``: the entry's
    read-only copy of the file once there is one, else the entry (its member "fil"
    is copied out when the site is written); (None, None) for an entry that is
    missing or cannot be read: it is made again, as without the kept list."""
    if entry is None:
        return None, None
    try:
        plain = plain_copy(entry)
    except (OSError, zipfile.BadZipFile, KeyError):
        return None, None
    return (plain, None) if plain.is_file() else (entry, "fil")


def download_path(id_: str, fmt: str) -> str:
    """``hsa-2018`` → ``hsa-2018/hsa-2018.pdf``: beside the page, named for saving."""
    return f"{id_}/{id_}.{fmt}"


def inputs(book: Handbook) -> exportera.Inputs:
    """What this build's downloads are made from, as keys (made once per build):
    a kept file is found without composing its source (:mod:`samverkan.exportera.inputs`)."""
    return book.once("export-inputs", lambda: exportera.Inputs(book.view))


def pages(book: Handbook, docs: list | None = None, found: list | None = None) -> Iterator[Download]:
    """The downloads of every document, or of ``docs`` only. ``found``: receives
    where the export cache will keep each one (:func:`kept`), in order."""
    if not book.downloads:
        return
    chosen = list(book.view.documents if docs is None else docs)
    cache = exportera.Cache.at(book.repo.root)
    keys = None
    if found is not None:
        keys = [inputs(book).document(doc, book.today, bilagor=True) for doc in chosen]
    running = exportera.start(book.view, chosen, exportera.FORMATS, book.today, cache, inputs=inputs(book), keys=keys)
    for index, (doc, fmt) in enumerate((doc, fmt) for doc in chosen for fmt in exportera.FORMATS):
        path = download_path(doc.id or "", fmt)
        if keys is not None and found is not None:
            found.append([path, "dokument", keys[index // len(exportera.FORMATS)], fmt])
        yield Download(path, running, index)
