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

from . import remiss_repo
from .conftest import TODAY
from .historik_repo import GitRepo
from .remiss_repo import DECIDED, ON_REMISS, RUTIN, SVAR_KB


@pytest.fixture
def decided_after_edits(tmp_path: Path) -> Path:
    return remiss_repo.make(tmp_path / "arkiv")


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


def test_a_remiss_version_committed_after_its_decision_is_placed_before_it(tmp_path: Path):
    """An archive moved into git out of order: the decision first, then the version that
    was on remiss, then a correction of the decision. The history follows the document's
    own dates: the remiss version first, the decision, the correction last."""
    root = tmp_path / "arkiv"
    repo = GitRepo(root)
    decided = RUTIN.format(**DECIDED)
    repo.write("agreements/dokument/rutin.md", decided.replace("remiss:\n  från", "x_remiss:\n  från"))
    repo.commit("Beslutet")
    repo.write("agreements/dokument/rutin.md", RUTIN.format(**ON_REMISS))
    repo.commit("Remissversionen, i efterhand")
    repo.write("agreements/dokument/rutin.md", decided)
    repo.commit("Beslutet, med remissen")
    versions = historik.read(root).of("rutin")
    assert [(v.status, v.commit.message, v.dating.text) for v in versions] == [
        ("remiss", "Remissversionen, i efterhand", "remisstid 2025-03-01 – 2025-04-30"),
        ("fastställd", "Beslutet", "fastställd 2025-06-01"),
        ("fastställd", "Beslutet, med remissen", "fastställd 2025-06-01"),
    ]


def test_new_remissvar_has_a_heading_per_section_of_the_version_on_remiss(tmp_path: Path, capsys):
    from samverkan.checker import check as check_repo
    from samverkan.cli import main

    from .conftest import BASE

    root = tmp_path / "arkiv"
    shutil.copytree(BASE, root)
    (root / "agreements/dokument/tillampning-norr.md").write_text(
        RUTIN.format(**ON_REMISS).replace("id: rutin", "id: tillampning-norr"), encoding="utf-8"
    )
    args = ["new", "remissvar", "--svar-på", "tillampning-norr", "--från", "kb", "--rot", str(root)]
    assert main([*args, "--today", "2025-04-02"]) == 0
    written = root / "agreements/dokument/remissvar/remissvar-tillampning-norr-kb.md"
    text = written.read_text(encoding="utf-8")
    assert "svar_på: tillampning-norr\nfrån: kb\ndatum: 2025-04-02\n" in text
    assert [line for line in text.split("\n") if line.startswith("#")] == [
        "## Syfte",
        "## Ansvar och roller",
        "## Uppföljning",
    ]
    # valid from the start; only the template's instructions are left to write
    found = check_repo(root, TODAY).findings
    assert {(f.path, f.code) for f in found if f.path.endswith("kb.md")} == {
        (str(written.relative_to(root)), "mall-text")
    }
    assert all(f.severity.value == "warning" for f in found)
    capsys.readouterr()
    assert main([*args[:-2], "--från", "kx", "--rot", str(root)]) == 1
    assert "'kx' är inte en av remissinstanserna för 'tillampning-norr'" in capsys.readouterr().err


def test_a_bilaga_on_remiss_goes_out_with_its_avtal(base_repo: Path):
    bilaga = base_repo / "agreements/dokument/tillampning-norr-bilaga-1.md"
    text = "---\nid: tillampning-norr-bilaga-1\ntyp: bilaga\ntitel: Bilaga 1 Rutiner\nstatus: {status}\n{extra}"
    text += "bilaga_till: tillampning-norr\nnummer: 1\n---\n# Rutiner\n\nText.\n"
    bilaga.write_text(text.format(status="remiss", extra=""), encoding="utf-8")
    assert check(base_repo, TODAY).findings == []  # no remiss block of its own needed
    repo, _ = loader.load(base_repo)
    rnd = round_of(repo, repo.document("tillampning-norr-bilaga-1"))
    assert rnd.carrier.id == "tillampning-norr" and rnd.asked_ids() == ["ka", "kb", "kf-norr"]
    # decided, without a block of its own, it claims no round of its avtal's
    decided = "fastställd: 2025-06-01\ngiltig_från: 2025-07-01\n"
    bilaga.write_text(text.format(status="fastställd", extra=decided), encoding="utf-8")
    repo, _ = loader.load(base_repo)
    assert round_of(repo, repo.document("tillampning-norr-bilaga-1")) is None
