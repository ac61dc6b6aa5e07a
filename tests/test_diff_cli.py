"""`samverkan diff ID`: which versions --from/--to name, the four output
formats, the Swedish errors, and the sample repository's own history.

The temporary repository is the lifecycle of tests/test_historik_sidor.py:
versions 1 utkast, 2 remiss, 3 fastställd (then moved to another folder:
no version), 4 a new edition on remiss; every base document has one version.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from samverkan.cli import main

from .conftest import BASE, REPO_ROOT
from .test_historik_sidor import ID, NEW_PATH, build_lifecycle


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("diff") / "arkiv"
    return root, build_lifecycle(root)


@pytest.fixture
def root(lifecycle) -> Path:
    return lifecycle[0]


def run(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args, "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def heading(out: str) -> str:
    return out.splitlines()[0]


# --------------------------------------------------------------------------
# Which versions


def test_default_compares_the_last_two_versions(capsys, root: Path):
    code, out, err = run(capsys, root, ID)
    assert code == 0, err
    assert (
        heading(out) == "Jämförelse: Version 3 (fastställd 2024-09-13) → Version 4 (remisstid 2025-10-01 – 2025-11-30)"
    )
    assert "  Status: fastställd → remiss\n" in out
    assert "| Kvartal [-3-]{+4+} | Utbildning av personal | kommunerna |" in out


def test_default_compares_uncommitted_edits_with_the_last_commit(capsys, lifecycle, tmp_path: Path):
    copy = tmp_path / "kopia"
    shutil.copytree(lifecycle[0], copy)
    path = copy / NEW_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("| Kvartal 4 |", "| Hösten 2026 |"), encoding="utf-8")

    code, out, err = run(capsys, copy, ID)

    assert code == 0, err
    assert heading(out) == "Jämförelse: Version 4 (remisstid 2025-10-01 – 2025-11-30) → Arbetskopian (ej incheckad)"
    assert "| [-Kvartal 4-]{+Hösten 2026+} | Utbildning av personal | kommunerna |" in out
    code, out, _ = run(capsys, copy, ID, "--from", "3", "--to", "arbetskopia")
    assert heading(out) == "Jämförelse: Version 3 (fastställd 2024-09-13) → Arbetskopian (ej incheckad)"


def test_an_unchanged_working_copy_is_the_last_version(capsys, root: Path):
    code, out, _ = run(capsys, root, ID, "--to", "arbetskopia")
    assert code == 0
    assert (
        heading(out) == "Jämförelse: Version 3 (fastställd 2024-09-13) → Version 4 (remisstid 2025-10-01 – 2025-11-30)"
    )


def test_version_numbers(capsys, root: Path):
    code, out, _ = run(capsys, root, ID, "--from", "1", "--to", "3")
    assert code == 0
    assert heading(out) == "Jämförelse: Version 1 (utkast, incheckad 2024-03-01) → Version 3 (fastställd 2024-09-13)"
    assert "  Status: utkast → fastställd\n" in out
    assert "  Giltig från: (saknas) → 2025-01-01\n" in out
    assert "  Rutinen beskriver hur patienter skrivs ut{+ tryggt och säkert+}.\n" in out


def test_to_alone_compares_with_the_version_before(capsys, root: Path):
    code, out, _ = run(capsys, root, ID, "--to", "2")
    assert code == 0
    assert (
        heading(out)
        == "Jämförelse: Version 1 (utkast, incheckad 2024-03-01) → Version 2 (remiss, incheckad 2024-04-02)"
    )
    assert "| Kvartal [-2-]{+3+} | Utbildning av personal | kommunerna |" in out


@pytest.mark.parametrize("old, new", [("fastställd", "remiss"), ("FASTSTÄLLD", "Remiss"), ("faststalld", "remiss")])
def test_status_names_the_newest_version_with_that_status(capsys, root: Path, old: str, new: str):
    code, out, _ = run(capsys, root, ID, "--from", old, "--to", new)
    assert code == 0
    assert (
        heading(out) == "Jämförelse: Version 3 (fastställd 2024-09-13) → Version 4 (remisstid 2025-10-01 – 2025-11-30)"
    )


def test_from_a_status_is_the_one_before_the_to_version(capsys, root: Path):
    # a new remiss (version 4) follows the decided edition (version 3): the
    # remiss a reviewer compares with the decision is the one that preceded it
    code, out, _ = run(capsys, root, ID, "--from", "remiss", "--to", "fastställd")
    assert code == 0
    assert heading(out) == "Jämförelse: Version 2 (remiss, incheckad 2024-04-02) → Version 3 (fastställd 2024-09-13)"
    assert "  Status: remiss → fastställd\n" in out


def test_git_revisions_across_a_move(capsys, lifecycle):
    root, shas = lifecycle
    decided = shas[3]  # version 3, still at the old path
    code, out, err = run(capsys, root, ID, "--from", decided, "--to", "HEAD")
    assert code == 0, err
    assert heading(out) == f"Jämförelse: Vid {decided} ({decided[:7]}) → Vid HEAD ({shas[-1][:7]})"
    assert "  Status: fastställd → remiss\n" in out
    code, out, _ = run(capsys, root, ID, "--from", "HEAD~4", "--to", "HEAD~3")
    assert heading(out) == f"Jämförelse: Vid HEAD~4 ({shas[1][:7]}) → Vid HEAD~3 ({shas[2][:7]})"


@pytest.mark.parametrize(
    "rev, commit, before",
    [
        (
            "HEAD~3",
            2,
            "Version 1 (utkast, incheckad 2024-03-01)",
        ),  # version 2: compared with version 1, not with the newest
        ("HEAD~1", 4, "Version 2 (remiss, incheckad 2024-04-02)"),  # the move: still version 3
        ("HEAD", 5, "Version 3 (fastställd 2024-09-13)"),
    ],
)
def test_a_git_revision_given_alone_is_compared_with_the_version_before_it(capsys, lifecycle, rev, commit, before):
    root, shas = lifecycle  # shas[0] is the base commit, shas[n] version n
    code, out, err = run(capsys, root, ID, "--to", rev)
    assert code == 0, err
    assert heading(out) == f"Jämförelse: {before} → Vid {rev} ({shas[commit][:7]})"


# --------------------------------------------------------------------------
# Formats


def test_markdown(capsys, root: Path):
    code, out, _ = run(capsys, root, ID, "--from", "1", "--to", "2", "--format", "markdown")
    assert code == 0
    assert out.startswith("**2 avsnitt ändrade; status utkast → remiss; version 0.1 → 1.0 remiss**\n")
    assert "| Status | utkast | remiss |" in out
    assert "### Ändrat avsnitt: Tidplan" in out
    assert "| Kvartal <del>2</del><ins>3</ins> | Utbildning av personal | kommunerna |" in out


def test_html_is_a_standalone_page_without_external_requests(capsys, root: Path):
    code, out, _ = run(capsys, root, ID, "--from", "1", "--to", "2", "--format", "html")
    assert code == 0
    assert out.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert (
        "<title>Rutin för samordnad utskrivning: Version 1 (utkast, incheckad 2024-03-01) → Version 2 (remiss, incheckad 2024-04-02)</title>"
        in out
    )
    assert "<style>" in out and "<ins>" in out and "<del>" in out
    assert "http" not in out  # no stylesheet, script, font or link from elsewhere


def test_docx_has_tracked_changes_and_is_never_overwritten_by_accident(capsys, root: Path, tmp_path: Path):
    target = tmp_path / "jamforelse.docx"
    code, _, err = run(capsys, root, ID, "--from", "1", "--to", "2", "--format", "docx", "--ut", str(target))
    assert code == 0, err
    assert err == f"Skrev {target}\n"
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert '<w:ins w:id="' in document and '<w:del w:id="' in document
    assert 'w:author="Bo Berg"' in document  # the author of the newer version

    target.write_bytes(b"min egen fil")
    code, out, err = run(capsys, root, ID, "--format", "docx", "--ut", str(target))
    assert code == 2 and out == ""
    assert err == (
        f"samverkan: filen '{target}' finns redan — välj ett annat namn med --ut eller lägg till "
        "--force för att skriva över den\n"
    )
    assert target.read_bytes() == b"min egen fil"
    code, _, _ = run(capsys, root, ID, "--format", "docx", "--ut", str(target), "--force")
    assert code == 0 and zipfile.is_zipfile(target)


def test_docx_default_file_name(capsys, root: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, root, ID, "--format", "docx")
    assert code == 0, err
    assert zipfile.is_zipfile(tmp_path / f"{ID}-jamforelse.docx")


def test_text_to_a_file(capsys, root: Path, tmp_path: Path):
    target = tmp_path / "jamforelse.txt"
    code, out, _ = run(capsys, root, ID, "--to", "2", "--ut", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith(
        "Jämförelse: Version 1 (utkast, incheckad 2024-03-01) → Version 2"
    )


# --------------------------------------------------------------------------
# Errors: a Swedish sentence, exit status 2, nothing on stdout

ERRORS = [
    (
        ["samordnad-utskrivnin"],
        "det finns inget dokument med id 'samordnad-utskrivnin' — menade du 'samordnad-utskrivning'?",
    ),
    (
        ["huvudavtal"],
        "'huvudavtal' har bara en version i historiken och inga ändringar som inte är incheckade — det finns "
        "inget att jämföra. Ange --från och --till (versionsnummer, status eller git-revision).",
    ),
    ([ID, "--from", "9"], f"'{ID}' har ingen version 9 (versioner: 1–4)"),
    ([ID, "--from", "1", "--to", "6"], f"'{ID}' har ingen version 6 (versioner: 1–4)"),
    (
        [ID, "--from", "finns-inte"],
        "revisionen 'finns-inte' finns inte i arkivet — ange en incheckning (sha), en gren eller en tagg som "
        "finns, till exempel HEAD, main eller HEAD~1",
    ),
    ([ID, "--from", "upphävd"], f"'{ID}' har ingen version med status upphävd i historiken"),
    (
        [ID, "--to", "1"],
        f"det finns ingen version av '{ID}' före version 1 (utkast, incheckad 2024-03-01) — ange --från",
    ),
    ([ID, "--to", "HEAD~4"], f"det finns ingen version av '{ID}' före vid HEAD~4 ({{sha1}}) — ange --från"),
    ([ID, "--from", "HEAD~5"], f"dokumentet '{ID}' fanns inte i revisionen 'HEAD~5' ({{sha}})"),
]


@pytest.mark.parametrize("args, message", ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors(capsys, lifecycle, args: list[str], message: str):
    root, shas = lifecycle
    code, out, err = run(capsys, root, *args)
    assert (code, out) == (2, "")
    assert err == f"samverkan: {message.replace('{sha}', shas[0][:7]).replace('{sha1}', shas[1][:7])}\n"


def test_a_new_uncommitted_document_has_nothing_to_compare_with(capsys, lifecycle, tmp_path: Path):
    copy = tmp_path / "kopia"
    shutil.copytree(lifecycle[0], copy)
    text = (copy / NEW_PATH).read_text(encoding="utf-8").replace(f"id: {ID}", "id: helt-ny")
    (copy / "agreements" / "rutiner" / "helt-ny.md").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, copy, "helt-ny")
    assert (code, out) == (2, "")
    assert err == (
        "samverkan: 'helt-ny' har ingen version i historiken än — dokumentet är inte incheckat, så det "
        "finns inget att jämföra med. Checka in det med 'git commit' först.\n"
    )


def test_without_git_it_says_why_there_is_no_history(capsys, tmp_path: Path):
    project = tmp_path / "projekt"
    shutil.copytree(BASE, project)
    code, out, err = run(capsys, project, "huvudavtal")
    assert (code, out) == (2, "")
    first, second = err.splitlines()
    assert first.startswith("samverkan: obs: Mappen ") and "inte roten i ett git-arkiv" in first
    assert second.startswith("samverkan: 'huvudavtal' har ingen version i historiken än")


# --------------------------------------------------------------------------
# The sample repository's own history (CI clones it with full history)


def test_sample_bilaga_remiss_against_decision(capsys):
    code, out, err = run(capsys, REPO_ROOT, "vard-i-hemmet-2025-bilaga-1", "--from", "remiss", "--to", "fastställd")
    assert code == 0, err
    assert "  Status: remiss → fastställd\n" in out
    assert "| [-Kvartal 1-]{+Senast 30 april+} 2026 | Gapanalys slutförs där den saknas | lokal nivå |" in out


def test_sample_move_compared_by_git_revision(capsys):
    log = subprocess.run(
        ["git", "log", "--reverse", "-M", "--diff-filter=R", "--format=%H", "--", "agreements"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    move = log[0]  # the mandate moved into a folder of its own
    code, out, err = run(capsys, REPO_ROOT, "uppdrag-vvg", "--from", f"{move}~1", "--to", move)
    assert code == 0, err
    assert heading(out) == f"Jämförelse: Vid {move}~1 ({_short(f'{move}~1')}) → Vid {move} ({move[:7]})"
    assert out.splitlines()[1] == "inga ändringar"  # a pure move: the same text


def _short(rev: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short=7", rev], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
