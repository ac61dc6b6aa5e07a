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
edit. A reference or an image counts as the words the export printed for
it, so an edit of those words changes its label or description and keeps
the reference or image (:func:`_reference`, :func:`_image`). Pictures put in
in Word are saved beside the document as a fresh import saves them
(:class:`ImageNames`, :func:`write`), never over another file without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import difflib
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

# A word of the document's text, a [[reference]] or an image counting as one
_TOKEN = re.compile(r"\[\[.*?\]\]\S*|!\[[^\]\n]*\]\([^)\s]+\)\S*|\S+")
_REF = re.compile(r"\[\[(.*?)\]\]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")
# an image as the export prints it, "[Flödet, bild: bild-1.png]", read back from Word
_PRINTED_IMAGE = re.compile(r"\\\[(?:(.*), )?bild: (.+?)\\\]")
# the rule under a table's header row: its width follows the cells, not the text
_RULE = re.compile(r"[|:\-+]+")
# punctuation that may follow a reference's brackets
_TAIL = ".,;:!?"


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


@dataclass(frozen=True)
class _Word:
    """A word a reader sees, with the span of the text it comes from."""

    text: str
    start: int
    end: int
    token: int  # the token of the text it belongs to (a [[reference]] shows several words)
    ref: str | None = None  # inside the brackets, for a reference's words
    rest: str = ""  # what follows the reference's or image's brackets in the same token (punctuation)
    image: tuple[str, str] | None = None  # alt text and source, for an image's words

    @property
    def shown(self) -> bool:
        """Whether the word is one of several a reader sees for one token of the text."""
        return self.ref is not None or self.image is not None


def _words(text: str, shown) -> list[_Word]:
    """The words a reader sees, each with the span of the text it comes from."""
    out = []
    for n, m in enumerate(_TOKEN.finditer(text)):
        token = m.group(0)
        ref = _REF.match(token)
        image = _IMAGE.match(token)
        if ref:
            rest = token[ref.end() :]
            words = (shown(ref.group(1)) + rest).split() or [token]
            out.extend(_Word(w, m.start(), m.end(), n, ref.group(1), rest) for w in words)
        elif image:
            alt, source = image.groups()
            rest = token[image.end() :]
            words = (_printed(alt, source) + rest).split()
            out.extend(_Word(w, m.start(), m.end(), n, None, rest, (alt, source)) for w in words)
        else:
            out.append(_Word(token, m.start(), m.end(), n))
    return out


def _printed_name(source: str) -> str:
    return source if "://" in source else posixpath.basename(source)


def _printed(alt: str, source: str) -> str:
    """An image as it comes back from the export (``lankar.lua`` prints it as text)."""
    name = _printed_name(source)
    return f"\\[{alt}, bild: {name}\\]" if alt.strip() else f"\\[bild: {name}\\]"


def _inside(ours: list[_Word], k: int, step: int) -> bool:
    """Whether word ``k``'s neighbour on side ``step`` (-1 before, 1 after) is
    in the same reference: a word put between them belongs to its label."""
    j = k + step
    return ours[k].shown and 0 <= j < len(ours) and ours[j].token == ours[k].token


