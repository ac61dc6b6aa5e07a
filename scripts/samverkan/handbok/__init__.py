"""The handbook: every page of the published site, made from the model.

Plain library, no mkdocs: :func:`build` returns Markdown pages and binary
assets with their site paths, and any static-site adapter (the mkdocs plugin
in :mod:`samverkan.plugins.handbok`) publishes them. Page text comes from the
Jinja templates in ``samverkan/templates/handbok/``.
"""

from __future__ import annotations

import datetime as dt

from ..historik import History
from ..model import Repository
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
) -> list[Page | Asset | Download]:
    """Every generated page and asset of the handbook, public unless ``intern``.

    With ``history`` (read from git by :func:`samverkan.historik.read`) every
    document also gets its version history and comparison pages. With
    ``downloads`` every document is also offered as Word and PDF; those are
    made beside whatever the caller does next (:class:`Download`). With
    ``site_url`` (the published site's address) feeds and calendars link to
    pages with full addresses.
    """
    return pages(Handbook.create(repo, today, intern=intern, history=history, downloads=downloads, site_url=site_url))


def pages(book: Handbook, *, papers_later: bool = False) -> list[Page | Asset | Download]:
    """Every generated page and asset of one build (see :func:`build`).

    ``papers_later``: the history's papers that pandoc and typst must make are
    downloads made beside the caller (:func:`.papper.later`; the preview), not
    made before this returns."""
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
    for module in modules:
        if module is papper and papers_later:
            out.extend(papper.later(book, list(book.view.documents)))
        else:
            out.extend(module.pages(book))
    return out
