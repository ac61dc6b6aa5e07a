"""Exports kept on disk, so a rebuild (``mkdocs serve``, the nightly Pages
build) or a repeated test run does not run pandoc again for unchanged documents.

An entry is found by a hash of the document's date-independent Markdown
(:attr:`Source.stable`), its format and the export recipe (tool versions,
templates, code; see :func:`tools.recipe`): any change to the document or to
how it is exported gives a new key, a new print date does not. The entry
holds pandoc's output, which the date is filled into on any later day (for a
PDF then compiled by typst, which is quick), and the finished file of the
day it was last made, which a rebuild on the same day returns as it is. The
computed status and "gällande version" are part of the text, so a document
whose status changes with the date (it comes into force, or its giltig_till
passes) gets a new key that day and is converted again.

The folder is ``.cache/samverkan/export/`` in the project, which git ignores,
or ``export/`` in the folder ``SAMVERKAN_CACHE`` names (a CI cache, a test's
temporary folder); one file per document and format. A cache that cannot be read or written is
no error: the export is simply made again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .compose import Source
from .tools import recipe

FOLDER = Path(".cache") / "samverkan" / "export"
# names a folder for the caches instead of the project's .cache/samverkan/
CACHE_VARIABLE = "SAMVERKAN_CACHE"
# an entry unused this long is removed (Cache.prune)
UNUSED_DAYS = 30


def folder(root: Path) -> Path:
    """The export cache of the project at ``root``: ``$SAMVERKAN_CACHE/export``
    when the variable is set, else ``.cache/samverkan/export`` in the project."""
    given = os.environ.get(CACHE_VARIABLE)
    return Path(given) / FOLDER.name if given else Path(root) / FOLDER


@dataclass(frozen=True)
class Entry:
    """What the cache keeps for one document and format."""

    converted: bytes  # pandoc's output, without the print date
    day: dt.date  # the print date of ``content``
    content: bytes  # the finished file printed on ``day``


class Cache:
    """Rendered exports under one folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def at(cls, root: Path) -> Cache:
        """The cache of the project at ``root`` (the folder holding ``agreements/``)."""
        return cls(folder(root))

    def key(self, source: Source, fmt: str) -> str:
        """The hash naming the entry of ``source`` in ``fmt``; the same on every print date."""
        digest = hashlib.sha256(f"{recipe()}\0{fmt}\0".encode())
        digest.update((source.markdown if source.stable is None else source.stable).encode("utf-8"))
        return digest.hexdigest()

    def path(self, source: Source, fmt: str) -> Path:
        key = self.key(source, fmt)
        return self.folder / key[:2] / f"{key}-{fmt}.zip"

    def get(self, source: Source, fmt: str) -> Entry | None:
        """The entry of ``source`` in ``fmt``, or None if there is none or it cannot be read."""
        path = self.path(source, fmt)
        try:
            with zipfile.ZipFile(path) as entry:
                day = dt.date.fromisoformat(entry.read("datum").decode("ascii"))
                found = Entry(entry.read("pandoc"), day, entry.read("fil"))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
            return None
        try:
            os.utime(path)  # used now: see prune()
        except OSError:
            pass
        return found

    def prune(self, days: int = UNUSED_DAYS) -> None:
        """Remove entries no build has used for ``days`` days: the cache is
        carried from run to run in CI and would otherwise keep every old text.
        (By age, not by this build's documents: the public and the internal
        build share the folder.)"""
        limit = time.time() - days * 86400
        for path in self.folder.glob("*/*.zip"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass

    def put(self, source: Source, fmt: str, entry: Entry) -> None:
        """Keep ``entry`` for ``source`` in ``fmt``, replacing an earlier day's."""
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as target:
            target.writestr("datum", entry.day.isoformat())
            target.writestr("pandoc", entry.converted, zipfile.ZIP_DEFLATED)
            target.writestr("fil", entry.content)  # already compressed: .docx and PDF
        target_path = self.path(source, fmt)
        try:
            target_path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target_path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            # write beside, then rename: a parallel build never reads half a file
            with os.fdopen(handle, "wb") as file:
                file.write(packed.getvalue())
            os.replace(temporary, target_path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
