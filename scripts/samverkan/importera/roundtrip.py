"""The tool's own exports coming back from Word (issue 12: Word round trip).

``samverkan export`` opens every file with a header table; its rows
"Dokumenttyp" ("Bilaga 2 till <avtal>") and "Id i handboken" say what the
file is. An import of such a file takes type, ``bilaga_till``, ``nummer``
and the id from them, and an import that matches a document already in the
repository (its id, title or diarienummer) says so and suggests
``--uppdatera``, which takes the text back into that document instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Repository

TYPE_LABEL = "Dokumenttyp"
ID_LABEL = "Id i handboken"
_BILAGA = re.compile(r"Bilaga\s+(\d+)\s+till\s+(.+)", re.I)


@dataclass
class Own:
    """What the header of an exported file says about the document."""

    typ: str | None = None
    parent: str | None = None  # id of the avtal of a bilaga
    number: int | None = None
    id: str | None = None


def _row(line: str, label: str) -> str | None:
    name, colon, value = line.partition(":")
    return value.strip() if colon and name.strip().casefold() == label.casefold() else None


def recognise(repo: Repository, left_out: list[str]) -> tuple[Own, list[str]]:
    """Read the export's own header rows out of the rows the import did not
    place; returns what they say and the rows still not placed."""
    own = Own()
    rest = []
    for line in left_out:
        kind, id_ = _row(line, TYPE_LABEL), _row(line, ID_LABEL)
        if id_:
            own.id = id_
        elif kind:
            _kind(repo, own, kind)
        else:
            rest.append(line)
    return own, rest


def _kind(repo: Repository, own: Own, kind: str) -> None:
    found = _BILAGA.fullmatch(kind)
    if found:
        own.typ, own.number = "bilaga", int(found.group(1))
        title = " ".join(found.group(2).split()).casefold()
        parents = [d for d in repo.documents if d.typ == "avtal" and " ".join(d.name.split()).casefold() == title]
        if len(parents) == 1:
            own.parent = parents[0].id
    elif kind.casefold().startswith("avtal"):
        own.typ = "avtal"


def existing(repo: Repository, own: Own, title: str, diarienummer: object) -> Document | None:
    """The document already in ``repo`` that an imported file is a copy of:
    the same id (from an export's header), title or diarienummer."""
    if own.id and repo.document(own.id) is not None:
        return repo.document(own.id)
    name = " ".join(title.split()).casefold()
    for doc in repo.documents:
        if " ".join(doc.name.split()).casefold() == name:
            return doc
        if diarienummer and doc.text("diarienummer") and doc.text("diarienummer") == str(diarienummer).strip():
            return doc
    return None
