"""The header table of an exported document: its metadata as label–value rows.

What a nämnd needs on paper to know what it files: title, computed status,
diarienummer, the decision and validity dates, parties and owner, by name.
Names come from the registry; a reference the build may not show reads
"(internt dokument)", as on the site.
"""

from __future__ import annotations

import datetime as dt

from .. import omfattning, relationer
from ..model import Document
from ..remiss import round_of
from ..status import status
from ..synlighet import View
from ..wording import INTERN_TEXT, LEVEL_NAMES, TYPE_NAMES, date_sv

Row = tuple[str, str]
NONE = "–"


def rows(view: View, doc: Document, today: dt.date) -> list[Row]:
    """The header rows of ``doc`` as printed on ``today``."""
    result: list[Row] = [
        ("Titel", doc.name),
        ("Dokumenttyp", _kind(view, doc)),
        ("Status", status(doc, today).label),
    ]
    if doc.typ == "mötesanteckning":
        return result + _meeting(view, doc) + _identity(doc)
    result += _lifecycle(doc) + _remiss(view, doc)
    if doc.typ in ("avtal", "bilaga"):
        result.append(("Parter", _names(view, _parties(view, doc)) or NONE))
    if doc.typ == "uppdragshandling":
        result += _mandate(view, doc)
    owner = relationer.owner(view.repo, doc)
    result.append(("Dokumentägare", _name(view, owner) if owner else NONE))
    return result + _identity(doc)


def _identity(doc: Document) -> list[Row]:
    # read back by ``samverkan import`` (importera.egen), so an edited copy finds its document
    return [("Id i handboken", doc.id)] if doc.id else []


def version_label(doc: Document) -> str | None:
    """``version`` exactly as written (``1.10`` stays ``1.10``)."""
    return doc.raw("version") or doc.text("version")


def _kind(view: View, doc: Document) -> str:
    kind = TYPE_NAMES.get(doc.typ or "", doc.typ or NONE)
    if doc.typ == "bilaga":
        number = doc.data.get("nummer")
        parent = doc.data.get("bilaga_till")
        return f"Bilaga {number} till {_name(view, parent)}" if parent else kind
    level = omfattning.level(view.repo, doc)
    return f"{kind}, {LEVEL_NAMES[level].lower()} nivå" if level in LEVEL_NAMES else kind


def _lifecycle(doc: Document) -> list[Row]:
    decided, decided_by = doc.date("fastställd"), doc.text("fastställd_av")
    start, end, repealed = doc.date("giltig_från"), doc.date("giltig_till"), doc.date("upphävd")
    if decided:
        decision = f"{date_sv(decided)} av {decided_by}" if decided_by else date_sv(decided)
    else:
        decision = f"ej fastställd (beslutas av {decided_by})" if decided_by else "ej fastställd"
    result = [("Diarienummer", doc.text("diarienummer") or NONE)]
    if version_label(doc):
        result.append(("Version", version_label(doc) or ""))
    result += [
        ("Fastställd", decision),
        ("Giltig från", date_sv(start) if start else NONE),
        ("Giltig till", date_sv(end) if end else ("tills vidare" if start else NONE)),
    ]
    if repealed:
        result.append(("Upphävd", date_sv(repealed)))
    if doc.date("revideras"):
        result.append(("Revideras senast", date_sv(doc.date("revideras"))))
    return result


def _remiss(view: View, doc: Document) -> list[Row]:
    """A remiss version states its remiss period and last day to answer; a decided
    document that went through one keeps its period (issue 14)."""
    rnd = round_of(view.repo, doc)
    if rnd is None or rnd.start is None or rnd.end is None:
        return []
    result = [("Remisstid", f"{date_sv(rnd.start)} – {date_sv(rnd.end)}")]
    if doc.data.get("status") == "remiss":
        result.append(("Sista dag att svara", date_sv(rnd.end)))
    return result


def _parties(view: View, doc: Document) -> list[str]:
    # a bilaga's parties are its avtal's (spec: bilagor inherit them)
    source = view.repo.document(doc.data.get("bilaga_till"), "avtal") if doc.typ == "bilaga" else doc
    return [i for _, i in source.ids("parter")] if source else []


def _mandate(view: View, doc: Document) -> list[Row]:
    giver, taker = doc.text("uppdragsgivare"), doc.text("uppdragstagare")
    frame = doc.data.get("tidsram")
    result = [
        ("Uppdragsgivare", _name(view, giver) if giver else NONE),
        ("Uppdragstagare", _name(view, taker) if taker else NONE),
    ]
    if isinstance(frame, dict):
        result.append(("Tidsram", f"{frame.get('från') or ''} – {frame.get('till') or ''}".strip(" –")))
    return result


def _meeting(view: View, doc: Document) -> list[Row]:
    when = str(doc.data.get("datum") or NONE)
    if doc.text("tid"):
        when += f", kl. {doc.text('tid')}"
    result = [("Arena", _name(view, doc.text("arena")) if doc.text("arena") else NONE), ("Datum", when)]
    if doc.text("mötesform"):
        result.append(("Mötesform", doc.text("mötesform") or ""))
    if doc.text("antecknare"):
        result.append(("Antecknare", doc.text("antecknare") or ""))
    people = [p for _, p in doc.items("deltagare") if isinstance(p, dict) and p.get("namn")]
    if people:
        result.append(("Deltagare", ", ".join(_participant(view, p) for p in people)))
    return result


def _participant(view: View, person: dict) -> str:
    notes = []
    organisation = person.get("organisation")
    if isinstance(organisation, str) and organisation.strip():
        notes.append(_name(view, organisation))
    if person.get("förhindrad") is True:
        notes.append("förhindrad")
    return f"{person['namn']} ({', '.join(notes)})" if notes else str(person["namn"])


def _name(view: View, id_: object) -> str:
    """The name of a registry entry or the title of a document, for print."""
    node = view.repo.get(id_)
    if node is None:
        return str(id_)
    return node.name if view.visible(node) else INTERN_TEXT


def _names(view: View, ids: list[str]) -> str:
    return ", ".join(_name(view, i) for i in ids)
