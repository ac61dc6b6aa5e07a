"""The hostile site (tests/injektion.py: payloads in every field, raw script in an
old version's body) in Chromium: no dialog opens, no injected element is in the
DOM, on the pages that show the fields, in search results and in the history
page's client-side comparison."""

from __future__ import annotations

import pytest

from ..injektion import MARK, build, make_project
from .conftest import served
from .test_historik import compare
from .test_sok import search

PAGES = [
    "",
    "huvudavtal/",
    "huvudavtal/historik/",
    "huvudavtal/version/1/",
    "huvudavtal/version/2/",
    "huvudavtal/jamfor/1-2/",
    "huvudavtal-bilaga-1/",
    "mote-2025-01-10/",
    "uppdrag-nsg/",
    "ledning/",
    "ka/",
    "kf-norr/",
    "privat/",
    "arenor/",
    "kommuner/",
    "aktorer/",
    "amnen/",
    "ordlista/",
    "kalender/",
    "dokumenthalsa/",
    "strukturkarta/",
    "dokument/",
    "bidra/",
]

# Elements a payload would have added, and scripts holding its text.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.startsWith("on")) found.push(el.tagName + " " + a.name);
      if (/^\\s*javascript:/i.test(a.value)) found.push(el.tagName + " " + a.name + "=" + a.value);
    }
  }
  for (const el of document.querySelectorAll("img[src='x'], iframe, object, embed")) found.push(el.outerHTML);
  for (const s of document.scripts) if (s.textContent.includes("MARK")) found.push("script " + s.textContent.slice(0, 40));
  return found;
}""".replace("MARK", MARK)


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    site = build(make_project(tmp_path_factory.mktemp("injektion") / "projekt"))
    with served(site) as url:
        yield url


@pytest.fixture
def hostile_page(browser, hostile_url):
    context = browser.new_context(locale="sv-SE", service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, dialogs
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_payload_runs(hostile_page, hostile_url, path):
    page, dialogs = hostile_page
    response = page.goto(hostile_url + path, wait_until="load")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate(INJECTED) == []
    assert dialogs == []


def test_payload_is_visible_as_text(hostile_page, hostile_url):
    page, _ = hostile_page
    page.goto(hostile_url + "huvudavtal/", wait_until="load")
    assert "</title><script>" in page.title()
    assert "<svg onload=" in page.locator("h1#sidrubrik").inner_text()


def test_search_results_do_not_run_the_payload(hostile_page, hostile_url):
    page, dialogs = hostile_page
    page.goto(hostile_url + "huvudavtal/", wait_until="load")
    assert search(page, "huvudavtal")
    assert "</title>" in page.locator("#sv-sok-traffar").inner_text()
    assert page.evaluate(INJECTED) == []
    assert dialogs == []


def test_picker_comparison_does_not_run_the_old_script(hostile_page, hostile_url):
    page, dialogs = hostile_page
    page.goto(hostile_url + "huvudavtal/historik/", wait_until="load")
    compare(page, "1", "2")
    result = page.locator("[data-sv-jamfor-resultat]")
    result.locator("del").first.wait_for()
    assert "<script>" in result.inner_text()  # the old body's script, as text
    page.wait_for_load_state("networkidle")
    assert page.evaluate(INJECTED) == []
    assert dialogs == []
