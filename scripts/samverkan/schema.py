"""The JSON Schemas in ``schemas/``, applied with ``jsonschema``, and their
errors turned into located Swedish findings.

The schemas are the single source for key names, types, enums and required
keys; this module only chooses the schema for a node and words the errors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import limits
from .finding import Finding, Severity
from .ids import slug
from .model import REGISTRY_TYPES, Document, Entry
from .source import Pos
from .suggest import did_you_mean

if TYPE_CHECKING:  # jsonschema is imported when a file needs explaining (a tenth of a second)
    import jsonschema


def _schema_dir() -> Path:
    """The repository's schemas/ when running from a checkout, else the copy
    installed with the package (see pyproject.toml)."""
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "schemas"


SCHEMA_DIR = _schema_dir()

DOCUMENT_SCHEMAS = {
    "avtal": "avtal.schema.json",
    "bilaga": "bilaga.schema.json",
    "uppdragshandling": "uppdragshandling.schema.json",
    "mötesanteckning": "motesanteckning.schema.json",
    "remissvar": "remissvar.schema.json",
}

# Keys a bilaga inherits from its avtal: writing them gets a specific fix.
INHERITED_BY_BILAGA = ("nivå", "region", "delregion", "kommuner", "parter", "dokumentägare")


@lru_cache(maxsize=1)
def _registry() -> Registry:
    resources = []
    for file in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(file.read_text(encoding="utf-8"))
        resources.append((file.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def _format_checker() -> jsonschema.FormatChecker:
    """Draft 2020-12's format checks, with dates limited to years the site's
    calendar and date arithmetic can hold (``limits.MIN_YEAR``–``MAX_YEAR``)."""
    import jsonschema
    from jsonschema import Draft202012Validator

    checker = jsonschema.FormatChecker()
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    standard = checker.checkers["date"][0]

    @checker.checks("date", raises=ValueError)
    def date(value: object) -> bool:
        if not standard(value):
            return False
        return not isinstance(value, str) or limits.MIN_YEAR <= int(value[:4]) <= limits.MAX_YEAR

    return checker


@cache
def _validator(ref: str) -> jsonschema.Draft202012Validator:
    from jsonschema import Draft202012Validator

    # The schemas are not recursive, so every $ref can be inlined once up front:
    # validation then never resolves references (several times faster).
    return Draft202012Validator(_inline({"$ref": ref}, ""), format_checker=_format_checker())


def _valid(ref: str, data: Any) -> bool:
    """The fast path: whether jsonschema-rs finds ``data`` valid against the same
    inlined schema and the same date format. False on any doubt (then jsonschema
    decides and words every message)."""
    try:
        return _fast_validator(ref).is_valid(data)
    except Exception:  # noqa: BLE001 - e.g. a value it cannot take (a float 'inf'): let jsonschema judge
        return False


@cache
def _fast_validator(ref: str) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(
        _inline({"$ref": ref}, ""), formats={"date": _date_format}, validate_formats=True
    )


def _date_format(value: str) -> bool:
    """The fast path's date format: true only for what the format checker of
    :func:`_format_checker` accepts (jsonschema's ``date``: four, two and two
    ASCII digits making a real day; here also within the years allowed); for
    anything else jsonschema decides."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        return limits.MIN_YEAR <= dt.date.fromisoformat(value).year <= limits.MAX_YEAR
    except ValueError:
        return False


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _inline(node: Any, base: str) -> Any:
    """``node`` with every ``$ref`` replaced by its target (``base``: the file it is in)."""
    if isinstance(node, list):
        return [_inline(item, base) for item in node]
    if not isinstance(node, dict):
        return node
    rest = {k: _inline(v, base) for k, v in node.items() if k not in ("$ref", "$defs", "$id", "$schema")}
    ref = node.get("$ref")
    if ref is None:
        return rest
    target = ref if not ref.startswith("#") else base + ref
    resolved = _inline(_resolve(target), target.split("#")[0])
    return {"allOf": [resolved], **rest} if rest else resolved


def _resolve(ref: str) -> dict:
    return _registry().resolver().lookup(ref).contents


@cache
def allowed_keys(ref: str) -> tuple[str, ...]:
    """Every key a schema accepts, following ``$ref`` and ``allOf``."""
    schema = _resolve(ref)
    base = ref.split("#")[0]
    keys: list[str] = list(schema.get("properties", {}))
    parts = [schema.get("$ref")] + [s.get("$ref") for s in schema.get("allOf", [])]
    for part in parts:
        if part:
            target = part if not part.startswith("#") else base + part
            keys.extend(k for k in allowed_keys(target) if k not in keys)
    return tuple(keys)


