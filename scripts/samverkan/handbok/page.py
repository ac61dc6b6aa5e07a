"""What the handbook hands to a site generator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A Markdown page at ``path`` (e.g. ``hsa-2018/index.md``, served at ``/hsa-2018/``)."""

    path: str
    title: str
    markdown: str
    # repository-relative file the page is made from, for the edit button
    source: str | None = None


@dataclass(frozen=True)
class Asset:
    """A file published as is (``kalender.ics``)."""

    path: str
    content: bytes
