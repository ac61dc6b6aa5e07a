"""Which generated pages depend on which files: the preview server's dependency map.

The handbook is made of *units*, each made in one go: the page of one
document, its history, its downloads; the page of one kommun, arena or other
registry entry; and the site-wide parts (index pages, structure map, document
health, calendar, attachments). Every unit names the *keys* it reads:

- a node id (``hsa-2018``): what others show of that node — its name, status,
  front matter, the references it makes — and the node's existence;
- ``<id>`` + :data:`BODY`: the text of a document, shown only by its own units;
- :data:`SUMMARY`: what lists show of every document (front matter and
  references), read by the site-wide parts;
- :data:`REGISTRY` and :data:`GLOSSARY`: read by everything.

A relation is written in one of the two files it joins (a bilaga names its
avtal, a meeting note its arena), so a node's units depend on the ids it names
and on the ids of the nodes that name it. When a file changes, the units that
depend on its keys in the model before or after the change are made again; the
caller keeps the pages whose text did not change.

No mkdocs here: :class:`samverkan.handbok.incremental.Session` uses this map,
the mkdocs plugin only publishes what the session says changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .. import remiss as remiss_module
from ..historik import Version
from ..model import Document, Node
from ..remiss import REMISS_TYPES
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
    paths,
    prenumeration,
    remiss,
)
from . import strukturkarta as karta
from .context import Handbook
from .page import Asset, Page

# a unit: (family, node id); site-wide families have no id
Unit = tuple[str, "str | None"]
Item = Page | Asset | nedladdning.Download

REGISTRY = "@register"
GLOSSARY = "@ordlista"
SUMMARY = "@dokumentlistor"
ATTACHMENTS = "@bifogade-filer"
BODY = "#text"
HISTORY = "#historik"
# the entries of a document's feed: read by the feeds that list the document
FEED = "#flode"
# what Dokumenthälsa shows of a document's text (see readability_shown)
LIX = "#lix"
# pages the map cannot place: any change makes the whole handbook again
UNKNOWN: Unit = ("okänd", None)


@dataclass(frozen=True)
class Family:
    """One kind of unit and how to make the units of some ids again."""

    name: str
    # per node: (book, ids) -> the pages of those ids that still exist; None: site-wide
    make: Callable[[Handbook, set[str]], Iterable[Item]]
    site_wide: bool = False
    # the first path segments of a site-wide family's pages
    prefixes: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()


def _documents(book: Handbook, ids: set[str]) -> list[Document]:
    return [d for d in book.view.documents if d.id in ids]


def _entries(book: Handbook, ids: set[str], types: Iterable[str]) -> list:
    return [e for typ in types for e in book.repo.of_type(typ) if e.id in ids]


def _history(book: Handbook, ids: set[str]) -> Iterator[Item]:
    published = frozenset(filer.published(book))
    docs = _documents(book, ids)
    for doc in docs:
        yield from historik.document_pages(book, doc, published)
    # after a save the papers are made once the page has reloaded
    yield from papper.later(book, docs, begin=False)


def _first(path: str) -> str:
    return path.split("/", 1)[0]


def _feeds(book: Handbook, ids: set[str]) -> Iterator[Item]:
    yield from prenumeration.document_feeds(book, _documents(book, ids))
    yield from prenumeration.followed(book, ids, calendars=False)


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("dokument", lambda book, ids: [dokument.page(book, d) for d in _documents(book, ids)]),
        Family("historik", _history),
        Family("nedladdning", lambda book, ids: nedladdning.pages(book, _documents(book, ids))),
        Family("remiss", lambda book, ids: remiss.pages(book, _documents(book, ids))),
        Family("kommun", lambda book, ids: kommun.pages(book, only=ids)),
        Family("arena", lambda book, ids: [arena.page(book, a) for a in _entries(book, ids, ("arena",))]),
        Family("aktor", lambda book, ids: [aktor.page(book, e) for e in _entries(book, ids, aktor.TYPES)]),
        Family(
            "oversikt",
            lambda book, ids: oversikt.pages(book),
            site_wide=True,
            prefixes=tuple(_first(p) for p in (paths.KOMMUNER, paths.ARENOR, paths.AKTORER, paths.DOKUMENT))
            + (_first(paths.AMNEN), _first(paths.ORDLISTA)),
            keys=frozenset({SUMMARY, REGISTRY, GLOSSARY}),
        ),
        Family(
            "strukturkarta",
            lambda book, ids: karta.pages(book),
            site_wide=True,
            prefixes=(_first(paths.STRUKTURKARTA),),
            keys=frozenset({REGISTRY}),
        ),
        Family(
            "dokumenthalsa",
            lambda book, ids: dokumenthalsa.pages(book),
            site_wide=True,
            prefixes=(_first(paths.HALSA),),
            keys=frozenset({SUMMARY, REGISTRY}),
        ),
        Family(
            "kalender",
            lambda book, ids: kalender.pages(book),
            site_wide=True,
            prefixes=(_first(paths.KALENDER), paths.KALENDER_ICS),
            keys=frozenset({REGISTRY}),
        ),
        Family("flode", _feeds),
        Family("kalendrar", lambda book, ids: prenumeration.followed(book, ids, feeds=False)),
        Family(
            "prenumeration",
            lambda book, ids: [prenumeration.site_feed(book), prenumeration.page(book)],
            site_wide=True,
            prefixes=(_first(paths.PRENUMERERA), paths.FLODE),
            keys=frozenset({REGISTRY}),
        ),
        Family(
            "filer",
            lambda book, ids: filer.pages(book),
            site_wide=True,
            prefixes=(paths.ATTACHMENTS,),
            keys=frozenset({SUMMARY, ATTACHMENTS}),
        ),
    )
}
_SITE_PREFIX = {prefix: name for name, f in FAMILIES.items() for prefix in f.prefixes}


def unit_of(book: Handbook, path: str) -> Unit:
    """The unit that makes the page or asset at ``path`` in ``book``."""
    first = _first(path)
    if paths.is_subscription(path) and path != paths.FLODE:
        family, id_ = ("flode", path[len("flode-") : -len(".xml")]) if path.endswith(".xml") else ("kalendrar", None)
        if id_ is None:
            id_ = path[len("kalender-") : -len(".ics")]
        return (family, id_) if book.view.get(id_) is not None else UNKNOWN
    if first in _SITE_PREFIX:
        return (_SITE_PREFIX[first], None)
    node = book.repo.get(first)
    if node is None or not book.view.visible(node):
        return UNKNOWN
    if isinstance(node, Document):
        if path == paths.page_path(first):
            return ("dokument", first)
        if path in (nedladdning.download_path(first, fmt) for fmt in ("docx", "pdf")):
            return ("nedladdning", first)
        if path.split("/")[1] in ("historik", "version", "jamfor"):
            return ("historik", first)
        if path in (paths.compilation_path(first), paths.responses_path(first)):
            return ("remiss", first)
        return UNKNOWN
    if path != paths.page_path(first):
        return UNKNOWN
    if node.typ == "kommun":
        return ("kommun", first)
    if node.typ == "arena":
        return ("arena", first)
    if node.typ in aktor.TYPES:
        return ("aktor", first)
    return UNKNOWN


def named(node: Node) -> set[str]:
    """Every string a node's front matter or registry entry holds, and its references'
    targets: a superset of the ids it names (a string that names nothing costs nothing)."""
    found: set[str] = set()
    stack: list = [node.data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    if isinstance(node, Document):
        found.update(ref.target for ref in node.refs)
    return found


class VersionNames:
    """The ids each old version names, parsed once per version object (the
    preview server keeps the history between builds), and those each node
    names, once per node object (it keeps the nodes of unchanged files)."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[Version, frozenset[str]]] = {}
        self._nodes: dict[int, tuple[Node, frozenset[str]]] = {}

    def node(self, node: Node) -> frozenset[str]:
        hit = self._nodes.get(id(node))
        if hit is None or hit[0] is not node:
            hit = (node, frozenset(named(node)))
            self._nodes[id(node)] = hit
        return hit[1]

    def keep_only(self, nodes: Iterable[Node]) -> None:
        """Forget the nodes not among ``nodes``."""
        alive = {id(n) for n in nodes}
        self._nodes = {k: v for k, v in self._nodes.items() if k in alive}

    def of(self, version: Version) -> frozenset[str]:
        hit = self._found.get(id(version))
        if hit is None or hit[0] is not version:
            try:
                names = frozenset(named(version.document()))
            except Exception:  # noqa: BLE001 - an unreadable old version names nothing; its page says so
                names = frozenset()
            hit = (version, names)
            self._found[id(version)] = hit
        return hit[1]


