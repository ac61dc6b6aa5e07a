#!/usr/bin/env python3
"""Time the full handbook build against a plain mkdocs-material build of the same documents.

    python bench/build_bench.py [--documents 3000] [--commits 200] [--seed 1] [--rows 1,2,3,4]
                                [--keep] [--workdir DIR]

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
processes running side by side). A child between fork and exec (``subprocess``
starting pandoc or Pagefind: the kernel's ``PF_FORKNOEXEC``) shares its parent's
pages and counts with no resident size of its own: read at that moment, its
RSS is its parent's again, and one such sample made a peak of a process that
held nothing. Beside it the peak of the summed PSS
(``/proc/PID/smaps_rollup``, read every 0.5 s and at each new RSS peak): pages
that processes share (pandoc's binary, mapped by each pandoc process) count
once there, and twice or more in the summed RSS, so the PSS is the memory the
machine really needs and the RSS an upper bound. After each build, the
processes at the RSS peak, by kind (``pandoc lua``, ``python -m mkdocs``,
``pagefind``), with their RSS, PSS and threads; and ``<site>.minne.tsv`` beside
the site, a line every 0.5 s: seconds, CPU seconds so far, RSS and PSS (MB),
and each kind of process with its count, RSS and PSS — where the memory goes
and when (and, from the CPU, when a core stands idle).

``--commits K`` uses a corpus with K commits of history (``corpus-N-gitK``),
for quicker runs on a smaller archive (``--documents 600 --commits 60``).
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

from tabell import COMMITS, git_corpus, print_markdown_table  # bench/ is on sys.path when a script runs

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
# the kernel's flag for a process forked and not yet exec'd (include/linux/sched.h)
PF_FORKNOEXEC = 0x40

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
    memory: Memory | None = None


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


@dataclass
class Process:
    """One process of a build's tree at one moment: what it is and its memory (bytes)."""

    pid: int
    name: str
    rss: int
    pss: int = 0
    threads: int = 0
    cpu: float = 0.0  # seconds so far; the root's includes the children it has waited for


def _name(pid: int, comm: str) -> str:
    """What a process is, shortly: ``pandoc lua``, ``python -m mkdocs``, ``python -m pagefind``."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return comm
    if not argv:
        return comm
    program = Path(argv[0]).name
    if program.startswith("python") and len(argv) > 2 and argv[1] == "-m":
        return f"python -m {argv[2]}"
    if program.startswith("pandoc") and len(argv) > 1:
        return f"pandoc {argv[1]}"
    return program


def tree(root: int) -> list[Process]:
    """Process ``root`` and all its descendants, now, with their resident sizes."""
    children: dict[int, list[int]] = {}
    seen: dict[int, tuple[str, int, int, int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                head, rest = f.read().rsplit(b")", 1)
        except OSError:
            continue
        fields = rest.split()
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1] is the parent
        # fields[11:15] are user and system time, own and of waited-for children;
        # fields[17] is the number of threads, fields[21] the resident pages;
        # fields[6] the flags: a child not yet exec'd holds its parent's pages (see the docstring)
        name = head.split(b"(", 1)[1].decode(errors="replace")
        own, waited = int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
        forked = pid != root and int(fields[6]) & PF_FORKNOEXEC
        seen[pid] = (name, 0 if forked else int(fields[21]) * PAGE, int(fields[17]), own, waited)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in seen:
            comm, rss, threads, own, waited = seen[pid]
            ticks = own + waited if pid == root else own
            found.append(Process(pid, comm, rss, threads=threads, cpu=ticks / TICKS))
        todo.extend(children.get(pid, []))
    return found


def tree_rss(root: int) -> int:
    """Resident bytes of process ``root`` and all its descendants, now."""
    return sum(p.rss for p in tree(root))


def pss(pid: int) -> int:
    """Proportional set size of ``pid`` (bytes): each shared page counted once
    over the processes sharing it, so the PSS of a tree sums to the memory it
    really holds, where forked children's RSS counts their parent's pages again."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


