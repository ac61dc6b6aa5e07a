"""The handbook's pages kept between builds (samverkan.handbok.sparat): a build
of the same archive with the same arguments gives the same pages, byte for
byte, and the same findings as a build that checks the archive and makes them;
a change to a file, the day or the history makes them again."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from samverkan import checker, exportera, handbok, historik, loader, ordlista
from samverkan.exportera.cache import keep_file
from samverkan.finding import Severity
from samverkan.handbok import Asset, Download, Page, nedladdning, papper, sparat
from samverkan.plugins.handbok.structure import stop_downloads, write_downloads

from .conftest import BASE, TODAY
from .historik_repo import GitRepo
from .test_historik_sidor import ID, NEW_PATH, at, build_lifecycle


def _build(root: Path, kept: Path | None, today: dt.date = TODAY, **arguments) -> list[Page | Asset]:
    built = handbok.check_and_build(root, today, history=True, kept=kept, **arguments)
    assert not built.errors
    assert all(isinstance(item, (Page, Asset)) for item in built.items)
    return built.items


def _entries(kept: Path) -> list[str]:
    return sorted(p.name for p in kept.iterdir()) if kept.is_dir() else []


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sparat") / "arkiv"
    build_lifecycle(root)
    # a warning and information for the validator to find (and a build to keep)
    text = (root / NEW_PATH).read_text(encoding="utf-8")
    instruction = "<!-- Skriv vilka parter som står bakom avtalet; de som skriver under står i 'parter' ovan. -->"
    (root / NEW_PATH).write_text(f"{text}\n{instruction}\n", "utf-8")
    return root


def test_kept_pages_are_the_pages_a_build_makes(archive: Path, tmp_path: Path, monkeypatch):
    kept = tmp_path / "kept"
    repo, _ = loader.load(archive)
    made = handbok.build(repo, TODAY, history=historik.read(archive))
    result = checker.check(archive, TODAY)
    assert {f.severity for f in result.findings} >= {Severity.WARNING}
    first = handbok.check_and_build(archive, TODAY, history=True, kept=kept)
    assert first.items == made
    assert (first.findings, first.abbreviations, first.from_kept) == (
        result.findings,
        ordlista.abbreviation_block(repo),
        False,
    )
    assert len(_entries(kept)) == 1

    def nothing_made(*args, **kwargs):
        raise AssertionError("a kept part was made again, or the archive checked, loaded or read")

    from samverkan.handbok import dokument, kalender, prenumeration
    from samverkan.handbok import historik as historik_sidor

    for module in (dokument, historik_sidor, kalender, prenumeration):
        monkeypatch.setattr(module, "pages", nothing_made)
    for module, name in ((checker, "check"), (loader, "load"), (historik, "read")):
        monkeypatch.setattr(module, name, nothing_made)
    again = handbok.check_and_build(archive, TODAY, history=True, kept=kept)
    assert again.from_kept and again.whole and not first.whole
    assert again.items == made
    assert [item.path for item in again.items] == [item.path for item in made]
    assert any(isinstance(item, Asset) for item in again.items)  # feeds, calendars, the picker's data
    assert [f.rule for f in again.findings] == [f.rule for f in result.findings]
    assert (again.findings, again.abbreviations, again.problem, again.shallow) == (
        first.findings,
        first.abbreviations,
        first.problem,
        first.shallow,
    )


def test_the_pages_of_a_loaded_archive_are_those_of_a_checked_one(archive: Path):
    """With downloads, a build whose pages are kept loads the archive without
    checking it, for the downloads' cache: the same model, the same pages."""
    history = historik.read(archive)
    loaded, _ = loader.load(archive)
    checked = checker.check(archive, TODAY).repo
    assert handbok.build(loaded, TODAY, history=history) == handbok.build(checked, TODAY, history=history)


def test_an_archive_with_an_error_keeps_nothing_and_says_so_every_time(archive: Path, tmp_path: Path):
    root = tmp_path / "fel"
    build_lifecycle(root)
    path = root / NEW_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("status:", "status: okänd\nstatus_:", 1), "utf-8")
    kept = tmp_path / "kept"
    for _ in range(2):
        built = handbok.check_and_build(root, TODAY, history=True, kept=kept)
        assert built.errors and not built.items and not built.from_kept
        assert built.findings == checker.check(root, TODAY).findings
    assert _entries(kept) == []


