"""``samverkan new``: a new document from a template."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from .. import ny, reporters
from ..errors import UsageError
from ..loader import load
from ..model import DOCUMENT_TYPES
from . import common, placement


def _document_type(value: str) -> str:
    value = unicodedata.normalize("NFC", value.strip())
    return "mötesanteckning" if value == "motesanteckning" else value


def _date(option: str, value: str):
    try:
        return common.date(value)
    except argparse.ArgumentTypeError as e:
        raise UsageError(f"{option}: {e}") from None


def register(commands) -> None:
    new = commands.add_parser(
        "new",
        help="skapa ett nytt dokument från en mall",
        description="Skapar ett nytt dokument (avtal, bilaga, uppdragshandling, mötesanteckning eller remissvar) "
        "med ett ledigt id, ett ifyllt huvud och en textmall med rubriker. Det som inte anges "
        "hämtas från registret när det går.",
    )
    new.add_argument(
        "typ",
        type=_document_type,
        choices=DOCUMENT_TYPES,
        metavar="TYP",
        help="avtal, bilaga, uppdragshandling, mötesanteckning eller remissvar",
    )
    new.add_argument(
        "--titel",
        dest="title",
        type=placement.text,
        metavar="TEXT",
        help="dokumentets titel (krävs utom för mötesanteckning); id:t bildas av den",
    )
    placement.add_id(new)
    placement.add_scope(new)
    new.add_argument(
        "--arena",
        dest="arena",
        type=placement.text,
        metavar="ID",
        help="avtal: dokumentägare; uppdragshandling: uppdragstagare; mötesanteckning: arenan som höll mötet",
    )
    new.add_argument(
        "--uppdragsgivare",
        dest="commissioner",
        type=placement.text,
        metavar="ID",
        help="uppdragshandling: arenan som ger uppdraget",
    )
    placement.add_bilaga(new)
    new.add_argument(
        "--parter",
        dest="parties",
        type=placement.id_list,
        metavar="ID,ID",
        help="avtal: parterna (standard: regionen och alla kommuner som avtalet omfattar)",
    )
    new.add_argument(
        "--datum",
        dest="date",
        type=common.date,
        metavar="ÅÅÅÅ-MM-DD",
        help="mötesanteckning: mötets datum (standard: i dag)",
    )
    new.add_argument(
        "--status",
        dest="status",
        choices=ny.STATUSES,
        help="utkast (standard), remiss eller för en mötesanteckning justerad",
    )
    new.add_argument(
        "--svar-på",
        dest="answers",
        type=placement.text,
        metavar="ID",
        help="remissvar: dokumentet som är på remiss",
    )
    new.add_argument(
        "--från",
        dest="from_value",
        type=placement.text,
        metavar="ÅÅÅÅ-MM-DD|ID",
        help="uppdragshandling: tidsramens början (standard: i dag); remissvar: instansen som svarar",
    )
    new.add_argument(
        "--till",
        dest="end",
        type=common.date,
        metavar="ÅÅÅÅ-MM-DD",
        help="uppdragshandling: tidsramens slut (standard: ett år efter början)",
    )
    placement.add_folder(new)
    new.add_argument("--force", action="store_true", help="skriv över en befintlig fil")
    common.add_root(new)
    new.add_argument("--today", type=common.date, metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum")
    new.set_defaults(handler=_new)


def _new(args: argparse.Namespace) -> int:
    root = common.root(args)
    # --från is a date for an uppdragshandling and a registry id for a remissvar
    args.party = args.from_value if args.typ == "remissvar" else None
    args.start = None if args.typ == "remissvar" or args.from_value is None else _date("--från", args.from_value)
    options = placement.options(args, root)
    try:
        repo, _ = load(root)
        path, text = ny.create(repo, args.typ, options)
        errors = [f for f in ny.validate(repo, path, text, args.today) if f.severity.value == "error"]
        if errors:
            # Should not happen: create() refuses what the validator would reject.
            sys.stderr.write(reporters.text(errors))
            raise ny.NewDocumentError(
                f"dokumentet skrevs inte: '{path}' skulle inte klara valideringen (se ovan) — kontrollera flaggorna"
            )
        ny.write(root, path, text, force=args.force)
    except ny.NewDocumentError as e:
        print(f"samverkan: {e}", file=sys.stderr)
        return 1
    print(f"Skapade {path}")
    print("Kör 'samverkan validate' när du har fyllt i texten.")
    return 0
