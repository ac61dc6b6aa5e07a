"""Load, check, collect: the one checker shared by the CLI and the site plugin.

Every file is loaded and checked; findings are collected and returned sorted,
never raised. Reporters (``reporters.py``) turn the result into text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .finding import Finding, Severity
from .loader import load
from .model import Repository
from .rules import RULES, Context


@dataclass
class Result:
    """What one run found, over one loaded repository."""

    repo: Repository
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


def check(root: Path, today: dt.date | None = None, paths: Sequence[str] = ()) -> Result:
    """Check the whole repository at ``root``; report only under ``paths`` if given."""
    repo, findings = load(root)
    return check_loaded(repo, findings, today, paths)


def check_loaded(
    repo: Repository, findings: list[Finding], today: dt.date | None = None, paths: Sequence[str] = ()
) -> Result:
    """Check an already loaded repository (e.g. one read from git by :func:`loader.load_files`)."""
    findings = list(findings)
    findings.extend(schema_findings(repo))
    findings.extend(rule_findings(repo, today or dt.date.today()))
    selected = [f for f in findings if _selected(f.path, paths)]
    return Result(repo, sorted(set(selected)))


def schema_findings(repo: Repository) -> Iterable[Finding]:
    for entry in repo.entries:
        yield from schema.check_entry(entry)
    for doc in repo.documents:
        yield from schema.check_document(doc)
    if repo.glossary is not None and repo.glossary_path:
        yield from schema.check_glossary(repo.glossary_path, repo.glossary.data, lambda *p: repo.glossary.pos(p))


def rule_findings(repo: Repository, today: dt.date) -> Iterable[Finding]:
    ctx = Context(repo, today)
    for rule in RULES:
        try:
            yield from rule(ctx)
        except Exception as e:  # noqa: BLE001 - a rule bug must not hide other findings
            yield Finding(
                "agreements",
                1,
                1,
                Severity.ERROR,
                "internt-fel",
                f"internt fel i regeln {rule.__name__} ({type(e).__name__}: {e}) — övriga "
                "kontroller har körts; rapportera felet till förvaltarna av verktyget",
            )


def _selected(path: str, wanted: Sequence[str]) -> bool:
    if not wanted:
        return True
    return any(path == w or path.startswith(w.rstrip("/") + "/") or w in (".", "") for w in wanted)
