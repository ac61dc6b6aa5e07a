"""`samverkan changes --base REV --head REV`: what a pull request changes, as
the Markdown comment the PR workflow posts and as JSON, on real git
repositories (tests/historik_repo.py) and on the sample repository's history."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from samverkan.andringar import render
from samverkan.cli import main

from .conftest import BASE, FIXTURES, REPO_ROOT, golden
from .historik_repo import GitRepo

GOLDEN = FIXTURES / "andringar"
D = "agreements/dokument/"
REGISTER = "agreements/organisation/register.yml"

RUTIN = """---
id: rutin-utskrivning
typ: avtal
titel: Rutin för utskrivning
status: {status}
nivå: regional
region: reg
parter: [reg, ka]
dokumentägare: ledning
remiss:
  från: 2025-09-01
  till: 2025-10-31
  instanser: [alla kommuner]
{extra}---
# Rutin för utskrivning

## Tidplan

| När | Vad |
|---|---|
| Kvartal 1 | Kartläggning |
| {cell} | Utbildning |
"""
NY = """---
id: ny-overenskommelse
typ: avtal
titel: Ny överenskommelse om läkemedel
status: utkast
nivå: regional
region: reg
parter: [reg, kb]
dokumentägare: ledning
---
# Ny överenskommelse om läkemedel

Bygger på [[okant-avtal]].
"""
NEW_KOMMUN = """- id: kd
  typ: kommun
  namn: D-sund
  region: reg
  delregion: syd
