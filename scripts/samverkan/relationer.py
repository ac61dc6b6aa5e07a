"""Relations between documents and registry entries, computed once per build.

The files only say what a document points at; readers also want the other
direction: the bilagor of an avtal, what supersedes it, who refers to it, the
meetings of an arena. Only visible documents contribute (see :mod:`synlighet`),
so a backlink can never reveal an intern document.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Document, Entry, Repository
from .synlighet import View


def owner(repo: Repository, doc: Document) -> str | None:
    """The arena that owns ``doc``: its ``dokumentägare``; for an uppdragshandling
    by default the uppdragsgivare (spec §6); for a bilaga its avtal's; for a
    mötesanteckning the arena that met."""
    if doc.typ == "bilaga":
        parent = repo.document(doc.data.get("bilaga_till"), "avtal")
        return parent.text("dokumentägare") if parent else None
    if doc.typ == "mötesanteckning":
        return doc.text("arena")
    if doc.typ == "uppdragshandling":
        return doc.text("dokumentägare") or doc.text("uppdragsgivare")
    return doc.text("dokumentägare")


# how a document refers to another, as the site names it
HOW = {
    "text": "hänvisar i texten",
    "relaterade": "relaterat dokument",
    "behandlade": "behandlades på mötet",
    "tillämpar": "tillämpar",
    "ersätter": "ersätter",
    "bilaga_till": "bilaga",
}


@dataclass(frozen=True)
class Backlink:
    source: Document
    how: str


@dataclass
class Relations:
    """Reverse indexes over one :class:`View`."""

    view: View
    bilagor: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    superseded_by: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    applied_by: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    backlinks: dict[str, list[Backlink]] = field(default_factory=lambda: defaultdict(list))
    meetings: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    # arena id → documents of every type, by :func:`owner`
    owned: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    mandates: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    reporting: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    # the indexes of nodes (backlinks hold their source)
    FIELDS = ("bilagor", "superseded_by", "applied_by", "meetings", "owned", "mandates", "reporting")

    @classmethod
    def build(cls, view: View) -> Relations:
        rel = cls(view)
        for doc in view.documents:
            rel._add_document(doc)
        for arena in view.repo.of_type("arena"):
            parent = arena.data.get("rapporterar_till")
            if isinstance(parent, str):
                rel.reporting[parent].append(arena)  # type: ignore[arg-type]
        for meetings in rel.meetings.values():
            meetings.sort(key=lambda d: (d.date("datum") or dt.date.min, d.id or ""), reverse=True)
        for bilagor in rel.bilagor.values():
            bilagor.sort(
                key=lambda d: (d.data.get("nummer") if isinstance(d.data.get("nummer"), int) else 0, d.id or "")
            )
        return rel

    def over(self, view: View) -> Relations:
        """These relations over ``view``, whose documents differ from this one's
        only in their text (same ids, paths, front matter and references, so the
        same relations in the same order): each node replaced by the node with
        its id in ``view``. The preview server's next build after a text edit."""
        get = view.repo.get

        def same(nodes: list) -> list:
            return [get(n.id) for n in nodes]

        out = Relations(view)
        for name in self.FIELDS:
            target = getattr(out, name)
            for key, nodes in getattr(self, name).items():
                target[key] = same(nodes)
        for key, links in self.backlinks.items():
            out.backlinks[key] = [Backlink(get(b.source.id), b.how) for b in links]
        return out

    def _add_document(self, doc: Document) -> None:
        data = doc.data
        if doc.typ == "bilaga" and isinstance(data.get("bilaga_till"), str):
            self.bilagor[data["bilaga_till"]].append(doc)
        for _, old in doc.ids("ersätter"):
            self.superseded_by[old].append(doc)
            self._backlink(old, doc, "ersätter")
        for _, target in doc.ids("tillämpar"):
            self.applied_by[target].append(doc)
            self._backlink(target, doc, "tillämpar")
        for key in ("relaterade", "behandlade"):
            for _, target in doc.ids(key):
                self._backlink(target, doc, key)
        for ref in doc.refs:
            self._backlink(ref.target, doc, "text")
        if doc.typ == "mötesanteckning" and isinstance(data.get("arena"), str):
            self.meetings[data["arena"]].append(doc)
        if doc.typ == "uppdragshandling" and isinstance(data.get("uppdragstagare"), str):
            self.mandates[data["uppdragstagare"]].append(doc)
        arena = owner(self.view.repo, doc)
        if arena is not None:
            self.owned[arena].append(doc)

    def _backlink(self, target: str, source: Document, how: str) -> None:
        if target == source.id:
            return
        links = self.backlinks[target]
        if not any(b.source is source and b.how == HOW[how] for b in links):
            links.append(Backlink(source, HOW[how]))
