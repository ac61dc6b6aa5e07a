"""Split a document into its YAML front matter and Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SourceError

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# The closing line, looked for from line break to line break (one search for each
# marker rather than a MULTILINE '^' tried at every character; tests/test_fast_paths.py).
_CLOSING = ("\n---", "\n...")


@dataclass(frozen=True)
class Split:
    """The front matter text (starting on file line 2) and the body."""

    front_matter: str
    body: str
    body_line: int  # file line of the body's first line


def _closing_line(text: str, newline: int) -> tuple[int, int] | None:
    """Where the first line after the line break at ``newline`` that is ``---``
    or ``...`` (trailing blanks allowed) begins, and where it ends; None when
    no line is."""
    found = None
    for marker in _CLOSING:
        at = text.find(marker, newline, found[0] if found else len(text))
        while at >= 0:
            end = text.find("\n", at + 4)
            end = len(text) if end < 0 else end
            if not text[at + 4 : end].strip(" \t"):
                found = (at + 1, end)
                break
            at = text.find(marker, at + 1, found[0] if found else len(text))
    return found


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
    end = _closing_line(text, first_end) if first_end >= 0 else None
    if end is not None:
        start, stop = end
        return Split(
            # the lines between, each with its newline (one newline when there are none)
            front_matter=text[first_end + 1 : start] or "\n",
            body=text[stop + 1 :],
            body_line=text.count("\n", 0, start) + 2,
        )
    raise SourceError(
        "front-matter-oavslutat",
        "front matter-blocket som börjar på rad 1 avslutas aldrig — lägg till en rad "
        "med bara '---' efter sista nyckeln, före dokumentets text",
    )
