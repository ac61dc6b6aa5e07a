"""A hostile handbook project: script-injection payloads in every field.

The test base (``tests/fixtures/base``) with the payload added to every free-text
value of every document, registry entry and glossary entry, and to the ``ämnen``
tags; bodies carry it as text (headings, emphasis, link labels). The project is
a git repository of two commits: the first version of one document also holds
raw ``<script>``, event handlers and ``javascript:`` links in its body (as an
old version written before the validator refused them would), so its version
page shows the build's sanitiser at work. Both the build tests and the browser
tests use it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import yaml

from samverkan import htmlpolicy

from . import sites
from .conftest import BASE
from .historik_repo import GitRepo

# Each part would run if written raw into a page: closing <title>, a script,
# an element with an event handler, breaking out of an attribute.
PAYLOAD = "</title><script>alert('sv-xss')</script><img src=x onerror=alert('sv-xss')>\"'><svg onload=alert('sv-xss')>"
MARK = "sv-xss"

# front-matter and registry keys whose values are ids, dates or fixed words
_NOT_TEXT = {
    "id",
    "typ",
    "status",
    "nivå",
    "region",
    "delregion",
    "kommunalförbund",
    "kommuner",
    "parter",
    "part",
    "dokumentägare",
    "arena",
    "rapporterar_till",
    "uppdrag",
    "uppdragsgivare",
    "uppdragstagare",
    "bilaga_till",
    "tillämpar",
    "ersätter",
    "relaterade",
    "behandlade",
    "publicering",
    "tid",
    "mötesform",
    "github_team",
    "nummer",
    "version",
    "organisation",
    "instanser",
    "svar_på",
    "från",
    "ställningstagande",
}

# a body written before the validator refused raw scripts (first commit only)
OLD_BODY = """# Syfte

<script>alert('sv-xss')</script>

<img src="x.png" alt="bild" onerror="alert('sv-xss')">

<p onclick="alert('sv-xss')">Klicka</p>

[länk](javascript:alert('sv-xss'))

<a href="javascript:alert('sv-xss')">länk</a>

<iframe src="javascript:alert('sv-xss')"></iframe>

<svg><a xlink:href="javascript:alert('sv-xss')"><text>svg</text></a></svg>

<div markdown="1">
Tillåtet *block* med [en länk](https://example.org/).
</div>

## Ansvar och roller

Text.
"""

# the current body: only text, which must stay text
BODY = f"""# Syfte

Text med `{PAYLOAD}` i kod och &lt;script&gt;alert('{MARK}')&lt;/script&gt; som text.

## Ansvar och roller

Se [[huvudavtal-bilaga-1|{MARK} "'><img src=x>]].

### &lt;img src=x onerror=alert('{MARK}')&gt;

Text.
"""


def _poison(value, key: str | None = None):
    """``value`` with the payload added to every free-text string in it."""
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key not in _NOT_TEXT:
        return f"{value} {PAYLOAD}"
    return value


def _front(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _write_doc(path: Path, data: dict, body: str) -> None:
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_style=None)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def make_project(target: Path) -> Path:
    """The hostile project in ``target`` (a git repository), ready for ``mkdocs build``."""
    repo = GitRepo(target)
    sites.project(target, BASE)
    agreements = target / "agreements"
    for path in sorted(agreements.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "ordlista.yml":
            data = {key: f"{value} {PAYLOAD}" for key, value in data.items()}
        else:
            data = _poison(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted(agreements.rglob("*.md")):
        data, body = _front(path.read_text(encoding="utf-8"))
        _write_doc(path, _poison(data), body)
    main = agreements / "dokument" / "huvudavtal.md"
    data, _ = _front(main.read_text(encoding="utf-8"))
    _write_doc(main, data, OLD_BODY)
    repo.commit("Första version")
    _write_doc(main, data, BODY)
    repo.commit("Andra version")
    return target


def build(project: Path) -> Path:
    """``mkdocs build --strict`` of the hostile project; its site folder."""
    proc = sites.build(project)
    if proc.returncode != 0:
        raise AssertionError(f"mkdocs build misslyckades:\n{proc.stdout}\n{proc.stderr}")
    return project / "site"


class Elements(HTMLParser):
    """What a page's HTML would put in the DOM that runs or came from a payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "xlink:href", "action", "formaction") and htmlpolicy.dangerous_url(value or ""):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        if tag == "script":
            self._script = dict(attrs).get("src") or ""

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None and MARK in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def injected(html: str) -> list[str]:
    """Elements and attributes in ``html`` that would run script (see :class:`Elements`)."""
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found