"""


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def change(tmp_path_factory) -> Path:
    """Base: the base fixture project, a remiss with a table and an old error
    (a reference to an id that does not exist). Head: every kind of change."""
    root = tmp_path_factory.mktemp("andringar") / "arkiv"
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    repo.write(D + "rutin-utskrivning.md", RUTIN.format(status="remiss", extra="", cell="Kvartal 2"))
    edit(root, D + "tillampning-norr.md", "Gäller i norr.", "Gäller i norr, se [[saknat-avtal]].")
    repo.commit("Bas")

    repo.write(D + "ny-overenskommelse.md", NY)  # added, with a new error
    repo.remove(D + "mote-2025-01-10.md")  # removed
    repo.move(D + "uppdrag-nsg.md", "agreements/uppdrag/uppdrag-nsg.md")  # moved, unchanged
    repo.move(D + "huvudavtal-bilaga-1.md", "agreements/bilagor/huvudavtal-bilaga-1.md")  # moved and changed
    edit(root, "agreements/bilagor/huvudavtal-bilaga-1.md", "Se [[", "Ansvaret beskrivs i [[")
    repo.write(
        D + "rutin-utskrivning.md",
        RUTIN.format(  # status and a table cell
            status="fastställd", extra="fastställd: 2025-11-20\ngiltig_från: 2026-01-01\n", cell="Kvartal 3"
        ),
    )
    edit(root, D + "tillampning-norr.md", ", se [[saknat-avtal]]", "")  # the old error fixed
    edit(root, REGISTER, "namn: B-by\n", "namn: B-by kommun\n")  # a registry entry changed …
    (root / REGISTER).write_text((root / REGISTER).read_text(encoding="utf-8") + NEW_KOMMUN, encoding="utf-8")
    repo.write(D + "filer/blankett.pdf", b"%PDF-1.4\n%test\n")  # an attachment
    repo.commit("Huvud")
    return root


def run(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["changes", *args, "--today", "2026-01-15", "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def sha(root: Path, rev: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", rev], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_markdown_golden(capsys, change: Path):
    code, out, err = run(capsys, change, "--base", "HEAD~1")
    assert (code, err) == (0, "")
    # the shas follow the base fixture's content; the golden file names them
    produced = out.replace(sha(change, "HEAD~1")[:7], "<bas>").replace(sha(change, "HEAD")[:7], "<huvud>")
    assert produced == golden(GOLDEN / "andringar.md", produced)


def test_markdown_starts_with_the_marker_the_comment_workflow_looks_for(capsys, change: Path):
    _, out, _ = run(capsys, change, "--base", "HEAD~1", "--head", "HEAD")
    assert out.splitlines()[0] == "<!-- samverkan-changes -->" == render.MARKER
    workflow = (REPO_ROOT / ".github" / "workflows" / "pr-kommentar.yml").read_text(encoding="utf-8")
    assert f'MARKER = "{render.MARKER}"' in workflow


def test_markdown_says_what_each_change_is(capsys, change: Path):
    _, out, _ = run(capsys, change, "--base", "HEAD~1")
    assert "Dokument: 1 tillagt, 3 ändrade, 1 flyttat, 1 borttaget; 2 ändringar i registret." in out
    assert "**Status: remiss → fastställd**" in out
    assert "| Kvartal <del>2</del><ins>3</ins> | Utbildning |" in out
    assert (
        "- **Uppdrag för närsjukvårdsgrupp A** (`uppdrag-nsg`): `agreements/dokument/uppdrag-nsg.md` → "
        "`agreements/uppdrag/uppdrag-nsg.md`"
    ) in out
    assert (
        "Flyttat: `agreements/dokument/huvudavtal-bilaga-1.md` → `agreements/bilagor/huvudavtal-bilaga-1.md`."
    ) in out
    assert "- Ändrad: **B-by kommun** (`kb`, kommun) – namn\n- Tillagd: **D-sund** (`kd`, kommun)\n\n" in out
    assert "- Tillagd: `agreements/dokument/filer/blankett.pdf`" in out
    assert "Ändringen ger 1 nytt fynd:" in out and "det finns inget id 'okant-avtal'" in out
    assert "1 tidigare fynd är åtgärdat." in out


@pytest.mark.parametrize("public", [[], ["--utan-interna"]], ids=["alla", "utan-interna"])
def test_references_read_as_on_the_site(capsys, change: Path, public: list[str]):
    _, out, _ = run(capsys, change, "--base", "HEAD~1", *public)
    # the title of what a reference names, never the raw [[id]]
    assert "<ins>Ansvaret beskrivs i</ins> Huvudavtal om hälso- och sjukvård." in out
    changes = out.split("Ändringen ger", 1)[0]  # a finding quotes what the writer wrote, on purpose
    assert "[[" not in changes and "\\[\\[" not in changes


def test_json(capsys, change: Path):
    code, out, _ = run(capsys, change, "--base", "HEAD~1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["base"] == {"revision": "HEAD~1", "commit": sha(change, "HEAD~1")}
    assert data["head"] == {"revision": "HEAD", "commit": sha(change, "HEAD")}
    keys = [
        "change",
        "id",
        "title",
        "type",
        "intern",
        "path",
        "previous_path",
        "status",
        "summary",
        "fields",
        "sections",
    ]
    assert all(list(d) == keys for d in data["documents"])  # the same keys for every kind of change
    documents = {d["id"]: d for d in data["documents"]}
    assert {i: d["change"] for i, d in documents.items()} == {
        "huvudavtal-bilaga-1": "ändrat",
        "mote-2025-01-10": "borttaget",
        "ny-overenskommelse": "tillagt",
        "rutin-utskrivning": "ändrat",
        "tillampning-norr": "ändrat",
        "uppdrag-nsg": "flyttat",
    }
    rutin = documents["rutin-utskrivning"]
    assert rutin["title"] == "Rutin för utskrivning" and rutin["type"] == "avtal"
    assert rutin["status"] == {"before": "remiss", "after": "fastställd"}
    assert rutin["summary"] == "1 avsnitt ändrat; status remiss → fastställd; 2 andra uppgifter ändrade"
    assert rutin["fields"] == [
        {"key": "status", "before": "remiss", "after": "fastställd", "added": [], "removed": []},
        {"key": "fastställd", "before": None, "after": "2025-11-20", "added": [], "removed": []},
        {"key": "giltig_från", "before": None, "after": "2026-01-01", "added": [], "removed": []},
    ]
    assert rutin["sections"] == [{"heading": "Tidplan", "change": "changed"}]
    moved = documents["uppdrag-nsg"]
    assert moved["path"] == "agreements/uppdrag/uppdrag-nsg.md"
    assert moved["previous_path"] == "agreements/dokument/uppdrag-nsg.md"
    assert (moved["summary"], moved["fields"], moved["sections"]) == (None, [], [])
    assert documents["huvudavtal-bilaga-1"]["previous_path"] == "agreements/dokument/huvudavtal-bilaga-1.md"
    assert documents["ny-overenskommelse"]["previous_path"] is None
    assert documents["mote-2025-01-10"]["path"] == "agreements/dokument/mote-2025-01-10.md"
    assert data["registry"] == [
        {"change": "ändrad", "id": "kb", "name": "B-by kommun", "type": "kommun", "keys": ["namn"]},
        {"change": "tillagd", "id": "kd", "name": "D-sund", "type": "kommun", "keys": []},
    ]
    assert data["files"] == [{"change": "tillagd", "path": "agreements/dokument/filer/blankett.pdf"}]
    assert [(f["path"], f["code"], f["severity"]) for f in data["new_findings"]] == [
        ("agreements/dokument/ny-overenskommelse.md", "okänd-referens", "error"),
    ]
    assert data["fixed_findings"] == 1


def test_no_changes(capsys, change: Path):
    _, out, _ = run(capsys, change, "--base", "HEAD", "--head", "HEAD")
    assert "Ändringen rör inga dokument, inget i registret och inga andra filer under `agreements/`." in out
    assert "Inga nya valideringsfynd." in out and "###" in out and "Dokument:" not in out
    _, out, _ = run(capsys, change, "--base", "HEAD", "--format", "json")
    data = json.loads(out)
    assert (data["documents"], data["registry"], data["files"], data["new_findings"], data["fixed_findings"]) == (
        [],
        [],
        [],
        [],
        0,
    )


def test_unknown_base(capsys, change: Path):
    code, out, err = run(capsys, change, "--base", "finns-inte")
    assert (code, out) == (2, "")
    assert err == (
        "samverkan: revisionen 'finns-inte' finns inte i arkivet — ange en incheckning (sha), en gren "
        "eller en tagg som finns, till exempel HEAD, main eller HEAD~1\n"
    )


def test_a_large_change_is_cut_to_fit_a_comment(capsys, tmp_path: Path):
    root = tmp_path / "arkiv"
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    paragraphs = [f"Stycke {n} om ansvar och samverkan mellan region och kommun. " * 12 for n in range(30)]
    for number in range(1, 5):
        repo.write(
            D + f"stor-{number}.md",
            RUTIN.replace("rutin-utskrivning", f"stor-{number}").format(status="utkast", extra="", cell="Kvartal 2")
            + "\n"
            + "\n\n".join(paragraphs)
            + "\n",
        )
    repo.commit("Bas")
    for number in range(1, 5):
        edit(root, D + f"stor-{number}.md", "mellan region och kommun", "mellan regionen och kommunerna")
    repo.commit("Huvud")

    code, out, _ = run(capsys, root, "--base", "HEAD~1")

    assert code == 0
    details = out.count("<summary>Ändringarna i detalj</summary>")
    left_out = int(re.search(r"Ändringarna i detalj för (\d+) dokument får inte plats i kommentaren", out).group(1))
    assert details >= 1 and left_out >= 1 and details + left_out == 4
    assert len(out) < 60_000  # the comment workflow's limit (GitHub takes 65,536)
    assert out.count("#### Rutin för utskrivning") == 4  # every document is still listed with its summary


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout


def test_sample_repository_history(capsys):
    bilaga = "agreements/vastra-gotaland/regionalt/vard-i-hemmet/vard-i-hemmet-2025-bilaga-1.md"
    commits = _git("log", "--reverse", "--format=%H", "--", "agreements").split()
    remiss = next(c for c in commits if "status: remiss" in _git("show", f"{c}:{bilaga}"))
    move = _git("log", "--reverse", "-M", "--diff-filter=R", "--format=%H", "--", "agreements").split()[0]

    code, out, err = run(capsys, REPO_ROOT, "--base", remiss, "--head", move)

    assert code == 0, err
    assert "#### Bilaga 1 – Implementering på lokal nivå (`vard-i-hemmet-2025-bilaga-1`)" in out
    assert "**Status: remiss → fastställd**" in out
    assert "| <del>Kvartal 1</del><ins>Senast 30 april</ins> 2026 | Gapanalys slutförs där den saknas |" in out
    assert (
        "(`uppdrag-vvg`): `agreements/vastra-gotaland/regionalt/uppdrag-vvg.md` → "
        "`agreements/vastra-gotaland/regionalt/vvg/uppdrag-vvg.md`"
    ) in out
    # from the initial content the bilaga is a new decided edition, and the mandate still moved
    code, out, _ = run(capsys, REPO_ROOT, "--base", commits[0], "--head", move, "--format", "json")
    documents = {d["id"]: d for d in json.loads(out)["documents"]}
    assert documents["uppdrag-vvg"]["change"] == "flyttat"
    fields = {f["key"]: (f["before"], f["after"]) for f in documents["vard-i-hemmet-2025-bilaga-1"]["fields"]}
    assert fields["giltig_från"] == ("2025-01-01", "2026-01-01")
