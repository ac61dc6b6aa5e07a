#!/usr/bin/env python3
"""Time reading the version history from git (``samverkan.historik``).

    python bench/history_bench.py [--documents 3000] [--git-commits 200] [--runs 3]
                                  [--seed 1] [--regenerate] [--corpus PATH]

A corpus with git history is generated with ``bench/generate.py
--git-commits`` into ``bench/out/corpus-N-git`` (``corpus-N-gitK`` for any
other number of commits than 200) unless it already exists, or ``--corpus``
names an existing git repository. Two calls are timed, each ``--runs`` times
(wall clock, in this process, after one warm-up run):

* ``historik.read(root)`` — every document's versions, with milestones;
* ``historik.files_at(root, "HEAD")`` — every file under ``agreements/`` at HEAD.

For each the median time, what was read and how many git processes one call
started are printed as a table. The exit status is 1 when the history could
not be read (``History.problem`` set), else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tabell import git_corpus, print_markdown_table, rel  # bench/ is on sys.path when a script runs

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "scripts"))

import git  # noqa: E402  (after the path set-up, like the package it measures)

from samverkan import historik  # noqa: E402
from samverkan.handbok import historik as historik_pages  # noqa: E402
from samverkan.handbok.context import Handbook  # noqa: E402
from samverkan.loader import load  # noqa: E402


@dataclass
class Result:
    name: str
    what: str
    times: list[float] = field(default_factory=list)
    processes: int = 0
    per: tuple[int, str] | None = None  # (count, unit) for the per-item column

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def count_processes(action):
    """Run ``action`` once, counting the git processes GitPython starts."""
    started = []
    original = git.cmd.safer_popen

    def counting(*args, **kwargs):
        started.append(args[0])
        return original(*args, **kwargs)

    git.cmd.safer_popen = counting
    try:
        value = action()
    finally:
        git.cmd.safer_popen = original
    return value, len(started)


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def measure(root: Path, runs: int) -> tuple[list[Result], str | None]:
    history, processes = count_processes(lambda: historik.read(root))  # also the warm-up
    if history.problem and not history.shallow:
        return [], history.problem
    versions = sum(len(v) for v in history.documents.values())
    commits = len({v.commit.sha for vs in history.documents.values() for v in vs})
    milestones = sum(1 for vs in history.documents.values() for v in vs if v.milestone)
    reading = Result(
        "read()",
        f"{len(history.documents)} dokument, {versions} versioner ({commits} incheckningar, {milestones} milstolpar)",
        processes=processes,
        per=(versions, "version"),
    )
    reading.times = timed(lambda: historik.read(root), runs)

    files, processes = count_processes(lambda: historik.files_at(root, "HEAD"))
    size = sum(len(data) for data in files.values())
    at_head = Result(
        'files_at("HEAD")', f"{len(files)} filer, {size / 1e6:.1f} MB", processes=processes, per=(len(files), "fil")
    )
    at_head.times = timed(lambda: historik.files_at(root, "HEAD"), runs)
    return [reading, at_head, site_pages(root, history)], history.problem


def site_pages(root: Path, history: historik.History) -> Result:
    """Every history, version and comparison page and picker file of the public site (run once:
    it is the build's cost, not a hot path)."""
    repo, _ = load(root)
    book = Handbook.create(repo, dt.date(2026, 1, 15), history=history)
    started = time.perf_counter()
    items = list(historik_pages.pages(book))
    elapsed = time.perf_counter() - started
    kinds = Counter(item.path.split("/")[1] for item in items if item.path.endswith("index.md"))
    size = sum(len(getattr(i, "markdown", "") or getattr(i, "content", b"")) for i in items)
    result = Result(
        "sidor (handbok.historik)",
        f"{kinds['historik']} historiksidor, {kinds['version']} versionssidor, "
        f"{kinds['jamfor']} jämförelser, {size / 1e6:.0f} MB",
        processes=0,
        per=(kinds["jamfor"], "jämförelse"),
    )
    result.times = [elapsed]
    return result


def print_table(results: list[Result], runs: int) -> None:
    headers = ["anrop", "läst", f"median (s, {runs} körn.)", "ms per styck", "git-processer"]
    rows = [
        [
            r.name,
            r.what,
            f"{r.median:.3f}",
            f"{1000 * r.median / r.per[0]:.3f} per {r.per[1]}" if r.per and r.per[0] else "–",
            str(r.processes),
        ]
        for r in results
    ]
    print_markdown_table(headers, rows, right={2, 3, 4})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time reading the version history (see bench/README.md).")
    parser.add_argument("--documents", type=int, default=3000, help="size of the generated corpus (default 3000)")
    parser.add_argument(
        "--git-commits", type=int, default=200, help="commits after the first in the generated corpus (default 200)"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per call (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--regenerate", action="store_true", help="generate the corpus again even if it exists")
    parser.add_argument("--corpus", type=Path, help="measure this git repository instead of a generated corpus")
    args = parser.parse_args(argv)
    if args.documents < 1 or args.runs < 1 or args.git_commits < 1:
        parser.error("--documents, --git-commits and --runs must be ≥ 1")

    if args.corpus:
        root = args.corpus
    else:
        root = git_corpus(args.documents, args.seed, args.git_commits, regenerate=args.regenerate)
    print(f"Mäter {rel(root)}: {args.runs} körning{'ar' if args.runs != 1 else ''} per anrop …", flush=True)
    results, problem = measure(root, args.runs)
    if results:
        print_table(results, args.runs)
    if problem:
        print(f"\n{problem}", file=sys.stderr)
    return 1 if not results else 0


if __name__ == "__main__":
    sys.exit(main())