def document_ref(typ: Any) -> str:
    """The schema for a document of this ``typ`` (the dispatcher when it is unknown)."""
    return DOCUMENT_SCHEMAS.get(typ, "dokument.schema.json") if isinstance(typ, str) else "dokument.schema.json"


def entry_ref(typ: Any) -> str:
    if typ in REGISTRY_TYPES:
        return f"organisation.schema.json#/$defs/{typ}"
    return "organisation.schema.json#/$defs/post"


def check_document(doc: Document) -> list[Finding]:
    """Schema findings for one document's front matter."""
    ref = document_ref(doc.typ)
    return list(_findings(doc.path, ref, doc.data, doc.pos, typ=doc.typ))


def check_entry(entry: Entry) -> list[Finding]:
    """Schema findings for one registry entry."""
    return list(_findings(entry.path, entry_ref(entry.typ), entry.data, entry.pos, typ=entry.typ))


def check_glossary(path: str, data: Any, pos) -> list[Finding]:
    """Schema findings for ``ordlista.yml``."""
    return list(_findings(path, "ordlista.schema.json", data, pos, typ=None))


def _findings(path: str, ref: str, data: Any, pos, typ: Any) -> Iterable[Finding]:
    if _valid(ref, data):
        return  # nothing to explain: most files, decided many times faster
    seen = set()
    for err in _validator(ref).iter_errors(data):
        for finding in _translate(path, ref, err, data, pos, typ):
            key = (finding.line, finding.column, finding.message)
            if key not in seen:
                seen.add(key)
                yield finding


def _where(location: tuple) -> str:
    """A Swedish description of a path: 'beslutsprocess, punkt 2: från'."""
    parts: list[str] = []
    for element in location:
        if isinstance(element, int):
            parts.append(f"punkt {element + 1}")
        else:
            parts.append(str(element))
    return ", ".join(parts)


def _key_of(location: tuple) -> str:
    for element in reversed(location):
        if isinstance(element, str):
            return element
    return ""


