"""Level, region and scope: which kommuner a document or arena applies to.

Spec §4: regional → every kommun of the region; delregional → every kommun of
the delregion; lokal → the ``kommuner`` written. A bilaga inherits from its
avtal, a mötesanteckning from its arena.
"""

from __future__ import annotations

from .model import Document, Entry, Node, Repository


def source_of_scope(repo: Repository, node: Node) -> Node | None:
    """The node whose ``nivå``/``region``/``delregion``/``kommuner`` apply to ``node``."""
    if isinstance(node, Document):
        if node.typ == "bilaga":
            return repo.document(node.data.get("bilaga_till"), "avtal")
        if node.typ == "mötesanteckning":
            return repo.entry(node.data.get("arena"), "arena")
    return node


def level(repo: Repository, node: Node) -> str | None:
    owner = source_of_scope(repo, node)
    return owner.text("nivå") if owner else None


def region(repo: Repository, node: Node) -> str | None:
    owner = source_of_scope(repo, node)
    return owner.text("region") if owner else None


def delregion(repo: Repository, node: Node) -> str | None:
    owner = source_of_scope(repo, node)
    return owner.text("delregion") if owner else None


def kommuner(repo: Repository, *, region: str | None = None, delregion: str | None = None) -> list[Entry]:
    """Kommuner of a region or a delregion, in registry order."""
    return [
        e
        for e in repo.entries
        if e.typ == "kommun"
        and (region is None or e.data.get("region") == region)
        and (delregion is None or e.data.get("delregion") == delregion)
    ]


def scope(repo: Repository, node: Node) -> list[Entry]:
    """The kommuner ``node`` applies to (empty when its level is unusable)."""
    owner = source_of_scope(repo, node)
    if owner is None:
        return []
    nivå = owner.text("nivå")
    if nivå == "regional" and owner.text("region"):
        return kommuner(repo, region=owner.text("region"))
    if nivå == "delregional" and owner.text("delregion"):
        return kommuner(repo, delregion=owner.text("delregion"))
    if nivå == "lokal":
        return [k for _, id_ in owner.ids("kommuner") if (k := repo.entry(id_, "kommun"))]
    return []
