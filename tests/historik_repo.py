"""Real git repositories for tests, with fixed authors and dates.

    repo = GitRepo(tmp_path / "arkiv")
    repo.write("agreements/avtal/a.md", document("a", status="utkast"))
    first = repo.commit("Första utkast")                 # 2024-01-01 09:00 +01:00
    repo.write("agreements/avtal/a.md", document("a", status="remiss"))
    repo.commit("Skicka på remiss", author="Bo Berg")   # one day later

Every commit gets the next day (or ``when=``), author and committer are set
through the environment and no global or system git configuration is read,
so the history and its shas are the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

CET = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2024, 1, 1, 9, 0, tzinfo=CET)


def document(id_: str, body: str = "", **front: str) -> str:
    """A document's text: ``id``, ``typ``, ``titel`` and then ``front`` in the order given.

    Values are written exactly as given (``version="1.10"`` gives
    ``version: 1.10``), so a test controls quoting; ``typ`` defaults to
    ``avtal`` and ``titel`` to one made from the id.
    """
    keys = {"id": id_, "typ": front.pop("typ", "avtal"), "titel": front.pop("titel", f"Avtal {id_}")}
    keys.update(front)
    lines = ["---", *(f"{key}: {value}" for key, value in keys.items()), "---", ""]
    return "\n".join(lines) + (body or f"# {keys['titel']}\n\nText.\n")


class GitRepo:
    """A git repository in ``root`` (created, on branch ``main``) that a test writes and commits to."""

    def __init__(self, root: Path, start: dt.datetime = START):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.clock = start - dt.timedelta(days=1)
        self.git("init", "-q", "-b", "main")

    def git(
        self, *args: str, when: dt.datetime | None = None, author: str = "Anna Andersson", check: bool = True
    ) -> str:
        """Run ``git args`` in the repository and return its output."""
        stamp = (when or self.clock).isoformat()
        email = author.lower().replace(" ", ".") + "@example.invalid"
        env = dict(
            os.environ,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_AUTHOR_NAME=author,
            GIT_AUTHOR_EMAIL=email,
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_NAME=author,
            GIT_COMMITTER_EMAIL=email,
            GIT_COMMITTER_DATE=stamp,
        )
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    def write(self, rel: str, content: str | bytes) -> None:
        """Write a file (folders are created); nothing is staged until :meth:`commit`."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="\n")
        else:
            path.write_bytes(content)

    def move(self, old: str, new: str) -> None:
        """``git mv old new``, creating the target folder."""
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def remove(self, rel: str) -> None:
        self.git("rm", "-q", rel)

    def commit(self, message: str, author: str = "Anna Andersson", when: dt.datetime | None = None) -> str:
        """Stage everything and commit, one day after the previous commit unless ``when``; the sha."""
        self.clock = when or self.clock + dt.timedelta(days=1)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def branch(self, name: str, start: str = "HEAD") -> None:
        """Create branch ``name`` at ``start`` and switch to it."""
        self.git("switch", "-q", "-c", name, start)

    def switch(self, name: str) -> None:
        self.git("switch", "-q", name)

    def merge(self, branch: str, message: str, author: str = "Anna Andersson", strategy: str | None = None) -> bool:
        """Merge ``branch`` with a merge commit (as a pull request is); False on a conflict.

        After a conflict, write the resolution and :meth:`commit` it.
        """
        self.clock += dt.timedelta(days=1)
        extra = ["-s", strategy] if strategy else []
        out = self.git("merge", "-q", "--no-ff", *extra, "-m", message, branch, author=author, check=False)
        return "CONFLICT" not in out and not (self.root / ".git" / "MERGE_HEAD").exists()

    def shallow_clone(self, target: Path, depth: int = 1) -> Path:
        """A clone of this repository with only the last ``depth`` commits (``git clone --depth``)."""
        self.git("clone", "-q", "--depth", str(depth), self.root.resolve().as_uri(), str(target))
        return Path(target)
