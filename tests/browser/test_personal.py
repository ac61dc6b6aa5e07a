"""The handbook as kommun staff use it (issue 12): drafts never "gäller",
Swedish everywhere, one H1 per page, tables readable at any width.

Two sites: the sample content (the session's site), and the test repository
(tests/fixtures/base) with a draft avtal and a draft bilaga laid over it
(tests/fixtures/utkast).
"""

from __future__ import annotations

import shutil

import pytest

from .. import sites
from ..conftest import BASE, FIXTURES
from .conftest import TODAY, served

DRAFTS = ("nytt-huvudavtal", "huvudavtal-bilaga-2")
DRAFT_TITLES = ("Utkast till nytt huvudavtal om hemsjukvård", "Bilaga 2 Utkast till rutin för hemsjukvård")
WIDTHS = (360, 768, 1280)
# pages staff read, with tables (sample content)
TABLE_PAGES = (
    "lilla-edet/",
    "ostersund/",
    "dokument/avtal/",
    "dokument/motesanteckningar/",
    "kalender/",
    "dokumenthalsa/",
    "hsa-2018/",
    "vvg/",
)
ENGLISH = ("Permanent link", "Not found", "404 - Not found", "Skip to content", "Search")


# --- the draft fixture site ----------------------------------------------------


@pytest.fixture(scope="session")
def draft_url(tmp_path_factory):
    project = sites.project(tmp_path_factory.mktemp("utkast") / "projekt", BASE)
    shutil.copytree(FIXTURES / "utkast" / "agreements", project / "agreements", dirs_exist_ok=True)
    site = project / "site"
    proc = sites.build(project, site, SAMVERKAN_TODAY=TODAY, SAMVERKAN_HISTORIK="false", SAMVERKAN_EXPORT="false")
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict (utkast) misslyckades:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    with served(site) as url:
        yield url


