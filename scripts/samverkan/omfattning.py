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
    if region is None and delregion is None:
        return [e for e in repo.entries if e.typ == "kommun"]
    if region is None:
        return repo.entries_where("kommun", "delregion", delregion)
    found = repo.entries_where("kommun", "region", region)
    return found if delregion is None else [e for e in found if e.data.get("delregion") == delregion]


def has_delregions(repo: Repository, region: str | None) -> bool:
    """Whether the region is divided into delregions (Västra Götaland is; Region
    Örebro län collaborates länsgemensamt and locally, without one)."""
    return bool(repo.entries_where("delregion", "region", region))


def scope(repo: Repository, node: Node) -> list[Entry]:
    """The kommuner ``node`` applies to (empty when its level is unusable)."""
    owner = source_of_scope(repo, node)
    if owner is None:
        return []
    level = owner.text("nivå")
    if level == "regional" and owner.text("region"):
        return kommuner(repo, region=owner.text("region"))
    if level == "delregional" and owner.text("delregion"):
        return kommuner(repo, delregion=owner.text("delregion"))
    if level == "lokal":
        return [k for _, id_ in owner.ids("kommuner") if (k := repo.entry(id_, "kommun"))]
    return []


def forbund_members(repo: Repository, kommun: Entry) -> list[Entry]:
    """The other members of the kommun's kommunalförbund."""
    forbund = kommun.data.get("kommunalförbund")
    if not isinstance(forbund, str):
        return []
    return [k for k in repo.of_type("kommun") if k is not kommun and k.data.get("kommunalförbund") == forbund]


def delregion_differs(repo: Repository, kommun: Entry) -> bool:
    """Spec §3, the Lilla Edet case: fewer than half of the other kommuner of the
    kommun's delregion share its kommunalförbund, so it collaborates on care with
    another förbund's kommuner (Lilla Edet, GR, in Fyrbodal). A förbund spread over
    delregions of its own (GR: Göteborgsområdet, SIMBA, SAMLA) is no such case. A
    kommun alone in its delregion is compared the other way round: fewer than half
    of its förbund's other members share its delregion."""
    forbund = kommun.data.get("kommunalförbund")
    delregion = kommun.data.get("delregion")
    if not isinstance(forbund, str) or not isinstance(delregion, str):
        return False
    peers = [k for k in repo.of_type("kommun") if k is not kommun and k.data.get("delregion") == delregion]
    if peers:
        same = sum(1 for k in peers if k.data.get("kommunalförbund") == forbund)
        return 2 * same < len(peers)
    others = forbund_members(repo, kommun)
    same = sum(1 for k in others if k.data.get("delregion") == delregion)
    return bool(others) and 2 * same < len(others)


def other_delregions(repo: Repository, kommun: Entry) -> list[Entry]:
    """Delregions of the other members of the kommun's kommunalförbund, other than its own."""
    own = kommun.data.get("delregion")
    found: dict[str, Entry] = {}
    for other in forbund_members(repo, kommun):
        dr = other.data.get("delregion")
        if dr != own and isinstance(dr, str) and (entry := repo.entry(dr, "delregion")):
            found.setdefault(dr, entry)
    return list(found.values())
