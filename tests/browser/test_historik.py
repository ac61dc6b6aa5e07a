"""Version history in a real browser: the history page's two tools, a version
page and a ready-made comparison, with axe, at 360 px and in both palettes.

The sample agreement ``vard-i-hemmet-2025-bilaga-1`` has four versions:
fastställd (1, in force 2025) → remiss (2, the timetable revised) → fastställd
(3, in force 2026) → the same 2026 edition corrected (4: moved to Region Örebro län,
stale dates fixed, marked as example), which as the latest commit of that edition is
the one in force; the build's "today" is 2026-01-15 (conftest.TODAY).
"""

from __future__ import annotations

import re

import pytest

from .test_tillganglighet import axe_violations, report

DOC = "vard-i-hemmet-2025-bilaga-1/"
HISTORY = DOC + "historik/"
VERSION = DOC + "version/1/"
COMPARISON = DOC + "jamfor/2-3/"
PHONE = {"width": 360, "height": 740}
MODES = {"ljust": {"scheme": "light"}, "mörkt": {"scheme": "dark"}, "360px": {"scheme": "light", **PHONE}}

PICKER_RESULT = "[data-sv-jamfor-resultat]"
PICKER_STATUS = "[data-sv-jamfor-status]"
ANSWER = "[data-sv-gallde-svar]"


@pytest.fixture
def visit(open_page):
    """open_page with a shorter wait, so a broken script fails in seconds, not minutes."""

    def _visit(path: str, **kwargs):
        page, network = open_page(path, **kwargs)
        page.set_default_timeout(10_000)
        return page, network

    return _visit


def overflow(page) -> str | None:
    """How far the page is wider than the window, or None when it fits."""
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return f"{scroll} px bred i ett {inner} px brett fönster" if scroll > inner else None


# Words (outside the hidden labels) that the layout breaks over two lines.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.sv-dold')) continue;
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


def compare(page, older: str, newer: str) -> None:
    """Choose two versions in the picker and submit."""
    page.get_by_label("Från", exact=True).select_option(older)
    page.get_by_label("Till", exact=True).select_option(newer)
    page.get_by_role("button", name="Jämför").click()


def ask(page, day: str):
    """Ask "Vad gällde den …" about a day; the answer element."""
    page.get_by_label("Vad gällde den").fill(day)
    page.get_by_role("button", name="Visa").click()
    answer = page.locator(ANSWER)
    answer.filter(has_text=day).wait_for()
    return answer


# ---------- axe: the three kinds of page, light, dark and on a phone ----------


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("path", [HISTORY, VERSION, COMPARISON], ids=["historik", "version", "jamforelse"])
def test_axe_on_history_pages(visit, path, mode):
    page, _ = visit(path, **MODES[mode])
    if path == HISTORY:
        # What the scripts insert must pass as well: a comparison and an answer.
        compare(page, "1", "3")
        page.locator(f"{PICKER_RESULT} ins").first.wait_for()
        ask(page, "2025-06-01")
    violations = axe_violations(page)
    assert not violations, f"axe på /{path} ({mode}):\n{report(violations)}"
    if "width" in MODES[mode]:
        assert not overflow(page), f"/{path} {overflow(page)}"
        # the changed fields (a three-column table) stay readable on a phone
        split = page.evaluate(SPLIT_WORDS, ".sv-jmf__falt tbody th, .sv-jmf__falt tbody td")
        assert not split, f"/{path}: ord delas mitt itu i 'Ändrade uppgifter': {split}"


# ---------- the ready-made comparison ----------