@dataclass
class Memory:
    """The memory of a build's process tree over the build: the peak of the
    summed resident sizes (the headline), the peak of the summed PSS, and the
    processes at the moment of the RSS peak."""

    peak_rss: int = 0
    peak_pss: int = 0
    at_peak: list[Process] | None = None
    at_peak_seconds: float = 0.0
    samples: int = 0

    def sample(self, root: int, seconds: float, timeline) -> None:
        """Read the tree's resident sizes; at a new peak, and every tenth sample
        (PSS costs the kernel a walk of each process's page tables, far more than
        the resident size), also each process's PSS and what it is."""
        self.samples += 1
        processes = tree(root)
        rss = sum(p.rss for p in processes)
        peak = rss > self.peak_rss
        if not peak and self.samples % 10:
            return
        for process in processes:
            process.pss = pss(process.pid)
            process.name = _name(process.pid, process.name)
        total_pss = sum(p.pss for p in processes)
        self.peak_pss = max(self.peak_pss, total_pss)
        if peak:
            self.peak_rss, self.at_peak, self.at_peak_seconds = rss, processes, seconds
        if timeline is not None:
            groups: dict[str, list[int]] = {}
            for p in processes:
                group = groups.setdefault(p.name, [0, 0, 0])
                group[0] += 1
                group[1] += p.rss
                group[2] += p.pss
            parts = " ".join(f"{name}={n}:{r / 1e6:.0f}/{s / 1e6:.0f}" for name, (n, r, s) in sorted(groups.items()))
            cpu = sum(p.cpu for p in processes)
            timeline.write(f"{seconds:.2f}\t{cpu:.1f}\t{rss / 1e6:.0f}\t{total_pss / 1e6:.0f}\t{parts}\n")

    def breakdown(self) -> str:
        """The processes at the RSS peak, grouped by what they are: count, RSS, PSS (MB), threads."""
        if not self.at_peak:
            return "(inga processer)"
        groups: dict[str, list[int]] = {}
        for p in self.at_peak:
            group = groups.setdefault(p.name, [0, 0, 0, 0])
            group[0] += 1
            group[1] += p.rss
            group[2] += p.pss
            group[3] += p.threads
        lines = [
            f"  {n} × {name}: RSS {r / 1e6:.0f} MB, PSS {s / 1e6:.0f} MB, {t} trådar"
            for name, (n, r, s, t) in sorted(groups.items(), key=lambda item: -item[1][1])
        ]
        return f"vid RSS-toppen efter {self.at_peak_seconds:.1f} s:\n" + "\n".join(lines)


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
    memory = Memory()
    done = threading.Event()

    def sample() -> None:
        # a line per sample: seconds, CPU seconds so far, summed RSS and PSS (MB),
        # then each kind of process with count:RSS/PSS — where a build's memory
        # goes, and when (and, from the CPU, when a core stands idle)
        with open(site.with_suffix(".minne.tsv"), "w", encoding="utf-8") as timeline:
            while not done.is_set():
                memory.sample(process.pid, time.perf_counter() - start, timeline)
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
    pages = sum(1 for _ in site.rglob("*.html"))
    return Run(seconds, usage.ru_utime + usage.ru_stime, memory.peak_rss / 1e6, pages, memory)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=COMMITS, help="the corpus's git history (200)")
    parser.add_argument("--rows", default="1,2,3,4", help="which rows to measure, e.g. 3,4 (row 2 needs row 1)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites (path printed)")
    parser.add_argument("--workdir", type=Path, help="build in this folder and keep it; reused when run again")
    args = parser.parse_args()
    rows = [int(r) for r in args.rows.split(",")]
    corpus = git_corpus(args.documents, args.seed, args.commits)
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
                f"samverkan {s.seconds:.1f} s (CPU {s.cpu:.0f} s, {s.peak_mb:.0f} MB, "
                f"PSS {s.memory.peak_pss / 1e6:.0f} MB), {s.pages} sidor",
                file=sys.stderr,
                flush=True,
            )
            print(f"samverkan {s.memory.breakdown()}", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{args.documents} dokument, {args.commits} incheckningar, {os.cpu_count()} kärnor")
    print_markdown_table(
        [
            "fall",
            "plain",
            "samverkan",
            "kvot",
            "CPU plain",
            "CPU samverkan",
            "minne plain",
            "minne samverkan",
            "PSS samverkan",
            "sidor",
        ],
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
                f"{s.memory.peak_pss / 1e6:.0f} MB",
                f"{s.pages}",
            ]
            for name, p, s in results
        ],
        right={1, 2, 3, 4, 5, 6, 7, 8, 9},
    )
    if args.keep:
        print(f"projekten och webbplatserna finns kvar i {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
