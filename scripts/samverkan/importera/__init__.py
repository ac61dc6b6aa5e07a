"""``samverkan import``: a Word agreement (.docx) into a document.

:func:`convert` reads the Word file (:mod:`.word`), has pandoc turn it into a
document tree (:mod:`.pandoc`), reworks the tree for the handbook
(:mod:`.tree`), lifts the header fields into front matter (:mod:`.header_fields`,
:mod:`.header`) and writes Markdown; it then validates the text the way
``samverkan new`` does and sorts the findings into a report (:mod:`.reporting`).
Nothing is written until :func:`write`, which never overwrites a file unless
told to.

A document that lacks required keys is still written, so that the editor can
fill them in: the report lists them, and the command exits with status 1
until they are there.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import ny
from ..model import Attachment, Repository
from ..ny import NewDocumentError, Options
from ..ny.text import front_matter_text
from . import header, header_fields, image_files, pandoc, reporting, roundtrip, titling, tree, word
from .reporting import Report
from .word import WordError

TYPES = header.TYPES


@dataclass
class Imported:
    """A converted Word file, not yet written: the document and its images."""

    path: str  # relative to the repository root, posix
    text: str
    images: dict[str, bytes] = field(default_factory=dict)  # path relative to the root → content
    report: Report = field(default_factory=lambda: Report("", ""))


def convert(repo: Repository, source: Path, typ: str | None = None, options: Options | None = None) -> Imported:
    """The document a Word file becomes in ``repo`` (nothing is written).

    Raises :class:`WordError` when the file cannot be read or converted, and
    the errors of ``samverkan new`` (:class:`NewDocumentError`,
    :class:`~samverkan.errors.UsageError`) when the options name what does not exist.
    """
    try:
        return _convert(repo, source, typ, dataclasses.replace(options) if options else Options())
    except RecursionError as e:
        # the tree walks recurse; word.read refuses deep XML, this catches what slips past
        raise WordError(
            f"'{source.name}' är för djupt nästlad för att importeras — förenkla dokumentets struktur "
            "(till exempel tabeller i tabeller) i Word och spara om det"
        ) from e


def _convert(repo: Repository, source: Path, typ: str | None, options: Options) -> Imported:
    package = word.read(source)
    with tempfile.TemporaryDirectory() as work:
        media = Path(work)
        document, warnings = pandoc.read(package.data, media, source.name)
        meta = document.get("meta", {})
        blocks, had_toc = tree.without_toc(document.get("blocks", []))
        blocks = tree.clean(titling.front(meta) + blocks)
        blocks, code_links = tree.without_code_links(blocks)
        blocks, fields = header_fields.take(blocks, package.header_lines)
        # the tool's own export: what it was, from its header
        own, fields.left_out = roundtrip.recognise(repo, fields.left_out)
        copy_of = repo.document(own.id) if own.id else None
        if copy_of is not None and options.id is None:
            raise NewDocumentError(
                f"{source.name} är en export av '{copy_of.id}', som redan finns ({copy_of.path}) — ta in "
                f"ändringarna i det med 'samverkan import {source.name} --uppdatera {copy_of.id}', eller ange "
                "--id för att ändå skapa ett nytt dokument"
            )
        typ = typ or own.typ or "avtal"
        if typ == "bilaga" and own.typ == "bilaga":
            options.parent = options.parent or own.parent
            options.number = options.number or own.number
        if own.id and options.id is None and repo.get(own.id) is None:
            options.id = own.id
        title, origin = titling.title(options, fields, meta, package, blocks, source)
        blocks = titling.without_title(blocks, title)
        head = header.build(repo, typ, options, title, fields, titling.authors(meta, package))
        blocks, images, image_notes = image_files.extract(blocks, media, head.path)
        tables = tree.complex_tables(blocks)
        markdown = pandoc.write({**document, "blocks": blocks}, source.name)
    text = f"---\n{front_matter_text(head.fields)}\n---\n\n{markdown.strip()}\n"

    report = Report(source.name, head.path, images=sorted(images))
    report.taken = (["titel"] if origin == titling.FROM_WORD else []) + head.taken
    report.held_back = head.held_back + fields.left_out
    report.lost = reporting.lost(package, markdown, tables, tree.kinds(blocks)) + warnings
    if origin not in (titling.FROM_WORD, titling.FROM_OPTION):
        report.notes.append(f"titeln är {origin} — ändra 'titel' om den inte stämmer")
    report.notes += fields.problems + head.notes
    if had_toc:
        report.notes.append("Word-filens innehållsförteckning togs bort — handboken visar rubrikerna")
    report.notes += [
        f"en numrerad lista fortsätter på {start}, men handboken numrerar varje lista från 1 — kontrollera "
        "hänvisningar till punkternas nummer"
        for start in tree.list_starts(blocks)
    ]
    report.notes += image_notes + titling.not_taken(meta, package)
    report.notes += [
        f"länken till '{tree.short(target)}' togs bort och bara texten står kvar: länkar som kör skript "
        "(javascript:) publiceras aldrig"
        for target in dict.fromkeys(code_links)
    ]
    same = roundtrip.existing(repo, own, title, fields.values.get("diarienummer"))
    if same is not None:
        report.notes.insert(
            0,
            f"dokumentet finns redan: '{same.id}' ({same.path}) — ta hellre in ändringarna i det med "
            f"'samverkan import {source.name} --uppdatera {same.id}', så att historiken visar vad som ändrades",
        )
    # The images are written beside the document with it: links to them resolve.
    with_images = dataclasses.replace(repo, attachments=[*repo.attachments, *map(Attachment, images)])
    findings = ny.validate(with_images, head.path, text, options.today)
    reporting.judge(report, repo, findings, head.hints, typ, bool(options.arena))
    return Imported(head.path, text, images, report)


def write(root: Path, imported: Imported, force: bool = False) -> list[str]:
    """Write the document and its images below ``root``; refuse to replace any
    existing file unless ``force``. Returns the images of an earlier import that
    the new text no longer uses (left for the editor to delete)."""
    root = Path(root)
    taken = [path for path in imported.images if (root / path).exists()]
    if taken and not force:
        raise NewDocumentError(
            f"bilden '{taken[0]}' finns redan och skrivs inte över — skriv över den med --force, "
            "eller välj ett annat id med --id"
        )
    ny.write(root, imported.path, imported.text, force=force)
    for path, content in imported.images.items():
        try:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(content)
        except OSError as e:
            raise NewDocumentError(f"kan inte skriva '{path}': {e.strerror}") from e
    return image_files.unused(root, imported.images, imported.path)


__all__ = ["Imported", "NewDocumentError", "Options", "Report", "TYPES", "WordError", "convert", "write"]
