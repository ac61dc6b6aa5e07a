"""Downloads: every document of the build as Word (.docx) and PDF, beside its
page at ``/<id>/<id>.docx`` and ``/<id>/<id>.pdf``.

The files are the same as ``samverkan export ID --med-bilagor`` makes, shown
as this build may show them: a public build includes no intern bilaga and no
title of an intern document. Exports run concurrently and are kept in the
project's ``.cache/`` (see :mod:`samverkan.exportera.cache`), so a rebuild only
renders documents that changed. Off unless the build asks for downloads
(``handbok.build(..., downloads=True)``; the mkdocs plugin's ``export`` option).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import exportera
from ..errors import SamverkanError
from .page import Asset

if TYPE_CHECKING:
    from .context import Handbook


def download_path(id_: str, fmt: str) -> str:
    """``hsa-2018`` → ``hsa-2018/hsa-2018.pdf``: beside the page, named for saving."""
    return f"{id_}/{id_}.{fmt}"


def pages(book: Handbook, docs: list | None = None) -> Iterator[Asset]:
    """The downloads of every document, or of ``docs`` only."""
    if not book.downloads:
        return
    chosen = book.view.documents if docs is None else docs
    sources = [exportera.compose(book.view, doc, book.today, bilagor=True) for doc in chosen]
    jobs = [(source, fmt) for source in sources for fmt in exportera.FORMATS]
    try:
        contents = exportera.render_all(jobs, cache=exportera.Cache.at(book.repo.root))
    except SamverkanError as e:
        raise exportera.ExportError(
            f"nedladdningarna kunde inte skapas: {e} — stäng av dem med 'export: false' "
            "för pluginet samverkan i mkdocs.yml om felet kvarstår"
        ) from e
    for (source, fmt), content in zip(jobs, contents):
        yield Asset(download_path(source.doc.id or "", fmt), content)
