"""The published handbook in a real browser: build once, serve locally, Chromium.

The site is built once per test session (``mkdocs build --strict`` with a fixed
"today") and served by ``http.server`` on 127.0.0.1 under a sub-path, like a
GitHub Pages project site, so every test also checks that nothing assumes the
site lives at ``/``. The browser is Debian's ``chromium`` package — the one
system package the tests need; Playwright's own browser downloads are never used.

For quick work on the theme, ``SAMVERKAN_TEST_SITE=<dir>`` serves an already
built site instead of building one.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .. import sites
from ..conftest import REPO_ROOT

CHROMIUM = Path(os.environ.get("SAMVERKAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TODAY = "2026-01-15"
# served like https://<owner>.github.io/<repo>/
PREFIX = "/samverkan/"
LOCAL_HOSTS = {"127.0.0.1"}

# The pages the accessibility and network tests visit (site paths).
PAGES = {
    "start": "",
    "dokument": "vard-i-hemmet-2025/",
    "kommun": "lilla-edet/",
    "arena": "vvg/",
    "strukturkarta": "strukturkarta/",
    "prenumerera": "prenumerera/",
    # the remiss round of seed 001's agreement (issue 14)
    "remissammanstallning": "vard-i-hemmet-2025/remissammanstallning/",
    "remissvar-och-beslut": "vard-i-hemmet-2025/remissvar-och-beslut/",
    "remissvar": "remissvar-vard-i-hemmet-2025-orebro/",
}

NO_CHROMIUM = (
    f"Chromium saknas ({CHROMIUM}). Webbläsartesterna kräver Debians paket 'chromium': "
    "kör 'sudo apt-get install --no-install-recommends chromium' (eller .ci/run som root). "
    "Chromium is missing: install Debian's 'chromium' package; "
    "'playwright install' is not used."
)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served on a free local port under PREFIX, for as long as the block runs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The handbook, built once for the whole session."""
    given = os.environ.get("SAMVERKAN_TEST_SITE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    proc = sites.build(REPO_ROOT, out, SAMVERKAN_TODAY=TODAY, SAMVERKAN_CACHE=str(cache))
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict misslyckades:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX only; everything else is 404."""

    def translate_path(self, path):
        parts = urlsplit(path)
        if not parts.path.startswith(PREFIX):
            return str(Path(self.directory) / "__utanfor_webbplatsen__")
        return super().translate_path("/" + parts.path[len(PREFIX) :])

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """``http://127.0.0.1:<port>/samverkan/`` serving the built site."""
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(NO_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Network:
    """Every request a page makes, and every one that failed."""

    def __init__(self):
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.responses: list = []

    def attach(self, page) -> None:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: self.responses.append(r))

    def _failed(self, request) -> None:
        # the browser cancels pending loads (e.g. the favicon) when a test navigates on
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} ({request.failure})")

    def foreign(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname not in LOCAL_HOSTS
        ]

    def errors(self) -> list[str]:
        return [f"{r.status} {r.url}" for r in self.responses if r.status >= 400]


@pytest.fixture
def open_page(browser, base_url):
    """``open_page(path, scheme="light", width=1280, height=800)`` → (page, network)."""
    contexts = []

    def _open(path: str = "", *, scheme: str = "light", width: int = 1280, height: int = 800):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            locale="sv-SE",
            service_workers="block",
            # axe is injected as a script and a style tag, which the site's
            # Content-Security-Policy blocks; test_csp.py runs the pages with it
            bypass_csp=True,
        )
        contexts.append(context)
        page = context.new_page()
        network = Network()
        network.attach(page)
        response = page.goto(base_url + path, wait_until="load")
        if response is None or response.status != 200:
            pytest.fail(f"/{path} gav {response.status if response else 'inget svar'} (finns sidan?)", pytrace=False)
        expected = "slate" if scheme == "dark" else "default"
        page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{expected}'")
        return page, network

    yield _open
    for context in contexts:
        context.close()
