"""``samverkan export``: one document as a Word or PDF file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import exportera, status
from ..errors import UsageError
from ..loader import load
from ..model import Repository
from ..suggest import did_you_mean
from . import common


def register(commands) -> None:
    export = commands.add_parser(
        "export",
        help="exportera ett dokument till Word (.docx) eller PDF",
        description="Gör en fil av ett dokument som en nämnd kan diarieföra: en tabell med "
        "dokumentets uppgifter, texten och med --med-bilagor avtalets bilagor. Sidfoten anger "
        "utskriftsdatum och gällande version. Bilagor som är utkast tas bara med med --med-utkast.",
    )
    export.add_argument("id", metavar="ID", help="id på dokumentet som ska exporteras")
    export.add_argument("--format", dest="fmt", required=True, choices=exportera.FORMATS, help="docx (Word) eller pdf")
    export.add_argument(
        "--med-bilagor",
        dest="bilagor",
        action="store_true",
        help="ta med avtalets bilagor, var och en på en ny sida i nummerordning",
    )
    export.add_argument(
        "--med-utkast",
        dest="utkast",
        action="store_true",
        help="ta med bilagor som är utkast (utan flaggan lämnas de utanför: ett utkast gäller inte)",
    )
    export.add_argument(
        "--remissammanstallning",
        dest="compilation",
        action="store_true",
        help="exportera remissammanställningen i stället för dokumentet: en tabellrad per synpunkt "
        "med avsnitt, instans, ställningstagande och synpunkt",
    )
    export.add_argument(
        "--ut",
        dest="out",
        type=Path,
        metavar="FIL",
        help="filen som skrivs (standard: ID.docx eller ID.pdf i arbetsmappen)",
    )
    export.add_argument("--force", action="store_true", help="skriv över en befintlig fil")
    common.add_root(export)
    export.add_argument(
        "--today",
        type=common.date,
        metavar="ÅÅÅÅ-MM-DD",
        help="räkna status och utskriftsdatum som om det vore detta datum",
    )
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    repo, _ = load(common.root(args))
    doc = _document(repo, args.id)
    name = f"{doc.id}-remissammanstallning" if args.compilation else doc.id
    out: Path = args.out or Path(f"{name}.{args.fmt}")
    if out.exists() and not args.force:
        raise UsageError(
            f"filen '{out}' finns redan — ange --force för att skriva över den eller --ut för att välja en annan fil"
        )
    if not out.parent.is_dir():
        raise UsageError(f"mappen '{out.parent}' finns inte — skapa den eller välj en annan fil med --ut")
    if doc.intern:
        print(
            f"samverkan: varning: '{doc.id}' är markerat publicering: intern — sprid inte filen utanför "
            "den krets som får se interna dokument",
            file=sys.stderr,
        )
    if args.bilagor and doc.typ != "avtal":
        print(
            f"samverkan: '{doc.id}' är inget avtal och har inga bilagor — --med-bilagor ändrar inget", file=sys.stderr
        )

    if args.compilation:
        return _compilation(args, repo, doc, out)
    content, source = exportera.export(
        repo, doc, args.fmt, args.today or dt.date.today(), bilagor=args.bilagor, drafts=args.utkast
    )
    for left in source.drafts_left_out:
        print(
            f"samverkan: bilaga {left.data.get('nummer', '?')} ('{left.id}') är ett utkast och togs inte med — "
            "ett utkast gäller inte; ange --med-utkast för att ta med det",
            file=sys.stderr,
        )
    if status.pending(doc):
        print(
            f"samverkan: '{doc.id}' är inte fastställt ({doc.data.get('status')}) — varje sida i filen märks "
            "att dokumentet inte gäller",
            file=sys.stderr,
        )
    for skipped in source.skipped:
        print(
            f"samverkan: bilaga {skipped.data.get('nummer', '?')} ('{skipped.id}') är intern och togs inte med "
            "i exporten av ett publikt avtal",
            file=sys.stderr,
        )
    try:
        out.write_bytes(content)
    except OSError as e:
        raise exportera.ExportError(f"filen '{out}' kunde inte skrivas: {e.strerror or e}") from e
    with_bilagor = (
        f" med {len(source.bilagor)} bilag{'a' if len(source.bilagor) == 1 else 'or'}" if source.bilagor else ""
    )
    left_out = len(source.drafts_left_out) + len(source.skipped)
    note = f" ({left_out} utelämnad{'e' if left_out != 1 else ''}, se ovan)" if left_out else ""
    print(f"Skrev {out}{with_bilagor}{note}")
    return 0


def _compilation(args: argparse.Namespace, repo: Repository, doc, out: Path) -> int:
    """The remissammanställning of ``doc`` as one file: one table row per comment."""
    from ..checker import git_history
    from ..exportera import sammanstallning
    from ..synlighet import View

    view = View(repo, intern=doc.intern)
    source = sammanstallning.source(view, doc, args.today or dt.date.today(), git_history(common.root(args)))
    content = exportera.render(source, args.fmt)
    try:
        out.write_bytes(content)
    except OSError as e:
        raise exportera.ExportError(f"filen '{out}' kunde inte skrivas: {e.strerror or e}") from e
    print(f"Skrev {out}")
    return 0


def _document(repo: Repository, id_: str):
    doc = repo.document(id_)
    if doc is not None:
        return doc
    node = repo.get(id_)
    if node is not None:
        raise UsageError(f"'{id_}' är en post i registret ({node.typ}), inget dokument — bara dokument kan exporteras")
    if id_ in repo.unreadable_ids:
        raise UsageError(f"dokumentet '{id_}' kunde inte läsas — kör 'samverkan validate' och rätta felen först")
    known = [d.id for d in repo.documents if d.id]
    raise UsageError(f"det finns inget dokument med id '{id_}'{did_you_mean(id_, known)}")
