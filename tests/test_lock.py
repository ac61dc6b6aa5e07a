"""requirements.lock (hash-pinned, installed by CI and Pages with --require-hashes)
and constraints.txt (make install, make test) pin the same versions."""

from __future__ import annotations

import re

import yaml

from .conftest import REPO_ROOT

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(text: str) -> dict[str, str]:
    return {_name(m[1]): m[2] for line in text.splitlines() if (m := _PIN.match(line))}


def _lock() -> str:
    return (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_lock_and_constraints_pin_the_same_versions():
    lock = _pins(_lock())
    constraints = _pins((REPO_ROOT / "constraints.txt").read_text(encoding="utf-8"))
    assert len(lock) > 40
    assert {n: (v, constraints.get(n)) for n, v in lock.items() if constraints.get(n) != v} == {}


def test_every_locked_file_has_a_hash():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", _lock().split("\n", 2)[2])
    for block in blocks:
        if _PIN.match(block):
            assert "--hash=sha256:" in block, block.split("\n", 1)[0]


def test_project_dependencies_are_in_the_lock():
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    wanted = re.findall(r'^\s+"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^"]+)",', pyproject, re.M)
    lock = _pins(_lock())
    assert wanted and {_name(n): v for n, v in wanted if lock.get(_name(n)) != v} == {}


def test_workflows_install_with_hashes():
    for name in ("ci.yml", "pages.yml", "pr-forhandsvisning.yml"):
        workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        runs = [s.get("run", "") for job in workflow["jobs"].values() for s in job.get("steps", [])]
        assert "make install-locked" in runs, name
        assert not [r for r in runs if re.search(r"make install\s*$", r)], name
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("install-locked:", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes --no-deps -r requirements.lock" in recipe
