"""What the benchmark scripts share: the generated corpora, paths shown
relative to the repository, and results printed as a Markdown table (ready for
bench/README.md)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
COMMITS = 200  # the history of the corpus the build, site, serve and history benchmarks use


def corpus(
    documents: int, seed: int = 1, *, regions: int = 3, commits: int | None = None, regenerate: bool = False
) -> Path:
    """A generated archive in ``bench/out/``, made with ``generate.py`` when it is
    missing (or ``regenerate``): ``corpus-N`` (``corpus-N-rR`` for other than 3
    regions), with ``commits`` of git history ``corpus-N-git`` (``-gitK`` for
    other than 200 commits)."""
    name = f"corpus-{documents}" + ("" if regions == 3 else f"-r{regions}")
    if commits is not None:
        name += "-git" + ("" if commits == COMMITS else str(commits))
    path = BENCH / "out" / name
    ready = (path / "agreements").is_dir() and (commits is None or (path / ".git").is_dir())
    if ready and not regenerate:
        print(f"Använder befintlig korpus {rel(path)} (--regenerate skapar den på nytt).")
        return path
    command = [sys.executable, str(BENCH / "generate.py"), str(path), "--documents", str(documents)]
    command += ["--seed", str(seed), "--regions", str(regions)]
    command += ["--git-commits", str(commits)] if commits is not None else []
    command += ["--force"] if path.exists() else []
    history = f" och {commits} incheckningar" if commits is not None else ""
    print(f"Genererar {documents} dokument{history} i {rel(path)} …", flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    print(f"  klart på {time.perf_counter() - started:.1f} s")
    return path


def git_corpus(documents: int, seed: int = 1, commits: int = COMMITS, *, regenerate: bool = False) -> Path:
    """The generated archive with git history the build, site, serve and history
    benchmarks use: ``bench/out/corpus-N-git``."""
    return corpus(documents, seed, commits=commits, regenerate=regenerate)
    command = [sys.executable, str(BENCH / "generate.py"), str(corpus), "--documents", str(documents)]
    command += ["--seed", str(seed), "--git-commits", str(commits), *(["--force"] if corpus.exists() else [])]
    print(f"Genererar {documents} dokument och {commits} incheckningar i {rel(corpus)} …", flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    print(f"  klart på {time.perf_counter() - started:.1f} s")
    return corpus


def rel(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    try:
        return path.resolve().relative_to(REPO).as_posix() or "."
    except ValueError:
        return str(path)


def print_markdown_table(headers: list[str], rows: list[list[str]], right: set[int]) -> None:
    """A Markdown table with aligned columns; the columns in ``right`` are right-aligned."""
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
            + " |"
        )

    print()
    print(line(headers))
    print("|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|")
    for row in rows:
        print(line(row))
