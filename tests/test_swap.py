"""Atomic builds (issue 18): a build killed at any point leaves the previously
published site complete and in place; a failed build too; only a finished
build replaces it."""

from __future__ import annotations

import gzip
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samverkan import swap

from . import sites
from .conftest import BASE
from .test_site_build import _project


def _command(project: Path) -> list[str]:
    return sites.command(project / "site")


def _env() -> dict:
    return sites.environment(SAMVERKAN_HISTORIK="false", SAMVERKAN_EXPORT="false")


def _build(project: Path) -> None:
    proc = subprocess.run(_command(project), cwd=project, env=_env(), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


# Pagefind writes its filter index (status, type, region … of every page) from a
# hash map: the same site gives the same entries in another order, and files
# named by a hash of their bytes. Those files are compared by what they hold.
_PAGEFIND_HASH = re.compile(rb"sv_[0-9a-f]{7,10}")


def _snapshot(site: Path) -> dict[str, bytes]:
    snapshot: dict[str, bytes] = {}
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        name, data = str(p.relative_to(site)), p.read_bytes()
        if name.startswith("pagefind/") and (name.endswith((".pf_filter", ".pf_meta")) or name.endswith("-entry.json")):
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            name = re.sub(r"sv_[0-9a-f]{7,10}", "sv_*", name)
            data = bytes(sorted(_PAGEFIND_HASH.sub(b"sv_*", data)))
            snapshot[name] = snapshot.get(name, b"") + data
            continue
        snapshot[name] = data
    return {k: bytes(sorted(v)) if "sv_*" in k else v for k, v in snapshot.items()}


def _retitle(project: Path, title: str) -> None:
    path = project / "agreements" / "dokument" / "huvudavtal.md"
    text = path.read_text(encoding="utf-8").split("\n")
    text = [f"titel: {title}" if line.startswith("titel:") else line for line in text]
    path.write_text("\n".join(text), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = _project(tmp_path_factory.mktemp("atomisk"), BASE)
    _build(project)
    return project


def test_killed_builds_leave_the_previous_site_complete(project: Path):
    """Kill builds by PID at seeded random moments, from the first instant to
    past the end. After each kill the site is the old one or, when the swap had
    happened, the new one: always whole, never a mix and never missing."""
    site = project / "site"
    old = _snapshot(site)
    _retitle(project, "Huvudavtal med ny titel")
    started = time.monotonic()
    _build(project)  # how long one takes, and what the new site is
    duration = time.monotonic() - started
    new = _snapshot(site)
    assert new != old and any(b"Huvudavtal med ny titel" in data for data in new.values())
    _retitle(project, "Huvudavtal om hälso- och sjukvård")
    _build(project)
    assert _snapshot(site) == old
    _retitle(project, "Huvudavtal med ny titel")

    rng = random.Random(18)
    outcomes = []
    for _ in range(8):
        proc = subprocess.Popen(
            _command(project), cwd=project, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0, duration * 1.1))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = _snapshot(site)
        assert now in (old, new), f"webbplatsen är ofullständig eller blandad efter avbrott: {len(now)} filer"
        outcomes.append("ny" if now == new else "gammal")
    assert "gammal" in outcomes  # some kills did land mid-build

    _build(project)
    assert _snapshot(site) == new
    leftovers = [p.name for p in project.iterdir() if swap._MARK in p.name]
    assert leftovers == [], "byggmappar från avbrutna byggen ligger kvar"


def test_a_failed_build_leaves_the_site(project: Path):
    site = project / "site"
    before = _snapshot(site)
    broken = project / "agreements" / "dokument" / "trasig.md"
    broken.write_text("---\nid: trasig\ntyp: avtal\n---\n", encoding="utf-8")
    try:
        proc = subprocess.run(_command(project), cwd=project, env=_env(), capture_output=True, text=True, check=False)
    finally:
        broken.unlink()
    assert proc.returncode != 0
    assert _snapshot(site) == before
    assert [p.name for p in project.iterdir() if swap._MARK in p.name] == []


def test_a_build_whose_search_index_fails_fails_and_leaves_the_site(project: Path, tmp_path: Path):
    """Pagefind runs once mkdocs has ended the build (plugin.on_shutdown): when it
    fails, the command still fails with the reason and publishes nothing."""
    site = project / "site"
    before = _snapshot(site)
    fake = tmp_path / "falsk" / "pagefind"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "__main__.py").write_text("import sys\nsys.exit('indexet gick sönder')\n", encoding="utf-8")
    # a cache of its own: the kept index of these pages would otherwise be copied without Pagefind
    env = {**_env(), "PYTHONPATH": str(fake.parent), "SAMVERKAN_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run(_command(project), cwd=project, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "Pagefind kunde inte bygga sökindexet:\nindexet gick sönder" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(site) == before
    assert [p.name for p in project.iterdir() if swap._MARK in p.name] == []


def test_publish_swaps_whole_folders(tmp_path: Path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "gammal.html").write_text("gammal", encoding="utf-8")
    folder = swap.staging(target)
    (folder / "ny.html").write_text("ny", encoding="utf-8")
    swap.publish(folder, target)
    assert sorted(p.name for p in target.iterdir()) == ["ny.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_stale_staging_of_a_dead_build_is_removed(tmp_path: Path):
    target = tmp_path / "site"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".site{swap._MARK}{dead.pid}"
    stale.mkdir()
    (stale / "halv.html").write_text("x", encoding="utf-8")
    folder = swap.staging(target)
    assert not stale.exists() and folder.is_dir()
