"""YAML with source positions.

PyYAML composes a node tree that carries a mark (line, column) for every key
and item. We turn that tree into plain JSON-like data (what the JSON Schemas
validate) plus a table of positions keyed by path, so that every finding can
point at the exact key or list item. YAML 1.2 booleans only (``ja``/``yes``/
``on`` stay strings), no anchors or aliases (no alias bombs), duplicate keys
refused, dates kept as their written text so the schema's ``date`` format can
judge them.
"""

from __future__ import annotations

import re
from sys import intern
from typing import Any, NamedTuple

import yaml
from yaml.resolver import BaseResolver

from . import limits
from .errors import SourceError

try:  # libyaml is much faster; PyYAML falls back to pure Python without it
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class Pos(NamedTuple):
    """A 1-based line and column in a file (a tuple: made once per key, cheaply)."""

    line: int
    column: int


KeyPath = tuple  # a path into the data: keys (str) and list indexes (int)


class _Resolver12(BaseResolver):
    """PyYAML's resolver with YAML 1.2 core-schema booleans and no merge keys."""


_CORE_SCHEMA = {
    # YAML 1.2 core schema: no yes/no booleans, no sexagesimal 10:30 = 630,
    # no leading-zero octals, no merge keys.
    "tag:yaml.org,2002:bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    "tag:yaml.org,2002:int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    "tag:yaml.org,2002:float": (
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    "tag:yaml.org,2002:null": (r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
}
_CORE_PATTERNS = {tag: re.compile(pattern) for tag, (pattern, _) in _CORE_SCHEMA.items()}
for _tag, (_pattern, _first) in _CORE_SCHEMA.items():
    _Resolver12.add_implicit_resolver(_tag, _CORE_PATTERNS[_tag], list(_first))
# Dates stay recognisable so they are kept as written (see _build).
for _first, _resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag == "tag:yaml.org,2002:timestamp":
            _Resolver12.add_implicit_resolver(_tag, _regexp, [_first])


def _scalar(tag: str, text: str):
    """A plain scalar's value under the YAML 1.2 core schema."""
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int":
        if text.startswith("0x"):
            return int(text[2:], 16)
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text)
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)


class _Loader(_Parser, _Resolver12):
    # Composes nodes only: scalars get their values from _scalar (YAML 1.2).
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        _Resolver12.__init__(self)

    # libyaml calls these for every node of every file. Without path resolvers
    # (asserted below) a node's tag depends on its kind and text alone.
    def resolve(self, kind, value, implicit):
        # A plain scalar's tag depends on its text alone, and keys and values
        # repeat across thousands of files: remember the answers.
        if kind is _SCALAR_NODE:
            if not implicit[0]:
                return _STR_TAG  # quoted or block: what BaseResolver says
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 50_000 and len(value) < 100:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _COLLECTION_TAGS[kind]  # what BaseResolver says for a list or a mapping

    def descend_resolver(self, current_node, current_index):
        pass  # what BaseResolver does without path resolvers

    def ascend_resolver(self):
        pass


_STR_TAG = BaseResolver.DEFAULT_SCALAR_TAG
_SCALAR_NODE = yaml.ScalarNode
_COLLECTION_TAGS = {
    yaml.SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
}
assert not _Resolver12.yaml_path_resolvers  # else a node's tag could depend on its path


_PLAIN_TAGS: dict[str, str] = {}


