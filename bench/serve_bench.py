#!/usr/bin/env python3
"""Edit-to-preview times of ``make serve`` (``mkdocs serve --dirty --no-strict``).

    python bench/serve_bench.py [--documents 3000] [--runs 3] [--only exempel|korpus]

Starts the preview server on a copy of each project, as a region would run it
(this repository's mkdocs.yml, docs/ and overrides/ beside agreements/ and its
git history), and times from saving a file until the server has finished the
build that the browser's live reload waits for, then checks that the page
shows the change. Cases: the sample content (a clone of this repository,
downloads on) and the generated corpus ``bench/out/corpus-N-git`` (200 commits,
made with generate.py when missing; downloads off, their first build is
bench/site_bench.py's business). Edits: a sentence in a document's text, its
title, a new meeting note, a renamed file, a deleted document, and a
validation error (time until the error page shows) and its fix (time until
the page is back). Beside the wall time, the server's processor time from the
save until the build is done (on a machine shared with other work the figure to
compare). Prints a Markdown table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tabell import git_corpus, print_markdown_table

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, project: Path, log: Path, **settings: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log
        self.log = log.open("w")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(log.parent), **settings}
        env.pop("SAMVERKAN_INTERN", None)
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        while True:
            try:
                self.get("")
                break
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None:
                    sys.exit("mkdocs serve stopped:\n" + log.read_text()[-3000:])
                time.sleep(0.2)
        self.startup = time.perf_counter() - start
        self.epoch = int(self.get("livereload/0/0"))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=600) as answer:
            return answer.read().decode("utf-8")

    def saved(self, change) -> tuple[float, float]:
        """Seconds from ``change()`` until the build it causes has finished, and
        the server's processor time meanwhile."""
        cpu = self.cpu()
        start = time.perf_counter()
        change()
        while True:
            now = int(self.get(f"livereload/{self.epoch}/0"))
            if now > self.epoch:
                self.epoch = now
                return time.perf_counter() - start, self.cpu() - cpu

    def cpu(self) -> float:
        """Processor time (user + system) of the server process so far, its own
        threads only: the file watcher and the builds, not the search indexer's
        Pagefind process, which runs beside the server after a build."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rewritten(self) -> str:
        self.log.flush()
        found = re.findall(r"Ändrat: (\d+) sidor gjorda på nytt, (\d+) borttagna", self.log_path.read_text())
        return f"{found[-1][0]} / {found[-1][1]}" if found else "alla"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")


def front(path: Path, key: str) -> str:
    return re.search(rf"^{key}: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip().strip("'\"")


def pick(root: Path, typ: str) -> Path:
    """The first public document of ``typ``, in path order."""
    for path in sorted(p for p in (root / "agreements").rglob("*.md") if p.name != "README.md"):
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^typ: {typ}\s*$", text, re.M) and "publicering: intern" not in text:
            return path
    raise SystemExit(f"no public {typ} in {root}")


def edits(project: Path, avtal: Path, meeting: Path) -> list[tuple[str, object, object]]:
    """(label, change(i), check(get, i)) for every edit, in order; ``check`` may be None.
    ``get(page)`` returns the served page's text."""
    agreements = project / "agreements"
    avtal_id = front(avtal, "id")
    arena = front(meeting, "arena")
    title = front(avtal, "titel")
    status = front(avtal, "status")
    new = agreements / "bench-nya"

    def shows(get, text: str, page: str, absent: bool = False) -> None:
        """The page shows the change (or no longer shows ``text``)."""
        shown = text in get(f"{page}/")
        if shown == absent:
            raise SystemExit(f"/{page}/ {'still shows' if absent else 'does not show'} {text!r}")

    def text(i: int) -> None:
        edit(avtal, "", f"\nEn ny mening nummer {i} i texten.\n")

    def retitle(i: int) -> None:
        edit(avtal, f"titel: {front(avtal, 'titel')}", f"titel: {title} ({i})")

    def add(i: int) -> None:
        new.mkdir(exist_ok=True)
        text = meeting.read_text(encoding="utf-8").replace(front(meeting, "id"), f"bench-mote-{i}", 1)
        (new / f"bench-mote-{i}.md").write_text(text, encoding="utf-8")

    def rename(i: int) -> None:
        (new / f"bench-mote-{i}.md").rename(new / f"flyttad-{i}.md")

    def delete(i: int) -> None:
        (new / f"flyttad-{i}.md").unlink()

    def broken(i: int) -> None:
        edit(avtal, f"status: {status}", "status: klar")

    def fixed(i: int) -> None:
        edit(avtal, "status: klar", f"status: {status}")

    return [
        ("en mening i texten", text, lambda get, i: shows(get, f"nummer {i} i texten", avtal_id)),
        ("titeln", retitle, lambda get, i: shows(get, f"{title} ({i})", avtal_id)),
        ("ny mötesanteckning", add, lambda get, i: shows(get, f"bench-mote-{i}", arena)),
        ("flyttad fil", rename, None),
        ("borttaget dokument", delete, lambda get, i: shows(get, f"bench-mote-{i}", arena, absent=True)),
        # the error and its fix alternate, once per run
        ("fel → felsidan", broken, lambda get, i: shows(get, "valideringen hittade", avtal_id)),
        ("rättat → sidan tillbaka", fixed, lambda get, i: shows(get, title, avtal_id)),
    ]


