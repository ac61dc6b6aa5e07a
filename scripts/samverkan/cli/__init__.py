"""The ``samverkan`` command. A thin layer: parse arguments, call the core, print.

One module per subcommand, each with ``register(commands)``. No traceback
reaches the user: errors of the tool become a Swedish message and exit status
2; findings become exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import SamverkanError
from ..swedish_argparse import SwedishArgumentParser
from . import changes, codeowners, diff, export, import_, new, validate

COMMANDS = (validate, new, import_, export, diff, changes, codeowners)


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishArgumentParser(
        prog="samverkan",
        description="Verktyg för styrdokument i vårdsamverkan: validering och handbok.",
    )
    parser.add_argument(
        "--version", action="version", version=f"samverkan {__version__}", help="visa versionen och avsluta"
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=SwedishArgumentParser)
    commands.required = True
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
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
