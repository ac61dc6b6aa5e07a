"""The remiss round: comments per section, the tally, the version on remiss
read from git, and the comparison remiss → fastställd with each comment beside
its section, also when the section was renamed before the decision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samverkan import historik, loader
from samverkan.checker import check
from samverkan.jamforelse.comparison import Side, compare
from samverkan.remiss import round_of, tally
from samverkan.remiss.kommentarer import comments
from samverkan.remiss.sammanstallning import all_comments, compile_round, responses
from samverkan.remiss.version import remiss_version

from .conftest import BASE, TODAY
from .historik_repo import GitRepo

RUTIN = """---
id: rutin
typ: avtal
titel: Rutin för utskrivning
status: {status}
nivå: regional
region: reg
parter: [reg, ka, kb, kc]
dokumentägare: ledning
{decided}remiss:
  från: 2025-03-01
  till: 2025-04-30
  instanser: [alla kommuner, reg]
  arena: ledning
---
# Rutin för utskrivning

## Syfte

{syfte}

## {ansvar}

{ansvarstext}

## Uppföljning

Uppföljning sker årligen.
"""
ON_REMISS = dict(
    status="remiss",
    decided="",
    syfte="Rutinen beskriver utskrivning.",
    ansvar="Ansvar och roller",
    ansvarstext="Kommunen ansvarar för hemsjukvården.",
)
DECIDED = dict(
    status="fastställd",
    decided="fastställd: 2025-06-01\ngiltig_från: 2025-07-01\n",
    syfte="Rutinen beskriver en trygg och säker utskrivning.",
    ansvar="Ansvar mellan huvudmännen",
    ansvarstext="Kommunen ansvarar för hemsjukvården upp till sjuksköterskenivå.",
)

SVAR_KA = """---
id: svar-rutin-ka
typ: remissvar
titel: Remissvar från A-stad
svar_på: rutin
från: ka
datum: 2025-04-20
ställningstagande: tillstyrker med synpunkter
---

A-stad tillstyrker förslaget.

## Syfte

Syftet bör nämna trygghet.

## Ansvar och roller

Ansvarsgränsen behöver anges.

### Förslag

Skriv ut sjuksköterskenivån.

## Övrigt

Vi vill ha utbildning.

