"""The calendar: a page of coming dates and the iCalendar feed ``kalender.ics``.

Both come from :func:`samverkan.handelser.events` over the build's view, so an
intern document never reaches the public page or the feed. The feed is the same
for the same build date (DTSTAMP is that date at 00:00 UTC), so rebuilding
without changes gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby

import icalendar

from .. import handelser
from ..handelser import Event
from ..wording import MONTHS
from . import paths
from .context import Handbook
from .page import Asset, Page

CALENDAR_NAME = "Samverkan – viktiga datum"
PRODID = "-//Samverkan//Handbok för vårdsamverkan//SV"


def pages(book: Handbook, site_url: str | None = None) -> Iterator[Page | Asset]:
    """The page ``kalender/index.md`` and the feed ``kalender.ics``.

    With ``site_url`` (the published site's address), each event in the feed
    links to its document's page.
    """
    found = handelser.events(book.view, book.today)
    yield page(book, found)
    yield Asset(paths.KALENDER_ICS, ics(book, found, site_url or book.site_url))


def page(book: Handbook, found: list[Event]) -> Page:
    months = [
        (month_name(year, month), list(group))
        for (year, month), group in groupby(
            handelser.coming(found, book.today), key=lambda e: (e.start.year, e.start.month)
        )
    ]
    return book.render(
        "kalender.md",
        paths.KALENDER,
        "Kalender",
        ongoing=handelser.ongoing(found, book.today),
        months=months,
        ics=paths.KALENDER_ICS,
    )


def month_name(year: int, month: int) -> str:
    """``Juni 2027``: a month as a heading."""
    return f"{MONTHS[month - 1].capitalize()} {year}"


CALENDAR_DESCRIPTION = (
    "Revisioner, giltighetstider, beslutsprocesser, uppdrag och arenornas möten i samverkanshandboken"
)


def ics(
    book: Handbook,
    found: list[Event],
    site_url: str | None = None,
    name: str = CALENDAR_NAME,
    about: str = CALENDAR_DESCRIPTION,
) -> bytes:
    """The events as an iCalendar file of all-day events (RFC 5545), called ``name``."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    cal.add("x-wr-caldesc", about)
    # ask subscribing clients (Outlook, Google) to fetch the feed daily
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    stamp = dt.datetime.combine(book.today, dt.time(0, 0), tzinfo=dt.UTC)
    # icalendar writes a calendar as its own lines, then each event's, then its
    # end: each event's lines are made once (by everything they say) and shared
    # by every calendar that lists the event (kommun, region, arena, the site's)
    events = b"".join(event_lines(book, event, stamp, site_url) for event in found)
    whole = cal.to_ical()
    assert whole.endswith(_END)
    return whole[: -len(_END)] + events + _END


_END = b"END:VCALENDAR\r\n"


def event_lines(book: Handbook, event: Event, stamp: dt.datetime, site_url: str | None) -> bytes:
    """The event's ``BEGIN:VEVENT`` … ``END:VEVENT`` lines as a calendar writes them."""
    url = _url(event, site_url)
    about = description(book, event, url)
    return book.pieces.get(
        ("vevent", event, stamp, url, about), lambda: vevent(book, event, stamp, site_url, about).to_ical()
    )


def _url(event: Event, site_url: str | None) -> str | None:
    return f"{site_url.rstrip('/')}/{event.document}/" if site_url else None


def vevent(
    book: Handbook, event: Event, stamp: dt.datetime, site_url: str | None, about: str | None = None
) -> icalendar.Event:
    """The event as a calendar component (``about``: its description, if made already)."""
    vev = icalendar.Event()
    vev.add("uid", event.uid)
    vev.add("dtstamp", stamp)
    vev.add("dtstart", event.start)
    vev.add("dtend", end_exclusive(event.last))
    vev.add("summary", event.summary)
    # a deadline, or a meeting the reader may not attend: never shows the reader as busy
    vev.add("transp", "TRANSPARENT")
    url = _url(event, site_url)
    vev.add("description", about if about is not None else description(book, event, url))
    if url:
        vev.add("url", url)
    return vev


def end_exclusive(last: dt.date) -> dt.date:
    """The day after ``last``: an all-day event's end is exclusive. A date the
    calendar cannot step past (``9999-12-31``) ends the event on that day."""
    if last >= dt.date.max:
        return dt.date.max
    return last + dt.timedelta(days=1)


def description(book: Handbook, event: Event, url: str | None) -> str:
    doc = book.view.get(event.document)
    what = "Arena" if event.kind == "möte" else "Dokument"
    lines = [f"{event.label}.", f"{what}: {doc.name if doc else event.document}"]
    parent = book.view.document(doc.data.get("bilaga_till"), "avtal") if doc and doc.typ == "bilaga" else None
    if parent is not None:
        lines.append(f"Bilaga till: {parent.name}")
    region = book.repo.entry(book.region(doc), "region") if doc else None
    if region is not None and book.regions > 1:
        lines.append(f"Region: {region.name}")
    if event.end:
        lines.append(f"Period: {event.start.isoformat()} – {event.end.isoformat()}")
    arena = book.repo.entry(event.arena, "arena")
    if arena is not None and event.kind != "möte":
        lines.append(f"Arena: {arena.name}")
    if url:
        lines.append(f"Läs mer: {url}")
    return "\n".join(lines)
