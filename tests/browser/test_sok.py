"""Search (Pagefind in the header dialog) and the promise of no third-party requests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from .conftest import PAGES


def search(page, query: str) -> list[str]:
    """Open the dialog with the header button, type, return the result links."""
    dialog = page.locator("#sv-sok")
    if not dialog.evaluate("d => d.open"):
        page.get_by_role("button", name="Sök").click()
    box = page.get_by_role("searchbox", name="Sök i handboken")
    box.fill(query)
    status = page.locator("[data-sv-sok-status]")
    status.filter(has_text="träff").wait_for()
    return page.locator("#sv-sok-traffar a").evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize(
    "query, page_id",
    [
        # Swedish stemming: the page says "utskrivning", "utskrivningsklara" …
        ("utskrivningen", "vard-i-hemmet-2025"),
        ("patienter", None),
        ("slutenvården", None),
    ],
)
def test_search_finds(open_page, base_url, query, page_id):
    page, _ = open_page(PAGES["dokument"])
    links = search(page, query)
    assert links, f"sökningen '{query}' gav inga träffar"
    assert all(link.startswith(base_url) for link in links), links
    if page_id:
        assert base_url + page_id + "/" in links, f"'{query}' hittade inte /{page_id}/: {links}"
    status = page.locator("[data-sv-sok-status]")
    assert status.get_attribute("role") == "status"
    assert "träff" in status.inner_text()


def test_search_dialog_keyboard(open_page, base_url):
    page, _ = open_page("")
    dialog = page.locator("#sv-sok")
    page.keyboard.press("/")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("() => document.activeElement.id") == "sv-sok-fraga"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("() => document.activeElement.type") != "search"
    page.keyboard.press("s")
    assert dialog.evaluate("d => d.open")
    # dialog has an accessible name
    assert page.get_by_role("dialog", name="Sök i handboken").is_visible()
    search(page, "utskrivningen")
    # Enter goes to the first result; following it closes the dialog (instant navigation)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.classList.contains('sv-sok__lank')")
    target = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    page.wait_for_function("() => !document.getElementById('sv-sok').open")
    # after instant navigation the same dialog (outside the swapped content) opens again
    page.keyboard.press("/")
    assert dialog.evaluate("d => d.open")


def test_no_third_party_requests(open_page, base_url):
    """No request leaves 127.0.0.1, none fails, none is an HTTP error."""
    page, network = open_page("")
    for path in PAGES.values():
        page.goto(base_url + path, wait_until="load")
    search(page, "utskrivningen")
    search(page, "patienter")
    page.wait_for_load_state("networkidle")
    assert not network.foreign(), f"anrop till andra värdar: {network.foreign()}"
    assert not network.failed, f"misslyckade anrop: {network.failed}"
    assert not network.errors(), f"HTTP-fel: {network.errors()}"


def test_search_transfer_per_query(open_page, capsys):
    """Measure what one query costs over the network (printed with -s)."""
    page, network = open_page("")
    start = len(network.responses)
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state("networkidle")
    before = len(network.responses)
    init = sum(len(r.body()) for r in network.responses[start:before] if "/pagefind/" in r.url)
    search(page, "slutenvården")
    page.wait_for_load_state("networkidle")
    sizes = [len(r.body()) for r in network.responses[before:] if "/pagefind/" in r.url]
    total = sum(sizes)
    with capsys.disabled():
        print(
            f"\n[sok] start {init / 1024:.1f} KiB; en fråga: {len(sizes)} filer, {total / 1024:.1f} KiB från /pagefind/"
        )
    assert total < 512 * 1024, f"en sökfråga hämtade {total / 1024:.0f} KiB"


def test_index_holds_page_text_only(site_dir: Path):
    """data-pagefind-body: every page but 404 and the version pages is indexed,
    without header or navigation. Histories, old versions and comparisons are
    left out (search: exclude), so search finds what applies now."""
    fragments = []
    for path in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{") :]))
    # the remiss pages gather the answers' text, which is indexed on each answer's own page
    versions = {"historik", "version", "jamfor", "remissammanstallning", "remissvar-och-beslut"}
    pages = [
        p
        for p in site_dir.rglob("*.html")
        if p.name != "404.html" and "pagefind" not in p.parts and not versions & set(p.parts)
    ]
    assert len(fragments) == len(pages), f"{len(fragments)} sidor i sökindexet, {len(pages)} byggda"
    indexed = {f["url"] for f in fragments}
    assert not [u for u in indexed if {"historik", "version", "jamfor"} & set(u.split("/"))]
    leaks = [f["url"] for f in fragments if "Byt till mörkt läge" in f["content"] or "¶" in f["content"]]
    assert not leaks, f"sidhuvud eller ankarlänkar i sökindexet: {leaks[:5]}"


def test_lists_of_other_documents_and_the_lix_explanation_are_not_indexed(site_dir: Path):
    """A document page's "Refereras av" and "Pågående arbete" list other documents, which
    are indexed on their own pages, and every page explains LIX in the same words: none of
    it is in the index (it made Pagefind's memory grow with every page), the headings are."""
    fragments = {}
    for path in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        fragments[fragment["url"]] = fragment["content"]
    pages = {
        p.parent.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in site_dir.glob("*/index.html")
    }
    rated = [path for path, html in pages.items() if 'class="sv-lix"' in html]
    assert rated, "ingen dokumentsida visar LIX"
    for path in rated:
        assert "LIX " in fragments[f"/{path}/"] and "läsbarhetsindex" not in fragments[f"/{path}/"], path
    listing = [path for path, html in pages.items() if 'id="sv-refereras"' in html]
    assert listing, "ingen dokumentsida har avsnittet Refereras av"
    for path in listing:
        text = fragments[f"/{path}/"]
        assert "Refereras av" in text
        assert "hänvisar i texten" not in text and "ersätter" not in text.split("Refereras av")[-1], path


# --- the document in force first (issue 12) ------------------------------------


def results(page) -> list[dict]:
    """Every shown hit: its page, badge and the line saying what it is."""
    return page.locator("#sv-sok-traffar li").evaluate_all(
        """items => items.map(li => ({
            href: li.querySelector("a").href,
            badge: (li.querySelector(".sv-badge") || {}).textContent || "",
            about: (li.querySelector(".sv-sok__om") || {}).textContent || "",
        }))"""
    )


def test_the_agreement_in_force_comes_before_the_repealed_one(open_page, base_url):
    page, _ = open_page("")
    links = search(page, "hemsjukvård")
    in_force, repealed = base_url + "vard-i-hemmet-2025/", base_url + "hemsjukvard-2012/"
    assert in_force in links and repealed in links
    assert links.index(in_force) < links.index(repealed), links
    shown = results(page)
    assert shown[0]["badge"] == "Gällande", shown[0]
    # documents first: no kommun or overview page before the last document hit
    kinds = [r["about"] for r in shown]
    assert not any(k.startswith("Kommun") for k in kinds[: links.index(repealed)]), kinds
    assert next(r for r in shown if r["href"] == repealed)["badge"].startswith("Upphävd")


def test_a_bilaga_names_its_agreement_and_region(open_page):
    page, _ = open_page("")
    search(page, "hjälpmedel")
    hit = next(r for r in results(page) if r["href"].endswith("/hsa-2018-bilaga-2/"))
    assert hit["about"].startswith("Gällande Bilaga · till Hälso- och sjukvårdsavtal")
    assert hit["about"].endswith("Västra Götalandsregionen")


def test_the_status_filter(open_page, base_url):
    page, _ = open_page("")
    search(page, "hemsjukvård")
    page.get_by_role("searchbox", name="Sök i handboken")
    page.get_by_label("Status").select_option("Upphävd")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#sv-sok-traffar .sv-badge')].length > 0 &&"
        " [...document.querySelectorAll('#sv-sok-traffar .sv-badge')].every(b => b.textContent.startsWith('Upphävd'))"
    )
    links = page.locator("#sv-sok-traffar a").evaluate_all("links => links.map(a => a.href)")
    assert base_url + "hemsjukvard-2012/" in links and base_url + "vard-i-hemmet-2025/" not in links


def test_editors_pages_only_when_asked_for(open_page, base_url):
    page, _ = open_page("")
    links = search(page, "innehållsmodellen")
    assert not [u for u in links if "/innehallsmodell/" in u or "/bidra/" in u], links
    page.get_by_label("Ta med sidor för redaktörer").check()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#sv-sok-traffar a')].some(a => a.href.includes('/innehallsmodell/'))"
    )


def test_a_snippet_from_a_table_keeps_its_cell_boundaries(open_page, base_url):
    """The word sits only in a table row ("när | aktivitet"): the snippet reads heading: cell; heading: cell."""
    page, _ = open_page("")
    links = search(page, "ledarskapsprogram")
    hit = base_url + "projektplan-gemensam-plan-primarvard/"
    assert hit in links, links
    snippet = page.locator("#sv-sok-traffar li").nth(links.index(hit)).locator(".sv-sok__utdrag").inner_text()
    assert (
        "när: Löpande, parallellt med hela projektet; aktivitet: Nationell utbildning: Ledarskapsprogram" in snippet
    ), snippet