_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class Parsed:
    """Data from one YAML text, with positions and the written text of scalars.

    ``positions`` (path -> position) and ``raw`` (path -> the scalar as written)
    are made on first use when the text was parsed with ``located=False``: by
    parsing it again. Most files of a large archive have no finding, and their
    positions would be most of the memory a check needs.
    """

    __slots__ = ("data", "_positions", "_raw", "_written", "_text", "_first_line")

    def __init__(self, data: Any, positions: dict | None = None, raw: dict | None = None) -> None:
        self.data = data
        self._positions: dict[KeyPath, Pos] | None = {} if positions is None else positions
        self._raw: dict[KeyPath, str] | None = {} if raw is None else raw
        # Unlocated: the text to parse again, and the written text of the scalars
        # whose value is not that text (numbers, booleans, null).
        self._written: dict[KeyPath, str] = {}
        self._text: str | None = None
        self._first_line = 1

    def __repr__(self) -> str:
        return f"Parsed(data={self.data!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Parsed):
            return NotImplemented
        return (self.data, self.positions, self.raw) == (other.data, other.positions, other.raw)

    __hash__ = None  # type: ignore[assignment]

    @property
    def positions(self) -> dict[KeyPath, Pos]:
        if self._positions is None:
            self._locate()
        return self._positions  # type: ignore[return-value]

    @property
    def raw(self) -> dict[KeyPath, str]:
        if self._raw is None:
            self._raw = {}
            _collect_raw(self.data, (), self._written, self._raw)
        return self._raw

    def raw_at(self, path: KeyPath) -> str | None:
        """The scalar at ``path`` as written (None for a list, a mapping or no value)."""
        if self._raw is not None:
            return self._raw.get(path)
        if path in self._written:
            return self._written[path]
        value: Any = self.data
        for step in path:
            if isinstance(value, dict) and isinstance(step, str) and step in value:
                value = value[step]
            elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
                value = value[step]
            else:
                return None
        return value if isinstance(value, str) else None

    def pos(self, path: KeyPath, default: Pos | None = None) -> Pos:
        """Position of ``path``, else of its nearest located ancestor."""
        positions = self.positions
        path = tuple(path)
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), default or Pos(1, 1))

    def unlocated(self) -> tuple | None:
        """What this text's data is made of while its positions are not found
        yet, as plain values (data, written text of the scalars that are not
        strings, the text, its first line) for :meth:`from_unlocated` in
        another process; None once located."""
        if self._positions is not None:
            return None
        return (self.data, self._written, self._text, self._first_line)

    @classmethod
    def from_unlocated(cls, data: Any, written: dict[KeyPath, str], text: str | None, first_line: int) -> Parsed:
        """The Parsed that :meth:`unlocated` described."""
        parsed = cls(data, None, None)
        parsed._positions, parsed._raw = None, None
        parsed._written, parsed._text, parsed._first_line = written, text, first_line
        return parsed

    def _locate(self) -> None:
        located = parse(self._text or "", self._first_line)
        self._positions = located.positions
        self._text = None


