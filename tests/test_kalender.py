"""The calendar page and its iCalendar feed, from the base fixture and a variant.

Golden files: ``tests/fixtures/handbok/kalender.md`` and ``kalender.ics``
(``SAMVERKAN_UPDATE_GOLDEN=1`` rewrites them).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest

from samverkan import handelser
from samverkan.checker import check
from samverkan.handbok import Asset, Handbook, Page, kalender
from samverkan.loader import load

from .conftest import BASE, FIXTURES, TODAY, golden

GOLDEN = FIXTURES / "handbok"

AVTAL = """---
id: {id}
typ: avtal
titel: {titel}
status: {status}
nivå: regional
region: reg
parter: [reg, ka]
dokumentägare: ledning
{extra}
---
Text.
"""

VARIANT = {
    # a remiss: one step under way today, one to come
    "plan-2026": dict(
        titel="Plan för vårdsamverkan 2026",
        status="remiss",
        extra="""remiss:
  från: 2026-01-05
  till: 2026-02-28
  instanser: [alla kommuner]
beslutsprocess:
  - steg: Remiss
    från: 2026-01-05
    till: 2026-02-28
    arena: ledning
  - steg: Beslut
    från: 2026-03-20
    arena: politik""",
    ),
    # intern: never in the public calendar
    "hemlig-avtal": dict(
        titel="Hemlig överenskommelse om lokaler",
        status="fastställd",
        extra="""publicering: intern
fastställd: 2025-01-10
giltig_från: 2025-02-01
revideras: 2026-06-30""",
    ),
    # upphävd: plans nothing, even with a coming date
    "avslutat-avtal": dict(
        titel="Avslutat avtal",
        status="upphävd",
        extra="""fastställd: 2020-01-10
giltig_från: 2020-02-01
upphävd: 2025-10-01
revideras: 2026-05-01""",
    ),
    # came into force within the last year: in the feed, not on the page
    "nytt-avtal": dict(
        titel="Nytt avtal om läkemedel",
        status="fastställd",
        extra="""fastställd: 2025-02-10
