"""Options ``new`` and ``import`` share: the id, where the document sits in the
hierarchy, and which folder it is written to."""

from __future__ import annotations

import argparse
import dataclasses
import unicodedata
from pathlib import Path

from .. import ids, ny
from ..errors import UsageError
from ..model import LEVELS
from . import common


def text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def id_(value: str) -> str:
    value = unicodedata.normalize("NFC", value.strip())
    if not ids.is_id(value):
        raise argparse.ArgumentTypeError(ny.bad_id_message(value).removeprefix("--id: "))
    return value


def id_list(value: str) -> list[str]:
    return [unicodedata.normalize("NFC", part.strip()) for part in value.split(",") if part.strip()]


def number(value: str) -> int:
    try:
        parsed = int(value)
    except ValueError:
        parsed = 0
    if parsed < 1:
        raise argparse.ArgumentTypeError(f"'{value}' är inget nummer — skriv ett heltal från 1 och uppåt")
    return parsed


def add_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--id", dest="id", type=id_, metavar="ID", help="välj id:t själv i stället för att bilda det av titeln"
    )


def add_scope(parser: argparse.ArgumentParser) -> None:
    """--nivå, --region, --delregion, --kommuner."""
    parser.add_argument(
        "--nivå", dest="level", choices=LEVELS, help="regional, delregional eller lokal (standard: arenans nivå)"
    )
    parser.add_argument(
        "--region", dest="region", type=text, metavar="ID", help="region (standard: från delregionen eller arenan)"
    )
    parser.add_argument(
        "--delregion", dest="delregion", type=text, metavar="ID", help="delregion, för delregional och lokal nivå"
    )
    parser.add_argument(
        "--kommuner",
        dest="kommuner",
        type=id_list,
        metavar="ID,ID",
        help="kommunerna, för lokal nivå (kommaseparerade)",
    )


def add_bilaga(parser: argparse.ArgumentParser) -> None:
    """--bilaga-till, --nummer."""
    parser.add_argument(
        "--bilaga-till", dest="parent", type=text, metavar="ID", help="bilaga: avtalet som bilagan hör till"
    )
    parser.add_argument(
        "--nummer", dest="number", type=number, metavar="N", help="bilaga: bilagans nummer (standard: nästa lediga)"
    )


def add_folder(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mapp",
        dest="folder",
        type=Path,
        metavar="MAPP",
        help="mappen under agreements/ där filen skrivs (standard: bredvid liknande dokument)",
    )


def folder(args: argparse.Namespace, root: Path) -> str | None:
    """``--mapp`` relative to the repository root, or None."""
    if not args.folder:
        return None
    try:
        return common.relative([str(args.folder)], root)[0]
    except UsageError:
        raise UsageError(
            f"--mapp: '{args.folder}' ligger inte i arkivet {root} — välj en mapp under agreements/"
        ) from None


def options(args: argparse.Namespace, root: Path) -> ny.Options:
    """``ny.Options`` from the parsed arguments: each option's ``dest`` is the
    field's name; a field the command has no option for stays None."""
    values = {f.name: getattr(args, f.name, None) for f in dataclasses.fields(ny.Options)}
    values.update(folder=folder(args, root), force=bool(args.force))
    return ny.Options(**values)
