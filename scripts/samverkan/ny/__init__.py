"""``samverkan new``: a new document from a template, valid from the start.

:func:`create` is pure: from the loaded repository, a document type and the
options it works out the id, the front matter, the body and where the file
goes, and returns the text. :func:`validate` checks that text against the
repository in memory (the same schema and rules as ``samverkan validate``) and
:func:`write` puts it on disk, refusing to overwrite a file unless told to.

Everything the user did wrong is a Swedish message: :class:`NewDocumentError`
(exit status 1) when a referenced id does not exist or the options contradict
the registry, :class:`UsageError` (exit status 2) when an option is missing or
does not apply to the type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import body, frontmatter, ids, remiss, source
from ..checker import rule_findings, schema_findings
from ..errors import SourceError, UsageError
from ..finding import Finding, Severity
from ..model import (
    DOCUMENT_TYPES,
    Document,
    Repository,
    add_years,
    level_rank,
)
from ..remiss.version import remiss_version, section_titles
from ..suggest import did_you_mean
from ..wording import ARTICLE, MONTHS
from .options import (
    APPLIES,
    LIFECYCLE_STATUSES,
    MEETING_STATUSES,
    OPTION,
    NewDocumentError,
    Options,
)
from .placering import (
    choose_id,
    common_folder,
    default_folder,
    folder_option,
)
from .register import (
    check_party,
    find_document,
    find_entry,
    infer_scope,
    missing_error,
    scope_fields,
    scope_kommuner,
)
from .text import render


def create(repo: Repository, typ: str, options: Options) -> tuple[str, str]:
    """The new document's path (relative to the root, posix) and its text."""
    if typ not in DOCUMENT_TYPES:
        raise UsageError(f"okänd dokumenttyp '{typ}' — välj bland {', '.join(DOCUMENT_TYPES)}")
    _refuse_options_that_do_not_apply(typ, options)
    today = options.today or dt.date.today()
    builder = {
        "avtal": _avtal,
        "bilaga": _bilaga,
        "uppdragshandling": _uppdragshandling,
        "mötesanteckning": _motesanteckning,
        "remissvar": _remissvar,
    }[typ]
    draft = builder(repo, options, today)
    title = draft.title
    folder = folder_option(options.folder) if options.folder else draft.folder
    doc_id = choose_id(repo, options, draft.id_base, folder)
    fields: dict[str, Any] = {"id": doc_id, "typ": typ, "titel": title}
    if typ != "remissvar":  # an answer has no lifecycle: it is given when it is in the archive
        fields["status"] = _status(typ, options.status)
    fields.update(draft.fields)
    if fields.get("status") == "remiss" and typ != "remissvar":
        fields.update(_remiss_block(repo, typ, fields, today))
    text = render(typ, fields, draft.placeholders)
    return posixpath.join(folder, f"{doc_id}.md"), text


def validate(repo: Repository, path: str, text: str, today: dt.date | None = None) -> list[Finding]:
    """Findings in the new document at ``path`` when added to ``repo`` (nothing is written).

    A document already at ``path`` (overwritten with ``--force``) is left out.
    """
    try:
        split = frontmatter.split(text)
        parsed = source.parse(split.front_matter, first_line=2)
    except SourceError as e:
        return [Finding(path, e.line, e.column, Severity.ERROR, e.code, e.message)]
    refs, problems = body.references(split.body, split.body_line)
    doc = Document(path, parsed, split.body, split.body_line, refs)
    others = [d for d in repo.documents if d.path != path]
    trial = dataclasses.replace(repo, documents=[*others, doc])
    findings = [Finding(path, p.line, p.column, Severity.ERROR, p.code, p.message) for p in problems]
    findings += [f for f in schema_findings(trial) if f.path == path]
    findings += [f for f in rule_findings(trial, today or dt.date.today()) if f.path == path]
    return sorted(set(findings))


def write(root: Path, path: str, text: str, force: bool = False) -> Path:
    """Write ``text`` to ``root/path``; refuse to replace an existing file unless ``force``."""
    target = Path(root) / path
    if target.exists() and not force:
        raise NewDocumentError(
            f"filen '{path}' finns redan och skrivs inte över — välj ett annat id med --id, en "
            "annan mapp med --mapp, eller skriv över filen med --force"
        )
    if target.is_dir():
        raise NewDocumentError(f"'{path}' är en mapp, inte en fil — välj ett annat id med --id")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except OSError as e:
        raise NewDocumentError(f"kan inte skriva '{path}': {e.strerror}") from e
    return target


# --- per type ------------------------------------------------------------------


@dataclass
class _Draft:
    title: str
    id_base: str
    folder: str
    fields: dict[str, Any]
    placeholders: dict[str, str] = dataclasses.field(default_factory=dict)


