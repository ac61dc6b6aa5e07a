"""``mkdocs serve``: build once, then only what a saved file changed.

The work is done by :class:`samverkan.handbok.incremental.Session`; this
module hands its answer to mkdocs. With ``mkdocs serve --dirty`` (what ``make
serve`` runs) mkdocs renders only files that say they are modified, so every
generated file says whether the session made it again, and files no longer
made are deleted from the served folder. While the repository has errors,
every page request is answered with the error page (:mod:`samverkan.handbok.felsida`)
and the last good pages stay untouched; the page reloads itself when a build
without errors is ready.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import logging
import os
import queue
import re
import threading
import time
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage

from ... import ordlista, reporters
from ...errors import SamverkanError
from ...handbok import Page, felsida
from ...handbok.incremental import Session, Update
from . import rader
from .structure import add, write_downloads

log = logging.getLogger("mkdocs.plugins.samverkan")

# mkdocs warns about every dirty build; the session keeps pages and navigation right
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


class Preview:
    """The state of one ``mkdocs serve`` between its builds."""

    def __init__(self, dirty: bool):
        self.dirty = dirty
        self.session: Session | None = None
        self._settings: tuple | None = None
        self.update: Update | None = None
        # why the last build could not be made (findings, or another problem)
        self.findings: list = []
        self.message: str | None = None
        self.abbreviations = ""
        self._titles: dict[str, str] = {}
        self._published_abbreviations = ""
        self._index_lock = threading.Lock()
        self._index_wanted: str | None = None
        self._indexer: threading.Thread | None = None
        # when a build last started or ended, and whether one is under way: the
        # search index waits for a quiet moment (see index_later)
        self._building = False
        self._last_build = 0.0
        self._collecting = True
        # downloads of finished builds, written in order beside the next builds
        self._downloads = _DownloadWriter()
        # rendered rows of the generated pages' long tables (rader.py)
        self.rows = rader.Rows()
        # unchanged pages handed to mkdocs as already built, by path (structure.BuiltPage)
        self._built: dict = {}
        # the theme's templates, compiled once (keyed by name and source checksum)
        self.templates = _Templates()
        self.theme_files = _ThemeFiles()
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())

    @property
    def failed(self) -> bool:
        return self.message is not None or any(f.severity.value == "error" for f in self.findings)

    def refresh(self, root: Path, today: dt.date, *, intern: bool, history: bool, downloads: bool, strict: bool):
        """Bring the session up to date with the files (called from ``on_config``)."""
        self.building(True)
        settings = (root, intern, history, downloads)
        if self.session is None or settings != self._settings:
            self.session = Session(root, today=today, intern=intern, history=history, downloads=downloads)
            self._settings = settings
        self.message = None
        try:
            update = self.session.refresh(today)
        except SamverkanError as e:
            self.findings, self.message, self.update = [], str(e), None
            log.error("Handboken kan inte byggas: %s", e)
            return
        except Exception as e:  # noqa: BLE001 - the editor sees a message, never a hung server or a traceback
            self.findings, self.update, self.session = [], None, None  # start afresh at the next save
            self.message = (
                f"internt fel i förhandsvisningen ({type(e).__name__}: {e}) — spara filen igen eller starta om "
                "'make serve'; rapportera felet till förvaltarna av verktyget"
            )
            log.exception("Handboken kan inte byggas")
            return
        self.findings = update.findings
        if update.findings:
            # the same report as `samverkan validate`; in strict mode an error
            # logged would stop mkdocs serve, and the error page says it instead
            report = reporters.text(update.findings)
            loud = update.failed and not strict
            (log.error if loud else log.info)("Valideringen av agreements/:\n%s", report)
        if update.failed:
            log.info(
                "Förhandsvisningen visar felsidan tills felen är rättade (%d fel).",
                len(update.errors),
            )
            self.update = None
            return
        if update.history_problem:
            log.info(update.history_problem)
        self.update = update
        if update.repo is not None:
            self.abbreviations = ordlista.abbreviation_block(update.repo)
        if not update.everything:
            log.info(
                "Ändrat: %d sidor gjorda på nytt, %d borttagna.",
                len(update.changed),
                len(update.removed),
            )

    def generated_pages(self) -> set[str]:
        """Paths of the generated pages (sanitised like a full build's)."""
        if self.session is None:
            return set()
        return {path for path, item in self.session.items.items() if isinstance(item, Page)}

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """Every generated page; only those the session made again say they are modified."""
        session = self.session
        if session is None:
            return
        update = self.update
        built = self._built if self.dirty else None
        if update is None:  # errors: keep the last good pages as they are
            add(files, config, list(session.items.values()), modified=lambda path: False, built=built)
            return
        add(files, config, list(update.items.values()), modified=lambda path: path in update.changed, built=built)
        # the long tables of the pages made again, from the rows rendered before
        rader.attach(files, config, update.changed, self.rows)
        for path in update.removed:
            self._built.pop(path, None)
            _delete(File.generated(config, path, content="").abs_dest_path, config.site_dir)
        if self.dirty and self.abbreviations != self._published_abbreviations:
            # docs/ pages carry the glossary's abbreviations too
            for file in files:
                if file.generated_by is None:
                    file.is_modified = lambda: True  # type: ignore[method-assign]
        self._published_abbreviations = self.abbreviations

    def building(self, under_way: bool) -> None:
        """A build starts (``on_config``) or has ended (``on_post_build``, ``on_build_error``).

        Python's cycle collector is off while a build runs: the session keeps
        millions of objects between builds, and every full collection walked all
        of them (seconds per save). What the build made is collected when it ends,
        by a young-generation collection that walks only the objects made since.
        """
        with self._index_lock:
            if under_way and not self._building:
                self._collecting = gc.isenabled()
                gc.disable()
            elif not under_way and self._building:
                gc.collect(1)
                if self._collecting:
                    gc.enable()
            self._building = under_way
            self._last_build = time.monotonic()

    def write_downloads_later(self, files: list, site_dir: Path) -> None:
        """Write this build's new downloads beside the server, so the page
        reloads without waiting for pandoc and typst (the links give the last
        files until then); in build order, so a later file is never overwritten by
        an earlier one."""
        self._downloads.put(files, site_dir)

    def downloads_written(self, timeout: float = 600) -> bool:
        """Wait until the downloads handed over so far are written (shutdown, tests)."""
        return self._downloads.wait(timeout)

    def index_later(self, site_dir: str) -> None:
        """Index the site for search beside the server, not before the page
        reloads and not while the next build runs: once no build has started or
        ended for :data:`INDEX_QUIET` seconds (saves in a row index once), one
        Pagefind run at a time, again if pages changed meanwhile."""
        if self.update is None or not (self.update.changed or self.update.removed):
            return
        with self._index_lock:
            self._index_wanted = site_dir
            if self._indexer is not None and self._indexer.is_alive():
                return
            self._indexer = threading.Thread(target=self._index_loop, name="samverkan-sok", daemon=True)
            self._indexer.start()

    def _quiet_for(self) -> float:
        """Seconds left until the builds have been quiet long enough to index
        (0: now); the caller holds the lock."""
        if self._building:
            return INDEX_QUIET
        return max(0.0, self._last_build + INDEX_QUIET - time.monotonic())

    def _index_loop(self) -> None:
        from ... import sok

        while True:
            with self._index_lock:
                wait = self._quiet_for()
                if wait <= 0:
                    site_dir, self._index_wanted = self._index_wanted, None
                    if site_dir is None:
                        return
            if wait > 0:
                time.sleep(wait)
                continue
            try:
                log.info(sok.index(Path(site_dir)).summary())
            except SamverkanError as e:
                # info, not warning: a warning would fail a strict build running meanwhile
                log.info("Sökindexet kunde inte byggas: %s", e)
            except OSError as e:
                # a save meanwhile: its build removed or rewrote a page being read,
                # and asks for the index again when it is done
                with self._index_lock:
                    self._index_wanted = self._index_wanted or site_dir
                log.info("Sökindexet görs om: en sida ändrades medan det gjordes (%s).", e.strerror or e)
            except Exception as e:  # noqa: BLE001 - the server keeps serving; the editor sees a message, not a traceback
                log.error(
                    "Sökindexet kunde inte byggas (internt fel: %s: %s) — sökningen visar det förra indexet; "
                    "rapportera felet till förvaltarna av verktyget",
                    type(e).__name__,
                    e,
                )

    def restore_titles(self, nav: Navigation) -> None:
        """Pages a dirty build does not read keep the title they had, so the
        navigation of the pages it does render stays right."""
        if not self.dirty:
            return
        for page in nav.pages:
            title = self._titles.get(page.file.src_uri)
            if title is not None and not page.file.is_modified():
                page.title = title

    def remember(self, page: MkPage) -> None:
        if page.title is not None:
            self._titles[page.file.src_uri] = page.title

    def error_page(self, epoch: int) -> bytes:
        return felsida.html(self.findings, epoch=epoch, message=self.message).encode("utf-8")


# seconds without a build starting or ending before the search index is made
INDEX_QUIET = 2.0


class _DownloadWriter:
    """One thread that writes the downloads of finished builds into the
    served folder, build after build, and then stops their exports."""

    def __init__(self) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def put(self, files: list, site_dir: Path) -> None:
        self._queue.put((files, site_dir))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="samverkan-nedladdningar", daemon=True)
                self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Until every download handed over so far is written, at most ``timeout``
        seconds; whether they are."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def _loop(self) -> None:
        while True:
            try:
                files, site_dir = self._queue.get(timeout=5)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            try:
                _write_downloads(files, site_dir)
            finally:
                self._queue.task_done()


