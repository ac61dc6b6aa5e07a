"""The document health page, from the base fixture (golden file
``tests/fixtures/handbok/dokumenthalsa.md``) and a variant that fills every section."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samverkan.checker import check
from samverkan.handbok import Handbook, dokumenthalsa
from samverkan.loader import load

from .conftest import BASE, FIXTURES, TODAY, golden

DOCS = {
    # revision overdue and validity run out, still fastställd
    "sen-revision": """---
id: sen-revision
typ: avtal
titel: Avtal med försenad revision
status: fastställd
nivå: regional
region: reg
parter: [reg, ka]
dokumentägare: ledning
fastställd: 2023-01-10
giltig_från: 2023-02-01
giltig_till: 2025-12-31
revideras: 2025-06-30
---
Se [[gammalt-avtal]].
""",
    # a bilaga left in force under the upphävd gammalt-avtal
    "gammalt-avtal-bilaga-1": """---
id: gammalt-avtal-bilaga-1
typ: bilaga
titel: Bilaga 1 Gamla rutiner
status: fastställd
bilaga_till: gammalt-avtal
nummer: 1
fastställd: 2012-05-01
giltig_från: 2012-09-01
---
Text.
""",
    # replaced by riktlinje-v2, which is in force, though not upphävd itself
    "riktlinje-v1": """---
id: riktlinje-v1
typ: avtal
titel: Riktlinje för utskrivning version 1
status: fastställd
nivå: regional
region: reg
parter: [reg]
dokumentägare: lg-syd
fastställd: 2020-01-10
giltig_från: 2020-02-01
---
Text.
""",
    "riktlinje-v2": """---
id: riktlinje-v2
typ: avtal
titel: Riktlinje för utskrivning version 2
status: fastställd
nivå: regional
region: reg
parter: [reg]
dokumentägare: lg-syd
fastställd: 2025-05-10
giltig_från: 2025-06-01
ersätter: [riktlinje-v1]
---
Ersätter [[riktlinje-v1]].
""",
    # a meeting after the change, still discussing the old riktlinje
    "mote-2025-09-01": """---
id: mote-2025-09-01
typ: mötesanteckning
titel: Arbetsgruppens möte 1 september 2025
arena: ag
datum: 2025-09-01
behandlade: [riktlinje-v1, gammalt-avtal]
---
Text.
""",
    # before the change: what was discussed then, nothing to fix
    "mote-2020-03-01": """---
id: mote-2020-03-01
typ: mötesanteckning
titel: Arbetsgruppens möte 1 mars 2020
arena: ag
datum: 2020-03-01
behandlade: [riktlinje-v1]
---
Text.
""",
    # intern: overdue and referring to an old document, but only in the internal build
    "hemlig-plan": """---
