"""Where each page lives. An id's page is ``/<id>/`` (spec §2); the site's own
pages use a few fixed top-level names, which ids may therefore not take
(:data:`samverkan.ids.RESERVED`, validated as ``id-reserverat``)."""

from __future__ import annotations

import posixpath

KOMMUNER = "kommuner/index.md"
ARENOR = "arenor/index.md"
AKTORER = "aktorer/index.md"
DOKUMENT = "dokument/index.md"
AMNEN = "amnen/index.md"
STRUKTURKARTA = "strukturkarta/index.md"
ORDLISTA = "ordlista/index.md"
HALSA = "dokumenthalsa/index.md"
KALENDER = "kalender/index.md"
KALENDER_ICS = "kalender.ics"
# feeds and calendars to subscribe to, at the top of the site beside
# kalender.ics (an id names a folder, never one of these files). At the top
# because Material's instant navigation fetches sitemap.xml beside every
# <link rel="alternate"> of a page, and only the top has one.
PRENUMERERA = "prenumerera/index.md"
FLODE = "flode.xml"

TYPE_PAGES = {
    "avtal": "dokument/avtal/index.md",
    "bilaga": "dokument/bilagor/index.md",
    "uppdragshandling": "dokument/uppdragshandlingar/index.md",
    "mötesanteckning": "dokument/motesanteckningar/index.md",
}
# the types with listing pages of their own; remissvar are listed with the remiss they answer
LISTED_TYPES = tuple(TYPE_PAGES)
LEVEL_PAGES = {
    "regional": "dokument/regionalt/index.md",
    "delregional": "dokument/delregionalt/index.md",
    "lokal": "dokument/lokalt/index.md",
}


def page_path(id_: str) -> str:
    """The page of a document or registry entry."""
    return f"{id_}/index.md"


def compilation_path(id_: str) -> str:
    """The remissammanställning of a document sent on remiss."""
    return f"{id_}/remissammanstallning/index.md"


def responses_path(id_: str) -> str:
    """The comparison remiss → fastställd with the comments per section."""
    return f"{id_}/remissvar-och-beslut/index.md"


def topic_path(slug: str) -> str:
    return f"amnen/{slug}/index.md"


def relative(current: str, target: str) -> str:
    """Link from the page at ``current`` to the file ``target`` (both site paths).

    What ``posixpath.relpath`` gives; site paths (no ``.``, ``..`` or empty
    parts) are compared part by part, without its two ``abspath`` calls (a
    build makes a link some hundred thousand times)."""
    start = posixpath.dirname(current)
    here = start.split("/") if start else []
    there = target.split("/")
    if _ODD_PARTS.isdisjoint(there) and _ODD_PARTS.isdisjoint(here):
        common = 0
        for a, b in zip(here, there):
            if a != b:
                break
            common += 1
        return "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return posixpath.relpath(target, start or ".")


# parts of a path that relpath resolves against the working directory
_ODD_PARTS = frozenset({"", ".", ".."})


def history_path(id_: str) -> str:
    """A document's version history."""
    return f"{id_}/historik/index.md"


def history_data_path(id_: str) -> str:
    """The versions as data, for the history page's comparison picker."""
    return f"{id_}/historik/versioner.json"


def version_path(id_: str, number: int) -> str:
    """One version of a document, in full."""
    return f"{id_}/version/{number}/index.md"


def comparison_path(id_: str, old: int, new: int) -> str:
    """A ready-made comparison of two versions."""
    return f"{id_}/jamfor/{old}-{new}/index.md"


def comparison_file(id_: str, old: int, new: int) -> str:
    """The Word file of a ready-made comparison (tracked changes), beside its page."""
    return f"{id_}/jamfor/{old}-{new}/{id_}-jamforelse-{old}-{new}.docx"


def version_file(id_: str, number: int, fmt: str) -> str:
    """A version as Word or PDF, beside its page."""
    return f"{id_}/version/{number}/{id_}-version-{number}.{fmt}"


# attachments (spec §1) are published under filer/, beside no page of their own
ATTACHMENTS = "filer"


def plain(path: object) -> bool:
    """Whether ``path`` is a path inside the site (or a cache folder) as this
    module writes them: relative, ``/``-separated, without ``.`` or ``..``
    parts. Paths read back from a cache are checked with it: a cache restored
    from elsewhere must not make a build read or write outside its folders."""
    if not isinstance(path, str) or not path or "\\" in path or "\0" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def site_path(attachment: str) -> str:
    """``agreements/a/b.pdf`` → ``filer/a/b.pdf``."""
    return f"{ATTACHMENTS}/{attachment.split('/', 1)[1]}"


def attachment_href(attachment_path: str) -> str:
    """The published file's site path as a link writes it: a '#' in the name is
    part of the file name, not the start of a fragment."""
    return site_path(attachment_path).replace("#", "%23")


def feed_path(id_: str) -> str:
    """The Atom feed of a kommun, an arena or a document."""
    return f"flode-{id_}.xml"


def calendar_path(id_: str) -> str:
    """The calendar of a kommun, a region or an arena."""
    return f"kalender-{id_}.ics"


def is_subscription(path: str) -> bool:
    """Whether ``path`` is one of the feeds or calendars of :func:`feed_path` and :func:`calendar_path`."""
    return "/" not in path and (
        (path.startswith("flode") and path.endswith(".xml")) or (path.startswith("kalender-") and path.endswith(".ics"))
    )


def url(path: str) -> str:
    """A site path as a URL path: ``x/index.md`` → ``x/``, ``x/flode.xml`` stays."""
    return path[: -len("index.md")] if path.endswith("index.md") else path
