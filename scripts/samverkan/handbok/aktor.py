"""Pages of regions, delregions, kommunalförbund and other organisations."""

from __future__ import annotations

from collections.abc import Iterator

from .. import omfattning
from ..model import Entry
from ..wording import TYPE_NAMES
from . import paths, sokdata
from .context import Handbook
from .page import Page

TYPES = ("region", "delregion", "kommunalförbund", "organisation")


def pages(book: Handbook) -> Iterator[Page]:
    for typ in TYPES:
        for entry in book.repo.of_type(typ):
            if entry.id:
                yield page(book, entry)


def page(book: Handbook, entry: Entry) -> Page:
    typ, id_ = entry.typ, entry.id
    members = []
    if typ == "region":
        members = omfattning.kommuner(book.repo, region=id_)
    elif typ == "delregion":
        members = omfattning.kommuner(book.repo, delregion=id_)
    elif typ == "kommunalförbund":
        members = [k for k in book.repo.of_type("kommun") if k.data.get("kommunalförbund") == id_]
    key = "delregion" if typ == "delregion" else "region"
    arenas = [a for a in book.repo.of_type("arena") if a.data.get(key) == id_] if typ in ("region", "delregion") else []
    decided, pending = book.split(documents(book, entry))
    return book.render(
        "aktor.md",
        paths.page_path(id_),
        entry.name,
        source=entry.path,
        search=sokdata.listing(TYPE_NAMES.get(entry.typ, "Aktör")),
        entry=entry,
        members=members,
        delregions=[d for d in book.repo.of_type("delregion") if d.data.get("region") == id_],
        arenas=arenas,
        documents=decided,
        pending=pending,
    )


def documents(book: Handbook, entry: Entry) -> list:
    """Documents of a region or delregion at its own level; for others, where it is a party."""
    if entry.typ == "region":
        return [
            d
            for d in book.view.documents
            if d.typ in ("avtal", "uppdragshandling")
            and d.data.get("region") == entry.id
            and d.data.get("nivå") == "regional"
        ]
    if entry.typ == "delregion":
        return [
            d
            for d in book.view.documents
            if d.typ in ("avtal", "uppdragshandling") and d.data.get("delregion") == entry.id
        ]
    return [d for d in book.view.documents if d.typ == "avtal" and entry.id in [i for _, i in d.ids("parter")]]
