"""Read every document's versions from git in one pass.

What counts as a version: each commit in the history of the revision read
(``HEAD`` by default, all of its history, not only the first-parent line)
that changed a document file under ``agreements/``. Merge commits are
versions only where the merge made content of its own — a file that differs
from every parent, such as a conflict resolved by hand; in a repository where
pull requests are merged, each change is listed on the commit in the pull
request that made it, with its author and message, and a merge that only
brings those commits in adds nothing. Commits whose changes a merge threw
away are not listed (git's default history simplification). Commits are
ordered by commit time, never a parent after its child.

Versions are keyed by the ``id`` read from each version's own front matter,
so a moved or renamed file keeps its history (``previous_path`` says where it
was). A version whose file cannot be read (broken YAML, no ``id``, invalid
UTF-8) is skipped; the next readable one continues the history. A commit
that leaves what a reader sees unchanged is no version: one that only moves
the file is noted on the version before it (:attr:`Version.moves`), one that
only re-quotes a value, reorders keys or changes line endings or blank lines
is not recorded at all (the fingerprint compares the fields as written,
without their quoting, and the text paragraph by paragraph). When a file is
deleted nothing is recorded for the deletion itself: the history of its id
simply ends there, and :attr:`History.removed` names the commit when no other
file declares the id any more. A file added again later with the same id
continues the same history.

The front matter of each version is read with :func:`samverkan.source.parse`,
the loader's own YAML reading, so a version counts as readable exactly when
the loader could read its front matter, and ``version: 1.10`` keeps its
written text. The full :class:`~samverkan.model.Document` (body references and
all) is parsed only when asked for (:meth:`Version.document`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from .. import frontmatter, source, text
from ..errors import SourceError
from ..model import parse_date
from . import gitstore
from .milstolpar import finish
from .model import Commit, History, HistoryError, Move, Version

_REMISS = re.compile(r"remiss", re.IGNORECASE)


def read(root: Path, rev: str = "HEAD") -> History:
    """The history of every document in ``rev``'s history, read from the git repository at ``root``.

    Never raises for a repository that cannot be read (not a git repository,
    no commits, git missing, unknown revision): the history is then empty
    and :attr:`History.problem` says why in Swedish. A shallow clone gives
    what history there is, with ``shallow`` set and a ``problem`` saying how
    to fetch the rest.
    """
    try:
        with gitstore.repository(Path(root)) as repo:
            sha = gitstore.resolve(repo, rev)
            shallow = gitstore.is_shallow(repo)
            entries = gitstore.log(repo, sha)
            history = _build(repo, entries)
    except HistoryError as e:
        return History(problem=_sentence(str(e)))
    history.head = sha
    history.shallow = shallow
    history.problem = gitstore.SHALLOW if shallow else None
    return history


def identity(root: Path, rev: str = "HEAD") -> tuple[str | None, bool, str | None]:
    """``(head, shallow, problem)`` of the :class:`History` that :func:`read` gives
    when it can read the history, without reading it: what a history (and what
    is made from it) is known by. A history that cannot be read for a reason
    found only while reading it gives another identity than here."""
    try:
        with gitstore.repository(Path(root)) as repo:
            sha = gitstore.resolve(repo, rev)
            shallow = gitstore.is_shallow(repo)
    except HistoryError as e:
        return None, False, _sentence(str(e))
    return sha, shallow, gitstore.SHALLOW if shallow else None


def files_at(root: Path, rev: str) -> dict[str, bytes]:
    """Every file under ``agreements/`` as it was in ``rev``, keyed by path.

    The result can be given to :func:`samverkan.loader.load_files`. Raises
    :class:`HistoryError` when the revision or the repository cannot be read.
    """
    with gitstore.repository(Path(root)) as repo:
        sha = gitstore.resolve(repo, rev)
        files = gitstore.tree_files(repo, sha)
        blobs = gitstore.read_blobs(repo, (blob for _, blob in files))
    return {path: blobs[blob] for path, blob in files if blob in blobs}


def resolve(root: Path, rev: str) -> str:
    """The full sha of the commit ``rev`` names; :class:`HistoryError` when there is none."""
    with gitstore.repository(Path(root)) as repo:
        return gitstore.resolve(repo, rev)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def is_document(path: str) -> bool:
    """Whether the loader reads ``path`` as a document: any ``.md`` but README.md."""
    pure = PurePosixPath(path)
    return pure.parts[:1] == (gitstore.AGREEMENTS,) and pure.suffix == ".md" and pure.name != "README.md"


@dataclass(frozen=True)
class _Meta:
    """What a version says about itself, read from its front matter."""

    id: str
    content: str
    status: str | None
    label: str | None
    dates: tuple[dt.date | None, ...]  # giltig_från, giltig_till, fastställd, upphävd
    publicering: str | None
    remiss: tuple[dt.date | None, dt.date | None, bool]  # the remiss period (från, till, from a remiss block)
    datum: dt.date | None
    front: dict = field(repr=False, compare=False)
    raw: dict = field(repr=False, compare=False)
    body: str = field(repr=False, compare=False)

    @cached_property
    def fingerprint(self) -> object:
        """Made only when there is a version before to compare with (most files have one version)."""
        return _fingerprint(self.front, self.raw, self.body)


_DATES = ("giltig_från", "giltig_till", "fastställd", "upphävd")


def _meta(data: bytes) -> _Meta | None:
    """The metadata of one version's file, or None when it cannot be read."""
    try:
        content = text.decode(data)
        parts = frontmatter.split(content)
        parsed = source.parse(parts.front_matter, first_line=2)
    except (SourceError, RecursionError):
        return None
    fm = parsed.data
    if not isinstance(fm, dict) or not isinstance(fm.get("id"), str) or not fm["id"]:
        return None

    def word(key: str) -> str | None:
        value = fm.get(key)
        return value if isinstance(value, str) and value else None

    label = None
    if fm.get("version") is not None and not isinstance(fm["version"], (dict, list)):
        label = parsed.raw.get(("version",)) or None
    return _Meta(
        fm["id"],
        content,
        word("status"),
        label,
        tuple(parse_date(fm.get(key)) for key in _DATES),
        word("publicering"),
        _remiss_period(fm),
        parse_date(fm.get("datum")),
        fm,
        parsed.raw,
        parts.body,
    )


