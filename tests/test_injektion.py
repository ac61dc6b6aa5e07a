"""A site built from content with script-injection payloads in every field runs
none of them: every page, the history and version pages, the feed and the
search index keep the payload as text (issue 17, item 3)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import icalendar
import pytest

from .injektion import PAYLOAD, build, injected, make_project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("injektion") / "projekt"))


def test_no_page_carries_an_executable_payload(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    found = {str(p.relative_to(site)): injected(p.read_text(encoding="utf-8")) for p in pages}
    assert {path: bad for path, bad in found.items() if bad} == {}


def test_payload_is_shown_as_text(site: Path):
    html = (site / "huvudavtal" / "index.html").read_text(encoding="utf-8")
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "&lt;/title&gt;&lt;script&gt;" in title
    assert "&lt;script&gt;alert(" in html.split('data-md-component="header-topic"', 1)[1].split("</div>", 1)[0]
    assert html.count("&lt;/title&gt;&lt;script&gt;") >= 5  # h1, fields, topics


def test_old_version_with_raw_script_is_sanitised(site: Path):
    """The first version's body was written with raw script before the validator
    refused it: its version page keeps the safe HTML and loses what runs."""
    html = (site / "huvudavtal" / "version" / "1" / "index.html").read_text(encoding="utf-8")
    assert injected(html) == []
    assert '<img src="x.png" alt="bild">' in html
    assert "<p>Klicka</p>" in html
    assert "Tillåtet <em>block</em>" in html  # md_in_html still works


def test_csp_meta_on_every_page(site: Path):
    for page in site.rglob("*.html"):
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert 'http-equiv="Content-Security-Policy"' in head, page
        assert "<script>" not in head and "<style>" not in head, page


def test_calendar_feed_keeps_payload_as_text(site: Path):
    data = (site / "kalender.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    summaries = [str(e.get("summary")) for e in calendar.walk("VEVENT")]
    descriptions = [str(e.get("description")) for e in calendar.walk("VEVENT")]
    assert any(PAYLOAD in s for s in summaries + descriptions)
    # the payload's quotes and brackets never end a property or add one
    for line in data.decode("utf-8").replace("\r\n ", "").split("\r\n"):
        assert not line.startswith(("<", "'", '"')), line


def test_search_index_holds_titles_as_plain_text(site: Path):
    """Pagefind stores text, and the page title as the reader sees it (the
    search dialog puts it in with textContent; tests/browser/test_injektion.py
    runs a search)."""
    titles = []
    for file in (site / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(file.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        titles.append(fragment["meta"].get("title", ""))
    assert any(title.startswith("Huvudavtal om hälso- och sjukvård " + PAYLOAD) for title in titles), titles
    assert not any("&lt;" in title for title in titles), "titeln dubbelkodad i sökindexet"
