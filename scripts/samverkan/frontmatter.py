"""Split a document into its YAML front matter and Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SourceError

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Split:
    """The front matter text (starting on file line 2) and the body."""

    front_matter: str
    body: str
    body_line: int  # file line of the body's first line


def split(text: str) -> Split:
    """Split ``text``; raise :class:`SourceError` when the block is missing or open."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise SourceError(
            "front-matter-saknas",
            "dokumentet börjar inte med ett front matter-block — första raden ska "
            "vara '---', följd av nycklarna (id, typ, titel …) och en avslutande '---'",
        )
    for index in range(1, len(lines)):
        if _END.match(lines[index]):
            return Split(
                front_matter="\n".join(lines[1:index]) + "\n",
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise SourceError(
        "front-matter-oavslutat",
        "front matter-blocket som börjar på rad 1 avslutas aldrig — lägg till en rad "
        "med bara '---' efter sista nyckeln, före dokumentets text",
    )