def _translate(path, ref, err: jsonschema.ValidationError, data, pos, typ) -> Iterable[Finding]:
    location = tuple(err.absolute_path)
    here: Pos = pos(*location)
    key = _where(location)
    value = err.instance
    kind = err.validator

    def emit(code: str, message: str, at: Pos = here, severity=Severity.ERROR) -> Finding:
        return Finding(path, at.line, at.column, severity, code, message)

    if "propertyNames" in err.relative_schema_path or "propertyNames" in err.schema_path:
        at = pos(*location, value) if isinstance(value, str) else here
        yield emit(
            "ogiltigt-värde",
            f"'{value}' duger inte som nyckel här — en förkortning är 1–40 tecken utan "
            "inledande eller avslutande mellanslag",
            at,
        )
        return
    if kind == "required":
        present = value if isinstance(value, dict) else {}
        for missing in err.validator_value:
            if missing not in present:
                where = f" i {key}" if key else ""
                yield emit("nyckel-saknas", f"nyckeln '{missing}' saknas{where} — lägg till '{missing}: …'")
    elif kind in ("unevaluatedProperties", "additionalProperties"):
        if not isinstance(value, dict):
            return
        allowed = _allowed_at(ref, location, err)
        for extra in value:
            if extra in allowed:
                continue
            at = pos(*location, extra)
            if typ == "bilaga" and not location and extra in INHERITED_BY_BILAGA:
                yield emit(
                    "nyckel-ärvs",
                    f"'{extra}' ärvs från avtalet i 'bilaga_till' och ska inte skrivas i en bilaga — ta bort raden",
                    at,
                )
            else:
                hint = did_you_mean(extra, allowed)
                where = f" i {key}" if key else ""
                fix = hint or f" — tillåtna nycklar här: {', '.join(allowed)}"
                yield emit("okänd-nyckel", f"okänd nyckel '{extra}'{where}{fix}", at)
    elif kind == "type":
        yield emit("fel-typ", f"'{key}' {_type_text(err.validator_value, value)}")
    elif kind in ("enum", "const"):
        options = err.validator_value if kind == "enum" else [err.validator_value]
        hint = did_you_mean(str(value), [str(o) for o in options])
        if kind == "const" and _key_of(location) == "typ":
            return  # the dispatcher picked the schema from this very value
        yield emit(
            "ogiltigt-värde",
            f"'{value}' är inte ett tillåtet värde för '{key}'{hint or ''} — tillåtna värden: "
            + ", ".join(str(o) for o in options),
        )
    elif kind == "format" and err.validator_value == "date":
        if _iso_date(value):  # a real date, outside the years allowed
            yield emit(
                "ogiltigt-datum",
                f"'{key}': '{value}' ligger utanför åren {limits.MIN_YEAR}–{limits.MAX_YEAR}, som handboken kan "
                "visa — skriv ett verkligt datum; ett avtal som gäller tills vidare har ingen giltig_till",
            )
        elif isinstance(value, str) and len(value) > 10 and value[:10].count("-") == 2:
            yield emit("ogiltigt-datum", f"'{key}': '{value}' — ett datum skrivs utan klockslag, t.ex. {value[:10]}")
        else:
            yield emit(
                "ogiltigt-datum",
                f"'{key}': '{value}' är inget giltigt datum — skriv ÅÅÅÅ-MM-DD, t.ex. 2025-01-01",
            )
    elif kind == "pattern" and _key_of(location) == "tid":
        yield emit("ogiltigt-värde", f"'tid': '{value}' — skriv tiden som \"09:00\" eller \"09:00-15:00\"")
    elif kind in ("pattern", "maxLength") and "instanser" in location:
        yield emit(
            "ogiltigt-id",
            f"'{key}': '{value}' är inget id — skriv id:t på en remissinstans i registret, eller "
            "'alla kommuner' för alla kommuner som dokumentet gäller för",
        )
    elif kind in ("pattern", "maxLength") and isinstance(value, str) and err.schema.get("maxLength") == 64:
        suggestion = slug(value)
        fix = f", t.ex. '{suggestion}'" if suggestion and suggestion != value else ""
        yield emit(
            "ogiltigt-id",
            f"'{key}': '{value}' är inget giltigt id — använd bara små bokstäver a–z, siffror "
            f"och bindestreck, högst 64 tecken{fix}",
        )
    elif kind == "pattern" and _key_of(location) == "github_team":
        yield emit(
            "ogiltigt-värde",
            f"'github_team': '{value}' är inget GitHub-team — skriv @organisation/team, "
            "t.ex. @exempelregion/vardsamverkan-vg",
        )
    elif kind == "pattern" and _key_of(location) == "e-post":
        yield emit(
            "ogiltigt-värde",
            f"'{key}': '{value}' är ingen e-postadress — skriv en funktionsbrevlåda, t.ex. kansli@exempel.se",
        )
    elif kind == "pattern" or kind == "propertyNames":
        yield emit("ogiltigt-värde", f"'{key}': ogiltigt värde '{value}'")
    elif kind == "minLength":
        yield emit("tomt-värde", f"'{key}' får inte vara tomt — skriv ett värde eller ta bort raden")
    elif kind == "minItems":
        yield emit("tom-lista", f"listan '{key}' får inte vara tom — lägg till minst ett id")
    elif kind == "minimum":
        yield emit("ogiltigt-värde", f"'{key}' ska vara {err.validator_value} eller större, inte {value}")
    elif kind == "uniqueItems":
        yield emit("dubblett-i-lista", f"listan '{key}' innehåller samma värde flera gånger — ta bort dubbletten")
    elif kind in ("allOf", "anyOf", "oneOf", "if", "then", "$ref"):
        return
    else:
        yield emit("schemafel", f"'{key}': {err.message}")


def _iso_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _allowed_at(ref: str, location: tuple, err) -> tuple[str, ...]:
    if not location:
        return allowed_keys(ref)
    return tuple(err.schema.get("properties", {}))


_TYPE_TEXT = {
    "string": "ska vara text",
    "integer": "ska vara ett heltal utan citattecken, t.ex. 1",
    "number": "ska vara ett tal",
    "boolean": "ska vara true eller false (ja, nej, yes och no räknas som text)",
    "array": "ska vara en lista: en rad per värde som börjar med '- '",
    "object": "ska vara nycklar med värden på egna, indragna rader",
}


def _type_text(expected, value) -> str:
    names = expected if isinstance(expected, list) else [expected]
    wanted = " eller ".join(_TYPE_TEXT.get(n, n) for n in names)
    if "integer" in names and isinstance(value, str):
        return f'{wanted} (nu står det "{value}")'
    if "boolean" in names:
        return f"{wanted}, inte '{value}'"
    if "string" in names and value is None:
        return "saknar värde — skriv ett värde efter kolonet eller ta bort raden"
    return wanted
