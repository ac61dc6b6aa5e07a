"""Split a document into its YAML front matter and Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SourceError

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_END_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Split:
    """The front matter text (starting on file line 2) and the body."""

    front_matter: str
    body: str
    body_line: int  # file line of the body's first line


def split(text: str) -> Split:
    """Split ``text``; raise :class:`SourceError` when the block is missing or open.

    Lines are ``text.split("\\n")``: the block ends at the first line after the
    first that is ``---`` or ``...`` (trailing blanks allowed); the body is
    everything after that line, found without splitting it into lines.
    """
    first_end = text.find("\n")
    if not _FENCE.match(text if first_end < 0 else text[:first_end]):
        raise SourceError(
            "front-matter-saknas",
            "dokumentet börjar inte med ett front matter-block — första raden ska "
            "vara '---', följd av nycklarna (id, typ, titel …) och en avslutande '---'",
        )
    end = _END_LINE.search(text, first_end + 1) if first_end >= 0 else None
    if end is not None:
        return Split(
            # the lines between, each with its newline (one newline when there are none)
            front_matter=text[first_end + 1 : end.start()] or "\n",
            body=text[end.end() + 1 :],
            body_line=text.count("\n", 0, end.start()) + 2,
        )
    raise SourceError(
        "front-matter-oavslutat",
        "front matter-blocket som börjar på rad 1 avslutas aldrig — lägg till en rad "
        "med bara '---' efter sista nyckeln, före dokumentets text",
    )
