"""Data-driven rule tests: each folder in fixtures/cases breaks exactly one rule.

The case's ``expected.txt`` holds the validator's text report (path, line,
column, severity and message), compared exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan import reporters
from samverkan.checker import check

from .conftest import CASES, TODAY, build_case, golden

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path):
    root = build_case(case, tmp_path / "repo")
    produced = reporters.text(check(root, today=TODAY).findings)
    assert produced == golden(case / "expected.txt", produced)


def test_base_is_clean(base_repo: Path):
    assert check(base_repo, today=TODAY).findings == []
