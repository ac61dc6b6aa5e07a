"""The remiss round and its answers (issue 14; docs/innehallsmodell/remiss.md)."""

from __future__ import annotations

from collections.abc import Iterator

from ..body import anchor, heading_text
from ..finding import Finding, error, warning
from ..model import Document, parse_date
from ..part import within_region
from ..remiss import INSTANS_TYPES, REMISS_TYPES, block, carrier, instanser, region, round_of
from ..remiss.kommentarer import headings_with_lines, section_refs
from ..suggest import did_you_mean
from .base import Context, article, each_duplicate, label


def _with_block(ctx: Context) -> list[tuple[Document, dict]]:
    # Found once for the rules below: each would otherwise look at every document.
    return ctx.kept("remiss blocks", lambda: [(d, b) for d in ctx.repo.documents if (b := block(d)) is not None])


def _answers(ctx: Context) -> list[Document]:
    return ctx.kept("remissvar", lambda: [d for d in ctx.repo.documents if d.typ == "remissvar"])


def remiss_required(ctx: Context) -> Iterator[Finding]:
    """Remiss: a document with status remiss has a ``remiss`` block (a bilaga
    without one goes out with its avtal's)."""
    for doc in ctx.repo.documents:
        if doc.typ in REMISS_TYPES and doc.data.get("status") == "remiss" and carrier(ctx.repo, doc) is None:
            yield error(
                doc.path,
                doc.pos(),
                "nyckel-saknas",
                "nyckeln 'remiss' saknas — den krävs när status är remiss",
            )


def remiss_period(ctx: Context) -> Iterator[Finding]:
    """Remiss: ``remiss.till`` (last day to answer) is not before ``remiss.från``."""
    for doc, data in _with_block(ctx):
        start, end = parse_date(data.get("från")), parse_date(data.get("till"))
        if start and end and end < start:
            yield error(
                doc.path,
                doc.pos("remiss", "till"),
                "datum-ordning",
                f"'remiss, till' ({end}) ligger före 'remiss, från' ({start}) — sista dag att svara kan inte "
                "ligga före remissens början; rätta något av datumen",
            )


def remiss_instanser(ctx: Context) -> Iterator[Finding]:
    """Remiss: every instans exists in the registry and belongs to the document's
    region (``alla kommuner``: every kommun in the document's scope)."""
    for doc, _ in _with_block(ctx):
        home = region(ctx.repo, doc)
        home = home if ctx.repo.entry(home, "region") is not None else None
        for item in instanser(ctx.repo, doc):
            if item.via_all:
                continue
            entry, found = ctx.target(doc, item.path, item.id, INSTANS_TYPES)
            yield from found
            if entry is None or home is None:
                continue
            if not within_region(entry, home):  # an arena has a region like any party
                yield error(
                    doc.path,
                    doc.pos(*item.path),
                    "instans-utanför-region",
                    f"'{label(item.path)}': '{item.id}' ({article(entry.typ)}) hör inte till regionen '{home}' — "
                    "remissinstanserna ska finnas inom dokumentets region",
                )


def remiss_arena(ctx: Context) -> Iterator[Finding]:
    """Remiss: ``remiss.arena`` (who compiles the answers) is an arena of the document's region."""
    for doc, data in _with_block(ctx):
        if "arena" not in data:
            continue
        arena, found = ctx.target(doc, ("remiss", "arena"), data["arena"], ("arena",))
        yield from found
        home = region(ctx.repo, doc)
        if arena is not None and ctx.repo.entry(home, "region") is not None and arena.text("region") != home:
            yield error(
                doc.path,
                doc.pos("remiss", "arena"),
                "fel-region",
                f"'remiss, arena': '{arena.id}' hör till regionen '{arena.text('region')}', inte '{home}' — "
                "välj en arena i dokumentets region",
            )


def remiss_before_decision(ctx: Context) -> Iterator[Finding]:
    """Remiss: a decided version may not claim a remiss that ends after its decision date."""
    for doc, data in _with_block(ctx):
        decided, end = doc.date("fastställd"), parse_date(data.get("till"))
        if doc.data.get("status") in ("fastställd", "upphävd") and decided and end and end > decided:
            yield error(
                doc.path,
                doc.pos("remiss", "till"),
                "remiss-efter-beslut",
                f"'remiss, till' ({end}) ligger efter 'fastställd' ({decided}) — beslutet kan inte fattas "
                "innan remisstiden är slut; rätta datumen, eller ange remissen som den faktiskt var",
            )


def answer_target(ctx: Context) -> Iterator[Finding]:
    """Remissvar: ``svar_på`` names an avtal, bilaga or uppdragshandling that has
    been sent on remiss (has a ``remiss`` block, or is a bilaga to one)."""
    for answer in _answers(ctx):
        target, found = ctx.target(answer, ("svar_på",), answer.data.get("svar_på"), REMISS_TYPES)
        yield from found
        if target is not None and carrier(ctx.repo, target) is None:
            yield error(
                answer.path,
                answer.pos("svar_på"),
                "remissvar-utan-remiss",
                f"'svar_på': '{target.id}' har inte varit på remiss (nyckeln 'remiss' saknas där) — svara på "
                "rätt dokument, eller lägg till remissen i dokumentet",
            )


