"""Topic tags (``ämnen``): one tag however it is cased or spaced (spec §6)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .ids import slug
from .model import Document


def tag_key(tag: str) -> str:
    """Tags equal after case folding and collapsing white space are one tag."""
    return " ".join(tag.casefold().split())


def tag_slug(tag: str) -> str:
    """The address part of a topic page: ``Vård i hemmet`` → ``vard-i-hemmet``."""
    return slug(tag_key(tag)) or "amne"


@dataclass
class Topic:
    key: str
    spelling: str
    documents: list[Document] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return tag_slug(self.spelling)


def occurrences(documents: Iterable[Document]) -> list[tuple[Document, int, str]]:
    """(document, list index, tag) for every tag, documents in path order."""
    return [
        (doc, index, tag)
        for doc in sorted(documents, key=lambda d: d.path)
        for index, tag in doc.items("ämnen")
        if isinstance(tag, str) and tag.strip()
    ]


def preferred(places: list[tuple[Document, int, str]]) -> dict[str, str]:
    """The spelling of each tag: the most common one, ties to the first in path order."""
    counts: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for order, (_, _, tag) in enumerate(places):
        key = tag_key(tag)
        counts[key][tag] += 1
        first[key].setdefault(tag, order)
    return {key: min(c, key=lambda s: (-c[s], first[key][s])) for key, c in counts.items()}


def topics(documents: Iterable[Document]) -> list[Topic]:
    """Every topic with its documents, sorted by spelling."""
    places = occurrences(documents)
    spelling = preferred(places)
    found: dict[str, Topic] = {}
    for doc, _, tag in places:
        key = tag_key(tag)
        topic = found.setdefault(key, Topic(key, spelling[key]))
        if doc not in topic.documents:
            topic.documents.append(doc)
    return sorted(found.values(), key=lambda t: t.key)
