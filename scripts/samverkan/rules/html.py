"""Raw HTML in bodies: nothing that runs in a reader's browser (spec §3, brödtext)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import body, htmlpolicy
from ..finding import Finding, error
from ..source import Pos
from .base import Context, per_document

_FIX = {
    "element": "ta bort elementet; webbplatsen tar bort det ändå, och skript körs aldrig från dokumenttext",
    "attribut": "ta bort attributet; händelseattribut (on…) kör skript och tas bort på webbplatsen",
    "url": "skriv en vanlig webbadress (https://…) eller en relativ länk till en fil i arkivet",
}
_WHAT = {"element": "elementet <{}>", "attribut": "attributet {}", "url": "länkmålet '{}'"}


@per_document
def no_script_in_body(ctx: Context) -> Iterator[Finding]:
    """§3: a body's raw HTML may not hold ``<script>`` (or other elements that load
    or run something), event-handler attributes, or ``javascript:`` URLs."""
    for doc in ctx.repo.documents:
        if doc.body.count("[") > _MANY_BRACKETS:
            yield from _linear(doc)
            continue
        for problem in htmlpolicy.scan(doc.body):
            what = _WHAT[problem.kind].format(_short(problem.what))
            yield error(
                doc.path,
                Pos(doc.body_line + problem.line, 1),
                "farlig-html",
                f"{what} är inte tillåtet i dokumenttexten — {_FIX[problem.kind]}",
            )


# markdown-it's link parser is quadratic in unmatched brackets: a 1 MB body of
# '[' and '](' takes minutes. Such bodies get the linear line scan instead.
_MANY_BRACKETS = 10_000


def _linear(doc) -> Iterator[Finding]:
    for problem in body.active_content(doc.body, doc.body_line):
        yield error(doc.path, problem, problem.code, problem.message)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULES = [no_script_in_body]
