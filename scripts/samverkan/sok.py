"""The search index: Pagefind over the built site (Swedish stemming, offline).

Pagefind reads ``<html lang="sv">`` (it stems by the page language) and only
the content marked ``data-pagefind-body`` (see ``overrides/main.html``); pages
without it, like 404, are not indexed. The browser side is
``overrides/assets/javascripts/sok.js``.

An index is kept (``.cache/samverkan/sok/``, or ``sok/`` in the folder
``SAMVERKAN_CACHE`` names) by a hash of exactly what Pagefind is given: every
indexed page's path and bytes, Pagefind's version and options and this
module's code. A rebuild whose indexed pages are all unchanged (the nightly
build of an archive nobody edited) copies that index instead of running
Pagefind, which is a fifth of a large warm build's time and most of its memory.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import SamverkanError
from .exportera.cache import keep_newest, link_or_copy, place, touch

OUTPUT_SUBDIR = "pagefind"
# what marks a page's text for the index (overrides/main.html); see index()
BODY_MARK = b"data-pagefind-body"
_BODY_MARK_TEXT = BODY_MARK.decode("ascii")
# the hidden folder of the site where Pagefind is given the pages it indexes
_SCRATCH = ".sokindex-"
# Inside the indexed body, but not text: permalink marks, edit buttons.
EXCLUDE_SELECTORS = ".headerlink, .md-content__button"
# Pagefind's allocator (jemalloc, configured by this variable) hands freed pages
# back to the system at once rather than after ten seconds: the index is written
# after the pages' parsed text is freed, and on a region's archive the two were
# held at once (some 50-80 MB of Pagefind's 600 MB; the same index, a little
# more system time). A setting of the caller's own is left as it is.
ALLOCATOR = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
# Pagefind's ready-made search interfaces: sok.js talks to pagefind.js directly,
# so these are never loaded and are not published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# the kept indexes (see cache_folder); this many of the last used are kept
CACHE = "sok"
KEPT = 3


class SearchIndexError(SamverkanError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class IndexStats:
    """What Pagefind wrote: pages per language and the bundle on disk."""

    pages: dict[str, int]
    files: int
    bytes: int

    @property
    def page_count(self) -> int:
        return sum(self.pages.values())

    def summary(self) -> str:
        languages = ", ".join(f"{lang}: {n}" for lang, n in sorted(self.pages.items())) or "inga"
        return f"Sökindex: {self.page_count} sidor ({languages}), {self.files} filer, {self.bytes / 1024:.0f} KiB"


def cache_folder(root: Path) -> Path:
    """Where the project at ``root`` keeps its indexes: ``$SAMVERKAN_CACHE/sok``
    when the variable is set, else ``.cache/samverkan/sok``."""
    return place(root, CACHE)


def index(
    site_dir: Path,
    known: Mapping[str, bool] | None = None,
    cache: Path | None = None,
    *,
    before: Callable[[], None] | None = None,
) -> IndexStats:
    """Write ``<site_dir>/pagefind/`` for the built site and say what it holds.

    Pagefind leaves out every page without ``data-pagefind-body`` once any page
    has it, but still reads and parses them all: version pages, histories and
    comparisons are two thirds of a large site. It is given only the pages it
    indexes (hard links at the same paths in a hidden folder of the site,
    removed afterwards, or with the site by a build that is stopped), so the
    index is the same.

    ``known``: whether a page marks its text (:func:`marks`), by its path in the
    site (``a/index.html``), for pages the caller wrote and saw; the site's
    other HTML files are read to find out.

    ``cache``: the folder of kept indexes (:func:`cache_folder`); the index of
    the same pages is copied from there instead of made again (see the module's
    docstring), and a new one is kept there.

    ``before``: called just before Pagefind starts (not when the index is copied)."""
    site_dir = Path(site_dir)
    bundle = site_dir / OUTPUT_SUBDIR
    marked = _marked_pages(site_dir, known or {})
    key = None if cache is None or marked is None else _key(site_dir, marked)
    if key is not None and _restore(cache / key, bundle):
        return stats(bundle)
    if before is not None:
        before()
    # a kept index copied in by an earlier build of this folder (--dirty) is made of
    # links into the cache: Pagefind must not write through them
    shutil.rmtree(bundle, ignore_errors=True)
    if marked is None:
        _run(["--site", str(site_dir), "--output-path", str(bundle)])
    else:
        scratch = Path(tempfile.mkdtemp(dir=site_dir, prefix=_SCRATCH))
        try:
            _link(site_dir, marked, scratch)
            _run(["--site", str(scratch), "--output-path", str(bundle)])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    _drop_unused(bundle)
    if key is not None:
        _keep(bundle, cache, key)
    return stats(bundle)


def _drop_unused(bundle: Path) -> None:
    """Remove the parts of Pagefind's bundle the site never loads."""
    result = stats(bundle)
    unused = [p for pattern in UNUSED for p in bundle.glob(pattern)]
    if "unknown" not in result.pages:
        # every page has a language (lang="sv"), so the fallback stemmer is never loaded
        unused += list(bundle.glob("wasm.unknown.pagefind"))
    for path in unused:
        path.unlink()


