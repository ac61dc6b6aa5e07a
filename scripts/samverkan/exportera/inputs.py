"""Keys of what an export is made from, so a rebuild finds its kept file
without composing the export's source first.

The export cache (:mod:`.cache`) finds pandoc's output by the composed
Markdown. Composing it reads the document, its bilagor, the titles of what it
refers to, the registry and the day's status, and for thousands of documents
and versions that was most of what a build with a warm cache spent on its
downloads. An input key names everything the composition reads instead:

* the whole archive as the build shows it (:attr:`Inputs.fingerprint`: every
  document's path, front matter as parsed and as written, and text, every
  registry file, the glossary, which files are really inside the repository,
  and whether the build is intern), so any change anywhere gives every export
  a new key: the conservative choice, which still converts only what changed,
  since the composed source then finds pandoc's output as before;
* the code composing it: every module of samverkan and the libraries it
  composes with (:func:`code`; the tools, templates and the export's own code
  are in the cache's recipe);
* which document (with or without bilagor) or which version of it, with the
  version's text and its printed mark;
* what of the composed text depends on the day besides the print date
  (:func:`.compose.day_state`).

A key leads to the entry of the source composed from those inputs (a small
pointer file beside the entries, see :meth:`.cache.Cache.finished`); a source
whose text holds the date mark itself is never pointed to, so it is composed
on every build as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model import Document
from ..synlighet import View
from ..wording import date_sv
from .compose import DATE_MARK, bilagor_order, day_state


class Inputs:
    """The input keys of one build's exports (one archive, one view)."""

    def __init__(self, view: View):
        self.view = view
        self.fingerprint = _fingerprint(view)
        # avtal id -> its bilagor, in the order compose takes them (not a scan of the archive per avtal)
        self._bilagor: dict[str, list[Document]] = {}
        for doc in view.repo.documents:
            parent = doc.data.get("bilaga_till")
            if doc.typ == "bilaga" and isinstance(parent, str):
                self._bilagor.setdefault(parent, []).append(doc)
        for found in self._bilagor.values():
            found.sort(key=bilagor_order)

    def document(self, doc: Document, today: dt.date, *, bilagor: bool) -> str:
        """The key of ``doc``'s export (as :func:`.compose.compose` makes it with ``bilagor``) on ``today``."""
        attached = self._bilagor.get(doc.id or "", []) if bilagor and doc.typ == "avtal" and doc.id else []
        return _hash("dokument", self.fingerprint, doc.path, str(bilagor), day_state(doc, attached, today))

    def version(self, doc: Document, content: str, mark: str, today: dt.date) -> str:
        """The key of an old version's export: ``doc`` parsed from ``content`` (the
        version's file), printed with ``mark`` (:func:`.compose.compose`'s ``mark``) on ``today``."""
        return _hash(
            "version", self.fingerprint, doc.path, content, stable_mark(mark, today), day_state(doc, [], today)
        )


def stable_mark(mark: str, today: dt.date) -> str:
    """``mark`` as the date-independent source holds it (see :func:`.compose.compose`)."""
    return mark.replace(date_sv(today), DATE_MARK)


@lru_cache(maxsize=1)
def code() -> str:
    """Every module of samverkan and the versions of the libraries composing reads
    with: the export's recipe (:func:`.tools.recipe`) covers only the export's own
    code, and composing calls on status, wording, linking, the relations and more."""
    digest = hashlib.sha256()
    for name in ("jinja2", "markdown-it-py", "PyYAML"):
        try:
            _update(digest, name, metadata.version(name))
        except metadata.PackageNotFoundError:
            _update(digest, name, "-")
    package = Path(__file__).resolve().parent.parent
    for file in sorted(package.rglob("*.py")):
        _update(digest, file.relative_to(package).as_posix(), file.read_bytes().decode("utf-8", "replace"))
    return digest.hexdigest()


def _fingerprint(view: View) -> str:
    repo = view.repo
    digest = hashlib.sha256(f"intern={view.intern}\0{code()}\0".encode())
    for doc in repo.documents:
        _update(digest, "dokument", doc.path, repr(doc.data), repr(doc.parsed.raw), doc.body)
    seen: set[int] = set()
    for entry in repo.entries:
        if id(entry.parsed) not in seen:  # one Parsed per registry file
            seen.add(id(entry.parsed))
            _update(digest, "register", entry.path, repr(entry.parsed.data), repr(entry.parsed.raw))
    if repo.glossary is not None:
        _update(digest, "ordlista", repr(repo.glossary.data), repr(repo.glossary.raw))
    _update(digest, "bifogat", *sorted(a.path for a in repo.attachments))
    _update(digest, "innanför", *sorted(view.confined))
    return digest.hexdigest()


def _update(digest, *parts: str) -> None:
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode())
        digest.update(data)


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    _update(digest, *parts)
    return digest.hexdigest()