def test_without_git_the_problem_is_said_also_from_the_kept_pages(tmp_path: Path):

    root = tmp_path / "utan-git"
    shutil.copytree(BASE, root)
    kept = tmp_path / "kept"
    first = handbok.check_and_build(root, TODAY, history=True, kept=kept)
    again = handbok.check_and_build(root, TODAY, history=True, kept=kept)
    assert first.problem and not first.shallow and not first.from_kept
    assert (again.problem, again.shallow, again.items, again.from_kept) == (first.problem, False, first.items, True)
    assert handbok.check_and_build(root, TODAY, history=False, kept=kept).problem is None


def test_another_day_another_build_or_a_changed_file_makes_the_pages_again(archive: Path, tmp_path: Path):
    kept = tmp_path / "kept"
    _build(archive, kept)
    later = TODAY + dt.timedelta(days=400)
    assert _build(archive, kept, today=later) == _build(archive, None, today=later)
    assert _build(archive, kept, intern=True) == _build(archive, None, intern=True)
    assert len(_entries(kept)) == sparat.KEPT  # the oldest of four is removed

    changed = tmp_path / "andrad"
    build_lifecycle(changed)
    path = changed / NEW_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("hur patienter", "hur alla patienter"), "utf-8")
    pages = _build(changed, kept)
    assert pages == _build(changed, None)
    assert "hur alla patienter" in next(p.markdown for p in pages if isinstance(p, Page) and p.path == f"{ID}/index.md")


def test_the_key_follows_the_files_the_arguments_and_the_history(archive: Path, tmp_path: Path):
    root = tmp_path / "arkiv"
    build_lifecycle(root)
    arguments = {"intern": False, "downloads": False, "site_url": None, "history": True}

    def key(**changed) -> str:
        return sparat.key(root, changed.pop("today", TODAY), **{"git": historik.identity(root), **arguments, **changed})

    first = key()
    assert key() == first
    assert key(today=TODAY + dt.timedelta(days=1)) != first
    assert key(downloads=True) != first
    assert key(site_url="https://example.org/") != first
    assert key(history=False) != first
    (root / "agreements" / "bild.png").write_bytes(b"\x89PNG")
    with_file = key()
    assert with_file != first
    (root / "agreements" / "bild.png").write_bytes(b"\x89PNG2")
    assert key() != with_file
    (root / ".mailmap").write_text("Anna A <anna@example.org>\n", encoding="utf-8")
    mapped = key()
    assert mapped != with_file
    GitRepo(root).commit("Bild", when=at("2025-06-01"))
    committed = key()
    assert committed != mapped  # a new commit: another history
    assert key(history=False) != key(history=False, git=(None, False, "Ingen git"))  # the validator reads git too
    (root / "agreements" / "SKRIFT.MD").write_text("fel ändelse\n", encoding="utf-8")
    assert key() != committed  # a file the walk refuses is a finding


def test_the_identity_of_a_history_is_that_of_the_history_read(archive: Path, tmp_path: Path):
    read = historik.read(archive)
    assert historik.identity(archive) == (read.head, read.shallow, read.problem)
    assert read.head and read.problem is None
    nothing = historik.read(tmp_path)
    assert historik.identity(tmp_path) == (None, False, nothing.problem) and nothing.problem


def test_an_unreadable_entry_is_made_again(archive: Path, tmp_path: Path):
    kept = tmp_path / "kept"
    made = _build(archive, kept)
    (entry,) = kept.iterdir()
    entry.write_bytes(b"inte zlib")
    assert _build(archive, kept) == made


def test_an_entry_is_written_in_pieces_as_one_dumps_and_compress_would_write_it(archive: Path, tmp_path: Path):
    items = _build(archive, None)
    parts = {
        "dokument": [item for item in items if isinstance(item, Page)],
        "tom": [],
        "filer": [item for item in items if isinstance(item, Asset)]
        + [Asset("a/binar.bin", b"\xff\x00\x81"), Asset("a/text.txt", "Å – ”citat”\n".encode())],
    }
    assert parts["dokument"] and len(parts["filer"]) > 2
    entry = {
        "findings": [["a.md", 1, 2, "warning", "K", "Å – ”x”", "r"]],
        "abbreviations": "*[VVG]: x",
        "attachments": [],
    }
    rows = {name: [sparat._row(item) for item in items] for name, items in parts.items()}
    whole = json.dumps({**entry, "parts": rows}, ensure_ascii=False, separators=(",", ":"))
    assert "".join(sparat._json(entry, parts)) == whole
    assert "".join(sparat._json({}, parts)) == json.dumps({"parts": rows}, ensure_ascii=False, separators=(",", ":"))
    pieces = sparat._compressed(sparat._json(entry, parts))
    assert b"".join(pieces) == zlib.compress(whole.encode("utf-8"), 1)

    kept = tmp_path / "kept"
    saved = sparat.Kept(findings=[], abbreviations="", attachments=["a/b.pdf"], parts=parts)
    sparat.save(kept, "nyckel", saved)
    assert sparat.load(kept, "nyckel") == saved
    assert [p.name for p in kept.iterdir()] == ["nyckel.json.z"]  # no temporary file left behind


