"""Template text left in a document (issue: drafts never "gäller").

``samverkan new`` writes instructions into the body ("<!-- Skriv … -->"). A
document that still holds one is unfinished, however well its front matter
validates; the warning names the line, so the editor finds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from .. import templating
from ..finding import Finding, warning
from ..source import Pos
from .base import Context, per_document


@lru_cache(maxsize=1)
def instructions() -> frozenset[str]:
    """Every instruction line of the templates of ``samverkan new`` (``templates/ny/``), whitespace folded."""
    found = set()
    for entry in templating.NEW.iterdir():
        if not entry.name.endswith(".md"):
            continue
        for line in entry.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("<!--") and "$" not in line:
                found.add(_fold(line))
    return frozenset(found)


def _fold(line: str) -> str:
    return " ".join(line.split())


@per_document
def template_text(ctx: Context) -> Iterator[Finding]:
    """Spec §4 (the body is the document's text): an instruction from the
    templates of ``samverkan new`` left unchanged is a warning at its line."""
    known = instructions()
    for doc in ctx.repo.documents:
        if "<!--" not in doc.body:
            continue  # most documents: no line to look at
        for offset, line in enumerate(doc.body.split("\n")):
            if "<!--" in line and _fold(line) in known:
                yield warning(
                    doc.path,
                    Pos(doc.body_line + offset, line.index("<!--") + 1),
                    "mall-text",
                    "mallens anvisning står kvar oförändrad — skriv texten den ber om och ta bort "
                    "anvisningen (<!-- … -->), eller ta bort avsnittet om det inte behövs",
                )


RULES = [template_text]
