"""Which version of a document a reviewer means: ``--from``/``--to`` of
``samverkan diff``.

A version can be named by its number in the document's history (``3``), by
the status it had (``remiss``, ``fastställd``, ``upphävd``: the newest such
version), as ``arbetskopia`` (the file as it is on disk now), or by any git
revision (``main``, ``HEAD~2``, a tag, a commit): the document as it stood
there, found by its id wherever the file was then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import historik, loader
from .errors import UsageError
from .historik import History, Version
from .jamforelse import Side
from .model import Document
from .wording import date_sv

WORKING_COPY = "arbetskopia"
STATUS_NAMES = {
    "remiss": "remiss",
    "fastställd": "fastställd",
    "faststalld": "fastställd",
    "upphävd": "upphävd",
    "upphavd": "upphävd",
}
_NUMBER = re.compile(r"^[0-9]{1,4}$")


class RevisionError(UsageError):
    """A version that does not exist or cannot be read."""


def name(version: Version) -> str:
    """How pages, comparisons and the CLI name a version, by the document's own
    date: "Version 3 (fastställd 2025-12-10)", "Version 2 (remisstid 2024-04-01 –
    2024-05-31)"; without one, the status and the commit date: "Version 2
    (remiss, incheckad 2026-11-24)"."""
    dated = version.dating
    if dated is None or not dated.from_document:
        state = version.status or "okänd status"
        return f"Version {version.number} ({state}, incheckad {date_sv(version.commit.date.date())})"
    return f"Version {version.number} ({dated.text})"


@dataclass(frozen=True)
class Choice:
    """A side of a comparison, and the history version it is (None: not committed as such)."""

    side: Side
    version: Version | None = None


def select(root: Path, history: History, current: Document, spec: str, older_than: Choice | None = None) -> Choice:
    """The version of ``current`` (the document on disk) that ``spec`` names.

    With ``older_than`` (the ``--to`` side) a status names the newest version
    with that status before it: ``--from remiss --to fastställd`` is the remiss
    that preceded the decision, even when a new remiss has followed since.
    """
    versions = history.of(current.id)
    key = spec.strip().casefold()
    if key == WORKING_COPY:
        return working_copy(current, versions)
    if _NUMBER.match(key):
        return _by_number(current, versions, int(key))
    if key in STATUS_NAMES:
        if older_than is not None and older_than.version is not None:
            versions = [v for v in versions if v.number < older_than.version.number]
        return _by_status(current, versions, STATUS_NAMES[key])
    return _at_revision(root, history, current, spec)


def working_copy(current: Document, versions: list[Version]) -> Choice:
    if versions and _same(versions[-1], current):
        return _choice(versions[-1])
    return Choice(Side("Arbetskopian (ej incheckad)", current))


def default_pair(history: History, current: Document) -> tuple[Choice, Choice]:
    """With neither ``--from`` nor ``--to``: the working copy against the last
    commit when it has uncommitted changes, else the last two versions."""
    versions = history.of(current.id)
    if not versions:  # a new file: all of it is uncommitted, there is nothing older
        raise RevisionError(
            f"'{current.id}' har ingen version i historiken än — dokumentet är inte incheckat, så det "
            "finns inget att jämföra med. Checka in det med 'git commit' först."
        )
    new = working_copy(current, versions)
    if len(versions) < 2 and new.version is not None:
        raise RevisionError(
            f"'{current.id}' har bara en version i historiken och inga ändringar som inte är incheckade — "
            "det finns inget att jämföra. Ange --från och --till (versionsnummer, status eller git-revision)."
        )
    return before(history, current, new), new


def before(history: History, current: Document, new: Choice) -> Choice:
    """The version before ``new``: for ``--till`` given alone, and the default."""
    versions = history.of(current.id)
    if new.version is not None:
        older = [v for v in versions if v.number < new.version.number]
    else:
        older = [v for v in versions if not _same(v, new.side.document)]
    if not older:
        said = new.side.label[:1].lower() + new.side.label[1:]  # "vid HEAD~2 (…)": a revision keeps its case
        raise RevisionError(f"det finns ingen version av '{current.id}' före {said} — ange --från")
    return _choice(older[-1])


def _choice(version: Version) -> Choice:
    return Choice(Side(name(version), version.document()), version)


def _same(version: Version, document: Document) -> bool:
    try:
        old = version.document()
    except historik.HistoryError:
        return False
    return old.data == document.data and old.body == document.body


def _by_number(current: Document, versions: list[Version], number: int) -> Choice:
    for version in versions:
        if version.number == number:
            return _choice(version)
    known = f"1–{versions[-1].number}" if versions else "inga"
    raise RevisionError(f"'{current.id}' har ingen version {number} (versioner: {known})")


def _by_status(current: Document, versions: list[Version], status: str) -> Choice:
    matching = [v for v in versions if v.status == status]
    if not matching:
        raise RevisionError(f"'{current.id}' har ingen version med status {status} i historiken")
    return _choice(matching[-1])


def _at_revision(root: Path, history: History, current: Document, spec: str) -> Choice:
    sha = historik.resolve(root, spec)
    repo, _ = loader.load_files(root, historik.files_at(root, sha))
    document = repo.document(current.id)
    if document is None:
        raise RevisionError(f"dokumentet '{current.id}' fanns inte i revisionen '{spec}' ({sha[:7]})")
    return Choice(Side(f"Vid {spec} ({sha[:7]})", document), _version_at(root, history, current.id, sha, document))


def _version_at(root: Path, history: History, id_: str, sha: str, document: Document) -> Version | None:
    """The version the document is at revision ``sha``, so that ``--to REV``
    alone compares with the version before it (and not with the newest one):
    the newest version in ``sha``'s own history, when the text is the same."""
    reachable = {v.commit.sha for v in historik.read(root, sha).of(id_)}
    found = [v for v in history.of(id_) if v.commit.sha in reachable]
    return found[-1] if found and _same(found[-1], document) else None
