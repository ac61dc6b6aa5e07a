"""The handbook kept up to date while it is previewed: after a file is saved,
only what changed is read, checked and made again.

A :class:`Session` keeps the loaded files, the model, the git history and
every generated page between builds. :meth:`Session.refresh` reads the files
whose size, time or content changed, checks the whole repository with the one
checker (:func:`samverkan.checker.check_loaded`; schema findings of unchanged
files are kept), reads the history again only when ``HEAD`` moved, makes again
the units the dependency map (:mod:`.dependencies`) ties to what changed, and
says which pages changed, appeared or disappeared. While the repository has
errors nothing is made: the last good pages stay, and the findings say why.

No mkdocs here; the mkdocs plugin publishes what :class:`Update` says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import checker, historik, limits, loader
from .. import files as files_module
from ..finding import Finding
from ..historik import History, HistoryError
from ..model import Document, Repository
from . import dependencies as deps
from . import pages as all_pages
from . import prenumeration
from .context import Handbook
from .dependencies import Item, Unit


@dataclass
class Update:
    """What one refresh found and changed."""

    findings: list[Finding]
    # the repository has errors: nothing was made, ``items`` are the last good pages
    failed: bool
    # every generated page and asset, by site path
    items: dict[str, Item]
    # paths made with new content or new; removed: paths no longer made
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    # every page was made again (first build, registry, glossary, date, history)
    everything: bool = False
    repo: Repository | None = None
    history_problem: str | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]


@dataclass
class _File:
    stamp: tuple[int, int, int]  # mtime_ns, size, inode
    data: bytes
    fragment: Repository  # this file alone, as the loader reads it
    findings: list[Finding]


@dataclass
class _Good:
    """The last build without errors."""

    files: dict[str, _File]
    book: Handbook
    inverse: deps.DependencyMap
    today: dt.date


class Session:
    """One preview: the repository at ``root``, kept in memory between builds."""

    def __init__(self, root: Path, *, today: dt.date, intern: bool, history: bool, downloads: bool):
        self.root = Path(root)
        self.today = today
        self.intern = intern
        self.with_history = history
        self.downloads = downloads
        self._files: dict[str, _File] = {}
        self._memo = checker.SchemaMemo()
        self._names = deps.VersionNames()
        self._history: History | None = None
        self._refused: list[Finding] = []
        self._head: str | None = None
        self._good: _Good | None = None
        self.items: dict[str, Item] = {}
        self._units: dict[Unit, list[str]] = {}

    def refresh(self, today: dt.date | None = None) -> Update:
        """Read what changed, check, and make again what depends on it."""
        if today is not None:
            self.today = today
        with checker.no_cycle_collection():
            return self._refresh()

    def _refresh(self) -> Update:
        files = self._read()
        repo, found = _merge(self.root, files)
        found = self._refused + found
        result = checker.check_loaded(repo, found, self.today, memo=self._memo)
        if result.errors:
            return Update(result.findings, True, self.items, repo=repo)
        history, moved = self._read_history()
        good = None if moved or (self._good is not None and self._good.today != self.today) else self._good
        keys = None if good is None else _changed_keys(good, files)
        # only the text of documents changed: the same relations and dependency map
        text_only = keys is not None and all(key.endswith(deps.BODY) for key in keys)
        if good is None:
            book = Handbook.create(repo, self.today, intern=self.intern, history=history, downloads=self.downloads)
        else:
            book = good.book.with_repo(repo, text_only=text_only)
        inverse = good.inverse if text_only else deps.dependency_map(book, self._names)
        units = None
        if keys is not None:
            keys |= _readability_keys(keys, good.book, book)
            units = _affected(keys, good.inverse, inverse, lambda unit: _feed_changed(unit, good.book, book))
        if units is None:
            update = self._make_everything(book)
        else:
            _keep_unchanged(book, good, units)
            update = self._make(book, units)
        self._good = _Good(files, book, inverse, self.today)
        update.findings, update.repo = result.findings, repo
        update.history_problem = book.history_problem
        return update

    # -- reading

    def _read(self) -> dict[str, _File]:
        """Every file under agreements/, read again only when its stat changed.

        The list comes from the validator's own walk, so the preview refuses what
        `samverkan validate` refuses (links out of the repository, devices, odd names)
        and never reads such a file; those findings are kept in ``self._refused``.
        """
        listed, self._refused = files_module.walk(self.root)
        current: dict[str, _File] = {}
        for rel, path in listed:
            try:
                st = os.stat(path)
            except OSError:
                continue  # removed while we looked
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            known = self._files.get(rel)
            if known is not None and known.stamp == stamp:
                current[rel] = known
                continue
            if st.st_size > limits.MAX_FILE_BYTES:
                # the loader reports the size from the path without reading the file
                fragment, findings = loader.load_paths(self.root, [(rel, path)])
                current[rel] = _File(stamp, b"", fragment, findings)
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if known is not None and known.data == data:
                current[rel] = dataclasses.replace(known, stamp=stamp)
                continue
            fragment, findings = loader.load_files(self.root, {rel: data})
            current[rel] = _File(stamp, data, fragment, findings)
        self._files = current
        return current

    def _read_history(self) -> tuple[History | None, bool]:
        """The history, read again when ``HEAD`` moved; and whether it was."""
        if not self.with_history:
            return None, False
        try:
            head = historik.resolve(self.root, "HEAD")
        except HistoryError:
            head = None
        if self._history is not None and head == self._head:
            return self._history, False
        self._history, self._head = historik.read(self.root), head
        return self._history, True

    # -- making

    def _make_everything(self, book: Handbook) -> Update:
        # the page reloads without waiting for the history's Word and PDF files
        items = all_pages(book, papers_later=True)
        new = {item.path: item for item in items}
        units: dict[Unit, list[str]] = {}
        for path in new:
            units.setdefault(deps.unit_of(book, path), []).append(path)
        changed = {p for p, item in new.items() if self.items.get(p) != item}
        removed = set(self.items) - set(new)
        self.items, self._units = new, units
        return Update([], False, new, changed, removed, everything=True)

    def _make(self, book: Handbook, units: set[Unit]) -> Update:
        if deps.UNKNOWN in self._units:  # pages the map cannot place: make everything
            return self._make_everything(book)
        made: dict[Unit, list[Item]] = {}
        for item in deps.make(book, units):
            made.setdefault(deps.unit_of(book, item.path), []).append(item)
        if deps.UNKNOWN in made:
            return self._make_everything(book)
        changed: set[str] = set()
        removed: set[str] = set()
        for unit in units | set(made):
            old = self._units.pop(unit, [])
            fresh = made.get(unit, [])
            for item in fresh:
                if self.items.get(item.path) != item:
                    changed.add(item.path)
                self.items[item.path] = item
            paths = {item.path for item in fresh}
            for path in old:
                if path not in paths:
                    removed.add(path)
            if fresh:
                self._units[unit] = [item.path for item in fresh]
        for path in removed - changed:
            self.items.pop(path, None)
        return Update([], False, self.items, changed, removed - changed)


def _merge(root: Path, files: dict[str, _File]) -> tuple[Repository, list[Finding]]:
    """One repository from the files' fragments, as :func:`loader.load` reads it
    (files in path order)."""
    repo = Repository(root=root)
    findings: list[Finding] = []
    fields = [f.name for f in dataclasses.fields(Repository) if f.name != "root"]
    for rel in sorted(files):
        file = files[rel]
        findings.extend(file.findings)
        for name in fields:
            value = getattr(file.fragment, name)
            if isinstance(value, list):
                getattr(repo, name).extend(value)
            elif isinstance(value, set):
                getattr(repo, name).update(value)
            elif isinstance(value, dict):
                getattr(repo, name).update(value)
            elif value is not None:
                setattr(repo, name, value)
    return repo, findings


def _changed_keys(good: _Good, files: dict[str, _File]) -> set[str] | None:
    """The dependency keys the changed files touch; None when everything must be made again."""
    keys: set[str] = set()
    before, after = good.files, files
    # documents by id, so a file renamed is the same document in another file
    old_docs: dict[str, Document] = {}
    new_docs: dict[str, Document] = {}
    for rel in set(before) | set(after):
        old, new = before.get(rel), after.get(rel)
        if old is not None and new is not None and old.data == new.data:
            continue
        fragments = [f.fragment for f in (old, new) if f is not None]
        if any(f.entries or f.registry_files or f.glossary is not None for f in fragments):
            return None  # registry or glossary: every page may show it
        if not any(f.documents for f in fragments):
            if old is None or new is None:
                return None  # an attachment came or went: links to it change
            keys.add(deps.ATTACHMENTS)
            continue
        old_docs.update((d.id, d) for d in (old.fragment.documents if old else []) if d.id)
        new_docs.update((d.id, d) for d in (new.fragment.documents if new else []) if d.id)
    moved: set[str] = set()
    for id_ in set(old_docs) | set(new_docs):
        a, b = old_docs.get(id_), new_docs.get(id_)
        if a is not None and b is not None and _summary(a) == _summary(b) and (a.path == b.path or not _links(a)):
            # the document's own pages show its file (edit and source links)
            keys.add(id_ + deps.BODY)
            if a.path != b.path:
                moved.add(id_)
        else:
            keys |= {id_, id_ + deps.BODY, deps.SUMMARY}
    if moved and _in_path_order(good.files) != _in_path_order(files):
        # lists in file order (backlinks, answers) change
        keys |= moved | {deps.SUMMARY}
    return keys


def _in_path_order(files: dict[str, _File]) -> list[str | None]:
    """The ids of the documents in the order of their files."""
    return [d.id for rel in sorted(files) for d in files[rel].fragment.documents]


def _readability_keys(keys: set[str], before: Handbook, after: Handbook) -> set[str]:
    """``<id>#lix`` for each document whose text changed in a way Dokumenthälsa shows."""
    found: set[str] = set()
    for key in keys:
        if not key.endswith(deps.BODY):
            continue
        id_ = key[: -len(deps.BODY)]
        old, new = before.view.document(id_), after.view.document(id_)
        if old is None or new is None or deps.readability_shown(before, old) != deps.readability_shown(after, new):
            found.add(id_ + deps.LIX)
    return found


