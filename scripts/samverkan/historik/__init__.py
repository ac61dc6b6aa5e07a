"""Version history of the documents, read from git.

:func:`read` gives every document's versions (keyed by id, following moves),
with milestones; :mod:`.giltighet` says which decided version was in force
when; :func:`files_at` and :func:`resolve` read a whole revision for
comparisons. See :mod:`.reader` for what counts as a version.
"""

from .giltighet import Period, in_force, periods, phrase, tense
from .model import Commit, Dating, History, HistoryError, Milestone, Move, Version
from .publik import public
from .reader import files_at, identity, read, resolve

__all__ = [
    "Commit",
    "Dating",
    "History",
    "HistoryError",
    "Milestone",
    "Move",
    "Period",
    "Version",
    "files_at",
    "in_force",
    "periods",
    "phrase",
    "public",
    "identity",
    "read",
    "resolve",
    "tense",
]
