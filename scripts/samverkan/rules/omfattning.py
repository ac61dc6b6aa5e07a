"""Level and scope keys of avtal, uppdragshandlingar and arenas (spec §3, §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error
from ..model import Document, Node
from ..omfattning import has_delregions
from .base import Context, label

SCOPED_DOCUMENTS = ("avtal", "uppdragshandling")


def check_level_keys(ctx: Context, node: Node) -> Iterator[Finding]:
    """``delregion`` and ``kommuner`` as the node's ``nivå`` demands."""
    nivå = node.data.get("nivå")
    region = ctx.region(node)
    is_doc = isinstance(node, Document)
    what = f"{'dokumentet' if is_doc else 'arenan'} '{node.id}'"
    if is_doc and "region" in node.data:
        yield from ctx.resolve(node, ("region",), node.data["region"], ("region",))
    delregion_id = node.data.get("delregion")
    # A lokal arena or document in a region without delregions names only its kommuner.
    undivided = nivå == "lokal" and region is not None and not has_delregions(ctx.repo, region)
    if nivå in ("delregional", "lokal") and not (undivided and delregion_id is None):
        if delregion_id is None:
            yield error(
                node.path,
                node.pos(),
                "nyckel-saknas",
                f"nyckeln 'delregion' saknas — {what} är {nivå} och behöver 'delregion: …'",
            )
        else:
            if is_doc:
                yield from ctx.resolve(node, ("delregion",), delregion_id, ("delregion",))
            delregion = ctx.repo.entry(delregion_id, "delregion")
            if delregion is not None and region and delregion.text("region") != region:
                yield error(
                    node.path,
                    node.pos("delregion"),
                    "fel-region",
                    f"'delregion': '{delregion_id}' hör till regionen '{delregion.text('region')}', "
                    f"inte '{region}' — välj en delregion i {region}",
                )
    elif nivå == "regional" and delregion_id is not None:
        yield error(
            node.path,
            node.pos("delregion"),
            "delregion-på-regional",
            "'delregion' hör inte hemma när nivå är regional — ta bort raden eller ändra 'nivå' till delregional",
        )
    if nivå == "lokal":
        if "kommuner" not in node.data:
            yield error(
                node.path,
                node.pos(),
                "nyckel-saknas",
                f"nyckeln 'kommuner' saknas — {what} är lokal och behöver en lista med kommuner",
            )
        for path, value in node.ids("kommuner"):
            if is_doc:
                found = list(ctx.resolve(node, path, value, ("kommun",)))
                yield from found
                if found:
                    continue
            kommun = ctx.repo.entry(value, "kommun")
            if undivided and kommun is not None and kommun.text("region") != region:
                yield error(
                    node.path,
                    node.pos(*path),
                    "fel-region",
                    f"'{label(path)}': '{value}' ligger i regionen '{kommun.text('region')}', inte i "
                    f"'{region}' — en lokal {'arena' if not is_doc else 'nivå'} omfattar bara kommuner i sin region",
                )
                continue
            if (
                kommun is not None
                and ctx.repo.entry(kommun.text("delregion"), "delregion") is not None
                and ctx.repo.entry(delregion_id, "delregion") is not None
                and kommun.text("delregion") != delregion_id
            ):
                yield error(
                    node.path,
                    node.pos(*path),
                    "kommun-utanför-delregion",
                    f"'{label(path)}': '{value}' ligger i delregionen '{kommun.text('delregion')}', inte i "
                    f"'{delregion_id}' — en lokal {'arena' if not is_doc else 'nivå'} omfattar bara "
                    "kommuner i sin delregion",
                )
    elif "kommuner" in node.data and nivå in ("delregional", "regional"):
        yield error(
            node.path,
            node.pos("kommuner"),
            "kommuner-utan-lokal",
            f"'kommuner' används bara när nivå är lokal (här: {nivå}) — omfattningen följer av "
            "nivån; ta bort listan eller ändra 'nivå' till lokal",
        )


def document_scope(ctx: Context) -> Iterator[Finding]:
    """§4, §6: an avtal's or uppdragshandling's region exists; delregion when
    delregional/lokal (in that region); kommuner when lokal (in that delregion);
    ``kommuner`` only for lokal, no delregion on a regional document."""
    for doc in ctx.repo.documents:
        if doc.typ in SCOPED_DOCUMENTS:
            yield from check_level_keys(ctx, doc)


RULES = [document_scope]
