"""Atom feeds and per-kommun, region and arena calendars (issue 15), built from a
real git history in a temporary repository and read back with real parsers
(feedparser, icalendar)."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest

from samverkan import historik
from samverkan.checker import check
from samverkan.handbok import Asset, Handbook, prenumeration
from samverkan.loader import load

from .conftest import BASE, TODAY
from .historik_repo import CET, GitRepo

PLAN = "agreements/dokument/plan.md"
NS = {"a": "http://www.w3.org/2005/Atom"}


def plan(status: str, extra: str = "", body: str = "Kommunen ansvarar för hemsjukvården.") -> str:
    decided = "fastställd: 2024-03-20\ngiltig_från: 2024-04-01\n" if status == "fastställd" else ""
    return (
        "---\nid: plan\ntyp: avtal\ntitel: Plan för samverkan\n"
        f"status: {status}\nnivå: regional\nregion: reg\nparter: [reg, ka]\ndokumentägare: ledning\n"
        f"{decided}{extra}---\n# Plan för samverkan\n\n## Ansvar\n\n{body}\n"
    )


@pytest.fixture
def arkiv(tmp_path: Path) -> GitRepo:
    """The base fixture committed, then a plan sent on remiss and decided."""
    repo = GitRepo(tmp_path / "arkiv")
    shutil.copytree(BASE / "agreements", repo.root / "agreements")
    repo.commit("Grundarkiv")
    repo.write(PLAN, plan("remiss", "sammanfattning: Kommunen sköter hemsjukvården. Regionen sköter läkarna.\n"))
    repo.commit("Planen på remiss", when=dt.datetime(2024, 2, 1, 10, 0, tzinfo=CET))
    repo.write(
        PLAN,
        plan(
            "fastställd",
            "sammanfattning: Kommunen sköter hemsjukvården. Regionen sköter läkarna.\n",
            "Kommunen ansvarar för hemsjukvården dygnet runt.",
        ),
    )
    repo.commit("Planen fastställd", when=dt.datetime(2024, 3, 21, 14, 30, tzinfo=CET))
    assert [f for f in check(repo.root, TODAY).findings if f.severity.value == "error"] == []
    return repo


def build(root: Path, site_url: str | None = None) -> dict[str, bytes]:
    repo, findings = load(root)
    assert not [f for f in findings if f.severity.value == "error"]
    book = Handbook.create(repo, TODAY, history=historik.read(root), site_url=site_url)
    return {i.path: i.content for i in prenumeration.pages(book) if isinstance(i, Asset)}


def parsed(content: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_remiss_then_decided_gives_two_entries(arkiv: GitRepo):
    files = build(arkiv.root)
    feed = parsed(files["flode-plan.xml"])
    assert feed.feed.title == "Ändringar i Plan för samverkan"
    titles = [e.title for e in feed.entries]
    assert titles == ["Fastställd 2024-03-20: Plan för samverkan", "Ny version på remiss: Plan för samverkan"]
    decided, remiss = feed.entries
    # the commit's real time, with its offset
    assert decided.updated == "2024-03-21T14:30:00+01:00"
    assert remiss.updated == "2024-02-01T10:00:00+01:00"
    assert feed.feed.updated == decided.updated
    # the comparison's summary line, and a link to the comparison page
    assert decided.summary == "1 avsnitt ändrat; status remiss → fastställd; 2 andra uppgifter ändrade"
    assert decided.link == "plan/jamfor/1-2/"
    assert [link.href for link in decided.links if link.rel == "related"] == ["plan/"]
    assert "Kort om dokumentet:</strong> Kommunen sköter hemsjukvården." in decided.content[0].value
    assert remiss.summary == "Första versionen i handboken"
    assert remiss.link == "plan/version/1/"
    assert [t.term for t in decided.tags] == ["Avtal"]


def test_the_feeds_that_follow_the_plan(arkiv: GitRepo):
    files = build(arkiv.root)
    expected = ["Fastställd 2024-03-20: Plan för samverkan", "Ny version på remiss: Plan för samverkan"]
    for path in ("flode.xml", "flode-ka.xml", "flode-ledning.xml"):
        titles = [e.title for e in parsed(files[path]).entries if "Plan för samverkan" in e.title]
        assert titles == expected, path
        # the links are relative to each feed's own place
    assert parsed(files["flode.xml"]).entries[0].link == "plan/jamfor/1-2/"
    # another region's kommun and an arena that does not own it do not follow it
    for path in ("flode-kx.xml", "flode-lg-norr.xml"):
        assert not [e for e in parsed(files[path]).entries if "Plan" in e.title], path


def test_required_atom_elements(arkiv: GitRepo):
    """RFC 4287 §4.1.1 and §4.1.2: feed and entry id, title, updated; an author."""
    for path, content in build(arkiv.root).items():
        if not path.endswith(".xml"):
            continue
        root = ET.fromstring(content)
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        for name in ("id", "title", "updated", "author/a:name"):
            assert root.find(f"a:{name}", NS) is not None and root.find(f"a:{name}", NS).text, (path, name)
        assert root.find("a:link[@rel='self']", NS) is not None
        for entry in root.findall("a:entry", NS):
            for name in ("id", "title", "updated", "summary"):
                assert entry.find(f"a:{name}", NS).text, (path, name)
            assert entry.find("a:link[@rel='alternate']", NS) is not None


def test_entry_ids_are_stable_and_unique(arkiv: GitRepo, tmp_path: Path):
    first = build(arkiv.root)
    ids = [e.id for e in parsed(first["flode-plan.xml"]).entries]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)
    # the same change keeps its id in another build, and in a clone elsewhere
    clone = tmp_path / "klon"
    arkiv.git("clone", "-q", arkiv.root.resolve().as_uri(), str(clone))
    assert build(clone) == first
    # a later change adds an entry and keeps the old ids
    arkiv.write(PLAN, plan("fastställd", body="Kommunen ansvarar för hemsjukvården hela dygnet."))
    arkiv.commit("Rättelse")
    later = parsed(build(arkiv.root)["flode-plan.xml"]).entries
    assert [e.id for e in later][1:] == ids
    assert later[0].title == "Ändrad: Plan för samverkan"


def test_an_intern_change_leaves_every_feed_and_calendar_byte_identical(arkiv: GitRepo):
    before = build(arkiv.root)
    intern = arkiv.root / "agreements" / "dokument" / "intern-pm.md"
    text = intern.read_text(encoding="utf-8")
    assert "publicering: intern" in text
    arkiv.write("agreements/dokument/intern-pm.md", text + "\nEn ny hemlig mening om lokalerna.\n")
    arkiv.commit("Intern ändring")
    # a new intern document too, with dates that would be calendar events
    arkiv.write(
        "agreements/dokument/hemlig.md",
        plan("fastställd", "publicering: intern\nrevideras: 2026-06-30\n").replace("id: plan", "id: hemlig"),
    )
    arkiv.commit("Nytt internt dokument")
    after = build(arkiv.root)
    assert after.keys() == before.keys()
    assert {p for p in after if after[p] != before[p]} == set()
    assert not any(b"hemlig" in content or b"intern-pm" in content for content in after.values())


def test_site_url_gives_full_addresses(arkiv: GitRepo):
    files = build(arkiv.root, site_url="https://samverkan.example.se/handbok/")
    feed = parsed(files["flode-ka.xml"])
    entry = next(e for e in feed.entries if "Plan" in e.title)
    assert entry.link == "https://samverkan.example.se/handbok/plan/jamfor/1-2/"
    event = _events(files["kalender-ka.ics"])["huvudavtal-revideras@samverkan"]
    assert str(event["URL"]) == "https://samverkan.example.se/handbok/huvudavtal/"


def _events(content: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}


def test_calendars_per_kommun_region_and_arena(arkiv: GitRepo):
    files = build(arkiv.root)
    # huvudavtal is regional (ka, kb, kc); uppdrag-nsg is local to ka and kb
    ka = _events(files["kalender-ka.ics"])
    kc = _events(files["kalender-kc.ics"])
    assert {"huvudavtal-revideras@samverkan", "uppdrag-nsg-tidsram@samverkan"} <= set(ka)
    assert "huvudavtal-revideras@samverkan" in kc and "uppdrag-nsg-tidsram@samverkan" not in kc
    assert {uid.split("-")[0] for uid in kc} <= {"huvudavtal", "plan"}
    assert _events(files["kalender-kx.ics"]) == {}
    calendar = icalendar.Calendar.from_ical(files["kalender-kc.ics"])
    assert str(calendar["X-WR-CALNAME"]) == "Samverkan – viktiga datum för C-köping"
    # a region: its documents; another region's calendar has none of them
    assert "huvudavtal-revideras@samverkan" in _events(files["kalender-reg.ics"])
    assert _events(files["kalender-reg2.ics"]) == {}
    # an arena: what it carries out (uppdragstagare nsg-a), not the regional agreement
    nsg = _events(files["kalender-nsg-a.ics"])
    assert "uppdrag-nsg-tidsram@samverkan" in nsg and "huvudavtal-revideras@samverkan" not in nsg
    # the same event keeps its UID in every calendar it is in, and across builds
    assert ka["huvudavtal-revideras@samverkan"].to_ical() == kc["huvudavtal-revideras@samverkan"].to_ical()
    assert build(arkiv.root)["kalender-ka.ics"] == files["kalender-ka.ics"]


def test_subscription_page_lists_every_feed_and_calendar(arkiv: GitRepo):
    repo, _ = load(arkiv.root)
    book = Handbook.create(repo, TODAY, history=historik.read(arkiv.root))
    page = next(i for i in prenumeration.pages(book) if i.path == "prenumerera/index.md")
    text = page.markdown
    assert "[alla ändringar i handboken](../flode.xml)" in text
    assert "[Flöde](../flode-ka.xml)" in text and "[Kalender](../kalender-reg2.ics)" in text
    assert "Lägg till ett nytt RSS-flöde" in text and "Prenumerera från webben" in text
    assert "intern-pm" not in text


def _whole(feed) -> bytes:
    """The feed as ElementTree writes it in one piece (every entry an element of it)."""
    from samverkan.flode import atom

    root = ET.Element("feed", {"xmlns": atom.NS, "xml:lang": "sv"})
    if feed.base:
        root.set("xml:base", feed.base)
    for tag, value in (("id", feed.id), ("title", feed.title), ("subtitle", feed.subtitle)):
        atom._text(root, tag, value)
    atom._text(root, "updated", atom.timestamp(feed.updated))
    atom._text(ET.SubElement(root, "author"), "name", feed.author)
    for link in feed.links:
        atom._link(root, link)
    atom._text(root, "generator", "samverkan")
    for entry in feed.entries:
        element = ET.SubElement(root, "entry")
        atom._text(element, "id", entry.id)
        atom._text(element, "title", entry.title)
        atom._text(element, "updated", atom.timestamp(entry.updated))
        atom._text(element, "published", atom.timestamp(entry.updated))
        for link in entry.links:
            atom._link(element, link)
        for category in entry.categories:
            ET.SubElement(element, "category", {"term": category})
        atom._text(element, "summary", entry.summary, type="text")
        if entry.content_html is not None:
            atom._text(element, "content", entry.content_html, type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@pytest.mark.parametrize("site_url", [None, "https://example.org/handbok/"])
def test_entries_made_once_give_the_feed_elementtree_writes_whole(arkiv: GitRepo, monkeypatch, site_url):
    """Each entry's XML is made once and shared by the feeds that list it: every
    feed is byte for byte the one ElementTree writes in one piece."""
    from samverkan.flode import atom

    feeds = []
    render = atom.render

    def keep(feed, entry_bytes=None):
        feeds.append(feed)
        return render(feed, entry_bytes)

    monkeypatch.setattr(atom, "render", keep)
    made = build(arkiv.root, site_url)
    assert feeds and any(len(f.entries) > 1 for f in feeds) and any(not f.entries for f in feeds)
    by_path = {path: content for path, content in made.items() if path.endswith(".xml")}
    assert len(by_path) == len(feeds)
    assert sorted(by_path.values()) == sorted(_whole(feed) for feed in feeds)
