"""Pandoc (bundled with ``pypandoc-binary``) in both directions: Word to its
document tree, and the tree to Markdown the handbook renders.

Between the two steps :mod:`.tree` and :mod:`.header_fields` rework the tree; doing it
on pandoc's JSON instead of on Markdown text means nothing is matched by
regular expressions over rendered output.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pypandoc

from .word import WordError

# A Word file is input from anywhere: pandoc gets a memory cap (its own RTS
# option, as pandoc's manual advises for untrusted input) and a time limit.
MEMORY = "1024m"
TIMEOUT = 120  # seconds

# Python-Markdown (the site renderer) knows pipe tables and raw HTML but not
# pandoc's grid tables, footnotes or ~~strikeout~~: strict Markdown plus pipe
# tables falls back to an HTML table, <s> and numbered notes where needed.
# startnum keeps a list that continues at 3 written as 3.
MARKDOWN = "markdown_strict+pipe_tables+raw_html+startnum"

# Pandoc log messages worth telling the editor about, in their words.
_MESSAGES = {
    "CouldNotFetchResource": "en länkad bild eller fil kunde inte hämtas: {resource}",
    "CouldNotFetchMediaResource": "en länkad bild kunde inte hämtas: {resource}",
    "DocxParserWarning": "en del av Word-filen kunde inte läsas: {message}",
    "IgnoredElement": "en del av Word-filen hoppades över: {element}",
}


def read(data: bytes, media: Path, name: str) -> tuple[dict, list[str]]:
    """The document tree (pandoc JSON) of the .docx ``data`` and pandoc's warnings
    in Swedish. Images are extracted below ``media``; the tree points at them there.

    Tracked changes are accepted: the text reads as if every change had been approved.
    """
    with tempfile.TemporaryDirectory() as work:
        log = Path(work) / "log.json"
        args = ["--track-changes=accept", f"--extract-media={media}", "--quiet", f"--log={log}"]
        output = _run(data, "json", "docx", args, name)
        warnings = _warnings(log)
    try:
        return json.loads(output), warnings
    except json.JSONDecodeError as e:
        raise WordError(f"'{name}' kunde inte konverteras: pandoc gav ett oläsbart resultat") from e


def write(tree: dict, name: str) -> str:
    """The document tree as Markdown, without line wrapping."""
    return _run(json.dumps(tree), MARKDOWN, "json", ["--wrap=none"], name)


def _run(source: bytes | str, to: str, frm: str, args: list[str], name: str) -> str:
    data = source.encode("utf-8") if isinstance(source, str) else source
    with tempfile.TemporaryDirectory() as work:
        given = Path(work) / f"in.{frm}"
        given.write_bytes(data)
        # --sandbox: pandoc may not read other files for a Word file from anywhere
        command = [pypandoc.get_pandoc_path(), str(given), f"--from={frm}", f"--to={to}", "--sandbox", *args]
        command += ["+RTS", f"-M{MEMORY}", "-RTS"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as e:
            raise WordError(
                f"'{name}' kunde inte konverteras: pandoc arbetade i mer än {TIMEOUT} sekunder — "
                "dela upp dokumentet eller spara om det i Word"
            ) from e
        except OSError as e:
            raise WordError(f"'{name}' kunde inte konverteras (pandoc kunde inte startas: {e.strerror})") from e
    if done.returncode != 0:
        detail = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        if "heap" in detail.lower() and "exhausted" in detail.lower():
            raise WordError(
                f"'{name}' kunde inte konverteras: pandoc behövde mer minne än {MEMORY[:-1]} MB — "
                "dela upp dokumentet eller ta bort stora bilder"
            )
        raise WordError(f"'{name}' kunde inte konverteras (pandoc: {detail or f'slutstatus {done.returncode}'})")
    return done.stdout.decode("utf-8", "replace")


def _warnings(log: Path) -> list[str]:
    try:
        entries = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    except (OSError, ValueError):
        return []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("verbosity") not in ("WARNING", "ERROR"):
            continue
        kind = str(entry.get("type", ""))
        template = _MESSAGES.get(kind)
        values = {k: str(v) for k, v in entry.items()}
        if template is None:
            found.append(f"pandoc: {kind} {json.dumps(values, ensure_ascii=False)}")
        else:
            found.append(template.format_map(_Blank(values)))
    return list(dict.fromkeys(found))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"