def _avtal(repo: Repository, o: Options, today: dt.date) -> _Draft:
    title = _title(o)
    owner = find_entry(repo, _required(o.arena, "arena", "dokumentägaren (arenan som äger avtalet)"), "arena", "arena")
    level, region, delregion, kommuner = infer_scope(repo, o, owner)
    scope = scope_kommuner(repo, level, region, delregion, kommuner)
    if o.parties is not None:
        parties = [check_party(repo, p, region) for p in o.parties]
    else:
        parties = [region, *(k.id for k in scope)]
    fields = scope_fields(level, region, delregion, kommuner)
    fields["parter"] = list(dict.fromkeys(parties))
    fields["dokumentägare"] = owner.id
    return _Draft(title, ids.slug(title), default_folder(repo, region, delregion), fields)


def _bilaga(repo: Repository, o: Options, today: dt.date) -> _Draft:
    title = _title(o)
    parent = find_document(repo, _required(o.parent, "parent", "avtalet som bilagan hör till"), "avtal", "parent")
    number = bilaga_number(repo, parent, o.number)
    title = bilaga_title(repo, number, title)
    fields = {"bilaga_till": parent.id, "nummer": number}
    folder = posixpath.dirname(parent.path)
    placeholders = {"nummer": str(number), "bilaga_till": parent.id}
    # The repository's convention for bilagor: <avtal>-bilaga-<nummer>.
    return _Draft(title, f"{parent.id}-bilaga-{number}", folder, fields, placeholders)


def bilaga_number(repo: Repository, parent: Document, number: int | None, replacing: str | None = None) -> int:
    """``number`` checked against the bilagor ``parent`` already has, or the next free one.

    ``replacing``: the path of a bilaga about to be overwritten, whose number is free.
    """
    taken = {
        d.data["nummer"]
        for d in repo.documents
        if d.typ == "bilaga"
        and d.data.get("bilaga_till") == parent.id
        and d.path != replacing
        and isinstance(d.data.get("nummer"), int)
        and not isinstance(d.data.get("nummer"), bool)
    }
    if number is None:
        return max(taken, default=0) + 1
    if number < 1:
        raise UsageError("--nummer: bilagans nummer är ett heltal från 1 och uppåt")
    if number in taken:
        raise NewDocumentError(
            f"--nummer: avtalet '{parent.id}' har redan en bilaga {number} — lediga nummer "
            f"börjar på {max(taken) + 1}; utelämna --nummer så väljs nästa lediga"
        )
    return number


def _uppdragshandling(repo: Repository, o: Options, today: dt.date) -> _Draft:
    title = _title(o)
    giver = find_entry(
        repo,
        _required(o.commissioner, "commissioner", "uppdragsgivaren (arenan som ger uppdraget)"),
        "arena",
        "commissioner",
    )
    taker = find_entry(
        repo, _required(o.arena, "arena", "uppdragstagaren (arenan som utför uppdraget)"), "arena", "arena"
    )
    g, t = level_rank(giver.data.get("nivå")), level_rank(taker.data.get("nivå"))
    if g is not None and t is not None and t > g:
        raise NewDocumentError(
            f"--arena: uppdragstagaren '{taker.id}' är {taker.data['nivå']}, högre än uppdragsgivaren "
            f"'{giver.id}' ({giver.data['nivå']}) — en arena kan inte ge uppdrag till en arena på högre nivå"
        )
    level, region, delregion, kommuner = infer_scope(repo, o, taker)
    for option, arena in (("commissioner", giver), ("arena", taker)):
        if arena.text("region") != region:
            raise NewDocumentError(
                f"{OPTION[option]}: arenan '{arena.id}' hör till regionen '{arena.text('region')}', "
                f"inte dokumentets region '{region}' — välj en arena i {region}"
            )
    start = o.start or today
    end = o.end or add_years(start, 1)
    if end < start:
        raise UsageError(
            f"--till: {end.isoformat()} är före --från {start.isoformat()} — tidsramen slutar efter att den börjar"
        )
    fields = scope_fields(level, region, delregion, kommuner)
    fields["uppdragsgivare"] = giver.id
    fields["uppdragstagare"] = taker.id
    fields["tidsram"] = {"från": start, "till": end}
    return _Draft(title, ids.slug(title), default_folder(repo, region, delregion), fields)


def _motesanteckning(repo: Repository, o: Options, today: dt.date) -> _Draft:
    arena = find_entry(repo, _required(o.arena, "arena", "arenan som mötet hölls i"), "arena", "arena")
    date = o.date or today
    title = _title(o, default=f"Mötesanteckning {arena.name} {date.day} {MONTHS[date.month - 1]} {date.year}")
    fields = {"arena": arena.id, "datum": date}
    notes = [d for d in repo.documents if d.typ == "mötesanteckning" and d.data.get("arena") == arena.id]
    folder = common_folder(notes) or default_folder(
        repo, arena.text("region"), arena.text("delregion") if arena.text("nivå") != "regional" else None
    )
    return _Draft(title, f"{arena.id}-{date.isoformat()}", folder, fields)


# a new document sent on remiss: eight weeks to answer, unless the editor writes otherwise
REMISS_WEEKS = 8


