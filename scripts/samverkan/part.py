"""Parties to an avtal (spec §4, §6)."""

from __future__ import annotations

from .model import Entry

PARTY_TYPES = ("region", "delregion", "kommunalförbund", "kommun", "organisation")


def within_region(party: Entry, region: str) -> bool:
    """§6: the region itself; a delregion, kommunalförbund or kommun of it; an
    organisation of it or with no region (national bodies, private providers)."""
    if party.typ == "region":
        return party.id == region
    if party.typ == "organisation" and party.data.get("region") is None:
        return True
    return party.data.get("region") == region
