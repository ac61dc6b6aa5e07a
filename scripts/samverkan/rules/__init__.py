"""The rules of the content model, each a small named function.

A rule takes a :class:`Context` and yields findings. Its docstring names the
spec rule it enforces. :data:`RULES` is the order they run in; schema checks
run before them (see :mod:`samverkan.checker`).
"""

from __future__ import annotations

from . import (
    amnen,
    arena,
    avtal,
    beskrivning,
    bilaga,
    brodtext,
    ersatter,
    html,
    identitet,
    lasbarhet,
    livscykel,
    mall,
    mote,
    omfattning,
    referens,
    register,
    remiss,
    uppdrag,
)
from .base import Context

RULES = [
    *identitet.RULES,
    *register.RULES,
    *arena.RULES,
    *omfattning.RULES,
    *avtal.RULES,
    *bilaga.RULES,
    *uppdrag.RULES,
    *mote.RULES,
    *livscykel.RULES,
    *remiss.RULES,
    *ersatter.RULES,
    *referens.RULES,
    *beskrivning.RULES,
    *amnen.RULES,
    *html.RULES,
    *mall.RULES,
    *brodtext.RULES,
    *lasbarhet.RULES,
]

__all__ = ["RULES", "Context", "body_read_across"]


def body_read_across(doc) -> bool:
    """Whether a rule that is not per document may read ``doc``'s body. The
    command line's loading processes send back only those bodies (see
    :func:`samverkan.checker.check`); every other rule across documents reads
    what the loader keeps: references, anchors and links."""
    return remiss.reads_body(doc)
