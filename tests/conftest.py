"""Shared helpers: fixture repositories built from a clean base plus a case overlay."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
CASES = FIXTURES / "cases"
# Fixed "today" so lifecycle warnings do not change with the calendar.
TODAY = dt.date(2026, 1, 15)
REPO_ROOT = Path(__file__).resolve().parents[1]


def build_case(case: Path, target: Path) -> Path:
    """Copy the base repository into ``target`` and lay the case's files over it."""
    shutil.copytree(BASE, target, dirs_exist_ok=True)
    removed = case / "remove.txt"
    if removed.exists():
        for line in removed.read_text(encoding="utf-8").split():
            (target / line).unlink()
    overlay = case / "agreements"
    if overlay.exists():
        shutil.copytree(overlay, target / "agreements", dirs_exist_ok=True)
    pages = case / "docs"  # the handbook's own pages, for cases about addresses they take
    if pages.exists():
        shutil.copytree(pages, target / "docs", dirs_exist_ok=True)
    return target


def golden(path: Path, produced: str) -> str:
    """The expected text beside a case; a missing golden file fails and shows the output.

    ``SAMVERKAN_UPDATE_GOLDEN=1`` rewrites the golden files (review the diff!).
    """
    if os.environ.get("SAMVERKAN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; the run produced:\n{produced}", pytrace=False)
    return path.read_text(encoding="utf-8")


@pytest.fixture
def base_repo(tmp_path: Path) -> Path:
    return build_case(CASES / "__none__", tmp_path / "repo")


# what Python and the tools themselves keep in a checkout; anything else a test writes there is a bug
_OWN = {".git", ".venv", ".venv-main", "__pycache__", ".pytest_cache", ".ruff_cache", "samverkan.egg-info"}


def _checkout_files() -> dict[str, tuple[int, int]]:
    """Every file of the checkout with its size and modification time."""
    found = {}
    for folder, subfolders, files in os.walk(REPO_ROOT):
        subfolders[:] = [name for name in subfolders if name not in _OWN]
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, REPO_ROOT)] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def checkout_stays_untouched():
    """Tests write only to temporary folders: none adds or changes a file of the
    checkout (rewriting golden files on purpose aside)."""
    if os.environ.get("SAMVERKAN_UPDATE_GOLDEN") == "1":
        yield
        return
    before = _checkout_files()
    yield
    after = _checkout_files()
    changed = sorted(path for path, stamp in after.items() if before.get(path) != stamp)
    removed = sorted(set(before) - set(after))
    assert not changed and not removed, f"testerna skrev i utcheckningen: {(changed + removed)[:20]}"
