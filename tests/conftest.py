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
