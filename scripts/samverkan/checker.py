"""Load, check, collect: the one checker shared by the CLI and the site plugin.

Every file is loaded and checked; findings are collected and returned sorted,
never raised. Reporters (``reporters.py``) turn the result into text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import installningar, schema
from .finding import Finding, Severity
from .loader import load
from .model import Repository
from .rules import RULES, Context

if TYPE_CHECKING:
    from .historik import History


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

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.INFO]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


def check(root: Path, today: dt.date | None = None, paths: Sequence[str] = (), parallel: bool = False) -> Result:
    """Check the whole repository at ``root``; report only under ``paths`` if given
    (``parallel``: see :func:`loader.load`). The git history at ``root``, when
    there is one, is read only if a rule needs it (answers to a decided remiss)."""
    repo, findings = load(root, parallel)
    return check_loaded(repo, findings, today, paths, read_history=lambda: git_history(root))


def git_history(root: Path) -> History | None:
    """The history of the git repository at ``root``; None when there is none to read."""
    from .historik import read  # gitpython only when asked

    history = read(root)
    return history if history.documents else None


def check_loaded(
    repo: Repository,
    findings: list[Finding],
    today: dt.date | None = None,
    paths: Sequence[str] = (),
    *,
    memo: SchemaMemo | None = None,
    read_history: Callable[[], History | None] | None = None,
    settings: installningar.Settings | None = None,
) -> Result:
    """Check an already loaded repository (e.g. one read from git by :func:`loader.load_files`).

    ``memo`` keeps each node's schema findings for the next check of a
    repository that reuses the same node objects (the preview server reloads
    only the files that changed); the rules always run on the whole repository.
    ``read_history``: gives the git history when a rule needs it (see :class:`rules.Context`).
    ``settings``: as given, else read from the repository's ``mkdocs.yml``
    (:mod:`samverkan.installningar`).
    """
    findings = list(findings)
    if settings is None:
        settings, wrong = installningar.read(repo.root)
        findings.extend(wrong)
    findings.extend(schema_findings(repo, memo))
    if memo is not None:
        memo.keep_only(repo)
    findings.extend(rule_findings(repo, today or dt.date.today(), read_history, settings))
    selected = [f for f in findings if _selected(f.path, paths)]
    return Result(repo, sorted(set(selected)))


class SchemaMemo:
    """Schema findings of nodes already checked, for the next check of a
    repository that reuses the same node objects (the preview server reloads
    only the files that changed). A schema finding depends on nothing but its
    node, so an unchanged node object needs no new check."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[object, list[Finding]]] = {}

    def get(self, node: object, check: Callable[[], list[Finding]]) -> list[Finding]:
        hit = self._found.get(id(node))
        if hit is None or hit[0] is not node:
            hit = (node, check())
            self._found[id(node)] = hit
        return hit[1]

    def keep_only(self, repo: Repository) -> None:
        """Forget nodes ``repo`` no longer holds."""
        alive = {id(n) for n in repo.nodes()} | {id(repo.glossary)}
        self._found = {k: v for k, v in self._found.items() if k in alive}


def schema_findings(repo: Repository, memo: SchemaMemo | None = None) -> Iterable[Finding]:
    def cached(node, check) -> list[Finding]:
        return check() if memo is None else memo.get(node, check)

    for entry in repo.entries:
        yield from cached(entry, lambda e=entry: _guarded(e.path, schema.check_entry, e))
    for doc in repo.documents:
        yield from cached(doc, lambda d=doc: _guarded(d.path, schema.check_document, d))
    if repo.glossary is not None and repo.glossary_path:
        glossary, path = repo.glossary, repo.glossary_path
        yield from cached(
            glossary,
            lambda: _guarded(path, schema.check_glossary, path, glossary.data, lambda *p: glossary.pos(p)),
        )


def _guarded(path: str, check_one, *args) -> list[Finding]:
    """One file's schema findings; a crash becomes a finding on that file, not a traceback."""
    try:
        return check_one(*args)
    except Exception as e:  # noqa: BLE001 - one file's crash must not hide the others' findings
        return [_internal(path, "schemakontrollen", e)]


def rule_findings(
    repo: Repository,
    today: dt.date,
    read_history: Callable[[], History | None] | None = None,
    settings: installningar.Settings | None = None,
) -> Iterable[Finding]:
    ctx = Context(repo, today, read_history, settings or installningar.Settings())
    for rule in RULES:
        try:
            yield from rule(ctx)
        except Exception as e:  # noqa: BLE001 - a rule bug must not hide other findings
            yield _internal("agreements", f"regeln {rule.__name__}", e)


def _internal(path: str, where: str, e: Exception) -> Finding:
    return Finding(
        path,
        1,
        1,
        Severity.ERROR,
        "internt-fel",
        f"internt fel i {where} ({type(e).__name__}: {str(e)[:200]}) — övriga "
        "kontroller har körts; rapportera felet till förvaltarna av verktyget",
    )


def _selected(path: str, wanted: Sequence[str]) -> bool:
    if not wanted:
        return True
    return any(path == w or path.startswith(w.rstrip("/") + "/") or w in (".", "") for w in wanted)
