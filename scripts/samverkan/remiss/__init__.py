"""The remiss round of a document: who was asked, by when, and who answered.

An avtal, bilaga or uppdragshandling sent out for consultation carries a
``remiss`` block: ``från`` and ``till`` (the last day to answer), the
``instanser`` asked (registry ids, and ``alla kommuner`` for every kommun in
the document's scope) and optionally the ``arena`` that compiles the answers.
A bilaga without a block of its own goes out with its avtal and shares the
avtal's round. Each answer is a ``remissvar`` document (``svar_på``, ``från``,
``datum``, ``ställningstagande``); :mod:`.kommentarer` reads its comments per
section and :mod:`.version` finds the version that was on remiss.

Core library: no mkdocs; the validator's rules, the site and the export all
ask these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Document, Entry, Repository, parse_date
from ..omfattning import region as region_of
from ..omfattning import scope

ALL_KOMMUNER = "alla kommuner"
REMISS_TYPES = ("avtal", "bilaga", "uppdragshandling")
# who may be asked: any party, and an arena (a ledningsgrupp answering for its area)
INSTANS_TYPES = ("region", "delregion", "kommunalförbund", "kommun", "organisation", "arena")
POSITIONS = ("tillstyrker", "tillstyrker med synpunkter", "avstyrker", "avstår")


def block(doc: Document) -> dict | None:
    """The document's own ``remiss`` block, when it is one."""
    value = doc.data.get("remiss") if doc.typ in REMISS_TYPES else None
    return value if isinstance(value, dict) else None


def carrier(repo: Repository, doc: Document) -> Document | None:
    """The document whose ``remiss`` block applies to ``doc``: its own, or for a
    bilaga on remiss without one, its avtal's (the bilaga goes out with the avtal).
    A decided bilaga without a block of its own has no round: whether it went out
    with an earlier round of its avtal is not written anywhere."""
    if block(doc) is not None:
        return doc
    if doc.typ == "bilaga" and doc.data.get("status") == "remiss":
        parent = repo.document(doc.data.get("bilaga_till"), "avtal")
        if parent is not None and block(parent) is not None:
            return parent
    return None


@dataclass(frozen=True)
class Instans:
    """One party asked: where it is written (``path`` into the front matter) and the entry."""

    path: tuple
    id: str
    entry: Entry | None  # None when the id names nothing usable (the validator says so)
    via_all: bool = False  # included by 'alla kommuner'


def instanser(repo: Repository, doc: Document) -> list[Instans]:
    """Every party asked about ``doc``'s own block, in the written order with
    ``alla kommuner`` expanded in registry order; each id once."""
    data = block(doc)
    written = data.get("instanser") if data else None
    if not isinstance(written, list):
        return []
    out: list[Instans] = []
    seen: set[str] = set()
    for index, value in enumerate(written):
        path = ("remiss", "instanser", index)
        if value == ALL_KOMMUNER:
            for kommun in scope(repo, doc):
                if kommun.id and kommun.id not in seen:
                    seen.add(kommun.id)
                    out.append(Instans(path, kommun.id, kommun, True))
        elif isinstance(value, str) and value not in seen:
            seen.add(value)
            entry = repo.get(value)
            out.append(Instans(path, value, entry if isinstance(entry, Entry) else None))
    return out


@dataclass(frozen=True)
class Round:
    """One remiss round as the document describes it now."""

    document: Document  # the document answered (svar_på)
    carrier: Document  # whose block it is: the document, or a bilaga's avtal
    start: dt.date | None
    end: dt.date | None  # the last day to answer
    asked: tuple[Instans, ...]
    arena: str | None

    def open(self, today: dt.date) -> bool:
        """Whether answers are still due: the round has started and its last day has not passed."""
        return self.end is not None and today <= self.end and (self.start is None or self.start <= today)

    def asked_ids(self) -> list[str]:
        return [i.id for i in self.asked]


def round_of(repo: Repository, doc: Document) -> Round | None:
    """The remiss round of ``doc`` (None when it has never been sent on remiss)."""
    owner = carrier(repo, doc)
    if owner is None:
        return None
    data = block(owner) or {}
    arena = data.get("arena")
    return Round(
        doc,
        owner,
        parse_date(data.get("från")),
        parse_date(data.get("till")),
        tuple(instanser(repo, owner)),
        arena if isinstance(arena, str) else None,
    )


def region(repo: Repository, doc: Document) -> str | None:
    """The region the document's instanser must belong to (a bilaga's is its avtal's)."""
    return region_of(repo, doc)


def answers_to(documents: Iterable[Document], doc_id: str | None) -> list[Document]:
    """The remissvar answering ``doc_id`` among ``documents``, in path order."""
    return sorted(
        (d for d in documents if d.typ == "remissvar" and doc_id and d.data.get("svar_på") == doc_id),
        key=lambda d: d.path,
    )


def answers_in_round(found: list[Document], rnd: Round) -> list[Document]:
    """Those of ``found`` that belong to the round: dated on or after its start
    (an earlier answer belongs to an earlier round of the same document)."""
    return [d for d in found if rnd.start is None or (d.date("datum") or dt.date.max) >= rnd.start]


def position(answer: Document) -> str | None:
    value = answer.data.get("ställningstagande")
    return value if value in POSITIONS else None


def late(answer: Document, rnd: Round) -> bool:
    """Answered after the last day (warned about, still counted)."""
    day = answer.date("datum")
    return bool(day and rnd.end and day > rnd.end)


@dataclass(frozen=True)
class Tally:
    """Who answered and who has not: "32 av 50 har svarat"."""

    asked: tuple[Instans, ...]
    answered: dict[str, Document]  # instans id -> its answer (the first, in path order)
    others: tuple[Document, ...]  # answers from parties not asked (the validator reports them)

    @property
    def missing(self) -> list[Instans]:
        return [i for i in self.asked if i.id not in self.answered]

    @property
    def text(self) -> str:
        return f"{len(self.answered)} av {len(self.asked)} har svarat"


def tally(rnd: Round, found: Iterable[Document]) -> Tally:
    """Count the round's answers among ``found`` (already filtered to what a build may show)."""
    asked = {i.id for i in rnd.asked}
    answered: dict[str, Document] = {}
    others: list[Document] = []
    for answer in found:
        party = answer.data.get("från")
        if party in asked and party not in answered:
            answered[party] = answer
        else:
            others.append(answer)
    return Tally(rnd.asked, answered, tuple(others))


def open_for(repo: Repository, documents: Iterable[Document], kommun: str, today: dt.date) -> Iterator[Round]:
    """The rounds still open on ``today`` in which ``kommun`` is asked."""
    for doc in documents:
        if doc.typ not in REMISS_TYPES or doc.data.get("status") != "remiss":
            continue
        rnd = round_of(repo, doc)
        if rnd is not None and rnd.open(today) and kommun in rnd.asked_ids():
            yield rnd
