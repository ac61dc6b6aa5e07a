"""Hostile files the fixture cases cannot hold (links, devices, permissions,
huge or badly named files): each gives its finding, nothing outside the
repository is read, and the rest of the archive is still checked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from samverkan import files, limits
from samverkan.checker import check
from samverkan.cli import main

from .conftest import TODAY


def codes(root: Path) -> dict[str, set[str]]:
    """path → finding codes of a check of ``root``."""
    found: dict[str, set[str]] = {}
    for finding in check(root, today=TODAY).findings:
        found.setdefault(finding.path, set()).add(finding.code)
    return found


DOKUMENT = "agreements/dokument"


def test_symlinks_outside_the_repository_are_refused_and_never_read(base_repo: Path, tmp_path: Path):
    secret = tmp_path / "hemlig.md"
    secret.write_text("---\nid: hemlig\ntyp: avtal\n---\nHemligt.\n", encoding="utf-8")
    folder = base_repo / DOKUMENT
    (folder / "passwd.pdf").symlink_to("/etc/passwd")
    (folder / "miljo.txt").symlink_to("/proc/self/environ")
    (folder / "hemlig.md").symlink_to(secret)
    result = check(base_repo, today=TODAY)
    refused = {f.path for f in result.findings if f.code == "utanför-arkivet"}
    assert refused == {f"{DOKUMENT}/passwd.pdf", f"{DOKUMENT}/miljo.txt", f"{DOKUMENT}/hemlig.md"}
    assert not [a for a in result.repo.attachments if a.path in refused]
    assert "hemlig" not in {d.id for d in result.repo.documents}


def test_a_symlink_into_git_is_refused(base_repo: Path):
    (base_repo / ".git").mkdir()
    (base_repo / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (base_repo / DOKUMENT / "config.txt").symlink_to(base_repo / ".git" / "config")
    assert "utanför-arkivet" in codes(base_repo)[f"{DOKUMENT}/config.txt"]


def test_a_symlink_to_a_file_inside_the_repository_is_an_attachment(base_repo: Path):
    (base_repo / "bilder").mkdir()
    (base_repo / "bilder" / "karta.png").write_bytes(b"\x89PNG")
    (base_repo / DOKUMENT / "karta.png").symlink_to(base_repo / "bilder" / "karta.png")
    result = check(base_repo, today=TODAY)
    assert result.findings == []
    assert f"{DOKUMENT}/karta.png" in result.repo.attachment_paths


def test_dangling_looping_and_folder_links(base_repo: Path):
    folder = base_repo / DOKUMENT
    (folder / "borta.md").symlink_to(folder / "finns-inte.md")
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    (base_repo / "agreements" / "genvag").symlink_to(folder)
    found = codes(base_repo)
    assert found[f"{DOKUMENT}/borta.md"] == {"länk-bruten"}
    assert found[f"{DOKUMENT}/a.md"] == {"länk-slinga"}
    assert found[f"{DOKUMENT}/b.md"] == {"länk-slinga"}
    assert found["agreements/genvag"] == {"länkad-mapp"}


def test_a_pipe_is_never_opened(base_repo: Path):
    os.mkfifo(base_repo / DOKUMENT / "ror.md")  # opening it would block forever
    assert codes(base_repo)[f"{DOKUMENT}/ror.md"] == {"ej-vanlig-fil"}


def test_control_characters_in_a_file_name(base_repo: Path):
    name = "x\nagreements\n#.md"
    (base_repo / DOKUMENT / name).write_text(
        "---\nid: kontroll\ntyp: mötesanteckning\ntitel: T\narena: ag\ndatum: 2025-01-08\n---\nText.\n",
        encoding="utf-8",
    )
    assert codes(base_repo)[f"{DOKUMENT}/{name}"] == {"ogiltigt-filnamn"}


def test_a_huge_file_is_refused_without_reading_it(base_repo: Path, monkeypatch):
    huge = base_repo / DOKUMENT / "stor.md"
    with huge.open("wb") as out:  # sparse: 100 MB that take no disk
        out.truncate(100 * 1024 * 1024)
    read = Path.read_bytes

    def refuse_huge(self):
        assert self.name != "stor.md", "the huge file was read"
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse_huge)
    assert codes(base_repo)[f"{DOKUMENT}/stor.md"] == {"fil-för-stor"}


def test_a_path_beyond_the_limit_is_not_read(base_repo: Path):
    folder = base_repo / DOKUMENT
    rel = DOKUMENT
    while len(rel) <= limits.MAX_PATH_CHARS:
        folder, rel = folder / ("m" * 50), rel + "/" + "m" * 50
    folder.mkdir(parents=True)
    (folder / "djup.md").write_text("inte ens front matter", encoding="utf-8")
    found = check(base_repo, today=TODAY).findings
    assert [f.code for f in found] == ["sökväg-för-lång"]
    assert found[0].path.endswith("…")


@pytest.mark.parametrize("folder", ["agreements", "agreements/dokument", "agreements/organisation"])
def test_an_unreadable_folder_is_a_finding(folder: str, base_repo: Path, monkeypatch):
    # Tests run as root in CI, where chmod cannot take read access away.
    scandir = os.scandir

    def denied(path):
        if Path(path) == base_repo / folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(files.os, "scandir", denied)
    result = check(base_repo, today=TODAY)
    assert any(f.path == folder and f.code == "mapp-oläsbar" for f in result.findings)
    assert result.failed()


def test_a_registry_file_with_upper_case_extension(base_repo: Path):
    (base_repo / "agreements/organisation/register.yml").rename(base_repo / "agreements/organisation/register.YML")
    assert "fel-filändelse" in codes(base_repo)["agreements/organisation/register.YML"]


def test_validate_a_path_that_does_not_exist_is_a_usage_error(base_repo: Path, capsys):
    status = main(["validate", "--root", str(base_repo), str(base_repo / "agreements" / "nope")])
    err = capsys.readouterr().err
    assert status == 2
    assert "finns inte" in err and "nope" in err


def test_a_body_too_bracketed_for_markdown_it_is_still_scanned_for_script(base_repo: Path):
    body = "[" * 100_000 + "](" * 100_000 + "\n\n<script>alert(1)</script>\n"
    (base_repo / DOKUMENT / "hakar.md").write_text(
        "---\nid: hakar\ntyp: mötesanteckning\ntitel: T\narena: ag\ndatum: 2025-01-08\n---\n" + body,
        encoding="utf-8",
    )
    found = [f for f in check(base_repo, today=TODAY).findings if f.code == "farlig-html"]
    assert [(f.path, f.line) for f in found] == [(f"{DOKUMENT}/hakar.md", 10)]
