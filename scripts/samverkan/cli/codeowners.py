"""``samverkan codeowners``: write or check the generated ``.github/CODEOWNERS``."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from .. import codeowners
from ..errors import SamverkanError, UsageError
from ..finding import Severity
from ..loader import load
from . import common

DEFAULT = Path(".github") / "CODEOWNERS"
# enough of the diff to see what changed; the whole file is one command away
DIFF_LINES = 40


def register(commands) -> None:
    parser = commands.add_parser(
        "codeowners",
        help="skapa .github/CODEOWNERS från arenornas github_team i registret",
        description="Skriver filen CODEOWNERS som talar om för GitHub vilket team som ska granska "
        "en ändring: varje dokument granskas av sin arenas team (github_team i registret), "
        "registret och ordlistan av teamet högst upp i regionens eskaleringskedja.",
    )
    common.add_root(parser)
    parser.add_argument(
        "--ut",
        type=Path,
        metavar="FIL",
        help="filen som skrivs eller kontrolleras (standard: .github/CODEOWNERS i arkivet)",
    )
    parser.add_argument(
        "--check", action="store_true", help="ändra ingenting; avsluta med status 1 om filen inte stämmer med registret"
    )
    parser.add_argument(
        "--force", action="store_true", help="skriv över en CODEOWNERS som inte är skapad av det här kommandot"
    )
    parser.set_defaults(handler=_codeowners)


def _codeowners(args: argparse.Namespace) -> int:
    root = common.root(args)
    target = args.ut if args.ut else root / DEFAULT
    repo, findings = load(root)
    loaded = {d.path for d in repo.documents} | {e.path for e in repo.entries}
    unreadable = sorted({f.path for f in findings if f.severity is Severity.ERROR and f.path not in loaded})
    if unreadable:
        # owners computed without these files would be wrong, not just incomplete
        raise SamverkanError(
            f"kan inte räkna ut ägarna: {len(unreadable)} {'fil' if len(unreadable) == 1 else 'filer'} "
            f"kunde inte läsas ({', '.join(unreadable[:3])}"
            f"{' …' if len(unreadable) > 3 else ''}) — rätta felen som samverkan validate visar och försök igen"
        )
    plan = codeowners.plan(repo)
    for warning in plan.warnings:
        print(f"varning: {warning}", file=sys.stderr)
    produced = plan.text()
    current = _read(target)
    shown = _shown(target)
    if args.check:
        return _check(shown, current, produced)
    if current is not None and not codeowners.is_generated(current) and not args.force:
        raise UsageError(
            f"{shown} är inte skapad av samverkan codeowners (första raden är inte "
            f"'{codeowners.MARKER}') — för in ägarna i registret i stället, eller skriv över "
            "filen med --force"
        )
    if current == produced:
        print(f"{shown} är redan aktuell")
        return 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(produced, encoding="utf-8", newline="\n")
    except OSError as e:
        raise UsageError(f"kan inte skriva {shown}: {e.strerror}") from e
    rules = len(plan.registry) + len(plan.documents) + (1 if plan.fallback else 0)
    print(f"skrev {shown} ({rules} rader med ägare)")
    return 0


def _check(shown: str, current: str | None, produced: str) -> int:
    if current == produced:
        print(f"{shown} är aktuell")
        return 0
    if current is None:
        print(f"{shown} saknas — skapa den med: samverkan codeowners", file=sys.stderr)
        return 1
    print(f"{shown} stämmer inte med registret — skapa den på nytt med: samverkan codeowners", file=sys.stderr)
    diff = list(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            produced.splitlines(keepends=True),
            fromfile=f"{shown} (nu)",
            tofile=f"{shown} (enligt registret)",
            n=1,
        )
    )
    sys.stderr.writelines(diff[:DIFF_LINES])
    if len(diff) > DIFF_LINES:
        print(f"… och {len(diff) - DIFF_LINES} rader till", file=sys.stderr)
    return 1


def _read(target: Path) -> str | None:
    try:
        return target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return ""  # not ours: a generated file is UTF-8
    except OSError as e:
        raise UsageError(f"kan inte läsa {_shown(target)}: {e.strerror}") from e


def _shown(target: Path) -> str:
    """The path as the user would type it: relative to here when inside it."""
    try:
        return target.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(target)
