"""The remiss round on the site: the round on the document's page, the
remissammanställning (every section of the version on remiss with the
comments on it), the comparison remiss → fastställd with the comments per
section, and the open remisser on a kommun's page. Each answer is a document
and has its own page (:mod:`.dokument`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

from .. import remiss as remiss_module
from ..body import anchor
from ..jamforelse.comparison import Comparison, Side, compare
from ..jamforelse.referenser import readable
from ..jamforelse.render_html import to_html
from ..model import Document, Entry
from ..remiss.kommentarer import Comment, text_of
from ..remiss.sammanstallning import Compilation, Response, all_comments, compile_round, responses
from ..remiss.version import remiss_version
from . import markup, paths
from .context import Handbook
from .page import Page


@dataclass(frozen=True)
class Row:
    """One instans asked, and its answer when it has one this build may show."""

    instans: remiss_module.Instans
    answer: Document | None
    late: bool


@dataclass(frozen=True)
class Round:
    """What the site says about one document's remiss round."""

    round: remiss_module.Round
    tally: remiss_module.Tally
    rows: tuple[Row, ...]
    answers: tuple[Document, ...]
    open: bool
    compilation_href: str | None
    responses_href: str | None


def answers(book: Handbook, doc: Document) -> list[Document]:
    """The answers to ``doc``'s current round that this build may show."""
    rnd = remiss_module.round_of(book.repo, doc)
    if rnd is None:
        return []
    return remiss_module.answers_in_round(remiss_module.answers_to(book.view.documents, doc.id), rnd)


def version_on_remiss(book: Handbook, doc: Document) -> Document | None:
    """The version of ``doc`` that was on remiss (from the history this build may show)."""
    return remiss_version(doc, book.history)


def summary(book: Handbook, doc: Document, current: str) -> Round | None:
    """The round of ``doc`` as its page shows it (links relative to ``current``)."""
    rnd = remiss_module.round_of(book.repo, doc)
    if rnd is None:
        return None
    found = answers(book, doc)
    counted = remiss_module.tally(rnd, found)
    rows = tuple(
        Row(
            i,
            counted.answered.get(i.id),
            bool(counted.answered.get(i.id) and remiss_module.late(counted.answered[i.id], rnd)),
        )
        for i in rnd.asked
    )
    linker = markup.Linker(book.view, current)
    decided = doc.data.get("status") in ("fastställd", "upphävd")
    has_responses = decided and version_on_remiss(book, doc) is not None
    return Round(
        rnd,
        counted,
        rows,
        tuple(found),
        doc.data.get("status") == "remiss" and rnd.open(book.today),
        linker.href(paths.compilation_path(doc.id)),
        linker.href(paths.responses_path(doc.id)) if has_responses else None,
    )


def pages(book: Handbook, docs: Iterable[Document] | None = None) -> Iterator[Page]:
    """The remiss pages of every document sent on remiss (or of those among ``docs``)."""
    for doc in book.view.documents if docs is None else docs:
        if doc.typ not in remiss_module.REMISS_TYPES or remiss_module.round_of(book.repo, doc) is None:
            continue
        yield compilation_page(book, doc)
        if doc.data.get("status") in ("fastställd", "upphävd"):
            version = version_on_remiss(book, doc)
            if version is not None:
                yield responses_page(book, doc, version)


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")


def _comment_markdown(book: Handbook, comment: Comment, linker: markup.Linker, bodies: dict) -> str:
    """A comment as Markdown for a page: the answer's references made links,
    its own headings made bold lines (they must not enter the page's outline)."""
    answer = comment.answer
    if answer.id not in bodies:
        bodies[answer.id] = markup.body(answer, linker).split("\n")
    text = text_of(bodies[answer.id], comment)
    return "\n".join(f"**{m.group(2)}**" if (m := _HEADING.match(line)) else line for line in text.split("\n"))


def _position_class(answer: Document) -> str:
    position = remiss_module.position(answer) or "okänt"
    return position.replace(" ", "-").replace("å", "a")


def compilation_page(book: Handbook, doc: Document) -> Page:
    """/<id>/remissammanstallning/: every section of the version on remiss and the comments on it."""
    path = paths.compilation_path(doc.id)
    linker = markup.Linker(book.view, path)
    version = version_on_remiss(book, doc)
    found = answers(book, doc)
    compiled: Compilation = compile_round(version or doc, found)
    linker = SectionLinker(book.view, path, doc.id, shown_sections(compiled))
    bodies: dict = {}
    text = {id(c): _comment_markdown(book, c, linker, bodies) for p in compiled.parts for c in p.comments}
    text.update({id(c): _comment_markdown(book, c, linker, bodies) for c in compiled.general + compiled.unplaced})
    return book.render(
        "remissammanstallning.md",
        path,
        f"Remissammanställning: {doc.name}",
        source=doc.path,
        doc=doc,
        info=summary(book, doc, path),
        compiled=compiled,
        exact=version is not None,
        comment_text=lambda c: text[id(c)],
        position_class=_position_class,
        parties=sorted({a.data.get("från") for a in found if isinstance(a.data.get("från"), str)}),
        positions=remiss_module.POSITIONS,
        examples=any(a.data.get("exempel") for a in found),
    )


