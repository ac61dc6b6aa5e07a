"""Load, check, collect: the one checker shared by the CLI and the site plugin.

Every file is loaded and checked; findings are collected and returned sorted,
never raised. Reporters (``reporters.py``) turn the result into text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import marshal
import multiprocessing
import multiprocessing.connection
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import installningar, loader, schema
from .body import BodyRef, Link
from .errors import SamverkanError
from .finding import Finding, Severity
from .model import Document, Repository
from .rules import RULES, Context, body_read_across
from .rules.base import is_per_document, is_per_document_named
from .source import Parsed, Pos

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
    """Check the whole repository at ``root``; report only under ``paths`` if given.
    The git history at ``root``, when there is one, is read only if a rule needs
    it (answers to a decided remiss).

    ``parallel``: a large archive is loaded and checked in one process per core
    (they fork, so only for the command line, never a server with threads). The
    documents of that result keep no body (but those of
    :func:`rules.body_read_across`): the rules that read bodies ran in those
    processes (see :func:`rules.base.per_document`).
    """
    with no_cycle_collection():
        files, findings = loader.walk(root, paths=False)
        workers = loader.workers(len(files)) if parallel else 1
        if workers < 2:
            repo, loaded = loader.load_paths(root, files)
            return check_loaded(repo, findings + loaded, today, paths, read_history=lambda: git_history(root))
        today = today or dt.date.today()
        settings, wrong = installningar.read(Path(root))
        findings = _by_loader(findings) + [f.by("installningar") for f in wrong]
        repo, checked = _check_in_parts(Path(root), files, today, settings, workers, lambda: git_history(root))
        findings += checked
        return Result(repo, sorted({f for f in findings if _selected(f.path, paths)}))


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while a repository is loaded and checked.

    Loading makes millions of small objects and no cycles; the collector would
    walk all of them again and again as they pile up (a third of the time for a
    large archive). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Files per part: small enough that both processes stay busy to the end and
# results arrive while the next parts are read, large enough to cost little to send.
PART_FILES = 500
# The smallest part: near the end parts shrink, so that no process waits long
# for the others' last part before every name is known.
LAST_PART_FILES = 50


def _parts(count: int, workers: int) -> list[tuple[int, int]]:
    """Contiguous slices of ``count`` files: ``PART_FILES`` each, then half
    of what is left per process as the end nears (not below ``LAST_PART_FILES``)."""
    parts, start = [], 0
    while start < count:
        size = max(min(PART_FILES, (count - start) // (2 * workers)), min(PART_FILES, LAST_PART_FILES))
        parts.append((start, min(start + size, count)))
        start += size
    return parts


def _check_in_parts(
    root: Path,
    files: list[tuple[str, Path | str]],
    today: dt.date,
    settings: installningar.Settings,
    workers: int,
    read_history: Callable[[], History | None],
) -> tuple[Repository, list[Finding]]:
    """Every finding of the repository, checked in ``workers`` processes forked
    before loading.

    First each process loads parts (contiguous slices of ``files``, handed out
    as the processes ask), checks their schemas and per-document rules, sends
    the documents back without their bodies and keeps them. The parts are
    merged in path order, as one process would have loaded them. Then every
    process gets the name of every node and runs the rules that read a
    document and the names of others (LIX) over the documents it kept, bodies
    still in memory, while this process runs the rules across documents.
    """
    names = [rel for rel, _ in files]  # the processes inherit them: a part is sent as its number
    parts = _parts(len(names), workers)
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    try:
        for _ in range(min(workers, len(parts))):
            here, there = context.Pipe()
            process = context.Process(target=_work, args=(there, root, names, parts, today, settings), daemon=True)
            process.start()
            there.close()
            pipes.append(here)
            processes.append(process)
        repo = Repository(root=root)
        findings: list[Finding] = []
        arrived: dict[int, tuple] = {}
        following = 0  # the next part to hand out
        for pipe in pipes:  # two parts each: the second is read while the first is received
            for _ in range(2):
                if following < len(parts):
                    _ask(pipe, following)
                    following += 1
        merged = 0  # parts merged so far, in order
        while merged < len(parts):
            for pipe in multiprocessing.connection.wait(pipes):
                index, part, sent, found = _answer(pipe)
                if following < len(parts):
                    _ask(pipe, following)
                    following += 1
                arrived[index] = (part, sent, found)
            while merged in arrived:
                part, sent, found = arrived.pop(merged)
                repo.documents += _received(*sent)
                repo.entries += part.entries
                repo.attachments += part.attachments
                repo.registry_files += part.registry_files
                repo.unreadable_ids |= part.unreadable_ids
                if part.glossary is not None:
                    repo.glossary, repo.glossary_path = part.glossary, part.glossary_path
                findings += found
                merged += 1
        # The name of every node, as the rules that read names look them up.
        known = {id_: node.name for id_, node in repo.by_id.items()}
        for pipe in pipes:
            _ask(pipe, known)
        repo.attachment_paths, repo.of_type("region")  # noqa: B018 - cached properties
        findings += rule_findings(repo, today, read_history, settings, [r for r in RULES if not _per_node(r)])
        for pipe in pipes:
            findings += _answer(pipe)
        for process in processes:
            process.join()
        return repo, findings
    finally:
        for pipe in pipes:
            pipe.close()
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join()


class _Failed(str):
    """What :func:`_work` sends back instead of an answer when it raised: the exception, described."""


def _ask(pipe, what) -> None:
    """Send a loading process a part number or the names; a Swedish error when it has ended."""
    try:
        pipe.send(what)
    except OSError as e:
        raise _ended() from e


def _answer(pipe):
    """What a loading process sent; a Swedish error when it failed or ended."""
    try:
        answer = pipe.recv()
    except (EOFError, OSError) as e:
        raise _ended() from e
    if isinstance(answer, _Failed):
        raise SamverkanError(
            f"internt fel när filerna kontrollerades ({answer}) — rapportera felet till förvaltarna av verktyget"
        )
    return answer


def _ended() -> SamverkanError:
    return SamverkanError(
        "en av processerna som läser in filerna avslutades oväntat (slut på minne?) — kör kommandot igen, "
        "och rapportera felet till förvaltarna av verktyget om det upprepas"
    )


def _work(
    pipe,
    root: Path,
    names: list[str],
    parts: list[tuple[int, int]],
    today: dt.date,
    settings: installningar.Settings,
) -> None:
    """A loading process (see :func:`_check_in_parts`): a part number at a time,
    then the names of all nodes."""
    kept: list[tuple[Document, str]] = []
    try:
        while True:
            asked = pipe.recv()
            if isinstance(asked, int):
                start, end = parts[asked]
                pipe.send((asked, *_check_part(root, names[start:end], today, settings, kept)))
            else:
                pipe.send(_named_findings(root, kept, asked, today, settings))
                return
    except KeyboardInterrupt:
        return  # the command itself stops (exit status 130)
    except Exception as e:  # noqa: BLE001 - said by the parent, never a traceback
        pipe.send(_Failed(f"{type(e).__name__}: {str(e)[:200]}"))


def _check_part(
    root: Path, names: list[str], today: dt.date, settings: installningar.Settings, kept: list[tuple[Document, str]]
) -> tuple[Repository, tuple[bytes, dict[int, Document]], list[Finding]]:
    """Load and check the files ``names``: the part without its documents, the
    documents as :func:`_sendable` sends them, the findings. The documents are
    added to ``kept`` with their bodies."""
    folder = str(root)
    repo, loaded = loader.load_paths(root, [(rel, os.path.join(folder, rel)) for rel in names])
    findings = _by_loader(loaded)
    findings.extend(schema_findings(repo))
    findings.extend(rule_findings(repo, today, None, settings, [r for r in RULES if is_per_document(r)]))
    for doc in repo.documents:
        kept.append((doc, doc.body))
        # Made here, in parallel, for the rules across documents; the body itself
        # is not sent back (most of the memory and the time it takes to send).
        doc.anchors, doc.links  # noqa: B018 - cached properties
        if not body_read_across(doc):
            doc.body = None  # type: ignore[assignment]
    sent = _sendable(repo.documents)
    repo.documents = []
    return repo, sent, findings


def _named_findings(
    root: Path,
    kept: list[tuple[Document, str]],
    known: dict[str, str],
    today: dt.date,
    settings: installningar.Settings,
) -> list[Finding]:
    """The findings of the rules that read a document and the names of other
    nodes (``known``: id -> name) over the documents a loading process kept."""
    documents = [doc for doc, _ in kept]
    # Such a rule reads no other node but by name: the repository holds only these.
    ctx = Context(Repository(root=root, documents=documents), today, None, settings)
    rules = [r for r in RULES if is_per_document_named(r)]

    def name(id_: str) -> str | None:
        return known.get(id_) if isinstance(id_, str) else None

    found: list[Finding] = []
    for doc, body in kept:
        doc.body = body
        for rule in rules:
            found += _guarded_rule(rule, lambda r=rule, d=doc: list(r.each(ctx, d, name)))
    return found


# What a document sent back from a loading process may hold (see _sendable).
_SENT = frozenset({"path", "parsed", "body", "body_line", "refs", "anchors", "links", "data", "id", "typ", "intern"})


def _sendable(documents: list[Document]) -> tuple[bytes, dict[int, Document]]:
    """``documents`` as plain values in one :mod:`marshal` string (pickling the
    objects themselves took a tenth of the loading processes' time on a large
    archive), except those that are not plain (e.g. located for a finding),
    kept as they are by their index."""
    plain, whole = [], {}
    for index, doc in enumerate(documents):
        state = doc.parsed.unlocated() if doc.__dict__.keys() <= _SENT else None
        if state is None:
            whole[index] = doc
            continue
        refs = [(r.target, r.heading, r.label, r.pos.line, r.pos.column, r.written) for r in doc.refs]
        found = doc.__dict__
        links = [(k.target, k.pos.line, k.pos.column, k.image) for k in found["links"]] if "links" in found else None
        plain.append((index, doc.path, doc.body, doc.body_line, state, refs, found.get("anchors"), links))
    try:
        return marshal.dumps(plain), whole
    except ValueError:  # a value marshal cannot write: every document as it is
        return marshal.dumps([]), dict(enumerate(documents))


def _received(sent: bytes, whole: dict[int, Document]) -> list[Document]:
    """The documents :func:`_sendable` sent, in their order."""
    plain = marshal.loads(sent)
    documents: list[Document | None] = [None] * (len(plain) + len(whole))
    for index, doc in whole.items():
        documents[index] = doc
    for index, path, body, body_line, state, refs, anchors, links in plain:
        refs = [
            BodyRef(target, heading, label, Pos(line, column), written)
            for target, heading, label, line, column, written in refs
        ]
        doc = Document(path, Parsed.from_unlocated(*state), body, body_line, refs)
        if anchors is not None:
            doc.anchors = anchors
        if links is not None:
            doc.links = [Link(target, Pos(line, column), image) for target, line, column, image in links]
        documents[index] = doc
    return documents  # type: ignore[return-value]


def _guarded_rule(rule, run: Callable[[], list[Finding]]) -> list[Finding]:
    """As :func:`rule_findings` runs a rule: its findings name it, a crash is a finding."""
    try:
        return [found.by(_rule_name(rule)) for found in run()]
    except Exception as e:  # noqa: BLE001 - a rule bug must not hide other findings
        return [_internal("agreements", f"regeln {rule.__name__}", e)]


def _rule_name(rule) -> str:
    return f"{rule.__module__.rpartition('.')[2]}.{rule.__name__}"


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

    ``memo`` keeps each node's schema findings, and each document's findings of
    the rules that look at it alone (or at it and the names of others), for the
    next check of a repository that reuses the same node objects (the preview
    server reloads only the files that changed); the other rules run on the
    whole repository.
    ``read_history``: gives the git history when a rule needs it (see :class:`rules.Context`).
    ``settings``: as given, else read from the repository's ``mkdocs.yml``
    (:mod:`samverkan.installningar`).
    """
    findings = _by_loader(findings)
    if settings is None:
        settings, wrong = installningar.read(repo.root)
        findings.extend(f.by("installningar") for f in wrong)
    findings.extend(schema_findings(repo, memo))
    today = today or dt.date.today()
    if memo is None:
        findings.extend(rule_findings(repo, today, read_history, settings))
    else:
        memo.keep_only(repo)
        findings.extend(rule_findings(repo, today, read_history, settings, [r for r in RULES if not _per_node(r)]))
        findings.extend(memo.document_rules(repo, today, settings))
    return Result(repo, sorted({f for f in findings if _selected(f.path, paths)}))


