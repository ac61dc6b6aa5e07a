"""Identifiers (spec §2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..finding import Finding, error
from ..ids import RESERVED
from .base import Context, each_duplicate


def unique_ids(ctx: Context) -> Iterator[Finding]:
    """§2, §6: an id is unique across the registry and the documents; a duplicate
    is reported at every occurrence, each naming the other places."""
    seen = defaultdict(list)
    for node in ctx.repo.nodes():
        if node.id is not None:
            seen[node.id].append(node)
    for id_, node, others in each_duplicate(seen, "id"):
        yield error(
            node.path,
            node.pos("id"),
            "dubblett-id",
            f"id '{id_}' används också i {others} — ett id får bara finnas en gång i hela arkivet; byt id på det ena",
        )


def reserved_ids(ctx: Context) -> Iterator[Finding]:
    """§2: the id is the page's address ``/<id>/``, so it may not be one of the
    addresses the handbook uses for its own pages (an interpretation, see
    docs/innehallsmodell/tolkningar.md)."""
    for node in ctx.repo.nodes():
        if node.id in RESERVED:
            yield error(
                node.path,
                node.pos("id"),
                "id-reserverat",
                f"id '{node.id}' är upptaget av handbokens egna sidor (/{node.id}/) — välj ett "
                f"annat id, t.ex. '{node.id}-1' eller ett mer beskrivande",
            )


RULES = [unique_ids, reserved_ids]
