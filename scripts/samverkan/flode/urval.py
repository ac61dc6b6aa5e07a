"""What a kommun, a region and an arena follow: their documents and calendar events.

* A **kommun** follows the documents that apply to it (their scope, spec §4:
  regional documents of its region, delregional ones of its delregion, local
  ones that name it; a bilaga its avtal's, a mötesanteckning its arena's) and
  the planned meetings of the arenas whose scope includes it.
* A **region** follows every document and arena of the region.
* An **arena** follows the documents it owns (``dokumentägare``; a bilaga its
  avtal's), its meeting notes, the mandates it gives or carries out and the
  one its ``uppdrag`` names, and its own meetings and the steps it handles.

Only what the given view shows is ever selected, so an intern document is in
no list of a public build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .. import omfattning
from ..handelser import Event
from ..model import Document, Entry
from ..relationer import owner
from ..synlighet import View


@dataclass
class Selection:
    """Documents and arenas per kommun, region and arena id, for one view."""

    by_kommun: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_region: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_arena: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # arena id -> kommun ids in its scope; arena id -> its region
    arena_kommuner: dict[str, set[str]] = field(default_factory=dict)
    arena_region: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, view: View) -> Selection:
        repo = view.repo
        out = cls()
        for arena in view.of_type("arena"):
            assert isinstance(arena, Entry)
            out.arena_kommuner[arena.id] = {k.id for k in omfattning.scope(repo, arena) if k.id}
            out.arena_region[arena.id] = omfattning.region(repo, arena)
            uppdrag = arena.text("uppdrag")
            if uppdrag and view.document(uppdrag):
                out.by_arena[arena.id].add(uppdrag)
        for doc in view.documents:
            for kommun in omfattning.scope(repo, doc):
                if kommun.id:
                    out.by_kommun[kommun.id].add(doc.id)
            region = omfattning.region(repo, doc)
            if region:
                out.by_region[region].add(doc.id)
            for arena in _arenas(repo, doc):
                out.by_arena[arena].add(doc.id)
        return out

    def documents(self, kind: str, id_: str) -> set[str]:
        """The ids of the documents ``id_`` (a kommun, region or arena) follows."""
        return set({"kommun": self.by_kommun, "region": self.by_region, "arena": self.by_arena}[kind].get(id_, ()))

    def events(self, kind: str, id_: str, found: list[Event]) -> list[Event]:
        """The calendar events among ``found`` that ``id_`` follows, in the given order."""
        docs = self.documents(kind, id_)

        def wanted(event: Event) -> bool:
            if event.kind == "möte":
                if kind == "kommun":
                    return id_ in self.arena_kommuner.get(event.document, ())
                if kind == "region":
                    return self.arena_region.get(event.document) == id_
                return event.document == id_
            return event.document in docs or (kind == "arena" and event.arena == id_)

        return [e for e in found if wanted(e)]


def _arenas(repo, doc: Document) -> set[str]:
    found = {a for a in (owner(repo, doc),) if a}
    if doc.typ == "uppdragshandling":
        found |= {a for a in (doc.text("uppdragsgivare"), doc.text("uppdragstagare")) if a}
    return found
