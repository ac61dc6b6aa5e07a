"""Exports kept on disk, so a rebuild (``mkdocs serve``) or a repeated test
run does not run pandoc and typst again for unchanged documents.

A file is found by a hash of its Markdown source, its format and the export
recipe (tool versions, templates, code; see :func:`tools.recipe`): any change
to the document or to how it is exported gives a new key. The folder is
``.cache/samverkan/export/`` in the project, which git ignores. A cache that
cannot be read or written is no error: the export is simply made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .compose import Source
from .tools import recipe

FOLDER = Path(".cache") / "samverkan" / "export"


class Cache:
    """Rendered exports under one folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def at(cls, root: Path) -> "Cache":
        """The cache of the project at ``root`` (the folder holding ``agreements/``)."""
        return cls(Path(root) / FOLDER)

    def key(self, source: Source, fmt: str) -> str:
        digest = hashlib.sha256(f"{recipe()}\0{fmt}\0".encode())
        digest.update(source.markdown.encode("utf-8"))
        return digest.hexdigest()

    def path(self, source: Source, fmt: str) -> Path:
        key = self.key(source, fmt)
        return self.folder / key[:2] / f"{key}.{fmt}"

    def get(self, source: Source, fmt: str) -> bytes | None:
        try:
            return self.path(source, fmt).read_bytes()
        except OSError:
            return None

    def put(self, source: Source, fmt: str, content: bytes) -> None:
        target = self.path(source, fmt)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        except OSError:
            return
        try:
            # write beside, then rename: a parallel build never reads half a file
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
