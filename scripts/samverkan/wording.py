"""The Swedish words the tool writes for the model's values, in one place:
the names of types, levels and statuses, articles for messages, dates and
months, and what stands in for a document a reader may not see.

Every output (validator messages, the handbook, exports, new documents,
imports, comparisons) takes its words from here, so a name is changed once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# a type as a heading or table cell says it ("Avtal", "Kommunalförbund")
TYPE_NAMES = {
    "avtal": "Avtal",
    "bilaga": "Bilaga",
    "uppdragshandling": "Uppdragshandling",
    "mötesanteckning": "Mötesanteckning",
    "remissvar": "Remissvar",
    "region": "Region",
    "delregion": "Delregion",
    "kommunalförbund": "Kommunalförbund",
    "kommun": "Kommun",
    "organisation": "Organisation",
    "arena": "Arena",
}
LEVEL_NAMES = {"regional": "Regional", "delregional": "Delregional", "lokal": "Lokal"}

# a type in a sentence ("… måste vara ett avtal")
ARTICLE = {
    "region": "en region",
    "delregion": "en delregion",
    "kommunalförbund": "ett kommunalförbund",
    "kommun": "en kommun",
    "organisation": "en organisation",
    "arena": "en arena",
    "avtal": "ett avtal",
    "bilaga": "en bilaga",
    "uppdragshandling": "en uppdragshandling",
    "mötesanteckning": "en mötesanteckning",
    "remissvar": "ett remissvar",
}

# the written ``status`` of a version as a label ("Remiss", "Fastställd")
WRITTEN_STATUS = {
    "utkast": "Utkast",
    "remiss": "Remiss",
    "fastställd": "Fastställd",
    "upphävd": "Upphävd",
    "justerad": "Justerad",
}

# a version whose status changed to this one, as its milestone says it ("Remissversion 2024-04-01")
MILESTONE_TEXTS = {
    "remiss": "Remissversion",
    "fastställd": "Fastställd",
    "upphävd": "Upphävd",
    "justerad": "Justerad",
    "utkast": "Åter till utkast",
}

# what a reader sees instead of a document this build or export may not show (spec §6)
INTERN_TEXT = "(internt dokument)"

# Swedish month names, for dates written out ("14 oktober 2024", "Juni 2027")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def article(typ: str | None) -> str:
    """The type with its article, for a sentence: "ett avtal", "en kommun"."""
    return ARTICLE.get(typ or "", f"'{typ}'")


def one_of(types: Iterable[str]) -> str:
    """Types as alternatives: "ett avtal, en bilaga eller en uppdragshandling"."""
    names = [article(t) for t in types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " eller " + names[-1]


def date_sv(value: dt.date | str | None) -> str:
    """A date as Swedish readers write it in documents: ISO 8601."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else ""
