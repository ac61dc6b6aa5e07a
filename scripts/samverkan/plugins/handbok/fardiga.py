"""Finished pages: the theme's whole page for a generated page kept in the page cache.

Most of what remains of a rebuild once the Markdown comes from the cache
(:mod:`.sidor`) is the theme: Material's templates make the header, the
navigation, the table of contents and the footer of every page again. For a
generated page outside the nav (a document, a version, a history, a
comparison, …) that page is the same as last time when all of these are:

- the rendered content (the key of :class:`~.sidor.CachedPage`'s entry),
  the page's front matter, address, edit and canonical URLs (its title comes
  from these);
- the whole site's navigation (every title, address and front matter in it),
  the settings of mkdocs.yml and of every plugin, the theme's settings, the
  files of the theme's ``custom_dir`` (``overrides/``) and the versions of
  mkdocs, Material, Jinja and samverkan.

A page outside the nav has no previous or next page, no ancestors and nothing
active in the navigation, so nothing else of the site goes into it. Its
finished page is then written as kept (through a one-line template that
returns it); any other page is rendered by the theme and kept for next time,
with its anchors and links to anchors, which mkdocs checks after the build.

A generated page outside the nav whose rendered content is in the page cache
does not read it when mkdocs renders the pages (:meth:`~.sidor.CachedPage.render`
defers it): whether its finished page is kept can only be known once every
page is read and the navigation is complete (:meth:`FinishedPages.prepare`).
A page whose finished page is kept then never reads nor holds its content,
which would otherwise stay in memory for the whole build; any other page gets
its content then, as mkdocs would have given it. A kept page gone by the time
it is written (another build pruned it) is rendered by the theme after all.

When no other plugin changes a written page (``on_post_page``), a kept page is
written as the bytes it was kept as (:meth:`FinishedPages.prepare`, ``direct``):
decoding some 350 MB of a region's pages only for mkdocs to encode them again
was most of what writing them cost. The template then gives mkdocs an empty
page, which mkdocs does not write (it logs that it skipped it; that line is
left out, :class:`_Skipped`). Only a page whose text is exactly its UTF-8 is
kept (what mkdocs writes for it), so the bytes are what mkdocs would write.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import write_file

from ... import sok
from ...handbok.sidcache import PageCache
from .sidor import CachedPage, anchors_entry, restore_anchors

# the template that writes a kept page as it is
TEMPLATE = "samverkan-fardig-sida.html"
_GLOBAL = "samverkan_fardig_sida"
# settings that name places on this computer, not what a page looks like
_LOCAL = frozenset({"config_file_path", "docs_dir", "site_dir", "dev_addr", "watch", "theme", "nav", "plugins"})


class FinishedPages:
    """Whole pages of one build, from and into ``cache``."""

    def __init__(self, cache: PageCache):
        self.cache = cache
        self.env: jinja2.Environment | None = None
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        # whether a kept page is written here as its bytes (see the module's docstring)
        self.direct = False
        self._skipped: _Skipped | None = None

    def wanted(self, page: CachedPage) -> bool:
        """Whether ``page`` may be written as kept, so its content can wait (see
        the module's docstring)."""
        return page.file.inclusion.is_not_in_nav()

    def prepare(
        self, files: Files, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment, *, direct: bool = False
    ) -> None:
        """Decide, once every page is read (``on_env``), which pages are written
        as kept; the others whose content waited get it now. ``direct``: no
        other plugin changes a written page, so a kept page is written here as
        its bytes (see the module's docstring); :meth:`close` when the pages are written."""
        self.env, self.config, self.files = env, config, files
        self.close()
        self.direct = direct
        if direct:
            self._skipped = _Skipped()
            logging.getLogger(_BUILD_LOG).addFilter(self._skipped)
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: "{{ " + _GLOBAL + "() }}"}), env.loader])
        env.globals[_GLOBAL] = jinja2.pass_context(lambda context: self._kept(context))
        signature = site_signature(config, nav)
        for file in files.documentation_pages():
            page = file.page
            if not isinstance(page, CachedPage) or not file.inclusion.is_not_in_nav():
                continue
            content_key = page.content_key_to_be()
            if content_key is None:
                continue
            key = self.cache.key(
                signature,
                content_key,
                file.src_uri,
                page.url,
                json.dumps(_canonical(page.meta), sort_keys=True),
                page.edit_url or "",
                page.canonical_url or "",
            )
            if page.deferred and self.cache.has(key):
                page.plain_meta = page.meta
                page.theme_template = page.meta.get("template", "main.html")
                page.meta = {**page.meta, "template": TEMPLATE}
                page.finished_key = key
                continue
            # its content, deferred or not rendered yet, is given to it when it is written (CachedPage.write_ready)
            page.output_key = key

    def close(self) -> None:
        """The pages are written (or the build failed): mkdocs' log is as it was."""
        if self._skipped is not None:
            logging.getLogger(_BUILD_LOG).removeFilter(self._skipped)
            self._skipped = None
        self.direct = False

    def keep(self, page: MkPage, output: str) -> None:
        """Keep the theme's page for a page that was not kept yet (``on_post_page``);
        a page that is not exactly its UTF-8 (a lone surrogate, which mkdocs
        writes as a character reference) is not kept."""
        if isinstance(page, CachedPage) and page.output_key is not None:
            try:
                output.encode("utf-8")
            except UnicodeEncodeError:
                return
            self.cache.put_text(page.output_key, anchors_entry(page), output)

    @property
    def summary(self) -> str:
        return f"{self.cache.hits} färdiga sidor från cachen"

    def _kept(self, context: jinja2.runtime.Context) -> str:
        page = context["page"]
        if self.direct and self._skipped is not None:
            found = self.cache.get_bytes(page.finished_key)
            if found is not None:
                entry, data, start = found
                restore_anchors(page, entry, self.files)
                write_file(memoryview(data)[start:], page.file.abs_dest_path)
                page.written_mark = data.find(sok.BODY_MARK, start) >= 0
                # mkdocs writes nothing for the empty page and says so: that is left out
                self._skipped.page = page.file.src_uri
                return ""
        kept = self.cache.get_text(page.finished_key)
        if kept is not None:
            entry, html = kept
            restore_anchors(page, entry, self.files)
            return html
        # gone since prepare() (another build pruned it): the theme makes it after all
        assert self.env is not None and self.config is not None and self.files is not None
        page.meta, page.plain_meta, page.finished_key = page.plain_meta, None, None
        page.materialize(self.config, self.files)
        return self.env.get_template(page.theme_template).render(context.get_all())


