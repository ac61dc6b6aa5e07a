"""The handbook's pages kept between builds (samverkan.handbok.sparat): a build
of the same archive with the same arguments gives the same pages, byte for
byte, as a build that makes them; a change to a file, the day or the history
makes them again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samverkan import handbok, historik, loader
from samverkan.handbok import Asset, Page, sparat

from .conftest import TODAY
from .historik_repo import GitRepo
from .test_historik_sidor import ID, NEW_PATH, at, build_lifecycle


def _build(root: Path, kept: Path | None, today: dt.date = TODAY, **arguments) -> list[Page | Asset]:
    repo, _ = loader.load(root)
    items = handbok.build(repo, today, history=historik.read(root), kept=kept, **arguments)
    assert all(isinstance(item, (Page, Asset)) for item in items)
    return items


def _entries(kept: Path) -> list[str]:
    return sorted(p.name for p in kept.iterdir()) if kept.is_dir() else []


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sparat") / "arkiv"
    build_lifecycle(root)
    return root


def test_kept_pages_are_the_pages_a_build_makes(archive: Path, tmp_path: Path, monkeypatch):
    kept = tmp_path / "kept"
    made = _build(archive, None)
    first = _build(archive, kept)
    assert first == made
    assert len(_entries(kept)) == 1

    def nothing_made(book):
        raise AssertionError("a kept part was made again")

    from samverkan.handbok import dokument, kalender, prenumeration
    from samverkan.handbok import historik as historik_sidor

    for module in (dokument, historik_sidor, kalender, prenumeration):
        monkeypatch.setattr(module, "pages", nothing_made)
    again = _build(archive, kept)
    assert again == made
    assert [item.path for item in again] == [item.path for item in made]
    assert any(isinstance(item, Asset) for item in again)  # feeds, calendars, the picker's data


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
    arguments = {"intern": False, "downloads": False, "site_url": None}

    def key(**changed) -> str:
        return sparat.key(root, changed.pop("today", TODAY), **{"history": historik.read(root), **arguments, **changed})

    first = key()
    assert key() == first
    assert key(today=TODAY + dt.timedelta(days=1)) != first
    assert key(downloads=True) != first
    assert key(site_url="https://example.org/") != first
    assert key(history=None) != first
    (root / "agreements" / "bild.png").write_bytes(b"\x89PNG")
    with_file = key()
    assert with_file != first
    (root / "agreements" / "bild.png").write_bytes(b"\x89PNG2")
    assert key() != with_file
    (root / ".mailmap").write_text("Anna A <anna@example.org>\n", encoding="utf-8")
    mapped = key()
    assert mapped != with_file
    GitRepo(root).commit("Bild", when=at("2025-06-01"))
    assert key() != mapped  # a new commit: another history


def test_an_unreadable_entry_is_made_again(archive: Path, tmp_path: Path):
    kept = tmp_path / "kept"
    made = _build(archive, kept)
    (entry,) = kept.iterdir()
    entry.write_bytes(b"inte zlib")
    assert _build(archive, kept) == made
