"""Read every file under ``agreements/`` into a :class:`Repository`.

Nothing a file contains can make loading fail: every problem becomes a finding
on the right line and the file is left out of the model (or kept, where what
was readable is still useful).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from . import body, frontmatter, limits, source, text
from . import files as files_module
from .errors import RepositoryNotFound, SourceError
from .finding import Finding, Severity
from .model import Attachment, Document, Entry, Repository
from .source import Pos

AGREEMENTS = "agreements"
REGISTRY_DIR = "organisation"
GLOSSARY = "ordlista.yml"


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``agreements/``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / AGREEMENTS).is_dir():
            return folder
    raise RepositoryNotFound(
        f"hittar ingen mapp '{AGREEMENTS}/' i {start} eller någon mapp ovanför — "
        "kör kommandot i arkivets mapp eller ange --rot"
    )


def walk(root: Path, paths: bool = True) -> tuple[list[tuple[str, Path | str]], list[Finding]]:
    """The files to read under ``root/agreements`` (see :func:`files.walk`)."""
    root = Path(root)
    folder = root / AGREEMENTS
    if not folder.is_dir():
        raise RepositoryNotFound(f"mappen '{folder}' finns inte")
    return files_module.walk(root, paths)


def load(root: Path) -> tuple[Repository, list[Finding]]:
    """Load the repository rooted at ``root`` (the folder holding ``agreements/``)."""
    files, findings = walk(root)
    repo, loaded = _load(Path(root), files)
    return repo, findings + loaded


# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 2000


def workers(files: int) -> int:
    """How many processes should load and check this many files: one per core
    for a large archive where processes can fork, else 1."""
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)


def load_paths(root: Path, files: Iterable[tuple[str, Path | str]]) -> tuple[Repository, list[Finding]]:
    """Load the given (relative path, path) pairs of a walk, with the loader's own
    limits checked before anything is read."""
    return _load(Path(root), files)


def load_files(root: Path, files: Mapping[str, bytes]) -> tuple[Repository, list[Finding]]:
    """Load a repository from file contents keyed by path (``agreements/...``).

    Used for versions read from git, where no checkout exists; ``root`` is only
    recorded, never read.
    """
    inside = sorted(rel for rel in files if rel.startswith(AGREEMENTS + "/"))
    return _load(Path(root), ((rel, files[rel]) for rel in inside))


def _load(root: Path, files: Iterable[tuple[str, Path | str | bytes]]) -> tuple[Repository, list[Finding]]:
    repo = Repository(root=root)
    findings: list[Finding] = []
    for rel, content in files:
        try:
            _load_file(repo, rel, content, findings)
        except Exception as e:  # noqa: BLE001 - one file's crash must not hide the others' findings
            findings.append(
                Finding(
                    rel,
                    1,
                    1,
                    Severity.ERROR,
                    "internt-fel",
                    f"internt fel när filen lästes ({type(e).__name__}: {str(e)[:200]}) — övriga filer har "
                    "kontrollerats; rapportera felet till förvaltarna av verktyget",
                )
            )
    return repo, findings


def _load_file(repo: Repository, rel: str, content: Path | str | bytes, findings: list[Finding]) -> None:
    parts, name, suffix = _parts(rel)
    if suffix == ".md":
        if name != "README.md":
            _load_document(repo, content, rel, findings)
    elif parts[0] == REGISTRY_DIR and len(parts) == 2 and suffix in (".yml", ".yaml"):
        _load_registry(repo, content, rel, findings)
    elif "/".join(parts) == GLOSSARY:
        _load_glossary(repo, content, rel, findings)
    else:
        repo.attachments.append(Attachment(rel))


def _parts(rel: str) -> tuple[tuple[str, ...], str, str]:
    """The parts of ``rel`` inside ``agreements/``, its name and suffix, as
    :class:`PurePosixPath` gives them (string operations for the plain paths a
    walk gives: pathlib is a tenth of the loader's time on a large archive)."""
    if rel.startswith(AGREEMENTS + "/") and "//" not in rel and "/." not in rel and not rel.endswith("/"):
        parts = tuple(rel[len(AGREEMENTS) + 1 :].split("/"))
        name = parts[-1]
        dot = name.rfind(".")
        return parts, name, name[dot:] if 0 < dot < len(name) - 1 else ""
    inner = PurePosixPath(rel).relative_to(AGREEMENTS)
    return inner.parts, inner.name, inner.suffix


def parse_document(rel: str, content: bytes | str) -> tuple[Document | None, list[Finding]]:
    """One document from its text, without a repository; None when unreadable."""
    repo = Repository(root=Path("."))
    findings: list[Finding] = []
    _load_document(repo, content.encode("utf-8") if isinstance(content, str) else content, rel, findings)
    return (repo.documents[0] if repo.documents else None), findings


_ID_LINE = re.compile(r"^(?:- )?[ \t]*id:[ \t]*['\"]?([a-z0-9-]+)['\"]?[ \t]*$", re.MULTILINE)


def _remember_ids(repo: Repository, raw: bytes | str) -> None:
    """Note the ids a file that could not be loaded seems to declare.

    Only so that references to them are not reported as unknown as well: the
    file's own finding already says what is wrong.
    """
    content = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    repo.unreadable_ids.update(_ID_LINE.findall(content))


def _problem(rel: str, e: SourceError) -> Finding:
    return Finding(rel, e.line, e.column, Severity.ERROR, e.code, e.message)


def file_bytes(path: Path | str) -> tuple[int, bytes]:
    """The size of the file at ``path`` and, unless it is larger than the loader's
    limit (refused without reading), its bytes to the end: what ``open(path,
    "rb").read()`` after an ``fstat`` gives, in four system calls instead of seven
    (a tenth of the time of loading a large archive went to them)."""
    fd = os.open(path, os.O_RDONLY)  # one open and fstat: no second look-up by path
    try:
        size = os.fstat(fd).st_size
        if size > limits.MAX_FILE_BYTES:
            return size, b""
        data = os.read(fd, size + 1)  # fewer bytes than asked for: the end of the file
        if len(data) > size:  # it grew since: read on to its end, as read() does
            data += b"".join(iter(lambda: os.read(fd, 1 << 16), b""))
        return size, data
    finally:
        os.close(fd)


def _read(repo: Repository, file: Path | str | bytes, rel: str, findings: list[Finding]) -> str | None:
    data = b""
    try:
        if isinstance(file, bytes):
            data, size = file, len(file)
        else:
            size, data = file_bytes(file)
        if size > limits.MAX_FILE_BYTES:
            findings.append(
                Finding(
                    rel,
                    1,
                    1,
                    Severity.ERROR,
                    "fil-för-stor",
                    f"filen är {size / 1024 / 1024:.1f} MB, större än gränsen "
                    f"{limits.MAX_FILE_BYTES // 1024 // 1024} MB för dokument och registerfiler — dela upp den, "
                    "eller lägg stora original (PDF, Word) som bifogade filer",
                )
            )
            return None
        return text.decode(data)
    except SourceError as e:
        findings.append(_problem(rel, e))
        _remember_ids(repo, data)
    except OSError as e:
        findings.append(Finding(rel, 1, 1, Severity.ERROR, "fil-oläsbar", f"filen kan inte läsas: {e.strerror or e}"))
    return None


def _load_document(repo: Repository, file: Path | bytes, rel: str, findings: list[Finding]) -> None:
    content = _read(repo, file, rel, findings)
    if content is None:
        return
    try:
        split = frontmatter.split(content)
        parsed = source.parse(split.front_matter, first_line=2, located=False)
    except SourceError as e:
        findings.append(_problem(rel, e))
        _remember_ids(repo, content)
        return
    if parsed.data is None:
        parsed.data = {}  # an empty block: the schema names the missing keys
    if not isinstance(parsed.data, dict):
        findings.append(
            Finding(
                rel,
                2,
                1,
                Severity.ERROR,
                "front-matter-ej-nycklar",
                "front matter ska bestå av nycklar med värden (t.ex. 'id: hsa-2025'), inte av en lista eller fri text",
            )
        )
        _remember_ids(repo, split.front_matter)
        return
    refs, problems = body.references(split.body, split.body_line)
    findings.extend(_problem(rel, p) for p in problems)
    repo.documents.append(Document(rel, parsed, split.body, split.body_line, refs))


def _read_yaml(
    repo: Repository, file: Path | bytes, rel: str, findings: list[Finding]
) -> tuple[str, source.Parsed] | None:
    """A whole-file YAML (registry, glossary), or None after reporting why not."""
    content = _read(repo, file, rel, findings)
    if content is None:
        return None
    try:
        return content, source.parse(content, located=False)
    except SourceError as e:
        findings.append(_problem(rel, e))
        _remember_ids(repo, content)
        return None


def _load_registry(repo: Repository, file: Path | bytes, rel: str, findings: list[Finding]) -> None:
    repo.registry_files.append(rel)
    loaded = _read_yaml(repo, file, rel, findings)
    if loaded is None:
        return
    content, parsed = loaded
    if parsed.data is None:
        return  # an empty registry file is allowed
    if not isinstance(parsed.data, list):
        findings.append(
            Finding(
                rel,
                parsed.pos(()).line,
                1,
                Severity.ERROR,
                "register-ej-lista",
                "en registerfil ska vara en lista där varje post börjar med '- id: …'",
            )
        )
        _remember_ids(repo, content)
        return
    for index, item in enumerate(parsed.data):
        if not isinstance(item, dict):
            pos = parsed.pos((index,))
            findings.append(
                Finding(
                    rel,
                    pos.line,
                    pos.column,
                    Severity.ERROR,
                    "register-ej-nycklar",
                    "varje post i registret ska vara nycklar med värden (id, typ, namn …)",
                )
            )
            continue
        repo.entries.append(Entry(rel, index, item, parsed))


def _load_glossary(repo: Repository, file: Path | bytes, rel: str, findings: list[Finding]) -> None:
    loaded = _read_yaml(repo, file, rel, findings)
    if loaded is not None:
        repo.glossary, repo.glossary_path = loaded[1], rel


__all__ = ["load", "load_files", "parse_document", "find_root", "Pos"]
