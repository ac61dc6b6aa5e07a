"""mkdocs adapter: validate, generate the handbook's pages, index for search.

Guard clauses and hand-offs only; the work is done by the core library
(:mod:`samverkan.checker`, :mod:`samverkan.handbok`, :mod:`samverkan.sok`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import sys
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import TableOfContents

from ... import handbok, htmlpolicy, markdown_fast, reporters, sok, soktabell, swap
from ...errors import SamverkanError
from ...handbok import memory, sokdata
from ...handbok.sidcache import PageCache
from . import fardiga, navigering
from .config import HandbokConfig
from .fardiga import FinishedPages
from .serve import ErrorPages, Preview
from .sidor import CachedPage, attach, recipe
from .structure import DownloadFile, GeneratedFile, add, add_package_assets, stop_downloads, write_downloads

log = logging.getLogger("mkdocs.plugins.samverkan")


class HandbokPlugin(BasePlugin[HandbokConfig]):
    """Publishes ``agreements/`` as the handbook."""

    supports_multiple_instances = False

    def __init__(self):
        self.items: list = []
        # the downloads of this build, written after the pages
        self.downloads: list[DownloadFile] = []
        self.generated: set[str] = set()
        self.abbreviations = ""
        self.root: Path | None = None
        # set by `mkdocs serve`: the model and the pages stay in memory between builds
        self.preview: Preview | None = None
        # `mkdocs build`: the site is built beside site_dir and swapped in when done (swap.py)
        self.atomic = False
        self.target: Path | None = None
        self.staging: Path | None = None
        self.built = False
        # rendered pages kept between builds (.cache/samverkan/sidor/), and finished ones
        self.pages: PageCache | None = None
        self.nav = None
        # the theme's navigation shared by the pages outside it (navigering.py), for one build
        self.shared_nav = None
        self.finished: FinishedPages | None = None
        # whether each page written marks its text for the search index, by its
        # path in the site: Pagefind's pages are then found without reading the site
        self.marks: dict[str, bool] = {}
        # the files of a build (not a preview), let go before Pagefind runs (see _let_go)
        self.files: Files | None = None
        # where the generated pages' links lead, kept for the next build once the pages are rendered
        self.links = None
        # `mkdocs build` and `gh-deploy` call on_shutdown once mkdocs has let go of
        # the build: the search index is made then (see on_shutdown), for this site
        self.index_at_shutdown = False
        self.unindexed: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = Preview(dirty) if command == "serve" else None
        # a dirty build updates the folder in place on purpose
        self.atomic = command in ("build", "gh-deploy") and not dirty
        self.index_at_shutdown = command in ("build", "gh-deploy")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = self._root(config)
        # the same HTML as Python-Markdown's inline step, without its searches that cannot match
        if not any(isinstance(e, markdown_fast.FastInlineExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(markdown_fast.FastInlineExtension())
        today = self._today()
        if self.preview is not None:
            self.preview.refresh(
                self.root,
                today,
                intern=self.config.intern,
                history=self.config.history,
                downloads=self.config.export,
                strict=bool(config.strict),
            )
            self.abbreviations = self.preview.abbreviations
            self.generated = self.preview.generated_pages()
            self.preview.theme_files.hand_to(config)
            return config
        try:
            # the findings and pages of an unchanged archive come from the kept handbook (handbok.sparat)
            built = handbok.check_and_build(
                self.root,
                today,
                intern=self.config.intern,
                history=self.config.history,
                downloads=self.config.export,
                site_url=config.site_url or None,
                kept=handbok.sparat.folder(self.root) if self.config.page_cache else None,
            )
        except SamverkanError as e:
            raise PluginError(str(e)) from e
        if built.findings:
            # the same report as `samverkan validate`; warnings must not fail --strict
            report = reporters.text(built.findings)
            (log.error if built.errors else log.info)("Valideringen av agreements/:\n%s", report)
        if built.errors:
            raise PluginError(
                f"Handboken byggs inte: valideringen hittade {len(built.errors)} fel "
                "(se ovan). Rätta dem och bygg igen, eller kör 'samverkan validate'."
            )
        if built.problem:
            # A shallow clone would publish a silently truncated history: make
            # --strict fail. A folder without git just has no history pages.
            (log.warning if built.shallow else log.info)(built.problem)
        self.items = built.items
        self.generated = {item.path for item in self.items if isinstance(item, handbok.Page)}
        self.abbreviations = built.abbreviations
        # the model, the history and the parses stay in memory no longer than they are needed
        # (a build wholly from the kept handbook made none: a full collection would only walk its pages)
        whole = built.whole
        del built
        memory.release(collect=not whole)
        if self.atomic:
            # Nothing is written to site_dir until the whole build has succeeded:
            # a killed or failed build leaves the published site as it was.
            self.target = Path(config.site_dir)
            self.staging = swap.staging(self.target)
            self.built = False
            config.site_dir = str(self.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.marks = {}
        self.files = None
        add_package_assets(files, config)
        if self.preview is not None:
            self.preview.add_files(files, config)
        else:
            add(files, config, self.items)
            # the files hold each page's Markdown now, and let it go once the page is written
            self.items = []
            self.pages = self.finished = None
            if self.config.page_cache:
                self.pages = PageCache.at(self.root, recipe(config))
                self.finished = FinishedPages(PageCache.at(self.root, fardiga.recipe()))
            self.links = attach(files, config, self.generated, self.pages, self.finished)
            self.files = files
        self.downloads = [f for f in files if isinstance(f, DownloadFile)]
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav = nav
        if self.preview is not None:
            self.preview.restore_titles(nav)
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.preview is not None:
            # mkdocs makes a new template environment for every build while
            # serving; the compiled templates are kept from one build to the next
            env.bytecode_cache = self.preview.templates
        if self.finished is not None and self.nav is not None:
            # kept pages are written as their bytes when no other plugin changes a written page
            others = [h for h in config.plugins.events.get("post_page", []) if getattr(h, "__self__", None) is not self]
            self.finished.prepare(files, config, self.nav, env, direct=not others)
        if self.nav is not None:
            self.shared_nav = navigering.SharedNav(env, config, self.nav)
            env.globals[navigering.GLOBAL] = jinja2.pass_context(self.shared_nav)
        return env

    def on_page_context(self, context, *, page: MkPage, config: MkDocsConfig, nav):
        if isinstance(page, CachedPage) and self.files is not None:
            # just before the theme writes it: a generated page outside the nav is rendered now (sidor.CachedPage)
            page.write_ready(config, self.files)
        return context

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if isinstance(page, CachedPage) and page.written_mark is not None:
            # a kept page written as its bytes (fardiga): mkdocs writes nothing more for it
            self.marks[page.file.dest_uri] = page.written_mark
        else:
            self.marks[page.file.dest_uri] = sok.marks(output)
        if self.finished is not None:
            self.finished.keep(page, output)
        if self.preview is not None:
            self.preview.remember(page)
        elif page.file.generated_by is not None and page.file.inclusion.is_not_in_nav():
            # mkdocs keeps every page until the build ends; a generated page's
            # Markdown and HTML are not needed once it is rendered (thousands
            # of version pages would otherwise all stay in memory)
            page.markdown = None
            page.content = None
            page.toc = TableOfContents([])
            page.file.content_string = ""
        return output

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        if self.preview is None and page.file.generated_by is not None:
            # read: the page holds its Markdown now, and mkdocs would keep the
            # file's text beside it until the build ends (every page's, twice)
            page.file.content_string = ""
        if page.file.src_uri not in self.generated:
            # a hand-written page of docs/: what search knows about it
            markdown = f"{markdown.rstrip()}\n\n{sokdata.docs_page(page.file.src_uri)}\n"
        if not self.abbreviations:
            return markdown
        return f"{markdown.rstrip()}\n\n{self.abbreviations}\n"

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        # Generated pages carry editors' text and old versions' bodies: only the
        # safe subset of HTML leaves the build (docs/ pages are the project's own).
        if page.file.src_uri in self.generated and not isinstance(page, CachedPage):
            html = htmlpolicy.sanitize(html)  # a CachedPage sanitises as it renders
        search = page.meta.get("search")
        if self.config.search and not (isinstance(search, dict) and search.get("exclude")):
            # tables as rows of text for the index, so a result's snippet keeps the cell boundaries
            # (after the page cache: it keeps the rendered page, not what the index is given)
            html = self._readable_tables(html)
        return html

    def _readable_tables(self, html: str) -> str:
        """:func:`soktabell.readable_tables`, kept in the page cache by the HTML it
        reads: the long list pages of the nav are made by every build and parsing
        their tables is most of what their content costs."""
        if self.pages is None or "<table" not in html:
            return soktabell.readable_tables(html)
        key = self.pages.key("soktabell", _code(soktabell), html)
        kept = self.pages.get_text(key, count=False)
        if kept is not None:
            return kept[1]
        readable = soktabell.readable_tables(html)
        self.pages.put_text(key, {}, readable)
        return readable

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.root is not None:
            server.watch(str(self.root / "agreements"))
        if self.preview is not None:
            server.set_app(ErrorPages(server.get_app(), self.preview))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            # the page reloads now; downloads and the search index follow beside the server
            self.preview.write_downloads_later(self.downloads, Path(config.site_dir))
            self.downloads = []
            self.preview.building(False)
        else:
            self._write_downloads(Path(config.site_dir))
        if self.finished is not None:
            self.finished.close()
        if self.index_at_shutdown and self.preview is None and self.config.search:
            self.unindexed = Path(config.site_dir)
        else:
            self._index(config)
        if self.links is not None:
            self.links.keep()
            self.links = None
        if self.shared_nav is not None:
            log.info("Navigeringen: %s", self.shared_nav.summary)
            self.shared_nav = None
        if self.pages is not None:
            done = f", {self.finished.summary}" if self.finished is not None else ""
            log.info("Sidcache: %d sidor från cachen, %d renderade%s", self.pages.hits, self.pages.misses, done)
            self.pages.prune()
        # mkdocs may still fail the build after this (warnings in strict mode);
        # on_build_error then says so, and on_shutdown swaps only a good build
        self.built = True

    def on_build_error(self, *, error: Exception) -> None:
        self.built = False
        self.unindexed = None
        if self.finished is not None:
            self.finished.close()
        self._stop_downloads()
        if self.preview is not None:
            self.preview.building(False)

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.downloads_written()
        staging, self.staging = self.staging, None
        if self.built and self.unindexed is not None:
            try:
                self._index_built_site()
            except BaseException:
                if staging is not None:
                    swap.discard(staging)
                raise
        if staging is None or self.target is None:
            return
        if self.built:
            swap.publish(staging, self.target)
        else:
            swap.discard(staging)

    def _index_built_site(self) -> None:
        """Pagefind for the site of a build that has ended (``mkdocs build``,
        ``gh-deploy``). Pagefind needs most of a large build's memory (some 750 MB
        for 3,000 indexed pages) and runs as a separate process; by now mkdocs has
        let go of its files, pages and navigation, and so does this plugin, so the
        two are not held at once. A failure fails the command as a failed build
        would (mkdocs has already said the build was done)."""
        site, self.unindexed = self.unindexed, None
        self.files = self.nav = self.finished = self.pages = self.links = None
        self.items, self.downloads = [], []
        try:
            # memory is given back only when Pagefind runs (not when the index is kept)
            self._pagefind(site, before=memory.release)
        except SamverkanError as e:
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e

    def _index(self, config: MkDocsConfig) -> None:
        if not self.config.search:
            return
        if self.preview is not None:
            self.preview.index_later(config.site_dir)
            return
        if self.files is not None:
            _let_go(self.files)
            self.files = None
        memory.release(memos=False)  # Pagefind runs beside this process
        try:
            self._pagefind(Path(config.site_dir))
        except SamverkanError as e:
            raise PluginError(str(e)) from e

    def _pagefind(self, site: Path, before=None) -> None:
        """Index ``site`` with the marks its pages were written with (the search
        cache when pages are cached) and say what the index holds; SamverkanError
        when Pagefind fails (each caller fails the build its own way). ``before``:
        called just before Pagefind starts."""
        marks, self.marks = self.marks, {}
        kept = sok.cache_folder(self.root) if self.config.page_cache and self.root is not None else None
        log.info(sok.index(site, marks, kept, before=before).summary())

    def _write_downloads(self, site_dir: Path) -> None:
        """The Word and PDF files, made beside the page build, into the site."""
        files, self.downloads = self.downloads, []
        try:
            write_downloads(files, site_dir)
        except SamverkanError as e:
            raise PluginError(str(e)) from e

    def _stop_downloads(self) -> None:
        """Stop the exports of this build and remove their staging folders."""
        files, self.downloads = self.downloads, []
        stop_downloads(files)

    def _root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        root = (base / self.config.root).resolve() if self.config.root else base
        if not (root / "agreements").is_dir():
            raise PluginError(
                f"Hittar ingen mapp agreements/ i {root} — ange 'root' för pluginet samverkan i mkdocs.yml."
            )
        return root

    def _today(self) -> dt.date:
        if not self.config.today:
            return dt.date.today()
        if isinstance(self.config.today, dt.date):
            return self.config.today
        try:
            return dt.date.fromisoformat(self.config.today)
        except ValueError as e:
            raise PluginError(
                f"'today' i mkdocs.yml måste vara ett datum som 2026-01-15, inte '{self.config.today}'"
            ) from e


@functools.cache
def _code(module) -> str:
    """A module's code and the Python it runs on, for the key of what it made."""
    return hashlib.sha256(Path(module.__file__).read_bytes() + sys.version.encode()).hexdigest()


def _let_go(files: Files) -> None:
    """Empty what mkdocs keeps of every page and generated file until ``mkdocs
    build`` ends, once the site is written and the links checked: nothing reads
    it again, and Pagefind runs beside this process (tens of MB of feeds,
    calendars and picker data on a large archive). Downloads are left alone."""
    for file in files:
        page = file.page
        if page is not None:
            page.markdown = page.content = None
            page.toc = TableOfContents([])
            page.present_anchor_ids = page.links_to_anchors = None
        elif isinstance(file, GeneratedFile) and not isinstance(file, DownloadFile):
            file.content_bytes = b""
