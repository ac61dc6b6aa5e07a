"""Level and scope keys of avtal, uppdragshandlingar and arenas (spec §3, §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error
from ..model import Document, Node
from ..omfattning import has_delregions
from .base import Context, label

SCOPED_DOCUMENTS = ("avtal", "uppdragshandling")


def check_level_keys(ctx: Context, node: Node) -> Iterator[Finding]:
    """``region``, ``delregion`` and ``kommuner`` as the node's ``nivå`` demands:
    each rule of :data:`LEVEL_RULES` in turn, one finding code each."""
    scope = _Scope(ctx, node)
    for rule in LEVEL_RULES:
        yield from rule(scope)


class _Scope:
    """What the level rules ask of one avtal, uppdragshandling or arena."""

    def __init__(self, ctx: Context, node: Node):
        self.ctx, self.node = ctx, node
        self.level = node.data.get("nivå")
        self.region = ctx.region(node)
        self.is_doc = isinstance(node, Document)
        self.what = f"{'dokumentet' if self.is_doc else 'arenan'} '{node.id}'"
        self.delregion_id = node.data.get("delregion")
        # A lokal arena or document in a region without delregions names only its kommuner.
        self.undivided = self.level == "lokal" and self.region is not None and not has_delregions(ctx.repo, self.region)

    @property
    def needs_delregion(self) -> bool:
        return self.level in ("delregional", "lokal") and not (self.undivided and self.delregion_id is None)

    @property
    def kind(self) -> str:
        return "nivå" if self.is_doc else "arena"

    def kommuner(self) -> Iterator[tuple[tuple, str, Node | None]]:
        """The listed kommuner of a lokal node that exist (references a document
        names wrongly are reported by :func:`scope_references` instead)."""
        if self.level != "lokal":
            return
        for path, value in self.node.ids("kommuner"):
            if self.is_doc and any(self.ctx.resolve(self.node, path, value, ("kommun",))):
                continue
            yield path, value, self.ctx.repo.entry(value, "kommun")


def scope_references(scope: _Scope) -> Iterator[Finding]:
    """§4: a document's ``region``, ``delregion`` and ``kommuner`` name entries of that type."""
    ctx, node = scope.ctx, scope.node
    if not scope.is_doc:
        return
    if "region" in node.data:
        yield from ctx.resolve(node, ("region",), node.data["region"], ("region",))
    if scope.needs_delregion and scope.delregion_id is not None:
        yield from ctx.resolve(node, ("delregion",), scope.delregion_id, ("delregion",))
    if scope.level == "lokal":
        for path, value in node.ids("kommuner"):
            yield from ctx.resolve(node, path, value, ("kommun",))


def delregion_given(scope: _Scope) -> Iterator[Finding]:
    """§3, §4: delregional and lokal name their delregion (nyckel-saknas)."""
    if scope.needs_delregion and scope.delregion_id is None:
        yield error(
            scope.node.path,
            scope.node.pos(),
            "nyckel-saknas",
            f"nyckeln 'delregion' saknas — {scope.what} är {scope.level} och behöver 'delregion: …'",
        )


def delregion_in_region(scope: _Scope) -> Iterator[Finding]:
    """§3: the delregion lies in the node's region (fel-region)."""
    if not scope.needs_delregion or scope.delregion_id is None:
        return
    delregion = scope.ctx.repo.entry(scope.delregion_id, "delregion")
    if delregion is not None and scope.region and delregion.text("region") != scope.region:
        yield error(
            scope.node.path,
            scope.node.pos("delregion"),
            "fel-region",
            f"'delregion': '{scope.delregion_id}' hör till regionen '{delregion.text('region')}', "
            f"inte '{scope.region}' — välj en delregion i {scope.region}",
        )


def no_delregion_when_regional(scope: _Scope) -> Iterator[Finding]:
    """§4: a regional node names no delregion (delregion-på-regional)."""
    if scope.level == "regional" and scope.delregion_id is not None:
        yield error(
            scope.node.path,
            scope.node.pos("delregion"),
            "delregion-på-regional",
            "'delregion' hör inte hemma när nivå är regional — ta bort raden eller ändra 'nivå' till delregional",
        )


def kommuner_given(scope: _Scope) -> Iterator[Finding]:
    """§3, §4: lokal names its kommuner (nyckel-saknas)."""
    if scope.level == "lokal" and "kommuner" not in scope.node.data:
        yield error(
            scope.node.path,
            scope.node.pos(),
            "nyckel-saknas",
            f"nyckeln 'kommuner' saknas — {scope.what} är lokal och behöver en lista med kommuner",
        )


def kommuner_in_region(scope: _Scope) -> Iterator[Finding]:
    """§3: in a region without delregions, a lokal node's kommuner lie in its region (fel-region)."""
    if not scope.undivided:
        return
    for path, value, kommun in scope.kommuner():
        if kommun is not None and kommun.text("region") != scope.region:
            yield error(
                scope.node.path,
                scope.node.pos(*path),
                "fel-region",
                f"'{label(path)}': '{value}' ligger i regionen '{kommun.text('region')}', inte i "
                f"'{scope.region}' — en lokal {scope.kind} omfattar bara kommuner i sin region",
            )


def kommuner_in_delregion(scope: _Scope) -> Iterator[Finding]:
    """§3: a lokal node's kommuner lie in its delregion (kommun-utanför-delregion)."""
    repo = scope.ctx.repo
    for path, value, kommun in scope.kommuner():
        if scope.undivided and kommun is not None and kommun.text("region") != scope.region:
            continue  # kommuner_in_region said it
        if (
            kommun is not None
            and repo.entry(kommun.text("delregion"), "delregion") is not None
            and repo.entry(scope.delregion_id, "delregion") is not None
            and kommun.text("delregion") != scope.delregion_id
        ):
            yield error(
                scope.node.path,
                scope.node.pos(*path),
                "kommun-utanför-delregion",
                f"'{label(path)}': '{value}' ligger i delregionen '{kommun.text('delregion')}', inte i "
                f"'{scope.delregion_id}' — en lokal {scope.kind} omfattar bara kommuner i sin delregion",
            )


def kommuner_only_when_lokal(scope: _Scope) -> Iterator[Finding]:
    """§4: ``kommuner`` belongs to lokal only (kommuner-utan-lokal)."""
    if "kommuner" in scope.node.data and scope.level in ("delregional", "regional"):
        yield error(
            scope.node.path,
            scope.node.pos("kommuner"),
            "kommuner-utan-lokal",
            f"'kommuner' används bara när nivå är lokal (här: {scope.level}) — omfattningen följer av "
            "nivån; ta bort listan eller ändra 'nivå' till lokal",
        )


LEVEL_RULES = [
    scope_references,
    delregion_given,
    delregion_in_region,
    no_delregion_when_regional,
    kommuner_given,
    kommuner_in_region,
    kommuner_in_delregion,
    kommuner_only_when_lokal,
]


def document_scope(ctx: Context) -> Iterator[Finding]:
    """§4, §6: an avtal's or uppdragshandling's region exists; delregion when
    delregional/lokal (in that region); kommuner when lokal (in that delregion);
    ``kommuner`` only for lokal, no delregion on a regional document."""
    for doc in ctx.repo.documents:
        if doc.typ in SCOPED_DOCUMENTS:
            yield from check_level_keys(ctx, doc)


RULES = [document_scope]
