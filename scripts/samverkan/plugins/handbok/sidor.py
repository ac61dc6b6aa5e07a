"""Generated pages whose HTML comes from the page cache when their Markdown is unchanged.

A :class:`CachedPage` renders like any mkdocs page, then sanitises the HTML
(:func:`samverkan.htmlpolicy.sanitize`) and keeps the result with what mkdocs
learnt while rendering (table of contents, title, anchors, links to anchors)
in :class:`samverkan.handbok.sidcache.PageCache`. The next build with the same
inputs takes it from there instead of converting the Markdown again.

The key holds everything the rendered HTML depends on:

- the page's Markdown as mkdocs converts it (after ``on_page_markdown``, so
  the glossary block is part of it) and the page's place in the site
  (relative links are written from there);
- the Markdown extensions and their settings, ``use_directory_urls``, the
  versions of mkdocs, Markdown, pymdown-extensions and nh3, the sanitiser's
  policy and this module;
- for every link target the page's text can name, the file mkdocs would
  find there (its URL, whether it is published) or that there is none: a
  page that links to a document deleted since is rendered again, and mkdocs
  reports the broken link as before.

A render that logged a warning is not kept, so a page with a problem is
rendered (and reported) by every build.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import posixpath
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ... import htmlpolicy
from ...handbok.sidcache import PageCache

# raise when what an entry holds changes
FORMAT = "1"

# Strings in a page's Markdown that mkdocs may resolve as links: inline links
# and images, reference definitions, href/src in raw HTML (md_in_html).
_LINKS = re.compile(
    r"\]\(\s*<?([^)\s>]+)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)"
    r"""|\b(?:href|src)\s*=\s*["']([^"']+)["']""",
    re.MULTILINE,
)


class CachedPage(MkPage):
    """A generated page of the handbook; ``cache`` is shared by the build's pages."""

    cache: PageCache | None = None
    # the build's finished pages (:class:`.fardiga.FinishedPages`), if kept
    finished = None
    # the key of the rendered content when it is kept (set by render)
    content_key: str | None = None
    # the finished page (:mod:`.fardiga`): where it is kept, or where to keep it
    finished_key: str | None = None
    output_key: str | None = None
    theme_template = "main.html"
    # the front matter before the finished page's template was put in it
    plain_meta: dict | None = None
    # a finished page written as kept (:mod:`.fardiga`): whether it marks its text for the search index
    written_mark: bool | None = None
    # rendered content in the cache, not read yet (see materialize)
    deferred = False
    # content not rendered yet, with its key and whether it may be kept: rendered when written (see render)
    pending: tuple[str, bool] | None = None
    # the build's link targets, shared by its pages (set by attach)
    links: _Links | None = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        cache = self.cache
        self.content_key = None
        if cache is None:
            super().render(config, files)
            self.content = htmlpolicy.sanitize(self.content or "")
            return
        key, complete = self._key(cache, files)
        if complete and self.finished is not None and self.finished.wanted(self) and cache.has(key):
            # its finished page may be kept (:mod:`.fardiga`): the content is
            # read only if it is not, once the whole site is known
            cache.hits += 1
            self.content_key = key
            self.deferred = True
            self.content = ""
            return
        entry = cache.get(key)
        if entry is not None and self._restore(entry, files):
            self.content_key = key
            return
        if self.finished is not None and self.finished.wanted(self):
            # Rendered when it is written (:meth:`write_ready`): mkdocs renders every
            # page before it writes the first, and thousands of version pages' HTML
            # would all be held at once (on a region's archive the largest part
            # of the build's memory). Nothing reads a page outside the nav before then.
            self.pending = (key, complete)
            self.content = ""
            return
        self._render(config, files, key, complete)

    def _render(self, config: MkDocsConfig, files: Files, key: str, complete: bool) -> None:
        """Render the Markdown, sanitise it and keep it under ``key`` if it may be kept."""
        assert self.cache is not None
        with _Warnings() as warned:
            MkPage.render(self, config, files)
        self.content = htmlpolicy.sanitize(self.content or "")
        if complete and not warned.records:
            self.cache.put(key, self._entry())
            self.content_key = key

    def content_key_to_be(self) -> str | None:
        """The key the content is or will be kept under (None: it is not kept)."""
        return self.pending[0] if self.pending is not None else self.content_key

    def write_ready(self, config: MkDocsConfig, files: Files) -> None:
        """Give the page, just before it is written (``on_page_context``), the content
        that waited: rendered (see :meth:`render`) or read from the cache (a
        deferred page whose finished page is not kept, see :mod:`.fardiga`), as
        mkdocs would have given it, ``on_page_content`` included."""
        if self.pending is not None:
            (key, complete), self.pending = self.pending, None
            self._render(config, files, key, complete)
            if self.content_key is None:
                self.output_key = None  # a page whose content is not kept keeps no finished page either
            self.content = config.plugins.on_page_content(self.content, page=self, config=config, files=files)
        elif self.deferred and self.finished_key is None:
            self.materialize(config, files)

    def _key(self, cache: PageCache, files: Files) -> tuple[str, bool]:
        """The cache key of this page, and whether every link target it may name exists."""
        markdown = self.markdown or ""
        links = self.links if self.links is not None and self.links.files is files else _Links(files)
        targets: set[str] = set()
        complete = True
        for path, required in links.named(posixpath.dirname(self.file.src_uri), markdown):
            target, found = links.target(path)
            complete = complete and (found or not required)
            targets.add(target)
        return cache.key(self.file.src_uri, markdown, "\n".join(sorted(targets))), complete

    def materialize(self, config: MkDocsConfig, files: Files) -> None:
        """Give a page whose content was deferred its rendered content, as
        mkdocs would have given it (``on_page_content`` included)."""
        assert self.cache is not None and self.content_key is not None
        self.deferred = False
        entry = self.cache.get(self.content_key, count=False)
        if entry is None or not self._restore(entry, files):
            MkPage.render(self, config, files)
            self.content = htmlpolicy.sanitize(self.content or "")
        self.content = config.plugins.on_page_content(self.content, page=self, config=config, files=files)

    def _entry(self) -> dict:
        return {
            "content": self.content,
            "toc": [_toc_token(item) for item in self.toc],
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
            "links": (
                None
                if self.links_to_anchors is None
                else {file.src_uri: links for file, links in self.links_to_anchors.items()}
            ),
        }

    def _restore(self, entry: dict, files: Files) -> bool:
        """Take the rendered page from ``entry``; False if it does not fit."""
        try:
            links = None
            if entry["links"] is not None:
                links = {}
                for src_uri, anchors in entry["links"].items():
                    target = file_at(files, src_uri)
                    if target is None:
                        return False
                    links[target] = dict(anchors)
            toc = TableOfContents([_anchor(token) for token in entry["toc"]])
            if len(toc):
                toc.items[0].active = True  # as mkdocs' get_toc does
            content, title, anchors = entry["content"], entry["title"], set(entry["anchors"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return False
        if not isinstance(content, str):
            return False
        self.content = content
        self.toc = toc
        self._title_from_render = title
        self.present_anchor_ids = anchors
        if links is not None:
            self.links_to_anchors = links
        return True


def anchors_entry(page: MkPage) -> dict:
    """What mkdocs checks links to anchors with, for a page it does not render."""
    return {
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": (
            None
            if page.links_to_anchors is None
            else {file.src_uri: links for file, links in page.links_to_anchors.items()}
        ),
    }


def restore_anchors(page: MkPage, entry: dict, files: Files) -> None:
    """The anchors and links to anchors of ``entry`` (:func:`anchors_entry`) on ``page``."""
    page.present_anchor_ids = set(entry.get("anchors") or ())
    links = entry.get("links")
    if links is not None:
        page.links_to_anchors = {
            target: dict(anchors)
            for src_uri, anchors in links.items()
            if (target := file_at(files, src_uri)) is not None
        }


def file_at(files: Files, path: str) -> File | None:
    """``files.get_file_from_path(path)``, without making a ``PurePath`` of a path
    that is already as mkdocs writes one (most of what the lookup cost for the
    tens of thousands of links of a region's pages): a path found as it is is
    a file's ``src_uri``, and a normalised POSIX path is its own ``as_posix()``
    (``tests/test_sidcache.py`` compares)."""
    found = files.src_uris.get(path)
    if found is not None or (path == posixpath.normpath(path) and "\\" not in path):
        return found
    return files.get_file_from_path(path)


def recipe(config: MkDocsConfig) -> str:
    """What every rendered page depends on besides its own text."""
    versions = {name: _version(name) for name in ("mkdocs", "Markdown", "pymdown-extensions", "nh3")}
    settings = {
        "extensions": [str(e) for e in config["markdown_extensions"]],
        "configs": config["mdx_configs"] or {},
        "directory_urls": bool(config["use_directory_urls"]),
    }
    code = hashlib.sha256()
    for module in (htmlpolicy, inspect.getmodule(CachedPage)):
        code.update(Path(inspect.getfile(module)).read_bytes())
    return json.dumps([FORMAT, versions, settings, code.hexdigest()], sort_keys=True, default=repr)


def attach(files: Files, config: MkDocsConfig, paths: set[str], cache: PageCache | None, finished=None) -> _Links:
    """Give each generated page in ``paths`` a :class:`CachedPage` (before mkdocs
    makes plain pages for them); titles written in the nav are kept.
    ``finished``: the build's :class:`.fardiga.FinishedPages`. Returns the pages'
    link targets, to be kept (:meth:`_Links.keep`) once the pages are rendered."""
    titles = dict(_nav_titles(config.nav))
    links = _Links(files, cache)
    for file in files.documentation_pages():
        if file.src_uri in paths and file.page is None:
            page = CachedPage(titles.get(file.src_uri), file, config)
            page.cache = cache
            page.finished = finished
            page.links = links
    return links


class _Links:
    """Where the links of one build's pages lead, each URL and path looked up
    once: the pages of a version history link to the same few pages, and the
    files do not change while the pages render.

    The paths a page's Markdown names (:meth:`named`) depend on nothing but the
    Markdown and the page's folder; finding them is a regular expression over
    every page's whole text, most of what a page's key costs. They are kept in
    ``cache`` (one entry for the whole site, by a hash of folder and Markdown,
    :meth:`keep`), so a build of unchanged pages only looks their targets up."""

    def __init__(self, files: Files, cache: PageCache | None = None):
        self.files = files
        self.cache = cache
        self._urls: dict[str, str | None] = {}
        self._paths: dict[str, tuple[str, bool]] = {}
        self._known: dict[str, list] | None = None
        self._used: dict[str, list] = {}
        self._new = False

    def named(self, folder: str, markdown: str) -> list:
        """Each path mkdocs may look at for a link in ``markdown`` on a page in
        ``folder`` (:func:`_target_paths` of every link), once, with whether a
        file must be there for the page to be kept: ``[path, required]``."""
        digest = hashlib.sha1(folder.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(markdown.encode("utf-8", "surrogatepass"))
        name = digest.hexdigest()
        found = self._used.get(name)
        if found is not None:
            return found
        found = self._kept().get(name)
        if found is None:
            found = self._scan(folder, markdown)
            self._new = True
        self._used[name] = found
        return found

    def _scan(self, folder: str, markdown: str) -> list:
        required: dict[str, bool] = {}
        for match in _LINKS.finditer(markdown):
            # each group matches at least one character: the first that is not None
            url = match.group(1) or match.group(2) or match.group(3)
            for n, path in enumerate(self.paths(folder, url)):
                # the first path is the one mkdocs resolves; the others are its guesses
                need = n == 0 and bool(posixpath.splitext(path)[1])
                required[path] = required.get(path, False) or need
        return [[path, need] for path, need in required.items()]

    def _kept(self) -> dict[str, list]:
        if self._known is None:
            entry = self.cache.get(self._entry_key(), count=False) if self.cache is not None else None
            known = entry.get("named") if entry is not None else None
            self._known = {k: v for k, v in known.items() if _well_formed(v)} if isinstance(known, dict) else {}
        return self._known

    def keep(self) -> None:
        """Keep the paths named by this build's pages for the next build (only
        those of this build: the entry does not grow with every page ever made)."""
        if self.cache is not None and (self._new or len(self._used) != len(self._kept())):
            self.cache.put(self._entry_key(), {"named": self._used})
            self._known, self._new = self._used, False

    def _entry_key(self) -> str:
        assert self.cache is not None
        return self.cache.key("lankar")

    def paths(self, folder: str, url: str) -> list[str]:
        """:func:`_target_paths` for a page in ``folder``."""
        try:
            path = self._urls[url]
        except KeyError:
            path = self._urls[url] = _link_path(url)
        return [] if path is None else _folder_paths(folder, path)

    def target(self, path: str) -> tuple[str, bool]:
        """What the key says of the file mkdocs finds at ``path``, and whether there is one."""
        try:
            return self._paths[path]
        except KeyError:
            pass
        file = file_at(self.files, path)
        found = (f"{path}\0-", False) if file is None else (f"{path}\0{file.url}\0{file.inclusion.is_excluded()}", True)
        self._paths[path] = found
        return found


def _well_formed(found) -> bool:
    """Whether a kept entry of :meth:`_Links.named` is a list of ``[path, required]``."""
    return isinstance(found, list) and all(
        isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], bool)
        for item in found
    )