def measure(name: str, project: Path, runs: int, **settings: str) -> list[dict]:
    server = Server(project, project.parent / f"{project.name}-serve.log", **settings)
    rows = [
        {
            "fall": name,
            "ändring": "start (första bygget)",
            "median (s)": server.startup,
            "CPU (s)": server.cpu(),
            "sidor": "alla",
        }
    ]
    try:
        steps = edits(project, pick(project, "avtal"), pick(project, "mötesanteckning"))
        plain, (error, fix) = steps[:-2], steps[-2:]

        def row(label: str, times: list[float], cpus: list[float], pages: str) -> None:
            rows.append(
                {
                    "fall": name,
                    "ändring": label,
                    "median (s)": statistics.median(times),
                    "CPU (s)": statistics.median(cpus),
                    "sidor": pages,
                }
            )

        for label, change, check in plain:
            times, cpus = [], []
            for index in range(runs):
                seconds, cpu = server.saved(lambda i=index, c=change: c(i))
                times.append(seconds)
                cpus.append(cpu)
                if check:
                    check(server.get, index)
            row(label, times, cpus, server.rewritten())
        measured: dict[str, tuple[list[float], list[float]]] = {error[0]: ([], []), fix[0]: ([], [])}
        for index in range(runs):
            for label, change, check in (error, fix):
                seconds, cpu = server.saved(lambda i=index, c=change: c(i))
                measured[label][0].append(seconds)
                measured[label][1].append(cpu)
                check(server.get, index)
        row(error[0], *measured[error[0]], "–")
        row(fix[0], *measured[fix[0]], server.rewritten())
    finally:
        server.stop()
    return rows


def project_of(which: str, workdir: Path, documents: int, seed: int) -> Path:
    """A copy of the project to serve: the sample content (a clone of this
    repository) or the generated corpus with this repository's site files."""
    if which == "exempel":
        sample = workdir / "exempel"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(sample)], check=True)
        return sample
    corpus = git_corpus(documents, seed)
    project = workdir / f"korpus-{documents}"
    shutil.copytree(corpus, project, symlinks=True)
    for item in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / item)
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("exempel", "korpus"))
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-serve-bench-"))
    rows: list[dict] = []
    try:
        if args.only in (None, "exempel"):
            rows += measure("exempelinnehållet", project_of("exempel", workdir, args.documents, args.seed), args.runs)
        if args.only in (None, "korpus"):
            project = project_of("korpus", workdir, args.documents, args.seed)
            rows += measure(f"korpus-{args.documents}", project, args.runs, SAMVERKAN_EXPORT="false")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    headers = ["fall", "ändring", "median (s)", "CPU (s)", "sidor gjorda om / borttagna"]
    print_markdown_table(
        headers,
        [[r["fall"], r["ändring"], _number(r["median (s)"]), _number(r["CPU (s)"]), r["sidor"]] for r in rows],
        right={2, 3},
    )
    return 0


def _number(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


if __name__ == "__main__":
    raise SystemExit(main())
