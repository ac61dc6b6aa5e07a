"""The validator's fast paths give exactly what the slow paths give (issue 10:
output identical on every fixture): jsonschema-rs deciding which files need
explaining, headings found by a line scan, and loading in several processes."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from samverkan import body, checker, frontmatter, limits, loader, schema, source
from samverkan.checker import check, rule_findings
from samverkan.errors import SamverkanError, SourceError
from samverkan.loader import load
from samverkan.model import Repository
from samverkan.rules import RULES
from samverkan.rules.base import is_per_document

from .conftest import CASES, REPO_ROOT, TODAY, build_case

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _said(findings) -> list:
    """Findings with the rule that said each (not part of a finding's equality)."""
    return [(f, f.rule) for f in findings]


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


def _heading_bodies() -> list[str]:
    """The hand-written heading cases and every body of the sample content and the base fixture."""
    bodies = list(HEADING_BODIES)
    for root in (REPO_ROOT, CASES.parent / "base"):
        repo, _ = load(root)
        bodies += [d.body for d in repo.documents]
    return bodies


def test_headings_by_line_scan_are_markdown_its_headings():
    bodies = _heading_bodies()
    rng = random.Random(4)
    pieces = ["# R", "## R ##", "text", "", "- a", "  # i", "> c", "```", "    # k", "---", "===", "#x", "1. b"]
    bodies += ["\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    for text in bodies:
        fast = body._simple_headings(text)
        if fast is not None:
            assert fast == _slow_headings(text), text


def _every_case_side_by_side(tmp_path: Path) -> Path:
    """One repository with every fixture case's documents, each case in a folder of its own."""
    root = build_case(CASES / "register-ej-lista", tmp_path / "repo")
    for case in CASE_DIRS:
        for document in (case / "agreements").rglob("*.md"):
            target = root / "agreements" / case.name / document.relative_to(case / "agreements")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document.read_bytes())
    return root


def test_checking_in_several_processes_gives_the_same_result(tmp_path: Path, monkeypatch):
    # Every case's documents side by side, each case in a folder of its own: load
    # errors, schema findings, rules across documents and per-document rules at once.
    root = _every_case_side_by_side(tmp_path)
    serial = check(root, today=TODAY)
    monkeypatch.setattr(loader, "workers", lambda files: 2)  # also on a one-core machine
    monkeypatch.setattr(checker, "PART_FILES", 7)  # many parts, merged in order
    parallel = check(root, today=TODAY, parallel=True)
    assert _said(parallel.findings) == _said(serial.findings)
    # down to the rule each finding names
    assert [f.as_dict() for f in parallel.findings] == [f.as_dict() for f in serial.findings]
    assert [d.path for d in parallel.repo.documents] == [d.path for d in serial.repo.documents]
    assert [(e.path, e.index) for e in parallel.repo.entries] == [(e.path, e.index) for e in serial.repo.entries]
    codes = {f.code for f in parallel.findings}
    assert {"okänd-nyckel", "dubblett-id", "yaml-ankare", "okänd-referens", "rubrik-saknas"} <= codes
    assert {"farlig-html", "för-djup-struktur", "mall-text", "datum-ordning", "register-ej-lista"} <= codes
    assert "lix-högt" in codes  # measured by the loading processes, with every node's name sent to them


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_every_case_checks_the_same_in_several_processes(case: Path, tmp_path: Path, monkeypatch):
    root = build_case(case, tmp_path / "repo")
    serial = check(root, today=TODAY)
    monkeypatch.setattr(loader, "workers", lambda files: 2)
    monkeypatch.setattr(checker, "PART_FILES", 4)
    assert _said(check(root, today=TODAY, parallel=True).findings) == _said(serial.findings)


@pytest.mark.parametrize("count", [1, 49, 500, 2000, 3042, 63021])
def test_parts_cover_every_file_once_in_order_and_shrink_towards_the_end(count: int):
    parts = checker._parts(count, 2)
    assert parts[0][0] == 0 and parts[-1][1] == count
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))  # contiguous, in path order
    sizes = [end - start for start, end in parts]
    assert all(0 < size <= checker.PART_FILES for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if count > 4 * checker.PART_FILES:
        assert sizes[0] == checker.PART_FILES and sizes[-2] == checker.LAST_PART_FILES


def test_a_loading_process_that_fails_is_said_in_swedish(base_repo: Path, monkeypatch):
    monkeypatch.setattr(loader, "workers", lambda files: 2)
    monkeypatch.setattr(checker, "PART_FILES", 4)

    def broken(*args):
        raise RuntimeError("trasig")

    monkeypatch.setattr(checker, "_check_part", broken)  # the forked processes inherit it
    with pytest.raises(SamverkanError, match=r"internt fel när filerna kontrollerades \(RuntimeError: trasig\)"):
        check(base_repo, today=TODAY, parallel=True)


def test_a_loading_process_that_ends_is_said_in_swedish_not_waited_for(base_repo: Path, monkeypatch):
    monkeypatch.setattr(loader, "workers", lambda files: 2)
    monkeypatch.setattr(checker, "PART_FILES", 4)
    monkeypatch.setattr(checker, "_check_part", lambda *args: os._exit(1))
    with pytest.raises(SamverkanError, match="avslutades oväntat"):
        check(base_repo, today=TODAY, parallel=True)


PER_DOCUMENT_CASES = (
    "gräns-djup-struktur-lista",
    "gräns-djup-struktur-citat",
    "farlig-html",
    "länk-javascript",
    "mall-text-kvar",
    "datum-ordning",
    "retroaktivt-beslut",
    "revision-försenad",
    "fastställd-på-remiss",
    "fastställd-saknar-datum",
    "upphävd-saknas",
    "upphävd-utan-status",
    "möte-tid-omvänd",
    "beslutsprocess-ordning",
    "uppdrag-aktiviteter-ordning",
)


def test_per_document_rules_look_at_one_document(tmp_path: Path):
    """A rule marked per_document finds on a repository of one document what it
    finds for that document in the whole repository (what running it in the
    loading processes relies on)."""
    root = build_case(CASES.parent / "base", tmp_path / "repo")
    for case in PER_DOCUMENT_CASES:
        build_case(CASES / case, root)
    repo, _ = load(root)
    rules = [r for r in RULES if is_per_document(r)]
    assert len(rules) >= 3
    whole = set(rule_findings(repo, TODAY, rules=rules))
    alone = set()
    for doc in repo.documents:
        single = Repository(root=root, documents=[doc], entries=[], attachments=repo.attachments)
        alone |= set(rule_findings(single, TODAY, rules=rules))
    assert alone == whole
    assert whole  # the cases do break these rules


def test_only_the_command_line_checks_in_several_processes(base_repo: Path, monkeypatch, capsys):
    # A server with threads (mkdocs serve) must never fork: parallel checking is opt-in.
    calls = []
    monkeypatch.setattr(loader, "workers", lambda files: 2)
    original = checker._check_in_parts
    monkeypatch.setattr(checker, "_check_in_parts", lambda *args: calls.append(args) or original(*args))
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


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_memo_of_document_rules_gives_the_same_findings(case: Path, tmp_path: Path):
    """The preview keeps per-document findings (and LIX, which reads the names of
    others) between checks: the first and a repeated check with the memo find
    what a check without it finds."""
    root = build_case(case, tmp_path / "repo")
    repo, loaded = load(root)
    plain = _said(checker.check_loaded(repo, loaded, TODAY).findings)
    memo = checker.SchemaMemo()
    assert _said(checker.check_loaded(repo, loaded, TODAY, memo=memo).findings) == plain
    assert _said(checker.check_loaded(repo, loaded, TODAY, memo=memo).findings) == plain


def test_memo_sees_a_changed_name(tmp_path: Path):
    """A document's LIX findings read the titles of what it names: a kept result
    is not reused once such a title changes."""
    root = build_case(CASES.parent / "base", tmp_path / "repo")
    target = next(p for p in sorted((root / "agreements").rglob("*.md")) if p.name != "README.md")
    target_id = re.search(r"^id: (\S+)", target.read_text(encoding="utf-8"), re.M).group(1)
    sentence = f"Enligt [[{target_id}]] gäller detta för alla parter i samverkan. "
    (root / "agreements" / "lix.md").write_text(
        "---\nid: lix-prov\ntyp: mötesanteckning\ntitel: Prov\nstatus: justerad\narena: ag\ndatum: 2025-01-10\n---\n"
        + "# Text\n\n"
        + sentence * 12
        + "\n",
        encoding="utf-8",
    )
    repo, loaded = load(root)
    memo = checker.SchemaMemo()
    before = checker.check_loaded(repo, loaded, TODAY, memo=memo).findings
    renamed = next(n for n in repo.nodes() if n.id == target_id)
    renamed.data["titel" if renamed.is_document else "namn"] = "Överenskommelsebeskrivningsdokumentationsunderlag " * 6
    after = checker.check_loaded(repo, loaded, TODAY, memo=memo).findings
    assert after == checker.check_loaded(repo, loaded, TODAY).findings
    assert [f for f in after if f.code == "lix-högt"] != [f for f in before if f.code == "lix-högt"]


def test_date_format_of_the_fast_path_accepts_only_what_jsonschema_accepts():
    """jsonschema-rs is given its own date check (jsonschema is imported only when
    a file needs explaining): it accepts exactly what the format checker
    jsonschema words its messages with accepts."""
    checker_ = schema._format_checker()
    rng = random.Random(11)
    values = ["2025-01-01", "2025-02-29", "2024-02-29", "2025-13-01", "2025-1-01", "0999-01-01", "9999-12-31"]
    values += ["1900-01-01", "2200-12-31", "2025-01-01T10:00", "2025-01-01\n", " 2025-01-01", "２０２５-01-01"]
    values += ["2025/01/01", "20250101", "", "2025-01-0a", "+2025-01-01", "2025-W01-1", "٢٠٢٥-01-01"]
    alphabet = "0123456789-٣T: "
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(8, 12))) for _ in range(3000)]
    values += [f"{rng.randint(0, 9999):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}" for _ in range(3000)]
    for value in values:
        assert schema._date_format(value) == checker_.conforms(value, "date"), value


