"""Fuzzing ``samverkan validate``: a few hundred seeded mutations of the sample
content (tests/fuzzing.py; thousands in bench/fuzz_bench.py, ``make fuzz``).

Every case must end with status 0 or 1, a JSON list of findings, no traceback,
no internal error and within the hang guard of 20 s.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import REPO_ROOT
from .fuzzing import Fuzzer

CASES = 200


def test_mutated_sample_content_never_crashes(tmp_path: Path):
    fuzzer = Fuzzer(REPO_ROOT, tmp_path / "repo")
    failures = [o for o in map(fuzzer.run, range(CASES)) if o.problem]
    assert not failures, "\n".join(f"seed {o.seed} {o.mutations}: {o.problem}" for o in failures[:20])
