"""Full mkdocs builds of fixture projects, the one way every test makes them:
this repository's mkdocs.yml, docs/ and overrides/ beside an ``agreements/``,
built with ``mkdocs build --strict`` as a public build on a fixed day."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO_ROOT

# what a region copies besides its agreements/ to publish a handbook
SITE_FILES = ("mkdocs.yml", "docs", "overrides")
TODAY = "2026-01-15"


def project(target: Path, agreements_from: Path | None = None) -> Path:
    """``target`` holding the site's files and, given ``agreements_from``, its ``agreements/``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = REPO_ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, target / name)
    if agreements_from is not None:
        shutil.copytree(agreements_from / "agreements", target / "agreements")
    return target


def command(site: Path, *, quiet: bool = True) -> list[str]:
    """``mkdocs build --strict`` into ``site``."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        *(["--quiet"] if quiet else []),
        "--site-dir",
        str(site),
    ]


def environment(**settings: str) -> dict[str, str]:
    """The build's environment: public unless ``SAMVERKAN_INTERN`` is among ``settings``."""
    env = {**os.environ, "SAMVERKAN_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SAMVERKAN_INTERN", None)
    return {**env, **settings}


def build(root: Path, site: Path | None = None, *, quiet: bool = True, **settings: str) -> subprocess.CompletedProcess:
    """Build the project at ``root`` (into ``root/site`` unless ``site``); the finished process."""
    return subprocess.run(
        command(site or root / "site", quiet=quiet),
        cwd=root,
        env=environment(**settings),
        capture_output=True,
        text=True,
        check=False,
    )
