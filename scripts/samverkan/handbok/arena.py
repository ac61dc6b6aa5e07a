"""Arena pages: mandate, level, the escalation chain, meetings, owned documents."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from .. import mandat
from ..model import Entry, parse_date
from . import paths, sokdata
from .context import Handbook
from .markup import escape
from .page import Page


def pages(book: Handbook) -> Iterator[Page]:
    for arena in book.repo.of_type("arena"):
        if arena.id:
            yield page(book, arena)


def page(book: Handbook, arena: Entry) -> Page:
    mandates = list(book.rel.mandates.get(arena.id, []))
    written = book.view.document(arena.data.get("uppdrag"), "uppdragshandling")
    if written is not None and written not in mandates:
        mandates.insert(0, written)
    # bilagor are listed on their avtal's page, meetings above
    owned = [d for d in book.rel.owned.get(arena.id, []) if d.typ in ("avtal", "uppdragshandling")]
    mandates, pending_mandates = book.split(mandates)
    owned, pending_owned = book.split(owned)
    return book.render(
        "arena.md",
        paths.page_path(arena.id),
        arena.name,
        source=arena.path,
        search=sokdata.listing("Arena"),
        arena=arena,
        chain=chain(book, arena),
        steps=[step(a) for a in chain(book, arena)],
        own_step=own_step(arena),
        top_note=top_note(arena),
        short=short_name(arena),
        authority=mandat.authority(arena),
        recommends_for=next((m.för for m in mandat.mandates(arena) if m.befogenhet == "rekommenderar"), None),
        powers=mandat.mandates(arena),
        decides=mandat.decides(arena),
        members=members(arena),
        plan=meeting_plan(arena),
        contact=contact(arena),
        mandates=mandates,
        reporting=book.rel.reporting.get(arena.id, []),
        meetings=book.rel.meetings.get(arena.id, []),
        owned=owned,
        pending=list(dict.fromkeys(pending_mandates + pending_owned)),
        kommuner=book.scope(arena) if arena.data.get("nivå") == "lokal" else [],
    )


def chain(book: Handbook, arena: Entry) -> list[Entry]:
    """The arenas a question is lifted to, next level first, up to the top.

    The validator rejects loops; stopping at a repeat keeps a broken
    repository from hanging the build.
    """
    seen = {arena.id}
    result: list[Entry] = []
    current = arena
    while True:
        parent = book.repo.entry(current.data.get("rapporterar_till"), "arena")
        if parent is None or parent.id in seen:
            return result
        seen.add(parent.id)
        result.append(parent)
        current = parent


def short_name(arena: Entry) -> str:
    """``SRO`` rather than ``Det politiska samrådsorganet`` inside a sentence."""
    return arena.text("kortnamn") or arena.name


def step(arena: Entry) -> dict:
    """One level of the escalation chain: the arena and what that level may do
    ("SRO rekommenderar – huvudmännen beslutar")."""
    authority = mandat.authority(arena)
    return {
        "id": arena.id,
        "nivå": arena.data.get("nivå"),
        # escaped here: the template joins it to other text, and |md would drop the separator's space
        "vad": f": {escape(short_name(arena))} {escape(authority)}" if authority else "",
    }


def own_step(arena: Entry) -> str:
    """The first line of the chain, the arena itself, with what it may do (escaped Markdown)."""
    authority = mandat.authority(arena)
    text = escape(arena.name)
    return f"{text} – {escape(short_name(arena))} {escape(authority)}" if authority else text


def top_note(arena: Entry) -> str:
    """What the top of a chain does with a question (escaped Markdown): it decides, or
    it only recommends and someone else decides."""
    authority = mandat.authority(arena)
    if authority and not mandat.decides(arena):
        return f"{escape(short_name(arena))} {escape(authority)}."
    return "Frågor avgörs här."


def members(arena: Entry) -> list[dict]:
    """The ``ledamöter`` that name a role and an organisation."""
    return [
        {
            "roll": item["roll"],
            "organisation": item["organisation"],
            "antal": item["antal"] if isinstance(item.get("antal"), int) and item["antal"] > 1 else None,
        }
        for _, item in arena.items("ledamöter")
        if isinstance(item, dict) and isinstance(item.get("roll"), str) and isinstance(item.get("organisation"), str)
    ]


def meeting_plan(arena: Entry) -> dict | None:
    """How often the arena meets and its planned meetings (valid dates only), or None."""
    moten = arena.data.get("möten")
    if not isinstance(moten, dict):
        return None
    planned = [
        {"datum": day, "när": _when(item)}
        for item in moten.get("planerade") or []
        if isinstance(item, dict) and (day := parse_date(item.get("datum")))
    ]
    frekvens = moten.get("frekvens") if isinstance(moten.get("frekvens"), str) else None
    if not planned and not frekvens:
        return None
    return {
        "frekvens": frekvens,
        "planerade": sorted(planned, key=lambda m: m["datum"]),
        "exempel": moten.get("exempel") is True,
    }


def _when(item: dict) -> str:
    """ ", kl. 09:00-12:00 – Planeringsdag" after a meeting's date (escaped Markdown)."""
    text = ""
    if isinstance(item.get("tid"), str):
        text += f", kl. {escape(item['tid'])}"
    if isinstance(item.get("not"), str) and item["not"].strip():
        text += f" – {escape(item['not'])}"
    return text


def contact(arena: Entry) -> dict | None:
    """The arena's functional mailbox, or None."""
    kontakt = arena.data.get("kontakt")
    if not isinstance(kontakt, dict) or not isinstance(kontakt.get("e-post"), str):
        return None
    address = kontakt["e-post"]
    return {
        "funktion": kontakt.get("funktion") if isinstance(kontakt.get("funktion"), str) else "Kontakt",
        "epost": address,
        "href": "mailto:" + quote(address, safe="@._+-"),
        "exempel": kontakt.get("exempel") is True,
    }