def test_file_kinds_by_string_are_the_kinds_pathlib_gives():
    """The loader tells documents, registry files, the glossary and attachments
    apart by string operations on the walk's plain paths, as PurePosixPath would."""
    names = ["a.md", "README.md", ".md", "x.", "x.tar.gz", "ordlista.yml", "a.yml", "a.yaml", "b", ".hidden.md"]
    folders = ["", "organisation/", "organisation/sub/", "region/", "a.b/", "ordlista.yml/"]
    rels = [f"agreements/{folder}{name}" for folder in folders for name in names]
    rels += ["agreements//a.md", "agreements/./a.md", "agreements/a/", "agreements/x/./organisation.md"]
    from pathlib import PurePosixPath

    for rel in rels:
        inner = PurePosixPath(rel).relative_to(loader.AGREEMENTS)
        assert loader._parts(rel) == (inner.parts, inner.name, inner.suffix), rel
    with pytest.raises(ValueError):
        loader._parts("other/a.md")


def test_documents_sent_from_a_loading_process_arrive_unchanged(tmp_path: Path):
    """The loading processes send documents back as plain values (marshal): every
    document of every case arrives with the same path, body, front matter,
    written text, positions, references, anchors and links, located or not."""
    root = _every_case_side_by_side(tmp_path)
    repo, _ = load(root)
    for index, doc in enumerate(repo.documents):
        doc.anchors, doc.links  # noqa: B018 - made in the loading processes
        if index % 3 == 0:
            doc.pos("id")  # some located (a finding asked where), most not
        if index % 5 == 0:
            doc.body = None
    sent, whole = checker._sendable(repo.documents)
    assert len(whole) < len(repo.documents) / 2  # most go as plain values
    arrived = checker._received(sent, whole)
    assert len(arrived) == len(repo.documents)

    def seen(doc):
        return (
            doc.path,
            doc.body,
            doc.body_line,
            repr(doc.data),
            doc.id,
            doc.typ,
            doc.refs,
            doc.anchors,
            doc.links,
            dict(doc.parsed.positions),
            dict(doc.parsed.raw),
        )

    for before, after in zip(repo.documents, arrived, strict=True):
        assert seen(after) == seen(before)


