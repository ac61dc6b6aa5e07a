"""The files under ``agreements/``: what is read, and what is refused before reading.

Nothing outside the repository is ever read: a symbolic link is followed only
when it resolves to a regular file inside the repository (and not into
``.git``); folders behind links are never entered. Devices, pipes and sockets
are never opened. Names that break the site or generated files (control
characters, ``?`` in attachment names, ``X.MD``) and files in places
where nothing reads them are findings, so that nothing is ignored silently.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from . import limits
from .finding import Finding, error
from .source import Pos

_TOP = Pos(1, 1)  # whole-file findings are reported on line 1
AGREEMENTS = "agreements"
REGISTRY_DIR = "organisation"
GLOSSARY = "ordlista.yml"


def walk(root: Path, paths: bool = True) -> tuple[list[tuple[str, Path | str]], list[Finding]]:
    """The readable files under ``root/agreements`` as (relative path, path), in
    path order, and a finding for everything refused on the way. ``paths=False``:
    each path as the string the folder listing gave (making a :class:`Path` of
    every file was half the time of walking a region's archive)."""
    root = Path(root)
    inside = os.path.realpath(root)
    files: list[tuple[str, Path | str]] = []
    findings: list[Finding] = []
    stack = [AGREEMENTS]
    while stack:  # not recursive: a folder may nest as deep as the OS allows
        folder = stack.pop()
        try:
            with os.scandir(root / folder) as it:
                entries = list(it)
        except OSError as e:
            findings.append(_folder_problem(folder, e))
            continue
        for entry in entries:
            name = entry.name
            rel = f"{folder}/{name}"
            if not (name.endswith(".md") and len(name) > 3 and name.isprintable()):  # else nothing to find
                findings.extend(_name_problems(rel, name))
            if len(rel) > limits.MAX_PATH_CHARS:
                findings.append(_too_long(rel))
                continue
            kind, problem = _kind(entry, rel, inside)
            if problem is not None:
                findings.append(problem)
            elif kind == "dir":
                stack.append(rel)
            elif kind == "file":
                files.append((rel, Path(entry.path) if paths else entry.path))
    files.sort(key=_path_order)
    findings.extend(_placement_problems(root, [rel for rel, _ in files]))
    return files, findings


def _path_order(item: tuple[str, Path | str]) -> str:
    """A key that orders paths as their lists of parts do (``rel.split("/")``):
    the separator made the smallest character, which no name holds, compares as
    the end of a part (tests/test_fast_paths.py compares the two orders)."""
    return item[0].replace("/", "\0")


def _kind(entry: os.DirEntry, rel: str, inside: str) -> tuple[str, Finding | None]:
    """'dir', 'file' or 'other', and the finding that refuses the entry, if any."""
    try:
        if entry.is_symlink():
            return _link_kind(entry, rel, inside)
        # The kind the folder listing gave: no system call per file.
        if entry.is_dir(follow_symlinks=False):
            return "dir", None
        if entry.is_file(follow_symlinks=False):
            return "file", None
    except OSError as e:
        return "other", error(rel, _TOP, "fil-oläsbar", f"filen kan inte läsas: {e.strerror or e}")
    return "other", _not_regular(rel)


def _link_kind(entry: os.DirEntry, rel: str, inside: str) -> tuple[str, Finding | None]:
    try:
        target = os.path.realpath(entry.path, strict=True)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "other", error(
                rel,
                _TOP,
                "länk-slinga",
                "den symboliska länken pekar i en slinga och kan inte läsas — ta bort länken och lägg filen här",
            )
        return "other", error(
            rel,
            _TOP,
            "länk-bruten",
            "den symboliska länken pekar på en fil som inte finns — ta bort länken eller lägg filen här",
        )
    parts = Path(os.path.relpath(target, inside)).parts if _within(target, inside) else None
    if parts is None or ".git" in parts:
        return "other", error(
            rel,
            _TOP,
            "utanför-arkivet",
            "den symboliska länken pekar utanför arkivet; den följs inte och inget därifrån publiceras — "
            "ta bort länken och lägg en kopia av filen här",
        )
    mode = os.stat(target).st_mode
    if stat.S_ISDIR(mode):
        return "other", error(
            rel,
            _TOP,
            "länkad-mapp",
            "en symbolisk länk till en mapp följs inte — flytta mappen hit i stället för att länka den",
        )
    if not stat.S_ISREG(mode):
        return "other", _not_regular(rel)
    return "file", None


def _within(target: str, inside: str) -> bool:
    return target == inside or target.startswith(inside.rstrip(os.sep) + os.sep)


def _not_regular(rel: str) -> Finding:
    return error(
        rel,
        _TOP,
        "ej-vanlig-fil",
        "det här är ingen vanlig fil (en enhet, en namngiven pipe eller en socket) och läses aldrig — ta bort den",
    )


def _too_long(rel: str) -> Finding:
    return error(
        rel[: limits.MAX_PATH_CHARS] + "…",
        _TOP,
        "sökväg-för-lång",
        f"sökvägen har {len(rel)} tecken, fler än gränsen {limits.MAX_PATH_CHARS}, och läses inte — "
        "använd kortare mappnamn och filnamn eller färre mappnivåer",
    )


def _folder_problem(folder: str, e: OSError) -> Finding:
    if e.errno == errno.ENAMETOOLONG:
        return _too_long(folder)
    return error(
        folder,
        _TOP,
        "mapp-oläsbar",
        f"mappen kan inte läsas ({e.strerror or e}); inget i den har kontrollerats — "
        "kontrollera behörigheterna (alla ska kunna läsa mappen)",
    )


def _name_problems(rel: str, name: str) -> list[Finding]:
    found = []
    if not name.isprintable():
        found.append(
            error(
                rel,
                _TOP,
                "ogiltigt-filnamn",
                "filnamnet innehåller ett kontrolltecken (till exempel en radbrytning) — döp om filen "
                "med bara bokstäver, siffror, bindestreck och punkt",
            )
        )
    suffix = _suffix(name)
    if suffix != ".md" and "?" in name:
        found.append(
            error(
                rel,
                _TOP,
                "ogiltigt-filnamn",
                "filnamnet innehåller '?', som inte kan användas i en länk (webbläsaren läser resten som en fråga) — "
                "döp om filen (bokstäver, siffror, bindestreck och punkt) och ändra länken",
            )
        )
    if suffix.lower() == ".md" and suffix != ".md":
        found.append(
            error(
                rel,
                _TOP,
                "fel-filändelse",
                f"filen slutar på '{suffix}' och läses därför inte som dokument — döp om den så att den "
                "slutar på '.md'",
            )
        )
    return found


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix``, for a name (no folders), without making a path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _placement_problems(root: Path, files: list[str]) -> list[Finding]:
    """Files and folders where the content model looks for something else."""
    found = []
    for rel in files:
        if f"/{REGISTRY_DIR}/" not in rel:
            continue
        parts = rel.split("/")  # a walked path: no empty or '.' parts
        if len(parts) > 3 and parts[1] == REGISTRY_DIR and _suffix(parts[-1]).lower() in (".yml", ".yaml"):
            found.append(
                error(
                    rel,
                    _TOP,
                    "fel-plats",
                    "registerfiler läses bara direkt i agreements/organisation/, inte i undermappar — flytta filen dit",
                )
            )
        elif len(parts) == 3 and parts[1] == REGISTRY_DIR and parts[2].lower().endswith((".yml", ".yaml")):
            if not parts[2].endswith((".yml", ".yaml")):
                found.append(
                    error(
                        rel,
                        _TOP,
                        "fel-filändelse",
                        "registerfilen slutar inte på '.yml' eller '.yaml' (små bokstäver) och läses inte — döp om den",
                    )
                )
    glossary = root / AGREEMENTS / GLOSSARY
    if glossary.is_dir() and not glossary.is_symlink():
        found.append(
            error(
                f"{AGREEMENTS}/{GLOSSARY}",
                _TOP,
                "fel-plats",
                "ordlista.yml är en mapp, men ska vara en fil med ordlistan — byt namn på mappen",
            )
        )
    registry = root / AGREEMENTS / REGISTRY_DIR
    if registry.exists() and not registry.is_dir():
        found.append(
            error(
                f"{AGREEMENTS}/{REGISTRY_DIR}",
                _TOP,
                "fel-plats",
                "organisation ska vara en mapp med registerfiler (*.yml), inte en fil — byt namn på filen",
            )
        )
    return found