def test_comparison_page_marks_changes_accessibly(visit):
    page, _ = visit(COMPARISON)
    inline = page.locator(".sv-jmf--inline")
    for tag, label, line in (("del", "Borttaget: ", "line-through"), ("ins", "Tillagt: ", "underline")):
        marks = inline.locator(tag)
        assert marks.count() > 0, f"inga <{tag}> i jämförelsen"
        first_child = marks.evaluate_all(
            "els => els.map(e => e.firstElementChild && e.firstElementChild.classList.contains('sv-dold')"
            " ? e.firstElementChild.textContent : null)"
        )
        assert all(text == label for text in first_child), f"<{tag}> utan dold etikett '{label}': {first_child}"
        # in the accessibility tree …
        assert label.strip() in marks.first.aria_snapshot(), f"'{label}' saknas i tillgänglighetsträdet"
        # … but not on screen
        box = marks.first.locator(".sv-dold").evaluate(
            "e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);"
            " return {w: r.width, h: r.height, clip: s.clip, clipPath: s.clipPath}; }"
        )
        hidden = (box["w"] <= 1 and box["h"] <= 1) or box["clip"].startswith("rect(0") or box["clipPath"] != "none"
        assert hidden, f"etiketten '{label}' syns på skärmen: {box}"
        # the line carries the meaning, not the colour
        decoration = marks.first.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert line in decoration, f"<{tag}> har text-decoration '{decoration}', inte {line}"

    # the sample's changed table cell: "Kvartal 1" → "Senast 30 april" inside one cell
    cell = (
        inline.locator("td")
        .filter(has=page.locator("del", has_text="Kvartal 1"))
        .filter(has=page.locator("ins", has_text="Senast 30 april"))
    )
    assert cell.count() == 1, "den ändrade tabellcellen (Kvartal 1 → Senast 30 april) saknas"
    assert re.search(r"Borttaget: Kvartal 1.*Tillagt: Senast 30 april", cell.aria_snapshot(), re.S)

    # one view at a time: inline first; the radio buttons switch with CSS alone
    side = page.locator(".sv-jmf--sida-vid-sida")
    assert inline.is_visible() and not side.is_visible()
    assert page.locator(".sv-jmf__falt").count() == 1, "de ändrade uppgifterna visas mer än en gång"
    page.get_by_label("sida vid sida").check()
    assert side.is_visible() and not inline.is_visible()
    assert page.locator(".sv-jmf__falt").is_visible()

    # side by side: unchanged sections are folded away, changed ones are not
    folded = side.locator("details.sv-jmf__avsnitt--oforandrad")
    assert folded.count() >= 1, "inga hopfällda oförändrade avsnitt i sida vid sida"
    assert folded.first.locator("summary").inner_text().startswith("Oförändrat avsnitt:")
    assert not folded.first.evaluate("d => d.open")
    assert not folded.first.locator("summary ~ *").first.is_visible()
    assert side.locator("details ins, details del").count() == 0, "ett ändrat avsnitt är hopfällt"
    changed = side.locator("section.sv-jmf__avsnitt--andrad")
    assert changed.count() >= 1 and changed.locator("del").first.is_visible()


# ---------- "Vad gällde den …?" ----------


def test_what_applied_on_a_day(visit, base_url):
    page, network = visit(HISTORY)
    answer = page.locator(ANSWER)
    assert answer.evaluate("e => e.tagName") == "OUTPUT" or answer.get_attribute("aria-live") == "polite"

    assert "gällde ingen fastställd version" in ask(page, "2024-01-01").inner_text()

    ask(page, "2026-06-01")
    link = answer.get_by_role("link")
    assert "version 4" in link.inner_text()
    assert link.evaluate("a => a.href") == base_url + DOC + "version/4/"
    # the tense follows the date, seen from the build date (2026-01-15)
    assert answer.inner_text().startswith("Den 2026-06-01 kommer att gälla version 4")
    assert ask(page, "2026-01-15").inner_text().startswith("Den 2026-01-15 gäller version 4")
    assert "kommer ingen fastställd version av dokumentet att gälla" in ask(page, "2030-01-01").inner_text()

    ask(page, "2025-06-01")
    link = answer.get_by_role("link")
    assert "version 1" in link.inner_text() and answer.inner_text().startswith("Den 2025-06-01 gällde version 1")
    assert link.evaluate("a => a.href") == base_url + DOC + "version/1/"
    link.click()
    page.wait_for_url(base_url + DOC + "version/1/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bilaga 1")
    assert not network.errors(), f"HTTP-fel: {network.errors()}"


# ---------- "Jämför två versioner" ----------