def _summary(doc) -> tuple:
    """What others show of a document: everything but its text and its file's
    name (links to attached files depend on the file's folder: see the caller)."""
    return (repr(doc.data), [r.target for r in doc.refs], sorted(_links(doc)))


def _links(doc) -> set[str]:
    from ..body import link_targets

    return set(link_targets(doc.body))


def _affected(
    keys: set[str],
    before: deps.DependencyMap,
    after: deps.DependencyMap,
    changes: Callable[[Unit], bool] = lambda unit: True,
) -> set[Unit]:
    """The units that read ``keys`` in the model before or after the change, and
    those that read what making them again changes (:func:`deps.derived`;
    ``changes(unit)``: whether it does)."""
    units: set[Unit] = set()
    todo, seen = set(keys), set(keys)
    while todo:
        fresh = (before.readers(todo) | after.readers(todo)) - units
        units |= fresh
        todo = set()
        for unit in fresh:
            more = deps.derived(unit)
            if more is not None and more not in seen and changes(unit):
                seen.add(more)
                todo.add(more)
    return units


def _feed_changed(unit: Unit, before: Handbook, after: Handbook) -> bool:
    """Whether the entries of the feed ``unit`` makes are not those of the last
    build (a document's feed; the feeds listing it read its entries)."""
    family, id_ = unit
    old, new = before.view.document(id_), after.view.document(id_)
    if family != "flode" or old is None or new is None:
        return True
    return prenumeration.changes(before, old) != prenumeration.changes(after, new)


def _keep_unchanged(book: Handbook, good: _Good, units: set[Unit]) -> None:
    """What the last build computed per document and no unit made again now
    depends on: its comparisons (the history's keys) and feed entries."""
    for id_, made in good.book.pairs.items():
        if ("historik", id_) not in units:
            book.pairs.setdefault(id_, made)
    for id_, made in good.book.feed_changes.items():
        if ("flode", id_) not in units:
            book.feed_changes.setdefault(id_, made)
