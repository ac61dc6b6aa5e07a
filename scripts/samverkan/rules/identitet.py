"""Identifiers (spec §2)."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

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


def docs_pages(root: Path) -> frozenset[str]:
    """Top-level addresses of the handbook's own pages in ``docs/`` (``bidra/``,
    ``tillganglighet.md`` → ``tillganglighet``); none outside a checkout."""
    try:
        with os.scandir(Path(root) / "docs") as entries:
            return frozenset(
                entry.name.removesuffix(".md") for entry in entries if entry.name not in ("index.md", "README.md")
            )
    except OSError:
        return frozenset()


def reserved_ids(ctx: Context) -> Iterator[Finding]:
    """§2: the id is the page's address ``/<id>/``, so it may not be one of the
    addresses the handbook uses for its own pages: the generated sections and the
    pages in ``docs/`` (an interpretation, see docs/innehallsmodell/tolkningar.md)."""
    reserved = RESERVED | docs_pages(ctx.repo.root)
    for node in ctx.repo.nodes():
        if node.id in reserved:
            yield error(
                node.path,
                node.pos("id"),
                "id-reserverat",
                f"id '{node.id}' är upptaget av handbokens egna sidor (/{node.id}/) — välj ett "
                f"annat id, t.ex. '{node.id}-1' eller ett mer beskrivande",
            )


RULES = [unique_ids, reserved_ids]
