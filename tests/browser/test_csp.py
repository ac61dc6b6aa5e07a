"""The Content-Security-Policy (overrides/main.html) lets every page work: no
violation on any kind of page, and search, the history page's two tools and a
ready-made comparison still run under it."""

from __future__ import annotations

import pytest

from .conftest import PAGES
from .test_historik import COMPARISON, HISTORY, VERSION, ask, compare
from .test_sok import search

# collects every violation the page reports, from the first script on
WATCH = """
window.__svCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__svCsp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


@pytest.fixture
def csp_page(browser, base_url):
    """Opens a page that records CSP violations and console errors from the first byte."""
    contexts = []

    def _open(path: str):
        context = browser.new_context(locale="sv-SE", service_workers="block", color_scheme="light")
        contexts.append(context)
        context.add_init_script(WATCH)
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
        response = page.goto(base_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        return page, messages

    yield _open
    for context in contexts:
        context.close()


def violations(page, messages: list[str]) -> list[str]:
    page.wait_for_load_state("networkidle")
    found = page.evaluate("() => window.__svCsp")
    found += [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return found


@pytest.mark.parametrize("path", [*PAGES.values(), HISTORY, VERSION, COMPARISON, "bidra/", "kalender/"])
def test_no_violations(csp_page, path):
    page, messages = csp_page(path)
    assert page.evaluate("() => typeof window.__md_get") == "function", "Materials grundskript körs inte"
    assert violations(page, messages) == []


def test_search_works_under_the_policy(csp_page, base_url):
    page, messages = csp_page(PAGES["dokument"])
    assert search(page, "utskrivningen")
    assert violations(page, messages) == []


def test_history_tools_work_under_the_policy(csp_page):
    page, messages = csp_page(HISTORY)
    page.set_default_timeout(10_000)
    assert "version 4" in ask(page, "2026-06-01").get_by_role("link").inner_text()  # see test_historik.py
    compare(page, "1", "3")
    page.locator("[data-sv-jamfor-resultat] ins").first.wait_for()
    assert violations(page, messages) == []


def test_palette_choice_survives_reload(csp_page):
    """Material's palette script (now a file) still applies a saved choice."""
    page, messages = csp_page(PAGES["start"])
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.reload(wait_until="load")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    assert violations(page, messages) == []
