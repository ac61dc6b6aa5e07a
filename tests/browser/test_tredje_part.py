"""Nothing in the built site makes a visitor's browser contact another host.

The browser test (test_sok.py) watches real requests on a few pages; this one
reads every built page and stylesheet for addresses a browser would load.
Plain links (<a href>) to other sites are fine: they are only followed on a click.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# attributes a browser fetches by itself, per element
LOADED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# <link rel=…> that only name a page, never fetch it
LINK_NOT_LOADED = {"canonical", "alternate", "prev", "next", "edit", "author", "license", "help"}
FOREIGN = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.markers: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        urls = [a.get(name) or "" for name in LOADED.get(tag, ())]
        if tag == "link":
            rel = set((a.get("rel") or "").lower().split())
            if not rel & LINK_NOT_LOADED:
                urls.append(a.get("href") or "")
        for value in urls:
            for part in value.split(","):
                if FOREIGN.match(part):
                    self.found.append(f"<{tag}> {part.strip()}")
        if "style" in a:
            self.found.extend(f"<{tag} style> {u}" for u in CSS_URL.findall(a["style"]))
        if a.get("data-md-component") == "source":
            self.markers.append('data-md-component="source" (Material hämtar då från api.github.com)')
        if "mermaid" in (a.get("class") or "").split():
            self.markers.append('class="mermaid" (Material hämtar då mermaid från unpkg.com)')

    def handle_data(self, data):
        pass


def test_pages_load_nothing_from_other_hosts(site_dir: Path):
    problems = []
    pages = sorted(site_dir.rglob("*.html"))
    assert pages, f"inga sidor i {site_dir}"
    for path in pages:
        parser = _Loads()
        text = path.read_text(encoding="utf-8")
        parser.feed(text)
        for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
            parser.found.extend(f"<style> {u}" for u in CSS_URL.findall(style))
        rel = path.relative_to(site_dir)
        problems += [f"{rel}: {item}" for item in parser.found + parser.markers]
    assert not problems, "sidorna hämtar från andra värdar:\n" + "\n".join(problems[:40])


def test_stylesheets_load_nothing_from_other_hosts(site_dir: Path):
    problems = []
    for path in sorted(site_dir.rglob("*.css")):
        for url in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{path.relative_to(site_dir)}: {url}")
    assert not problems, "CSS hämtar från andra värdar:\n" + "\n".join(problems)