def _collect_raw(value: Any, path: KeyPath, written: dict[KeyPath, str], raw: dict[KeyPath, str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _collect_raw(item, path + (key,), written, raw)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_raw(item, path + (index,), written, raw)
    elif path in written:
        raw[path] = written[path]
    elif isinstance(value, str):
        raw[path] = value


def parse(text: str, first_line: int = 1, located: bool = True) -> Parsed:
    """Parse ``text`` (one YAML document) into :class:`Parsed`.

    ``first_line`` is the file line of the text's first line, so positions are
    file positions. ``located=False``: positions are found only when asked for
    (see :class:`Parsed`); the data and every error are the same. Raises
    :class:`SourceError` for anything that is not acceptable YAML for this project.
    """
    offset = first_line - 1
    _refuse_special_characters(text, offset)
    if "&" in text or "*" in text or _may_nest_deeply(text):  # else the event scan has nothing to find
        _scan_events(text, offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark and e.context and e.context.startswith(_OPENED_CONTEXTS):
            # An unclosed bracket or quote: point at where it was opened.
            mark = e.context_mark
        line = mark.line + 1 + offset if mark else first_line
        column = mark.column + 1 if mark else 1
        problem = _swedish_problem(e.problem, e.context)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = "tabbtecken får inte användas för indrag — använd mellanslag"
        raise SourceError(
            "yaml-syntax",
            f"YAML-fel: {problem} — kontrollera "
            "indrag, kolon efter nyckeln och att text med kolon eller citattecken "
            "står inom citattecken",
            line,
            column,
        ) from e
    except yaml.YAMLError as e:
        raise SourceError("yaml-syntax", f"YAML-fel: {e}", first_line, 1) from e
    finally:
        loader.dispose()
    parsed = Parsed(data=None)
    if node is None:
        parsed.positions[()] = Pos(first_line, 1)
        return parsed
    if not located:
        parsed.data = _values(node, (), parsed._written, offset)
        parsed._positions, parsed._raw = None, None
        parsed._text, parsed._first_line = text, first_line
        return parsed
    parsed.positions[()] = _pos(node, offset)
    parsed.data = _build(node, (), parsed, offset)
    return parsed


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def _pos(node, offset: int) -> Pos:
    return Pos(node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def _refuse_special_characters(text: str, offset: int) -> None:
    """YAML forbids control characters; say where, in words an editor understands."""
    match = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if match:
        before = text[: match.start()]
        raise SourceError(
            "otillåtet-tecken",
            f"otillåtet kontrolltecken (U+{ord(match.group()):04X}) — ta bort det; det "
            "kommer ofta med när text klistras in från andra program",
            before.count("\n") + 1 + offset,
            match.start() - (before.rfind("\n") + 1) + 1,
        )


def _may_nest_deeply(text: str) -> bool:
    """Whether ``text`` can nest beyond the limit: flow nesting is bounded by the
    brackets, block nesting by the indentation and ``- `` prefixes of a line."""
    brackets = text.count("[") + text.count("{")
    if brackets + 2 >= limits.MAX_YAML_DEPTH:
        return True
    # a line whose prefix is long enough: brackets + prefix + 2 >= MAX_YAML_DEPTH
    return _LONG_PREFIX[limits.MAX_YAML_DEPTH - 2 - brackets].search("\n" + text) is not None


# Every line's prefix, matched after a '\n': from line break to line break, not at every character.
_PREFIX = re.compile(r"\n([ ?:-]*)")
# A line prefix of at least n characters, by n (from 1 to MAX_YAML_DEPTH - 2).
_LONG_PREFIX = {n: re.compile(rf"\n[ ?:-]{{{n}}}") for n in range(1, limits.MAX_YAML_DEPTH - 1)}


def _scan_events(text: str, offset: int) -> None:
    """Refuse anchors, aliases and deep nesting before anything is composed.

    libyaml's composer recurses once per level and crashes the process far below
    what a 1 MB file can nest; its event parser does not recurse.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                what = "alias" if isinstance(event, yaml.AliasEvent) else "ankare"
                raise SourceError(
                    "yaml-ankare",
                    f"YAML-{what} ('{'*' if what == 'alias' else '&'}{anchor}') "
                    "används inte i det här formatet — skriv ut värdet på varje "
                    "ställe där det behövs",
                    event.start_mark.line + 1 + offset,
                    event.start_mark.column + 1,
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.MAX_YAML_DEPTH:
                    raise SourceError(
                        "för-djup-nästling",
                        f"listor och nycklar är nästlade i mer än {limits.MAX_YAML_DEPTH} nivåer — "
                        "skriv värdet enklare (front matter behöver högst tre nivåer)",
                        event.start_mark.line + 1 + offset,
                        event.start_mark.column + 1,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports syntax errors with a better message


def _build(node, path: KeyPath, parsed: Parsed, offset: int) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key_text(key_node, offset)
            if key in result:
                raise _duplicate(key, parsed.positions[path + (key,)], _pos(key_node, offset))
            parsed.positions[path + (key,)] = _pos(key_node, offset)
            result[key] = _build(value_node, path + (key,), parsed, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            parsed.positions[path + (index,)] = _pos(item, offset)
            items.append(_build(item, path + (index,), parsed, offset))
        return items
    parsed.raw[path] = node.value
    if len(node.value) > limits.MAX_VALUE_CHARS:
        raise _too_long(node, offset)
    if node.tag in _SCALAR_TAGS and not node.style:  # plain: None (Python) or "" (libyaml)
        _check_scalar(node, offset)
        return _scalar(node.tag, node.value)
    # Strings, and dates kept as written: the schema's "date" format decides.
    return node.value


def _values(node, path: KeyPath, written: dict[KeyPath, str], offset: int) -> Any:
    """What :func:`_build` returns, without positions: the same checks in the
    same order, so the same first error. ``written`` gets the text of every
    scalar whose value is not its text."""
    # The loader's inner loop (every key and value of every file): the common
    # case, a short string, is decided inline; anything else by _scalar_value.
    scalar, longest = yaml.ScalarNode, limits.MAX_VALUE_CHARS
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if type(key_node) is scalar and len(key_node.value) <= longest else None
            if key is None:
                key = _key_text(key_node, offset)
            # Every document repeats the same few keys: one string each, in memory
            # and when documents are sent between processes.
            key = intern(key)
            if key in result:
                first = next(k for k, _ in node.value if _key_text(k, offset) == key)
                raise _duplicate(key, _pos(first, offset), _pos(key_node, offset))
            if type(value_node) is scalar:
                value = value_node.value
                if value_node.tag == _STR_TAG and len(value) <= longest:
                    result[key] = value
                else:
                    result[key] = _scalar_value(value_node, path, key, written, offset)
            else:
                result[key] = _values(value_node, path + (key,), written, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            if type(item) is scalar:
                if item.tag == _STR_TAG and len(item.value) <= longest:
                    items.append(item.value)
                else:
                    items.append(_scalar_value(item, path, index, written, offset))
            else:
                items.append(_values(item, path + (index,), written, offset))
        return items
    return _scalar_value(node, (), None, written, offset)


def _scalar_value(node, parent: KeyPath, step: Any, written: dict[KeyPath, str], offset: int) -> Any:
    if len(node.value) > limits.MAX_VALUE_CHARS:
        raise _too_long(node, offset)
    if node.tag in _SCALAR_TAGS and not node.style:
        _check_scalar(node, offset)
        written[parent if step is None else parent + (step,)] = node.value
        return _scalar(node.tag, node.value)
    return node.value


def _duplicate(key: str, first: Pos, pos: Pos) -> SourceError:
    return SourceError(
        "dubblett-nyckel",
        f"nyckeln '{key}' förekommer två gånger (först på rad {first.line}) — ta bort eller slå ihop den ena",
        pos.line,
        pos.column,
    )


def _too_long(node, offset: int) -> SourceError:
    pos = _pos(node, offset)
    return SourceError(
        "för-långt-värde",
        f"värdet har {len(node.value)} tecken, mer än gränsen {limits.MAX_VALUE_CHARS} — "
        "korta det; längre text hör hemma i dokumentets brödtext",
        pos.line,
        pos.column,
    )


def _check_scalar(node, offset: int) -> None:
    """A value that ``_scalar`` can convert: an explicit tag (``!!int 0b101``) must
    fit its text, and an integer has a bounded number of digits (Python refuses
    to convert or print very long ones)."""
    pos = _pos(node, offset)
    if not _CORE_PATTERNS[node.tag].match(node.value):
        name = node.tag.rsplit(":", 1)[-1]
        raise SourceError(
            "yaml-tagg",
            f"värdet '{node.value[:40]}' kan inte läsas som '!!{name}' — ta bort taggen '!!{name}'",
            pos.line,
            pos.column,
        )
    if node.tag == "tag:yaml.org,2002:int":
        digits = len(node.value.lstrip("+-").removeprefix("0x").removeprefix("0o"))
        if digits > limits.MAX_INT_DIGITS:
            raise SourceError(
                "för-stort-tal",
                f"talet har {digits} siffror, fler än gränsen {limits.MAX_INT_DIGITS} — skriv ett mindre "
                "tal, eller sätt det inom citattecken om det är text",
                pos.line,
                pos.column,
            )


def _key_text(node, offset: int) -> str:
    if isinstance(node, yaml.ScalarNode) and len(node.value) <= limits.MAX_VALUE_CHARS:
        return node.value
    if isinstance(node, yaml.ScalarNode):
        pos = _pos(node, offset)
        raise SourceError(
            "för-långt-värde",
            f"nyckeln har {len(node.value)} tecken, mer än gränsen {limits.MAX_VALUE_CHARS} — skriv en kort nyckel",
            pos.line,
            pos.column,
        )
    pos = _pos(node, offset)
    raise SourceError(
        "yaml-nyckel",
        "en nyckel måste vara ett enkelt ord, inte en lista eller samling",
        pos.line,
        pos.column,
    )


_PROBLEMS = {
    "mapping values are not allowed": "ett kolon står där det inte får stå",
    "found a tab character": "tabbtecken får inte användas för indrag",
    "found character that cannot start any token": (
        "ett tecken som inte får inleda ett värde (t.ex. @ eller `) — sätt värdet inom citattecken"
    ),
    "could not find expected ':'": "kolon saknas efter en nyckel",
    "found character '\\t' that cannot start any token": "tabbtecken får inte användas för indrag",
    "did not find expected key": "en rad har fel indrag",
    "did not find expected '-' indicator": "en listrad har fel indrag",
    "found unexpected end of stream": "texten tar slut för tidigt (ett citattecken saknas?)",
    "found undefined tag handle": "okänd tagg (tecknet ! används inte)",
    "expected <block end>, but found '-'": "en listrad har fel indrag",
    "expected <block end>, but found '<scalar>'": "en rad har fel indrag",
    "expected <block end>, but found '<block mapping start>'": "en rad har fel indrag",
}


_OPENED_CONTEXTS = (
    "while parsing a flow",
    "while scanning a quoted scalar",
)


def _swedish_problem(problem: str | None, context: str | None = None) -> str:
    if context and context.startswith("while parsing a flow"):
        return "en lista eller samling inom [ ] eller { } stängs aldrig"
    if context and context.startswith("while scanning a quoted scalar"):
        return "ett citattecken stängs aldrig"
    if not problem:
        return "ogiltig YAML"
    for english, swedish in _PROBLEMS.items():
        if problem.startswith(english):
            return swedish
    return problem
