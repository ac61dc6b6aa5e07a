"""Plain language (Språklagen §11: "vårdat, enkelt och begripligt"; issue 15):
a section whose LIX is very high is pointed out, never refused."""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, info, warning
from ..lasbarhet import lix, meningar
from ..lasbarhet.text import sections
from ..source import Pos
from .base import Context, per_document, per_document_named

# LIX of a few short sentences says little; shorter sections are not judged
MIN_WORDS = 30
QUOTE = 160  # characters of the longest sentence quoted in the message
# "two or three sentences in plain Swedish" (issue 15)
MAX_SUMMARY_SENTENCES = 3


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE else text[: QUOTE - 1].rstrip() + "…"


def _each(ctx: Context, doc, name) -> Iterator[Finding]:
    threshold = ctx.settings.lix_threshold
    for section in sections(doc.body, doc.body_line, name):
        # Counted first without keeping the sentences: few sections reach the threshold.
        words, long_words, sentences = lix.counts(section.paragraphs)
        if words < MIN_WORDS or lix.round_half_up(lix.from_counts(words, long_words, sentences)) < threshold:
            continue
        yield finding(doc, section, lix.measure(section.paragraphs), threshold)


def finding(doc, section, measure, threshold: int) -> Finding:
    """The finding for a section whose measured LIX reaches ``threshold``."""
    longest = measure.longest(1)[0]
    where = f"avsnittet '{section.heading}'" if section.heading else "texten före första rubriken"
    return info(
        doc.path,
        Pos(section.line, 1),
        "lix-högt",
        f"{where} har LIX {measure.rounded} ({measure.band}), gränsen är {threshold} — längsta meningen "
        f'({longest.words} ord): "{_quote(longest.text)}" — dela långa meningar och byt långa ord mot '
        "kortare där det går",
    )


@per_document_named(_each)
def lix_per_section(ctx: Context) -> Iterator[Finding]:
    """Issue 15, plain-language measure: a section of running text with at least
    ``MIN_WORDS`` words whose LIX is at or above the threshold (``lix_threshold``
    in mkdocs.yml, default 60, "mycket svår") gets an information finding naming
    the section and its longest sentence. Never an error or a warning."""

    def name(id_: str) -> str | None:
        node = ctx.repo.get(id_)
        return node.name if node is not None else None

    for doc in ctx.repo.documents:
        yield from _each(ctx, doc, name)


@per_document
def summary_is_short(ctx: Context) -> Iterator[Finding]:
    """Issue 15, plain summary: ``sammanfattning`` is two or three sentences; a
    longer one is a warning on its line (the rest belongs in the text)."""
    for doc in ctx.repo.documents:
        text = doc.text("sammanfattning")
        if text is None:
            continue
        count = len(meningar.sentences(text))
        if count > MAX_SUMMARY_SENTENCES:
            yield warning(
                doc.path,
                doc.pos("sammanfattning"),
                "sammanfattning-lång",
                f"'sammanfattning' har {count} meningar — skriv två eller tre meningar på enkel svenska om vad "
                "dokumentet innebär för läsaren; resten hör hemma i texten",
            )


RULES = [lix_per_section, summary_is_short]
