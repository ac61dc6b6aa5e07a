"""Which documents a build may show (spec §4 ``publicering``).

The public build shows no trace of an intern document; an internal build shows
everything and marks intern documents. Everything the site lists goes through
one :class:`View`, so no page can forget the rule. A document whose file is a
symlink leading out of the repository is shown by no build (see :mod:`confine`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import confine
from .model import Document, Node, Repository


@dataclass
class View:
    """The repository as one build may show it."""

    repo: Repository
    intern: bool = False

    def visible(self, node: Node | None) -> bool:
        if node is None:
            return False
        if isinstance(node, Document) and node.path not in self.confined:
            return False  # a symlink leading out of the repository is never a page
        return not (isinstance(node, Document) and node.intern and not self.intern)

    @cached_property
    def confined(self) -> frozenset[str]:
        """Paths of the documents that really are files inside the repository."""
        return confine.inside_all(self.repo.root, [d.path for d in self.repo.documents])

    @cached_property
    def documents(self) -> list[Document]:
        """Visible documents, in path order."""
        return sorted((d for d in self.repo.documents if self.visible(d) and d.id), key=lambda d: d.path)

    def get(self, id_) -> Node | None:
        """The node with ``id_`` if this build may show it."""
        node = self.repo.get(id_)
        return node if self.visible(node) else None

    def document(self, id_, typ: str | None = None) -> Document | None:
        node = self.get(id_)
        if isinstance(node, Document) and (typ is None or node.typ == typ):
            return node
        return None

    def of_type(self, typ: str) -> list[Node]:
        return [n for n in self.repo.of_type(typ) if self.visible(n)]