def _write_downloads(files: list, site_dir: Path) -> None:
    """Write the modified downloads among ``files``, then stop their exports;
    a failure is said in the terminal (the server goes on)."""
    try:
        write_downloads(files, site_dir)
    except SamverkanError as e:
        log.error("Nedladdningarna kunde inte skrivas: %s", e)


class _ThemeFiles:
    """The names of the theme's files, listed once per ``mkdocs serve`` for the
    installed theme (thousands of icons), and at every build for the project's
    own folder (``custom_dir``, ``overrides/``, which an editor may change)."""

    def __init__(self) -> None:
        self._names: dict[str, list[str]] = {}

    def hand_to(self, config: MkDocsConfig) -> None:
        """Make this build's theme environment list its files from here."""
        theme = config.theme
        made = theme.get_env
        own = theme.custom_dir

        def get_env() -> jinja2.Environment:
            env = made()
            env.loader = _Listed(env.loader, lambda: self.names(theme.dirs, own))
            return env

        theme.get_env = get_env  # type: ignore[method-assign] # this build's theme object only

    def names(self, dirs: list[str], own: str | None) -> list[str]:
        found: set[str] = set()
        for folder in dirs:
            names = self._names.get(folder)
            if names is None:
                names = [n for n in jinja2.FileSystemLoader(folder).list_templates() if not _hidden(n)]
                if folder != own:
                    self._names[folder] = names
            found.update(names)
        return sorted(found)


