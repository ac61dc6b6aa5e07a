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
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .compose import Source
from .tools import recipe

FOLDER = Path(".cache") / "samverkan" / "export"
# names a folder for the caches instead of the project's .cache/samverkan/
CACHE_VARIABLE = "SAMVERKAN_CACHE"
# an entry unused this long is removed (Cache.prune)
UNUSED_DAYS = 30
# the finished file of an entry, beside it, for the site to link to (place_finished)
PLAIN = ".fil"


def folder(root: Path) -> Path:
    """The export cache of the project at ``root``: ``$SAMVERKAN_CACHE/export``
    when the variable is set, else ``.cache/samverkan/export`` in the project."""
    return place(root, FOLDER.name)


def place(root: Path, name: str) -> Path:
    """The folder ``name`` among the caches of the project at ``root``:
    ``$SAMVERKAN_CACHE/name`` when the variable is set, else
    ``.cache/samverkan/name`` in the project."""
    given = os.environ.get(CACHE_VARIABLE)
    return Path(given) / name if given else Path(root) / FOLDER.parent / name


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
        return _read(self.path(source, fmt))

    def finished(self, inputs: str, fmt: str) -> bytes | None:
        """The file made from the inputs keyed ``inputs`` (:mod:`.inputs`) in ``fmt``,
        as a build that composed its source would get it with ``keep_date``: the entry
        :meth:`note` pointed to. None if there is no pointer or no readable entry."""
        pointer, place = self._pointed(inputs, fmt)
        entry = _read(place) if place is not None else None
        if entry is None:
            return None
        touch(pointer)
        return entry.content

    def stored(self, inputs: str, fmt: str) -> Path | None:
        """Where the entry holding the file :meth:`finished` gives is, without
        reading it (marked as used, as :meth:`finished` marks it); None if there is
        no pointer or no entry. :func:`finished_file` reads the file from there."""
        pointer, entry = self._pointed(inputs, fmt)
        if entry is None:
            return None
        try:
            os.utime(entry)  # there, and used now
        except OSError:
            return None
        touch(pointer)
        return entry

    def _pointed(self, inputs: str, fmt: str) -> tuple[Path, Path | None]:
        """The pointer of the inputs keyed ``inputs`` in ``fmt`` (:meth:`note`) and
        the entry it names (None: no pointer, or one that names no entry's key)."""
        pointer = self._pointer(inputs, fmt)
        try:
            key = pointer.read_text("ascii")
        except (OSError, UnicodeDecodeError):
            return pointer, None
        if len(key) != 64 or key.strip("0123456789abcdef"):
            return pointer, None
        return pointer, self.folder / key[:2] / f"{key}-{fmt}.zip"

    def note(self, inputs: str, source: Source, fmt: str) -> None:
        """Point the inputs keyed ``inputs`` at the entry of ``source``, composed from
        them. Not for a source whose text holds the date mark: its entry is the
        day's, and the next day composes it again."""
        if source.stable is not None:
            keep_file(self._pointer(inputs, fmt), self.key(source, fmt).encode("ascii"))

    def _pointer(self, inputs: str, fmt: str) -> Path:
        key = hashlib.sha256(f"{recipe()}\0{fmt}\0{inputs}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}-{fmt}.ref"

    def prune(self, days: int = UNUSED_DAYS) -> None:
        """Remove entries no build has used for ``days`` days: the cache is
        carried from run to run in CI and would otherwise keep every old text.
        (By age, not by this build's documents: the public and the internal
        build share the folder.)"""
        limit = time.time() - days * 86400
        for path in self.folder.glob("*/*"):
            if path.suffix not in (".zip", ".ref", PLAIN):
                continue
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
        keep_file(self.path(source, fmt), packed.getvalue())


def _read(path: Path) -> Entry | None:
    try:
        with zipfile.ZipFile(path) as entry:
            day = dt.date.fromisoformat(entry.read("datum").decode("ascii"))
            found = Entry(entry.read("pandoc"), day, entry.read("fil"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return None
    touch(path)
    return found


def finished_file(entry: Path) -> bytes:
    """The finished file kept in ``entry`` (:meth:`Cache.stored`), without the
    rest of the entry being read. The entry's checksum is checked; OSError,
    KeyError or zipfile.BadZipFile for an entry that is not what was kept."""
    with zipfile.ZipFile(entry) as kept:
        return kept.read("fil")


def place_finished(entry: Path, target: Path) -> None:
    """Put the finished file kept in ``entry`` (:meth:`Cache.stored`) at
    ``target``, which must not exist: a hard link to a read-only copy of it
    beside the entry (made the first time, named by the file's checksum and
    size, so a replaced entry never leads to another's copy), or a copy where
    no link can be made. Errors as :func:`finished_file`.

    A site of a region's archive holds thousands of these files: linked, they
    are neither written when the site is built nor freed when it is replaced.
    The copy is never written again (it is replaced, as every cache file is),
    and what is linked is read-only, so a link into the cache is not written
    through (the downloads are removed before they are written:
    :meth:`samverkan.handbok.nedladdning.Download.write`)."""
    with zipfile.ZipFile(entry) as kept:
        plain = _plain(entry, kept)
        if link(plain, target):
            return
        with kept.open("fil") as member:  # the checksum is checked as it is read
            content = member.read()
    keep_file(plain, content, mode=0o444)
    if not link(plain, target):
        target.write_bytes(content)


def plain_copy(entry: Path) -> Path:
    """Where the read-only copy of the finished file kept in ``entry`` is or will
    be (:func:`place_finished`), read from the entry's directory of members, so
    an entry that is not a readable zip with its file is found when the build
    plans, not when it writes the site. Errors as :func:`finished_file`."""
    with zipfile.ZipFile(entry) as kept:
        return _plain(entry, kept)


def _plain(entry: Path, kept: zipfile.ZipFile) -> Path:
    info = kept.getinfo("fil")
    return entry.with_name(f"{entry.name.removesuffix('.zip')}.{info.CRC:08x}-{info.file_size}{PLAIN}")


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Make ``target`` a hard link to ``source`` (a cache file, never to be
    written through), or, where no link can be made (another file system), a
    copy of it; FileNotFoundError when ``source`` is not there."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copyfile(source, target)


def link(source: Path, target: Path) -> bool:
    """:func:`link_or_copy` for a read-only cache file, marked as used; False
    when ``source`` is not there."""
    try:
        link_or_copy(source, target)
    except FileNotFoundError:
        if not source.exists():
            return False
        raise
    touch(source)
    return True


def touch(path: Path) -> None:
    """Mark a cache entry as used now: the caches remove what was used longest ago."""
    try:
        os.utime(path)
    except OSError:
        pass


def keep_newest(folder: Path, count: int, chosen: Callable[[os.DirEntry], bool]) -> None:
    """Remove all but the ``count`` entries of ``folder`` used last (see
    :func:`touch`), of those ``chosen``: for caches whose every entry is a
    whole site's worth."""
    try:
        entries = sorted((e for e in os.scandir(folder) if chosen(e)), key=_used)
    except OSError:
        return
    for entry in entries[:-count]:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def _used(entry: os.DirEntry) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0


def keep_file(target: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Write a cache file: beside, then renamed, so a parallel build never reads
    half a file; a cache that cannot be written is no error (the next build makes
    the file again). ``data`` may come in pieces, written as they come, so that a
    large file is never whole in memory. ``mode``: the file's permissions
    (else only its owner may read and write it)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(data, (bytes, bytearray, memoryview)):
                file.write(data)
            else:
                for piece in data:
                    file.write(piece)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    except BaseException:  # the pieces failed to come: no half file stays behind
        Path(temporary).unlink(missing_ok=True)
        raise
