"""What a document's history is made of: commits, versions, milestones.

A :class:`History` maps each document id to its versions, oldest first. The
id, not the path, is the key, so a document keeps one history when its file
is moved or renamed. Every field a version carries is read from that
version's own front matter, as it stood in that commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import SamverkanError
from ..model import Document


class HistoryError(SamverkanError):
    """The history could not be read (unknown revision, not a git repository …)."""


@dataclass(frozen=True)
class Commit:
    """One git commit, as a reader of the history sees it."""

    sha: str  # full
    date: dt.datetime  # author date, timezone-aware
    author: str
    message: str  # subject line

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Milestone:
    """A version worth pointing out: a new status, a new decision or a new label."""

    kind: str  # "remiss" | "fastställd" | "upphävd" | "utkast" | "justerad" | "version"
    text: str  # "Remissversion 2024-04-01"


@dataclass(frozen=True)
class Dating:
    """When a version is from, as the document itself says (see :mod:`.datering`).

    ``kind`` is "fastställd" or "upphävd" (the decision's date), "remiss" (the
    remiss period), "möte" (a meeting's date) or "incheckad" when the document
    gives no date and only the commit's is known.
    """

    kind: str
    start: dt.date
    end: dt.date | None = None

    @property
    def from_document(self) -> bool:
        return self.kind != "incheckad"

    @property
    def text(self) -> str:
        """ "fastställd 2025-12-10", "remisstid 2024-04-01 – 2024-05-31", "incheckad 2026-11-24"."""
        if self.kind == "remiss":
            if self.end is not None:
                return f"remisstid {self.start.isoformat()} – {self.end.isoformat()}"
            return f"remiss från {self.start.isoformat()}"
        return f"{self.kind} {self.start.isoformat()}"


@dataclass(frozen=True)
class Move:
    """A commit that only moved a document's file: a note in the history, not a version."""

    old_path: str
    new_path: str
    commit: Commit


@dataclass(frozen=True, eq=False)
class Version:
    """One document as it stood in one commit that changed it."""

    id: str
    number: int  # 1 = oldest
    path: str
    previous_path: str | None  # set when the file moved since the previous version
    commit: Commit
    content: str = field(repr=False)  # the whole file, decoded (no BOM, LF line endings, NFC)
    status: str | None
    label: str | None  # the `version` key exactly as written ("1.10" stays "1.10")
    giltig_fran: dt.date | None
    giltig_till: dt.date | None
    faststalld: dt.date | None
    upphavd: dt.date | None
    publicering: str | None
    milestone: Milestone | None = None
    # the document's own dates besides the decision: the remiss period (``remiss.från``/``till``,
    # else the beslutsprocess step that names a remiss) and a meeting's ``datum``
    remiss_fran: dt.date | None = None
    remiss_till: dt.date | None = None
    remiss_explicit: bool = False  # the period is a ``remiss`` block, not a beslutsprocess step
    datum: dt.date | None = None
    # set by :func:`.milstolpar.finish`
    dating: Dating | None = None
    # moves of the file after this version and before the next one (see :class:`Move`)
    moves: tuple[Move, ...] = ()

    @property
    def path_after(self) -> str:
        """Where the file was when the next version was made (after any moves)."""
        return self.moves[-1].new_path if self.moves else self.path

    @property
    def intern(self) -> bool:
        return self.publicering == "intern"

    def document(self) -> Document:
        """This version parsed as the loader parses a file (cached).

        Raises :class:`HistoryError` when it cannot be parsed, which only
        happens for a version whose body the loader refuses outright.
        """
        return self._document

    @cached_property
    def _document(self) -> Document:
        from ..loader import parse_document  # the loader imports nothing from here

        document, findings = parse_document(self.path, self.content)
        if document is None:
            why = findings[0].message if findings else "okänt fel"
            raise HistoryError(
                f"version {self.number} av '{self.id}' (incheckning {self.commit.short}) kan inte läsas: {why}"
            )
        return document


@dataclass
class History:
    """Every document's versions, read from git in one pass."""

    documents: dict[str, list[Version]] = field(default_factory=dict)  # id -> versions, oldest first
    head: str | None = None  # the commit the history was read from
    shallow: bool = False
    problem: str | None = None  # Swedish, for the reader; None when the history is complete
    # ids whose last file was deleted (or stopped declaring the id), with the commit
    # that did it; their versions stay in ``documents``
    removed: dict[str, Commit] = field(default_factory=dict)

    def of(self, id_: str) -> list[Version]:
        """The versions of ``id_``, oldest first ([] when it has none)."""
        return self.documents.get(id_, [])

    def last_changed(self, id_: str) -> Commit | None:
        """The commit of the last change to the content of ``id_`` (moves and
        edits that leave fields and text equal make no version, so do not count)."""
        versions = self.of(id_)
        return max((v.commit for v in versions), key=lambda c: c.date) if versions else None
