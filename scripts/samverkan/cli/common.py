"""What the command modules share: argument types and finding the repository."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError
from ..loader import find_root


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' är inget datum — skriv ÅÅÅÅ-MM-DD") from None


def root(args: argparse.Namespace) -> Path:
    """The folder holding ``agreements/``: ``--rot`` or found upwards from here."""
    found = args.root if args.root else find_root(Path.cwd())
    if args.root and not (found / "agreements").is_dir():
        raise UsageError(f"'{found}' innehåller ingen mapp agreements/ — ange mappen som har agreements/")
    return found


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=Path,
        metavar="MAPP",
        help="mappen som innehåller agreements/ (standard: sök uppåt från arbetsmappen)",
    )


def relative(paths: Sequence[str], root: Path) -> list[str]:
    result = []
    for raw in paths:
        absolute = Path(raw).resolve()
        try:
            result.append(absolute.relative_to(root.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"sökvägen '{raw}' ligger inte i arkivet {root}") from None
    return result
