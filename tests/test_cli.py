"""The command line: formats, exit statuses, path narrowing, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.cli import main
from samverkan.rules import RULES

from .conftest import CASES, FIXTURES, build_case, golden

CLI_GOLDEN = FIXTURES / "cli"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A repository with one error and one warning in different files."""
    root = build_case(CASES / "okänd-nyckel", tmp_path / "repo")
    shutil.copytree(CASES / "revision-försenad" / "agreements", root / "agreements", dirs_exist_ok=True)
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_formats_golden(fmt: str, broken: Path, capsys):
    code, out, _ = run(capsys, "validate", "--root", str(broken), "--today", "2026-01-15", "--format", fmt)
    assert code == 1
    assert out == golden(CLI_GOLDEN / f"expected.{fmt}", out)


def test_json_fields(broken: Path, capsys):
    _, out, _ = run(capsys, "validate", "--root", str(broken), "--today", "2026-01-15", "--format", "json")
    findings = json.loads(out)
    assert {tuple(sorted(f)) for f in findings} == {("code", "column", "line", "message", "path", "rule", "severity")}
    assert {f["severity"] for f in findings} == {"error", "warning"}


def test_every_finding_names_the_rule_that_said_it(broken: Path, capsys):
    """A code several rules use (fel-region, nyckel-saknas …) is traced to one
    named rule, whose docstring says which rule of the spec it enforces."""
    _, out, _ = run(capsys, "validate", "--root", str(broken), "--today", "2026-01-15", "--format", "json")
    rules = {f"{r.__module__.rpartition('.')[2]}.{r.__name__}": r for r in RULES}
    said = {f["rule"] for f in json.loads(out)}
    assert said & {"schema", "loader"} and said - {"schema", "loader"}
    for name in said - {"schema", "loader"}:
        assert name in rules and rules[name].__doc__, name


def test_warnings_pass_unless_strict(tmp_path: Path, capsys):
    root = build_case(CASES / "revision-försenad", tmp_path / "repo")
    assert run(capsys, "validate", "--root", str(root), "--today", "2026-01-15")[0] == 0
    assert run(capsys, "validate", "--root", str(root), "--today", "2026-01-15", "--strict")[0] == 1


def test_paths_narrow_what_is_reported(broken: Path, capsys, monkeypatch):
    monkeypatch.chdir(broken)
    code, out, _ = run(capsys, "validate", "--today", "2026-01-15", "agreements/dokument/huvudavtal.md")
    assert code == 0  # only the warning is in that file
    assert out.startswith("agreements/dokument/huvudavtal.md:18:1: warning[revision-försenad]: revision försenad")
    assert "huvudavtal-bilaga-1" not in out


def test_clean_repository_prints_nothing_on_stdout(base_repo: Path, capsys):
    code, out, err = run(capsys, "validate", "--root", str(base_repo), "--today", "2026-01-15")
    assert (code, out) == (0, "")
    assert err == "0 fel, 0 varningar i 7 dokument och 19 registerposter\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["validate", "--format", "xml"], "ogiltigt val: 'xml'"),
        (["validate", "--today", "igår"], "'igår' är inget datum"),
        (["validate", "--root", "/nonexistent"], "innehåller ingen mapp agreements/"),
        (["frobnicate"], "ogiltigt val: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_in_swedish(args, message, capsys):
    with pytest.raises(SystemExit) as info:
        code = main(args)
        raise SystemExit(code)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_no_repository_found(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "validate")
    assert code == 2
    assert "hittar ingen mapp 'agreements/'" in err
    assert "Traceback" not in err


def test_python_dash_m_and_console_script(base_repo: Path):
    for command in ([sys.executable, "-m", "samverkan"], [str(Path(sys.executable).parent / "samverkan")]):
        proc = subprocess.run(
            [*command, "validate", "--root", str(base_repo), "--today", "2026-01-15"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert "0 fel" in proc.stderr


def test_unreadable_input_never_shows_a_traceback(base_repo: Path):
    (base_repo / "agreements" / "trasig.md").write_bytes(b"---\nid: \xff\xfe\n\x00---\n")
    (base_repo / "agreements" / "mapp.md").mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "samverkan", "validate", "--root", str(base_repo), "--today", "2026-01-15"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.startswith("agreements/trasig.md:2:5: error[ogiltig-utf8]: filen är inte giltig UTF-8")


# --- Swedish everywhere, one language for flags ------------------------------

COMMANDS = ("validate", "new", "import", "export", "diff", "changes", "codeowners")
ENGLISH = (
    "show program's version number and exit",
    "show this help message and exit",
    "usage:",
    "options:",
    "positional arguments",
    "--from",
    "--to ",
    "--root",
    "--today",
    "--strict",
    "--base",
    "--head",
    "ROOT",
)


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_is_swedish_with_swedish_flags(command: str, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "användning:" in out and "flaggor:" in out
    assert [e for e in ENGLISH if e in out] == []


def test_old_english_flags_still_work(base_repo: Path, capsys):
    swedish = run(capsys, "validate", "--rot", str(base_repo), "--idag", "2026-01-15", "--strikt")
    english = run(capsys, "validate", "--root", str(base_repo), "--today", "2026-01-15", "--strict")
    assert swedish == english and swedish[0] == 0
