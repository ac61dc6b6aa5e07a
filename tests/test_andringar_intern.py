"""Intern documents in `samverkan changes` and in the pull-request comment made
from it (issue 17, item 5): marked as intern, or left out with --utan-interna,
and the comment of an archive with an intern change names no intern title."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from samverkan.cli import main

from .conftest import BASE
from .historik_repo import GitRepo
from .test_github import _artifact, _comment

SECRET_TITLE = "Zqx hemlig omorganisation"
SECRET_ID = "zqxintern42-hemlig"
SECRETS = (SECRET_TITLE, SECRET_ID, "Internt förberedande möte", "intern-pm", "Zqx hemlig text")

HEMLIG = f"""---
id: {SECRET_ID}
typ: avtal
titel: {SECRET_TITLE}
status: utkast
nivå: regional
region: reg
parter: [reg, ka]
dokumentägare: ledning
publicering: intern
---
# Bakgrund

Zqx hemlig text. [Underlag](hemligt-underlag.pdf)
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Base: the base fixture. Head: an intern document added, the intern
    meeting note changed, and a public document now referring to both."""
    repo = GitRepo(tmp_path_factory.mktemp("intern") / "arkiv")
    shutil.copytree(BASE / "agreements", repo.root / "agreements")
    repo.commit("Grund")
    repo.write("agreements/dokument/hemlig.md", HEMLIG)
    repo.write("agreements/dokument/hemligt-underlag.pdf", b"%PDF-1.4 hemligt")
    note = repo.root / "agreements/dokument/intern-pm.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Intern förberedelse.", "Ny intern text."), "utf-8")
    main_doc = repo.root / "agreements/dokument/huvudavtal.md"
    text = main_doc.read_text(encoding="utf-8")
    text = text.replace("Parterna ansvarar tillsammans", f"Parterna ansvarar enligt [[{SECRET_ID}]] och [[intern-pm]]")
    text = text.replace("ersätter:\n  - gammalt-avtal", f"ersätter:\n  - gammalt-avtal\nrelaterade:\n  - {SECRET_ID}")
    main_doc.write_text(text, encoding="utf-8")
    repo.commit("Intern ändring")
    return repo.root


def _changes(capsys, root: Path, *args: str) -> str:
    code = main(["changes", "--base", "HEAD~1", "--root", str(root), "--today", "2026-01-15", *args])
    out = capsys.readouterr().out
    assert code == 0
    return out


def test_intern_documents_are_marked(capsys, archive: Path):
    out = _changes(capsys, archive)
    assert f"**{SECRET_TITLE}** (`{SECRET_ID}`, avtal, **internt**, status utkast)" in out
    assert "#### Internt förberedande möte (`intern-pm`, **internt**)" in out
    data = json.loads(_changes(capsys, archive, "--format", "json"))
    assert {d["id"]: d["intern"] for d in data["documents"]} == {
        SECRET_ID: True,
        "huvudavtal": False,
        "intern-pm": True,
    }


def test_left_out_with_utan_interna(capsys, archive: Path):
    out = _changes(capsys, archive, "--utan-interna")
    assert [s for s in SECRETS if s in out] == []
    assert "hemligt-underlag.pdf" not in out
    assert "2 interna dokument (`publicering: intern`) ändras också" in out
    assert "#### Huvudavtal om hälso- och sjukvård (`huvudavtal`)" in out
    assert "(internt dokument)" in out  # the public document's new references, as readers see them
    # and the other references too: the arena's name, not [[ledning]]
    assert "se Regional ledningsgrupp." in out and "\\[\\[ledning\\]\\]" not in out


def test_pr_comment_names_no_intern_title(capsys, archive: Path, tmp_path: Path):
    """As the workflows make it: pr-forhandsvisning.yml runs changes --utan-interna,
    pr-kommentar.yml turns the artifact into the comment."""
    summary = _changes(capsys, archive, "--utan-interna")
    proc, body, _ = _comment(tmp_path, _artifact(tmp_path / "a", andringar_md=summary))
    assert proc.returncode == 0, proc.stderr
    assert "Huvudavtal om hälso- och sjukvård" in body
    assert [s for s in SECRETS if s in body] == []