class DependencyMap:
    """Which keys each unit reads; asked the other way round (:meth:`readers`)
    only for the few keys a saved file changes, so it is never inverted whole."""

    def __init__(self) -> None:
        self.reads: dict[Unit, set[str]] = {}

    def depends(self, unit: Unit, keys: set[str]) -> None:
        known = self.reads.get(unit)
        self.reads[unit] = keys if known is None else known | keys

    def readers(self, keys: set[str]) -> set[Unit]:
        """The units that read any of ``keys``; REGISTRY and GLOSSARY are read by all."""
        if keys & {REGISTRY, GLOSSARY}:
            return set(self.reads)
        return {unit for unit, read in self.reads.items() if not read.isdisjoint(keys)}


def dependency_map(book: Handbook, versions: VersionNames | None = None) -> DependencyMap:
    """The keys every unit of ``book`` reads."""
    versions = versions or VersionNames()
    repo, view = book.repo, book.view
    versions.keep_only(repo.nodes())
    names = {id(node): versions.node(node) for node in repo.nodes()}
    naming: dict[str, set[str]] = defaultdict(set)
    for node in repo.nodes():
        if node.id:
            for target in names[id(node)]:
                naming[target].add(node.id)
    found = DependencyMap()
    depends = found.depends

    def around(node: Node) -> set[str]:
        return {node.id} | names[id(node)] | naming[node.id]

    histories: dict[str, set[str]] = {}

    def history_of(doc: Document) -> set[str]:
        # what old versions name, as it is called today
        found = histories.get(doc.id)
        if found is None:
            found = {doc.id + HISTORY}
            for version in book.versions(doc):
                found |= versions.of(version)
            histories[doc.id] = found
        return found

    def round_of(id_: str) -> set[str]:
        """What a remiss round of the document ``id_`` shows: its text (sections)
        as it is now and as it was on remiss, and the answers, which name it."""
        keys = {id_, id_ + BODY, id_ + HISTORY} | naming[id_] | {n + BODY for n in naming[id_]}
        node = repo.get(id_)
        if isinstance(node, Document) and view.visible(node):
            keys |= names[id(node)] | history_of(node)
        return keys

    for doc in view.documents:
        own = around(doc) | {doc.id + BODY}
        depends(("nedladdning", doc.id), own)
        # the document page links the comparisons worth reading
        versions_named = history_of(doc)
        history = own | versions_named
        target = doc.data.get("svar_på") if doc.typ == "remissvar" else None
        if isinstance(target, str):
            # an answer links its sections to those of the remissammanställning
            history |= round_of(target)
        depends(("dokument", doc.id), history)
        depends(("historik", doc.id), history)
        # a feed lists the versions in git: the text being edited is in none of them
        depends(("flode", doc.id), (own - {doc.id + BODY}) | versions_named)
        if doc.typ in REMISS_TYPES:
            # without a round of its own or its avtal's, what gives it one is in
            # the document or names that avtal
            has_round = remiss_module.carrier(repo, doc) is not None
            depends(("remiss", doc.id), own | round_of(doc.id) if has_round else own)
    documents = [doc.id for doc in view.documents]
    # the flöde of every document is in the handbook's flöde; Dokumenthälsa
    # lists every document's LIX and longest sentences
    depends(("prenumeration", None), {id_ + FEED for id_ in documents})
    depends(("dokumenthalsa", None), {id_ + LIX for id_ in documents})
    listed = kommun.listed(book)
    in_scope: dict[str, set[str]] = defaultdict(set)
    for doc in listed:
        # a kommun page lists an avtal with its bilagor, and the open remisser
        # it is asked in (by scope, or by name)
        shown = {doc.id} | {b.id for b in book.rel.bilagor.get(doc.id, [])}
        for k in {k.id for k in book.scope(doc)} | names[id(doc)]:
            in_scope[k] |= shown
    for entry in repo.entries:
        if not entry.id:
            continue
        if entry.typ == "kommun":
            depends(("kommun", entry.id), around(entry) | in_scope[entry.id])
        elif entry.typ == "arena":
            owned = {d.id for d in book.rel.owned.get(entry.id, [])}
            depends(("arena", entry.id), around(entry) | owned)
        elif entry.typ in aktor.TYPES:
            depends(("aktor", entry.id), around(entry))
    # the feeds and calendars of kommuner, regions and arenas: the documents they
    # follow (a bilaga is named after its avtal), the feed entries of those, and
    # those with calendar events
    selection = prenumeration.selection_of(book)
    dated = {e.document for e in prenumeration.events_of(book)}
    shown_as: dict[str, set[str]] = {}
    for id_ in documents:
        parent = repo.get(id_).data.get("bilaga_till")
        shown_as[id_] = {id_, parent} if isinstance(parent, str) else {id_}
    for kind, entry in prenumeration.followers(book):
        feed: set[str] = set()
        dates: set[str] = set()
        for id_ in selection.documents(kind, entry.id):
            shown = shown_as.get(id_, {id_})
            feed |= shown
            feed.add(id_ + FEED)
            if id_ in dated:
                dates |= shown
        depends(("flode", entry.id), around(entry) | feed)
        depends(("kalendrar", entry.id), around(entry) | dates)
    calendar: set[str] = set()
    for id_ in dated:
        calendar |= shown_as.get(id_, {id_})
    depends(("kalender", None), calendar)
    for name, family in FAMILIES.items():
        if family.site_wide:
            depends((name, None), set(family.keys))
    return found


def readability_shown(book: Handbook, doc: Document) -> tuple:
    """What Dokumenthälsa shows of ``doc``'s text (templates/handbok/dokumenthalsa.md):
    its LIX, band and longest sentences (a few more than it lists). A change to the
    text that leaves these alone does not make the page again."""
    whole = book.readability(doc).whole
    return (whole.rounded, whole.band, whole.longest(3))


def derived(unit: Unit) -> str | None:
    """The key that making ``unit`` again changes for others: a document's feed
    entries, which the feeds listing it read."""
    family, id_ = unit
    return id_ + FEED if family == "flode" and id_ else None


def make(book: Handbook, units: Iterable[Unit]) -> list[Item]:
    """The pages of ``units`` made again (units whose node is gone make none)."""
    by_family: dict[str, set[str]] = defaultdict(set)
    for name, id_ in units:
        by_family[name].add(id_ or "")
    out: list[Item] = []
    for name, family in FAMILIES.items():
        if name in by_family:
            out.extend(family.make(book, by_family[name]))
    return out
