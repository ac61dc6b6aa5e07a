"""CODEOWNERS from the registry: golden files per fixture case, the committed
file for the sample content, and the ``samverkan codeowners`` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samverkan import codeowners
from samverkan.cli import main
from samverkan.loader import load

from .conftest import FIXTURES, REPO_ROOT, build_case, golden

CASES = sorted(p for p in (FIXTURES / "codeowners").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path, tmp_path: Path):
    repo, _ = load(build_case(case, tmp_path / "repo"))
    plan = codeowners.plan(repo)
    produced = plan.text()
    assert produced == golden(case / "expected.CODEOWNERS", produced)
    warnings = "".join(f"{w}\n" for w in plan.warnings)
    assert warnings == golden(case / "expected-varningar.txt", warnings)


def _owners_of(text: str) -> dict[str, list[str]]:
    rules = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = line.split(" ")
            rules[pattern] = owners
    return rules


def test_every_document_and_registry_file_has_one_line(tmp_path: Path):
    repo, _ = load(build_case(FIXTURES / "codeowners" / "alla-team", tmp_path / "repo"))
    rules = _owners_of(codeowners.render(repo))
    expected = {f"/{d.path}" for d in repo.documents} | {f"/{p}" for p in repo.registry_files}
    expected |= {"/agreements/ordlista.yml", "/agreements/"}
    assert set(rules) == expected
    # an intern document is reviewed like any other: CODEOWNERS is not the public site
    assert rules["/agreements/dokument/intern-pm.md"] == ["@test-org/arbetsgrupp"]
    # a bilaga belongs to its avtal's owner, an uppdragshandling to its uppdragsgivare
    assert rules["/agreements/dokument/huvudavtal-bilaga-1.md"] == ["@test-org/ledning"]
    assert rules["/agreements/dokument/uppdrag-nsg.md"] == ["@test-org/lg-norr"]
    # the shared files go to the top of each region's chain, both regions here
    assert rules["/agreements/ordlista.yml"] == ["@test-org/politik-kansli", "@test-org/annan-region"]


def test_catch_all_comes_first_so_specific_lines_win(tmp_path: Path):
    repo, _ = load(build_case(FIXTURES / "codeowners" / "alla-team", tmp_path / "repo"))
    rules = [line for line in codeowners.render(repo).splitlines() if line and not line.startswith("#")]
    assert rules[0].startswith("/agreements/ ")
    assert len(rules) == len(set(r.split(" ")[0] for r in rules))


def test_output_does_not_depend_on_reading_order(tmp_path: Path):
    repo, _ = load(build_case(FIXTURES / "codeowners" / "topp-utan-team", tmp_path / "repo"))
    first = codeowners.render(repo)
    repo.documents.reverse()
    repo.entries.reverse()
    repo.registry_files.reverse()
    assert codeowners.render(repo) == first


def test_committed_codeowners_is_up_to_date():
    """What CI checks with ``samverkan codeowners --check``: regenerate after changing the registry."""
    repo, _ = load(REPO_ROOT)
    plan = codeowners.plan(repo)
    committed = (REPO_ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert committed == plan.text(), "run: samverkan codeowners"
    assert plan.warnings == [], "every arena owning a sample document should have a github_team"
    rules = _owners_of(committed)
    assert rules["/agreements/vastra-gotaland/regionalt/hsa-2018/hsa-2018.md"] == ["@exempelregion/vardsamverkan-vg"]
    assert {f"/{d.path}" for d in repo.documents} <= set(rules)


def test_generated_file_is_recognised():
    assert codeowners.is_generated(codeowners.HEADER)
    assert codeowners.is_generated("\ufeff" + codeowners.HEADER)
    assert not codeowners.is_generated("* @someone\n")


# --- the command ---------------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    repo = build_case(FIXTURES / "codeowners" / "topp-utan-team", tmp_path / "repo")
    return repo


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_writes_then_reports_up_to_date(sample: Path, capsys):
    code, out, err = _run(capsys, "codeowners", "--root", str(sample))
    assert code == 0
    target = sample / ".github" / "CODEOWNERS"
    assert target.read_text(encoding="utf-8") == codeowners.render(load(sample)[0])
    assert "skrev" in out
    # the documents without a team are named on stderr, not dropped silently
    assert "varning: agreements/dokument/intern-pm.md saknar ägare" in err
    assert "'ag' har ett ogiltigt github_team" in err

    code, out, _ = _run(capsys, "codeowners", "--root", str(sample))
    assert (code, out) == (0, f"{target} är redan aktuell\n")
    code, out, _ = _run(capsys, "codeowners", "--root", str(sample), "--check")
    assert (code, out) == (0, f"{target} är aktuell\n")


def test_check_fails_with_a_short_diff_when_the_registry_changed(sample: Path, capsys):
    target = sample / ".github" / "CODEOWNERS"
    assert main(["codeowners", "--root", str(sample)]) == 0
    arenas = sample / "agreements" / "organisation" / "arenor.yml"
    arenas.write_text(
        arenas.read_text(encoding="utf-8").replace("@test-org/lg-norr", "@test-org/norra-gruppen"),
        encoding="utf-8",
    )
    capsys.readouterr()
    before = target.read_bytes()
    code, _, err = _run(capsys, "codeowners", "--root", str(sample), "--check")
    assert code == 1
    assert "stämmer inte med registret" in err
    assert "-/agreements/dokument/tillampning-norr.md @test-org/lg-norr" in err
    assert "+/agreements/dokument/tillampning-norr.md @test-org/norra-gruppen" in err
    assert target.read_bytes() == before  # --check changes nothing


def test_check_fails_when_the_file_is_missing(sample: Path, capsys):
    code, _, err = _run(capsys, "codeowners", "--root", str(sample), "--check")
    assert code == 1
    assert "saknas — skapa den med: samverkan codeowners" in err
    assert not (sample / ".github" / "CODEOWNERS").exists()


def test_long_diffs_are_cut(sample: Path, capsys):
    target = sample / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text(codeowners.MARKER + "\n" + "".join(f"# rad {i}\n" for i in range(100)), encoding="utf-8")
    code, _, err = _run(capsys, "codeowners", "--root", str(sample), "--check")
    assert code == 1
    assert "rader till" in err
    assert err.count("\n-# rad ") < 50


def test_refuses_to_overwrite_a_hand_written_file_unless_forced(sample: Path, capsys):
    target = sample / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text("* @exempelregion/alla\n", encoding="utf-8")
    code, _, err = _run(capsys, "codeowners", "--root", str(sample))
    assert code == 2
    assert "är inte skapad av samverkan codeowners" in err and "--force" in err
    assert "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "* @exempelregion/alla\n"

    code, _, _ = _run(capsys, "codeowners", "--root", str(sample), "--force")
    assert code == 0
    assert codeowners.is_generated(target.read_text(encoding="utf-8"))


def test_ut_writes_elsewhere_relative_to_the_working_directory(sample: Path, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "codeowners", "--root", str(sample), "--ut", "ut/CODEOWNERS")
    assert code == 0
    assert out.startswith("skrev ut/CODEOWNERS (")
    assert (tmp_path / "ut" / "CODEOWNERS").read_text(encoding="utf-8") == codeowners.render(load(sample)[0])
    assert not (sample / ".github").exists()


def test_unusable_target_is_a_swedish_message(sample: Path, capsys):
    blocker = sample / ".github"
    blocker.write_text("en fil, ingen mapp", encoding="utf-8")
    code, _, err = _run(capsys, "codeowners", "--root", str(sample))
    assert code == 2
    assert err.splitlines()[-1].startswith("samverkan: kan inte läsa ")
    assert "Traceback" not in err

    elsewhere = sample / "ny" / "CODEOWNERS"
    code, _, err = _run(capsys, "codeowners", "--root", str(sample), "--ut", str(elsewhere), "--force")
    assert code == 0
    elsewhere.unlink()
    elsewhere.mkdir()
    code, _, err = _run(capsys, "codeowners", "--root", str(sample), "--ut", str(elsewhere), "--force")
    assert code == 2
    assert err.splitlines()[-1].startswith("samverkan: kan inte ")
    assert "Traceback" not in err


def test_command_on_a_copy_of_the_sample_content(tmp_path: Path, capsys, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "agreements", root / "agreements")
    shutil.copytree(REPO_ROOT / ".github", root / ".github")
    monkeypatch.chdir(root)
    code, out, err = _run(capsys, "codeowners", "--check")
    assert (code, out, err) == (0, ".github/CODEOWNERS är aktuell\n", "")


@pytest.mark.parametrize("check", [False, True], ids=["skriv", "check"])
def test_an_unreadable_registry_stops_the_command(sample: Path, capsys, check: bool):
    """Owners computed without a broken registry file would move every document to the fallback."""
    assert main(["codeowners", "--root", str(sample)]) == 0
    target = sample / ".github" / "CODEOWNERS"
    before = target.read_bytes()
    arenas = sample / "agreements" / "organisation" / "arenor.yml"
    arenas.write_text(arenas.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    capsys.readouterr()
    code, out, err = _run(capsys, "codeowners", "--root", str(sample), *(["--check"] if check else []))
    assert code == 2
    assert err == (
        "samverkan: kan inte räkna ut ägarna: 1 fil kunde inte läsas (agreements/organisation/arenor.yml) "
        "— rätta felen som samverkan validate visar och försök igen\n"
    )
    assert target.read_bytes() == before


def test_control_characters_in_paths_add_no_lines():
    """A file name with line breaks (issue 18: agreements/x<LF>agreements<LF>#.md)
    stays one rule and one comment; no bare 'agreements' line without owner."""
    evil = "agreements/x\nagreements\n#.md"
    plan = codeowners.Plan(
        fallback=("@org/ledning",),
        documents=[codeowners.Line(evil, ("@org/vvg",))],
        missing=[codeowners.Missing("agreements/y\r\nagreements.md", "arenan 'a\nb' har ingen github_team")],
    )
    text = plan.text()
    lines = text.splitlines()
    assert "agreements" not in [line.strip() for line in lines]
    assert "/agreements/x?agreements?\\#.md @org/vvg" in lines
    assert "#   /agreements/y\\r\\nagreements.md: arenan 'a\\nb' har ingen github_team" in lines
    rules = [line for line in lines if line and not line.startswith("#")]
    assert all(len(line.split()) >= 2 for line in rules), rules  # every rule names an owner
    assert all("\n" not in w and "\r" not in w for w in plan.warnings)
