"""The one module that talks to git (through GitPython, as a thin wrapper).

Every function runs a fixed number of git processes, however large the
repository: the log of the whole ``agreements/`` folder is one ``git log``,
and any number of file contents are one ``git cat-file --batch`` fed all
object names at once. Nothing here spawns a process per file or per commit.
Every git failure becomes a :class:`HistoryError` with a Swedish message.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .model import Commit, HistoryError

AGREEMENTS = "agreements"

GIT_MISSING = (
    "programmet git hittades inte, så versionshistoriken kan inte läsas — installera git "
    "och se till att kommandot 'git' fungerar i terminalen"
)
NO_COMMITS = (
    "arkivet har inga incheckningar ännu, så det finns ingen versionshistorik — "
    "historiken börjar när filerna checkas in med 'git commit'"
)
SHALLOW = (
    "Historiken är ofullständig eftersom arkivet är en grund kloning (shallow clone) där "
    "bara de senaste incheckningarna finns. Hämta hela historiken med 'git fetch "
    "--unshallow', eller i GitHub Actions genom att ange 'fetch-depth: 0' för "
    "actions/checkout."
)

# Author date (strict ISO 8601), author (after .mailmap) and subject, NUL-separated;
# \x01 marks where a commit starts among the NUL-separated raw diff records.
_FORMAT = "--format=%x01%H%x00%aI%x00%aN%x00%s"
_BLOB_MODES = ("100644", "100755")  # regular files; not symlinks or submodules


def not_a_repository(root: Path) -> str:
    return (
        f"mappen '{root}' är inte roten i ett git-arkiv, så dokumentens versionshistorik kan inte "
        "läsas — historiken hämtas från git: kör kommandot i arkivets rotmapp (där mappen "
        ".git finns) eller skapa arkivet med 'git init' och checka in filerna"
    )


def unknown_revision(rev: str) -> str:
    return (
        f"revisionen '{rev}' finns inte i arkivet — ange en incheckning (sha), en gren eller "
        "en tagg som finns, till exempel HEAD, main eller HEAD~1"
    )


@contextmanager
def repository(root: Path) -> Iterator[object]:
    """The git repository whose working tree is ``root``, closed afterwards.

    Closing matters: GitPython otherwise keeps ``cat-file`` processes alive.
    """
    try:
        import git
    except ImportError as e:  # GitPython refuses to import without a git program
        raise HistoryError(GIT_MISSING) from e
    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as e:
        raise HistoryError(not_a_repository(root)) from e
    except OSError as e:
        raise HistoryError(f"git-arkivet i '{root}' kan inte läsas: {e.strerror or e}") from e
    with repo:
        try:
            yield repo
        except OSError as e:  # a temporary file or a pipe that failed
            raise HistoryError(f"git-arkivet i '{root}' kan inte läsas: {e.strerror or e}") from e


def _run(repo, args: list[str], istream=None, unknown: str | None = None) -> bytes:
    """Run ``git args`` and return its output; ``unknown``: the message when it fails silently.

    ``rev-parse --quiet`` fails without a word for a revision that does not
    exist; any other failure says why on stderr, and that is passed on.
    """
    import git

    try:
        status, out, err = repo.git.execute(
            [repo.git.GIT_PYTHON_GIT_EXECUTABLE, *args],
            istream=istream,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
        )
    except git.GitCommandNotFound as e:
        raise HistoryError(GIT_MISSING) from e
    if status == 0:
        return out
    if unknown and not err.strip():
        raise HistoryError(unknown)
    raise HistoryError(f"git kunde inte läsa arkivet ('git {args[0]}' svarade: {err.strip() or status})")


def resolve(repo, rev: str) -> str:
    """The full sha of the commit ``rev`` names."""
    if not rev or rev.startswith("-"):
        raise HistoryError(unknown_revision(rev))  # never let a revision pass as an option
    silent = NO_COMMITS if rev == "HEAD" else unknown_revision(rev)
    out = _run(repo, ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], unknown=silent)
    return out.decode("ascii").strip()


def is_shallow(repo) -> bool:
    return _run(repo, ["rev-parse", "--is-shallow-repository"]).strip() == b"true"


@dataclass(frozen=True)
class Change:
    """One file a commit changed: its new blob (None when deleted) and old path on a rename."""

    path: str
    blob: str | None
    old_path: str | None = None


@dataclass(frozen=True)
class LogEntry:
    commit: Commit
    changes: list[Change]


def log(repo, sha: str) -> list[LogEntry]:
    """Every commit in ``sha``'s history that changed ``agreements/``, oldest first.

    One ``git log`` in ``--date-order`` (commit time, never a parent before
    its children) with git's default history simplification, so commits whose
    changes a merge threw away are left out. Merge commits are listed by
    ``-c`` only with the files whose merged content differs from every parent
    (a conflict resolved by hand); the changes a merge brings in are listed on
    the commits that made them.
    """
    out = _run(
        repo,
        [
            "log",
            "--no-color",
            "--no-show-signature",
            "--date-order",
            _FORMAT,
            "--raw",
            "-z",
            "--no-abbrev",
            "-M",
            "-c",
            "--root",
            sha,
            "--",
            f"{AGREEMENTS}/",
        ],
    )
    entries = _parse_log(out.decode("utf-8", "replace").split("\0"))
    entries.reverse()
    return entries


def _parse_log(tokens: list[str]) -> list[LogEntry]:
    entries: list[LogEntry] = []
    changes: list[Change] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if not token:
            continue
        if token.startswith("\x01"):
            sha, date, author, subject = token[1:], tokens[i], tokens[i + 1], tokens[i + 2]
            i += 3
            changes = []
            commit = Commit(sha, dt.datetime.fromisoformat(date), author, subject)
            entries.append(LogEntry(commit, changes))
        elif token.startswith(":"):
            # ":old new oldsha newsha S" or, for a merge with n parents,
            # n colons, n+1 modes, n+1 shas and the status letters.
            parents = len(token) - len(token.lstrip(":"))
            fields = token.lstrip(":").split(" ")
            mode, blob, status = fields[parents], fields[2 * parents + 1], fields[-1]
            if parents == 1 and status[0] in "RC":
                old_path, path = tokens[i], tokens[i + 1]
                i += 2
            else:
                old_path, path = None, tokens[i]
                i += 1
            if set(blob) == {"0"} or mode not in _BLOB_MODES:
                changes.append(Change(path, None))
            else:
                changes.append(Change(path, blob, old_path if status[0] == "R" else None))
                if status[0] == "R":
                    changes.append(Change(old_path, None))
    return entries


def read_blobs(repo, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of the given blobs, read by one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    with tempfile.TemporaryFile() as names:  # a file, not a pipe: no deadlock on large input
        names.write("".join(f"{sha}\n" for sha in wanted).encode("ascii"))
        names.seek(0)
        out = _run(repo, ["cat-file", "--batch"], istream=names)
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        blobs[header[0].decode("ascii")] = out[pos : pos + size]
        pos += size + 1
    return blobs


def tree_files(repo, sha: str) -> list[tuple[str, str]]:
    """(path, blob) of every regular file under ``agreements/`` in commit ``sha``."""
    out = _run(repo, ["ls-tree", "-r", "-z", "--full-tree", sha, "--", f"{AGREEMENTS}/"])
    files = []
    for record in out.decode("utf-8", "replace").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split(" ")
        if kind == "blob" and mode in _BLOB_MODES:
            files.append((path, blob))
    return files