Se [[rutin#uppfoljning]]: uppföljningen bör ske oftare.
"""
SVAR_KB = """---
id: svar-rutin-kb
typ: remissvar
titel: Remissvar från B-by
svar_på: rutin
från: kb
datum: 2025-04-28
ställningstagande: avstyrker
---

## Synpunkter på [[rutin#ansvar-och-roller]]

B-by avstyrker ansvarsfördelningen.
"""


@pytest.fixture
def decided_after_edits(tmp_path: Path) -> Path:
    """The base project with 'rutin' sent on remiss, answered by A-stad and B-by,
    then decided with its sections edited and one renamed."""
    root = tmp_path / "arkiv"
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    repo.write("agreements/dokument/rutin.md", RUTIN.format(**ON_REMISS))
    repo.write("agreements/remissvar/svar-rutin-ka.md", SVAR_KA)
    repo.write("agreements/remissvar/svar-rutin-kb.md", SVAR_KB)
    repo.commit("Rutinen på remiss, två svar")
    repo.write("agreements/dokument/rutin.md", RUTIN.format(**DECIDED))
    repo.commit("Rutinen fastställd")
    return root


def test_comments_under_headings_references_and_general(decided_after_edits: Path):
    repo, _ = loader.load(decided_after_edits)
    answer = repo.document("svar-rutin-ka")
    found = comments(answer, ["rutin-for-utskrivning", "syfte", "ansvar-och-roller", "uppfoljning"])
    assert [(c.section, c.heading, c.text) for c in found] == [
        (None, None, "A-stad tillstyrker förslaget."),
        ("syfte", None, "Syftet bör nämna trygghet."),
        # a sub-heading naming no section stays in the comment above it
        ("ansvar-och-roller", None, "Ansvarsgränsen behöver anges.\n\n### Förslag\n\nSkriv ut sjuksköterskenivån."),
        (None, "Övrigt", "Vi vill ha utbildning."),
        # a paragraph with a reference is a comment on that section by itself
        ("uppfoljning", None, "Se [[rutin#uppfoljning]]: uppföljningen bör ske oftare."),
    ]


def test_the_tally_counts_instanser_with_all_kommuner_expanded(decided_after_edits: Path):
    repo, _ = loader.load(decided_after_edits)
    rnd = round_of(repo, repo.document("rutin"))
    assert rnd.asked_ids() == ["ka", "kb", "kc", "reg"]
    counted = tally(rnd, [d for d in repo.documents if d.typ == "remissvar"])
    assert counted.text == "2 av 4 har svarat"
    assert [i.id for i in counted.missing] == ["kc", "reg"]


def test_the_version_on_remiss_comes_from_git(decided_after_edits: Path):
    repo, _ = loader.load(decided_after_edits)
    decided = repo.document("rutin")
    version = remiss_version(decided, historik.read(decided_after_edits))
    assert version is not None and version.data["status"] == "remiss"
    assert "## Ansvar och roller" in version.body and "## Ansvar och roller" not in decided.body


def test_references_are_checked_against_the_version_on_remiss(decided_after_edits: Path, tmp_path: Path):
    # B-by's [[rutin#ansvar-och-roller]] names a section renamed before the decision: still valid
    assert check(decided_after_edits, TODAY).findings == []
    svar = decided_after_edits / "agreements/remissvar/svar-rutin-kb.md"
    svar.write_text(SVAR_KB.replace("#ansvar-och-roller", "#ekonomi"), encoding="utf-8")
    found = check(decided_after_edits, TODAY).findings
    assert [(f.code, f.line) for f in found] == [("avsnitt-saknas", 11)]
    assert "remissversionen av 'rutin' har inget avsnitt 'ekonomi'" in found[0].message
    # without the history the version on remiss is unknown: the section is not checked at all
    copy = tmp_path / "utan-git"
    shutil.copytree(decided_after_edits, copy, ignore=shutil.ignore_patterns(".git"))
    assert check(copy, TODAY).findings == []


def test_each_comment_sits_next_to_its_section_in_the_comparison(decided_after_edits: Path):
    repo, _ = loader.load(decided_after_edits)
    decided = repo.document("rutin")
    version = remiss_version(decided, historik.read(decided_after_edits))
    answers = [repo.document("svar-rutin-ka"), repo.document("svar-rutin-kb")]
    comparison = compare(Side("Remissversion", version), Side("Fastställd", decided))
    placed, rest = responses(comparison, all_comments(answers, version))
    by_title = {r.change.title: r for r in placed}
    renamed = by_title["Ansvar mellan huvudmännen"]
    assert renamed.change.renamed and renamed.anchor == "ansvar-och-roller"
    assert [(c.answer.id, c.text.split("\n")[0]) for c in renamed.comments] == [
        ("svar-rutin-ka", "Ansvarsgränsen behöver anges."),
        ("svar-rutin-kb", "B-by avstyrker ansvarsfördelningen."),
    ]
    assert [c.text for c in by_title["Syfte"].comments] == ["Syftet bör nämna trygghet."]
    assert by_title["Syfte"].change.kind == "changed"
    assert by_title["Uppföljning"].change.kind == "unchanged"
    assert [c.answer.id for c in by_title["Uppföljning"].comments] == ["svar-rutin-ka"]
    assert [c.heading for c in rest] == [None, "Övrigt"]


def test_the_compilation_lists_every_section_of_the_version_on_remiss(decided_after_edits: Path):
    repo, _ = loader.load(decided_after_edits)
    version = remiss_version(repo.document("rutin"), historik.read(decided_after_edits))
    compiled = compile_round(version, [repo.document("svar-rutin-ka"), repo.document("svar-rutin-kb")])
    assert [(p.title, len(p.comments)) for p in compiled.parts] == [
        ("Rutin för utskrivning", 0),
        ("Syfte", 1),
        ("Ansvar och roller", 2),
        ("Uppföljning", 1),
    ]
    assert len(compiled.general) == 2 and compiled.unplaced == () and compiled.count == 6