def _split_by_lines(text: str):
    """frontmatter.split as it was written first: the text split into lines."""
    lines = text.split("\n")
    if not lines or not re.match(r"^---[ \t]*$", lines[0]):
        return "front-matter-saknas"
    for index in range(1, len(lines)):
        if re.match(r"^(?:---|\.\.\.)[ \t]*$", lines[index]):
            return ("\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), index + 2)
    return "front-matter-oavslutat"


def test_front_matter_split_without_splitting_the_body_into_lines():
    texts = []
    for root in (REPO_ROOT, CASES.parent / "base", *CASE_DIRS):
        texts += [p.read_bytes().decode("utf-8", "replace") for p in sorted((root / "agreements").rglob("*.md"))]
    rng = random.Random(5)
    pieces = ["---", "--- ", "---\t", "----", "...", "... x", " ---", "id: a", "", "text", "---x", "\r", "-- -"]
    pieces += ["...\t ", "....", "..", "x---", "--", "--- \t x", "---\r", "... \r"]
    texts += ["\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(20_000)]
    texts += ["", "\n", "---", "---\n", "---\n---", "---\n---\n", "---\n...\nbody", "---\r\n---\r\n"]
    for text in texts:
        try:
            split = frontmatter.split(text)
            got = (split.front_matter, split.body, split.body_line)
        except SourceError as e:
            got = e.code
        assert got == _split_by_lines(text), text


_NOT_SIMPLE_BY_LINE = re.compile(
    r"^(?: {0,3}(?:```|~~~|[>=<]|-+[ \t]*$)| {4,}#|\t|[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+[#>])", re.MULTILINE
)
_ATX_BY_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*)|)$", re.MULTILINE)


