"""An Atom 1.0 feed (RFC 4287) as bytes, written with the standard library's
ElementTree so every text is escaped.

The same feed gives the same bytes: entries come sorted, times are the
commits' own, and nothing depends on the build's clock or order.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

NS = "http://www.w3.org/2005/Atom"
# fixed namespace for the ids below: the same name always gives the same id
_IDS = uuid.UUID("4f0a3c52-8d0e-5b6a-9a1e-2c6f3b1d7e15")


def stable_id(name: str) -> str:
    """A permanent Atom id (RFC 4287 §4.2.6) for ``name``: ``urn:uuid:…``, the
    same for the same name in every build."""
    return f"urn:uuid:{uuid.uuid5(_IDS, name)}"


def timestamp(moment: dt.datetime) -> str:
    """An RFC 3339 date-time, as RFC 4287 §3.3 wants it (seconds, with offset)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    text = moment.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@dataclass(frozen=True)
class Link:
    href: str
    rel: str = "alternate"
    type: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Entry:
    """One change: ``title`` says what happened, ``summary`` the comparison's summary line."""

    id: str
    title: str
    updated: dt.datetime
    summary: str
    links: tuple[Link, ...]
    content_html: str | None = None
    categories: tuple[str, ...] = ()


@dataclass
class Feed:
    id: str
    title: str
    subtitle: str
    author: str
    links: list[Link] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    # for a feed without entries: its ``updated`` (required by RFC 4287)
    empty_updated: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    base: str | None = None  # xml:base, the feed's own address when the site's is known

    @property
    def updated(self) -> dt.datetime:
        return max((e.updated for e in self.entries), default=self.empty_updated)


def _link(parent: ET.Element, link: Link) -> None:
    attrs = {"rel": link.rel, "href": link.href}
    if link.type:
        attrs["type"] = link.type
    if link.title:
        attrs["title"] = link.title
    ET.SubElement(parent, "link", attrs)


# characters XML 1.0 cannot hold at all, not even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _NOT_XML.sub("", value)
    return element


def render(feed: Feed, entry_bytes: Callable[[Entry], bytes] | None = None) -> bytes:
    """The feed as UTF-8 XML.

    ElementTree writes the feed's own elements, then each entry at the same
    depth, then the end: each entry is written on its own (:func:`entry_xml`, or
    ``entry_bytes(entry)``, which may give what it made before for the same entry:
    a document's entries are in its own feed, its kommuner's and arenas' and the
    handbook's).
    """
    root = ET.Element("feed", {"xmlns": NS, "xml:lang": "sv"})
    if feed.base:
        root.set("xml:base", feed.base)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", timestamp(feed.updated))
    author = ET.SubElement(root, "author")
    _text(author, "name", feed.author)
    for link in feed.links:
        _link(root, link)
    _text(root, "generator", "samverkan")
    ET.indent(root)
    head = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    assert head.endswith(_END)
    made = entry_bytes or entry_xml
    entries = b"".join(b"\n  " + made(entry) for entry in feed.entries)
    return head[: -len(_END)] + entries + _END + b"\n"


_END = b"\n</feed>"


def entry_xml(entry: Entry) -> bytes:
    """One ``<entry>`` as the feed writes it, indented one level (without the
    whitespace before and after it)."""
    element = ET.Element("entry")
    _text(element, "id", entry.id)
    _text(element, "title", entry.title)
    _text(element, "updated", timestamp(entry.updated))
    _text(element, "published", timestamp(entry.updated))
    for link in entry.links:
        _link(element, link)
    for category in entry.categories:
        ET.SubElement(element, "category", {"term": category})
    _text(element, "summary", entry.summary, type="text")
    if entry.content_html is not None:
        _text(element, "content", entry.content_html, type="html")
    ET.indent(element, level=1)
    return ET.tostring(element, encoding="utf-8")