def test_a_file_whose_pieces_fail_to_come_leaves_nothing_behind(tmp_path: Path):
    def pieces():
        yield b"en del"
        raise RuntimeError("avbrutet")

    with pytest.raises(RuntimeError):
        keep_file(tmp_path / "fil", pieces())
    assert list(tmp_path.iterdir()) == []
    keep_file(tmp_path / "fil", iter([b"en ", b"del"]))
    assert (tmp_path / "fil").read_bytes() == b"en del"


def _files(items: list) -> dict[str, bytes]:
    """Every item's path and bytes, the downloads' once they are made."""
    out = {}
    try:
        for item in items:
            out[item.path] = item.markdown.encode() if isinstance(item, Page) else item.content
    finally:
        stop_downloads([SimpleNamespace(download=item) for item in items if isinstance(item, Download)])
    return out


def test_with_downloads_the_kept_pages_find_the_history_s_papers_in_the_export_cache(
    archive: Path, tmp_path: Path, monkeypatch
):
    root = tmp_path / "arkiv"
    shutil.copytree(archive, root)
    monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / "cache"))
    kept = sparat.folder(root)
    first = handbok.check_and_build(root, TODAY, history=True, downloads=True, kept=kept)
    made = _files(first.items)
    assert any(path.endswith("-jamforelse-2-3.docx") for path in made)
    assert any("/version/" in path and path.endswith(".pdf") for path in made)
    assert any(isinstance(item, Download) for item in first.items)

    def nothing_read(*args, **kwargs):
        raise AssertionError("the archive or its history was read, or a download or paper planned or made")

    def warm(patched) -> handbok.Built:
        # neither the archive nor its history is read: every download and paper is written from the caches
        for module, name in ((checker, "check"), (historik, "read"), (papper, "_plan"), (loader, "load")):
            patched.setattr(module, name, nothing_read)
        for name in ("start", "compose", "render_formats", "staged"):
            patched.setattr(exportera, name, nothing_read)
        patched.setattr(exportera.Cache, "finished", nothing_read)
        return handbok.check_and_build(root, TODAY, history=True, downloads=True, kept=kept)

    with monkeypatch.context() as patched:
        again = warm(patched)
        assert again.from_kept and again.whole
        assert [item.path for item in again.items] == [item.path for item in first.items]
        assert _files(again.items) == made
        # as the site gets them
        site = tmp_path / "site"
        write_downloads(
            [SimpleNamespace(download=i, is_modified=lambda: True) for i in again.items if isinstance(i, Download)],
            site,
        )
        written = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        assert written == {path: content for path, content in made.items() if path.endswith((".docx", ".pdf"))}
        assert all(p.stat().st_nlink > 1 for p in site.rglob("*") if p.is_file())  # links into the caches
        assert any("/version/" not in path and "/jamfor/" not in path for path in written)

    # a document's download gone from the export cache: found again by what it is made of
    plain = nedladdning.kept(root, sparat.load(kept, _entries(kept)[0].removesuffix(".json.z")).downloads)[0].origin
    assert plain.suffix == ".fil"  # linked into the site once: the entry's read-only copy is found when planning
    entry = plain.with_name(f"{plain.name.split('.')[0]}.zip")
    entry.unlink()
    plain.unlink()
    fourth = handbok.check_and_build(root, TODAY, history=True, downloads=True, kept=kept)
    assert fourth.from_kept and not fourth.whole  # the archive was loaded to find the download
    assert _files(fourth.items) == made
    assert entry.is_file()
    with monkeypatch.context() as patched:
        assert _files(warm(patched).items) == made

    # a paper gone from the export cache: the papers are planned (and made) again
    gone = next((tmp_path / "cache").rglob("*.docx"))
    gone.unlink()
    third = handbok.check_and_build(root, TODAY, history=True, downloads=True, kept=kept)
    assert third.from_kept
    remade = _files(third.items)
    assert remade.keys() == made.keys()
    assert gone.is_file()

    def kept_as_made(files: dict[str, bytes]) -> dict[str, bytes]:
        # a comparison converted again is stamped with the time by pandoc
        return {path: content for path, content in files.items() if "-jamforelse-" not in path}

    assert kept_as_made(remade) == kept_as_made(made)


