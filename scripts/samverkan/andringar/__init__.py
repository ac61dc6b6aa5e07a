"""What a change to the repository does, in reviewers' terms: ``samverkan changes``.

Both revisions are read from git (no checkout), loaded and checked like the
working tree, and compared by id: documents added, removed, moved or changed
(status, fields, sections), registry entries, other files, and the findings the
change brings or removes. The pull-request workflow posts the Markdown
rendering (:mod:`.render`) as a comment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import historik, jamforelse, loader
from ..checker import check_loaded
from ..finding import Finding
from ..model import Document, Repository


@dataclass(frozen=True)
class DocumentChange:
    """One document as the change touches it."""

    kind: str  # "tillagt", "borttaget", "ändrat", "flyttat"
    id: str
    title: str
    typ: str | None
    old: Document | None
    new: Document | None
    comparison: jamforelse.Comparison | None = None

    @property
    def status(self) -> tuple[str | None, str | None] | None:
        """(before, after) when the written status changed."""
        before = self.old.data.get("status") if self.old else None
        after = self.new.data.get("status") if self.new else None
        return (before, after) if self.old and self.new and before != after else None

    @property
    def moved(self) -> bool:
        return bool(self.old and self.new and self.old.path != self.new.path)


@dataclass(frozen=True)
class EntryChange:
    """A registry entry added, removed or changed."""

    kind: str  # "tillagd", "borttagen", "ändrad"
    id: str
    name: str
    typ: str | None
    keys: tuple[str, ...] = ()


@dataclass
class ChangeSet:
    base: str  # as given
    head: str
    base_sha: str
    head_sha: str
    documents: list[DocumentChange] = field(default_factory=list)
    entries: list[EntryChange] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (kind, path) of other files
    new_findings: list[Finding] = field(default_factory=list)
    fixed_findings: int = 0

    def of_kind(self, kind: str) -> list[DocumentChange]:
        return [d for d in self.documents if d.kind == kind]

    @property
    def empty(self) -> bool:
        return not (self.documents or self.entries or self.files or self.new_findings or self.fixed_findings)


def between(root: Path, base: str, head: str = "HEAD", today: dt.date | None = None) -> ChangeSet:
    """What changes from revision ``base`` to revision ``head``."""
    base_sha, head_sha = historik.resolve(root, base), historik.resolve(root, head)
    old_files, new_files = historik.files_at(root, base_sha), historik.files_at(root, head_sha)
    old_repo, old_findings = loader.load_files(root, old_files)
    new_repo, new_findings = loader.load_files(root, new_files)
    day = today or dt.date.today()
    before = check_loaded(old_repo, old_findings, day).findings
    after = check_loaded(new_repo, new_findings, day).findings
    known = {_finding_key(f) for f in before}
    current = {_finding_key(f) for f in after}
    return ChangeSet(
        base=base,
        head=head,
        base_sha=base_sha,
        head_sha=head_sha,
        documents=_documents(old_repo, new_repo),
        entries=_entries(old_repo, new_repo),
        files=_other_files(old_repo, new_repo, old_files, new_files),
        new_findings=[f for f in after if _finding_key(f) not in known],
        fixed_findings=len(known - current),
    )


def _finding_key(finding: Finding) -> tuple:
    # lines move with every edit above them; a finding is the same if it says the same thing
    return (finding.path, finding.code, finding.message)


def _by_id(nodes) -> dict:
    out = {}
    for node in nodes:
        if node.id is not None:
            out.setdefault(node.id, node)
    return out


def _documents(old_repo: Repository, new_repo: Repository) -> list[DocumentChange]:
    old, new = _by_id(old_repo.documents), _by_id(new_repo.documents)
    changes = []
    for id_, doc in new.items():
        before = old.get(id_)
        if before is None:
            changes.append(DocumentChange("tillagt", id_, doc.name, doc.typ, None, doc))
            continue
        same_text = before.data == doc.data and before.body == doc.body
        if same_text and before.path == doc.path:
            continue
        comparison = (
            None if same_text else jamforelse.compare(jamforelse.Side("Före", before), jamforelse.Side("Efter", doc))
        )
        kind = "flyttat" if same_text else "ändrat"
        changes.append(DocumentChange(kind, id_, doc.name, doc.typ, before, doc, comparison))
    for id_, doc in old.items():
        if id_ not in new:
            changes.append(DocumentChange("borttaget", id_, doc.name, doc.typ, doc, None))
    return sorted(changes, key=lambda c: ((c.new or c.old).path, c.id))


def _entries(old_repo: Repository, new_repo: Repository) -> list[EntryChange]:
    old, new = _by_id(old_repo.entries), _by_id(new_repo.entries)
    changes = []
    for id_, entry in new.items():
        before = old.get(id_)
        if before is None:
            changes.append(EntryChange("tillagd", id_, entry.name, entry.typ))
        elif before.data != entry.data:
            keys = sorted(k for k in set(before.data) | set(entry.data) if before.data.get(k) != entry.data.get(k))
            changes.append(EntryChange("ändrad", id_, entry.name, entry.typ, tuple(keys)))
    changes.extend(EntryChange("borttagen", i, e.name, e.typ) for i, e in old.items() if i not in new)
    return sorted(changes, key=lambda c: (c.typ or "", c.id))


def _other_files(old_repo: Repository, new_repo: Repository, old_files: dict, new_files: dict) -> list[tuple[str, str]]:
    """Attachments and the glossary: everything that is neither a document nor a registry file."""

    def others(repo: Repository, files: dict) -> set[str]:
        taken = {d.path for d in repo.documents} | set(repo.registry_files)
        return {p for p in files if p.startswith(loader.AGREEMENTS + "/") and p not in taken and not p.endswith(".md")}

    before, after = others(old_repo, old_files), others(new_repo, new_files)
    out = [("tillagd", p) for p in after - before] + [("borttagen", p) for p in before - after]
    out += [("ändrad", p) for p in before & after if old_files[p] != new_files[p]]
    return sorted(out, key=lambda item: item[1])


__all__ = ["ChangeSet", "DocumentChange", "EntryChange", "between"]