def _remiss_block(repo: Repository, typ: str, fields: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The ``remiss`` a new document on remiss needs (a bilaga goes out with its
    avtal's when the avtal has one): from today, to all kommuner in its scope."""
    if typ == "bilaga":
        parent = repo.document(fields.get("bilaga_till"), "avtal")
        if parent is not None and remiss.block(parent) is not None:
            return {}
    end = today + dt.timedelta(weeks=REMISS_WEEKS)
    return {"remiss": {"från": today, "till": end, "instanser": [remiss.ALL_KOMMUNER]}}


def _remissvar(repo: Repository, o: Options, today: dt.date) -> _Draft:
    wanted = _required(o.answers, "answers", "dokumentet som är på remiss")
    target = repo.document(wanted)
    if target is None or target.typ not in remiss.REMISS_TYPES:
        raise missing_error(repo, wanted, "avtal", "answers")
    rnd = remiss.round_of(repo, target)
    if rnd is None:
        raise NewDocumentError(
            f"--svar-på: '{target.id}' har inte varit på remiss (nyckeln 'remiss' saknas) — "
            "svara på ett dokument på remiss"
        )
    party = repo.entry(_required(o.party, "party", "instansen som svarar (ett id i registret)"))
    if party is None or party.id not in rnd.asked_ids():
        asked = rnd.asked_ids()
        raise NewDocumentError(
            f"--från: '{o.party}' är inte en av remissinstanserna för '{target.id}'"
            f"{did_you_mean(o.party or '', asked)} — instanserna är {', '.join(asked) or 'inga'}"
        )
    date = o.date or today
    title = _title(o, default=f"Remissvar från {party.name}")
    fields = {"svar_på": target.id, "från": party.id, "datum": date, "ställningstagande": "tillstyrker med synpunkter"}
    version = remiss_version(target, None) or target
    # every heading of the version on remiss but its title: one place per section to comment on
    titles = [t for _, t in section_titles(version) or [] if " ".join(t.split()) != " ".join(target.name.split())]
    avsnitt = "\n".join(f"## {t}\n\n<!-- Skriv synpunkter på avsnittet, eller ta bort rubriken. -->\n" for t in titles)
    folder = posixpath.join(posixpath.dirname(target.path), "remissvar")
    return _Draft(title, f"remissvar-{target.id}-{party.id}", folder, fields, {"avsnitt": avsnitt})


# --- options -------------------------------------------------------------------


def _refuse_options_that_do_not_apply(typ: str, o: Options) -> None:
    given = [name for name in OPTION if name not in APPLIES[typ] and getattr(o, name) not in (None, [])]
    if given:
        names = ", ".join(OPTION[name] for name in given)
        why = {
            "bilaga": " — nivå, region, omfattning, parter och dokumentägare ärvs från avtalet",
            "mötesanteckning": " — nivå, region och omfattning följer av arenan",
        }.get(typ, "")
        raise UsageError(f"{names} används inte för {ARTICLE[typ]}{why}")


def _required(value: str | None, option: str, what: str) -> str:
    if not value:
        raise UsageError(f"ange {what} med {OPTION[option]} ID")
    return value


# "Bilaga 2 – Ansvarsfördelning": how the archive's bilagor are titled
_BILAGA_TITLE = re.compile(r"Bilaga\s+\d+(\s*[–—-]\s*|\s+)(?=\S)", re.I)


def bilaga_title(repo: Repository, number: int, title: str) -> str:
    """``title`` in the pattern of the archive's bilagor ("Bilaga N – …"), unless
    it already starts with "Bilaga"; the separator is the one most bilagor use."""
    if title.casefold().startswith("bilaga"):
        return title
    separators = [m.group(1) for d in repo.documents if d.typ == "bilaga" and (m := _BILAGA_TITLE.match(d.name))]
    dashed = sum(1 for s in separators if s.strip())
    separator = " – " if dashed * 2 >= len(separators) else " "
    return f"Bilaga {number}{separator}{title}"


def _title(o: Options, default: str | None = None) -> str:
    title = unicodedata.normalize("NFC", " ".join((o.title or "").split()))
    if not title:
        if default is None:
            raise UsageError('ange dokumentets titel med --titel "…"')
        return default
    return title


def _status(typ: str, status: str | None) -> str:
    allowed = MEETING_STATUSES if typ == "mötesanteckning" else LIFECYCLE_STATUSES
    if status is None:
        return "utkast"
    if status not in allowed:
        hint = (
            "; fastställ det senare genom att ändra status och fylla i fastställd och giltig_från"
            if typ != "mötesanteckning"
            else ""
        )
        raise UsageError(f"--status: '{status}' går inte för {ARTICLE[typ]} — välj {' eller '.join(allowed)}{hint}")
    return status


# re-exported for the CLI
from .options import STATUSES, TEMPLATES  # noqa: E402
from .placering import bad_id_message  # noqa: E402

__all__ = [
    "NewDocumentError",
    "Options",
    "STATUSES",
    "TEMPLATES",
    "bad_id_message",
    "bilaga_number",
    "create",
    "validate",
    "write",
]