giltig_från: 2025-03-01
giltig_till: 2027-02-28""",
    ),
}


def _book(root: Path, intern: bool = False) -> Handbook:
    repo, findings = load(root)
    assert not findings
    return Handbook.create(repo, TODAY, intern=intern)


def _output(book: Handbook) -> tuple[Page, bytes]:
    items = list(kalender.pages(book))
    page = next(i for i in items if isinstance(i, Page))
    asset = next(i for i in items if isinstance(i, Asset))
    assert [i.path for i in items] == ["kalender/index.md", "kalender.ics"]
    return page, asset.content


@pytest.fixture
def variant(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    for id_, values in VARIANT.items():
        text = AVTAL.format(id=id_, **values)
        (root / "agreements" / "dokument" / f"{id_}.md").write_text(text, encoding="utf-8")
    errors = [f for f in check(root, today=TODAY).findings if f.severity == "error"]
    assert errors == []
    return root


def _events(ics: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_page_matches_golden():
    page, _ = _output(_book(BASE))
    assert page.title == "Kalender"
    assert page.markdown == golden(GOLDEN / "kalender.md", page.markdown)


def test_ics_matches_golden():
    _, ics = _output(_book(BASE))
    assert ics.endswith(b"END:VCALENDAR\r\n") and b"\n" not in ics.replace(b"\r\n", b"")  # RFC 5545: CRLF
    text = ics.decode("utf-8").replace("\r\n", "\n")  # the golden file keeps plain line ends
    assert text == golden(GOLDEN / "kalender.ics", text)


def test_ics_parses_back_with_expected_events():
    _, ics = _output(_book(BASE))
    cal = icalendar.Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    assert str(cal["X-WR-CALNAME"]) == "Samverkan – viktiga datum"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    events = _events(ics)
    expected = {
        "tillampning-norr-remiss@samverkan": dt.date(2026, 1, 31),  # the last day to answer the remiss
        "uppdrag-nsg-tidsram@samverkan": dt.date(2026, 12, 31),
        "huvudavtal-revideras@samverkan": dt.date(2027, 6, 30),
        "huvudavtal-giltig-till@samverkan": dt.date(2028, 12, 31),
    }
    assert set(events) == set(expected)
    for uid, day in expected.items():
        event = events[uid]
        assert event.decoded("DTSTART") == day
        assert event.decoded("DTEND") == day + dt.timedelta(days=1)  # exclusive
        assert "VALUE=DATE" in event.to_ical().decode()
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    assert str(events["huvudavtal-revideras@samverkan"]["SUMMARY"]) == (
        "Revision senast – Huvudavtal om hälso- och sjukvård"
    )
    assert str(events["tillampning-norr-remiss@samverkan"]["SUMMARY"]) == (
        "Sista dag för remissvar – Delregional tillämpning Norr"
    )


def test_output_is_deterministic_for_a_build_date():
    assert _output(_book(BASE)) == _output(_book(BASE))


def test_events_of_the_variant(variant: Path):
    book = _book(variant)
    found = handelser.events(book.view, TODAY)
    by_uid = {e.uid: e for e in found}
    step = by_uid["plan-2026-beslutsprocess-1@samverkan"]
    assert (step.start, step.end, step.arena) == (dt.date(2026, 1, 5), dt.date(2026, 2, 28), "ledning")
    assert step.summary == "Remiss – Plan för vårdsamverkan 2026"
    assert by_uid["plan-2026-beslutsprocess-2@samverkan"].end is None
    assert by_uid["nytt-avtal-giltig-fran@samverkan"].start == dt.date(2025, 3, 1)
    assert not any(e.document in ("avslutat-avtal", "hemlig-avtal") for e in found)
    # older than one year before today: left out
    assert "huvudavtal-giltig-fran@samverkan" not in by_uid
    assert [e.start for e in found] == sorted(e.start for e in found)
    assert [e.uid for e in handelser.ongoing(found, TODAY)] == ["plan-2026-beslutsprocess-1@samverkan"]
    assert all(e.start >= TODAY for e in handelser.coming(found, TODAY))


def test_variant_page_and_feed(variant: Path):
    page, ics = _output(_book(variant))
    text = page.markdown
    ongoing = text.split("## Pågår nu")[1].split("## Kommande datum")[0]
    assert (
        '| <span class="sv-datum">2026-01-05</span> – <span class="sv-datum">2026-02-28</span> | Remiss ([Regional ledningsgrupp](../ledning/index.md)) |'
        in ongoing
    )
    assert "[Plan för vårdsamverkan 2026](../plan-2026/index.md)" in ongoing
    assert (
        "### Mars 2026" in text
        and '| <span class="sv-datum">2026-03-20</span> | Beslut ([Politiskt samrådsorgan](../politik/index.md)) |'
        in text
    )
    assert "### Februari 2027" in text
    assert "2025-03-01" not in text  # past: only in the feed
    assert "[kalender.ics](../kalender.ics)" in text and "Lägg till kalender" in text
    events = _events(ics)
    step = events["plan-2026-beslutsprocess-1@samverkan"]
    assert step.decoded("DTSTART") == dt.date(2026, 1, 5)
    assert step.decoded("DTEND") == dt.date(2026, 3, 1)  # till + 1 day
    assert "nytt-avtal-giltig-fran@samverkan" in events


def test_intern_document_only_in_internal_build(variant: Path):
    traces = ("hemlig-avtal", "Hemlig överenskommelse")
    page, ics = _output(_book(variant))
    public = page.markdown + ics.decode("utf-8")
    for trace in traces:
        assert trace not in public
    page, ics = _output(_book(variant, intern=True))
    assert "[Hemlig överenskommelse om lokaler](../hemlig-avtal/index.md)" in page.markdown
    assert "Revision senast – Hemlig överenskommelse om lokaler" in str(
        _events(ics)["hemlig-avtal-revideras@samverkan"]["SUMMARY"]
    )


def test_feed_links_to_pages_with_site_url():
    items = list(kalender.pages(_book(BASE), site_url="https://samverkan.example.se/"))
    event = _events(items[1].content)["huvudavtal-revideras@samverkan"]
    assert str(event["URL"]) == "https://samverkan.example.se/huvudavtal/"
    assert "Läs mer: https://samverkan.example.se/huvudavtal/" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(("month", "name"), [(1, "Januari 2026"), (5, "Maj 2026"), (12, "December 2026")])
def test_month_names_are_swedish(month: int, name: str):
    assert kalender.month_name(2026, month) == name


def test_end_of_time_does_not_crash_the_calendar(tmp_path: Path):
    """``giltig_till: 9999-12-31`` is a valid date; the feed cannot step past it,
    so the event ends that day instead of the build failing (issue 17, item 2)."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    text = AVTAL.format(
        id="for-evigt",
        titel="Avtal som gäller för alltid",
        status="fastställd",
        extra="fastställd: 2025-01-10\ngiltig_från: 2026-02-01\ngiltig_till: 9999-12-31",
    )
    (root / "agreements" / "dokument" / "for-evigt.md").write_text(text, encoding="utf-8")
    page, ics = _output(_book(root))
    events = [e for uid, e in _events(ics).items() if "for-evigt" in uid]
    ends = sorted(e.decoded("dtend") for e in events)
    assert ends and ends[-1] == dt.date.max
    assert "for-evigt" in page.markdown


