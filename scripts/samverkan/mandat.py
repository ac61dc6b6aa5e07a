"""What an arena may do: decide, recommend or prepare, and for whom.

The interview study behind the sample content names unclear mandates as the core
problem of vårdsamverkan. An arena's ``mandat`` in the registry answers it, and
the escalation chain says at each step whether that level decides or only
recommends ("SRO rekommenderar – huvudmännen beslutar").
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Entry

POWERS = ("beslutar", "rekommenderar", "bereder")


@dataclass(frozen=True)
class Mandate:
    """One line of an arena's ``mandat``."""

    befogenhet: str
    vad: str
    för: str


def mandates(arena: Entry) -> list[Mandate]:
    """The arena's well-formed ``mandat`` items, as written (the schema reports the rest)."""
    found = []
    for _, item in arena.items("mandat"):
        if not isinstance(item, dict) or item.get("befogenhet") not in POWERS:
            continue
        vad, för = item.get("vad"), item.get("för")
        if isinstance(vad, str) and vad.strip() and isinstance(för, str) and för.strip():
            found.append(Mandate(item["befogenhet"], " ".join(vad.split()), " ".join(för.split())))
    return found


def decides(arena: Entry) -> bool:
    """Whether any of the arena's mandates lets it take a decision of its own."""
    return any(m.befogenhet == "beslutar" for m in mandates(arena))


def authority(arena: Entry) -> str | None:
    """What this level of the chain does, in a few words, or None when the
    registry does not say: "beslutar", "rekommenderar – huvudmännen beslutar",
    "bereder åt SRO"."""
    found = mandates(arena)
    by_power = {p: [m for m in found if m.befogenhet == p] for p in POWERS}
    if by_power["beslutar"]:
        return "beslutar"
    if by_power["rekommenderar"]:
        return f"rekommenderar – {by_power['rekommenderar'][0].för} beslutar"
    if by_power["bereder"]:
        return f"bereder åt {by_power['bereder'][0].för}"
    return None
