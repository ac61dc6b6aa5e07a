"""Long-lived pandoc processes for many exports.

Starting pandoc takes longer than converting a document, and the docx writer
alone costs two process starts per document when run from the command line.
:class:`Pandoc` keeps one ``pandoc lua batch.lua`` running and sends it
document after document over a pipe (the protocol is in ``batch.lua``); its
output is the same as the command line's (``tests/test_exportera.py`` compares
them). :class:`Pool` hands conversions to a few of them, one per core.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pypandoc

from ..jamforelse.render_docx import FORMAT as COMPARISON_READER
from .tools import LINK_FILTER, READER, REFERENCE_DOCX, TYPST_TEMPLATE, ExportError, check_files

SCRIPT = Path(__file__).with_name("batch.lua")
# conversions before a process is replaced: pandoc's heap only grows, and a
# fresh process (a tenth of a second to start) keeps each one small
CONVERSIONS_PER_PROCESS = 200
# pandoc's writer names for the two export formats, and a comparison's Word
# file (samverkan.jamforelse.to_docx: its own reader, no filter, no reference document)
WRITERS = ("docx", "typst", "jamforelse")
# both export formats from one reading of the document
BOTH = "docx+typst"


class Pandoc:
    """One pandoc process converting Markdown to docx or typst, one document at a time."""

    def __init__(self):
        check_files([LINK_FILTER, REFERENCE_DOCX, TYPST_TEMPLATE, SCRIPT])
        command = [pypandoc.get_pandoc_path(), "lua", str(SCRIPT)]
        command += [str(LINK_FILTER), str(REFERENCE_DOCX), str(TYPST_TEMPLATE), READER, COMPARISON_READER]
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as e:
            raise ExportError(f"pandoc kunde inte startas: {e}") from e
        self._lock = threading.Lock()
        self.conversions = 0

    def convert(self, markdown: str, writer: str) -> bytes:
        """Pandoc's ``writer`` output ("docx", "typst" or "jamforelse") for ``markdown``."""
        if writer not in WRITERS:
            raise ExportError(f"okänt format '{writer}'")
        return self.request(writer, markdown)[0]

    def convert_both(self, markdown: str) -> tuple[bytes, bytes]:
        """Pandoc's docx and typst output for ``markdown``, read and filtered once:
        the same as :meth:`convert` gives for each."""
        docx, typst = self.request(BOTH, markdown)
        return docx, typst

    def request(self, request: str, markdown: str) -> list[bytes]:
        data = markdown.encode("utf-8")
        with self._lock:
            self.conversions += 1
            try:
                assert self._process.stdin is not None and self._process.stdout is not None
                self._process.stdin.write(f"{request} {len(data)}\n".encode() + data)
                self._process.stdin.flush()
                status, *lengths = self._process.stdout.readline().split()
                outputs = [self._process.stdout.read(int(length)) for length in lengths]
            except (OSError, ValueError) as e:
                raise ExportError(f"pandoc avslutades oväntat{self._stderr()}") from e
        if status != b"ok":
            message = b"".join(outputs).decode("utf-8", "replace").strip()
            raise ExportError(f"pandoc misslyckades: {message}")
        return outputs

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """End the process (it stops when its input ends)."""
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()

    def _stderr(self) -> str:
        self._process.kill()
        self._process.wait()
        message = self._process.stderr.read().decode("utf-8", "replace").strip() if self._process.stderr else ""
        return f": {message.splitlines()[0]}" if message else ""


class Pool:
    """A few :class:`Pandoc` processes, started when first needed; thread-safe.

    Use as a context manager so the processes end with it."""

    def __init__(self, size: int | None = None, *, at_first: int | None = None, until: threading.Event | None = None):
        """``size`` processes at most (one per core by default); ``at_first``
        of them only, until ``until`` is set (while the caller has work of its
        own for a core: each pandoc process holds a few hundred megabytes)."""
        self.full = max(1, size or os.cpu_count() or 1)
        self.size = self.full if at_first is None or until is None else max(1, min(at_first, self.full))
        self._until = until
        self._idle: queue.Queue[Pandoc] = queue.Queue()
        self._started: list[Pandoc] = []
        self._lock = threading.Lock()

    def convert(self, markdown: str, writer: str) -> bytes:
        """Convert on an idle process (starting one if fewer than ``size`` run)."""
        return self._on_idle(lambda pandoc: pandoc.convert(markdown, writer))

    def convert_both(self, markdown: str) -> tuple[bytes, bytes]:
        """:meth:`Pandoc.convert_both` on an idle process."""
        return self._on_idle(lambda pandoc: pandoc.convert_both(markdown))

    def _on_idle(self, work):
        pandoc = self._take()
        try:
            return work(pandoc)
        finally:
            if pandoc.alive and pandoc.conversions < CONVERSIONS_PER_PROCESS:
                self._idle.put(pandoc)
            else:  # a new one is started when needed
                # once this one has ended: the two would otherwise hold their memory side by side
                pandoc.close()
                with self._lock:
                    if pandoc in self._started:  # close() may have ended them all meanwhile
                        self._started.remove(pandoc)

    def _take(self) -> Pandoc:
        while True:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                pass
            if self._until is not None and self._until.is_set():
                self.size, self._until = self.full, None
            with self._lock:
                if len(self._started) < self.size:
                    pandoc = Pandoc()
                    self._started.append(pandoc)
                    return pandoc
            try:  # with a timeout: a process that died is not handed back
                return self._idle.get(timeout=0.1)
            except queue.Empty:
                continue

    def close(self) -> None:
        with self._lock:
            for pandoc in self._started:
                pandoc.close()
            self._started.clear()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextlib.contextmanager
def borrowed(pool: Pool | None, size: int) -> Iterator[Pool]:
    """``pool``, which the caller keeps running for its next call, or else a
    pool of ``size`` processes that ends with the block."""
    if pool is not None:
        yield pool
        return
    with Pool(size) as own:
        yield own