def test_heading_scan_from_line_break_to_line_break_is_the_scan_by_line_start():
    """body._simple_headings matches from one line break to the next ('\\n' +
    body, no MULTILINE '^'): the same bodies are simple and the same headings found."""
    bodies = _heading_bodies()
    rng = random.Random(8)
    pieces = ["# R", "## R ##", "#", "####### x", "text", "", " ", "- a", "  # i", "> c", "```", "~~~", "    # k"]
    pieces += ["---", "-- ", "===", "<div>", "#x", "1. b", "2) # c", "* > d", "\t# t", "   ### tre", "# slut #", "\r"]
    bodies += ["\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for text in bodies:
        simple = not _NOT_SIMPLE_BY_LINE.search(text)
        assert (body._simple_headings(text) is not None) == simple, text
        if simple:
            by_line = [(m.group(1) or "") for m in _ATX_BY_LINE.finditer(text)]
            assert [(m.group(1) or "") for m in body._ATX.finditer("\n" + text)] == by_line, text


def test_line_prefixes_found_from_line_break_to_line_break():
    """The deep-nesting pre-checks (YAML line prefixes, Markdown block prefixes)
    look at what a MULTILINE '^' scan looked at."""
    rng = random.Random(9)
    pieces = ["- ", "  ", "? ", ": ", "-", "> ", "1. ", "* ", "\t", "x", "\n", "\n\n", "9)", "+ ", "."]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    deep = re.compile(rf"^[ \t>*+\-0-9.)]{{{limits.MAX_STRUCTURE_DEPTH},}}", re.MULTILINE)
    for text in texts + ["", "\n", "- - -", "\n" + "> " * 40]:
        assert source._PREFIX.findall("\n" + text) == re.findall(r"^[ ?:-]*", text, re.MULTILINE), text
        assert bool(body._DEEP_PREFIX.search("\n" + text)) == bool(deep.search(text)), text


def test_deep_nesting_pre_check_is_the_longest_prefix_check():
    """source._may_nest_deeply looks for one line prefix long enough, as taking
    the longest of all prefixes did."""

    def by_longest(text: str) -> bool:
        brackets = text.count("[") + text.count("{")
        if brackets >= limits.MAX_YAML_DEPTH:
            return True
        prefix = max(map(len, source._PREFIX.findall("\n" + text)), default=0)
        return brackets + prefix + 2 >= limits.MAX_YAML_DEPTH

    rng = random.Random(10)
    pieces = ["- ", "  ", "? ", ": ", "-", "[", "{", "x", "\n", "\n\n", "a: ", "\t", "]"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 80))) for _ in range(20_000)]
    for text in texts + ["", "\n", "[" * 13 + "\n" + " " * 1, "{" * 14, "-" * 14, "\n" + "-" * 13]:
        assert source._may_nest_deeply(text) == by_longest(text), text


