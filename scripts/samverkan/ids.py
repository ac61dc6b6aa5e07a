"""Identifiers: the slug form every id has (spec §2)."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_LENGTH = 64

# An id is its page's address (/<id>/); these top-level names belong to the
# handbook's own pages (index pages, docs/, theme assets, the search index).
RESERVED = frozenset(
    {
        "kommuner",
        "arenor",
        "aktorer",
        "dokument",
        "amnen",
        "strukturkarta",
        "ordlista",
        "dokumenthalsa",
        "kalender",
        "prenumerera",
        "innehallsmodell",
        "tillganglighet",
        "bidra",
        "redaktorer",
        "assets",
        "pagefind",
        "filer",
        "search",
        "sitemap",
        "404",
        "index",
    }
)


def slug(text: str) -> str:
    """An id made from a title or a mistyped id: 'Lilla Edet' → 'lilla-edet'."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_ = folded.encode("ascii", "ignore").decode("ascii")
    return shorten(re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-"))


def shorten(id_: str, limit: int = MAX_LENGTH) -> str:
    """``id_`` cut to ``limit`` characters at a word boundary (a hyphen), so no
    word is cut in half; a single word longer than the limit is cut where it must."""
    if len(id_) <= limit:
        return id_
    cut = id_[: limit + 1].rfind("-")
    return (id_[:cut] if cut > 0 else id_[:limit]).rstrip("-")


def is_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_LENGTH and bool(ID_PATTERN.match(value))
