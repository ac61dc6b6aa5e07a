"""``samverkan import FIL.docx --uppdatera ID``: a Word-edited copy of an
exported document taken back as a new version of that document.

The front matter stays exactly as it is in the repository; only the text
changes, and only where the editor changed it in Word. Word and pandoc do
not give the Markdown back byte for byte (line breaks, ``[[references]]``
turned into titles, escaping), so the edited file is not copied in: the
document is exported again as it is now and imported (the *base*), the
edited file is imported the same way, and the words that differ between the
two are changed in the document's own text. Everything else – its line
breaks, its references, its tables' layout – stays as the editor's
colleagues wrote it, so ``git diff`` and ``samverkan diff`` show just the
edit (:mod:`.merging`). Pictures put in
in Word are saved beside the document as a fresh import saves them
(:class:`ImageNames`, :func:`write`), never over another file without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import exportera
from ..errors import UsageError
from ..model import Document, Repository
from ..ny import NewDocumentError
from ..synlighet import View
from . import header_fields, image_files, pandoc, titling, tree, word
from .merging import merge


@dataclass
class Updated:
    path: str  # relative to the repository root
    text: str  # the whole new file
    changes: int  # how many places of the text changed
    unplaced: int  # changes that could not be placed word by word (whole stretch replaced)
    images: dict[str, bytes] = field(default_factory=dict)  # images the new text links to, path → content
    unused: list[str] = field(default_factory=list)  # images the old text linked to and the new one does not
    notes: list[str] = field(default_factory=list)  # about the images, for the editor to check


def body_of(source: Path, title: str, path: str, name=image_files.numbered) -> tuple[str, dict[str, bytes], list[str]]:
    """The text of a Word file as ``samverkan import`` makes it, without the
    header fields and the title; its images, named by ``name`` in the image
    folder of the document at ``path`` (see :func:`.image_files.extract`); notes on them."""
    package = word.read(source)
    with tempfile.TemporaryDirectory() as work:
        document, _ = pandoc.read(package.data, Path(work), source.name)
        meta = document.get("meta", {})
        blocks, _ = tree.without_toc(document.get("blocks", []))
        blocks = tree.clean(titling.front(meta) + blocks)
        blocks, _ = header_fields.take(blocks, package.header_lines)
        blocks = titling.without_title(blocks, title)
        blocks, images, notes = image_files.extract(blocks, Path(work), path, name)
        return pandoc.write({**document, "blocks": blocks}, source.name), images, notes


class ImageNames:
    """Names for the images of a Word-edited copy. An image whose file is
    already in the document's image folder links to that file; a new one is
    named as a fresh import names it (``bild-N`` by its place in the Word
    file), skipping names the document's text links to, so that an image in
    use is never replaced."""

    def __init__(self, root: Path, path: str, body: str):
        self.folder = Path(root) / image_files.folder(path)
        self.linked = _linked(body, path)
        self.known: dict[str, str] = {}  # content digest → file name
        if self.folder.is_dir():
            for file in sorted(self.folder.iterdir()):
                if file.is_file():
                    self.known.setdefault(_digest(file.read_bytes()), file.name)
        self.given: set[str] = set()

    def __call__(self, n: int, suffix: str, content: bytes) -> str:
        digest = _digest(content)
        if digest in self.known:
            return self.known[digest]
        name = image_files.numbered(n, suffix, content)
        while name in self.linked or name in self.given:
            n += 1
            name = image_files.numbered(n, suffix, content)
        self.given.add(name)
        self.known[digest] = name
        return name


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _linked(body: str, path: str) -> set[str]:
    """The files of the document's image folder that ``body`` links to."""
    link_folder = posixpath.basename(image_files.folder(path))
    return set(re.findall(re.escape(link_folder) + r"/([^)\s\"'<>]+)", body))


def update(repo: Repository, root: Path, source: Path, id_: str, today: dt.date) -> Updated:
    """The new text of document ``id_`` with the changes made in ``source``,
    and the images of ``source`` that the new text links to."""
    doc = repo.document(id_)
    if doc is None:
        raise UsageError(f"--uppdatera: det finns inget dokument med id '{id_}'")
    original = (Path(root) / doc.path).read_text(encoding="utf-8")
    head, body = _split(original, doc)
    names = ImageNames(Path(root), doc.path, body)
    with tempfile.TemporaryDirectory() as work:
        exported = Path(work) / f"{doc.id}.docx"
        view = View(repo, intern=doc.intern)
        exported.write_bytes(exportera.render(exportera.compose(view, doc, today), "docx"))
        base, _, _ = body_of(exported, doc.name, doc.path, names)
    edited, images, notes = body_of(source, doc.name, doc.path, names)
    new_body, changes, unplaced = merge(body, base, edited, lambda ref: _shown(view, ref))
    now = _linked(new_body, doc.path)
    folder = image_files.folder(doc.path)
    used = {path: content for path, content in images.items() if posixpath.basename(path) in now}
    unused = [f"{folder}/{name}" for name in sorted(_linked(body, doc.path) - now)]
    return Updated(doc.path, head + new_body, changes, unplaced, used, unused, notes)


def write(root: Path, updated: Updated, force: bool = False) -> list[str]:
    """Write the new text and its new images below ``root``; refuse to replace
    a file with other content unless ``force``. Returns the images written."""
    root = Path(root)
    new = {path: content for path, content in updated.images.items() if not _same(root / path, content)}
    taken = [path for path in new if (root / path).exists()]
    if taken and not force:
        raise NewDocumentError(
            f"bilden '{taken[0]}' finns redan och skrivs inte över — skriv över den med --force, "
            "eller flytta undan filen"
        )
    try:
        for path, content in new.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(content)
        (root / updated.path).write_text(updated.text, encoding="utf-8")
    except OSError as e:
        raise NewDocumentError(f"kan inte skriva '{e.filename}': {e.strerror}") from e
    return sorted(new)


def _same(file: Path, content: bytes) -> bool:
    try:
        return file.read_bytes() == content
    except OSError:
        return False


def _split(text: str, doc: Document) -> tuple[str, str]:
    """The file's front matter (with its fences) and its body, as written."""
    lines = text.split("\n")
    cut = max(doc.body_line - 1, 0)
    return "\n".join(lines[:cut]) + ("\n" if cut else ""), "\n".join(lines[cut:])


def _shown(view: View, inner: str) -> str:
    """A reference as the export prints it: its label, or the target's title."""
    target, _, label = inner.partition("|")
    if label.strip():
        return label.strip()
    node = view.repo.get(target.split("#")[0].strip())
    return node.name if node is not None else target