def test_node_tags_are_the_tags_base_resolver_gives():
    """The loader's resolver answers libyaml without asking BaseResolver each time
    (remembered scalars, fixed tags for lists and mappings, no path resolvers):
    every node of every front matter, registry file and random YAML text gets
    the tag BaseResolver with the same implicit resolvers gives."""
    import yaml

    class Reference(source._Parser, source._Resolver12):
        def __init__(self, stream):
            source._Parser.__init__(self, stream)
            source._Resolver12.__init__(self)

    def tags(loader_class, text: str) -> list:
        composer = loader_class(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
        found, stack = [], [node] if node is not None else []
        while stack:
            node = stack.pop()
            found.append((type(node).__name__, node.tag, node.value if isinstance(node, yaml.ScalarNode) else None))
            if isinstance(node, yaml.MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
        return found

    texts = []
    for root in [REPO_ROOT, *CASE_DIRS]:
        for path in sorted((root / "agreements").rglob("*")):
            if path.suffix in (".md", ".yml", ".yaml") and path.is_file():
                content = path.read_text(encoding="utf-8", errors="replace")
                texts.append(content.split("\n---", 1)[0].removeprefix("---\n") if path.suffix == ".md" else content)
    rng = random.Random(10)
    scalars = ["ja", "true", "True", "~", "null", "", "1", "0x1F", "0o17", "-2.5e3", ".inf", "-.Inf", ".nan", "1:30"]
    scalars += ["2025-01-01", "2025-1-1", "2025-01-01T10:00:00", "'citat'", '"dubbel"', "text", "!!str 5", "012"]
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 6)):
            value = rng.choice(scalars)
            lines.append(
                rng.choice([f"k{rng.randint(0, 3)}: {value}", f"- {value}", f"l:\n  - {value}", f"m: [{value}]"])
            )
        texts.append("\n".join(lines))
    compared = 0
    for text in texts:
        try:
            expected = tags(Reference, text)
        except yaml.YAMLError:
            with pytest.raises(yaml.YAMLError):
                tags(source._Loader, text)
            continue
        assert tags(source._Loader, text) == expected, text
        compared += 1
    assert compared > 1000


