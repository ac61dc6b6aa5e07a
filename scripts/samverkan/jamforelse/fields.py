"""The front matter of two versions compared key by key, as readable Swedish."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Document
from ..wording import INTERN_TEXT

MISSING = "(saknas)"

LABELS = {
    "id": "Id",
    "typ": "Typ",
    "titel": "Titel",
    "status": "Status",
    "version": "Version",
    "nivå": "Nivå",
    "region": "Region",
    "delregion": "Delregion",
    "kommuner": "Kommuner",
    "parter": "Parter",
    "dokumentägare": "Dokumentägare",
    "fastställd": "Fastställd",
    "fastställd_av": "Fastställd av",
    "giltig_från": "Giltig från",
    "giltig_till": "Giltig till",
    "upphävd": "Upphävd",
    "revideras": "Revideras",
    "diarienummer": "Diarienummer",
    "ersätter": "Ersätter",
    "tillämpar": "Tillämpar",
    "beslutsprocess": "Beslutsprocess",
    "antagande": "Antagande",
    "ämnen": "Ämnen",
    "relaterade": "Relaterade",
    "publicering": "Publicering",
    "bilaga_till": "Bilaga till",
    "nummer": "Nummer",
    "uppdragsgivare": "Uppdragsgivare",
    "uppdragstagare": "Uppdragstagare",
    "rapporterar_till": "Rapporterar till",
    "tidsram": "Tidsram",
    "aktiviteter": "Aktiviteter",
    "arena": "Arena",
    "datum": "Datum",
    "tid": "Tid",
    "mötesform": "Mötesform",
    "deltagare": "Deltagare",
    "antecknare": "Antecknare",
    "behandlade": "Behandlade",
}

# In a list of mappings the first of these keys names the item: "Remiss (från 2025-11-15)".
_NAME_KEYS = ("steg", "aktivitet", "namn", "part")

Hide = Callable[[str], bool]


def label(key: str) -> str:
    """The Swedish label of a front matter key."""
    return LABELS.get(key) or key.replace("_", " ").capitalize()


@dataclass(frozen=True)
class FieldChange:
    """One front matter key whose value differs between the versions.

    Scalars and mappings have ``old``/``new`` (None when the key is absent);
    lists of values (parter, ämnen, …) have the ``added`` and ``removed`` items.
    """

    key: str
    label: str
    old: str | None = None
    new: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    is_list: bool = False

    @property
    def before(self) -> str:
        """What the "Före" column shows."""
        if self.is_list:
            return f"Borttagna: {', '.join(self.removed)}" if self.removed else "–"
        return MISSING if self.old is None else self.old

    @property
    def after(self) -> str:
        """What the "Efter" column shows."""
        if self.is_list:
            return f"Tillagda: {', '.join(self.added)}" if self.added else "–"
        return MISSING if self.new is None else self.new

    @property
    def text(self) -> str:
        """The change in one line: "remiss → fastställd" or "Tillagda: ale; Borttagna: borås"."""
        if self.is_list:
            parts = [f"Tillagda: {', '.join(self.added)}"] if self.added else []
            parts += [f"Borttagna: {', '.join(self.removed)}"] if self.removed else []
            return "; ".join(parts)
        return f"{self.before} → {self.after}"


class _Reader:
    """Readable values of one document: raw scalars, hidden ids masked."""

    def __init__(self, doc: Document, hide: Hide | None):
        self.doc = doc
        self.hide = hide

    def scalar(self, value: Any, path: tuple) -> str:
        raw = self.doc.raw(*path)
        if isinstance(value, bool):
            text = "ja" if value else "nej"
        else:
            text = raw if raw is not None else ("" if value is None else str(value))
        text = " ".join(text.split())
        if self.hide is not None and text and self.hide(text):
            return INTERN_TEXT
        return text

    def value(self, value: Any, path: tuple) -> str:
        if isinstance(value, dict):
            return self.mapping(value, path)
        if isinstance(value, list):
            return "; ".join(self.value(item, path + (index,)) for index, item in enumerate(value))
        return self.scalar(value, path)

    def mapping(self, value: dict, path: tuple) -> str:
        parts = [(k, self.value(v, path + (k,))) for k, v in value.items()]
        if parts and parts[0][0] in _NAME_KEYS:
            rest = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in parts[1:])
            return f"{parts[0][1]} ({rest})" if rest else parts[0][1]
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in parts)

    def items(self, key: str) -> list[tuple[str, str]]:
        """(comparable, shown) text of each item of a list value."""
        value = self.doc.data.get(key)
        reveal = _Reader(self.doc, None)
        return [(reveal.value(item, (key, index)), self.value(item, (key, index))) for index, item in enumerate(value)]


def order(keys: list[str]) -> list[str]:
    """``keys`` in the order of the content model (the order of :data:`LABELS`),
    keys it does not name last, as they came: every page lists changes alike."""
    known = {key: index for index, key in enumerate(LABELS)}
    return sorted(keys, key=lambda k: (k not in known, known.get(k, 0)))


def compare_fields(old: Document, new: Document, hide: Hide | None = None) -> list[FieldChange]:
    """Every front matter key whose value differs, in the content model's order."""
    before, after = _Reader(old, hide), _Reader(new, hide)
    plain_old, plain_new = _Reader(old, None), _Reader(new, None)
    keys = order(list(new.data) + [k for k in old.data if k not in new.data])
    out = []
    for key in keys:
        a, b = old.data.get(key), new.data.get(key)
        if key in old.data and key in new.data and plain_old.value(a, (key,)) == plain_new.value(b, (key,)):
            continue
        if key not in old.data and key not in new.data:
            continue
        if isinstance(a, (list, type(None))) and isinstance(b, (list, type(None))) and (a or b):
            change = _list_change(key, before, after, a is not None, b is not None)
            if change is not None:
                out.append(change)
                continue
        out.append(
            FieldChange(
                key,
                label(key),
                before.value(a, (key,)) if key in old.data else None,
                after.value(b, (key,)) if key in new.data else None,
            )
        )
    return out


