"""The imported document's front matter: what Word said, what the options say,
and what the registry adds, worked out with the same helpers as ``samverkan new``.

Unlike ``new``, nothing here insists: what cannot be determined is left out,
and validation of the written text tells the editor what to fill in.
"""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass, field
from typing import Any

from .. import ids
from ..errors import UsageError
from ..model import Document, Entry, Repository
from ..ny import NewDocumentError, Options, bilaga_number
from ..ny.options import APPLIES, OPTION
from ..ny.placering import choose_id, default_folder, folder_option
from ..ny.register import check_party, find_document, find_entry, infer_scope, scope_fields, scope_kommuner
from ..wording import ARTICLE
from .header_fields import Fields

TYPES = ("avtal", "bilaga")  # what a Word agreement becomes
ORDER = (
    "id",
    "typ",
    "titel",
    "status",
    "nivå",
    "region",
    "delregion",
    "kommuner",
    "parter",
    "dokumentägare",
    "bilaga_till",
    "nummer",
    "fastställd",
    "fastställd_av",
    "giltig_från",
    "giltig_till",
    "upphävd",
    "revideras",
    "diarienummer",
    "version",
)
FROM_WORD = (
    "fastställd",
    "fastställd_av",
    "giltig_från",
    "giltig_till",
    "upphävd",
    "revideras",
    "diarienummer",
    "version",
)
# The dates a status needs (spec §4): without them the document stays an utkast.
NEEDS = {"fastställd": ("fastställd", "giltig_från"), "upphävd": ("fastställd", "giltig_från", "upphävd")}


@dataclass
class Head:
    """The front matter and what the report says about it."""

    path: str
    fields: dict[str, Any]
    taken: list[str] = field(default_factory=list)  # keys whose value came from Word
    held_back: list[str] = field(default_factory=list)  # Word values left out, and why
    hints: dict[str, str] = field(default_factory=dict)  # key → what Word said about it
    notes: list[str] = field(default_factory=list)


def build(repo: Repository, typ: str, o: Options, title: str, word: Fields, authors: list[str]) -> Head:
    """Front matter for an imported ``typ`` titled ``title`` (not yet validated)."""
    if typ not in TYPES:
        raise UsageError(f"--typ: '{typ}' går inte att importera — välj {' eller '.join(TYPES)}")
    given = [OPTION[name] for name in OPTION if name not in APPLIES[typ] and getattr(o, name) not in (None, [])]
    if given:
        why = (
            "nivå, region, omfattning, parter och dokumentägare ärvs från avtalet"
            if typ == "bilaga"
            else "de hör till --typ bilaga"
        )
        raise UsageError(f"{', '.join(given)} används inte för {ARTICLE[typ]} — {why}")
    head = Head("", {})
    status = _status(word, head)
    fields: dict[str, Any] = {"typ": typ, "titel": title, "status": status}
    if typ == "avtal":
        folder, base = _avtal(repo, o, title, word, authors, fields, head)
    else:
        folder, base = _bilaga(repo, o, title, word, fields, head)
    for key in FROM_WORD:
        if key in word.values and key not in fields:
            if _allowed(key, status):
                fields[key] = word.values[key]
                head.taken.append(key)
            else:
                head.held_back.append(f"{key}: {_written(word.values[key])} — får bara finnas när status är {key}")
    fields["id"], folder = _id(repo, o, base, folder)
    head.fields = {key: fields[key] for key in ORDER if key in fields}
    head.path = posixpath.join(folder, f"{fields['id']}.md")
    return head


def _status(word: Fields, head: Head) -> str:
    """Word's status when the dates it needs are there, else utkast. A
    ``Fastställd: <datum>`` field says the document is fastställd."""
    said = word.values.get("status") or ("fastställd" if "fastställd" in word.values else None)
    if said is None:
        return "utkast"
    missing = [key for key in NEEDS.get(str(said), ()) if key not in word.values]
    if missing:
        head.notes.append(
            f"Word anger status {said}, men {' och '.join(missing)} saknas — status blev utkast; "
            f"fyll i {' och '.join(missing)} och ändra status till {said}"
        )
        return "utkast"
    head.taken.append("status")
    return str(said)