def _remiss_period(fm: dict) -> tuple[dt.date | None, dt.date | None, bool]:
    """``remiss.från``/``till`` (issue 14: the remiss round; True: written as such),
    else the first ``beslutsprocess`` step whose text names a remiss (False)."""
    block = fm.get("remiss")
    if isinstance(block, dict) and parse_date(block.get("från")):
        return parse_date(block.get("från")), parse_date(block.get("till")), True
    steps = fm.get("beslutsprocess")
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict) and _REMISS.search(str(step.get("steg") or "")) and parse_date(step.get("från")):
            return parse_date(step.get("från")), parse_date(step.get("till")), False
    return None, None, False


def _fingerprint(fm: dict, raw: dict, body: str) -> object:
    """What a reader sees of a version: every value as written (not how it is
    quoted, not the order of the keys) and the text paragraph by paragraph
    (not its line breaks within a paragraph, nor trailing spaces or extra blank lines)."""
    paragraphs = tuple(" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", body) if p.strip())
    # keys too: one whose value is empty or null has no written text
    return (frozenset(raw.items()), frozenset(fm), paragraphs)


def _build(repo, entries: list[gitstore.LogEntry]) -> History:
    commits = [(e.commit, [c for c in e.changes if is_document(c.path)]) for e in entries]
    blobs = gitstore.read_blobs(repo, (c.blob for _, changes in commits for c in changes if c.blob))
    metas: dict[str, _Meta | None] = {}
    holder: dict[str, str] = {}  # path -> id its latest readable version declared
    paths_of: dict[str, set[str]] = {}  # id -> paths declaring it now
    drafts: dict[str, list[Version]] = {}
    last_meta: dict[str, _Meta] = {}  # id -> the metadata of its newest version
    removed: dict[str, Commit] = {}

    def release(path: str, touched: set[str]) -> None:
        id_ = holder.pop(path, None)
        if id_ is not None:
            paths_of[id_].discard(path)
            touched.add(id_)

    def hold(path: str, id_: str) -> None:
        holder[path] = id_
        paths_of.setdefault(id_, set()).add(path)
        removed.pop(id_, None)

    for commit, changes in commits:
        touched: set[str] = set()
        for change in changes:
            if change.blob is None:
                release(change.path, touched)
                continue
            if change.blob not in metas:
                data = blobs.get(change.blob)
                metas[change.blob] = _meta(data) if data is not None else None
            meta = metas[change.blob]
            if meta is None:  # unreadable: skipped, the file keeps the id it had
                moved_id = holder.get(change.old_path) if change.old_path else None
                if moved_id is not None:
                    hold(change.path, moved_id)
                continue
            if holder.get(change.path, meta.id) != meta.id:
                release(change.path, touched)  # the file now declares another id
            hold(change.path, meta.id)
            versions = drafts.setdefault(meta.id, [])
            if versions and last_meta[meta.id].fingerprint == meta.fingerprint:
                # nothing a reader sees changed: at most a move, noted on the version it moved
                last = versions[-1]
                if last.path_after != change.path:
                    versions[-1] = dataclasses.replace(
                        last, moves=(*last.moves, Move(last.path_after, change.path, commit))
                    )
                continue
            last_meta[meta.id] = meta
            versions.append(_version(meta, change.path, commit))
        for id_ in touched:
            if not paths_of.get(id_):
                removed[id_] = commit
    documents = {id_: finish(drafts[id_]) for id_ in sorted(drafts)}
    return History(documents=documents, removed=removed)


def _version(meta: _Meta, path: str, commit: Commit) -> Version:
    giltig_fran, giltig_till, faststalld, upphavd = meta.dates
    return Version(
        id=meta.id,
        number=0,
        path=path,
        previous_path=None,
        commit=commit,
        content=meta.content,
        status=meta.status,
        label=meta.label,
        giltig_fran=giltig_fran,
        giltig_till=giltig_till,
        faststalld=faststalld,
        upphavd=upphavd,
        publicering=meta.publicering,
        remiss_fran=meta.remiss[0],
        remiss_till=meta.remiss[1],
        remiss_explicit=meta.remiss[2],
        datum=meta.datum,
    )