@pytest.fixture
def draft_page(browser, draft_url):
    contexts = []

    def _open(path: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="sv-SE")
        contexts.append(context)
        page = context.new_page()
        response = page.goto(draft_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        return page

    yield _open
    for context in contexts:
        context.close()


def _sections(page) -> dict[str, str]:
    """The text under each H2 of the page's content, by heading."""
    return page.evaluate(
        """() => {
          const out = {};
          let name = "";
          const h2 = document.querySelector("article h2");
          const root = h2 ? h2.parentElement : document.querySelector("article");
          for (const el of root.children) {
            if (el.tagName === "H2") { name = el.textContent.replace("¶", "").trim(); out[name] = ""; continue; }
            out[name] = (out[name] || "") + " " + el.textContent;
          }
          return out;
        }"""
    )


# pages that list what applies, and where a draft may not appear outside "Pågående arbete"
APPLIES = ("ka/", "kb/", "kc/", "ledning/", "reg/", "dokument/avtal/", "dokument/bilagor/", "dokument/regionalt/")


@pytest.mark.parametrize("path", APPLIES)
def test_a_draft_appears_only_under_pagaende_arbete(draft_page, path):
    page = draft_page(path)
    for heading, text in _sections(page).items():
        if heading.startswith("Pågående arbete"):
            continue
        for title in DRAFT_TITLES:
            assert title not in text, f"/{path}: utkastet '{title}' står under '{heading or 'sidans början'}'"


def test_kommun_page_shows_the_drafts_as_pagaende_arbete(draft_page):
    sections = _sections(draft_page("ka/"))
    pending = next(text for heading, text in sections.items() if heading.startswith("Pågående arbete"))
    assert all(title in pending for title in DRAFT_TITLES)
    assert "Utkast" in pending


def test_the_calendar_and_the_avtal_page_list_no_draft(draft_page):
    calendar = draft_page("kalender/").locator("article").inner_text()
    assert not [t for t in DRAFT_TITLES if t in calendar]
    sections = _sections(draft_page("huvudavtal/"))
    assert DRAFT_TITLES[1] not in sections.get("Bilagor", "")
    assert "Ersatt" not in draft_page("huvudavtal/").locator("article").inner_text().split("\n")[0:12]
    assert DRAFT_TITLES[0] in next(t for h, t in sections.items() if h.startswith("Pågående arbete"))


@pytest.mark.parametrize("draft", DRAFTS)
def test_a_drafts_own_page_says_it_does_not_apply(draft_page, draft):
    page = draft_page(f"{draft}/")
    banner = page.locator(".admonition.warning").first
    assert "Utkast – gäller inte" in banner.inner_text()
    assert page.locator("h1").count() == 1


# --- Swedish everywhere, one H1 ------------------------------------------------


def test_404_page_is_swedish(open_page, base_url):
    page, _ = open_page("")
    response = page.goto(base_url + "finns-inte/", wait_until="load")
    assert response is not None and response.status == 404
    # http.server sends its own 404; the site's page is 404.html
    page.goto(base_url + "404.html", wait_until="load")
    text = page.locator("article").inner_text()
    assert "Sidan finns inte" in text and "Not found" not in text


@pytest.mark.parametrize("path", ["", "hsa-2018/", "ag-hsa-2024-10-14/", "lilla-edet/", "innehallsmodell/"])
def test_one_h1_and_swedish_heading_links(open_page, path):
    page, _ = open_page(path)
    assert page.locator("article h1").count() == 1, f"/{path} har inte exakt en H1"
    titles = page.locator(".headerlink").evaluate_all("links => links.map(a => a.title)")
    assert titles and set(titles) == {"Länk till rubriken"}
    text = page.locator("body").inner_text()
    assert [e for e in ENGLISH[:3] if e in text] == []


def test_parter_link_goes_to_the_generated_list(open_page):
    page, _ = open_page("hsa-2018/")
    link = page.get_by_role("link", name="förteckningen nedan")
    target = link.get_attribute("href").split("#")[1]
    heading = page.locator(f"[id='{target}']")
    assert heading.evaluate("h => h.tagName") == "H2"
    # the list itself: every party a link, right after the heading
    assert heading.evaluate("h => h.nextElementSibling.querySelectorAll('a').length") >= 40
    toc = page.locator(".md-nav--secondary .md-nav__link").evaluate_all("as => as.map(a => a.textContent.trim())")
    assert len(toc) == len(set(toc)), f"rubriker två gånger i innehållsförteckningen: {toc}"


# --- tables at any width ---------------------------------------------------------

BROKEN_WORDS = """() => {
  // every word of every table cell: does it start and end on the same line?
  const broken = [];
  const dates = /^\\d{4}-\\d{2}-\\d{2}$/;
  for (const cell of document.querySelectorAll("article td, article th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(text))) {
        // a break after a hyphen in a compound ("hälso-") is a place to break; in a date it is not
        const parts = dates.test(m[0].replace(/[,.;:]$/, "")) ? [[m.index, m[0]]] : [];
        if (!parts.length) {
          let at = m.index;
          for (const piece of m[0].split(/(?<=[-/])/)) { parts.push([at, piece]); at += piece.length; }
        }
        for (const [start, piece] of parts) {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + piece.length);
          const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          if (tops.size > 1) broken.push(piece);
        }
      }
    }
  }
  return broken;
}"""

CUT_BADGES = """() => [...document.querySelectorAll("article td .sv-badge")].filter(b => {
  const r = b.getBoundingClientRect(), c = b.closest("td").getBoundingClientRect();
  return r.left < c.left - 1 || r.right > c.right + 1;
}).map(b => b.textContent)"""

UNMARKED_WIDE = """() => [...document.querySelectorAll("article .md-typeset__scrollwrap")].filter(f =>
  f.scrollWidth > f.clientWidth + 1 &&
  !(f.previousElementSibling && f.previousElementSibling.classList.contains("sv-svep") &&
    f.previousElementSibling.offsetHeight > 0)
).length"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_tables_readable_at_any_width(open_page, path, width):
    page, _ = open_page(path, width=width, height=800)
    page.wait_for_function("() => document.querySelectorAll('article .md-typeset__scrollwrap').length > 0")
    page.wait_for_timeout(50)  # tabeller.js runs after Material has wrapped the tables
    assert page.evaluate(BROKEN_WORDS) == [], f"/{path} vid {width} px: ord brutna mitt i"
    assert page.evaluate(CUT_BADGES) == [], f"/{path} vid {width} px: statusmärke avskuret"
    assert page.evaluate(UNMARKED_WIDE) == 0, f"/{path} vid {width} px: bred tabell utan anvisning om att svepa"
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"/{path} är {scroll} px bred i ett {inner} px brett fönster"


def test_a_wide_table_on_a_phone_says_it_scrolls(open_page):
    page, _ = open_page("lilla-edet/", width=360, height=740)
    hint = page.locator(".sv-svep").first
    hint.wait_for()
    assert "svep" in hint.inner_text()
