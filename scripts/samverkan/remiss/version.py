"""The version of a document that was on remiss.

While a document's status is ``remiss`` it is its own remiss version. Once
decided, the remiss version is in the git history: the last version with
status ``remiss`` whose remiss period starts on the same day as the block the
document carries now (the round the answers belong to), else the last version
on remiss at all. Without a history (no ``.git``, a shallow clone missing it)
the version is unknown and callers say so instead of guessing.
"""

from __future__ import annotations

from ..body import heading_text, headings
from ..historik import History, HistoryError
from ..model import Document
from . import block


def remiss_version(doc: Document, history: History | None) -> Document | None:
    """``doc`` as it was on remiss, or None when that cannot be known."""
    if doc.data.get("status") == "remiss":
        return doc
    if history is None or not doc.id:
        return None
    on_remiss = [v for v in history.of(doc.id) if v.status == "remiss"]
    data = block(doc) or {}
    start = data.get("från")
    same_round = [v for v in on_remiss if v.remiss_fran is not None and v.remiss_fran.isoformat() == start]
    chosen = (same_round or on_remiss)[-1:] if on_remiss else []
    for version in chosen:
        try:
            return version.document()
        except HistoryError:
            return None
    return None


def section_titles(doc: Document | None) -> list[tuple[str, str]] | None:
    """(anchor, heading text) of every heading of a remiss version, in order
    (None when the version is unknown)."""
    if doc is None:
        return None
    from .kommentarer import headings_with_lines

    anchors = headings(doc.body)
    texts = [heading_text(text) for text, _ in headings_with_lines(doc)]
    return list(zip(anchors, texts if len(texts) == len(anchors) else anchors))
