"""Topic tags, ``ämnen`` (spec §4, §6)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..amnen import occurrences, preferred, tag_key
from ..finding import Finding, error, warning
from ..ids import slug
from .base import Context


def tag_spelling(ctx: Context) -> Iterator[Finding]:
    """§6: across the repository, tags written differently but equal after case
    folding and collapsing white space are one tag; each occurrence not written in
    the most common spelling (ties: first in path order) is a warning."""
    places = occurrences(ctx.repo.documents)
    best = preferred(places)
    for doc, index, tag in places:
        spelling = best[tag_key(tag)]
        if tag != spelling:
            yield warning(
                doc.path,
                doc.pos("ämnen", index),
                "ämne-stavning",
                f"ämnet '{tag}' stavas '{spelling}' i andra dokument — skriv '{spelling}' så att "
                "dokumenten hamnar under samma ämne",
            )


def tag_addresses(ctx: Context) -> Iterator[Finding]:
    """Every tag gets the page ``/amnen/<slug>/``: a tag must have letters or digits
    to make a slug of, and two different tags may not share one (``Vård`` and
    ``Vard``), or one page would hide the other (an interpretation, see
    docs/innehallsmodell/tolkningar.md)."""
    places = occurrences(ctx.repo.documents)
    best = preferred(places)
    # The page goes to the most used tag, ties to the first in path order.
    uses = Counter(tag_key(tag) for _, _, tag in places)
    owner: dict[str, str] = {}
    for key in sorted(uses, key=lambda k: -uses[k]):  # stable: path order within a count
        owner.setdefault(slug(key), key)
    for doc, index, tag in places:
        key = tag_key(tag)
        address = slug(key)
        if not address:
            yield error(
                doc.path,
                doc.pos("ämnen", index),
                "ämne-ogiltigt",
                f"ämnet '{tag}' har inga bokstäver eller siffror och kan inte få någon sida — skriv ett ämne med ord",
            )
        elif owner[address] != key:
            other = best[owner[address]]
            yield error(
                doc.path,
                doc.pos("ämnen", index),
                "ämne-krock",
                f"ämnet '{tag}' får samma adress (/amnen/{address}/) som ämnet '{other}' — skriv '{other}' "
                "om det är samma ämne, annars ett ämne som skiljer sig i bokstäverna",
            )


RULES = [tag_spelling, tag_addresses]
