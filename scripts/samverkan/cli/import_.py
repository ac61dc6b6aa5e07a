"""``samverkan import``: a Word agreement (.docx) into a document.

Exit status: 0 when the document is written and passes validation, 1 when it
is written but lacks something the report lists under "Fyll i" or "Rätta" (or
when an existing file stands in the way), 2 when the Word file cannot be read
or the command is used wrongly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import importera, ny
from ..loader import load
from . import common, placement


def register(commands) -> None:
    command = commands.add_parser(
        "import",
        help="gör om ett avtal i Word (.docx) till ett dokument",
        description="Gör om en Word-fil (.docx) till ett dokument under agreements/: rubriker, listor, "
        "tabeller, betoning och bilder följer med, och uppgifter som diarienummer, fastställd av och "
        "giltighetsdatum hämtas till huvudet. Det som inte går att avgöra listas, så att du kan fylla i det. "
        "En befintlig fil skrivs aldrig över utan --force.",
    )
    command.add_argument("file", type=Path, metavar="FIL.docx", help="Word-filen som ska importeras")
    command.add_argument(
        "--typ",
        dest="typ",
        choices=importera.TYPES,
        default=None,
        help="avtal (standard) eller bilaga; en fil som samverkan export har gjort säger det själv",
    )
    command.add_argument(
        "--uppdatera",
        dest="update",
        type=placement.text,
        metavar="ID",
        help="ta in en Word-redigerad kopia som en ny version av dokumentet ID: huvudet behålls, "
        "och bara det som ändrats i Word ändras i texten",
    )
    command.add_argument(
        "--titel",
        dest="title",
        type=placement.text,
        metavar="TEXT",
        help="dokumentets titel (standard: titeln i Word-filen); id:t bildas av den",
    )
    placement.add_id(command)
    placement.add_scope(command)
    command.add_argument(
        "--arena",
        dest="arena",
        type=placement.text,
        metavar="ID",
        help=(
            "dokumentägaren: arenan som förvaltar avtalet "
            "(standard: dokumentägaren i Word-filen, om den finns i registret)"
        ),
    )
    command.add_argument(
        "--parter",
        dest="parties",
        type=placement.id_list,
        metavar="ID,ID",
        help="parterna (standard: regionen och alla kommuner som avtalet omfattar)",
    )
    placement.add_bilaga(command)
    placement.add_folder(command)
    command.add_argument("--force", action="store_true", help="skriv över en befintlig fil och dess bilder")
    common.add_root(command)
    command.add_argument("--today", type=common.date, metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum")
    command.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> int:
    root = common.root(args)
    if args.update:
        return _update(args, root)
    options = placement.options(args, root)
    try:
        repo, _ = load(root)
        imported = importera.convert(repo, args.file, args.typ, options)
        stale = importera.write(root, imported, force=args.force)
    except ny.NewDocumentError as e:
        print(f"samverkan: {e}", file=sys.stderr)
        return 1
    lines = imported.report.lines()
    if stale:
        lines.insert(
            2 if imported.images else 1, f"Oanvända bilder från en tidigare import (ta bort dem): {', '.join(stale)}"
        )
    print("\n".join(lines))
    return 0 if imported.report.complete else 1


def _update(args: argparse.Namespace, root: Path) -> int:
    from ..importera import updating

    repo, _ = load(root)
    updated = updating.update(repo, root, args.file, args.update, args.today or dt.date.today())
    try:
        written = updating.write(root, updated, force=args.force)
    except ny.NewDocumentError as e:
        print(f"samverkan: {e}", file=sys.stderr)
        return 1
    print(
        f"Uppdaterade {updated.path} från {args.file.name}: {updated.changes} ändring(ar) i texten, huvudet oförändrat."
    )
    if written:
        print(f"Nya bilder: {', '.join(written)}")
    review = list(updated.notes)
    if updated.unplaced:
        review.append(
            f"{updated.unplaced} ändring(ar) kunde inte placeras ord för ord och ersatte ett helt "
            "stycke — jämför med 'git diff'"
        )
    if updated.unused:
        review.append(f"texten använder inte längre {', '.join(updated.unused)} — ta bort filen om den inte behövs")
    for note in review:
        print(f"Att granska: {note}.")
    print(f"Granska med 'git diff {updated.path}' eller 'samverkan diff {args.update}' och kör 'samverkan validate'.")
    return 0