@pytest.mark.parametrize("path", ["../utanfor.md", "/etc/passwd", "a/../../b.md", "a//b.md", "a\\..\\b.md", ""])
def test_a_kept_page_whose_path_leads_out_of_the_site_makes_the_pages_again(archive: Path, tmp_path: Path, path: str):
    kept = tmp_path / "kept"
    made = _build(archive, kept)
    (entry,) = kept.iterdir()
    data = json.loads(zlib.decompress(entry.read_bytes()))
    rows = next(rows for rows in data["parts"].values() if rows)
    rows[0][1] = path
    entry.write_bytes(zlib.compress(json.dumps(data).encode("utf-8")))
    assert sparat.load(kept, entry.name.removesuffix(".json.z")) is None
    assert _build(archive, kept) == made


@pytest.mark.parametrize(
    "row",
    [
        ["../../utanfor.docx", "jamforelse", "finns.docx"],
        ["/tmp/utanfor.docx", "jamforelse", "finns.docx"],
        ["a/b.pdf", "version", "../" + "0" * 61, "pdf"],
        ["a/b.docx", "jamforelse", "../../../../etc/passwd"],
        ["a/b.docx", "jamforelse", "/etc/passwd"],
    ],
)
def test_the_papers_a_kept_entry_names_outside_the_caches_are_planned_again(tmp_path: Path, row: list):
    # what a tampered cache names is never read nor written: the papers are made as without a cache
    comparisons = papper.cache_folder(tmp_path) / papper.COMPARISON_CACHE
    comparisons.mkdir(parents=True)
    (comparisons / "finns.docx").write_bytes(b"PK")
    assert papper.kept(tmp_path, [["a/b.docx", "jamforelse", "finns.docx"]]) is not None
    assert papper.kept(tmp_path, [row]) is None


def test_a_download_kept_in_the_export_cache_is_written_from_its_entry(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / "cache"))
    cache = exportera.Cache.at(tmp_path)
    key = "ab" + "0" * 62
    entry = cache.folder / "ab" / f"{key}-pdf.zip"
    entry.parent.mkdir(parents=True)
    with zipfile.ZipFile(entry, "w") as written:
        written.writestr("datum", "2026-01-15")
        written.writestr("pandoc", b"pandoc" * 100, zipfile.ZIP_DEFLATED)
        written.writestr("fil", b"%PDF filen")
    keep_file(cache._pointer("indata", "pdf"), key.encode("ascii"))
    row = ["a/a.pdf", "dokument", "indata", "pdf"]
    (download,) = nedladdning.kept(tmp_path, [row])
    assert download.content == b"%PDF filen" == cache.finished("indata", "pdf")
    site = tmp_path / "site"
    download.write(site)
    written = site / "a" / "a.pdf"
    assert written.read_bytes() == b"%PDF filen"
    # a read-only file of the cache, linked: neither written nor freed with the site
    (plain,) = entry.parent.glob("*.fil")
    assert plain.read_bytes() == b"%PDF filen"
    assert os.path.samefile(plain, written) and written.stat().st_mode & 0o777 == 0o444
    download.write(site)  # again, over its own link
    assert written.read_bytes() == b"%PDF filen"
    # a download made by this build, written where the link is, leaves the cache's file as it was
    running = exportera.staged()
    running.stage(0, b"%PDF ny")
    running.count = 1
    Download("a/a.pdf", running, 0).write(site)
    running.close()
    assert (written.read_bytes(), plain.read_bytes()) == (b"%PDF ny", b"%PDF filen")
    assert not os.path.samefile(plain, written)
    # no pointer, or no entry: not kept (the downloads are then found or made as without the list)
    assert nedladdning.kept(tmp_path, [["a/a.docx", "dokument", "indata", "docx"]]) is None
    # the next build links the read-only copy without opening the entry again
    (again,) = nedladdning.kept(tmp_path, [row])
    assert (again.origin, again.member) == (plain, None)
    again.write(site)
    assert os.path.samefile(plain, written)
    # an entry damaged before the build plans: it is made again (not found broken when the site is written)
    entry.write_bytes(b"inte en zip")
    assert nedladdning.kept(tmp_path, [row]) is None
    # damaged after it was found: the build says so and how to get past it
    with pytest.raises(exportera.ExportError, match="kunde inte hämtas ur exportcachen"):
        download.write(site)
    entry.unlink()
    assert nedladdning.kept(tmp_path, [row]) is None
