#!/usr/bin/env python3
"""Time ``samverkan validate`` on the repository's own content and a generated corpus.

    python bench/validate_bench.py [--documents 3000] [--regions 3] [--runs 3] [--seed 1]
                                   [--regenerate] [--samverkan PATH]
    python bench/validate_bench.py --documents 63000 --regions 21 --runs 1

Two cases are measured, each ``--runs`` times (wall clock, the CLI run as a
subprocess exactly as a user or CI would run it; every run is a first run,
the validator keeps no cache; the package's bytecode is compiled first, as
``make install`` compiles it):

* the repository's own content (``--root`` = the repository root);
* a generated corpus of ``--documents`` documents in ``--regions`` regions in
  ``bench/out/corpus-N`` (``corpus-N-rR`` for other than 3 regions), generated
  with ``bench/generate.py`` unless it already exists.

For each case the median wall time, the CPU time (user + system, all
processes), the peak memory of the largest process (max RSS), the number of
documents and the number of findings by severity (from ``--format json``) are
printed as a table, with the targets of issue 10 (≤ 1 s for 3,000 documents,
≤ 10 s and < 1 GB for 63,000) beside them.
The exit status is 1 when a run could not be measured (the CLI crashed, gave
a usage error or printed something that is not a JSON array), else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tabell import corpus as generated_corpus
from tabell import print_markdown_table, rel  # bench/ is on sys.path when a script runs

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_SAMVERKAN = REPO / ".venv" / "bin" / "samverkan"


@dataclass
class Result:
    name: str
    root: Path
    documents: int
    times: list[float] = field(default_factory=list)
    errors: int | None = None
    warnings: int | None = None
    exit_codes: list[int] = field(default_factory=list)
    problem: str | None = None
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def count_documents(root: Path) -> int:
    """Documents as the content model defines them: every .md except README.md."""
    folder = root / "agreements"
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.rglob("*.md") if p.is_file() and p.name != "README.md")


def measure(samverkan: Path, name: str, root: Path, runs: int, extra: list[str]) -> Result:
    result = Result(name, root, count_documents(root))
    cmd = [str(samverkan), "validate", "--root", str(root), "--format", "json", *extra]
    for _ in range(runs):
        started = time.perf_counter()
        before = os.times()
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        elapsed = time.perf_counter() - started
        after = os.times()
        result.cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
        # max RSS of the largest process waited for so far (the CLI or one of its workers)
        result.peak_mb = max(result.peak_mb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        result.exit_codes.append(proc.returncode)
        if proc.returncode not in (0, 1):
            result.problem = f"avslutningsstatus {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-500:]}"
            return result
        try:
            findings = json.loads(proc.stdout)
            if not isinstance(findings, list):
                raise ValueError("not a JSON array")
        except ValueError as e:
            result.problem = f"utdata är inte en JSON-lista ({e}): {proc.stdout.strip()[:300]}"
            return result
        result.times.append(elapsed)
        result.errors = sum(1 for f in findings if f.get("severity") == "error")
        result.warnings = sum(1 for f in findings if f.get("severity") == "warning")
    return result


def compile_bytecode(samverkan: Path) -> None:
    """Compile the measured package's bytecode, as ``make install`` does: an
    editable install does not, and with PYTHONDONTWRITEBYTECODE set every run
    would compile every module again (the time of an installation, not of a check)."""
    python = samverkan.with_name("python")
    if not python.exists():
        return
    code = "import compileall, os, samverkan; compileall.compile_dir(os.path.dirname(samverkan.__file__), quiet=1)"
    subprocess.run([str(python), "-c", code], check=False)


def print_table(results: list[Result], runs: int) -> None:
    headers = [
        "korpus",
        "dokument",
        f"median (s, {runs} körn.)",
        "CPU (s)",
        "minne (MB)",
        "ms/dokument",
        "mål",
        "fel",
        "varningar",
        "status",
    ]
    rows = []
    for r in results:
        median = r.median
        per_doc = f"{1000 * median / r.documents:.2f}" if median is not None and r.documents else "–"
        rows.append(
            [
                r.name,
                str(r.documents),
                f"{median:.3f}" if median is not None else "–",
                f"{statistics.median(r.cpu):.2f}" if r.cpu else "–",
                f"{r.peak_mb:.0f}",
                per_doc,
                _target(r.documents),
                "–" if r.errors is None else str(r.errors),
                "–" if r.warnings is None else str(r.warnings),
                "misslyckades" if r.problem else ",".join(sorted({str(c) for c in r.exit_codes})),
            ]
        )
    print_markdown_table(headers, rows, right={1, 2, 3, 4, 5, 7, 8})
    for r in results:
        if r.problem:
            print(f"\n{r.name}: {r.problem}", file=sys.stderr)


def _target(documents: int) -> str:
    """Issue 10's target for an archive of this size (2 cores, first run)."""
    if documents >= 60_000:
        return "≤ 10 s, < 1 GB"
    if documents >= 3_000:
        return "≤ 1 s"
    return "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time 'samverkan validate' (see bench/README.md).")
    parser.add_argument("--documents", type=int, default=3000, help="size of the generated corpus (default 3000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--regions", type=int, default=3, help="regions in the generated corpus (default 3)")
    parser.add_argument("--regenerate", action="store_true", help="generate the corpus again even if it exists")
    parser.add_argument(
        "--samverkan", type=Path, default=DEFAULT_SAMVERKAN, help=f"the CLI to time (default {rel(DEFAULT_SAMVERKAN)})"
    )
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="passed on to 'samverkan validate --today'")
    args = parser.parse_args(argv)
    if args.documents < 1 or args.runs < 1:
        parser.error("--documents and --runs must be ≥ 1")
    if not args.samverkan.exists():
        print(f"fel: hittar inte {args.samverkan} — kör 'make install' först (eller ange --samverkan)", file=sys.stderr)
        return 2

    compile_bytecode(args.samverkan)
    corpus = generated_corpus(args.documents, args.seed, regions=args.regions, regenerate=args.regenerate)
    extra = ["--today", args.today] if args.today else []
    cases = [("arkivets innehåll", REPO), (f"genererad ({rel(corpus)})", corpus)]
    results = []
    for name, root in cases:
        runs = f"{args.runs} körning" + ("ar" if args.runs != 1 else "")
        print(f"Mäter {name}: {runs} …", flush=True)
        results.append(measure(args.samverkan, name, root, args.runs, extra))
    print_table(results, args.runs)
    return 1 if any(r.problem for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