class SchemaMemo:
    """Schema findings of nodes already checked, for the next check of a
    repository that reuses the same node objects (the preview server reloads
    only the files that changed). A schema finding depends on nothing but its
    node, so an unchanged node object needs no new check."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[object, list[Finding]]] = {}
        # per document: (document, today, settings, names looked up, findings)
        self._rules: dict[int, tuple[object, dt.date, object, dict[str, str | None], list[Finding]]] = {}

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
        self._rules = {k: v for k, v in self._rules.items() if k in alive}

    def document_rules(self, repo: Repository, today: dt.date, settings: installningar.Settings) -> Iterator[Finding]:
        """The findings of the per-document rules (and of those that read only
        the names of other nodes) for every document, kept for a document whose
        object, date, settings and names looked up are the same as last time."""
        single = [r for r in RULES if is_per_document(r)]
        named = [r for r in RULES if is_per_document_named(r)]
        for doc in repo.documents:
            hit = self._rules.get(id(doc))
            if (
                hit is not None
                and hit[0] is doc
                and hit[1] == today
                and hit[2] == settings
                and all(_name(repo, id_) == name for id_, name in hit[3].items())
            ):
                yield from hit[4]
                continue
            alone = Repository(root=repo.root, documents=[doc])
            found = list(rule_findings(alone, today, None, settings, single))
            looked_up: dict[str, str | None] = {}

            def name(id_: str, looked_up=looked_up) -> str | None:
                looked_up[id_] = _name(repo, id_)
                return looked_up[id_]

            ctx = Context(repo, today, None, settings)
            for rule in named:
                found += _guarded_rule(rule, lambda r=rule, n=name, c=ctx, d=doc: list(r.each(c, d, n)))
            self._rules[id(doc)] = (doc, today, settings, looked_up, found)
            yield from found


def _name(repo: Repository, id_: str) -> str | None:
    node = repo.get(id_)
    return node.name if node is not None else None


def _per_node(rule) -> bool:
    return is_per_document(rule) or is_per_document_named(rule)


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
        return [found.by("schema") for found in check_one(*args)]
    except Exception as e:  # noqa: BLE001 - one file's crash must not hide the others' findings
        return [_internal(path, "schemakontrollen", e)]


def rule_findings(
    repo: Repository,
    today: dt.date,
    read_history: Callable[[], History | None] | None = None,
    settings: installningar.Settings | None = None,
    rules: Sequence[Callable] = RULES,
) -> Iterable[Finding]:
    ctx = Context(repo, today, read_history, settings or installningar.Settings())
    for rule in rules:
        name = _rule_name(rule)
        try:
            for found in rule(ctx):
                yield found.by(name)
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


def _by_loader(findings: Iterable[Finding]) -> list[Finding]:
    """What reading the files found (YAML, encoding, limits, file names), said by the loader."""
    return [f if f.rule else f.by("loader") for f in findings]


def _selected(path: str, wanted: Sequence[str]) -> bool:
    if not wanted:
        return True
    return any(path == w or path.startswith(w.rstrip("/") + "/") or w in (".", "") for w in wanted)
