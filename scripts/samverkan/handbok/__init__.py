"""The handbook: every page of the published site, made from the model.

Plain library, no mkdocs: :func:`build` returns Markdown pages and binary
assets with their site paths, and any static-site adapter (the mkdocs plugin
in :mod:`samverkan.plugins.handbok`) publishes them. Page text comes from the
Jinja templates in ``samverkan/templates/handbok/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..finding import Finding, Severity
from ..historik import History
from ..model import Repository
from . import sparat
from .context import Handbook
from .nedladdning import Download
from .page import Asset, Page
from .paths import page_path, site_path

__all__ = ["Asset", "Built", "Download", "Handbook", "Page", "build", "check_and_build", "page_path", "pages"]


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
    pages with full addresses. The pages kept between builds: :func:`check_and_build`.
    """
    return pages(Handbook.create(repo, today, intern=intern, history=history, downloads=downloads, site_url=site_url))


@dataclass
class Built:
    """What :func:`check_and_build` found and made."""

    # the validator's findings, as :func:`samverkan.checker.check` gives them
    findings: list[Finding]
    # every page and asset (:func:`build`); none when the findings hold an error
    items: list[Page | Asset | Download] = field(default_factory=list)
    # the glossary's abbreviations for every page (:func:`samverkan.ordlista.abbreviation_block`)
    abbreviations: str = ""
    # when the history was asked for: why it is incomplete or missing (None: complete), and
    # whether the clone is shallow (:attr:`samverkan.historik.History.problem`)
    problem: str | None = None
    shallow: bool = False
    # whether the findings and pages were kept from an earlier build (:mod:`.sparat`)
    from_kept: bool = False
    # whether all of it was: the archive was neither loaded nor its history read
    whole: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def check_and_build(
    root: Path,
    today: dt.date,
    *,
    intern: bool = False,
    history: bool = False,
    downloads: bool = False,
    site_url: str | None = None,
    kept: Path | None = None,
) -> Built:
    """Check the archive at ``root`` (:func:`samverkan.checker.check`) and, when
    the validator found no error, make every page (:func:`build`), with the
    history read from git when ``history``.

    ``kept``: the folder where a build's findings and pages are kept
    (:func:`sparat.folder`). A build of the same archive with the same
    arguments and code takes them from there (:mod:`.sparat`): the archive is
    not checked and, without downloads, neither loaded nor its history read.
    With downloads, the documents' downloads and the history's papers are
    written from the export cache where this archive's last build found them;
    only when one of them is not there is the archive loaded (and the history
    read) to find or make them.
    """
    from .. import checker, historik, loader, ordlista
    from . import filer, nedladdning, papper

    root = Path(root)
    key = git = None
    if kept is not None:
        git = historik.identity(root)
        key = sparat.key(root, today, intern=intern, history=history, git=git, downloads=downloads, site_url=site_url)
        found = sparat.load(kept, key)
        if found is not None and _KEPT <= found.parts.keys():
            problem, shallow = (git[2], git[1]) if history else (None, False)
            built = Built(found.findings, [], found.abbreviations, problem, shallow, from_kept=True)
            attachments = _attachments(root, found.attachments)
            if not downloads:
                built.items = _assemble(found.parts, {"filer": attachments}.get)
                built.whole = True
                return built
            # the downloads and the history's papers where this archive's last build found them
            papers = papper.kept(root, found.papers) if found.papers is not None else None
            files = nedladdning.kept(root, found.downloads) if found.downloads is not None else None
            if papers is not None and files is not None:
                built.items = _assemble(found.parts, {"papper": papers, "filer": attachments, "nedladdning": files}.get)
                built.whole = True
                return built
            # else the downloads are found in the export cache by what the archive's
            # documents are made of (the history does not go into them)
            repo, _ = loader.load(root)
            book = Handbook.create(repo, today, intern=intern, downloads=True, site_url=site_url)
            if papers is not None:
                made = {"papper": papers, "filer": attachments, "nedladdning": nedladdning.pages(book)}
                built.items = _assemble(found.parts, made.get)
                return built
            read = historik.read(root) if history else None
            book = Handbook.create(repo, today, intern=intern, history=read, downloads=True, site_url=site_url)
            modules = _modules()
            built.items = _assemble(found.parts, lambda name: modules[name].pages(book))
            return built
    result = checker.check(root, today)
    if result.errors:
        return Built(result.findings)
    read = historik.read(root) if history else None
    book = Handbook.create(result.repo, today, intern=intern, history=read, downloads=downloads, site_url=site_url)
    built = Built(result.findings, [], ordlista.abbreviation_block(result.repo))
    if read is not None:
        built.problem, built.shallow = read.problem, read.shallow
    if kept is None or key is None or (read is not None and (read.head, read.shallow, read.problem) != git):
        # a history whose reading failed where its identity did not is not kept under that identity
        built.items = pages(book)
        return built
    made: dict[str, list] = {}
    places: list = []
    files: list = []
    built.items = pages(book, made=made, papers=places if downloads else None, downloads=files if downloads else None)
    found = sparat.Kept(built.findings, built.abbreviations, filer.published(book), {k: made[k] for k in _KEPT})
    found.papers = places if downloads else None
    found.downloads = files if downloads else None
    sparat.save(kept, key, found)
    return built