def test_picker_after_instant_navigation(visit, base_url):
    page, network = visit(DOC)
    # The real site has no site_url, so its sitemap.xml is empty and Material
    # navigates with full page loads. Here the sitemap lists the history page,
    # so the click below is a real instant navigation (document$ emits, the
    # script is not run again) as on a site with site_url set.
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base_url}{DOC}</loc></url><url><loc>{base_url}{HISTORY}</loc></url></urlset>"
    )
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.reload(wait_until="load")
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate("() => { window.svSammaSida = true; }")

    page.locator(".sv-meta").get_by_role("link", name="Versionshistorik").click()
    page.wait_for_url(base_url + HISTORY)
    page.get_by_role("heading", level=1, name=re.compile("Versionshistorik")).wait_for()
    assert page.evaluate("() => window.svSammaSida === true"), "ingen direktnavigering: sidan laddades om"

    compare(page, "1", "3")
    result = page.locator(PICKER_RESULT)
    result.locator("ins").first.wait_for()
    assert result.get_by_role("heading", name=re.compile(r"^Version 1\b.*→ Version 3\b")).count() == 1
    status = page.locator(PICKER_STATUS)
    assert status.get_attribute("role") == "status"
    assert re.search(r"\d+ avsnitt ändrade", status.inner_text()), status.inner_text()
    assert re.search(r"Sammanfattning:.*\d+ avsnitt ändrade", result.inner_text())
    fields = result.locator("table.sv-jmf__falt")
    rows = fields.locator("tbody th").all_inner_texts()
    assert {"Version", "Fastställd", "Giltig från"} <= set(rows), rows
    assert "1.0" in fields.inner_text() and "2.0" in fields.inner_text()
    assert result.locator("del").count() > 0 and result.locator("ins").count() > 0
    ins = result.locator("ins").first
    assert ins.locator(".sv-dold").text_content() == "Tillagt: "
    # the comparison's own stylesheet applies: background besides the underline
    style = ins.evaluate("e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).backgroundColor]")
    assert "underline" in style[0] and style[1] != "rgba(0, 0, 0, 0)", style

    compare(page, "2", "3")
    result.get_by_role("heading", name=re.compile(r"^Version 2\b.*→ Version 3\b")).wait_for()
    assert "Status" in result.locator("table.sv-jmf__falt tbody th").all_inner_texts()
    # the changed table cell, as in the ready-made comparison
    cell = result.locator("td").filter(has=page.locator("ins", has_text="Senast 30 april"))
    assert cell.count() == 1 and "Kvartal 1" in cell.locator("del").inner_text()

    # 1 → 3: table rows aligned as on the ready-made pages, not by position: the row that
    # went away is one removed row, not deleted in one row and inserted in another
    compare(page, "1", "3")
    result.get_by_role("heading", name=re.compile(r"^Version 1\b.*→ Version 3\b")).wait_for()
    gap = result.locator("tr").filter(has_text="Handlingsplan utifrån gapanalysen")
    assert gap.count() == 1, gap.all_inner_texts()

    compare(page, "2", "2")
    status.filter(has_text="Välj två olika versioner.").wait_for()
    assert result.locator("ins, del").count() == 0

    # the other tool on the page came along too
    assert ask(page, "2026-06-01").get_by_role("link").evaluate("a => a.href") == base_url + DOC + "version/4/"

    loaded = [u for u in network.requests if u.endswith(("versioner.json", "jamfor.js"))]
    assert sorted(loaded) == [base_url + "assets/javascripts/jamfor.js", base_url + HISTORY + "versioner.json"], loaded
    page.wait_for_load_state("networkidle")
    assert not network.foreign(), f"anrop till andra värdar: {network.foreign()}"
    assert not network.failed, f"misslyckade anrop: {network.failed}"
    assert not network.errors(), f"HTTP-fel: {network.errors()}"


# ---------- the document page and an old version ----------


def test_document_page_and_old_version_link_to_history(visit, base_url):
    page, _ = visit(DOC)
    row = page.locator(".sv-meta__row").filter(has=page.locator("dt", has_text="Senast ändrad"))
    assert row.count() == 1, "raden 'Senast ändrad' saknas på dokumentsidan"
    assert re.search(r"\d{4}-\d{2}-\d{2}", row.locator("dd").inner_text())
    link = row.get_by_role("link", name="Versionshistorik")
    assert link.evaluate("a => a.href") == base_url + HISTORY

    page.goto(base_url + VERSION, wait_until="load")
    banner = page.locator(".admonition").filter(has=page.locator(".admonition-title", has_text="Äldre version"))
    assert banner.count() == 1, "bannern 'Äldre version' saknas"
    in_force = banner.get_by_role("link", name=re.compile("version 4"))
    assert in_force.evaluate("a => a.href") == base_url + DOC + "version/4/"
    current = banner.get_by_role("link", name="Till den aktuella versionen")
    assert current.evaluate("a => a.href") == base_url + DOC


def test_the_view_toggle_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(base_url + COMPARISON, wait_until="load")
        inline, side = page.locator(".sv-jmf--inline"), page.locator(".sv-jmf--sida-vid-sida")
        assert inline.is_visible() and not side.is_visible()
        page.get_by_label("sida vid sida").check()
        assert side.is_visible() and not inline.is_visible()
    finally:
        context.close()


def test_papers_for_the_namnd_download(visit, base_url):
    page, _ = visit(COMPARISON)
    link = page.get_by_role("link", name="Ladda ner som Word med spårade ändringar")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200 and response.body().startswith(b"PK")
    page.goto(base_url + VERSION, wait_until="load")
    for name, magic in (("Word (.docx)", b"PK"), ("PDF", b"%PDF-")):
        href = page.locator("article").get_by_role("link", name=name, exact=True).evaluate("a => a.href")
        assert "/version/1/" in href
        response = page.request.get(href)
        assert response.status == 200 and response.body().startswith(magic)
