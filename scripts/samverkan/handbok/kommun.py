"""Kommun pages: "Vad gäller för <kommun>?" at ``/<kommun-id>/``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .. import omfattning
from ..model import Document, Entry, LEVELS
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
    in_scope = _scope_index(book)
    for kommun in book.repo.of_type("kommun"):
        if kommun.id:
            yield page(book, kommun, in_scope.get(kommun.id, []))


def page(book: Handbook, kommun: Entry, docs: list[Document]) -> Page:
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
        arenas=[a for a in book.repo.of_type("arena") if kommun in book.scope(a)],
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


def _scope_index(book: Handbook) -> dict[str, list[Document]]:
    """kommun id → the avtal and uppdragshandlingar whose scope includes it."""
    index: dict[str, list[Document]] = {}
    for doc in book.view.documents:
        if doc.typ not in ("avtal", "uppdragshandling"):
            continue
        for kommun in book.scope(doc):
            index.setdefault(kommun.id, []).append(doc)
    return index
