"""The history a public build may show (spec §6: an intern document leaves no trace)."""

from __future__ import annotations

from .milstolpar import finish
from .model import History, Version


def public(history: History) -> History:
    """The history a public build may show.

    Every version marked ``publicering: intern`` is dropped, and so is a
    document whose newest version is intern (or that has no public version
    left). The remaining versions are numbered again from 1 and their
    milestones and previous paths are worked out among themselves, so
    nothing reveals that intern versions existed. A document that is
    intern in the current repository must still be dropped by the caller.
    """
    documents: dict[str, list[Version]] = {}
    for id_, versions in history.documents.items():
        if not versions or versions[-1].intern:
            continue
        shown = [v for v in versions if not v.intern]
        if shown:
            documents[id_] = finish(shown)
    removed = {id_: c for id_, c in history.removed.items() if id_ in documents}
    return History(documents, history.head, history.shallow, history.problem, removed)
