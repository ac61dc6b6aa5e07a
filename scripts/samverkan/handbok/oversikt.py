"""Index pages: the navigation's entry points into the generated pages.

Only these are in the navigation (see ``mkdocs.yml``); every id page is
reached from them, which keeps the build linear in the number of documents.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import amnen, ordlista
from ..model import DOCUMENT_TYPES, LEVELS
from . import paths
from .context import Handbook
from .page import Page

TYPE_TITLES = {
    "avtal": "Avtal och överenskommelser",
    "bilaga": "Bilagor",
    "uppdragshandling": "Uppdragshandlingar",
    "mötesanteckning": "Mötesanteckningar",
}
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
        counts={t: sum(1 for d in docs if d.typ == t) for t in DOCUMENT_TYPES},
        levels={lv: sum(1 for d in docs if book.level(d) == lv) for lv in LEVELS},
        TYPE_TITLES=TYPE_TITLES,
        LEVEL_TITLES=LEVEL_TITLES,
    )
    for typ in DOCUMENT_TYPES:
        chosen = sorted((d for d in docs if d.typ == typ), key=_newest_first)
        yield book.render("dokumentlista.md", paths.TYPE_PAGES[typ], TYPE_TITLES[typ], docs=chosen, by="level")
    for level in LEVELS:
        chosen = sorted((d for d in docs if book.level(d) == level and d.typ != "mötesanteckning"), key=_newest_first)
        yield book.render("dokumentlista.md", paths.LEVEL_PAGES[level], LEVEL_TITLES[level], docs=chosen, by="type")
    topics = amnen.topics(docs)
    yield book.render("amnen.md", paths.AMNEN, "Ämnen", topics=topics)
    for topic in topics:
        yield book.render(
            "dokumentlista.md",
            paths.topic_path(topic.slug),
            f"Ämne: {topic.spelling}",
            docs=sorted(topic.documents, key=_newest_first),
            by="type",
        )
    yield book.render(
        "ordlista.md", paths.ORDLISTA, "Ordlista", entries=ordlista.entries(book.repo), source=book.repo.glossary_path
    )


def _newest_first(doc) -> tuple:
    date = doc.date("giltig_från") or doc.date("datum") or doc.date("fastställd")
    return (-(date.toordinal() if date else 0), doc.name.casefold())
