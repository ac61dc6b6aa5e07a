"""Document pages: avtal, bilaga, uppdragshandling and mötesanteckning at ``/<id>/``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from .. import bifogat, relationer
from .. import remiss as remiss_module
from .. import status as status_module
from ..historik import giltighet
from ..lasbarhet import lix
from ..model import Document, parse_date
from . import filer, markup, paths
from . import historik as historik_pages
from . import remiss as remiss_pages
from .context import Handbook
from .page import Page

# the heading of the plain summary (``sammanfattning``) at the top of the page
KORT_OM = {
    "avtal": "Kort om avtalet",
    "bilaga": "Kort om bilagan",
    "uppdragshandling": "Kort om uppdraget",
    "mötesanteckning": "Kort om mötet",
}


def pages(book: Handbook) -> Iterator[Page]:
    for doc in book.view.documents:
        yield page(book, doc)


def page(book: Handbook, doc: Document) -> Page:
    """The page of one document."""
    if doc.typ == "remissvar":
        linker = remiss_pages.answer_linker(book, doc, paths.page_path(doc.id))
    else:
        linker = markup.Linker(book.view, paths.page_path(doc.id))
    text = markup.body(doc, linker)
    if filer.missing(book, doc):
        # A link to a file that is not there would stop a strict build with no
        # finding from the validator: its text stays, the link goes.
        shown = frozenset(bifogat.linked(book.repo, doc).values())
        text = filer.unlink_unpublished(text, doc, book.repo, linker.href, shown)
    heading, body = markup.split_title(text, doc.name)
    body = markup.one_h1(body)
    bilagor, pending_bilagor = book.split(book.rel.bilagor.get(doc.id, []))
    superseded_by, pending_successors = book.split(book.rel.superseded_by.get(doc.id, []))
    applied_by, pending_appliers = book.split(book.rel.applied_by.get(doc.id, []))
    links, pending_links = _split_backlinks(book, backlinks(book, doc))
    return book.render(
        "dokument.md",
        paths.page_path(doc.id),
        doc.name,
        source=doc.path,
        search=book.search_data(doc),
        doc=doc,
        status=book.status(doc),
        version=doc.raw("version") or doc.text("version"),
        overdue=status_module.review_overdue(doc, book.today),
        # a meeting's arena has its own row ("Arena")
        owner=None if doc.typ == "mötesanteckning" else relationer.owner(book.repo, doc),
        level=book.level(doc),
        scope=book.scope(doc),
        parent=book.view.document(doc.data.get("bilaga_till"), "avtal") if doc.typ == "bilaga" else None,
        pending_doc=book.pending(doc),
        bilagor=bilagor,
        ersatter=[i for _, i in doc.ids("ersätter")],
        superseded_by=superseded_by,
        applied_by=applied_by,
        relaterade=[i for _, i in doc.ids("relaterade")],
        backlinks=links,
        # proposals about this document: shown only under "Pågående arbete"
        pending=list(dict.fromkeys(pending_bilagor + pending_successors + pending_appliers + pending_links)),
        section=Sections(markup.heading_texts(body)),
        steps=timeline(book, doc, "beslutsprocess", "steg"),
        phases=phases(book, doc),
        adoption=adoption(book, doc),
        participants=[p for _, p in doc.items("deltagare") if isinstance(p, dict)],
        behandlade=[i for _, i in doc.ids("behandlade")],
        heading=heading,
        body=body,
        history=history(book, doc, linker),
        readability=book.readability(doc).whole,
        lix_explanation=lix.EXPLANATION,
        sammanfattning=" ".join(doc.text("sammanfattning").split()) if doc.text("sammanfattning") else None,
        kort_om=KORT_OM.get(doc.typ or "", "Kort om dokumentet"),
        remiss=remiss_pages.summary(book, doc, paths.page_path(doc.id)),
        answer=answer(book, doc),
    )


@dataclass(frozen=True)
class Answer:
    """What a remissvar's page says about the remiss it answers."""

    target: Document | None  # the document answered, when this build may show it
    late: bool
    compilation_href: str | None


def answer(book: Handbook, doc: Document) -> Answer | None:
    if doc.typ != "remissvar":
        return None
    target = book.view.document(doc.data.get("svar_på"))
    rnd = remiss_module.round_of(book.repo, target) if target is not None else None
    if target is None or rnd is None:
        return Answer(target, False, None)
    href = markup.Linker(book.view, paths.page_path(doc.id)).href(paths.compilation_path(target.id))
    return Answer(target, remiss_module.late(doc, rnd), href)


@dataclass(frozen=True)
class History:
    """What a document page says about its versions."""

    changed: object  # the date of the last change to the content (not a move)
    href: str
    # the version in force today when it is not the newest (a remiss on top of
    # a decided edition), with its page
    in_force: object | None
    in_force_href: str | None
    # "Fastställd 2024-09-13 · gäller från 2025-01-01" for a decided document, else ""
    decision: str = ""
    # (text, href) of the comparisons worth a direct link (remiss → decision, previous → in force)
    comparisons: tuple[tuple[str, str], ...] = ()


COMPARISON_TEXTS = {
    historik_pages.REMISS_TO_DECIDED: "remissen mot beslutet",
    historik_pages.PREVIOUS_TO_IN_FORCE: "förra fastställda versionen mot den som gäller",
}


