"""Kommun pages: "Vad gäller för <kommun>?" at ``/<kommun-id>/``.

What applies is listed by level, each avtal followed by its bilagor; uppdrag
have a section of their own; proposals (utkast, remiss) only appear under
"Pågående arbete", and what no longer applies under its own heading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import omfattning
from ..model import LEVELS, Document, Entry
from . import paths, sokdata
from . import remiss as remiss_pages
from .context import Handbook
from .dokument import adoption_of
from .page import Page

# the order a reader scans: the widest agreements first
GROUPS = tuple(reversed(LEVELS))
# listed apart, so "what applies" is not mixed with what no longer does
NO_LONGER = ("upphavd", "utgangen")


@dataclass(frozen=True)
class Row:
    doc: Document
    adoption: str  # "" when the document records no adoption
    # a bilaga listed under its avtal (the row right above it)
    under: bool = False


@dataclass
class Sections:
    """The rows of one kommun page, by section."""

    groups: dict[str, list[Row]] = field(default_factory=lambda: {level: [] for level in GROUPS})
    uppdrag: list[Row] = field(default_factory=list)
    pending: list[Row] = field(default_factory=list)
    earlier: list[Row] = field(default_factory=list)


def pages(book: Handbook, only: set[str] | None = None) -> Iterator[Page]:
    """Every kommun's page, or those of the kommuner whose ids are in ``only``."""
    # scopes computed once, not once per kommun
    docs = _scope_index(book, listed(book))
    arenas = _scope_index(book, book.repo.of_type("arena"))
    for kommun in book.repo.of_type("kommun"):
        if kommun.id and (only is None or kommun.id in only):
            yield page(book, kommun, docs.get(kommun.id, []), arenas.get(kommun.id, []))


def listed(book: Handbook) -> list[Document]:
    """The documents kommun pages list by scope: avtal and uppdragshandlingar (bilagor under their avtal)."""
    return [d for d in book.view.documents if d.typ in ("avtal", "uppdragshandling")]


def sections(book: Handbook, kommun: Entry, docs: list[Document]) -> Sections:
    """Sort the avtal and uppdrag whose scope takes in ``kommun`` (and the
    bilagor of those avtal) into the page's sections."""
    out = Sections()
    for doc in docs:
        row = Row(doc, adoption(doc, kommun))
        if book.pending(doc):
            target = out.pending
        elif book.status(doc).kind in NO_LONGER:
            target = out.earlier
        elif doc.typ == "uppdragshandling":
            target = out.uppdrag
        else:
            target = out.groups.get(book.level(doc) or "")
        if target is None:
            continue
        target.append(row)
        for bilaga in book.rel.bilagor.get(doc.id, []) if doc.typ == "avtal" else []:
            if book.pending(bilaga) and target is not out.pending:
                out.pending.append(Row(bilaga, ""))
            elif book.status(bilaga).kind in NO_LONGER and target is not out.earlier:
                out.earlier.append(Row(bilaga, ""))
            else:
                target.append(Row(bilaga, "", under=True))
    return out


def page(book: Handbook, kommun: Entry, docs: list[Document], arenas: list[Entry]) -> Page:
    found = sections(book, kommun, docs)
    return book.render(
        "kommun.md",
        paths.page_path(kommun.id),
        kommun.name,
        source=kommun.path,
        search=sokdata.listing("Kommun"),
        kommun=kommun,
        groups=found.groups,
        uppdrag=found.uppdrag,
        pending=found.pending,
        earlier=found.earlier,
        forbund=book.repo.entry(kommun.data.get("kommunalförbund"), "kommunalförbund"),
        other_delregions=(
            omfattning.other_delregions(book.repo, kommun) if omfattning.delregion_differs(book.repo, kommun) else []
        ),
        arenas=arenas,
        open_remisser=remiss_pages.open_for(book, kommun),
    )


def adoption(doc: Document, kommun: Entry) -> str:
    """How ``kommun`` stands on ``doc``'s antagande, in words."""
    if doc.typ != "avtal" or "antagande" not in doc.data:
        return ""
    entry = adoption_of(doc, kommun.id)
    if entry is None:
        return "Inte antaget ännu"
    where = f" ({entry['instans']})" if isinstance(entry.get("instans"), str) else ""
    return f"Antaget {entry.get('datum', '')}{where}"


def _scope_index(book: Handbook, nodes: list) -> dict[str, list]:
    """kommun id → those of ``nodes`` whose scope includes it, in the given order."""
    index: dict[str, list] = {}
    for node in nodes:
        for kommun in book.scope(node):
            index.setdefault(kommun.id, []).append(node)
    return index
