"""The remiss round on the site, from a real git repository (tests/remiss_repo.py):
the document's page with the round, the remissammanställning, the comparison
remiss → fastställd with the comments per section, and an answer's own page.
Compared with golden files; a few facts asserted on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan import handbok, historik, loader
from samverkan.handbok import Page

from . import remiss_repo
from .conftest import FIXTURES, TODAY, golden

GOLDEN = FIXTURES / "remiss_sidor"
PAGES = {
    "rutin/index.md": "dokument.md",
    "rutin/remissammanstallning/index.md": "remissammanstallning.md",
    "rutin/remissvar-och-beslut/index.md": "remissvar-och-beslut.md",
    "svar-rutin-kb/index.md": "remissvar.md",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    root = remiss_repo.make(tmp_path_factory.mktemp("remiss") / "arkiv")
    repo, _ = loader.load(root)
    built = handbok.build(repo, TODAY, history=historik.read(root))
    return {p.path: p.markdown for p in built if isinstance(p, Page)}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_matches_golden(pages, path: str):
    assert pages[path] == golden(GOLDEN / PAGES[path], pages[path])


def test_the_document_page_counts_who_answered(pages):
    text = pages["rutin/index.md"]
    assert "**2 av 4 har svarat**" in text
    assert "| [C\\-köping](../kc/index.md) | Har inte svarat | – | – |" in text
    assert "[Remissvar och beslut per avsnitt](remissvar-och-beslut/index.md)" in text


def test_the_renamed_section_carries_its_comments(pages):
    text = pages["rutin/remissvar-och-beslut/index.md"]
    section = text.split("## Ansvar mellan huvudmännen (hette Ansvar och roller)", 1)[1].split("\n## ", 1)[0]
    assert "Ändrat avsnitt · 2 synpunkter" in section
    assert "Ansvarsgränsen behöver anges." in section and "B-by avstyrker ansvarsfördelningen." in section
    # the comment's own sub-heading is no heading of the page
    assert "**Förslag**" in section and "### Förslag" not in section


def test_an_answer_links_its_section_in_the_compilation(pages):
    # the section was renamed in the decided text: the link goes to the version on remiss
    text = pages["svar-rutin-kb/index.md"]
    assert "(../rutin/remissammanstallning/index.md#ansvar-och-roller)" in text
    compilation = pages["rutin/remissammanstallning/index.md"]
    assert "### Ansvar och roller {: #ansvar-och-roller }" in compilation


def test_public_build_leaves_out_an_intern_answer(tmp_path: Path):
    root = remiss_repo.make(tmp_path / "arkiv")
    svar = root / "agreements/remissvar/svar-rutin-kb.md"
    svar.write_text(svar.read_text(encoding="utf-8").replace("datum:", "publicering: intern\ndatum:"), encoding="utf-8")
    repo, _ = loader.load(root)
    public = {p.path: p.markdown for p in handbok.build(repo, TODAY) if isinstance(p, Page)}
    assert "svar-rutin-kb/index.md" not in public
    assert "**1 av 4 har svarat**" in public["rutin/index.md"]
    assert "B-by avstyrker" not in public["rutin/remissammanstallning/index.md"]
    intern = {p.path: p.markdown for p in handbok.build(repo, TODAY, intern=True) if isinstance(p, Page)}
    assert "**2 av 4 har svarat**" in intern["rutin/index.md"]
