#!/usr/bin/env python3
"""Time the full handbook build against a plain mkdocs-material build of the same documents.

    python bench/build_bench.py [--documents 3000] [--seed 1] [--rows 1,2,3,4] [--keep]
                                [--workdir DIR]

The corpus is ``bench/out/corpus-N-git`` (``generate.py --git-commits 200``,
made when missing). Two projects are built from copies of it, in the same run:

* **plain** — every ``.md`` file under ``agreements/`` copied into ``docs/``
  of a bare mkdocs-material project (``nav`` = one index page, the theme's
  built-in search): what mkdocs costs for these documents and nothing more;
* **samverkan** — the corpus with its ``.git`` and this repository's
  ``mkdocs.yml``, ``docs/`` and ``overrides/``, ``mkdocs build --strict``, as a
  region would build it (validation, pages, history, downloads, Pagefind).

Four rows, in this order (each row times plain just before samverkan, so a
busy machine slows both alike):

1. full build, empty ``.cache/`` (every download converted);
2. full build, the cache from row 1 (warm);
3. warm, without downloads (``SAMVERKAN_EXPORT=false``);
4. without history and downloads (also ``SAMVERKAN_HISTORIK=false``).

``--workdir DIR`` builds in ``DIR`` and keeps it; run again with the same
``DIR``, the projects (and the samverkan project's ``.cache/``) are used again,
with this repository's ``mkdocs.yml``, ``docs/`` and ``overrides/`` copied in
afresh. So a cache filled on a busy machine can be timed warm on a quiet one
(``--rows 2,3``); it is warm only as long as the cache keys did not change.

Every build is a subprocess. Printed per build: wall time, CPU time (user +
system of the build and every process it started), and peak memory: the
largest sum of the resident sizes of the build's process tree, sampled every
50 ms from ``/proc`` (``maxrss`` of a single process would miss worker
processes running side by side).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tabell import git_corpus, print_markdown_table  # bench/ is on sys.path when a script runs

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PAGE = os.sysconf("SC_PAGE_SIZE")

PLAIN_CONFIG = """\
site_name: Samma dokument, bara mkdocs-material
theme:
  name: material
  language: sv
  font: false
plugins:
  - search
nav:
  - Start: index.md
validation:
  nav:
    omitted_files: info
"""

ROWS = {
    1: ("full build, empty .cache/", {}),
    2: ("full build, cache warm", {}),
    3: ("warm, without downloads", {"SAMVERKAN_EXPORT": "false"}),
    4: ("without history and downloads", {"SAMVERKAN_EXPORT": "false", "SAMVERKAN_HISTORIK": "false"}),
}


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    pages: int


def plain_project(corpus: Path, workdir: Path) -> Path:
    """The corpus's Markdown files in a bare mkdocs-material project."""
    project = workdir / "plain"
    if (project / "mkdocs.yml").is_file():
        return project
    docs = project / "docs"
    agreements = corpus / "agreements"
    for source in agreements.rglob("*.md"):
        target = docs / source.relative_to(agreements)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (docs / "index.md").write_text("# Start\n\nSamma dokument som handboken, utan samverkan.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return project


def samverkan_project(corpus: Path, workdir: Path) -> Path:
    """A copy of the corpus (with its .git) plus this repository's site set-up.
    A project already in ``workdir`` keeps its corpus and ``.cache/``; only
    the site set-up is copied again."""
    project = workdir / "samverkan"
    if not project.is_dir():
        shutil.copytree(corpus, project, symlinks=True)
    for item in ("mkdocs.yml", "docs", "overrides"):
        src, dst = REPO / item, project / item
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst)
        else:
            shutil.copy(src, dst)
    return project


def tree_rss(root: int) -> int:
    """Resident bytes of process ``root`` and all its descendants, now."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1] is the parent
        rss[pid] = int(fields[21]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def build(project: Path, site: Path, strict: bool, **settings: str) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **settings}
    env.pop("SAMVERKAN_INTERN", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    command += ["--strict"] if strict else []
    log = site.with_suffix(".log")
    start = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{project.name}: the build failed\n{log.read_text(errors='replace')[-4000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak / 1e6, sum(1 for _ in site.rglob("*.html")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", default="1,2,3,4", help="which rows to measure, e.g. 3,4 (row 2 needs row 1)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites (path printed)")
    parser.add_argument("--workdir", type=Path, help="build in this folder and keep it; reused when run again")
    args = parser.parse_args()
    rows = [int(r) for r in args.rows.split(",")]
    corpus = git_corpus(args.documents, args.seed)
    if args.workdir:
        args.keep = True
        workdir = args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="samverkan-build-bench-"))
    results: list[tuple[str, Run, Run]] = []
    try:
        plain = plain_project(corpus, workdir)
        project = samverkan_project(corpus, workdir)
        for row in rows:
            name, settings = ROWS[row]
            if row == 1:
                shutil.rmtree(project / ".cache", ignore_errors=True)
            p = build(plain, workdir / "plain-site", strict=False)
            s = build(project, workdir / "samverkan-site", strict=True, **settings)
            results.append((name, p, s))
            print(
                f"{name}: plain {p.seconds:.1f} s (CPU {p.cpu:.0f} s, {p.peak_mb:.0f} MB), "
                f"samverkan {s.seconds:.1f} s (CPU {s.cpu:.0f} s, {s.peak_mb:.0f} MB), {s.pages} sidor",
                file=sys.stderr,
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{args.documents} dokument, 200 incheckningar, {os.cpu_count()} kärnor")
    print_markdown_table(
        ["fall", "plain", "samverkan", "kvot", "CPU plain", "CPU samverkan", "minne plain", "minne samverkan", "sidor"],
        [
            [
                name,
                f"{p.seconds:.1f} s",
                f"{s.seconds:.1f} s",
                f"{s.seconds / p.seconds:.2f}×",
                f"{p.cpu:.0f} s",
                f"{s.cpu:.0f} s",
                f"{p.peak_mb:.0f} MB",
                f"{s.peak_mb:.0f} MB",
                f"{s.pages}",
            ]
            for name, p, s in results
        ],
        right={1, 2, 3, 4, 5, 6, 7, 8},
    )
    if args.keep:
        print(f"projekten och webbplatserna finns kvar i {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
