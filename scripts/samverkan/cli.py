"""The ``samverkan`` command. A thin layer: parse arguments, call the core, print.

No traceback reaches the user: errors of the tool become a Swedish message and
exit status 2; findings become exit status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__, reporters
from .checker import check
from .errors import SamverkanError, UsageError
from .loader import find_root
from .swedish_argparse import SwedishArgumentParser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' är inget datum — skriv ÅÅÅÅ-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishArgumentParser(
        prog="samverkan",
        description="Verktyg för styrdokument i vårdsamverkan: validering och handbok.",
    )
    parser.add_argument("--version", action="version", version=f"samverkan {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=SwedishArgumentParser)
    commands.required = True

    validate = commands.add_parser(
        "validate",
        help="kontrollera registret och dokumenten under agreements/",
        description="Kontrollerar hela arkivet mot innehållsmodellen. Sökvägar begränsar vad "
        "som rapporteras, inte vad som läses in.",
    )
    validate.add_argument("paths", nargs="*", metavar="SÖKVÄG", help="rapportera bara fynd i dessa filer eller mappar")
    validate.add_argument("--root", type=Path, help="mappen som innehåller agreements/ (standard: sök uppåt från arbetsmappen)")
    validate.add_argument("--format", choices=sorted(reporters.REPORTERS), default="text", help="utdataformat (standard: text)")
    validate.add_argument("--strict", action="store_true", help="låt även varningar ge felstatus")
    validate.add_argument("--today", type=_date, metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum")
    validate.set_defaults(handler=_validate)
    return parser


def _relative(paths: Sequence[str], root: Path) -> list[str]:
    result = []
    for raw in paths:
        absolute = Path(raw).resolve()
        try:
            result.append(absolute.relative_to(root.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"sökvägen '{raw}' ligger inte i arkivet {root}") from None
    return result


def _validate(args: argparse.Namespace) -> int:
    root = args.root if args.root else find_root(Path.cwd())
    if args.root and not (root / "agreements").is_dir():
        raise UsageError(f"'{root}' innehåller ingen mapp agreements/ — ange mappen som har agreements/")
    result = check(root, today=args.today, paths=_relative(args.paths, root))
    sys.stdout.write(reporters.REPORTERS[args.format](result.findings))
    if args.format == "text":
        repo = result.repo
        summary = (
            f"{len(result.errors)} fel, {len(result.warnings)} varningar i "
            f"{len(repo.documents)} dokument och {len(repo.entries)} registerposter"
        )
        print(summary, file=sys.stderr)
    return 1 if result.failed(args.strict) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as e:
        print(f"samverkan: {e}", file=sys.stderr)
        return 2
    except SamverkanError as e:
        print(f"samverkan: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head`: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