def _attachments(root: Path, paths: list[str]) -> list[Asset]:
    """The published attachments, read again (as :func:`.filer.pages` reads them)."""
    from .. import confine

    return [Asset(site_path(path), (root / path).read_bytes()) for path in paths if confine.inside(root, path)]


# the parts made from the model alone, kept between builds (see sparat); the
# others make files from caches of their own, or copy attachments, every build
_KEPT = frozenset({"dokument", "historik", "remiss", "kommun", "arena", "aktor", "oversikt", "strukturkarta"})
_KEPT |= {"dokumenthalsa", "kalender", "prenumeration"}


def _modules() -> dict:
    """The modules that make the pages, by name, in the order their pages are listed."""
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
    return {module.__name__.rpartition(".")[2]: module for module in modules}


def _assemble(kept: dict[str, list], make) -> list[Page | Asset | Download]:
    """The pages of one build: the kept parts from ``kept``, the others from
    ``make(name)`` (None: the part has nothing in this build)."""
    out: list[Page | Asset | Download] = []
    for name in _modules():
        out.extend(kept[name] if name in _KEPT else make(name) or [])
    return out


def pages(
    book: Handbook,
    *,
    papers_later: bool = False,
    made: dict[str, list] | None = None,
    papers: list | None = None,
    downloads: list | None = None,
) -> list[Page | Asset | Download]:
    """Every generated page and asset of one build (see :func:`build`).

    ``papers_later``: the history's papers that pandoc and typst must make are
    downloads made beside the caller (:func:`.papper.later`; the preview), not
    made before this returns. ``made``: receives the parts kept between builds
    (:mod:`.sparat`), by the module that made them; ``papers``: where the
    export cache keeps each of the history's papers (:func:`.papper.kept`);
    ``downloads``: likewise for the documents' downloads (:func:`.nedladdning.kept`)."""
    from . import nedladdning, papper

    # The history's papers are made first (listed in their place): pandoc converts
    # them beside this process, two processes of some 250 MB each, and made after
    # the documents' and histories' pages, they were beside those pages' Markdown
    # (some 170 MB on a region's archive), the largest memory of a build without cache.
    made_papers = None if papers_later else list(papper.pages(book, papers))
    out: list[Page | Asset | Download] = []
    for name, module in _modules().items():
        if module is papper and papers_later:
            out.extend(papper.later(book, list(book.view.documents)))
            continue
        if module is papper:
            items, made_papers = made_papers or [], None
        elif module is nedladdning:
            items = list(nedladdning.pages(book, found=downloads))
        else:
            items = list(module.pages(book))
        if made is not None and name in _KEPT:
            made[name] = items
        out.extend(items)
    return out
