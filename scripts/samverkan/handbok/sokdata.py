"""What the search index knows about a page besides its text (Pagefind).

Every page of the handbook carries a hidden element with Pagefind metadata
(shown in the results: type, status, region, the avtal of a bilaga) and
filters (type, status, region, level, avtal, and ``rang``). The search
(``overrides/assets/javascripts/sok.js``) asks for one ``rang`` after the
other, so the documents in force come before proposals, repealed documents,
listing pages and, only when asked for, the editors' pages; within a rank,
Pagefind's own relevance decides.
"""

from __future__ import annotations

from html import escape

# ranks, in the order results are shown
IN_FORCE = "1"  # gällande, or decided and coming into force
OTHER_DOCUMENT = "2"  # remiss, utkast, mötesanteckningar
NO_LONGER = "3"  # upphävd, no longer valid
LISTING = "4"  # kommun, arena and overview pages: they list documents, they are not them
EDITORS = "5"  # the content model, contributing, validation: behind a filter of their own

# docs/ folders written for editors
EDITOR_FOLDERS = ("innehallsmodell/", "bidra/", "redaktorer/")


def block(meta: dict[str, str], filters: dict[str, str], rank: str) -> str:
    """The hidden element; values are text and are escaped."""
    parts = [f'<span data-pagefind-meta="{escape(k)}">{escape(v)}</span>' for k, v in meta.items() if v]
    parts += [f'<span data-pagefind-filter="{escape(k)}">{escape(v)}</span>' for k, v in filters.items() if v]
    parts.append(f'<span data-pagefind-filter="rang">{rank}</span>')
    return f'<div class="sv-sokdata" hidden data-pagefind-ignore>{"".join(parts)}</div>'


def listing(kind: str) -> str:
    """A page that lists documents or describes the structure."""
    return block({"typ": kind}, {"typ": kind}, LISTING)


def editors() -> str:
    """A page written for editors and maintainers."""
    return block({"typ": "För redaktörer"}, {"typ": "För redaktörer"}, EDITORS)


def docs_page(path: str) -> str:
    """A hand-written page of ``docs/`` (``path`` relative to it)."""
    if path.startswith(EDITOR_FOLDERS):
        return editors()
    return listing("Sida")