def test_planned_meetings_reach_the_page_and_the_feed(tmp_path: Path):
    """An arena's ``möten: planerade`` are calendar events that link to the arena; example
    dates say so in the page and the feed."""
    from .conftest import CASES, build_case

    root = build_case(CASES / "arena-mandat-moten-giltiga", tmp_path / "repo")
    book = _book(root)
    found = [e for e in handelser.events(book.view, TODAY) if e.kind == "möte"]
    assert [(e.start, e.document, e.label) for e in found] == [
        (dt.date(2026, 2, 13), "samrad", "Möte (exempel) kl. 09:00-12:00"),
        (dt.date(2026, 4, 17), "samrad", "Möte (exempel)"),
    ]
    page, ics = _output(book)
    row = next(line for line in page.markdown.splitlines() if "2026-02-13" in line)
    assert "| Möte \\(exempel\\) kl\\. 09:00\\-12:00 | [Samråd](../samrad/index.md) |" in row
    event = _events(ics)["samrad-mote-2026-02-13-1@samverkan"]
    assert str(event["SUMMARY"]) == "Möte (exempel) kl. 09:00-12:00 – Samråd"
    assert "Arena: Samråd" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == dt.date(2026, 2, 13)


def _whole(book: Handbook, found, site_url: str | None, name: str, about: str) -> bytes:
    """The calendar as icalendar writes it in one piece, every event added as a component."""
    cal = icalendar.Calendar()
    for key, value in (
        ("prodid", kalender.PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("x-wr-calname", name),
        ("x-wr-timezone", "Europe/Stockholm"),
        ("x-wr-caldesc", about),
    ):
        cal.add(key, value)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    stamp = dt.datetime.combine(book.today, dt.time(0, 0), tzinfo=dt.UTC)
    for event in found:
        cal.add_component(kalender.vevent(book, event, stamp, site_url))
    return cal.to_ical()


@pytest.mark.parametrize("site_url", [None, "https://example.org/handbok/"])
def test_events_made_once_give_the_calendar_icalendar_writes_whole(variant: Path, site_url):
    """Each event's lines are made once and shared by the calendars that list it:
    every calendar is byte for byte the one icalendar writes in one piece."""
    book = _book(variant)
    found = handelser.events(book.view, book.today)
    assert found
    name, about = "Namn på kalendern", "Om kalendern"
    first = kalender.ics(book, found, site_url, name=name, about=about)
    assert first == _whole(book, found, site_url, name, about)
    made = len(book.pieces)
    # a calendar of some of the same events: their lines are not made again
    some = found[::2]
    assert kalender.ics(book, some, site_url, name=name, about=about) == _whole(book, some, site_url, name, about)
    assert len(book.pieces) == made
    assert kalender.ics(book, [], site_url) == _whole(
        book, [], site_url, kalender.CALENDAR_NAME, kalender.CALENDAR_DESCRIPTION
    )


def test_a_changed_title_makes_the_event_again(variant: Path):
    """An event's lines are kept under everything they say: a document renamed
    in the next build of the preview shows its new name in the calendar."""
    book = _book(variant)
    before = kalender.ics(book, handelser.events(book.view, book.today))
    path = variant / "agreements" / "dokument" / "plan-2026.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Plan för vårdsamverkan 2026", "Ny plan"), "utf-8")
    repo, _ = load(variant)
    after_book = book.with_repo(repo)
    assert after_book.pieces is book.pieces
    found = handelser.events(after_book.view, after_book.today)
    after = kalender.ics(after_book, found)
    assert after != before and "Ny plan" in after.decode("utf-8")
    assert after == _whole(after_book, found, None, kalender.CALENDAR_NAME, kalender.CALENDAR_DESCRIPTION)
