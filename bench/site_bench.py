#!/usr/bin/env python3
"""Time the handbook build (mkdocs + Pagefind) and measure what it produces.

    python bench/site_bench.py [--documents 3000] [--seed 1] [--keep]

Cases: the repository's own content (built in place, with its history and its
cached downloads), and a generated corpus of ``--documents`` documents with
200 commits of history (``bench/out/corpus-N-git``, made with ``generate.py``
when missing), built with and without history pages and with downloads off
(their cost is in bench/README.md). Each corpus is built as a region would
build it: this repository's ``mkdocs.yml``, ``docs/`` and ``overrides/``
beside that ``agreements/`` folder and its ``.git``, ``mkdocs build --strict``
in a subprocess. Printed per case: wall time, number of HTML pages, size of the
site, size of the search index (``pagefind/``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tabell import git_corpus  # bench/ is on sys.path when a script runs

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def project_from(corpus: Path, workdir: Path, name: str) -> Path:
    """A copy of a generated corpus (with its .git) plus this repository's site set-up."""
    project = workdir / name
    shutil.copytree(corpus, project, symlinks=True)
    for item in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / item)
    return project


def build(name: str, project: Path, site: Path, **settings: str) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **settings}
    env.pop("SAMVERKAN_INTERN", None)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{name}: the build failed\n{done.stderr[-4000:]}")
    return {
        "case": name,
        "seconds": seconds,
        "pages": sum(1 for _ in site.rglob("*.html")),
        "site_mb": size_mb(site),
        "index_mb": size_mb(site / "pagefind"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the built sites (path printed)")
    args = parser.parse_args()
    corpus = git_corpus(args.documents, args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-site-bench-"))
    try:
        project = project_from(corpus, workdir, f"korpus-{args.documents}")
        rows = [
            build("exempelinnehåll", REPO, workdir / "exempel-site"),
            build(f"korpus-{args.documents}", project, workdir / "korpus-site", SAMVERKAN_EXPORT="false"),
            build(
                f"korpus-{args.documents}, utan historik",
                project,
                workdir / "korpus-site-utan",
                SAMVERKAN_EXPORT="false",
                SAMVERKAN_HISTORIK="false",
            ),
        ]
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{'fall':<34} {'tid (s)':>8} {'sidor':>7} {'site/ (MB)':>11} {'sökindex (MB)':>14}")
    for r in rows:
        print(f"{r['case']:<34} {r['seconds']:>8.1f} {r['pages']:>7} {r['site_mb']:>11.1f} {r['index_mb']:>14.1f}")
    if args.keep:
        print(f"webbplatserna finns kvar i {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