id: hemlig-plan
typ: avtal
titel: Hemlig plan för lokaler
status: fastställd
publicering: intern
nivå: regional
region: reg
parter: [reg]
dokumentägare: lg-syd
fastställd: 2023-01-10
giltig_från: 2023-02-01
revideras: 2025-01-31
relaterade: [riktlinje-v1]
---
Text.
""",
}


@pytest.fixture
def variant(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    for id_, text in DOCS.items():
        (root / "agreements" / "dokument" / f"{id_}.md").write_text(text, encoding="utf-8")
    (root / "agreements" / "dokument" / "tillampning-norr.md").write_text(
        (BASE / "agreements" / "dokument" / "tillampning-norr.md")
        .read_text(encoding="utf-8")
        .replace("relaterade: [huvudavtal]", "relaterade: [huvudavtal, riktlinje-v1]")
        + "\nSe även [[riktlinje-v1]].\n",
        encoding="utf-8",
    )
    errors = [f for f in check(root, today=TODAY).findings if f.severity == "error"]
    assert errors == []
    return root


def _page(root: Path, intern: bool = False) -> str:
    repo, findings = load(root)
    assert not findings
    pages = list(dokumenthalsa.pages(Handbook.create(repo, TODAY, intern=intern)))
    assert [(p.path, p.title) for p in pages] == [("dokumenthalsa/index.md", "Dokumenthälsa")]
    return pages[0].markdown


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}")[1].split("\n## ")[0]


def test_page_matches_golden():
    produced = _page(BASE)
    assert produced == golden(FIXTURES / "handbok" / "dokumenthalsa.md", produced)


def test_empty_sections_say_none():
    text = _page(BASE)
    for heading in (
        "Revision försenad (0)",
        "Giltighetstiden har gått ut (0)",
        "Bilagor till upphävda avtal (0)",
        "Hänvisningar till ersatta dokument (0)",
    ):
        assert "Inga." in _section(text, heading)


def test_every_section_filled(variant: Path):
    text = _page(variant)
    overdue = _section(text, "Revision försenad (1)")
    assert (
        '| [Avtal med försenad revision](../sen-revision/index.md) | <span class="sv-datum">2025-06-30</span> | [Regional ledningsgrupp](../ledning/index.md) |'
        in overdue
    )
    expired = _section(text, "Giltighetstiden har gått ut (1)")
    assert (
        '| [Avtal med försenad revision](../sen-revision/index.md) | <span class="sv-datum">2025-12-31</span> |'
        in expired
    )
    orphans = _section(text, "Bilagor till upphävda avtal (1)")
    assert (
        '| [Bilaga 1 Gamla rutiner](../gammalt-avtal-bilaga-1/index.md) | [Gammalt hemsjukvårdsavtal](../gammalt-avtal/index.md) | <span class="sv-datum">2024-12-31</span> |'
        in orphans
    )
    stale = _section(text, "Hänvisningar till ersatta dokument (4)")
    rows = [line for line in stale.splitlines() if line.startswith("| [")]
    v1 = "[Riktlinje för utskrivning version 1](../riktlinje-v1/index.md)"
    v2 = "[Riktlinje för utskrivning version 2](../riktlinje-v2/index.md)"
    old = "[Gammalt hemsjukvårdsavtal](../gammalt-avtal/index.md)"
    new = "[Huvudavtal om hälso\\- och sjukvård](../huvudavtal/index.md)"
    meeting = "[Arbetsgruppens möte 1 september 2025](../mote-2025-09-01/index.md)"
    assert [r.split(" | ")[:3] for r in rows] == [
        [f"| {meeting}", old, "behandlades på mötet"],
        [f"| {meeting}", v1, "behandlades på mötet"],
        ["| [Avtal med försenad revision](../sen-revision/index.md)", old, "hänvisar i texten"],
        ["| [Delregional tillämpning Norr](../tillampning-norr/index.md)", v1, "relaterat dokument, hänvisar i texten"],
    ]
    assert all(new in r for r in rows if old in r) and all(v2 in r for r in rows if v1 in r)
    assert "mote-2020-03-01" not in stale and "riktlinje-v2/index.md) |" not in stale.split(" | ")[0]
    arenas = _section(text, "Dokument per arena")
    assert "| [Arbetsgrupp](../ag/index.md) | 0 | 0 | 0 | 3 | 3 |" in arenas
    assert "| [Regional ledningsgrupp](../ledning/index.md) | 3 | 2 | 0 | 0 | 5 |" in arenas
    assert "| [Ledningsgrupp Syd](../lg-syd/index.md) | 2 | 0 | 0 | 0 | 2 |" in arenas


def test_intern_document_only_in_internal_build(variant: Path):
    public = _page(variant)
    assert "hemlig-plan" not in public and "Hemlig plan" not in public
    assert "## Hänvisningar till ersatta dokument (4)" in public
    internal = _page(variant, intern=True)
    link = "[Hemlig plan för lokaler](../hemlig-plan/index.md)"
    assert link in _section(internal, "Revision försenad (2)")
    assert link in _section(internal, "Hänvisningar till ersatta dokument (5)")
    assert "| [Ledningsgrupp Syd](../lg-syd/index.md) | 3 | 0 | 0 | 0 | 3 |" in internal
    assert "| [Arbetsgrupp](../ag/index.md) | 0 | 0 | 0 | 4 | 4 |" in internal  # intern-pm of the base


def test_arenas_sorted_swedish(variant: Path):
    rows = [line for line in _section(_page(variant), "Dokument per arena").splitlines() if line.startswith("| [")]
    assert [r.split("](")[0][3:] for r in rows] == [
        "Annan regions ledning",
        "Arbetsgrupp",
        "Ledningsgrupp Norr",
        "Ledningsgrupp Syd",
        "Närsjukvårdsgrupp A",
        "Politiskt samrådsorgan",
        "Regional ledningsgrupp",
    ]
