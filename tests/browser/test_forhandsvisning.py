"""The preview in a real browser: an open page reloads by itself after a save,
shows the error page while the repository has errors and comes back when they
are fixed, with the site's Content-Security-Policy in force (mkdocs' live-reload
script is allowed by its hash, nothing else inline)."""

from __future__ import annotations

import pytest

from ..test_serve import AVTAL, Server, _edit, _project
from .test_csp import WATCH

TIMEOUT = 120_000  # ms; a rebuild on a loaded machine


@pytest.fixture
def preview(tmp_path):
    repo = _project(tmp_path)
    server = Server(repo.root, tmp_path / "tmp")
    try:
        yield repo, server
    finally:
        server.stop()


def test_an_open_page_follows_the_saved_file(browser, preview):
    repo, server = preview
    context = browser.new_context(locale="sv-SE", service_workers="block")
    try:
        context.add_init_script(WATCH)
        page = context.new_page()
        page.goto(server.url + "huvudavtal/", wait_until="load")
        page.wait_for_function("() => document.body.innerText.includes('Huvudavtal')")

        _edit(repo.root, AVTAL, "\n## ", "\nEn ny mening i förhandsvisningen.\n\n## ")
        page.wait_for_function(
            "() => document.body.innerText.includes('En ny mening i förhandsvisningen.')", timeout=TIMEOUT
        )
        assert page.evaluate("window.__svCsp") == []

        _edit(repo.root, AVTAL, "status: fastställd", "status: klar")
        page.wait_for_function("() => document.body.innerText.includes('valideringen hittade')", timeout=TIMEOUT)
        assert "agreements/dokument/huvudavtal.md" in page.inner_text("body")

        _edit(repo.root, AVTAL, "status: klar", "status: fastställd")
        page.wait_for_function(
            "() => !document.body.innerText.includes('valideringen hittade')"
            " && document.body.innerText.includes('En ny mening i förhandsvisningen.')",
            timeout=TIMEOUT,
        )
        assert page.evaluate("window.__svCsp") == []
    finally:
        context.close()
