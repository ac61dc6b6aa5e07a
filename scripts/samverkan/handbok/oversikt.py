"""Index pages: the navigation's entry points into the generated pages.

Only these are in the navigation (see ``mkdocs.yml``); every id page is
reached from them, which keeps the build linear in the number of documents.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import amnen, ordlista
from ..model import LEVELS
from . import paths
from .context import Handbook
from .page import Page

TYPE_TITLES = {
    "avtal": "Avtal och överenskommelser",
    "bilaga": "Bilagor",
    "uppdragshandling": "Uppdragshandlingar",
    "mötesanteckning": "Mötesanteckningar",
}
LISTED_TYPES = paths.LISTED_TYPES
LEVEL_TITLES = {"regional": "Regionala dokument", "delregional": "Delregionala dokument", "lokal": "Lokala dokument"}


def pages(book: Handbook) -> Iterator[Page]:
    regions = book.repo.of_type("region")
    yield book.render("kommuner.md", paths.KOMMUNER, "Vad gäller för min kommun?", regions=regions)
    yield book.render("arenor.md", paths.ARENOR, "Arenor", regions=regions)
    yield book.render("aktorer.md", paths.AKTORER, "Aktörer", regions=regions)
    docs = book.view.documents
    yield book.render(
        "dokument-index.md",
        paths.DOKUMENT,
        "Dokument",
        counts={t: sum(1 for d in docs if d.typ == t) for t in LISTED_TYPES},
        # in the order of the navigation: the widest first
        levels={lv: sum(1 for d in docs if book.level(d) == lv) for lv in reversed(LEVELS)},
        TYPE_TITLES=TYPE_TITLES,
        LEVEL_TITLES=LEVEL_TITLES,
        in_force=sorted(
            (d for d in docs if d.typ == "avtal" and book.status(d).in_force),
            key=lambda d: (book.region(d) or "", _widest_first(book.level(d)), d.name.casefold()),
        ),
        pending=book.split(docs)[1],
    )
    for typ in LISTED_TYPES:
        chosen = sorted((d for d in docs if d.typ == typ), key=_newest_first)
        if typ == "mötesanteckning":
            yield book.render("motesanteckningar.md", paths.TYPE_PAGES[typ], TYPE_TITLES[typ], docs=chosen)
            continue
        yield _listing(book, paths.TYPE_PAGES[typ], TYPE_TITLES[typ], chosen, by="level")
    for level in reversed(LEVELS):
        chosen = sorted((d for d in docs if book.level(d) == level and d.typ != "mötesanteckning"), key=_newest_first)
        yield _listing(book, paths.LEVEL_PAGES[level], LEVEL_TITLES[level], chosen, by="type")
    topics = amnen.topics(docs)
    yield book.render("amnen.md", paths.AMNEN, "Ämnen", topics=topics)
    for topic in topics:
        yield _listing(
            book, paths.topic_path(topic.slug), f"Ämne: {topic.spelling}", sorted(topic.documents, key=_newest_first)
        )
    yield book.render(
        "ordlista.md", paths.ORDLISTA, "Ordlista", entries=ordlista.entries(book.repo), source=book.repo.glossary_path
    )


def _listing(book: Handbook, path: str, title: str, docs: list, by: str = "type") -> Page:
    """A list of documents; proposals (utkast, remiss) in a section of their own."""
    decided, pending = book.split(docs)

    def made_row(doc, row) -> str:
        # a title changed makes one row again, not the thousands of a long list
        return book.pieces.get(row_key(book, path, by, doc), lambda: str(row(doc)))

    return book.render("dokumentlista.md", path, title, docs=decided, pending=pending, by=by, made_row=made_row)


def row_key(book: Handbook, path: str, by: str, doc) -> tuple:
    """Everything a document's row in a list (``dokumentlista.md``) shows: the
    page it is on (links are relative), the document's title, type, level,
    status and date, and each node it links besides itself as the build shows it."""
    status = book.status(doc)
    regions = book.regions > 1
    return (
        "dokumentlista",
        path,
        by,
        regions,
        doc.id,
        doc.typ,
        doc.name,
        doc.intern,
        book.level(doc),
        status.kind,
        status.label,
        doc.date("giltig_från"),
        doc.date("datum"),
        doc.date("fastställd"),
        _shown(book, doc.data.get("bilaga_till")) if doc.typ == "bilaga" else None,
        _shown(book, doc.data.get("arena")) if doc.typ == "mötesanteckning" else None,
        _shown(book, book.region(doc)) if regions else None,
    )


def _shown(book: Handbook, id_) -> tuple:
    """What a link to ``id_`` shows in this build (see :meth:`markup.Linker.node`)."""
    node = book.repo.get(id_) if isinstance(id_, str) else None
    if node is None:
        return (repr(id_), None)
    return (id_, book.view.visible(node), node.id, node.name)


def _newest_first(doc) -> tuple:
    date = doc.date("giltig_från") or doc.date("datum") or doc.date("fastställd")
    return (-(date.toordinal() if date else 0), doc.name.casefold())


def _widest_first(level: str | None) -> int:
    return -LEVELS.index(level) if level in LEVELS else 1
