"""What every rule gets: the repository, today's date, and reference checking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..finding import Finding, Severity, error, warning
from ..ids import is_id
from ..installningar import Settings
from ..model import DOCUMENT_TYPES, Document, Node, Repository
from ..suggest import did_you_mean
from ..wording import article, one_of

if TYPE_CHECKING:  # the history is read only when a rule asks (gitpython is slow to import)
    from ..historik import History

DOCUMENTS = DOCUMENT_TYPES


def label(path: tuple) -> str:
    """'beslutsprocess, punkt 2: arena' for a path into the front matter."""
    parts = [f"punkt {p + 1}" if isinstance(p, int) else str(p) for p in path]
    if parts and parts[-1].startswith("punkt") and len(parts) == 2:
        return f"{parts[0]}, {parts[1]}"
    return ", ".join(parts)


def per_document(rule):
    """Mark a rule whose findings on a document depend on that document alone:
    run over a repository holding only some of the documents, it finds exactly
    their findings. The command line runs such rules (the ones reading the
    body) in the processes that load the documents."""
    rule.per_document = True
    return rule


def is_per_document(rule) -> bool:
    return getattr(rule, "per_document", False)


def per_document_named(each):
    """Mark a rule that is ``each(ctx, doc, name)`` for every document, where
    ``name(id)`` (the name of the node with that id, or None) is all it reads of
    other nodes: the preview server keeps a document's findings while the
    document and the names it looked up stay the same."""

    def decorate(rule):
        rule.each = each
        return rule

    return decorate


def is_per_document_named(rule) -> bool:
    return getattr(rule, "each", None) is not None


@dataclass
class Context:
    """Shared by all rules of one run."""

    repo: Repository
    today: dt.date
    # reads the git history when a rule first needs it (the version that was on
    # remiss); None: no history, and rules that need one stay quiet
    read_history: Callable[[], History | None] | None = field(default=None, repr=False)
    settings: Settings = field(default_factory=Settings)
    # what several rules look for in the whole repository, found once: see kept
    _kept: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def history(self) -> History | None:
        return self.read_history() if self.read_history is not None else None

    def kept(self, key: Any, make: Callable[[], Any]) -> Any:
        """What ``make`` gives, made on the first call with ``key`` in this run
        (the rules of a run see one unchanging repository). For what several
        rules, or one rule again and again, look for across every document."""
        try:
            return self._kept[key]
        except KeyError:
            found = self._kept[key] = make()
            return found

    def known_ids(self, types: tuple[str, ...] | None = None) -> list[str]:
        """The ids of the repository's nodes (of these ``types``; None: all), in
        order, to suggest one for an unknown reference. Made once per run: an
        archive with many unknown references asks again and again."""
        return self.kept(
            ("known ids", types),
            lambda: [n.id for n in self.repo.nodes() if (types is None or n.typ in types) and is_id(n.id)],
        )

    def resolve(self, node: Node, path: tuple, value, types: Iterable[str]) -> Iterator[Finding]:
        """Check one reference: it exists, has a wanted typ, and is not intern from public.

        Values that are not ids at all were already reported by the schema.
        """
        types = tuple(types)
        if not is_id(value) or value in self.repo.unreadable_ids:
            return
        target = self.repo.get(value)
        if target is None:
            key = label(path)
            hint = did_you_mean(value, self.known_ids(types))
            yield error(
                node.path,
                node.pos(*path),
                "okänd-referens",
                f"'{key}': det finns inget id '{value}'" + (hint or f" — här ska det stå id:t på {one_of(types)}"),
            )
            return
        if target.typ not in types:
            key = label(path)
            yield error(
                node.path,
                node.pos(*path),
                "fel-referenstyp",
                f"'{key}': '{value}' är {article(target.typ)}, men här ska det stå {one_of(types)}",
            )
            return
        if public_to_intern(node, target):  # positions are looked up only for a finding
            yield from self.intern_reference(node, node.pos(*path), label(path), target)

    def target(self, node: Node, path: tuple, value, types: Iterable[str]) -> tuple[Node | None, list[Finding]]:
        """Resolve a reference: the findings about the reference itself, and the
        target when it can be checked further (it exists, has a wanted typ, and
        nothing is wrong with the reference)."""
        types = tuple(types)
        found = list(self.resolve(node, path, value, types))
        if any(f.severity is Severity.ERROR for f in found):
            return None, found
        target = self.repo.get(value) if is_id(value) else None
        return (target if target is not None and target.typ in types else None), found

    def region(self, node: Node) -> str | None:
        """The node's ``region`` when it names a real region (else rules that compare
        regions stay quiet: the bad reference itself is already reported)."""
        region = node.text("region")
        return region if self.repo.entry(region, "region") is not None else None

    def intern_reference(self, node: Node, at, key: str, target: Node) -> Iterator[Finding]:
        """Spec §6: a public document or registry entry referring to an intern one."""
        if public_to_intern(node, target):
            yield warning(
                node.path,
                at,
                "intern-referens",
                f"'{key}': '{target.id}' är ett internt dokument — i den publika handboken "
                "visas hänvisningen bara som '(internt dokument)'; ta bort den eller gör "
                "dokumentet publikt",
            )


def each_duplicate(groups: dict, key: str) -> Iterator[tuple[object, Node, str]]:
    """For groups of nodes sharing a value that must be unique: (value, node,
    'path:line, …' of the others) for every member (spec §6: reported at every
    occurrence, each naming the other places)."""
    for value, nodes in groups.items():
        if len(nodes) < 2:
            continue
        for node in nodes:
            others = ", ".join(f"{o.path}:{o.pos(key).line}" for o in nodes if o is not node)
            yield value, node, others


def _intern(node: Node) -> bool:
    return isinstance(node, Document) and node.intern


def public_to_intern(node: Node, target: Node) -> bool:
    """Whether ``node`` is public and refers to an intern document (spec §6: a warning)."""
    return isinstance(target, Document) and target.intern and not _intern(node)
