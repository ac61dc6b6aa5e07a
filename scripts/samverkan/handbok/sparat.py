"""The handbook's pages kept on disk, so a build of an unchanged archive makes
no Markdown.

Writing every page of a region's archive from the model (document, version,
history and comparison pages, lists, feeds, calendars, the version picker's
data) is a third of a warm build. The pages are a function of what the build
reads and is told, and nothing else, so they are kept whole under a hash of
all of it (:func:`key`):

- every file under ``agreements/`` (path and bytes), and the project's
  ``mkdocs.yml`` and ``.mailmap`` (the validator's settings; the authors' names
  in the history);
- the build's arguments: the day (it decides every status), ``intern``, the
  downloads, the site's address, and the history's commit (``HEAD`` as read,
  whether the clone is shallow);
- every file of samverkan (code, templates, schemas) and the version of every
  installed package.

A build with the same key takes the pages as they were written, byte for byte;
any change to any of it makes them all again. The parts that make files from
their own caches (the downloads and the history's papers, the attachments) are
not kept here: they are made by every build (:func:`samverkan.handbok.pages`).

The folder is ``.cache/samverkan/handbok/`` in the project, or ``handbok/`` in
the folder ``SAMVERKAN_CACHE`` names. A cache that cannot be read or written
is no error: the pages are simply made again. Only the last few entries are
kept (:data:`KEPT`), as each holds a whole site's Markdown.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import files as files_module
from ..exportera.cache import keep_file, keep_newest, place, touch
from ..historik import History
from ..schema import SCHEMA_DIR
from .page import Asset, Page

FOLDER = "handbok"
# raise when what an entry holds changes
FORMAT = "1"
# this many of the entries used last are kept
KEPT = 3
# what the project holds besides agreements/ that a build reads
_PROJECT_FILES = ("mkdocs.yml", ".mailmap")
_PACKAGE = Path(__file__).resolve().parent.parent


def folder(root: Path) -> Path:
    """The kept pages of the project at ``root``: ``$SAMVERKAN_CACHE/handbok`` when the
    variable is set, else ``.cache/samverkan/handbok``."""
    return place(root, FOLDER)


def key(
    root: Path,
    today: dt.date,
    *,
    intern: bool,
    history: History | None,
    downloads: bool,
    site_url: str | None,
) -> str:
    """The hash of everything the pages of the project at ``root`` are made from
    (see the module's docstring)."""
    digest = hashlib.sha256()
    arguments = {
        "format": FORMAT,
        "today": today.isoformat(),
        "intern": intern,
        "downloads": downloads,
        "site_url": site_url or None,
        "history": None if history is None else [history.head, history.shallow, history.problem],
    }
    _update(digest, json.dumps(arguments, sort_keys=True).encode("utf-8"), code().encode("ascii"))
    root = Path(root)
    paths, _ = files_module.walk(root)
    for rel, path in paths:
        _update(digest, rel.encode("utf-8", "surrogateescape"), _read(Path(path)))
    for name in _PROJECT_FILES:
        _update(digest, name.encode("ascii"), _read(root / name))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code() -> str:
    """samverkan's files (code, templates, schemas) and every installed package's version."""
    digest = hashlib.sha256()
    for base in (_PACKAGE, Path(SCHEMA_DIR)):
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            _update(digest, path.relative_to(base).as_posix().encode("utf-8", "surrogateescape"), _read(path))
    packages = sorted(f"{dist.metadata['Name'] or ''}=={dist.version}".lower() for dist in metadata.distributions())
    _update(digest, "\n".join(packages).encode("utf-8"))
    return digest.hexdigest()


def load(folder: Path, key: str) -> dict[str, list[Page | Asset]] | None:
    """The pages kept under ``key``, by the module that made them, or None."""
    path = _path(folder, key)
    try:
        entry = json.loads(zlib.decompress(path.read_bytes()))
        parts = {name: [_item(row) for row in rows] for name, rows in entry["parts"].items()}
    except (OSError, ValueError, zlib.error, KeyError, TypeError, AttributeError):
        return None
    touch(path)
    return parts


def save(folder: Path, key: str, parts: dict[str, list[Page | Asset]]) -> None:
    """Keep ``parts`` (the pages by the module that made them) under ``key``;
    parts holding anything but pages and assets are not kept."""
    if not all(isinstance(item, (Page, Asset)) for items in parts.values() for item in items):
        return
    entry = {"parts": {name: [_row(item) for item in items] for name, items in parts.items()}}
    data = zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    keep_file(_path(folder, key), data)
    keep_newest(Path(folder), KEPT, lambda entry: entry.name.endswith(".json.z"))


def _row(item: Page | Asset) -> list:
    if isinstance(item, Page):
        return ["page", item.path, item.title, item.markdown, item.source]
    try:
        return ["text", item.path, item.content.decode("utf-8")]
    except UnicodeDecodeError:
        return ["bytes", item.path, base64.b64encode(item.content).decode("ascii")]


def _item(row: list) -> Page | Asset:
    kind = row[0]
    if kind == "page":
        _, path, title, markdown, source = row
        if not (isinstance(path, str) and isinstance(title, str) and isinstance(markdown, str)):
            raise ValueError("not a page")
        return Page(path, title, markdown, source if isinstance(source, str) else None)
    _, path, content = row
    if kind == "text":
        return Asset(path, content.encode("utf-8"))
    if kind == "bytes":
        return Asset(path, base64.b64decode(content))
    raise ValueError(f"unknown kind {kind!r}")


def _path(folder: Path, key: str) -> Path:
    return Path(folder) / f"{key}.json.z"


def _read(path: Path) -> bytes:
    """A file's bytes after ``+``, or ``-`` when there is none."""
    try:
        return b"+" + path.read_bytes()
    except OSError:
        return b"-"


def _update(digest, *parts: bytes) -> None:
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
