"""A seeded mutator of an archive, for fuzzing ``samverkan validate``.

Used by tests/test_fuzz.py (a few hundred cases in every test run) and
bench/fuzz_bench.py (thousands). A :class:`Fuzzer` keeps one working copy of the
content; each case mutates one to three files (or adds hostile ones), runs the
CLI in-process with ``--format json``, checks the outcome and restores the copy.

The mutations are the classes found by fuzzing in issues 17 and 18: random
bytes, truncation, other encodings, deep YAML, huge values, odd ids and tags,
explicit YAML tags, extreme dates, deep Markdown, many references, script in
bodies, symlinks out of the repository, pipes, odd and long file names, huge
files.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from samverkan.cli import main

TIME_LIMIT = 20  # seconds of CPU per case: a hang guard, not a speed assertion
WALL_LIMIT = 180  # seconds of wall clock: a guard against blocking (a machine under load is slow)


@dataclass
class Outcome:
    seed: int
    mutations: list[str]
    status: int | None
    seconds: float
    problem: str | None  # None when the case passed


class Timeout(BaseException):
    """Not an Exception: the validator's guards around rules must not catch it."""


def _alarm(signum, frame):
    raise Timeout


class Fuzzer:
    """Mutations of the archive copied from ``source`` into ``work``."""

    def __init__(self, source: Path, work: Path):
        self.source = Path(source)
        self.work = Path(work)
        if self.work.exists():
            shutil.rmtree(self.work)
        shutil.copytree(self.source / "agreements", self.work / "agreements", symlinks=True)
        self.files = sorted(p.relative_to(self.work).as_posix() for p in (self.work / "agreements").rglob("*"))
        self.files = [f for f in self.files if (self.work / f).is_file()]
        self.documents = [f for f in self.files if f.endswith(".md")]
        self.yaml = [f for f in self.files if f.endswith(".yml")]

    def _restore(self) -> None:
        shutil.rmtree(self.work / "agreements")
        shutil.copytree(self.source / "agreements", self.work / "agreements", symlinks=True)

    def run(self, seed: int) -> Outcome:
        """Mutate with ``seed``, validate, check the outcome, restore."""
        rng = random.Random(seed)
        names = []
        try:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                name, mutate = rng.choice(MUTATIONS)
                names.append(name)
                with contextlib.suppress(OSError):  # e.g. a file an earlier mutation made a folder link
                    mutate(self, rng)
            return self._validate(seed, names)
        finally:
            self._restore()

    def _validate(self, seed: int, names: list[str]) -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        previous = signal.signal(signal.SIGALRM, _alarm), signal.signal(signal.SIGPROF, _alarm)
        signal.setitimer(signal.ITIMER_PROF, TIME_LIMIT)  # CPU time: counts a busy loop, not the machine's load
        signal.alarm(WALL_LIMIT)
        started = time.perf_counter()
        status = None
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(["validate", "--root", str(self.work), "--format", "json", "--today", "2026-01-15"])
        except Timeout:
            return Outcome(seed, names, None, time.perf_counter() - started, f"över {TIME_LIMIT} s CPU")
        except BaseException as e:  # noqa: BLE001 - any escape is what the fuzzer looks for
            return Outcome(seed, names, None, time.perf_counter() - started, f"{type(e).__name__}: {e}"[:500])
        finally:
            signal.alarm(0)
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGALRM, previous[0])
            signal.signal(signal.SIGPROF, previous[1])
        seconds = time.perf_counter() - started
        problem = _judge(status, out.getvalue(), err.getvalue())
        return Outcome(seed, names, status, seconds, problem)

    # helpers for the mutations
    def path(self, rel: str) -> Path:
        return self.work / rel

    def pick(self, rng: random.Random, kind: str = "any") -> str:
        pool = {"any": self.files, "md": self.documents, "yml": self.yaml}[kind]
        return rng.choice(pool)

    def read(self, rel: str) -> bytes:
        path = self.path(rel)
        return path.read_bytes() if path.is_file() and not path.is_symlink() else b""

    def write(self, rel: str, data: bytes) -> None:
        path = self.path(rel)
        if path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _judge(status: int | None, out: str, err: str) -> str | None:
    if "Traceback" in err or "Traceback" in out:
        return "traceback: " + err[-500:]
    if status not in (0, 1):
        return f"status {status}: {err[-300:]}"
    try:
        findings = json.loads(out)
    except ValueError as e:
        return f"ingen giltig JSON ({e})"
    if not isinstance(findings, list):
        return "JSON är ingen lista"
    for finding in findings:
        if finding.get("code") == "internt-fel":
            return "internt-fel: " + finding.get("message", "")[:300]
        if not {"path", "line", "column", "severity", "code", "message"} <= finding.keys():
            return f"fynd utan alla fält: {finding}"
    return None


# ---------------------------------------------------------------- mutations


