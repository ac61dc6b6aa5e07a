"""Looking up what the options name in the registry, and working out level, region and scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .. import omfattning, source
from ..errors import UsageError
from ..finding import Severity
from ..model import (
    LEVELS,
    Document,
    Entry,
    Repository,
)
from ..part import PARTY_TYPES, within_region
from ..rules import omfattning as omfattning_rules
from ..rules.base import Context
from ..suggest import did_you_mean
from ..wording import ARTICLE
from .options import OPTION, NewDocumentError, Options


def registry_candidates(repo: Repository, typ: str) -> list[str]:
    return [n.id for n in repo.of_type(typ) if n.id]


def missing_error(repo: Repository, value: str, typ: str, option: str) -> NewDocumentError:
    node = repo.get(value)
    if node is not None:
        return NewDocumentError(
            f"{OPTION[option]}: '{value}' är {ARTICLE.get(node.typ or '', 'något annat')}, inte {ARTICLE[typ]}"
            f"{did_you_mean(value, registry_candidates(repo, typ))}"
        )
    article, typ_word = ARTICLE[typ].split(" ", 1)
    none = "ingen" if article == "en" else "inget"
    return NewDocumentError(
        f"{OPTION[option]}: det finns {none} {typ_word} '{value}'{did_you_mean(value, registry_candidates(repo, typ))}"
    )


def find_entry(repo: Repository, value: str, typ: str, option: str) -> Entry:
    entry = repo.entry(value, typ)
    if entry is None:
        raise missing_error(repo, value, typ, option)
    return entry


def find_document(repo: Repository, value: str, typ: str, option: str) -> Document:
    doc = repo.document(value, typ)
    if doc is None:
        raise missing_error(repo, value, typ, option)
    return doc


def check_party(repo: Repository, value: str, region: str) -> str:
    party = repo.entry(value)
    if party is None or party.typ not in PARTY_TYPES:
        candidates = [n.id for t in PARTY_TYPES for n in repo.of_type(t) if n.id]
        what = (
            f"'{value}' är {ARTICLE.get(party.typ or '', 'något annat')}, ingen part"
            if party
            else f"det finns ingen part '{value}'"
        )
        raise NewDocumentError(
            f"--parter: {what} — en part är en region, delregion, ett kommunalförbund, en kommun "
            f"eller en organisation i registret{did_you_mean(value, candidates)}"
        )
    if not within_region(party, region):
        raise NewDocumentError(
            f"--parter: '{value}' hör inte till regionen '{region}' — parterna ska finnas inom dokumentets region"
        )
    return value


def infer_scope(repo: Repository, o: Options, anchor: Entry | None) -> tuple[str, str, str | None, list[str] | None]:
    """Level, region, delregion and kommuner of an avtal or uppdragshandling.

    What is not given is taken from the options that are (kommuner → lokal,
    delregion → delregional and its region) and then from ``anchor``, the
    arena that owns or carries out the document (None: not known, as when
    importing a Word file without --arena).
    """
    region_entry = find_entry(repo, o.region, "region", "region") if o.region else None
    delregion_entry = find_entry(repo, o.delregion, "delregion", "delregion") if o.delregion else None
    kommun_entries = [find_entry(repo, k, "kommun", "kommuner") for k in o.kommuner or []]
    anchor_level = anchor.text("nivå") if anchor is not None else None

    level = o.level
    if level is None:
        if kommun_entries:
            level = "lokal"
        elif delregion_entry is not None:
            level = "delregional"
        elif anchor_level in LEVELS:
            level = anchor_level
        else:
            raise UsageError("ange nivån med --nivå regional, delregional eller lokal")
    if level not in LEVELS:
        raise UsageError(f"--nivå: '{level}' är ingen nivå — välj regional, delregional eller lokal")

    if region_entry is not None:
        region = region_entry.id
    elif delregion_entry is not None and delregion_entry.text("region"):
        region = delregion_entry.text("region")
    elif kommun_entries and kommun_entries[0].text("region"):
        region = kommun_entries[0].text("region")
    elif anchor is not None and anchor.text("region"):
        region = anchor.text("region")
    else:
        regions = registry_candidates(repo, "region")
        if len(regions) != 1:
            raise UsageError(f"ange regionen med --region (en av: {', '.join(regions)})")
        region = regions[0]
    assert region is not None

    if level == "regional":
        ask_scope_rules(
            repo, level, region, delregion_entry.id if delregion_entry else None, [k.id for k in kommun_entries]
        )
        return level, region, None, None

    kommun_delregions = {k.id: k.text("delregion") for k in kommun_entries}
    if delregion_entry is None and len(set(kommun_delregions.values())) > 1:
        where = ", ".join(f"{k}: {d}" for k, d in kommun_delregions.items())
        raise NewDocumentError(
            f"--kommuner: kommunerna ligger i olika delregioner ({where}) — en lokal nivå omfattar "
            "bara kommuner i en delregion"
        )
    if delregion_entry is not None:
        delregion = delregion_entry.id
    elif (
        kommun_entries
        and len({k.text("delregion") for k in kommun_entries}) == 1
        and kommun_entries[0].text("delregion")
    ):
        delregion = kommun_entries[0].text("delregion")
    elif anchor_level in ("delregional", "lokal") and anchor.text("delregion"):
        delregion = anchor.text("delregion")
    else:
        choices = [e.id for e in repo.entries if e.typ == "delregion" and e.text("region") == region and e.id]
        raise UsageError(
            f"ange delregionen med --delregion — nivån är {level} (delregioner i {region}: {', '.join(choices)})"
        )
    assert delregion is not None
    if repo.entry(delregion, "delregion") is None:
        raise missing_error(repo, delregion, "delregion", "delregion")

    if level == "delregional":
        ask_scope_rules(repo, level, region, delregion, [k.id for k in kommun_entries])
        return level, region, delregion, None

    if kommun_entries:
        kommuner = [k.id for k in kommun_entries if k.id]
    elif anchor_level == "lokal" and anchor.text("delregion") == delregion and [i for _, i in anchor.ids("kommuner")]:
        kommuner = [i for _, i in anchor.ids("kommuner")]
    else:
        raise UsageError("ange kommunerna med --kommuner (kommaseparerade id) — nivån är lokal")
    kommuner = list(dict.fromkeys(kommuner))
    ask_scope_rules(repo, level, region, delregion, kommuner)
    return level, region, delregion, kommuner


# The scope rules' findings as the options' errors. The rules decide (rules/omfattning.py);
# their words name keys and lines of a file, so options that do not belong get words of their own.
_NOT_FOR_THIS_LEVEL = {
    "delregion-på-regional": (
        "--delregion används bara när nivån är delregional eller lokal — ta bort den eller ange --nivå"
    ),
    "kommuner-utan-lokal": "--kommuner används bara när nivån är lokal — ta bort den eller ange --nivå lokal",
}
_KEY_OPTION = {"delregion": "--delregion", "kommuner": "--kommuner"}


def ask_scope_rules(
    repo: Repository, level: str, region: str, delregion: str | None, kommuner: list[str] | None
) -> None:
    """Refuse a scope the validator's level rules would reject (a delregion
    outside the region, a kommun outside the delregion, a key the level does
    not take), naming the option instead of the key."""
    fields = {"id": "ny", "typ": "avtal", "nivå": level, "region": region}
    if delregion is not None:
        fields["delregion"] = delregion
    if kommuner:
        fields["kommuner"] = kommuner
    node = Document("(ny)", source.parse(yaml.safe_dump(fields, allow_unicode=True)), "", 1)
    for finding in omfattning_rules.check_level_keys(Context(repo, dt.date.today()), node):
        if finding.severity is not Severity.ERROR or finding.code in ("okänd-referens", "fel-typ"):
            continue  # what the options name is looked up, with suggestions, by find_entry
        if finding.code in _NOT_FOR_THIS_LEVEL:
            raise UsageError(_NOT_FOR_THIS_LEVEL[finding.code])
        key, _, rest = finding.message.partition(": ")
        option = _KEY_OPTION.get(key.strip("'").split(",")[0])
        raise NewDocumentError(f"{option}: {rest}" if option else finding.message)


def scope_kommuner(
    repo: Repository, level: str, region: str, delregion: str | None, kommuner: list[str] | None
) -> list[Entry]:
    if level == "regional":
        return omfattning.kommuner(repo, region=region)
    if level == "delregional":
        return omfattning.kommuner(repo, delregion=delregion)
    return [k for i in kommuner or [] if (k := repo.entry(i, "kommun"))]


def scope_fields(level: str, region: str, delregion: str | None, kommuner: list[str] | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"nivå": level, "region": region}
    if delregion is not None:
        fields["delregion"] = delregion
    if kommuner is not None:
        fields["kommuner"] = kommuner
    return fields