# where mkdocs logs that it did not write an empty page
_BUILD_LOG = "mkdocs.commands.build"


class _Skipped(logging.Filter):
    """Leaves out mkdocs' line that it skipped the empty page of a kept page
    this module just wrote (``page``: its ``src_uri``)."""

    def __init__(self) -> None:
        super().__init__()
        self.page: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.page is None or record.levelno != logging.INFO:
            return True
        page, self.page = self.page, None
        return record.getMessage() != f"Page skipped: '{page}'. Generated empty output."


def recipe() -> str:
    """This module's code: a change to how pages are kept keeps nothing old."""
    return "fardig:" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def site_signature(config: MkDocsConfig, nav: Navigation) -> str:
    """What every page outside the nav has in common (see the module's docstring)."""
    theme = config.theme
    data = {
        "settings": {key: _canonical(config[key]) for key in config if key not in _LOCAL},
        "plugins": {name: _plugin(plugin) for name, plugin in config.plugins.items()},
        "theme": {"name": theme.name, "settings": _canonical(dict(theme.items()))},
        "custom": _files_digest([Path(d) for d in theme.dirs if not _installed(Path(d))]),
        "nav": [_nav_item(item) for item in nav.items],
        "versions": {name: _version(name) for name in ("mkdocs", "mkdocs-material", "Jinja2", "samverkan")},
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _plugin(plugin) -> object:
    """A plugin's settings; for a hook of mkdocs.yml (``hooks:``, a module with no
    settings) its code."""
    settings = getattr(plugin, "config", None)
    if settings is not None:
        return _canonical(dict(settings))
    source = getattr(plugin, "__file__", None)
    try:
        return hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else repr(plugin)
    except OSError:
        return repr(plugin)


def _nav_item(item) -> list:
    if isinstance(item, Section):
        return ["section", item.title, [_nav_item(child) for child in item.children]]
    if isinstance(item, Link):
        return ["link", item.title, item.url]
    return ["page", item.title, item.url, item.file.src_uri, _canonical(item.meta)]


def _canonical(value):
    """``value`` as JSON that is the same in every run (sets sorted, objects as text)."""
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return str(value)


def _installed(folder: Path) -> bool:
    """Whether a theme folder belongs to an installed package (its version says what it holds)."""
    return any(part in ("site-packages", "dist-packages") for part in folder.resolve().parts)


def _files_digest(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"
