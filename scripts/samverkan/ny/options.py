"""Options of ``samverkan new`` and the errors it reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import SamverkanError

LIFECYCLE_STATUSES = ("utkast", "remiss")  # a new document is not yet fastställd


MEETING_STATUSES = ("utkast", "justerad")


STATUSES = ("utkast", "remiss", "justerad")


TEMPLATES = {
    "avtal": "avtal.md",
    "bilaga": "bilaga.md",
    "uppdragshandling": "uppdragshandling.md",
    "mötesanteckning": "motesanteckning.md",
    "remissvar": "remissvar.md",
}


class NewDocumentError(SamverkanError):
    """The document cannot be created as asked (exit status 1)."""


@dataclass
class Options:
    """What the user asked for; None means "work it out"."""

    title: str | None = None
    id: str | None = None
    level: str | None = None
    region: str | None = None
    delregion: str | None = None
    kommuner: list[str] | None = None
    arena: str | None = None
    commissioner: str | None = None  # uppdragsgivare
    parent: str | None = None  # bilaga_till
    number: int | None = None  # a bilaga's nummer
    parties: list[str] | None = None
    date: dt.date | None = None  # a mötesanteckning's datum
    status: str | None = None
    start: dt.date | None = None  # tidsram.från
    end: dt.date | None = None  # tidsram.till
    answers: str | None = None  # a remissvar's svar_på
    party: str | None = None  # a remissvar's från
    folder: str | None = None  # relative to the repository root, posix
    force: bool = False
    today: dt.date | None = None


# The command-line spelling of each option, for messages.


OPTION = {
    "title": "--titel",
    "id": "--id",
    "level": "--nivå",
    "region": "--region",
    "delregion": "--delregion",
    "kommuner": "--kommuner",
    "arena": "--arena",
    "commissioner": "--uppdragsgivare",
    "parent": "--bilaga-till",
    "number": "--nummer",
    "parties": "--parter",
    "date": "--datum",
    "status": "--status",
    "start": "--från",
    "end": "--till",
    "answers": "--svar-på",
    "party": "--från",
    "folder": "--mapp",
}


APPLIES = {
    "avtal": {"title", "id", "level", "region", "delregion", "kommuner", "arena", "parties", "status", "folder"},
    "bilaga": {"title", "id", "parent", "number", "status", "folder"},
    "uppdragshandling": {
        "title",
        "id",
        "level",
        "region",
        "delregion",
        "kommuner",
        "arena",
        "commissioner",
        "status",
        "start",
        "end",
        "folder",
    },
    "mötesanteckning": {"title", "id", "arena", "date", "status", "folder"},
    "remissvar": {"title", "id", "answers", "party", "date", "folder"},
}
