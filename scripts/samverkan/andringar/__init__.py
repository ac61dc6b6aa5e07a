"""What a change to the repository does, in reviewers' terms: ``samverkan changes``.

Both revisions are read from git (no checkout), loaded and checked like the
working tree, and compared by id: documents added, removed, moved or changed
(status, fields, sections), registry entries, other files, and the findings the
change brings or removes. The pull-request workflow posts the Markdown
rendering (:mod:`.render`) as a comment.

Intern documents (``publicering: intern``) are marked as such; with
``public=True`` they are left out altogether, as the public site leaves them
out: no title, no id, no finding about them, and a public document's
reference to one reads "(internt dokument)". The pull-request comment, which
anyone who sees the pull request can read, is made that way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import body as body_module
from .. import historik, jamforelse, loader
from ..checker import check_loaded
from ..finding import Finding
from ..model import Document, Repository
from ..source import Parsed
from ..wording import INTERN_TEXT


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

    @property
    def intern(self) -> bool:
        """Whether the document is intern before or after the change."""
        return bool((self.old and self.old.intern) or (self.new and self.new.intern))


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
    # intern documents left out (``public=True``); how many
    left_out_intern: int | None = None

    def of_kind(self, kind: str) -> list[DocumentChange]:
        return [d for d in self.documents if d.kind == kind]

    @property
    def empty(self) -> bool:
        return not (self.documents or self.entries or self.files or self.new_findings or self.fixed_findings)


def between(
    root: Path, base: str, head: str = "HEAD", today: dt.date | None = None, *, public: bool = False
) -> ChangeSet:
    """What changes from revision ``base`` to revision ``head``; with ``public``,
    as the public may see it (intern documents left out, see the module doc)."""
    base_sha, head_sha = historik.resolve(root, base), historik.resolve(root, head)
    old_files, new_files = historik.files_at(root, base_sha), historik.files_at(root, head_sha)
    old_repo, old_findings = loader.load_files(root, old_files)
    new_repo, new_findings = loader.load_files(root, new_files)
    day = today or dt.date.today()
    before = check_loaded(old_repo, old_findings, day).findings
    after = check_loaded(new_repo, new_findings, day).findings
    known = {_finding_key(f) for f in before}
    current = {_finding_key(f) for f in after}
    change = ChangeSet(
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
    return _public(change, old_repo, new_repo) if public else change


def _public(change: ChangeSet, old_repo: Repository, new_repo: Repository) -> ChangeSet:
    """``change`` without a trace of any intern document, before or after."""
    intern = [d for repo in (old_repo, new_repo) for d in repo.documents if d.intern]
    ids = {d.id for d in intern if d.id}
    names = {d.name for d in intern} | ids
    paths = {d.path for d in intern}
    attachments = _attachments(intern) - _attachments(
        [d for repo in (old_repo, new_repo) for d in repo.documents if not d.intern]
    )
    documents = []
    for doc in change.documents:
        if doc.intern:
            continue
        old, new = _hide(doc.old, ids, _title(old_repo)), _hide(doc.new, ids, _title(new_repo))
        comparison = doc.comparison
        if comparison is not None and (old is not doc.old or new is not doc.new):
            comparison = jamforelse.compare(jamforelse.Side("Före", old), jamforelse.Side("Efter", new))
        documents.append(dataclasses.replace(doc, old=old, new=new, comparison=comparison))
    return dataclasses.replace(
        change,
        documents=documents,
        files=[(kind, path) for kind, path in change.files if path not in attachments],
        new_findings=[f for f in change.new_findings if f.path not in paths and not any(n in f.message for n in names)],
        left_out_intern=sum(1 for d in change.documents if d.intern),
    )


def _hide(doc: Document | None, ids: set[str], title) -> Document | None:
    """``doc`` with each reference to an intern document, in the body and in the
    front matter, written "(internt dokument)"; the body's other references
    read as on the site (label or title)."""
    if doc is None or not ids:
        return doc
    body = jamforelse.readable(doc, title, ids.__contains__).body

    def clean(value):
        if isinstance(value, str):
            return INTERN_TEXT if value in ids else value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    data = clean(doc.data)
    if body == doc.body and data == doc.data:
        return doc
    raw = {path: clean(value) for path, value in doc.parsed.raw.items()}
    parsed = Parsed(data, doc.parsed.positions, raw)
    return dataclasses.replace(doc, parsed=parsed, body=body, refs=[])


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _attachments(documents) -> set[str]:
    """Repository paths of the files ``documents`` link to."""
    out = set()
    for doc in documents:
        folder = posixpath.dirname(doc.path)
        for target in body_module.link_targets(doc.body):
            if not _SCHEME.match(target) and not target.startswith(("/", "#")):
                out.add(posixpath.normpath(posixpath.join(folder, target.split("#")[0])))
    return out


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
        comparison = None
        if not same_text:
            # references read as on the site: the label or the title of what they name
            comparison = jamforelse.compare(
                jamforelse.Side("Före", jamforelse.readable(before, _title(old_repo))),
                jamforelse.Side("Efter", jamforelse.readable(doc, _title(new_repo))),
            )
        kind = "flyttat" if same_text else "ändrat"
        changes.append(DocumentChange(kind, id_, doc.name, doc.typ, before, doc, comparison))
    for id_, doc in old.items():
        if id_ not in new:
            changes.append(DocumentChange("borttaget", id_, doc.name, doc.typ, doc, None))
    return sorted(changes, key=lambda c: ((c.new or c.old).path, c.id))


def _title(repo: Repository):
    def title(id_: str) -> str | None:
        node = repo.get(id_)
        return node.name if node is not None else None

    return title


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