def test_walking_for_plain_paths_walks_the_same_files(tmp_path: Path):
    """The validator's walk keeps each file's path as the folder listing's string:
    the same files, in the same order, with the same findings."""
    root = _every_case_side_by_side(tmp_path)
    (root / "agreements" / "konstigt?.pdf").write_bytes(b"%PDF")
    with_paths, found = loader.walk(root)
    plain, plain_found = loader.walk(root, paths=False)
    assert [(rel, str(path)) for rel, path in with_paths] == plain
    assert found == plain_found and found
    assert all(isinstance(path, Path) for _, path in with_paths)
    assert all(type(path) is str for _, path in plain)


def test_file_bytes_are_what_open_and_read_give(tmp_path: Path):
    """The loader reads a file with os.open/os.read: the same bytes as
    open().read(), to the end also of a file that grows while it is read,
    nothing of one above the limit, and an OSError where open() or read() fails."""
    import os

    for size in (0, 1, 4095, 4096, 4097, 70_000, limits.MAX_FILE_BYTES, limits.MAX_FILE_BYTES + 1):
        path = tmp_path / f"f{size}.md"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        expected = path.read_bytes()
        found = loader.file_bytes(path)
        assert found == (size, expected if size <= limits.MAX_FILE_BYTES else b""), size
        assert loader.file_bytes(str(path)) == found

    grown = tmp_path / "vaxer.md"
    grown.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    def fstat_before_growing(fd):
        result = real_fstat(fd)
        with open(grown, "ab") as more:  # the file grows between fstat and read
            more.write(b"b" * 200_000)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fstat", fstat_before_growing)
        assert loader.file_bytes(grown) == (100, b"a" * 100 + b"b" * 200_000)
    for missing in (tmp_path / "saknas.md", tmp_path):
        with pytest.raises(OSError) as raised:
            loader.file_bytes(missing)
        with pytest.raises(OSError) as expected_error:
            open(missing, "rb").read()
        assert raised.value.strerror == expected_error.value.strerror


def test_remembered_suggestions_are_what_difflib_suggests():
    """closest remembers its answers (an archive asks about the same misspelt
    ids among the same ids again and again): each is what comparing afresh gives,
    whatever was asked before, in whatever order the candidates come."""
    import difflib
    import unicodedata

    from samverkan import suggest

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    def afresh(word: str, candidates: list[str]) -> str | None:  # closest as it was, nothing remembered
        folded = {fold(c): c for c in candidates}
        if fold(word) in folded:
            return folded[fold(word)]
        match = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.75)
        return folded[match[0]] if match else None

    rng = random.Random(21)
    ids = ["hsa-2025", "vvg", "giltig_från", "Giltig_Fran", "äldre-ådalen-2023", "aldre-adalen-2023", "demens-2024"]
    ids += ["".join(rng.choice("abcåäö-12") for _ in range(rng.randint(3, 12))) for _ in range(300)]
    words = [*ids[:7], "giltig_fran", "hsa-2052", "aldre-adalen", "okänt", ""]
    words += ["".join(rng.choice("abcåäö-12") for _ in range(rng.randint(1, 12))) for _ in range(100)]
    for _ in range(3000):
        candidates = rng.sample(ids, rng.randint(0, 12)) if rng.random() < 0.7 else ids
        word = rng.choice(words)
        assert suggest.closest(word, candidates) == afresh(word, candidates), (word, candidates)
        assert suggest.closest(word, iter(candidates)) == afresh(word, candidates)
    # a few sets of candidates are kept at a time, each with its answers (a preview runs for hours)
    assert suggest._among.cache_info().currsize <= 4


