#!/usr/bin/env python3
"""Fuzz ``samverkan validate`` with thousands of seeded mutations of the sample content.

    python bench/fuzz_bench.py [--cases 10000] [--first-seed 0] [--out bench/out/fuzz]

The mutator is tests/fuzzing.py (the test suite runs the first 200 seeds). Each
case runs the CLI in-process with ``--format json`` and must end with status
0 or 1, a JSON list, no traceback, no internal error, within 20 s of CPU time
(and 180 s of wall clock, against blocking). Prints the
number of cases, failures by kind, timeouts, the slowest cases and the peak
memory of the process (max RSS); the exit status is 1 when any case failed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from tests.fuzzing import TIME_LIMIT, WALL_LIMIT, Fuzzer  # noqa: E402

from tabell import print_markdown_table  # noqa: E402  (bench/ is on sys.path when a script runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz 'samverkan validate' (see bench/README.md).")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "fuzz", help="working copy (replaced)")
    args = parser.parse_args(argv)
    fuzzer = Fuzzer(REPO, args.out)
    started = time.perf_counter()
    failures, kinds, slowest = [], Counter(), []
    for seed in range(args.first_seed, args.first_seed + args.cases):
        outcome = fuzzer.run(seed)
        kinds.update(outcome.mutations)
        slowest = sorted([*slowest, (outcome.seconds, seed, "+".join(outcome.mutations))], reverse=True)[:5]
        if outcome.problem:
            failures.append(outcome)
            print(f"seed {seed} {outcome.mutations}: {outcome.problem}", file=sys.stderr, flush=True)
        if (seed - args.first_seed + 1) % 1000 == 0:
            print(f"{seed - args.first_seed + 1} fall, {len(failures)} fel …", flush=True)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timeouts = sum(1 for o in failures if o.problem and o.problem.startswith("över"))
    tracebacks = sum(1 for o in failures if o.problem and not o.problem.startswith(("över", "status", "ingen")))
    print_markdown_table(
        ["mått", "värde"],
        [
            ["fall", str(args.cases)],
            ["misslyckade fall", str(len(failures))],
            ["undantag/traceback/internt fel", str(tracebacks)],
            [f"över {TIME_LIMIT} s CPU / {WALL_LIMIT} s", str(timeouts)],
            ["total tid (s)", f"{elapsed:.0f}"],
            ["långsammaste fall (s)", ", ".join(f"{s:.2f} (frö {seed}, {m})" for s, seed, m in slowest[:3])],
            ["högsta minne (MB, max RSS)", f"{peak_mb:.0f}"],
        ],
        right={1},
    )
    print("\nmutationer:", ", ".join(f"{name} {count}" for name, count in sorted(kinds.items())))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