def merge(body: str, base: str, edited: str, shown) -> tuple[str, int, int]:
    """``body`` with the word changes from ``base`` to ``edited`` made in it."""
    ours = _words(body, shown)
    base_words, edited_words = base.split(), edited.split()
    # where each word of the base stands in our text
    at: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [w.text for w in ours], base_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            at[block.b + k] = block.a + k
    edits: list[tuple[int, int, str]] = []
    # changes that touch a reference's words: what each word of ours becomes, and
    # words put inside a reference's title; such a reference is written again as a whole
    becomes: dict[int, list[str]] = {}
    added: dict[int, list[str]] = {}
    unplaced = 0
    changes = difflib.SequenceMatcher(None, base_words, edited_words, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in changes:
        if tag == "equal":
            continue
        old, new = base_words[i1:i2], edited_words[j1:j2]
        if old and new and all(_RULE.fullmatch(w) for w in old + new):
            continue  # a table's rule widened or narrowed with its cells
        text = " ".join(new)
        placed = [at[i] for i in range(i1, i2) if i in at]
        if tag == "insert":
            if i1 in at and _inside(ours, at[i1], -1):
                added.setdefault(at[i1] - 1, []).extend(new)
            elif i1 in at:
                edits.append((ours[at[i1]].start, ours[at[i1]].start, text + " "))
            elif i1 - 1 in at and _inside(ours, at[i1 - 1], 1):
                added.setdefault(at[i1 - 1], []).extend(new)
            elif i1 - 1 in at:
                end = ours[at[i1 - 1]].end
                edits.append((end, end, " " + text))
            else:
                unplaced += 1
            continue
        if not placed:
            unplaced += 1
            continue
        if len(placed) != i2 - i1:
            unplaced += 1
        if any(ours[k].shown for k in placed):
            if len(placed) == len(new):
                becomes.update((k, [w]) for k, w in zip(placed, new))
            else:
                becomes.update((k, []) for k in placed)
                becomes[placed[0]] = new
            continue
        start, end = ours[min(placed)].start, ours[max(placed)].end
        edits.append((start, end, text))
    edits += _rewritten(ours, becomes, added, shown)
    out = body
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out, len(edits), unplaced


def _rewritten(ours: list[_Word], becomes: dict[int, list[str]], added: dict[int, list[str]], shown):
    """The edits for the tokens whose words changed together with a reference's."""
    tokens: dict[int, list[int]] = {}
    for k in sorted(set(becomes) | set(added)):
        tokens.setdefault(ours[k].token, [])
    for k, seen in enumerate(ours):
        if seen.token in tokens:
            tokens[seen.token].append(k)
    edits = []
    for ks in tokens.values():
        first = ours[ks[0]]
        words = [w for k in ks for w in becomes.get(k, [ours[k].text]) + added.get(k, [])]
        text = " ".join(words)
        if not first.shown:
            edits.append((first.start, first.end, text))
        elif text == " ".join(ours[k].text for k in ks):
            continue
        elif first.image is not None:
            edits.append((first.start, first.end, _image(first, text)))
        else:
            edits.append((first.start, first.end, _reference(first, text, shown)))
    return edits


def _reference(ref: _Word, text: str, shown) -> str:
    """A reference whose shown words became ``text`` in Word. Words written
    before or after its unchanged title stay outside it; a changed title
    becomes the reference's label; plain text only where the editor deleted
    the title or made it unfit for a label."""
    title = shown(ref.ref)
    if text.startswith(title):
        return f"[[{ref.ref}]]{text[len(title) :]}"
    if text.endswith(title + ref.rest):
        return f"{text[: len(text) - len(title + ref.rest)]}[[{ref.ref}]]{ref.rest}"
    if ref.rest and text.endswith(ref.rest):
        label, tail = text[: -len(ref.rest)], ref.rest
    else:
        label = text.rstrip(_TAIL)
        tail = text[len(label) :]
    label = label.strip()
    if not label:
        return tail  # the editor deleted the reference's words
    if "|" in label or "]]" in label or "[[" in label:
        return text
    target = ref.ref.partition("|")[0].strip()
    return f"[[{target}|{label}]]{tail}"


def _image(word: _Word, text: str) -> str:
    """An image whose printed words became ``text`` in Word: the same image
    with a new description where only that changed, words written before or
    after it outside it, else what Word has instead (a new picture, text)."""
    alt, source = word.image
    printed = _printed(alt, source) + word.rest
    token = f"![{alt}]({source}){word.rest}"
    if text.startswith(printed):
        return token + text[len(printed) :]
    if text.endswith(printed):
        return text[: -len(printed)] + token
    again = _PRINTED_IMAGE.fullmatch(text.removesuffix(word.rest))
    if again and again.group(2) == _printed_name(source):
        return f"![{again.group(1) or ''}]({source}){word.rest}"
    return text
