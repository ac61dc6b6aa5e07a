"""``samverkan changes``: what a pull request changes, in Swedish."""

from __future__ import annotations

import argparse
import sys

from .. import andringar
from ..andringar import render
from . import common


def register(commands) -> None:
    changes = commands.add_parser(
        "changes",
        help="sammanfatta vad en ändring (t.ex. en pull request) gör med dokumenten",
        description="Jämför två git-revisioner och sammanfattar på svenska vad som ändras: tillagda, "
        "borttagna och flyttade dokument, ändrad status, ändrade uppgifter och avsnitt (med "
        "ändringarna ord för ord), registret och nya valideringsfynd. Arbetsflödet för pull "
        "requests postar Markdown-varianten som en kommentar.",
    )
    changes.add_argument(
        "--base", required=True, metavar="REV", help="revisionen ändringen utgår från, t.ex. origin/main"
    )
    changes.add_argument("--head", default="HEAD", metavar="REV", help="revisionen med ändringen (standard: HEAD)")
    changes.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="markdown (standard) eller json"
    )
    changes.add_argument(
        "--utan-interna",
        action="store_true",
        help="utelämna interna dokument (publicering: intern) helt: ingen titel, inget id, inga fynd om dem; "
        "för text som andra än förvaltarna ser, som kommentaren på en pull request",
    )
    changes.add_argument("--today", type=common.date, metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum")
    common.add_root(changes)
    changes.set_defaults(handler=_changes)


def _changes(args: argparse.Namespace) -> int:
    root = common.root(args)
    change = andringar.between(root, args.base, args.head, args.today, public=args.utan_interna)
    text = render.markdown(change) if args.format == "markdown" else render.json_text(change)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