def _hidden(name: str) -> bool:
    """A dot file or a file in a dot folder: mkdocs never copies those from a
    theme (its patterns '.*' and '*/.*'), so they need not be listed."""
    return name.startswith(".") or "/." in name


class _Listed(jinja2.BaseLoader):
    """A template loader whose file list comes from ``names``."""

    def __init__(self, loader: jinja2.BaseLoader, names) -> None:
        self.loader = loader
        self._names = names

    def get_source(self, environment: jinja2.Environment, template: str):
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self._names()


class _Templates(jinja2.BytecodeCache):
    """Compiled templates in memory, for every build of one ``mkdocs serve``."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _delete(path: str, site_dir: str) -> None:
    """Remove a page no longer made, and the folders it leaves empty."""
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    site = os.path.abspath(site_dir)
    while os.path.abspath(folder).startswith(site + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


class ErrorPages:
    """WSGI middleware around mkdocs' live-reload server.

    While the build has errors, a request for any page gets the error page
    instead of a stale page (mkdocs itself would keep every request waiting for
    a build that never succeeds); files such as CSS and the live-reload poll
    pass through. Every other page gets the live-reload script mkdocs injects
    allowed by its hash in the page's Content-Security-Policy, which lets no
    other inline script run (overrides/main.html), so the browser reloads by itself.
    """

    def __init__(self, app, preview: Preview):
        self.app = app
        self.preview = preview

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/livereload/") or not _is_page(path):
            return self.app(environ, start_response)
        if self.preview.failed:
            body = self.preview.error_page(self._epoch(environ))
            start_response("200 OK", _headers("text/html; charset=utf-8", body))
            return [body]
        answer: dict = {}

        def keep(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)

        body = b"".join(self.app(environ, keep))
        headers = dict(answer.get("headers", []))
        if str(headers.get("Content-Type", "")).startswith("text/html"):
            body = allow_live_reload(body)
        start_response(answer.get("status", "500 Internal Server Error"), _headers(headers.get("Content-Type"), body))
        return [body]

    def _epoch(self, environ) -> int:
        """The epoch of the newest build, asked of the live-reload endpoint (it
        answers at once for epoch 0), so the page reloads at the next build."""
        ask = dict(environ, PATH_INFO="/livereload/0/0")
        try:
            answer = b"".join(self.app(ask, lambda *a, **k: None))
            return int(answer or 0)
        except (ValueError, TypeError):
            return 0


_LIVE_RELOAD = re.compile(rb"<script>(\s*var livereload = function.*?)</script>", re.S)
_SCRIPT_SRC = re.compile(rb"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*?script-src )")


def allow_live_reload(page: bytes) -> bytes:
    """``page`` with mkdocs' injected live-reload script allowed by its sha256
    in the page's own Content-Security-Policy (a page without one is unchanged)."""
    script = _LIVE_RELOAD.search(page)
    if script is None or not _SCRIPT_SRC.search(page):
        return page
    digest = base64.b64encode(hashlib.sha256(script.group(1)).digest())
    return _SCRIPT_SRC.sub(lambda m: m.group(1) + b"'sha256-" + digest + b"' ", page, count=1)


def _headers(content_type: str | None, body: bytes) -> list[tuple[str, str]]:
    return [
        ("Content-Type", content_type or "text/html"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last