def responses_page(book: Handbook, doc: Document, version: Document) -> Page:
    """/<id>/remissvar-och-beslut/: per section what changed from the remiss
    version to the decided one, beside the comments made on it."""
    path = paths.responses_path(doc.id)
    linker = markup.Linker(book.view, path)
    found = answers(book, doc)
    comparison = compare(
        Side("Remissversionen", _readable(book, version)),
        Side("Fastställd version", _readable(book, doc)),
        hide=book.hidden,
    )
    placed, rest = responses(comparison, all_comments(found, version))
    linker = SectionLinker(book.view, path, doc.id, shown_sections(compile_round(version, found)))
    bodies: dict = {}
    text = {id(c): _comment_markdown(book, c, linker, bodies) for r in placed for c in r.comments}
    text.update({id(c): _comment_markdown(book, c, linker, bodies) for c in rest})
    return book.render(
        "remissvar-och-beslut.md",
        path,
        f"Remissvar och beslut: {doc.name}",
        source=doc.path,
        doc=doc,
        info=summary(book, doc, path),
        placed=placed,
        rest=rest,
        change_html=lambda r: Markup(_change_html(comparison, r)),
        comment_text=lambda c: text[id(c)],
        position_class=_position_class,
    )


def _readable(book: Handbook, doc: Document) -> Document:
    """``doc`` with its references written as readers see them (as the site's comparisons do)."""

    def title(id_: str) -> str | None:
        target = book.view.get(id_)
        return target.name if target is not None else None

    return readable(doc, title, book.hidden)


class SectionLinker(markup.Linker):
    """Links from a remissvar: a ``[[svar_på#rubrik]]`` goes to that section in the
    remissammanställning, whose headings keep the anchors of the version on
    remiss (the decided document may have renamed the section since)."""

    def __init__(self, view, current: str, target: str, anchors: frozenset[str], hidden=None):
        super().__init__(view, current, hidden)
        self.target = target
        self.anchors = anchors

    def node(self, id_: object, label: str | None = None, heading: str | None = None) -> str:
        if id_ != self.target or heading is None:
            return super().node(id_, label, heading)
        node = self.view.repo.get(id_)
        if node is None or not self.view.visible(node) or anchor(heading) not in self.anchors:
            return super().node(id_, label, None)
        text = markup.escape(label or node.name)
        return f"[{text}]({self.href(paths.compilation_path(self.target), anchor(heading))})"


def shown_sections(compiled: Compilation) -> frozenset[str]:
    """The anchors the remissammanställning has: a title heading without comments is left out."""
    return frozenset(p.anchor for p in compiled.parts if p.anchor and (p.level != 1 or p.comments))


def answer_linker(book: Handbook, answer: Document, current: str, hidden=None) -> markup.Linker:
    """The linker for an answer's text on ``current`` (its page, or one of its versions)."""
    target = book.view.document(answer.data.get("svar_på"))
    if target is None or remiss_module.round_of(book.repo, target) is None:
        return markup.Linker(book.view, current, hidden)
    compiled = compile_round(version_on_remiss(book, target) or target, answers(book, target))
    return SectionLinker(book.view, current, target.id, shown_sections(compiled), hidden)


def _change_html(comparison: Comparison, response: Response) -> str:
    """One section's change, rendered as the site's comparisons are."""
    one = Comparison(comparison.old, comparison.new, [], [response.change])
    return to_html(one, heading=4, fields=False)


@dataclass(frozen=True)
class OpenRemiss:
    document: Document
    last_day: object
    answer: Document | None


def open_for(book: Handbook, kommun: Entry) -> list[OpenRemiss]:
    """The remisser still open in which ``kommun`` is asked, soonest last day first."""
    out = []
    for rnd in remiss_module.open_for(book.repo, book.view.documents, kommun.id or "", book.today):
        mine = [a for a in answers(book, rnd.document) if a.data.get("från") == kommun.id]
        out.append(OpenRemiss(rnd.document, rnd.end, mine[0] if mine else None))
    return sorted(out, key=lambda o: (o.last_day, o.document.name))
