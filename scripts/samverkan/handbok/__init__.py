"""The handbook: every page of the published site, made from the model.

Plain library, no mkdocs: :func:`build` returns Markdown pages and binary
assets with their site paths, and any static-site adapter (the mkdocs plugin
in :mod:`samverkan.plugins.handbok`) publishes them. Page text comes from the
Jinja templates in ``samverkan/templates/handbok/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..historik import History
from ..model import Repository
from . import sparat
from .context import Handbook
from .nedladdning import Download
from .page import Asset, Page
from .paths import page_path

__all__ = ["Asset", "Download", "Handbook", "Page", "build", "page_path", "pages"]


def build(
    repo: Repository,
    today: dt.date,
    *,
    intern: bool = False,
    history: History | None = None,
    downloads: bool = False,
    site_url: str | None = None,
    kept: Path | None = None,
) -> list[Page | Asset | Download]:
    """Every generated page and asset of the handbook, public unless ``intern``.

    With ``history`` (read from git by :func:`samverkan.historik.read`) every
    document also gets its version history and comparison pages. With
    ``downloads`` every document is also offered as Word and PDF; those are
    made beside whatever the caller does next (:class:`Download`). With
    ``site_url`` (the published site's address) feeds and calendars link to
    pages with full addresses. ``kept``: the folder where the pages are kept
    between builds (:func:`sparat.folder`); a build of the same archive with the
    same arguments and code takes them from there (:mod:`.sparat`).
    """
    book = Handbook.create(repo, today, intern=intern, history=history, downloads=downloads, site_url=site_url)
    if kept is None:
        return pages(book)
    key = sparat.key(repo.root, today, intern=intern, history=history, downloads=downloads, site_url=site_url)
    return pages(book, kept=kept, key=key)


# the parts made from the model alone, kept between builds (see sparat); the
# others make files from caches of their own, or copy attachments, every build
_KEPT = frozenset({"dokument", "historik", "remiss", "kommun", "arena", "aktor", "oversikt", "strukturkarta"})
_KEPT |= {"dokumenthalsa", "kalender", "prenumeration"}


def pages(
    book: Handbook, *, papers_later: bool = False, kept: Path | None = None, key: str | None = None
) -> list[Page | Asset | Download]:
    """Every generated page and asset of one build (see :func:`build`).

    ``papers_later``: the history's papers that pandoc and typst must make are
    downloads made beside the caller (:func:`.papper.later`; the preview), not
    made before this returns. ``kept`` and ``key`` (:func:`sparat.key`): the kept
    parts are taken from there when they were kept under ``key``, else made and
    kept."""
    from . import (
        aktor,
        arena,
        dokument,
        dokumenthalsa,
        filer,
        historik,
        kalender,
        kommun,
        nedladdning,
        oversikt,
        papper,
        prenumeration,
        remiss,
        strukturkarta,
    )

    out: list[Page | Asset | Download] = []
    modules = (
        dokument,
        historik,
        papper,
        remiss,
        kommun,
        arena,
        aktor,
        oversikt,
        strukturkarta,
        dokumenthalsa,
        kalender,
        prenumeration,
        filer,
        nedladdning,
    )
    found = sparat.load(kept, key) if kept is not None and key is not None else None
    if found is not None and not _KEPT <= found.keys():
        found = None
    made: dict[str, list] = {}
    for module in modules:
        name = module.__name__.rpartition(".")[2]
        if found is not None and name in _KEPT:
            out.extend(found[name])
            continue
        if module is papper and papers_later:
            out.extend(papper.later(book, list(book.view.documents)))
            continue
        items = list(module.pages(book))
        if name in _KEPT:
            made[name] = items
        out.extend(items)
    if kept is not None and key is not None and found is None:
        sparat.save(kept, key, made)
    return out
