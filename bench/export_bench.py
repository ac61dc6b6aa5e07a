#!/usr/bin/env python3
"""CPU of the downloads with an empty cache: every document as Word and PDF, and
the history's papers (versions and comparisons), as a build makes them.

    python bench/export_bench.py [--documents 200] [--git-commits 20] [--seed 1] [--runs 1]

Generates ``bench/out/corpus-N-gitK`` if it is missing, then makes, with an
empty export cache (a temporary ``SAMVERKAN_CACHE``) and in this process, what
``mkdocs build`` makes of it: the documents' downloads (``exportera.start``, the
build's background exports) and the history's papers (``handbok.papper.pages``).
For each, the wall time, the processor time of this process and of the pandoc
processes it started (user + system), and that per document. On a machine shared
with other work the processor time is the figure to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from tabell import corpus, print_markdown_table


def cpu() -> float:
    """User + system time of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def documents(book, root: Path) -> int:
    """Every document's Word and PDF file, as the build's background exports make them."""
    from samverkan import exportera

    docs = list(book.view.documents)
    running = exportera.start(book.view, docs, exportera.FORMATS, book.today, exportera.Cache.at(root))
    try:
        return len(running.wait())
    finally:
        running.close()


def papers(book, root: Path) -> int:
    """The history's papers of every document, as the build makes them."""
    from samverkan.handbok import papper

    return len(list(papper.pages(book)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--git-commits", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    root = corpus(args.documents, args.seed, commits=args.git_commits)

    from samverkan import historik, loader
    from samverkan.handbok import Handbook

    repo, _ = loader.load(root)
    history = historik.read(root)
    today = dt.date.today()
    rows = []
    for _ in range(args.runs):
        cache_dir = Path(tempfile.mkdtemp(prefix="samverkan-export-bench-"))
        os.environ["SAMVERKAN_CACHE"] = str(cache_dir)
        try:
            book = Handbook.create(repo, today, history=history, downloads=True)
            for name, make in (("dokumenten (Word och PDF)", documents), ("historikens papper", papers)):
                started_cpu, started = cpu(), time.perf_counter()
                files = make(book, root)
                wall, used = time.perf_counter() - started, cpu() - started_cpu
                count = len(book.view.documents)
                rows.append([name, str(count), str(files), f"{wall:.1f}", f"{used:.1f}", f"{1000 * used / count:.0f}"])
                print(f"{name}: {files} filer, {wall:.1f} s, CPU {used:.1f} s", flush=True)
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
    print_markdown_table(
        ["vad", "dokument", "filer", "tid (s)", "CPU (s)", "CPU per dokument (ms)"],
        [[cell.replace(".", ",") for cell in row] for row in rows],
        right={1, 2, 3, 4, 5},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
