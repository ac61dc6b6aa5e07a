"""``samverkan validate``: check everything, report findings."""

from __future__ import annotations

import argparse
import gc
import os
import sys

from .. import reporters
from ..checker import check
from ..errors import UsageError
from . import common


def register(commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="kontrollera registret och dokumenten under agreements/",
        description="Kontrollerar hela arkivet mot innehållsmodellen. Sökvägar begränsar vad "
        "som rapporteras, inte vad som läses in.",
    )
    validate.add_argument("paths", nargs="*", metavar="SÖKVÄG", help="rapportera bara fynd i dessa filer eller mappar")
    common.add_root(validate)
    validate.add_argument(
        "--format", choices=sorted(reporters.REPORTERS), default="text", help="utdataformat (standard: text)"
    )
    validate.add_argument("--strict", action="store_true", help="låt även varningar ge felstatus")
    validate.add_argument("--today", type=common.date, metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum")
    validate.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    root = common.root(args)
    for raw in args.paths:
        if not os.path.lexists(raw):
            # A mistyped path would otherwise report nothing and pass.
            shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in raw)
            raise UsageError(f"sökvägen '{shown}' finns inte — ange en fil eller mapp i arkivet")
    if getattr(args, "own_process", False):
        # The process ends once the report is out (_end_now). With the cycle
        # collector back on after checking, its first pass would walk every
        # object of the archive just loaded (a second on a region's archive).
        gc.disable()
    result = check(root, today=args.today, paths=common.relative(args.paths, root), parallel=True)
    sys.stdout.write(reporters.REPORTERS[args.format](result.findings))
    if args.format == "text":
        repo = result.repo
        infos = f", {len(result.infos)} upplysningar" if result.infos else ""
        summary = (
            f"{len(result.errors)} fel, {len(result.warnings)} varningar{infos} i "
            f"{len(repo.documents)} dokument och {len(repo.entries)} registerposter"
        )
        print(summary, file=sys.stderr)
    status = 1 if result.failed(args.strict) else 0
    if getattr(args, "own_process", False):
        _end_now(status)
    return status


def _end_now(status: int) -> None:
    """End the process once the report is out, without freeing the checked
    archive object by object: millions of small objects, seconds of work on a
    region's archive for memory the system takes back at once anyway."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
