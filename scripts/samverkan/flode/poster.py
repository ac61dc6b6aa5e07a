"""The entries of the feeds: one per version of a document, named by what happened.

The versions come from git, already cut to what the build may show
(:meth:`samverkan.handbok.Handbook.versions`): a public build never sees a
version in which the document was intern, and an intern document has none.

What an entry says (in Swedish, the reader's words):

* a version that sent the document on remiss: "Ny version på remiss";
* a decision: "Fastställd 2025-12-10"; a repeal: "Upphävd 2026-03-01";
* the first version of a mötesanteckning: "Ny mötesanteckning"; a later one
  that is justerad: "Justerad mötesanteckning";
* a first version otherwise: "Nytt utkast" or "Nytt dokument"; back to
  draft: "Åter till utkast"; a new version label: "Version 2.0";
* any other version: "Ändrad".

Each entry carries the comparison's summary line against the version before
("2 avsnitt ändrade; status remiss → fastställd") and links to the comparison
page; a decision that followed a remiss links the remiss → fastställd
comparison instead. The id is made from the document's id and the commit, so
the same change keeps its id in every build; ``updated`` is the commit's time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..historik import Version
from ..model import Document
from .atom import stable_id

FIRST = "Första versionen i handboken"


@dataclass(frozen=True)
class Change:
    """One entry before it is placed in a feed: links are site paths (``x/index.md``)."""

    id: str
    document: str  # the document's id
    what: str  # "Fastställd 2025-12-10"
    title: str  # "Fastställd 2025-12-10: Överenskommelse om …"
    updated: dt.datetime
    summary: str
    target: str  # the page the entry links to (a comparison, else the version)
    page: str  # the document's page
    sammanfattning: str | None = None
    typ: str | None = None


def what(doc: Document, previous: Version | None, version: Version) -> str:
    """What a version did to ``doc``, as the entry's title says it."""
    meeting = doc.typ == "mötesanteckning"
    if previous is None and meeting:
        return "Ny mötesanteckning"
    kind = version.milestone.kind if version.milestone else None
    if kind == "remiss":
        return "Ny version på remiss"
    if kind in ("fastställd", "upphävd"):
        day = version.faststalld if kind == "fastställd" else version.upphavd
        word = "Fastställd" if kind == "fastställd" else "Upphävd"
        return f"{word} {day.isoformat()}" if day else word
    if kind == "justerad":
        return "Justerad mötesanteckning" if meeting else "Justerad"
    if previous is None:
        return "Nytt utkast" if version.status == "utkast" else "Nytt dokument"
    if kind == "utkast":
        return "Åter till utkast"
    if kind == "version" and version.milestone is not None:
        return version.milestone.text
    return "Ändrad"


def changes(doc: Document, versions: list[Version], pairs: list, paths) -> list[Change]:
    """The entries of ``doc``: one per version, newest first.

    ``pairs``: the ready-made comparisons (:func:`samverkan.handbok.historik.ready_pairs`),
    each with ``old``, ``new``, ``reason`` and ``comparison``; ``paths``: the
    module that names pages (:mod:`samverkan.handbok.paths`).
    """
    from ..handbok.historik import REMISS_TO_DECIDED  # the page module names the pairs

    found: list[Change] = []
    sammanfattning = doc.text("sammanfattning")
    for index, version in enumerate(versions):
        previous = versions[index - 1] if index else None
        against = [p for p in pairs if p.new is version]
        chosen = None
        if version.milestone and version.milestone.kind == "fastställd":
            chosen = next((p for p in against if p.reason == REMISS_TO_DECIDED), None)
        if chosen is None and previous is not None:
            chosen = next((p for p in against if p.old is previous), None)
        if chosen is not None:
            summary = chosen.comparison.summary() if chosen.comparison is not None else ""
            target = paths.comparison_path(doc.id, chosen.old.number, chosen.new.number)
        else:
            summary = FIRST if previous is None else "inga ändringar i texten"
            target = paths.version_path(doc.id, version.number)
        said = what(doc, previous, version)
        found.append(
            Change(
                id=stable_id(f"samverkan/{doc.id}/{version.commit.sha}"),
                document=doc.id,
                what=said,
                title=f"{said}: {doc.name}",
                updated=version.commit.date,
                summary=summary,
                target=target,
                page=paths.page_path(doc.id),
                sammanfattning=sammanfattning,
                typ=doc.typ,
            )
        )
    return sorted(found, key=newest_first)


def newest_first(change: Change) -> tuple:
    """Sort key: newest first; the same moment in document and id order."""
    moment = change.updated if change.updated.tzinfo else change.updated.replace(tzinfo=dt.UTC)
    return (-moment.timestamp(), change.document, change.id)