def history(book: Handbook, doc: Document, linker: markup.Linker) -> History | None:
    versions = book.versions(doc)
    if not versions:
        return None
    current = book.in_force(doc)
    older = current if current is not None and current is not versions[-1] else None
    comparisons = tuple(
        (
            f"{COMPARISON_TEXTS[p.reason]} (version {p.old.number} → {p.new.number})",
            linker.href(paths.comparison_path(doc.id, p.old.number, p.new.number)),
        )
        for p in historik_pages.useful(historik_pages.ready_pairs(book, doc))
    )
    return History(
        changed=max(v.commit.date for v in versions).date(),
        href=linker.href(paths.history_path(doc.id)),
        in_force=older,
        in_force_href=linker.href(paths.version_path(doc.id, older.number)) if older else None,
        decision=decision(doc, book.today),
        comparisons=comparisons,
    )


def decision(doc: Document, today) -> str:
    """ "Fastställd 2024-09-13 · gäller från 2025-01-01" (the tense follows
    ``today``); a meeting's date ("Möte 2017-09-07"): what the document says
    of itself leads, before the archive's date; "" for anything else."""
    if doc.typ == "mötesanteckning" and doc.date("datum"):
        return f"Möte {doc.date('datum').isoformat()}"
    decided = doc.date("fastställd")
    if doc.data.get("status") != "fastställd" or decided is None:
        return ""
    validity = giltighet.phrase(doc.date("giltig_från"), doc.date("giltig_till"), today)
    return f"Fastställd {decided.isoformat()}" + (f" · {validity}" if validity else "")


# generated sections: (title, anchor, title when the body already has a heading so named)
SECTIONS = {
    "parter": ("Parter", "Avtalets parter"),
    "antagande": ("Antagande", "Antagande hos parterna"),
    "beslutsprocess": ("Beslutsprocess", "Beslutsprocessens steg"),
    "aktiviteter": ("Aktiviteter", "Planens aktiviteter"),
    "deltagare": ("Deltagare", "Deltagare på mötet"),
    "behandlade": ("Behandlade dokument", "Dokument som behandlades"),
    "bilagor": ("Bilagor", "Avtalets bilagor"),
    "samband": ("Samband", "Samband med andra dokument"),
    "refereras": ("Refereras av", "Dokument som hänvisar hit"),
    "pagaende": ("Pågående arbete", "Förslag som rör dokumentet"),
    "remiss": ("Remiss", "Remissen och svaren"),
}


class Sections:
    """Headings of the sections the page adds after the body: an anchor of
    their own (``sv-…``), and another title where the body already uses the
    usual one, so neither the anchors nor the table of contents collide."""

    def __init__(self, taken: set[str]):
        self.taken = taken

    def __call__(self, key: str) -> str:
        usual, other = SECTIONS[key]
        title = other if usual.casefold() in self.taken else usual
        return f"## {title} {{: #sv-{key} }}"

    @staticmethod
    def anchor(key: str) -> str:
        return f"sv-{key}"


def _split_backlinks(book: Handbook, found: list) -> tuple[list, list[Document]]:
    return [b for b in found if not book.pending(b[0])], [b[0] for b in found if book.pending(b[0])]


def backlinks(book: Handbook, doc: Document) -> list[tuple[Document, list[str]]]:
    """Who refers to ``doc``, one line per referring document with every way it does."""
    grouped: OrderedDict[int, tuple[Document, list[str]]] = OrderedDict()
    for link in book.rel.backlinks.get(doc.id, []):
        grouped.setdefault(id(link.source), (link.source, []))[1].append(link.how)
    return list(grouped.values())


@dataclass(frozen=True)
class Step:
    text: str
    start: object
    end: object
    arena: str | None
    state: str  # "klar", "pågår", "kommande"
    fas: str | None = None


def timeline(book: Handbook, doc: Document, key: str, text_key: str) -> list[Step]:
    """``beslutsprocess`` or ``aktiviteter`` as steps placed relative to today."""
    steps = []
    for _, item in doc.items(key):
        if not isinstance(item, dict):
            continue
        start, end = parse_date(item.get("från")), parse_date(item.get("till"))
        last = end or start
        if start and start > book.today:
            state = "kommande"
        elif last and last < book.today:
            state = "klar"
        else:
            state = "pågår"
        arena = item.get("arena") if isinstance(item.get("arena"), str) else None
        fas = item.get("fas") if isinstance(item.get("fas"), str) else None
        steps.append(Step(str(item.get(text_key) or ""), start, end, arena, state, fas))
    return steps


def phases(book: Handbook, doc: Document) -> OrderedDict[str, list[Step]]:
    """A project plan's aktiviteter grouped by ``fas`` (in order of first appearance)."""
    grouped: OrderedDict[str, list[Step]] = OrderedDict()
    for step in timeline(book, doc, "aktiviteter", "aktivitet"):
        grouped.setdefault(step.fas or "", []).append(step)
    return grouped


@dataclass(frozen=True)
class Adoption:
    rows: list[dict]  # written antagande entries, in the order written
    missing: list[str]  # party ids that have not adopted yet
    adopted: int
    total: int


def adoption(book: Handbook, doc: Document) -> Adoption | None:
    """Spec §4: who has adopted an avtal and who has not yet ("antagen av 3 av 51")."""
    if doc.typ != "avtal" or "antagande" not in doc.data:
        return None
    rows = [a for _, a in doc.items("antagande") if isinstance(a, dict) and isinstance(a.get("part"), str)]
    adopted = list(OrderedDict.fromkeys(a["part"] for a in rows))
    expected = list(OrderedDict.fromkeys([i for _, i in doc.ids("parter")] + adopted))
    missing = [p for p in expected if p not in adopted]
    return Adoption(rows, missing, len(adopted), len(expected))


def adoption_of(doc: Document, party: str) -> dict | None:
    """The antagande entry of ``party`` in ``doc``, if any."""
    for _, item in doc.items("antagande"):
        if isinstance(item, dict) and item.get("part") == party:
            return item
    return None
