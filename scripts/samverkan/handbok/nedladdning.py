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

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import exportera
from ..errors import SamverkanError

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
            shutil.copyfile(self.file(), target)
        except OSError as e:
            raise exportera.ExportError(f"filen {target} kunde inte skrivas: {e.strerror or e}") from e


def download_path(id_: str, fmt: str) -> str:
    """``hsa-2018`` → ``hsa-2018/hsa-2018.pdf``: beside the page, named for saving."""
    return f"{id_}/{id_}.{fmt}"


def inputs(book: Handbook) -> exportera.Inputs:
    """What this build's downloads are made from, as keys (made once per build):
    a kept file is found without composing its source (:mod:`samverkan.exportera.inputs`)."""
    return book.once("export-inputs", lambda: exportera.Inputs(book.view))


def pages(book: Handbook, docs: list | None = None) -> Iterator[Download]:
    """The downloads of every document, or of ``docs`` only."""
    if not book.downloads:
        return
    chosen = list(book.view.documents if docs is None else docs)
    cache = exportera.Cache.at(book.repo.root)
    running = exportera.start(book.view, chosen, exportera.FORMATS, book.today, cache, inputs=inputs(book))
    for index, (doc, fmt) in enumerate((doc, fmt) for doc in chosen for fmt in exportera.FORMATS):
        yield Download(download_path(doc.id or "", fmt), running, index)