def _key(site_dir: Path, pages: list[Path]) -> str:
    """The hash of what Pagefind makes the index of ``pages`` from (see the module's docstring)."""
    digest = hashlib.sha256()
    for name in ("pagefind", "pagefind_bin"):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    digest.update("\0".join(_command([])).encode("utf-8", "surrogateescape") + b"\0")
    digest.update(Path(__file__).read_bytes())
    for path in sorted(pages, key=lambda p: p.relative_to(site_dir).as_posix()):
        data = path.read_bytes()
        digest.update(f"\0{path.relative_to(site_dir).as_posix()}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)
    return digest.hexdigest()


def _restore(kept: Path, bundle: Path) -> bool:
    """Put the kept index at ``kept`` at ``bundle`` as hard links to its files (a
    copy where there can be none); False if there is none (or it cannot be put
    there: Pagefind then makes it). Nothing writes through the links: a kept
    index is never written again (it is replaced), and the bundle is removed
    before Pagefind writes one (:func:`index`)."""
    if not kept.is_dir():
        return False
    try:
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.copytree(kept, bundle, copy_function=link_or_copy)
        touch(kept)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _keep(bundle: Path, cache: Path, key: str) -> None:
    """Keep a copy of ``bundle`` as ``cache/key``: copied beside and renamed, so a
    parallel build never finds half an index. A cache that cannot be written
    is no error (the next build runs Pagefind again)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=cache, prefix=".ny-"))
    except OSError:
        return
    try:
        shutil.copytree(bundle, temporary / key)
        os.replace(temporary / key, cache / key)
    except OSError:
        pass
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    keep_newest(cache, KEPT, lambda entry: entry.is_dir() and not entry.name.startswith("."))


def _run(arguments: list[str]) -> None:
    try:
        child = subprocess.Popen(
            _command(arguments),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={ALLOCATOR[0]: ALLOCATOR[1], **os.environ},
        )
    except OSError as e:
        raise SearchIndexError(f"Pagefind kunde inte startas: {e}") from e
    with _lock:
        _running.add(child)
    try:
        out, err = child.communicate()
    finally:
        with _lock:
            _running.discard(child)
    if child.returncode != 0:
        if child.returncode < 0 and _stopped.is_set():
            raise SearchIndexError("Pagefind stoppades när programmet avslutades")
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet:\n{err or out}")


def _command(arguments: list[str]) -> list[str]:
    return [sys.executable, "-m", "pagefind", *arguments, "--exclude-selectors", EXCLUDE_SELECTORS, "--silent"]


# Pagefind runs from a background thread while ``mkdocs serve`` previews; a
# thread ends with the program, its child process does not, and would go on
# writing an index into a site that is gone.
_lock = threading.Lock()
_running: set[subprocess.Popen] = set()
_stopped = threading.Event()


@atexit.register
def stop_running() -> None:
    """Stop every Pagefind still running; called at exit."""
    _stopped.set()
    with _lock:
        children = list(_running)
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()


def marks(html: str) -> bool:
    """Whether a page's HTML marks a body for the index (what :func:`index` looks for)."""
    return _BODY_MARK_TEXT in html


def _marked_pages(site_dir: Path, known: Mapping[str, bool]) -> list[Path] | None:
    """The site's pages that mark a body for the index; None when none or all
    of them do (Pagefind then reads the whole site). ``known``: see :func:`index`."""
    marked, unmarked = [], 0
    for relative in _html_files(site_dir):
        mark = known.get(relative)
        if mark is None:
            mark = BODY_MARK in (site_dir / relative).read_bytes()
        if mark:
            marked.append(site_dir / relative)
        else:
            unmarked += 1
    return marked if marked and unmarked else None


def _html_files(site_dir: Path) -> list[str]:
    r"""Every ``.html`` file below ``site_dir`` (following no links to folders), as
    a POSIX path relative to it, in the order of their ``Path``\ s, but for the
    hidden folders an index that was stopped left (``rglob`` made a ``Path`` of
    each of a region's 30,000 files)."""
    found = []
    for folder, folders, names in os.walk(site_dir):
        relative = os.path.relpath(folder, site_dir)
        if relative == ".":
            folders[:] = [name for name in folders if not name.startswith(_SCRATCH)]
            names = [name for name in names if not name.startswith(_SCRATCH)]
            prefix = ""
        else:
            prefix = relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names if name.endswith(".html")]
    return sorted(found, key=lambda path: path.split("/"))


def _link(site_dir: Path, pages: list[Path], scratch: Path) -> None:
    """``pages`` of ``site_dir`` at the same paths in ``scratch``."""
    for path in pages:
        target = scratch / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:  # no hard links here: a copy does as well
            shutil.copyfile(path, target)


def stats(bundle: Path) -> IndexStats:
    """Pages per language (from ``pagefind-entry.json``) and the bundle's size."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SearchIndexError(f"Pagefind skrev inget läsbart sökindex i {bundle}: {e}") from e
    pages = {lang: int(info.get("page_count", 0)) for lang, info in entry.get("languages", {}).items()}
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(pages=pages, files=len(files), bytes=sum(p.stat().st_size for p in files))
