"""Content the tests have never seen: mangled versions of the fixture documents
must give findings, never an exception or an internal error."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from samverkan.checker import check

from .conftest import TODAY

MUTATIONS = ("truncate", "drop-line", "duplicate-line", "indent", "garbage", "swap-colon")


def _mutate(text: str, how: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    if how == "truncate":
        lines = lines[:i]
    elif how == "drop-line":
        del lines[i]
    elif how == "duplicate-line":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = "   " + lines[i]
    elif how == "swap-colon":
        lines[i] = lines[i].replace(":", " ", 1).replace("-", ": [", 1)
    elif how == "garbage":
        raw = "\n".join(lines).encode()
        pos = rng.randrange(len(raw) + 1)
        return raw[:pos] + bytes(rng.randrange(256) for _ in range(3)) + raw[pos:]
    return "\n".join(lines).encode()


@pytest.mark.parametrize("seed", range(40))
def test_mangled_files_never_crash(seed: int, base_repo: Path):
    rng = random.Random(seed)
    files = sorted(p for p in (base_repo / "agreements").rglob("*") if p.is_file())
    for file in rng.sample(files, 4):
        file.write_bytes(_mutate(file.read_text(encoding="utf-8"), rng.choice(MUTATIONS), rng))
    result = check(base_repo, today=TODAY)
    assert not [f for f in result.findings if f.code == "internt-fel"]
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert (base_repo / finding.path).exists() or finding.path == "agreements"
