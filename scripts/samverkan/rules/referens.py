"""References between documents, in front matter and in the body (spec §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..body import anchor
from ..finding import Finding, error
from ..model import Document
from ..suggest import did_you_mean
from .base import DOCUMENTS, Context, public_to_intern


def related(ctx: Context) -> Iterator[Finding]:
    """§6: ``relaterade`` and ``behandlade`` name documents, not registry entries."""
    for doc in ctx.repo.documents:
        for key in ("relaterade", "behandlade"):
            for path, value in doc.ids(key):
                yield from ctx.resolve(doc, path, value, DOCUMENTS)


def body_references(ctx: Context) -> Iterator[Finding]:
    """§4, §6: every ``[[id]]``, ``[[id|text]]`` and ``[[id#rubrik]]`` in a body names
    a document or registry entry; a ``#rubrik`` names a heading of that document
    (slugified as the site does); registry entries have no headings."""
    by_id = ctx.repo.by_id  # what ctx.repo.get does for an id (a reference's target is always a string)
    for doc in ctx.repo.documents:
        for ref in doc.refs:
            target = by_id.get(ref.target)
            if target is None and ref.target in ctx.repo.unreadable_ids:
                continue
            if target is None:
                yield error(
                    doc.path,
                    ref.pos,
                    "okänd-referens",
                    f"referensen {ref.written}: det finns inget id '{ref.target}'"
                    + (
                        did_you_mean(ref.target, ctx.known_ids())
                        or " — skriv id:t på ett dokument eller en post i registret"
                    ),
                )
                continue
            if public_to_intern(doc, target):  # the key's words are made only for a finding
                yield from ctx.intern_reference(doc, ref.pos, f"referensen {ref.written}", target)
            if ref.heading is None or _names_remiss_section(doc, ref):
                continue
            if not isinstance(target, Document):
                yield error(
                    doc.path,
                    ref.pos,
                    "rubrik-saknas",
                    f"referensen {ref.written}: '{ref.target}' är en post i registret och har inga "
                    "rubriker — ta bort '#…'",
                )
                continue
            wanted = anchor(ref.heading)
            if wanted not in target.anchors:
                hint = did_you_mean(wanted, target.anchors)
                yield error(
                    doc.path,
                    ref.pos,
                    "rubrik-saknas",
                    f"referensen {ref.written}: '{target.id}' har ingen rubrik '{ref.heading}'"
                    f"{hint} — rubriker i dokumentet: {', '.join(target.anchors) or 'inga'}",
                )


def _names_remiss_section(doc: Document, ref) -> bool:
    """A remissvar's ``[[svar_på#rubrik]]`` names a section of the version that was
    on remiss, which may since have changed: :func:`.remiss.answer_sections` checks it."""
    return doc.typ == "remissvar" and ref.target == doc.data.get("svar_på")


RULES = [related, body_references]
