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
  downloads, the site's address, whether the history is read, and the git
  repository's commit (``HEAD``, whether the clone is shallow, or why there is
  none: :func:`samverkan.historik.identity`), read also without the history,
  as the validator reads it for the answers to a decided remiss;
- the files and folders the walk of ``agreements/`` refused (they are findings);
- every file of samverkan (code, templates, schemas) and the version of every
  installed package.

A build with the same key takes the pages as they were written, byte for byte;
any change to any of it makes them all again. With the pages are kept what
the validator found (:class:`Kept`: a build that found an error keeps nothing),
the glossary's abbreviations, which attachments are published and, with
downloads, where the export cache keeps each download and paper of the history,
so that a build whose pages are kept neither checks the archive nor loads it
or reads its history (:func:`samverkan.handbok.check_and_build`). The files
made from their own caches (the downloads and the history's papers) are not
kept here but written from those caches, and the attachments are read from
the archive, by every build (:func:`samverkan.handbok.pages`).

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import files as files_module
from ..exportera.cache import keep_file, keep_newest, place, touch
from ..finding import Finding, Severity
from ..schema import SCHEMA_DIR
from .page import Asset, Page
from .paths import plain

FOLDER = "handbok"
# raise when what an entry holds changes
FORMAT = "5"
# this many of the entries used last are kept
KEPT = 3
# what the project holds besides agreements/ that a build reads
_PROJECT_FILES = ("mkdocs.yml", ".mailmap")
_PACKAGE = Path(__file__).resolve().parent.parent


def folder(root: Path) -> Path:
    """The kept pages of the project at ``root``: ``$SAMVERKAN_CACHE/handbok`` when the
    variable is set, else ``.cache/samverkan/handbok``."""
    return place(root, FOLDER)


@dataclass
class Kept:
    """What a build keeps besides its pages (see the module's docstring)."""

    # the validator's findings over the archive (warnings and information only)
    findings: list[Finding] = field(default_factory=list)
    # the glossary's abbreviations, as every page gets them (:func:`samverkan.ordlista.abbreviation_block`)
    abbreviations: str = ""
    # the attachments published (:func:`samverkan.handbok.filer.published`)
    attachments: list[str] = field(default_factory=list)
    # the pages, by the module that made them
    parts: dict[str, list[Page | Asset]] = field(default_factory=dict)
    # with downloads: where the export cache keeps the history's papers
    # (:func:`samverkan.handbok.papper.kept`); None without downloads
    papers: list | None = None
    # with downloads: where the export cache keeps the documents' downloads
    # (:func:`samverkan.handbok.nedladdning.kept`); None without downloads
    downloads: list | None = None


def key(
    root: Path,
    today: dt.date,
    *,
    intern: bool,
    history: bool,
    git: tuple[str | None, bool, str | None],
    downloads: bool,
    site_url: str | None,
) -> str:
    """The hash of everything the pages and findings of the project at ``root``
    are made from (see the module's docstring); ``git``: the repository's
    :func:`samverkan.historik.identity`."""
    digest = hashlib.sha256()
    arguments = {
        "format": FORMAT,
        "today": today.isoformat(),
        "intern": intern,
        "downloads": downloads,
        "site_url": site_url or None,
        "history": bool(history),
        "git": list(git),
    }
    _update(digest, json.dumps(arguments, sort_keys=True).encode("utf-8"), code().encode("ascii"))
    root = Path(root)
    paths, refused = files_module.walk(root)
    for rel, path in paths:
        _update(digest, rel.encode("utf-8", "surrogateescape"), _read(Path(path)))
    _update(digest, json.dumps([f.as_dict() for f in refused], ensure_ascii=False).encode("utf-8"))
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


def load(folder: Path, key: str) -> Kept | None:
    """What was kept under ``key``, or None."""
    path = _path(folder, key)
    try:
        entry = json.loads(zlib.decompress(path.read_bytes()))
        kept = Kept(
            findings=[Finding.from_dict(row) for row in entry["findings"]],
            abbreviations=entry["abbreviations"],
            attachments=entry["attachments"],
            parts={name: [_item(row) for row in rows] for name, rows in entry["parts"].items()},
            papers=entry["papers"],
            downloads=entry["downloads"],
        )
        if not isinstance(kept.abbreviations, str) or not all(isinstance(a, str) for a in kept.attachments):
            raise ValueError("not what was kept")
        if not all(places is None or isinstance(places, list) for places in (kept.papers, kept.downloads)):
            raise ValueError("not what was kept")
    except (OSError, ValueError, zlib.error, KeyError, TypeError, AttributeError):
        return None
    touch(path)
    return kept


def save(folder: Path, key: str, kept: Kept) -> None:
    """Keep ``kept`` under ``key``; nothing is kept when its parts hold
    anything but pages and assets, or its findings an error."""
    if not all(isinstance(item, (Page, Asset)) for items in kept.parts.values() for item in items):
        return
    if any(f.severity is Severity.ERROR for f in kept.findings):
        return
    entry = {
        "findings": [f.as_dict() for f in kept.findings],
        "abbreviations": kept.abbreviations,
        "attachments": list(kept.attachments),
        "papers": kept.papers,
        "downloads": kept.downloads,
    }
    keep_file(_path(folder, key), _compressed(_json(entry, kept.parts)))
    keep_newest(Path(folder), KEPT, lambda entry: entry.name.endswith(".json.z"))


def _json(entry: dict, parts: dict[str, list[Page | Asset]]) -> Iterator[str]:
    """The JSON of ``entry`` with ``"parts"``: ``{name: [row, …], …}`` added last,
    a row at a time: the text of ``json.dumps({**entry, "parts": rows},
    ensure_ascii=False, separators=(",", ":"))`` (``tests/test_handbok_sparat.py``
    compares), never whole in memory (a region's archive makes a hundred
    megabytes of it, and the text, its bytes and the rows were all held at once)."""
    yield _dumps(entry)[:-1] + ("," if entry else "") + '"parts":{'
    for n, (name, items) in enumerate(parts.items()):
        yield ("," if n else "") + _dumps(name) + ":["
        for i, item in enumerate(items):
            yield ("," if i else "") + _dumps(_row(item))
        yield "]"
    yield "}}"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _compressed(pieces: Iterable[str]) -> Iterator[bytes]:
    """``zlib.compress("".join(pieces).encode("utf-8"), 1)``, a piece at a time."""
    compressor = zlib.compressobj(1)
    for piece in pieces:
        out = compressor.compress(piece.encode("utf-8"))
        if out:
            yield out
    yield compressor.flush()


def _row(item: Page | Asset) -> list:
    if isinstance(item, Page):
        return ["page", item.path, item.title, item.markdown, item.source]
    try:
        return ["text", item.path, item.content.decode("utf-8")]
    except UnicodeDecodeError:
        return ["bytes", item.path, base64.b64encode(item.content).decode("ascii")]


def _item(row: list) -> Page | Asset:
    kind = row[0]
    if not plain(row[1]):
        raise ValueError("a path outside the site")
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
