"""Turning the handbook's pages into mkdocs files, in memory."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .... import templating
from ....handbok import Asset, Download, Page

# Stylesheets the package ships (the comparison's is also inlined in the
# standalone page of `samverkan diff --format html`), served where mkdocs.yml
# lists them in extra_css.
PACKAGE_ASSETS = {"assets/stylesheets/jamforelse.css": templating.COMPARISON / "jamforelse.css"}


class GeneratedFile(File):
    """A generated page that can say it is unchanged since the last build
    (``mkdocs serve --dirty`` renders only modified files)."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class DownloadFile(GeneratedFile):
    """A Word or PDF file being made beside the build (:class:`Download`):
    mkdocs must not copy it with the static files; the plugin writes it after
    the pages (on_post_build)."""

    download: Download

    def copy_file(self, dirty: bool = False) -> None:
        pass


def write_downloads(files: list[DownloadFile], site_dir) -> None:
    """Write the modified ones of ``files`` into the site (in a dirty build of
    ``mkdocs serve`` only those made again), then stop their exports and remove
    their staging folders, also when writing failed (a SamverkanError)."""
    try:
        for file in files:
            if file.is_modified():
                file.download.write(site_dir)
    finally:
        stop_downloads(files)


def stop_downloads(files: list[DownloadFile]) -> None:
    """Stop the exports behind ``files`` and remove their staging folders."""
    # a download written from a cache (handbok.nedladdning.Kept) has nothing running
    for running in {id(f.download.running): f.download.running for f in files if f.download.running}.values():
        running.close()


class BuiltPage(File):
    """A generated page (or asset) that ``mkdocs serve --dirty`` built before and
    that has not changed since: its HTML is in the served folder already. mkdocs gets
    it as a file that links resolve to (at the page's address), not as a page
    to read, render or copy, so an edit costs no mkdocs page object for each
    of the thousands of unchanged pages."""

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return True

    def is_modified(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, inclusion: InclusionLevel) -> BuiltPage:
        page = File.generated(config, path, content="")  # where mkdocs put the page
        built = cls(path, None, config.site_dir, config.use_directory_urls, dest_uri=page.dest_uri, inclusion=inclusion)
        built.generated_by = page.generated_by
        return built


def add_package_assets(files: Files, config: MkDocsConfig) -> None:
    """Add the stylesheets that ship with the package, unless docs/ overrides them."""
    for path, source in PACKAGE_ASSETS.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, abs_src_path=str(source)))


def add(
    files: Files,
    config: MkDocsConfig,
    items: list[Page | Asset | Download],
    *,
    modified: Callable[[str], bool] | None = None,
    built: dict[str, File] | None = None,
) -> None:
    """Add generated pages and assets; a clash with a file in docs/ is an error.

    Pages the nav does not list (every id page) are marked as such: they are
    reached from the index pages, and mkdocs need not list them one by one.
    ``modified(path)``: whether a dirty build must write the item again
    (default: always). ``built``: unchanged pages and assets outside the nav
    are added as :class:`BuiltPage`, kept in this dict from one build to the next.
    """
    in_nav = set(_nav_paths(config.nav))
    existing = set(files.src_uris)
    edit_prefix = _edit_prefix(config)
    made: set[str] = set()
    for item in items:
        if item.path in made:
            raise PluginError(
                f"Sidan {item.path} skapas två gånger av handboken: två ämnen eller id:n får samma adress — "
                "skriv om det ena ämnet (eller id:t) så att adresserna skiljer sig, och kör 'samverkan validate'."
            )
        if item.path in existing:
            raise PluginError(
                f"Sidan {item.path} skapas av handboken men finns också i docs/ — "
                "byt namn på filen i docs/, eller välj ett annat id eller ämne."
            )
        made.add(item.path)
        inclusion = InclusionLevel.UNDEFINED if item.path in in_nav else InclusionLevel.NOT_IN_NAV
        if built is not None:
            unchanged = modified is not None and not modified(item.path)
            if unchanged and not isinstance(item, Download) and item.path not in in_nav:
                if item.path not in built:
                    built[item.path] = BuiltPage.of(config, item.path, inclusion)
                files.append(built[item.path])
                continue
            built.pop(item.path, None)
        if isinstance(item, Download):
            file = DownloadFile.generated(config, item.path, content=b"", inclusion=inclusion)
            file.download = item
        else:
            content = item.markdown if isinstance(item, Page) else item.content
            file = GeneratedFile.generated(config, item.path, content=content, inclusion=inclusion)
        if modified is not None:
            file.modified = modified(item.path)
        if isinstance(item, Page) and item.source and edit_prefix is not None:
            file.edit_uri = edit_prefix + item.source
        files.append(file)


def _edit_prefix(config: MkDocsConfig) -> str | None:
    """What goes before a source file's path in its ``edit_uri``: ``edit_uri``
    is relative to docs/, so climb out of it (None: no edit links)."""
    if not config.edit_uri:
        return None
    docs = posixpath.normpath(posixpath.relpath(config.docs_dir, _project_dir(config)))
    return "../" * (docs.count("/") + 1)


def _project_dir(config: MkDocsConfig) -> str:
    return posixpath.dirname(posixpath.abspath(config.config_file_path or "mkdocs.yml"))


def _nav_paths(nav) -> list[str]:
    """Every file path written in the ``nav`` of mkdocs.yml."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in _nav_paths(value)]
    return []
