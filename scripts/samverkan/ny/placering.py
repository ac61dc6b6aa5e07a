"""Where a new document goes: its folder and a free id."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from .. import ids, omfattning
from ..errors import UsageError
from ..loader import AGREEMENTS
from ..model import (
    Document,
    Node,
    Repository,
)
from ..wording import ARTICLE
from .options import NewDocumentError, Options


def folder_option(folder: str) -> str:
    normal = posixpath.normpath(folder.replace("\\", "/"))
    if normal != AGREEMENTS and not normal.startswith(AGREEMENTS + "/"):
        raise UsageError(
            f"--mapp: '{folder}' ligger inte under {AGREEMENTS}/ — dokument måste ligga i {AGREEMENTS}/ "
            "för att valideras och publiceras"
        )
    return normal


def choose_id(repo: Repository, o: Options, base: str, folder: str) -> str:
    taken = set(repo.by_id) | repo.unreadable_ids | ids.RESERVED
    if o.id is not None:
        if not ids.is_id(o.id):
            raise UsageError(bad_id_message(o.id))
        if o.id in ids.RESERVED:
            raise NewDocumentError(
                f"--id: '{o.id}' är reserverat för handbokens egna sidor (/{o.id}/) — välj ett annat id"
            )
        node = repo.get(o.id)
        path = posixpath.join(folder, f"{o.id}.md")
        replaced = o.force and isinstance(node, Document) and node.path == path
        if o.id in taken and not replaced:
            where = f" i {node.path}" if node is not None else ""
            what = ARTICLE.get(node.typ or "", "ett dokument") if node is not None else "en fil som inte kan läsas"
            raise NewDocumentError(
                f"--id: id '{o.id}' används redan av {what}{where} — ett id är unikt i hela arkivet; "
                "välj ett annat eller utelämna --id så väljs ett ledigt"
            )
        return o.id
    if not base:
        raise UsageError("titeln ger inget id (den saknar bokstäver a–z och siffror) — ange ett id med --id")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = ids.shorten(base, ids.MAX_LENGTH - len(suffix)) + suffix
    return candidate


def bad_id_message(value: str) -> str:
    suggestion = ids.slug(value)
    fix = f", t.ex. '{suggestion}'" if suggestion and suggestion != value else ""
    return (
        f"--id: '{value}' är inget giltigt id — använd små bokstäver a–z, siffror och bindestreck, "
        f"högst {ids.MAX_LENGTH} tecken{fix}"
    )


def common_folder(docs: Iterable[Node]) -> str | None:
    """The deepest folder holding all of ``docs`` below ``agreements/``, or None."""
    folders = [posixpath.dirname(d.path) for d in docs]
    if not folders:
        return None
    common = posixpath.commonpath(folders)
    return common if common.startswith(AGREEMENTS + "/") else None


def default_folder(repo: Repository, region: str | None, delregion: str | None) -> str:
    """Beside the documents of the same delregion (or the region's regional ones),
    else in the region's folder, else ``agreements/<region>``."""
    docs = [d for d in repo.documents if omfattning.region(repo, d) == region]
    if delregion is not None:
        same = [d for d in docs if omfattning.delregion(repo, d) == delregion]
    else:
        same = [d for d in docs if omfattning.level(repo, d) == "regional"]
    folder = common_folder(same) or common_folder(docs)
    if folder:
        return folder
    return posixpath.join(AGREEMENTS, region or "dokument")
