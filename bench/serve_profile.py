#!/usr/bin/env python3
"""CPU per edit of the preview (``make serve``), measured inside one process.

    python bench/serve_profile.py [--only exempel|korpus] [--documents 3000] [--profile MAPP] [--core]

Does what ``mkdocs serve --dirty`` does between two saves – load ``mkdocs.yml``
and build – in this process, on the same copies of the projects as
``serve_bench.py`` (the sample content with downloads, the generated corpus
without), and prints for each edit the processor time of the rebuild
(``time.process_time``: every thread of this process, not the file watcher,
which ``serve_bench.py`` includes) and its wall time. On a machine shared with
other work the processor time is the figure to compare. ``--profile`` writes a
cProfile file per edit, not for the first build (``pstats`` reads them).
``--core`` measures only the core's part (:class:`samverkan.handbok.incremental.Session`),
without mkdocs: its first build takes a fraction of mkdocs' on the corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from serve_bench import edits, pick, project_of
from tabell import print_markdown_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("exempel", "korpus"), default="exempel")
    parser.add_argument("--profile", type=Path, help="folder for one cProfile file per edit")
    parser.add_argument(
        "--core", action="store_true", help="only the core's refresh (samverkan.handbok.incremental.Session), no mkdocs"
    )
    parser.add_argument(
        "--paus",
        type=float,
        default=0.0,
        help="seconds to wait before each edit, as an editor does between saves: the downloads "
        "the last build left converting then do not run during the next measurement",
    )
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("SAMVERKAN_INTERN", None)
    if args.only == "korpus":
        os.environ["SAMVERKAN_EXPORT"] = "false"
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-serve-profile-"))
    try:
        project = project_of(args.only, workdir, args.documents, args.seed)
        if args.core:
            rows = measure_core(project, args.profile)
        else:
            rows = measure(project, workdir / "site", args.profile, args.paus)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_markdown_table(
        ["ändring", "CPU (s)", "vägg (s)"],
        [[name, f"{cpu:.2f}".replace(".", ","), f"{wall:.2f}".replace(".", ",")] for name, cpu, wall in rows],
        right={1, 2},
    )
    return 0


def measure(project: Path, site: Path, profile: Path | None, pause: float = 0.0) -> list[tuple[str, float, float]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(project)

    def config():
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        cfg.site_url = "http://127.0.0.1:8000/"
        return cfg

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    rows = []

    def timed(name: str, cfg=None) -> None:
        profiler = cProfile.Profile() if profile and cfg is None else None  # not the first build
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        build(cfg or config(), serve_url="http://127.0.0.1:8000/", dirty=True)
        if profiler:
            profiler.disable()
            profile.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(profile / f"{len(rows):02d}-{name.replace(' ', '-')}.prof")
        rows.append((name, time.process_time() - cpu, time.perf_counter() - wall))
        print(f"{name}: CPU {rows[-1][1]:.2f} s, vägg {rows[-1][2]:.2f} s", flush=True)

    timed("start (första bygget)", first)
    avtal, meeting = pick(project, "avtal"), pick(project, "mötesanteckning")
    for name, change, _check in edits(project, avtal, meeting):
        time.sleep(pause)
        change(0)
        timed(name)
    first.plugins.on_shutdown()
    return rows


def measure_core(project: Path, profile: Path | None) -> list[tuple[str, float, float]]:
    """As :func:`measure`, the core's part only: :meth:`Session.refresh` after each
    edit (without downloads, which are made in other processes)."""
    import datetime as dt

    from samverkan.handbok.incremental import Session

    session = Session(project, today=dt.date.today(), intern=False, history=True, downloads=False)
    rows = []

    def timed(name: str, first: bool = False) -> None:
        profiler = cProfile.Profile() if profile and not first else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        update = session.refresh()
        if profiler:
            profiler.disable()
            profile.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(profile / f"{len(rows):02d}-{name.replace(' ', '-')}.prof")
        rows.append((name, time.process_time() - cpu, time.perf_counter() - wall))
        made = "alla" if update.everything else f"{len(update.changed)} ändrade, {len(update.removed)} borttagna"
        print(f"{name}: CPU {rows[-1][1]:.2f} s, vägg {rows[-1][2]:.2f} s ({made})", flush=True)

    timed("start (första bygget)", first=True)
    avtal, meeting = pick(project, "avtal"), pick(project, "mötesanteckning")
    for name, change, _check in edits(project, avtal, meeting):
        change(0)
        timed(name)
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
