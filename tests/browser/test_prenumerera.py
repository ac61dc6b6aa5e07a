"""Subscribing and reading easily (issue 15) in the built handbook: the feed
links in each page's head and the visible "Prenumerera" links, the Outlook
help, the calendars they lead to, and the LIX shown on a document page."""

from __future__ import annotations

import feedparser
import icalendar
import pytest

from .conftest import PAGES
from .test_tillganglighet import axe_violations, report

ATOM = "link[rel='alternate'][type='application/atom+xml']"


def _fetch(page, href: str) -> bytes:
    response = page.request.get(href)
    assert response.status == 200, href
    return response.body()


@pytest.mark.parametrize(
    ("name", "own"),
    [("dokument", "Ändringar i Överenskommelse om hälso- och sjukvård i hemmet"), ("kommun", None), ("arena", None)],
)
def test_feed_links_in_the_head(open_page, name, own):
    page, _ = open_page(PAGES[name])
    links = page.locator(ATOM)
    titles = [links.nth(i).get_attribute("title") for i in range(links.count())]
    assert titles[0] == "Samverkan – ändringar i handboken"
    assert len(titles) == 2
    if own:
        assert titles[1] == own
    for i in range(links.count()):
        href = page.evaluate("(el) => el.href", links.nth(i).element_handle())
        feed = feedparser.parse(_fetch(page, href))
        assert not feed.bozo and feed.version == "atom10"


def test_the_subscribe_links_on_a_kommun_page(open_page):
    page, _ = open_page(PAGES["kommun"])
    box = page.locator(".sv-prenumerera")
    assert box.get_by_text("Prenumerera:").is_visible()
    feed = box.get_by_role("link", name="Flöde med ändringar")
    calendar = box.get_by_role("link", name="Kalender")
    assert feed.is_visible() and calendar.is_visible()
    parsed = feedparser.parse(_fetch(page, page.evaluate("(a) => a.href", feed.element_handle())))
    assert parsed.feed.title == "Samverkan – ändringar som gäller Lilla Edets kommun"
    ics = icalendar.Calendar.from_ical(_fetch(page, page.evaluate("(a) => a.href", calendar.element_handle())))
    assert str(ics["X-WR-CALNAME"]) == "Samverkan – viktiga datum för Lilla Edets kommun"
    # nothing from Region Örebro län's or Jämtland Härjedalen's documents reaches a kommun in Västra Götaland
    summaries = [str(e["SUMMARY"]) for e in ics.walk("VEVENT")]
    assert summaries
    assert not [s for s in summaries if "Jämtland" in s or "Örebro" in s]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_outlook_help_opens_and_passes_axe(open_page, scheme):
    page, _ = open_page(PAGES["dokument"], scheme=scheme)
    box = page.locator(".sv-prenumerera")
    help_ = box.locator("details")
    assert help_.get_attribute("open") is None
    help_.locator("summary").click()
    assert box.get_by_text("Lägg till ett nytt RSS-flöde").is_visible()
    violations = axe_violations(page, ".sv-prenumerera")
    assert not violations, f"axe på Prenumerera ({scheme}):\n{report(violations)}"


def test_the_subscription_page_lists_feeds_and_calendars(open_page):
    page, _ = open_page(PAGES["prenumerera"])
    assert page.get_by_role("heading", name="Kommuner").is_visible()
    link = page.get_by_role("link", name="Kalender för Lilla Edets kommun")
    assert link.count() == 1
    ics = icalendar.Calendar.from_ical(_fetch(page, page.evaluate("(a) => a.href", link.element_handle())))
    assert "Lilla Edets kommun" in str(ics["X-WR-CALNAME"])


def test_lix_and_the_plain_summary_on_a_document_page(open_page):
    page, _ = open_page(PAGES["dokument"])
    row = page.locator(".sv-meta__row", has=page.locator("dt", has_text="Läsbarhet"))
    lix = row.locator(".sv-lix")
    assert lix.is_visible()
    text = lix.inner_text()
    assert text.startswith("LIX ") and text.split(" – ")[1] in ("lätt", "medelsvår", "svår", "mycket svår")
    assert "ord per mening" in row.inner_text() and "säger inget om" in row.inner_text()
    summary = page.locator(".admonition.abstract")
    assert summary.locator(".admonition-title").inner_text() == "Kort om avtalet"
    assert "Regionen står för läkarinsatser" in summary.inner_text()
    violations = axe_violations(page, ".sv-meta")
    assert not violations, f"axe på dokumentets uppgifter:\n{report(violations)}"