def _insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _front_matter_line(f: Fuzzer, rng: random.Random, line: str) -> None:
    """Put ``line`` into a document's front matter (after the first line) or a registry entry."""
    if rng.random() < 0.7:
        rel = f.pick(rng, "md")
        text = f.read(rel).decode("utf-8", "replace")
        lines = text.split("\n")
        lines.insert(rng.randrange(1, max(2, min(len(lines), 12))), line)
    else:
        rel = f.pick(rng, "yml")
        text = f.read(rel).decode("utf-8", "replace")
        lines = text.split("\n")
        lines.insert(min(1, len(lines)), "  " + line)
    f.write(rel, "\n".join(lines).encode("utf-8"))


def _body(f: Fuzzer, rng: random.Random, body: str) -> None:
    rel = f.pick(rng, "md")
    f.write(rel, f.read(rel) + b"\n" + body.encode("utf-8", "surrogatepass") + b"\n")


def random_bytes(f: Fuzzer, rng: random.Random) -> None:
    rel = f.pick(rng)
    data = bytearray(f.read(rel))
    for _ in range(rng.randint(1, 20)):
        if data and rng.random() < 0.5:
            data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            data[rng.randrange(len(data) + 1) : 0] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    f.write(rel, bytes(data))


def truncate(f: Fuzzer, rng: random.Random) -> None:
    rel = f.pick(rng)
    data = f.read(rel)
    f.write(rel, data[: rng.randrange(len(data) + 1)])


def encoding(f: Fuzzer, rng: random.Random) -> None:
    rel = f.pick(rng, rng.choice(("md", "yml")))
    text = f.read(rel).decode("utf-8", "replace")  # an earlier mutation may have re-encoded it
    how = rng.choice(("utf-16", "utf-16-le", "latin-1", "cp1252", "bom", "crlf", "cr", "nfd", "utf-32"))
    if how == "bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif how == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif how == "cr":
        data = text.replace("\n", "\r").encode("utf-8")
    elif how == "nfd":
        import unicodedata

        data = unicodedata.normalize("NFD", text).encode("utf-8")
    else:
        data = text.encode(how, "replace")
    f.write(rel, data)


def deep_yaml(f: Fuzzer, rng: random.Random) -> None:
    depth = rng.choice((15, 17, 100, 1000, 10_000, 200_000))
    how = rng.choice(("flow", "map", "block", "unclosed"))
    if how == "flow":
        line = "titel: " + "[" * depth + "]" * depth
    elif how == "map":
        line = "titel: " + "{a: " * depth + "}" * depth
    elif how == "unclosed":
        line = "titel: " + "[" * depth
    else:
        depth = min(depth, 1400)  # the indentation grows quadratically
        line = "ämnen:\n" + "\n".join(" " * (2 * i) + "-" for i in range(depth))
    _front_matter_line(f, rng, line)


