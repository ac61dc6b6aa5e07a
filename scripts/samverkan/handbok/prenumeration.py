"""Feeds and calendars to subscribe to: Atom feeds of what changed (the whole
handbook ``flode.xml``, each kommun, arena and document ``flode-<id>.xml``) and
calendars of each kommun, region and arena (``kalender-<id>.ics``), at the top
of the site beside ``kalender.ics``, and the page ``prenumerera/`` that lists them.

Everything comes from the build's view and its history cut to what the build
may show (:meth:`Handbook.versions`), so an intern document is in no feed or
calendar of the public build, not even as "a document changed". The feeds'
entries are made once per document (:mod:`samverkan.flode.poster`) and shared
by every feed that lists the document; the same history gives the same bytes.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import handelser
from ..flode import atom, poster, urval
from ..model import Document, Entry
from ..wording import TYPE_NAMES
from . import historik, kalender, paths
from .context import Handbook
from .page import Asset, Page

ATOM = "application/atom+xml"
ICS = "text/calendar"
AUTHOR = "Handboken för vårdsamverkan"
# newest entries in a feed that lists many documents; a document's own feed lists all
MAX_ENTRIES = 100


@dataclass(frozen=True)
class Subscription:
    """What one kommun, region, arena or document offers to subscribe to (site paths)."""

    id: str
    name: str
    feed: str | None
    calendar: str | None


def pages(book: Handbook) -> Iterator[Page | Asset]:
    """Every feed and calendar, and the page listing them."""
    yield site_feed(book)
    yield from followed(book)
    yield from document_feeds(book, book.view.documents)
    yield page(book)


def site_feed(book: Handbook) -> Asset:
    """``flode.xml``: the newest changes in the whole handbook."""
    everything = sorted((c for doc in book.view.documents for c in changes(book, doc)), key=poster.newest_first)
    return Asset(
        paths.FLODE,
        render(
            book,
            paths.FLODE,
            "Samverkan – ändringar i handboken",
            "Nya versioner, beslut, remisser och mötesanteckningar i hela handboken.",
            everything[:MAX_ENTRIES],
        ),
    )


def document_feeds(book: Handbook, docs: Iterable[Document]) -> Iterator[Asset]:
    """The feed of each of ``docs``: all its changes."""
    for doc in docs:
        yield Asset(
            paths.feed_path(doc.id),
            render(
                book,
                paths.feed_path(doc.id),
                f"Ändringar i {doc.name}",
                "Dokumentets nya versioner och ändrade status.",
                changes(book, doc),
            ),
        )


def followers(book: Handbook) -> Iterator[tuple[str, Entry]]:
    """(kind, entry) of every kommun, region and arena that has a feed or a calendar."""
    for kind, nodes in (
        ("kommun", book.repo.of_type("kommun")),
        ("region", book.repo.of_type("region")),
        ("arena", book.view.of_type("arena")),
    ):
        for node in nodes:
            if node.id:
                yield kind, node


def followed(
    book: Handbook, only: set[str] | None = None, *, feeds: bool = True, calendars: bool = True
) -> Iterator[Asset]:
    """The feed and calendar of every kommun, region and arena (of those whose ids are in ``only``)."""
    selection, found = selection_of(book), events_of(book)
    for kind, node in followers(book):
        if only is None or node.id in only:
            yield from _followed(book, selection, found, kind, node, feeds=feeds, calendars=calendars)


def selection_of(book: Handbook) -> urval.Selection:
    """What each kommun, region and arena follows in this build (made once per build)."""
    return book.once("urval", lambda: urval.Selection.of(book.view))


def events_of(book: Handbook) -> list[handelser.Event]:
    """Every calendar event of this build (made once per build)."""
    return book.once("handelser", lambda: handelser.events(book.view, book.today))


def changes(book: Handbook, doc: Document) -> list[poster.Change]:
    """The entries of ``doc`` (made once per build, see :func:`document_changes`)."""
    if doc.id not in book.feed_changes:
        book.feed_changes[doc.id] = document_changes(book, doc)
    return book.feed_changes[doc.id]


def document_changes(book: Handbook, doc: Document) -> list[poster.Change]:
    """The entries of ``doc`` (its versions in this build), newest first."""
    versions = book.versions(doc)
    if not versions:
        return []
    return poster.changes(doc, versions, historik.ready_pairs(book, doc), paths)


def _followed(
    book, selection, found, kind: str, node: Entry, *, feeds: bool = True, calendars: bool = True
) -> Iterator[Asset]:
    offer = subscription(kind, node)
    if offer.feed and feeds:
        listed = sorted(
            (
                c
                for d in selection.documents(kind, node.id)
                if (doc := book.view.document(d))
                for c in changes(book, doc)
            ),
            key=poster.newest_first,
        )
        about = {
            "kommun": f"Ändringar i de dokument som gäller för {node.name}.",
            "arena": f"Ändringar i de dokument som {node.name} förvaltar, dess mötesanteckningar och uppdrag.",
        }[kind]
        title = f"Samverkan – {'ändringar som gäller' if kind == 'kommun' else 'ändringar från'} {node.name}"
        yield Asset(offer.feed, render(book, offer.feed, title, about, listed[:MAX_ENTRIES]))
    if offer.calendar and calendars:
        events = selection.events(kind, node.id, found)
        yield Asset(
            offer.calendar,
            kalender.ics(
                book,
                events,
                book.site_url,
                name=f"Samverkan – viktiga datum för {node.name}",
                about=f"Datum i de dokument och möten som rör {node.name}, ur samverkanshandboken",
            ),
        )


def subscription(kind: str, node: Entry | Document) -> Subscription:
    """The feed and calendar of a kommun, region, arena or document (site paths;
    None where there is none: a region has only a calendar, a document only a feed)."""
    assert node.id
    return Subscription(
        id=node.id,
        name=node.name,
        feed=paths.feed_path(node.id) if kind in ("kommun", "arena", "dokument") else None,
        calendar=paths.calendar_path(node.id) if kind in ("kommun", "region", "arena") else None,
    )


def href(feed: str, target: str) -> str:
    """Link from the feed file at ``feed`` to the page or file ``target`` (site paths)."""
    url = paths.url(target)
    relative = posixpath.relpath(url or ".", posixpath.dirname(feed) or ".")
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


def render(book: Handbook, path: str, title: str, about: str, changes: list[poster.Change]) -> bytes:
    """The Atom feed at ``path`` listing ``changes``."""
    base = f"{book.site_url.rstrip('/')}/{path}" if book.site_url else None
    feed = atom.Feed(
        id=atom.stable_id(f"samverkan/flode/{path}"),
        title=title,
        subtitle=about,
        author=AUTHOR,
        links=[
            atom.Link(posixpath.basename(path), "self", ATOM),
            atom.Link(href(path, paths.PRENUMERERA), "alternate", "text/html", "Prenumerera"),
        ],
        entries=[entry(path, c) for c in changes],
        base=base,
    )
    # an entry's XML is made once and shared by every feed that lists it
    return atom.render(feed, lambda e: book.pieces.get(("atom", e), lambda: atom.entry_xml(e)))


def entry(feed: str, change: poster.Change) -> atom.Entry:
    target, page_href = href(feed, change.target), href(feed, change.page)
    parts = []
    if change.sammanfattning:
        parts.append(f"<p><strong>Kort om dokumentet:</strong> {html.escape(change.sammanfattning)}</p>")
    parts.append(f"<p><strong>{html.escape(change.what)}.</strong> {html.escape(change.summary)}</p>")
    shows = "Se jämförelsen" if "/jamfor/" in change.target else "Se versionen"
    parts.append(
        f'<p><a href="{html.escape(target)}">{shows}</a> · '
        f'<a href="{html.escape(page_href)}">Dokumentet i handboken</a></p>'
    )
    return atom.Entry(
        id=change.id,
        title=change.title,
        updated=change.updated,
        summary=change.summary,
        links=(atom.Link(target, "alternate", "text/html"), atom.Link(page_href, "related", "text/html")),
        content_html="\n".join(parts),
        categories=(TYPE_NAMES[change.typ],) if change.typ in TYPE_NAMES else (),
    )


def page(book: Handbook) -> Page:
    """``prenumerera/``: every feed and calendar, and how to follow them in Outlook."""
    kommuner = [subscription("kommun", k) for k in book.repo.of_type("kommun") if k.id]
    regioner = [subscription("region", r) for r in book.repo.of_type("region") if r.id]
    arenor = [subscription("arena", a) for a in book.view.of_type("arena") if a.id]
    return book.render(
        "prenumerera.md",
        paths.PRENUMERERA,
        "Prenumerera",
        kommuner=kommuner,
        regioner=regioner,
        arenor=arenor,
        flode=paths.FLODE,
        ics=paths.KALENDER_ICS,
    )