def _target_paths(src_uri: str, url: str) -> list[str]:
    """Where mkdocs would look for the file a link on ``src_uri`` names (none for
    an external or absolute link, or one to the page itself)."""
    path = _link_path(url)
    return [] if path is None else _folder_paths(posixpath.dirname(src_uri), path)


def _link_path(url: str) -> str | None:
    """The path a link names, unquoted; None for an external or absolute link, or one to the page itself."""
    scheme, netloc, path, _, _ = urlsplit(url)
    if scheme or netloc or not path or url.startswith(("/", "\\")):
        return None
    return unquote(path)


def _folder_paths(folder: str, path: str) -> list[str]:
    """Where mkdocs looks for ``path`` linked from a page in ``folder`` (see :func:`_target_paths`)."""
    target = posixpath.normpath(posixpath.join(folder, path)).lstrip("/")
    found = [target]
    if not posixpath.splitext(target)[1]:
        found += [posixpath.join(target, "index.md"), posixpath.join(target, "README.md"), target + ".md"]
    return found


def _toc_token(item: AnchorLink) -> list:
    return [item.title, item.id, item.level, [_toc_token(child) for child in item.children]]


def _anchor(token: list) -> AnchorLink:
    title, id_, level, children = token
    link = AnchorLink(title, id_, level)
    link.children = [_anchor(child) for child in children]
    return link


def _nav_titles(nav) -> list[tuple[str, str]]:
    """``(path, title)`` of every page in ``nav`` that the nav gives a title."""
    if isinstance(nav, dict):
        out = []
        for title, value in nav.items():
            out += [(value, title)] if isinstance(value, str) else _nav_titles(value)
        return out
    if isinstance(nav, list):
        return [pair for value in nav for pair in _nav_titles(value)]
    return []


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


class _Warnings(logging.Handler):
    """Collects the warnings mkdocs logs while one page renders."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> _Warnings:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
