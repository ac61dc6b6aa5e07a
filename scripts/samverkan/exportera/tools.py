"""The export's tools and recipe: pandoc (bundled with pypandoc-binary), the
files in ``templates/exportera/``, and the one error type the export raises.

Started for one conversion, pandoc runs with ``--sandbox``: it reads only the
files named on its command line and fetches nothing from the network, whatever
a document's text says. The long-lived pandoc of :mod:`.batch` cannot be
sandboxed (a Lua script has file access); it reads and writes nothing but its
pipes and the recipe's files, and the link filter turns every image into text
before a writer sees it, so a document cannot make it fetch anything either
(``tests/test_exportera.py`` checks both).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pypandoc
import typst

from .. import templating
from ..errors import SamverkanError

EXPORT_DIR = templating.EXPORT
REFERENCE_DOCX = EXPORT_DIR / "referens.docx"
TYPST_TEMPLATE = EXPORT_DIR / "mall.typ"
LINK_FILTER = EXPORT_DIR / "lankar.lua"
MARKDOWN_TEMPLATE = "dokument.md"

# Pandoc's own Markdown, read the way the site (Python-Markdown) reads a body:
# no typographic quotes or dashes, no $math$, no raw LaTeX (it would vanish
# from the output), no ~sub~/^super^ or @citations; an image is not a figure.
# Heading ids in ASCII, like the site's anchors.
READER = "markdown-smart-tex_math_dollars-raw_tex-subscript-superscript-citations-implicit_figures+ascii_identifiers"


class ExportError(SamverkanError):
    """A document could not be exported (pandoc or typst failed, a file of the
    recipe is missing, or the file could not be written)."""


class Converter(Protocol):
    """Something that runs pandoc's conversions (:class:`.batch.Pool`)."""

    def convert(self, markdown: str, writer: str) -> bytes: ...


def convert(markdown: str, to: str, extra_args: Sequence[str] = ()) -> str | bytes:
    """Pandoc's conversion of ``markdown``; bytes for docx, text otherwise."""
    check_files([LINK_FILTER, *_named_files(extra_args)])
    try:
        return pypandoc.convert_text(
            markdown,
            to,
            format=READER,
            extra_args=[f"--lua-filter={LINK_FILTER}", *extra_args],
            outputfile="-" if to == "docx" else None,
            sandbox=True,
            # the formats are fixed here; checking them costs two more pandoc runs per call
            verify_format=False,
        )
    except (RuntimeError, OSError) as e:
        raise ExportError(f"pandoc misslyckades: {_short(e)}") from e


def check_files(needed: Sequence[Path]) -> None:
    """An ExportError naming the first of the recipe's files that is missing."""
    for path in needed:
        if not path.is_file():
            raise ExportError(f"filen {path} saknas — den behövs för att exportera dokument")


def _named_files(extra_args: Sequence[str]) -> list[Path]:
    return [Path(arg.split("=", 1)[1]) for arg in extra_args if arg.startswith(("--reference-doc=", "--template="))]


def _short(error: Exception) -> str:
    """The start of a tool's error message: enough to act on, not a page of output."""
    text = " ".join(str(error).split("\n")[:3]).strip()
    return text or type(error).__name__


@lru_cache(maxsize=1)
def recipe() -> str:
    """A fingerprint of everything besides the Markdown that shapes an export:
    the tool versions, the files in ``templates/exportera/`` and this package's
    code. A cached export is reused only while the fingerprint is the same."""
    digest = hashlib.sha256()
    digest.update(f"pandoc {pypandoc.get_pandoc_version()} typst {typst.__version__}".encode())
    here = Path(__file__).parent
    files = sorted(EXPORT_DIR.glob("*")) + sorted(here.glob("*.py")) + sorted(here.glob("*.lua"))
    for file in files:
        if file.is_file():
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()