def answer_party(ctx: Context) -> Iterator[Finding]:
    """Remissvar: ``från`` is a registry id, and one of the remiss's instanser."""
    for answer in _answers(ctx):
        party, found = ctx.target(answer, ("från",), answer.data.get("från"), INSTANS_TYPES)
        yield from found
        target = ctx.repo.document(answer.data.get("svar_på"))
        rnd = round_of(ctx.repo, target) if target is not None and target.typ in REMISS_TYPES else None
        if party is None or rnd is None or party.id in rnd.asked_ids():
            continue
        asked = ", ".join(rnd.asked_ids()) or "inga"
        yield error(
            answer.path,
            answer.pos("från"),
            "ej-remissinstans",
            f"'från': '{party.id}' är inte en av remissinstanserna för '{target.id}' ({asked}) — rätta id:t, "
            f"eller lägg till '{party.id}' under 'remiss, instanser' i dokumentet",
        )


def answer_date(ctx: Context) -> Iterator[Finding]:
    """Remissvar: an answer dated after the last day (``remiss.till``) is late, a
    warning; one dated before the remiss began belongs to no answer of this round."""
    for answer in _answers(ctx):
        target = ctx.repo.document(answer.data.get("svar_på"))
        rnd = round_of(ctx.repo, target) if target is not None and target.typ in REMISS_TYPES else None
        day = answer.date("datum")
        if rnd is None or day is None:
            continue
        if rnd.end and day > rnd.end:
            yield warning(
                answer.path,
                answer.pos("datum"),
                "remissvar-sent",
                f"'datum': svaret är daterat {day}, efter sista svarsdag {rnd.end} — det räknas ändå och "
                "märks som sent; kontrollera datumet",
            )
        elif rnd.start and day < rnd.start:
            yield warning(
                answer.path,
                answer.pos("datum"),
                "remissvar-före-remiss",
                f"'datum': svaret är daterat {day}, före remissens början {rnd.start} — det räknas inte till "
                "den här remissen; rätta datumet",
            )


def answer_duplicate(ctx: Context) -> Iterator[Finding]:
    """Remissvar: one answer per party and remiss (reported on each)."""
    groups: dict[tuple, list] = {}
    for answer in _answers(ctx):
        key = (answer.data.get("svar_på"), answer.data.get("från"))
        if all(isinstance(k, str) for k in key):
            groups.setdefault(key, []).append(answer)
    for (target, party), answer, others in each_duplicate(groups, "från"):
        yield error(
            answer.path,
            answer.pos("från"),
            "remissvar-dubblett",
            f"'från': '{party}' har redan svarat på '{target}' i {others} — en instans lämnar ett svar; "
            "slå ihop svaren eller ta bort det ena",
        )


def answer_sections(ctx: Context) -> Iterator[Finding]:
    """Remissvar: a section named by ``[[svar_på#rubrik]]`` exists in the version
    that was on remiss; a heading that almost names one is a warning."""
    answers = list(_answers(ctx))
    if not answers:
        return  # and an archive without remissvar does not import the history's model
    from ..remiss.version import remiss_version, section_titles

    for answer in answers:
        target = ctx.repo.document(answer.data.get("svar_på"))
        if target is None or target.typ not in REMISS_TYPES:
            continue
        if target.data.get("status") == "remiss":
            version = target
        else:
            version = remiss_version(target, ctx.history)
        sections = section_titles(version)
        if sections is None:
            continue  # no history to find the remiss version in: nothing to check against
        where = f"remissversionen av '{target.id}'" if version is not target else f"'{target.id}'"
        anchors = [a for a, _ in sections]
        for ref in section_refs(answer):
            wanted = anchor(ref.heading or "")
            if wanted not in anchors:
                hint = did_you_mean(wanted, anchors)
                yield error(
                    answer.path,
                    ref.pos,
                    "avsnitt-saknas",
                    f"referensen {ref.written}: {where} har inget avsnitt '{ref.heading}'{hint} — "
                    f"avsnitt: {', '.join(anchors) or 'inga'}",
                )
        yield from _near_headings(answer, sections, where)


def _near_headings(answer, sections: list[tuple[str, str]], where: str) -> Iterator[Finding]:
    anchors = {a for a, _ in sections}
    titles = [t for _, t in sections]
    for text, line in headings_with_lines(answer):
        if anchor(heading_text(text)) in anchors or "[[" in text:
            continue
        hint = did_you_mean(text, titles)
        if hint:
            yield warning(
                answer.path,
                line,
                "avsnitt-liknar",
                f"rubriken '{text}' namnger inget avsnitt i {where}{hint} — skriv rubriken som avsnittet, "
                "annars räknas texten under den som en allmän synpunkt",
            )


def reads_body(doc) -> bool:
    """Whether these rules may read ``doc``'s body: an answer's, and that of a
    document on remiss now (older remiss versions come from git)."""
    return doc.typ == "remissvar" or doc.data.get("status") == "remiss"


RULES = [
    remiss_required,
    remiss_period,
    remiss_instanser,
    remiss_arena,
    remiss_before_decision,
    answer_target,
    answer_party,
    answer_date,
    answer_duplicate,
    answer_sections,
]
