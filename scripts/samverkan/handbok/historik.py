"""Version pages: ``/<id>/historik/``, every version in full at
``/<id>/version/<n>/``, ready-made comparisons at ``/<id>/jamfor/<a>-<b>/`` and
the data the history page's picker compares in the browser.

The history comes from git (:mod:`samverkan.historik`), already cut to what the
build may show (:meth:`Handbook.versions`): a public build never sees a version
in which the document was intern.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .. import jamforelse, wording
from ..historik import Version, datering, giltighet
from ..model import Document
from ..revision import name as label
from . import filer, markup, paths
from . import remiss as remiss_pages
from .context import Handbook
from .page import Asset, Page

REMISS_TO_DECIDED = "Remiss → fastställd"
PREVIOUS_TO_IN_FORCE = "Förra fastställda → gällande"


@dataclass(frozen=True)
class Pair:
    """A ready-made comparison and why it was made."""

    old: Version
    new: Version
    reason: str
    comparison: jamforelse.Comparison | None = None


def pages(book: Handbook) -> Iterator[Page | Asset]:
    published = frozenset(filer.published(book))
    for doc in book.view.documents:
        yield from document_pages(book, doc, published)


def document_pages(book: Handbook, doc: Document, published: frozenset[str]) -> Iterator[Page | Asset]:
    """The history of one document: its history page, picker data, versions and
    comparisons (their papers, with downloads, are :mod:`.papper`'s).

    ``published``: the attachments the build publishes (:func:`filer.published`).
    """
    versions = book.versions(doc)
    if not versions:
        return
    ready = ready_pairs(book, doc)
    yield history_page(book, doc, versions, ready)
    yield picker_data(book, doc, versions)
    for version in versions:
        yield version_page(book, doc, versions, version, published)
    for pair in ready:
        yield comparison_page(book, doc, pair)


def written_status(version: Version) -> str:
    return wording.WRITTEN_STATUS.get(version.status or "", "Okänd status")


def versions_with_files(book: Handbook, doc: Document) -> list[Version]:
    """The versions offered as Word and PDF (:mod:`.papper`): the milestones
    (a remiss, a decision, a repeal …), the version in force and the newest."""
    if not book.downloads:
        return []
    versions = book.versions(doc)
    current = book.in_force(doc)
    return [v for v in versions if v.milestone or v is current or v is versions[-1]]


def ready_pairs(book: Handbook, doc: Document) -> list[Pair]:
    """The ready-made comparisons of ``doc`` that show a change, compared
    (once per build: the document page links to some of them)."""
    if doc.id not in book.pairs:
        made = []
        for pair in pairs(book.versions(doc), book.in_force(doc)):
            comparison = compare(book, pair.old, pair.new)
            if comparison.changed:  # no comparison is offered for a pair without changes
                made.append(dataclasses.replace(pair, comparison=comparison))
        book.pairs[doc.id] = made
    return book.pairs[doc.id]


def compare(book: Handbook, old: Version, new: Version) -> jamforelse.Comparison:
    """Two versions compared as the site shows them (references as readers see them)."""
    return jamforelse.compare(
        jamforelse.Side(label(old), shown(book, old)),
        jamforelse.Side(label(new), shown(book, new)),
        hide=book.hidden,
    )


def useful(ready: list[Pair]) -> list[Pair]:
    """The comparisons a document page links to: the last remiss against the
    decision that followed it, and the decision before against the one in force."""
    out = []
    for reason in (REMISS_TO_DECIDED, PREVIOUS_TO_IN_FORCE):
        found = [p for p in ready if p.reason == reason]
        if found:
            out.append(max(found, key=lambda p: p.new.number))
    return out


def pairs(versions: list[Version], in_force: Version | None = None) -> list[Pair]:
    """The comparisons worth making in advance: each version against the one
    before it, every remiss against the decision that followed it, the
    decision before the one in force against it, and the last decided version
    against the newest."""
    found: dict[tuple[int, int], Pair] = {}
    for before, after in zip(versions, versions[1:]):
        found[(before.number, after.number)] = Pair(before, after, "Mot föregående version")
    for index, version in enumerate(versions):
        if version.status != "fastställd" or not version.milestone:
            continue
        remiss = [v for v in versions[:index] if v.status == "remiss"]
        if remiss:
            # the more telling name wins when the remiss is also the version before
            found[(remiss[-1].number, version.number)] = Pair(remiss[-1], version, REMISS_TO_DECIDED)
    if in_force is not None:
        earlier = [
            v
            for v in versions
            if v.number < in_force.number and v.status == "fastställd" and v.faststalld != in_force.faststalld
        ]
        if earlier:
            found[(earlier[-1].number, in_force.number)] = Pair(earlier[-1], in_force, PREVIOUS_TO_IN_FORCE)
    decided = [v for v in versions if v.status == "fastställd"]
    if decided and decided[-1] is not versions[-1]:
        key = (decided[-1].number, versions[-1].number)
        found[key] = Pair(decided[-1], versions[-1], "Senast fastställd → senaste version")
    return sorted(found.values(), key=lambda p: (p.new.number, p.old.number))


def history_page(book: Handbook, doc: Document, versions: list[Version], ready: list[Pair]) -> Page:
    path = paths.history_path(doc.id)
    linker = markup.Linker(book.view, path)
    periods = giltighet.periods(versions)
    made = {(p.old.number, p.new.number) for p in ready}
    return book.render(
        "historik.md",
        path,
        f"Versionshistorik: {doc.name}",
        source=doc.path,
        doc=doc,
        versions=list(reversed(versions)),
        latest=versions[-1],
        in_force=book.in_force(doc),
        periods=periods,
        periods_json=_script_json([_period(linker, doc, p) for p in periods]),
        milestones=[v for v in versions if v.milestone],
        notes=datering.notes(versions),
        pairs=ready,
        made=made,
        problem=book.history_problem,
        label=label,
        written_status=written_status,
        tense=lambda p: giltighet.tense(p.start, p.end, book.today),
        href_version=lambda v: linker.href(paths.version_path(doc.id, v.number)),
        href_pair=lambda a, b: linker.href(paths.comparison_path(doc.id, a.number, b.number)),
        data_href=linker.href(paths.history_data_path(doc.id)),
    )


def version_page(
    book: Handbook,
    doc: Document,
    versions: list[Version],
    version: Version,
    published: frozenset[str],
) -> Page:
    """One version in full; ``published``: the attachments the build publishes
    (links to any other file, replaced or removed since, become plain text)."""
    path = paths.version_path(doc.id, version.number)
    old = version.document()
    if old.typ == "remissvar":  # its sections are those of the version on remiss
        linker = remiss_pages.answer_linker(book, old, path, hidden=book.hidden)
    else:
        linker = markup.Linker(book.view, path, hidden=book.hidden)
    text = filer.unlink_unpublished(markup.body(old, linker), old, book.repo, linker.href, published)
    heading, body = markup.split_title(text, old.name)
    return book.render(
        "version.md",
        path,
        f"{old.name} – version {version.number}",
        source=doc.path,
        doc=doc,
        old=old,
        version=version,
        latest=versions[-1],
        in_force=book.in_force(doc),
        label=label,
        written_status=written_status,
        href_version=lambda v: linker.href(paths.version_path(doc.id, v.number)),
        heading=heading,
        body=body,
        files=(
            {fmt: linker.href(paths.version_file(doc.id, version.number, fmt)) for fmt in ("docx", "pdf")}
            if version in versions_with_files(book, doc)
            else None
        ),
    )


def comparison_page(book: Handbook, doc: Document, pair: Pair) -> Page:
    path = paths.comparison_path(doc.id, pair.old.number, pair.new.number)
    linker = markup.Linker(book.view, path)
    comparison = pair.comparison or compare(book, pair.old, pair.new)
    return book.render(
        "jamforelse.md",
        path,
        f"{doc.name}: version {pair.old.number} → {pair.new.number}",
        source=doc.path,
        doc=doc,
        pair=pair,
        comparison=comparison,
        fields=jamforelse.fields_html(comparison),
        inline=jamforelse.to_html(comparison, layout="inline", fields=False),
        side_by_side=jamforelse.to_html(comparison, layout="sida-vid-sida", fields=False),
        label=label,
        written_status=written_status,
        href_version=lambda v: linker.href(paths.version_path(doc.id, v.number)),
        history_href=linker.href(paths.history_path(doc.id)),
        paper=linker.href(paths.comparison_file(doc.id, pair.old.number, pair.new.number)) if book.downloads else None,
    )


def shown(book: Handbook, version: Version) -> Document:
    """The version's document with each ``[[…]]`` written as the text a reader
    sees on the page: its label, or the title of what it names, or "(internt
    dokument)" for what this build may not show. Comparisons show text, not
    links, and an old version may name an intern document."""

    def title(id_: str) -> str | None:
        target = book.view.get(id_)
        return target.name if target is not None else None

    return jamforelse.readable(version.document(), title, book.hidden)


def picker_data(book: Handbook, doc: Document, versions: list[Version]) -> Asset:
    """Every version's fields and sections, for comparing any two in the browser
    exactly as :func:`samverkan.jamforelse.compare` does (the compared field
    values as tokens: a hidden id never leaves the build)."""
    fields = jamforelse.opaque([jamforelse.field_data(v.document(), book.hidden) for v in versions])
    data = {
        "id": doc.id,
        "versions": [
            {
                "number": v.number,
                "label": label(v),
                "status": written_status(v),
                "fields": fields[index],
                "sections": jamforelse.structure(shown(book, v)),
            }
            for index, v in enumerate(versions)
        ],
    }
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Asset(paths.history_data_path(doc.id), content.encode("utf-8"))


def _period(linker: markup.Linker, doc: Document, period: giltighet.Period) -> dict:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat() if period.end else None,
        "label": label(period.version),
        "href": linker.href(paths.version_path(doc.id, period.version.number)),
    }


def _script_json(value) -> str:
    """JSON safe inside an HTML attribute or a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
