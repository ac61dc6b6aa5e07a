"""Rendered pages kept on disk, so a rebuild where a page's text has not
changed does not convert its Markdown again.

The handbook makes thousands of pages (document, version, history and
comparison pages) whose Markdown is the same from one build to the next unless
the archive changed. Converting that Markdown to HTML is most of a build's
work, so the site generator keeps what it got for each page here, found by a
hash of everything the HTML depends on (the page's Markdown, its place in the
site, the tools' versions and settings, which link targets exist; see
:mod:`samverkan.plugins.handbok.sidor`). An entry is a small JSON object the
adapter writes and reads back; this module only stores it.

The folder is ``.cache/samverkan/sidor/`` in the project, which git ignores,
next to the export cache, or ``sidor/`` in the folder ``SAMVERKAN_CACHE``
names. A cache that cannot be read or written is no error: the page is
simply rendered again. Entries no build has used for 30 days are
removed (:meth:`PageCache.prune`), as in the export cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from pathlib import Path

from ..exportera.cache import keep_file, place, touch

FOLDER = Path(".cache") / "samverkan" / "sidor"
# an entry unused this long is removed (PageCache.prune)
UNUSED_DAYS = 30


class PageCache:
    """Rendered pages under one folder, by key."""

    def __init__(self, folder: Path, recipe: str):
        self.folder = Path(folder)
        # what every key also depends on: tool versions, settings, this code
        self.recipe = recipe
        self.hits = 0
        self.misses = 0

    @classmethod
    def at(cls, root: Path, recipe: str) -> PageCache:
        """The page cache of the project at ``root`` (the folder holding ``agreements/``):
        ``$SAMVERKAN_CACHE/sidor`` when the variable is set, else ``.cache/samverkan/sidor``."""
        return cls(place(root, FOLDER.name), recipe)

    def key(self, *parts: str) -> str:
        """The hash naming the entry made from ``parts`` (and the recipe)."""
        digest = hashlib.sha256(self.recipe.encode("utf-8"))
        for part in parts:
            digest.update(b"\0")
            digest.update(part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json.z"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (not read, not counted)."""
        return self._path(key).is_file()

    def get(self, key: str, *, count: bool = True) -> dict | None:
        """The entry stored under ``key``, or None (none, or unreadable);
        ``count``: whether it counts as a hit or a miss."""
        path = self._path(key)
        try:
            entry = json.loads(zlib.decompress(path.read_bytes()))
        except (OSError, ValueError, zlib.error):
            self.misses += count
            return None
        if not isinstance(entry, dict):
            self.misses += count
            return None
        self._hit(path, count)
        return entry

    def get_text(self, key: str, *, count: bool = True) -> tuple[dict, str] | None:
        """The entry stored under ``key`` by :meth:`put_text`: its fields and its
        text, or None (none, or unreadable); ``count`` as in :meth:`get`."""
        path = self._path(key)
        try:
            fields, _, text = zlib.decompress(path.read_bytes()).partition(b"\n")
            entry = json.loads(fields)
            if not isinstance(entry, dict):
                raise ValueError("not an object")
            found = text.decode("utf-8", "surrogatepass")
        except (OSError, ValueError, zlib.error):
            self.misses += count
            return None
        self._hit(path, count)
        return entry, found

    def get_bytes(self, key: str, *, count: bool = True) -> tuple[dict, bytes, int] | None:
        """:meth:`get_text` without decoding the text: its fields, and the entry's
        bytes with where the text's UTF-8 starts in them (a whole page, written
        to the site as it is kept); None as in :meth:`get_text`."""
        path = self._path(key)
        try:
            data = zlib.decompress(path.read_bytes())
            end = data.index(b"\n")
            entry = json.loads(data[:end])
            if not isinstance(entry, dict):
                raise ValueError("not an object")
        except (OSError, ValueError, zlib.error):
            self.misses += count
            return None
        self._hit(path, count)
        return entry, data, end + 1

    def _hit(self, path: Path, count: bool) -> None:
        """Mark the entry at ``path`` as used now (see :meth:`prune`) and count the hit."""
        touch(path)
        self.hits += count

    def put_text(self, key: str, fields: dict, text: str) -> None:
        """Keep a long ``text`` (a whole page) with ``fields`` under ``key``: the
        text as it is after one line of JSON, so reading it back is no JSON
        parse of the whole page."""
        data = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        keep_file(self._path(key), zlib.compress(data + b"\n" + text.encode("utf-8", "surrogatepass"), 1))

    def put(self, key: str, entry: dict) -> None:
        """Keep ``entry`` under ``key``; written beside and renamed, so a
        parallel build never reads half an entry."""
        target = self._path(key)
        data = zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        keep_file(target, data)

    def prune(self, days: int = UNUSED_DAYS) -> None:
        """Remove entries no build has used for ``days`` days (the cache is
        carried from run to run in CI and would otherwise keep every old page)."""
        limit = time.time() - days * 86400
        try:
            folders = list(self.folder.iterdir())
        except OSError:
            return
        for folder in folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.stat().st_mtime < limit:
                        os.unlink(entry.path)
                except OSError:
                    pass
