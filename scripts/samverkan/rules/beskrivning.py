"""References in registry text: ``[[id]]`` in a ``beskrivning`` (spec §4, §6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..finding import Finding, error
from ..model import Document
from ..suggest import did_you_mean
from .base import Context

_REF = re.compile(r"\[\[(.*?)\]\]")


def registry_references(ctx: Context) -> Iterator[Finding]:
    """§4, §6: a ``[[id]]`` in a registry entry's ``beskrivning`` names a document
    or registry entry, as in a body; one naming an intern document is shown as
    "(internt dokument)" on the public site and is warned about."""
    for entry in ctx.repo.entries:
        value = entry.data.get("beskrivning")
        if not isinstance(value, str) or "[[" not in value:
            continue
        at = entry.pos("beskrivning")
        for match in _REF.finditer(value):
            target = match.group(1).replace("\\|", "|").partition("|")[0].partition("#")[0].strip()
            written = match.group(0)
            node = ctx.repo.get(target)
            if node is None:
                if target in ctx.repo.unreadable_ids:
                    continue
                yield error(
                    entry.path,
                    at,
                    "okänd-referens",
                    f"'beskrivning': referensen {written}: det finns inget id '{target}'"
                    + (
                        did_you_mean(target, ctx.known_ids())
                        or " — skriv id:t på ett dokument eller en post i registret"
                    ),
                )
                continue
            if isinstance(node, Document):
                yield from ctx.intern_reference(entry, at, f"beskrivning, referensen {written}", node)


RULES = [registry_references]
