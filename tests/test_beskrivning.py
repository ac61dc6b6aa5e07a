"""References in a registry ``beskrivning`` on the site: links as in a body, and an
intern document only as "(internt dokument)" (issue 17, item 5)."""

from __future__ import annotations

from pathlib import Path

import yaml

from samverkan import handbok
from samverkan.handbok import Page
from samverkan.loader import load

from .conftest import TODAY

DESCRIPTION = "Förbereder [[intern-pm]] och följer upp [[huvudavtal|huvudavtalet]], se [[ledning]] *här*."


def _with_description(root: Path) -> Path:
    path = root / "agreements" / "organisation" / "arenor.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(e for e in entries if e["id"] == "ag")["beskrivning"] = DESCRIPTION
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _page(root: Path, path: str, intern: bool = False) -> str:
    repo, _ = load(root)
    items = handbok.build(repo, TODAY, intern=intern)
    return next(i.markdown for i in items if isinstance(i, Page) and i.path == path)


def test_public_arena_page_links_and_hides_intern(base_repo: Path):
    text = _page(_with_description(base_repo), "ag/index.md")
    line = next(line for line in text.split("\n") if line.startswith("Förbereder"))
    assert line == (
        "Förbereder \\(internt dokument\\) och följer upp [huvudavtalet](../huvudavtal/index.md), "
        "se [Regional ledningsgrupp](../ledning/index.md) \\*här\\*\\."
    )
    assert "intern-pm" not in text and "[[" not in text


def test_intern_build_links_the_intern_document(base_repo: Path):
    text = _page(_with_description(base_repo), "ag/index.md", intern=True)
    assert "](../intern-pm/index.md)" in text
