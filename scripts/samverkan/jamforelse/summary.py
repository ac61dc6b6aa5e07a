"""The one-line Swedish summary of a comparison, with the number forms right:
"1 avsnitt ändrat", "2 avsnitt ändrade", "1 tillagt", "2 tillagda"."""

from __future__ import annotations

from .fields import MISSING, FieldChange

# kind of section change → (singular, plural); "avsnitt" is neuter
_FORMS = {
    "changed": ("ändrat", "ändrade"),
    "added": ("tillagt", "tillagda"),
    "removed": ("borttaget", "borttagna"),
}
# front matter keys named in the summary itself; the others are counted
_NAMED = ("status", "version")


def form(count: int, singular: str, plural: str) -> str:
    """``count`` with the right number form: "1 tillagt", "3 tillagda"."""
    return f"{count} {singular if count == 1 else plural}"


def sections_part(counts: dict[str, int]) -> str:
    """ "3 avsnitt ändrade, 1 tillagt" or "inga ändringar i texten"."""
    parts = [form(counts.get(kind, 0), *forms) for kind, forms in _FORMS.items() if counts.get(kind)]
    if not parts:
        return "inga ändringar i texten"
    number, _, rest = parts[0].partition(" ")
    parts[0] = f"{number} avsnitt {rest}"
    return ", ".join(parts)


def fields_part(fields: list[FieldChange]) -> list[str]:
    """ "status remiss → fastställd", "version 1.9 → 1.10", "2 andra uppgifter ändrade"."""
    parts = []
    for key in _NAMED:
        for change in fields:
            if change.key == key:
                parts.append(f"{key} {change.old or MISSING} → {change.new or MISSING}")
    others = sum(1 for change in fields if change.key not in _NAMED)
    if others:
        if parts:
            parts.append(form(others, "annan uppgift ändrad", "andra uppgifter ändrade"))
        else:
            parts.append(form(others, "uppgift ändrad", "uppgifter ändrade"))
    return parts


def summary(counts: dict[str, int], fields: list[FieldChange]) -> str:
    """The whole summary line; "inga ändringar" when nothing differs at all."""
    rest = fields_part(fields)
    text = sections_part(counts)
    if not rest and not any(counts.get(kind) for kind in _FORMS):
        return "inga ändringar"
    return "; ".join([text, *rest])