def _list_change(key: str, before: _Reader, after: _Reader, had: bool, has: bool) -> FieldChange | None:
    """Added and removed items; None when only the order changed (shown as before/after)."""
    old_items = before.items(key) if had else []
    new_items = after.items(key) if has else []
    old_set = {c for c, _ in old_items}
    new_set = {c for c, _ in new_items}
    added = tuple(shown for c, shown in new_items if c not in old_set)
    removed = tuple(shown for c, shown in old_items if c not in new_set)
    if not added and not removed:
        return None
    return FieldChange(key, label(key), added=added, removed=removed, is_list=True)


def field_data(doc: Document, hide: Hide | None = None) -> dict:
    """Every front matter key of ``doc`` as JSON-ready data, for comparing in
    the browser exactly as :func:`compare_fields` does: ``keys`` in the
    content model's order, and per key its ``label``, ``plain`` value (what
    is compared), ``shown`` value (hidden ids masked), its ``kind`` ("list",
    "none" for null, "other") and a list's ``items`` as [comparable, shown] pairs."""
    reader, plain = _Reader(doc, hide), _Reader(doc, None)
    known = {key: index for index, key in enumerate(LABELS)}
    values = {}
    for key, value in doc.data.items():
        entry = {
            "label": label(key),
            "rank": known.get(key),
            "plain": plain.value(value, (key,)),
            "shown": reader.value(value, (key,)),
            "kind": "list" if isinstance(value, list) else "none" if value is None else "other",
        }
        if isinstance(value, list):
            entry["items"] = [list(pair) for pair in reader.items(key)]
        values[key] = entry
    return {"keys": list(doc.data), "values": values}


def opaque(datas: list[dict]) -> list[dict]:
    """The :func:`field_data` of several versions of one document with every
    compared value (``plain``, the first of each list item) replaced by a
    token standing for it: equal values get equal tokens across the versions,
    so comparing gives the same result, but a hidden id compared behind the
    "(internt dokument)" shown never leaves the build."""
    tokens: dict[tuple[str, str], str] = {}

    def token(key: str, value: str) -> str:
        return tokens.setdefault((key, value), f"v{len(tokens)}")

    out = []
    for data in datas:
        values = {}
        for key, entry in data["values"].items():
            entry = dict(entry, plain=token(key, entry["plain"]))
            if "items" in entry:
                entry["items"] = [[token(key + "[]", comparable), shown] for comparable, shown in entry["items"]]
            values[key] = entry
        out.append({"keys": data["keys"], "values": values})
    return out