def _allowed(key: str, status: str) -> bool:
    return not (key == "fastställd" and status in ("utkast", "remiss") or key == "upphävd" and status != "upphävd")


def _written(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _avtal(
    repo: Repository, o: Options, title: str, word: Fields, authors: list[str], fields: dict, head: Head
) -> tuple[str, str]:
    owner: Entry | None
    if o.arena:
        owner = find_entry(repo, o.arena, "arena", "arena")
    else:
        said = word.values.get("dokumentägare")
        owner = next((e for e in (match(repo, t, "arena") for t in [said, *authors] if t) if e), None)
        if owner is not None:
            head.taken.append("dokumentägare")
        elif said:
            head.hints["dokumentägare"] = f"Word anger ”{said}”, som inte är en arena i registret"
    scope = None
    options_say = any(v not in (None, []) for v in (o.level, o.region, o.delregion, o.kommuner))
    if owner is not None or options_say:
        try:
            scope = infer_scope(repo, o, owner)
        except UsageError:
            if o.arena or options_say:
                raise
            # the arena named in Word does not settle the scope; the editor fills it in
    if scope is not None:
        level, region, delregion, kommuner = scope
        fields.update(scope_fields(level, region, delregion, kommuner))
        if o.parties is not None:
            parties = [check_party(repo, p, region) for p in o.parties]
        else:
            parties = [region, *(k.id for k in scope_kommuner(repo, level, region, delregion, kommuner))]
        fields["parter"] = list(dict.fromkeys(parties))
    elif o.parties is not None:
        raise UsageError(
            "--parter: ange också dokumentägaren med --arena (eller --nivå och --region), så att "
            "parterna kan kontrolleras mot avtalets region"
        )
    if owner is not None:
        fields["dokumentägare"] = owner.id
    region, delregion = fields.get("region"), fields.get("delregion")
    folder = folder_option(o.folder) if o.folder else default_folder(repo, region, delregion)
    return folder, ids.slug(title)


def _bilaga(repo: Repository, o: Options, title: str, word: Fields, fields: dict, head: Head) -> tuple[str, str]:
    if "dokumentägare" in word.values:
        head.notes.append("Word anger en dokumentägare; en bilaga ärver den från avtalet, så den togs inte med")
    if not o.parent:
        if o.number is not None:
            raise UsageError("--nummer används bara tillsammans med --bilaga-till")
        folder = folder_option(o.folder) if o.folder else default_folder(repo, None, None)
        return folder, ids.slug(title)
    parent: Document = find_document(repo, o.parent, "avtal", "parent")
    folder = folder_option(o.folder) if o.folder else posixpath.dirname(parent.path)
    replacing = posixpath.join(folder, f"{o.id}.md") if o.id and o.force else None
    number = bilaga_number(repo, parent, o.number, replacing)
    fields["bilaga_till"] = parent.id
    fields["nummer"] = number
    # the repository's convention for bilagor, as in samverkan new
    return folder, f"{parent.id}-bilaga-{number}"


def match(repo: Repository, written: Any, typ: str) -> Entry | None:
    """The registry entry of ``typ`` whose id or name is ``written`` (case and spacing aside)."""
    if not isinstance(written, str):
        return None
    wanted = " ".join(written.split()).casefold()
    for entry in repo.entries:
        if entry.typ == typ and wanted in (str(entry.id).casefold(), " ".join(entry.name.split()).casefold()):
            return entry
    return None


def _id(repo: Repository, o: Options, base: str, folder: str) -> tuple[str, str]:
    """The id and folder: a free id, as ``new`` chooses it — except that a
    document with the id the title gives is most likely this Word file imported
    before, so it is replaced in place with --force and otherwise refused
    (rather than a second copy under another id)."""
    existing = repo.document(base) if o.id is None and base else None
    if existing is None:
        return choose_id(repo, o, base, folder), folder
    if not o.force:
        raise NewDocumentError(
            f"id '{base}' används redan av {ARTICLE.get(existing.typ or '', 'ett dokument')} i "
            f"{existing.path} — skriv över det med --force, eller välj ett annat id med --id"
        )
    folder = folder_option(o.folder) if o.folder else posixpath.dirname(existing.path)
    return choose_id(repo, dataclasses.replace(o, id=base), base, folder), folder
