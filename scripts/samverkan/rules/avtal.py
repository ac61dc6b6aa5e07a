"""Avtal: parties, owner, what it applies, adoption (spec §4, §6)."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, error, warning
from ..model import level_rank, parse_date
from ..omfattning import scope
from ..part import PARTY_TYPES, within_region
from ..wording import article
from .base import Context, label


def _avtal(ctx: Context):
    return (d for d in ctx.repo.documents if d.typ == "avtal")


def parties(ctx: Context) -> Iterator[Finding]:
    """§4, §6: ``parter`` are registry ids of a region, delregion, kommunalförbund,
    kommun or organisation, all within the document's region."""
    for doc in _avtal(ctx):
        region = ctx.region(doc)
        for path, value in doc.ids("parter"):
            party, found = ctx.target(doc, path, value, PARTY_TYPES)
            yield from found
            if party is None or region is None:
                continue
            if not within_region(party, region):
                yield error(
                    doc.path,
                    doc.pos(*path),
                    "part-utanför-region",
                    f"'{label(path)}': '{value}' ({article(party.typ)}) hör inte till regionen '{region}' — "
                    "parterna ska finnas inom dokumentets region",
                )


def owner(ctx: Context) -> Iterator[Finding]:
    """§4: ``dokumentägare`` is an arena (avtal; uppdragshandling when written)."""
    for doc in ctx.repo.documents:
        if doc.typ in ("avtal", "uppdragshandling") and "dokumentägare" in doc.data:
            yield from ctx.resolve(doc, ("dokumentägare",), doc.data["dokumentägare"], ("arena",))


def applies(ctx: Context) -> Iterator[Finding]:
    """§4: ``tillämpar`` is for a delregional or lokal avtal and names an avtal of a
    higher level in the same region."""
    for doc in _avtal(ctx):
        value = doc.data.get("tillämpar")
        if value is None:
            continue
        if doc.data.get("nivå") == "regional":
            yield error(
                doc.path,
                doc.pos("tillämpar"),
                "tillämpar-på-regional",
                "'tillämpar' används av ett delregionalt eller lokalt avtal som tillämpar ett "
                "avtal på högre nivå — ett regionalt avtal kan inte tillämpa något; ta bort raden",
            )
            continue
        target, found = ctx.target(doc, ("tillämpar",), value, ("avtal",))
        yield from found
        if target is None:
            continue
        own, their = level_rank(doc.data.get("nivå")), level_rank(target.data.get("nivå"))
        if own is not None and their is not None and their <= own:
            yield error(
                doc.path,
                doc.pos("tillämpar"),
                "tillämpar-nivå",
                f"'tillämpar': '{value}' är {target.data['nivå']}t, inte på högre nivå än detta "
                f"({doc.data['nivå']}) — ett avtal tillämpar ett avtal på högre nivå",
            )
        elif ctx.region(doc) and target.text("region") != ctx.region(doc):
            yield error(
                doc.path,
                doc.pos("tillämpar"),
                "fel-region",
                f"'tillämpar': '{value}' hör till regionen '{target.text('region')}', inte '{doc.text('region')}'",
            )


def adoption(ctx: Context) -> Iterator[Finding]:
    """§4: each ``antagande.part`` is one of ``parter`` or a kommun in the document's
    scope, at most once; a ``datum`` after today is a warning."""
    for doc in _avtal(ctx):
        allowed = {v for _, v in doc.ids("parter")} | {k.id for k in scope(ctx.repo, doc)}
        first: dict[str, int] = {}
        for index, item in doc.items("antagande"):
            if not isinstance(item, dict):
                continue
            part = item.get("part")
            path = ("antagande", index, "part")
            if isinstance(part, str):
                if part in first:
                    yield error(
                        doc.path,
                        doc.pos(*path),
                        "antagande-dubblett",
                        f"'{label(path)}': '{part}' har redan ett antagande på rad "
                        f"{doc.pos('antagande', first[part], 'part').line} — en "
                        "part antar ett avtal en gång; ta bort den ena posten",
                    )
                else:
                    first[part] = index
                    if part not in allowed and ctx.repo.get(part) is not None:
                        yield error(
                            doc.path,
                            doc.pos(*path),
                            "antagande-ej-part",
                            f"'{label(path)}': '{part}' är inte part i avtalet och ingen kommun i dess "
                            "omfattning — lägg till den i 'parter' eller rätta id:t",
                        )
                    elif part not in allowed:
                        yield from ctx.resolve(
                            doc, path, part, ("kommun", "region", "organisation", "kommunalförbund", "delregion")
                        )
            when = parse_date(item.get("datum"))
            if when is not None and when > ctx.today:
                yield warning(
                    doc.path,
                    doc.pos("antagande", index, "datum"),
                    "antagande-framtid",
                    f"'{label(path[:-1] + ('datum',))}': {when.isoformat()} ligger efter dagens datum "
                    f"({ctx.today.isoformat()}) — ett antagande registreras när beslutet är fattat",
                )


RULES = [parties, owner, applies, adoption]
