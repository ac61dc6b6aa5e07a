"""Kommun pages: "Vad gäller för <kommun>?" at ``/<kommun-id>/``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import omfattning
from ..model import LEVELS, Document, Entry
from . import paths
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


def pages(book: Handbook) -> Iterator[Page]:
    # scopes computed once, not once per kommun
    docs = _scope_index(book, [d for d in book.view.documents if d.typ in ("avtal", "uppdragshandling")])
    arenas = _scope_index(book, book.repo.of_type("arena"))
    for kommun in book.repo.of_type("kommun"):
        if kommun.id:
            yield page(book, kommun, docs.get(kommun.id, []), arenas.get(kommun.id, []))


def page(book: Handbook, kommun: Entry, docs: list[Document], arenas: list[Entry]) -> Page:
    groups: dict[str, list[Row]] = {level: [] for level in GROUPS}
    earlier: list[Row] = []
    for doc in docs:
        level = book.level(doc)
        row = Row(doc, adoption(doc, kommun))
        if book.status(doc).kind in NO_LONGER:
            earlier.append(row)
        elif level in groups:
            groups[level].append(row)
    return book.render(
        "kommun.md",
        paths.page_path(kommun.id),
        kommun.name,
        source=kommun.path,
        kommun=kommun,
        groups=groups,
        earlier=earlier,
        forbund=book.repo.entry(kommun.data.get("kommunalförbund"), "kommunalförbund"),
        other_delregions=(
            omfattning.other_delregions(book.repo, kommun) if omfattning.delregion_differs(book.repo, kommun) else []
        ),
        arenas=arenas,
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
