"""The model: registry entries, documents and the repository holding them.

Both kinds of node answer the same questions (id, typ, where is this key?) so
rules and the site can treat a reference target without caring which it is.
Accessors never raise on badly typed data: the schema reports the type error,
the rules simply see "no usable value".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import body as body_module
from .source import KeyPath, Parsed, Pos

DOCUMENT_TYPES = ("avtal", "bilaga", "uppdragshandling", "mötesanteckning", "remissvar")
REGISTRY_TYPES = ("region", "delregion", "kommunalförbund", "kommun", "organisation", "arena")
LEVELS = ("lokal", "delregional", "regional")  # ordered: lokal < delregional < regional


def level_rank(level: Any) -> int | None:
    """Order of a ``nivå`` value, or None when it is not one."""
    return LEVELS.index(level) if level in LEVELS else None


def parse_date(value: Any) -> dt.date | None:
    """A written ISO date as a date, or None when it is not a valid one."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _text(data: dict, key: str) -> str | None:
    """The front matter's ``key`` when it is a string (an id, a typ), else None."""
    value = data.get(key)
    return value if isinstance(value, str) else None


class Node:
    """What registry entries and documents have in common."""

    path: str
    data: dict

    def pos(self, *path: Any) -> Pos:
        raise NotImplementedError

    # Cached: the rules across documents ask a node's id and typ a million
    # times over a region's archive, and the loader never changes them.
    @cached_property
    def id(self) -> str | None:
        return _text(self.data, "id")

    @cached_property
    def typ(self) -> str | None:
        return _text(self.data, "typ")

    def _keep_id_typ(self, data: Any) -> None:
        """Find id and typ at once rather than on first read (a call in Python each)."""
        if isinstance(data, dict):
            found = self.__dict__
            found["id"] = _text(data, "id")
            found["typ"] = _text(data, "typ")

    @property
    def line(self) -> int:
        return self.pos().line

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        return value if isinstance(value, str) and value.strip() else None

    def date(self, key: str) -> dt.date | None:
        return parse_date(self.data.get(key))

    def items(self, key: str) -> list[tuple[int, Any]]:
        """(index, item) of a list value; [] when absent or not a list."""
        value = self.data.get(key)
        return list(enumerate(value)) if isinstance(value, list) else []

    def ids(self, key: str) -> Iterator[tuple[KeyPath, str]]:
        """Every id written under ``key`` (a single id or a list), with its path."""
        value = self.data.get(key)
        if isinstance(value, str):
            yield (key,), value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield (key, index), item

    @property
    def name(self) -> str:
        raise NotImplementedError


@dataclass(eq=False)
class Entry(Node):
    """One registry entry: region, delregion, kommunalförbund, kommun, organisation or arena."""

    path: str
    index: int
    data: dict
    parsed: Parsed

    def __post_init__(self) -> None:
        self._keep_id_typ(self.data)

    def pos(self, *path: Any) -> Pos:
        return self.parsed.pos((self.index,) + tuple(path))

    @property
    def name(self) -> str:
        return self.text("namn") or self.id or "?"

    @property
    def is_document(self) -> bool:
        return False


@dataclass(eq=False)
class Document(Node):
    """One Markdown document with its front matter."""

    path: str
    parsed: Parsed
    body: str
    body_line: int
    refs: list[body_module.BodyRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Found at once rather than on first read (the cached properties below:
        # a call in Python each, hundreds of thousands over a region's archive,
        # loaded and again received from the loading processes). They stay for
        # a document unpickled, and for front matter that is not a mapping.
        data = self.parsed.data
        self._keep_id_typ(data)
        if isinstance(data, dict):
            self.__dict__["data"] = data
            self.__dict__["intern"] = data.get("publicering") == "intern"

    # The front matter: read by every rule for every document, and the loader
    # never changes it once the document is made.
    @cached_property
    def data(self) -> dict:  # type: ignore[override]
        return self.parsed.data

    def __getstate__(self) -> dict:
        # What the cached properties above keep is found again from ``parsed``:
        # not sent between processes.
        return {k: v for k, v in self.__dict__.items() if k not in ("data", "id", "typ", "intern")}

    def pos(self, *path: Any) -> Pos:
        # A missing key is reported on the opening '---' (line 1).
        return self.parsed.pos(tuple(path), Pos(1, 1)) if path else Pos(1, 1)

    def raw(self, *path: Any) -> str | None:
        """The scalar as written (``version: 1.10`` stays ``1.10``)."""
        return self.parsed.raw_at(tuple(path))

    @property
    def name(self) -> str:
        return self.text("titel") or self.id or "?"

    @property
    def is_document(self) -> bool:
        return True

    @cached_property
    def intern(self) -> bool:
        return self.data.get("publicering") == "intern"

    @cached_property
    def anchors(self) -> list[str]:
        return body_module.headings(self.body)

    @cached_property
    def links(self) -> list[body_module.Link]:
        """Markdown links and images in the body, with their positions."""
        return body_module.links(self.body, self.body_line)


@dataclass
class Attachment:
    path: str


@dataclass
class Repository:
    """Everything loaded from one ``agreements/`` folder."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    glossary: Parsed | None = None
    glossary_path: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    registry_files: list[str] = field(default_factory=list)
    # ids declared by files that could not be loaded (see loader._remember_ids)
    unreadable_ids: set[str] = field(default_factory=set)

    def nodes(self) -> Iterator[Node]:
        yield from self.entries
        yield from self.documents

    @cached_property
    def by_id(self) -> dict[str, Node]:
        """First node with each id (duplicates are reported by a rule)."""
        index: dict[str, Node] = {}
        for node in self.nodes():
            if node.id is not None:
                index.setdefault(node.id, node)
        return index

    @cached_property
    def attachment_paths(self) -> frozenset[str]:
        return frozenset(a.path for a in self.attachments)

    def get(self, id_: Any) -> Node | None:
        return self.by_id.get(id_) if isinstance(id_, str) else None

    def entry(self, id_: Any, typ: str | None = None) -> Entry | None:
        node = self.get(id_)
        if isinstance(node, Entry) and (typ is None or node.typ == typ):
            return node
        return None

    def document(self, id_: Any, typ: str | None = None) -> Document | None:
        node = self.get(id_)
        if isinstance(node, Document) and (typ is None or node.typ == typ):
            return node
        return None

    @cached_property
    def _by_type(self) -> dict[str | None, list[Node]]:
        index: dict[str | None, list[Node]] = {}
        for node in self.nodes():
            index.setdefault(node.typ, []).append(node)
        return index

    def of_type(self, typ: str) -> list[Node]:
        """Entries, then documents, of this ``typ``, in load order."""
        return list(self._by_type.get(typ, ()))

    @cached_property
    def _entry_groups(self) -> dict[tuple[str, str], dict[str, list[Entry]]]:
        return {}

    def entries_where(self, typ: str, key: str, value: Any) -> list[Entry]:
        """Registry entries of ``typ`` whose ``key`` is ``value``, in registry order.

        Indexed on first use: rules ask this once per document, and a region's
        archive has tens of thousands of documents and thousands of entries.
        """
        groups = self._entry_groups.get((typ, key))
        if groups is None:
            groups = {}
            for entry in self.entries:
                found = entry.data.get(key)
                if entry.typ == typ and isinstance(found, str):
                    groups.setdefault(found, []).append(entry)
            self._entry_groups[(typ, key)] = groups
        return list(groups.get(value, ())) if isinstance(value, str) else []
