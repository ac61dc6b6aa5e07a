"""What the benchmark scripts share: paths shown relative to the repository,
and results printed as a Markdown table (ready for bench/README.md)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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