def test_lines_found_by_search_are_the_lines_holding_it():
    rng = random.Random(22)
    pieces = ["[[", "[", "]]", "a", " ", "\n", "\n\n", "`", "[[x]]", "ö"]
    texts = ["", "\n", "[[", "\n[[", "[[\n", "[[[[\n[[", "a\n\n[[b]]\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(20_000)]
    for text in texts:
        for needle in ("[[", "`"):
            expected = [(i, line) for i, line in enumerate(text.split("\n")) if needle in line]
            assert list(body._lines_with(text, needle)) == expected, (text, needle)


def test_paths_ordered_by_one_string_as_by_their_parts():
    from samverkan import files

    rng = random.Random(23)
    chars = ["a", "b", "-", ".", "_", " ", "å", "Ö", "0", "~", "!", "\x01", "/"]
    paths = ["agreements/a", "agreements/a/b", "agreements/a-b", "agreements/a.md", "agreements/ab/c", "agreements"]
    for _ in range(5000):
        parts = ["".join(rng.choice(chars[:-1]) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 4))]
        paths.append("/".join(["agreements", *parts]))
    items = [(p, p) for p in paths]
    rng.shuffle(items)
    assert sorted(items, key=files._path_order) == sorted(items, key=lambda item: item[0].split("/"))


def test_names_passed_over_in_the_walk_have_no_name_problems():
    from samverkan import files

    rng = random.Random(24)
    names = [".md", "a.md", "x.MD", "?.md", "a?.md", "a\n.md", "..md", "a.md.md", "a.mdx", "a?.txt"]
    names += ["".join(rng.choice("a.?M\nd-") for _ in range(rng.randint(1, 7))) + ".md" for _ in range(3000)]
    for name in names:
        if name.endswith(".md") and len(name) > 3 and name.isprintable():  # what walk passes over
            assert files._name_problems(f"agreements/{name}", name) == [], name


def test_front_matter_id_and_typ_found_at_once_are_the_cached_properties():
    """A document finds its front matter, id and typ when it is made; they are
    what the cached properties find on first read (also after pickling, which
    leaves them out)."""
    import pickle

    from samverkan.model import Document

    datas = [{}, {"id": "a", "typ": "avtal"}, {"id": 5, "typ": None}, {"typ": ["avtal"]}, {"id": "", "titel": "T"}]
    datas += [{"publicering": p} for p in ("intern", "publik", "Intern", None, ["intern"])]
    for data in datas:
        doc = Document("agreements/a.md", source.Parsed(data), "", 5)
        assert {k: doc.__dict__[k] for k in ("data", "id", "typ", "intern")} == {
            "data": data,
            "id": Document.id.func(doc),
            "typ": Document.typ.func(doc),
            "intern": Document.intern.func(doc),
        }
        again = pickle.loads(pickle.dumps(doc))
        assert "id" not in again.__dict__ and "intern" not in again.__dict__
        assert (again.data, again.id, again.typ, again.intern) == (doc.data, doc.id, doc.typ, doc.intern)
    # front matter that is no mapping: found on first read, as before
    listed = Document("agreements/b.md", source.Parsed(["x"]), "", 5)
    assert "id" not in listed.__dict__
    with pytest.raises(AttributeError):
        listed.id  # noqa: B018


def test_registry_entry_id_and_typ_found_at_once_are_what_a_node_finds():
    """A registry entry finds its id and typ when it is made (the rules across
    documents ask them a million times on a region's archive): they are what
    Node's properties find in its data, also after pickling."""
    import pickle

    from samverkan.model import Entry, Node

    datas = [{}, {"id": "vvg", "typ": "arena"}, {"id": 5, "typ": None}, {"typ": ["kommun"]}, {"id": "", "namn": "N"}]
    for data in datas:
        entry = Entry("agreements/register/a.yml", 0, data, source.Parsed([data]))
        assert (entry.__dict__["id"], entry.__dict__["typ"]) == (Node.id.func(entry), Node.typ.func(entry))
        again = pickle.loads(pickle.dumps(entry))
        assert (again.id, again.typ, again.data) == (entry.id, entry.typ, entry.data)
    repo, _ = load(REPO_ROOT)
    assert repo.entries
    for entry in repo.entries:
        assert (entry.id, entry.typ) == (Node.id.func(entry), Node.typ.func(entry))
