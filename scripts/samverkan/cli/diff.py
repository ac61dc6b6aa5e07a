"""``samverkan diff ID``: compare two versions of a document, outside the site."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import historik, jamforelse, revision
from ..errors import UsageError
from ..loader import load
from ..model import Document
from ..suggest import did_you_mean
from . import common

FORMATS = ("text", "markdown", "html", "docx")


def register(commands) -> None:
    diff = commands.add_parser(
        "diff",
        help="jämför två versioner av ett dokument",
        description="Jämför två versioner av ett dokument ord för ord: ändrade uppgifter, avsnitt och "
        "tabeller. En version anges som versionsnummer (3), som status (remiss, fastställd, "
        "upphävd: den senaste sådana versionen), som 'arbetskopia' (filen som den är nu) eller som "
        "git-revision (main, HEAD~2, en tagg). Utan --från och --till jämförs arbetskopian med "
        "senaste incheckade version om den är ändrad, annars de två senaste versionerna.",
    )
    diff.add_argument("id", metavar="ID", help="dokumentets id")
    diff.add_argument(
        "--from", dest="old", metavar="VERSION", help="den äldre versionen (standard: versionen före --till)"
    )
    diff.add_argument("--to", dest="new", metavar="VERSION", help="den nyare versionen (standard: arbetskopian)")
    diff.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (terminal), markdown, html (en fristående sida) eller docx (Word med spårade ändringar)",
    )
    diff.add_argument(
        "--ut",
        dest="output",
        type=Path,
        metavar="FIL",
        help="skriv till filen (standard: skärmen; för docx <id>-jamforelse.docx)",
    )
    diff.add_argument("--force", action="store_true", help="skriv över en befintlig fil")
    common.add_root(diff)
    diff.set_defaults(handler=_diff)


def _diff(args: argparse.Namespace) -> int:
    root = common.root(args)
    repo, _ = load(root)
    current = repo.document(args.id)
    if current is None:
        ids = [d.id for d in repo.documents if d.id]
        raise UsageError(f"det finns inget dokument med id '{args.id}'{did_you_mean(args.id, ids)}")
    history = historik.read(root)
    if history.problem:
        print(f"samverkan: obs: {history.problem}", file=sys.stderr)
    old, new = _pair(root, history, current, args.old, args.new)

    def title(id_: str) -> str | None:
        node = repo.get(id_)
        return node.name if node is not None else None

    # references read as on the site (label or title): the same comparison as the handbook's
    comparison = jamforelse.compare(
        jamforelse.Side(old.side.label, jamforelse.readable(old.side.document, title)),
        jamforelse.Side(new.side.label, jamforelse.readable(new.side.document, title)),
    )
    if args.format == "docx":
        author = new.version.commit.author if new.version else "samverkan"
        date = new.version.commit.date if new.version else dt.datetime.now(dt.UTC)
        _write(
            args.output or Path(f"{current.id}-jamforelse.docx"),
            jamforelse.to_docx(comparison, author=author, date=date),
            args.force,
        )
        return 0
    text = {
        "text": jamforelse.to_text,
        "markdown": jamforelse.to_markdown,
        "html": lambda c: jamforelse.to_html_page(c, f"{current.name}: {old.side.label} → {new.side.label}"),
    }[args.format](comparison)
    if args.output:
        _write(args.output, text.encode("utf-8"), args.force)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _pair(root: Path, history: historik.History, current: Document, old: str | None, new: str | None):
    if old is None and new is None:
        return revision.default_pair(history, current)
    newer = revision.select(root, history, current, new or revision.WORKING_COPY)
    older = (
        revision.select(root, history, current, old, older_than=newer)
        if old
        else revision.before(history, current, newer)
    )
    return older, newer


def _write(path: Path, content: bytes, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(
            f"filen '{path}' finns redan — välj ett annat namn med --ut eller lägg till --force för att skriva över den"
        )
    try:
        path.write_bytes(content)
    except OSError as e:
        raise UsageError(f"kunde inte skriva '{path}': {e.strerror}") from e
    print(f"Skrev {path}", file=sys.stderr)