def huge_value(f: Fuzzer, rng: random.Random) -> None:
    size = rng.choice((4301, 10_001, 100_000, 1_100_000))
    how = rng.choice(("int", "hex", "octal", "float", "string", "key", "list", "negative"))
    if how == "int":
        line = "nummer: " + "9" * size
    elif how == "negative":
        line = "version: -" + "1" * size
    elif how == "hex":
        line = "titel: 0x" + "f" * size
    elif how == "octal":
        line = "titel: 0o" + "7" * size
    elif how == "float":
        line = "version: 1." + "5" * size + "e999"
    elif how == "string":
        line = "titel: " + "A" * size
    elif how == "key":
        line = "k" * size + ": 1"
    else:
        line = "ämnen: [" + ", ".join(f"ämne {i}" for i in range(size // 8)) + "]"
    _front_matter_line(f, rng, line)


def huge_body(f: Fuzzer, rng: random.Random) -> None:
    size = rng.choice((10_000, 100_000, 1_000_000))
    how = rng.choice(("brackets", "refs", "line", "backticks", "links", "quotes", "lists", "html"))
    if how == "brackets":
        body = "[[" * (size // 2)
    elif how == "refs":
        body = "\n".join("[[huvudavtal]]" for _ in range(size // 15))
    elif how == "line":
        body = "ord " * (size // 4)
    elif how == "backticks":
        body = "".join(rng.choice(("`", "``", "[[", "]]", " x ")) for _ in range(size // 2))
    elif how == "links":
        body = "[" * (size // 4) + "](" * (size // 4)
    elif how == "quotes":
        body = ">" * rng.choice((21, 100, 1000, size)) + " citat"
    elif how == "lists":
        body = "\n".join(" " * (2 * i) + "- nivå" for i in range(min(size // 100, 600)))
    else:
        body = "<div>" * (size // 5)
    _body(f, rng, body)


def odd_value(f: Fuzzer, rng: random.Random) -> None:
    key = rng.choice(("id", "typ", "titel", "status", "region", "arena", "bilaga_till", "giltig_till", "ämnen"))
    value = rng.choice(
        (
            "''",
            "../../etc/passwd",
            "kalender",
            "bidra",
            "index",
            "ÅÄÖ",
            "a" * 65,
            "-",
            '"\\u0000"',
            '"\\x1b[31mröd"',
            "'</title><script>alert(1)</script>'",
            "javascript:alert(1)",
            "[]",
            "{}",
            "~",
            "!!int 0b101",
            "!!float abc",
            "!!bool ja",
            "!!null x",
            "!!binary aGVq",
            "!!python/object:os.system x",
            "!!timestamp 2025-13-45",
            "9999-12-31",
            "0001-01-01",
            "2024-02-30",
            "10000-01-01",
            "- '!!!'",
            "[Vård, Vard, VÅRD, '...']",
            "&a x",
            "*a",
        )
    )
    _front_matter_line(f, rng, f"{key}: {value}")


def body_content(f: Fuzzer, rng: random.Random) -> None:
    body = rng.choice(
        (
            "[x](javascript:alert(1))",
            "<a href='&#106;avascript:alert(1)'>x</a>",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "![bild](finns-inte.png)",
            "[pdf](x%23y.pdf)",
            "[a](#finns-inte)",
            "[[]]",
            "[[huvudavtal#finns-inte]]",
            "[[zzz-okänd|text]]",
            "`[[kod]]` och ``[[ ` ]]``",
            "```\n[[i-kod\n```",
            "[a]: <javascript:alert(1)>\n[b][a]",
            "\x00\x1b[2J",
            "\ud800",
        )
    )
    _body(f, rng, body)


def line_edit(f: Fuzzer, rng: random.Random) -> None:
    rel = f.pick(rng)
    lines = f.read(rel).split(b"\n")
    i = rng.randrange(len(lines))
    how = rng.choice(("drop", "duplicate", "indent", "tab", "colon", "dash", "swap"))
    if how == "drop":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = b"   " + lines[i]
    elif how == "tab":
        lines[i] = b"\t" + lines[i]
    elif how == "colon":
        lines[i] = lines[i].replace(b":", b"", 1)
    elif how == "dash":
        lines[i] = b"- " + lines[i]
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    f.write(rel, b"\n".join(lines))


def symlink(f: Fuzzer, rng: random.Random) -> None:
    rel = f.pick(rng)
    path = f.path(rel)
    target = rng.choice(
        ("/etc/passwd", "/proc/self/environ", "/dev/zero", "/dev/null", "finns-inte.md", "self", "folder", "..")
    )
    path.unlink()
    if target == "self":
        path.symlink_to(path)
    elif target == "folder":
        path.symlink_to(path.parent)
    else:
        path.symlink_to(target)


def hostile_file(f: Fuzzer, rng: random.Random) -> None:
    folder = f.path(f.pick(rng)).parent
    how = rng.choice(("control", "hash", "upper", "long", "deep", "fifo", "huge", "empty", "subregistry", "dir"))
    if how == "control":
        name = rng.choice(("x\nagreements\n#.md", "evil\x1b[31mred.md", "tab\there.pdf"))
        (folder / name).write_bytes(f.read(f.pick(rng, "md")))
    elif how == "hash":
        (folder / "x#y.pdf").write_bytes(b"%PDF")
    elif how == "upper":
        (folder / "X.MD").write_bytes(f.read(f.pick(rng, "md")))
    elif how == "long":
        (folder / ("n" * 250 + ".md")).write_bytes(b"---\nid: x\n---\n")
    elif how == "deep":
        deep = folder
        for _ in range(rng.choice((10, 60, 200))):
            deep = deep / ("d" * 40)
            try:
                deep.mkdir()
            except OSError:
                break
        with contextlib.suppress(OSError):
            (deep / "x.md").write_bytes(b"---\nid: x\n---\n")
    elif how == "fifo":
        os.mkfifo(folder / "ror.md")
    elif how == "huge":
        with (folder / "stor.md").open("wb") as out:
            out.truncate(100 * 1024 * 1024)
    elif how == "empty":
        (folder / "tom.md").write_bytes(b"")
    elif how == "subregistry":
        (f.work / "agreements/organisation/sub").mkdir(exist_ok=True)
        (f.work / "agreements/organisation/sub/x.yml").write_bytes(b"- id: x\n")
    else:
        (folder / "mapp.md").mkdir()


MUTATIONS: list[tuple[str, Callable[[Fuzzer, random.Random], None]]] = [
    ("random-bytes", random_bytes),
    ("truncate", truncate),
    ("encoding", encoding),
    ("deep-yaml", deep_yaml),
    ("huge-value", huge_value),
    ("huge-body", huge_body),
    ("odd-value", odd_value),
    ("body-content", body_content),
    ("line-edit", line_edit),
    ("line-edit", line_edit),
    ("symlink", symlink),
    ("hostile-file", hostile_file),
]
