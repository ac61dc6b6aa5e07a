"""The validator's fast paths give exactly what the slow paths give (issue 10:
output identical on every fixture): jsonschema-rs deciding which files need
explaining, headings found by a line scan, and loading in several processes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from samverkan import body, loader, schema, source
from samverkan.checker import check
from samverkan.errors import SourceError
from samverkan.loader import load

from .conftest import CASES, REPO_ROOT, TODAY, build_case

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_jsonschema_rs_calls_valid_only_what_jsonschema_calls_valid(case: Path, tmp_path: Path):
    repo, _ = load(build_case(case, tmp_path / "repo"))
    checked = [(schema.document_ref(d.typ), d.data) for d in repo.documents]
    checked += [(schema.entry_ref(e.typ), e.data) for e in repo.entries]
    for ref, data in checked:
        slow = not list(schema._validator(ref).iter_errors(data))
        assert schema._valid(ref, data) == slow, (ref, data)


def _slow_headings(text: str) -> list[str]:
    tokens = body._blocks(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


HEADING_BODIES = [
    "# Syfte\n\ntext\n\n## Ansvar och roller ##\n",
    "#Inte rubrik\n####### inte heller\n#\n# #\n# a#\n#  b  ##  \n   ### tre mellanslag\n",
    "text\n# rubrik mitt i stycke\nmer text\n",
    "- punkt\n  # rubrik i listan\n- # rubrik efter markör\n",
    "```\n# kod\n```\n# efter\n",
    "> # citat\n",
    "Setext\n======\n\nOch\n---\n",
    "    # indragen kod\n",
    "<div>\n# i html\n</div>\n",
    "# **fet** `kod` [länk](x) &amp; \\# tecken\n",
    "1. # numrerad\n",
    "\t# tabb\n",
]


def test_headings_by_line_scan_are_markdown_its_headings():
    bodies = list(HEADING_BODIES)
    for root in (REPO_ROOT, CASES.parent / "base"):
        repo, _ = load(root)
        bodies += [d.body for d in repo.documents]
    rng = random.Random(4)
    pieces = ["# R", "## R ##", "text", "", "- a", "  # i", "> c", "```", "    # k", "---", "===", "#x", "1. b"]
    bodies += ["\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    for text in bodies:
        fast = body._simple_headings(text)
        if fast is not None:
            assert fast == _slow_headings(text), text


def test_loading_in_several_processes_gives_the_same_result(tmp_path: Path, monkeypatch):
    root = build_case(CASES / "okänd-nyckel", tmp_path / "repo")
    for case in ("dubblett-id", "yaml-ankare", "utf8-ogiltig", "register-ej-lista", "ordlista-ej-text"):
        build_case(CASES / case, root)
    serial = check(root, today=TODAY)
    monkeypatch.setattr(loader, "_workers", lambda files: 2)  # also on a one-core machine
    parallel = check(root, today=TODAY, parallel=True)
    assert parallel.findings == serial.findings
    assert [d.path for d in parallel.repo.documents] == [d.path for d in serial.repo.documents]
    assert [(e.path, e.index) for e in parallel.repo.entries] == [(e.path, e.index) for e in serial.repo.entries]
    assert parallel.findings  # the cases above do break rules


def test_only_the_command_line_loads_in_several_processes(base_repo: Path, monkeypatch, capsys):
    # A server with threads (mkdocs serve) must never fork: parallel loading is opt-in.
    calls = []
    monkeypatch.setattr(loader, "_workers", lambda files: 2)
    monkeypatch.setattr(loader, "_load_parallel", lambda *args: calls.append(args) or loader._load(*args[:2]))
    check(base_repo, today=TODAY)
    assert calls == []
    from samverkan.cli import main

    assert main(["validate", "--root", str(base_repo), "--today", "2026-01-15"]) == 0
    assert len(calls) == 1


def _front_matters() -> list[str]:
    texts = []
    for root in (REPO_ROOT, CASES.parent / "base", *CASE_DIRS):
        folder = root / "agreements" if (root / "agreements").is_dir() else root
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".yml", ".yaml") or not path.is_file():
                continue
            content = path.read_bytes().decode("utf-8", "replace")
            if path.suffix == ".md":
                content = content.partition("\n---")[0].removeprefix("---\n")
            texts.append(content)
    return texts


def _outcome(text: str, located: bool):
    try:
        parsed = source.parse(text, first_line=2, located=located)
    except SourceError as e:
        return ("error", e.code, e.message, e.line, e.column)
    paths = sorted(parsed.raw, key=repr)
    return (
        repr(parsed.data),
        dict(parsed.positions),
        dict(parsed.raw),
        [parsed.raw_at(p) for p in paths + [("saknas",), ()]],
    )


def test_positions_found_later_are_the_positions_found_at_once():
    """``located=False`` (the loader) gives the same data, errors, positions and
    written text as parsing with positions, on every fixture and on mutations
    of them (duplicate keys, overlong values, tags, nesting)."""
    texts = _front_matters()
    rng = random.Random(7)
    extras = [
        "a: 1\nb: [1, 2, {c: 0x1F}]\nd:\n  - e: true\n    f: ~\n  - 'g'\n",
        "a: 1\nb: 2\na: 3\n",
        "lista:\n  - x: 1\n    x: 2\n",
        "a: !!int 0b101\n",
        "a: " + "x" * 5000 + "\n",
        "version: 1.10\nnummer: 007\nja: yes\n",
        "- id: a\n- 1.5\n- null\n",
        "plain",
        "12",
        "",
    ]
    lines = [line for text in texts for line in text.split("\n")]
    mutated = ["\n".join(rng.choice(lines) for _ in range(rng.randint(1, 15))) for _ in range(400)]
    for text in texts + extras + mutated:
        assert _outcome(text, located=False) == _outcome(text, located=True), text
