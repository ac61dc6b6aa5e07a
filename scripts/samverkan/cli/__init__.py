"""The ``samverkan`` command. A thin layer: parse arguments, call the core, print.

One module per subcommand, each with ``register(commands)``. No traceback
reaches the user: errors of the tool become a Swedish message and exit status
2; findings become exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import SamverkanError
from ..swedish_argparse import SwedishArgumentParser

# Subcommand name -> its module, in the order `samverkan --help` lists them.
# Imported only when needed: `samverkan validate` would otherwise spend a
# third of a second importing history, comparison and export code it never uses.
COMMANDS = {
    "validate": "validate",
    "new": "new",
    "import": "import_",
    "export": "export",
    "diff": "diff",
    "changes": "changes",
    "codeowners": "codeowners",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (``only``) just one subcommand: parsing
    arguments that start with that subcommand's name gives the same result,
    usage and messages either way."""
    parser = SwedishArgumentParser(
        prog="samverkan",
        description="Verktyg för styrdokument i vårdsamverkan: validering och handbok.",
    )
    parser.add_argument(
        "--version", action="version", version=f"samverkan {__version__}", help="visa versionen och avsluta"
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=SwedishArgumentParser)
    commands.required = True
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"{__name__}.{module}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    own_process = argv is None  # the `samverkan` command itself, not a caller in a longer process
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    args.own_process = own_process  # a handler may then end the process when it is done (validate)
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
