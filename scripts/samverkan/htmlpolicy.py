"""What HTML the published site may carry: one policy for the validator and the build.

Bodies are Markdown, and Markdown lets an editor write raw HTML. The site keeps
the safe subset its pages need (tables, lists, ``<details>``, ``<div markdown>``
blocks, the structure map's SVG, the history page's forms) and nothing that
runs: no ``<script>``, no event-handler attributes (``onerror=…``), no
``javascript:`` URLs. :func:`scan` finds those in a body, with their lines, for
the validator's findings; :func:`sanitize` (nh3, the Ammonia sanitiser) removes
them from the rendered HTML at build time, whatever the validator said.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

# Tags and attributes the handbook's own pages produce (see tests/test_htmlpolicy.py,
# which checks that sanitising the sample site's pages loses nothing).
TAGS = frozenset(
    """
    a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp section small
    span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
    button form input label option output select textarea noscript
    svg defs desc g line marker path polygon polyline rect circle ellipse text tspan title
    """.split()
)
_GLOBAL_ATTRIBUTES = frozenset(
    """
    class id title lang dir role tabindex hidden
    aria-label aria-labelledby aria-describedby aria-live aria-atomic aria-hidden aria-current
    aria-controls aria-expanded aria-haspopup aria-keyshortcuts
    """.split()
)
ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": frozenset({"href", "xlink:href", "name", "target"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "style"}),
    "col": frozenset({"span"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "button": frozenset({"type", "disabled", "name", "value"}),
    "form": frozenset({"action", "method", "name"}),
    "input": frozenset(
        {"type", "name", "value", "placeholder", "required", "min", "max", "step", "disabled", "checked"}
        | {"autocomplete", "spellcheck", "enterkeyhint"}
    ),
    "label": frozenset({"for"}),
    "option": frozenset({"value", "selected", "disabled"}),
    "output": frozenset({"for", "name"}),
    "select": frozenset({"name", "required", "disabled"}),
    "textarea": frozenset({"name", "rows", "cols", "readonly"}),
    "svg": frozenset({"xmlns", "xmlns:xlink", "viewbox", "viewBox", "width", "height", "style", "focusable"}),
    "g": frozenset({"transform"}),
    "marker": frozenset(
        {"markerwidth", "markerheight", "markerWidth", "markerHeight", "refx", "refy", "refX", "refY", "orient"}
        | {"viewbox", "viewBox", "markerUnits"}
    ),
    "path": frozenset({"d", "marker-end", "marker-start", "fill", "stroke", "stroke-width", "transform"}),
    "line": frozenset({"x1", "x2", "y1", "y2", "marker-end", "stroke", "stroke-width"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry", "fill", "stroke", "stroke-width"}),
    "circle": frozenset({"cx", "cy", "r", "fill", "stroke"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry", "fill", "stroke"}),
    "polygon": frozenset({"points", "fill", "stroke"}),
    "polyline": frozenset({"points", "fill", "stroke"}),
    "text": frozenset({"x", "y", "dx", "dy", "text-anchor", "dominant-baseline"}),
    "tspan": frozenset({"x", "y", "dx", "dy", "text-anchor"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Only layout properties survive in a style attribute (table alignment, the map's width).
STYLE_PROPERTIES = frozenset({"text-align", "max-width", "min-width", "width", "height"})
# Elements whose content goes too (not just the tags): nothing of a script is text.
CLEAN_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noembed", "xmp"})

_EVENT_ATTRIBUTE = re.compile(r"on[a-z]+", re.I)
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset"}
)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_DANGEROUS_ELEMENTS = frozenset({"script", "iframe", "object", "embed", "base", "meta", "link", "style", "frame"})


def dangerous_url(url: str) -> bool:
    """Whether a link target would run code: ``javascript:``, ``vbscript:``, or a
    ``data:`` document, also when written with entities, blanks or capitals."""
    plain = _CONTROL.sub("", html.unescape(url)).lower()
    return plain.startswith(("javascript:", "vbscript:", "data:text/html", "data:application", "data:image/svg"))


def sanitize(fragment: str) -> str:
    """``fragment`` (rendered HTML) with everything outside the policy removed."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-"},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
        filter_style_properties=set(STYLE_PROPERTIES),
    )


@dataclass(frozen=True)
class Problem:
    """Something in a body's HTML that would run in a reader's browser."""

    line: int  # 0-based line in the body
    kind: str  # "element", "attribut" or "url"
    what: str  # the element, the attribute, or the URL as written


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it refuses javascript: links itself; the site's renderer does not,
    # so see every link as written.
    md.validateLink = lambda url: True
    return md


def scan(body: str) -> list[Problem]:
    """Every ``<script>`` (and other element that loads or runs something),
    event-handler attribute and code URL in ``body``'s raw HTML and links,
    outside code blocks and code spans."""
    if "<" not in body and ("](" not in body and "]:" not in body or _no_code_url(body)):
        return []
    return _scan(body)


def _no_code_url(body: str) -> bool:
    """Whether no link of a body without HTML can have a code URL (most bodies
    with links: markdown-it's parse of every inline was most of this check).

    Without HTML, a link target is taken up to a blank or a control character,
    and only an entity (which needs '&') writes a letter other than itself, so
    a ``javascript:``, ``vbscript:`` or ``data:`` target has those letters in
    the body, in some mix of capitals (tests/test_htmlpolicy.py compares)."""
    return "&" not in body and _CODE_SCHEME.search(body) is None


_CODE_SCHEME = re.compile("script|data", re.IGNORECASE)


def _scan(body: str) -> list[Problem]:
    lines = body.split("\n")
    env: dict = {}
    found: list[Problem] = []
    for token in _markdown().parse(body, env):
        start = token.map[0] if token.map else 0
        if token.type == "html_block":
            found.extend(_html(token.content, start))
        for child in token.children or []:
            if child.type == "html_inline":
                found.extend(_html(child.content, _line_of(lines, child.content, start)))
            for name in ("href", "src"):
                value = child.attrGet(name)
                if isinstance(value, str) and dangerous_url(value):
                    found.append(Problem(_line_of(lines, value, start), "url", value))
    for ref in env.get("references", {}).values():
        if dangerous_url(ref["href"]):
            found.append(Problem(_line_of(lines, ref["href"], 0), "url", ref["href"]))
    return sorted(set(found), key=lambda p: (p.line, p.kind, p.what))


def _line_of(lines: list[str], text: str, start: int) -> int:
    """The first line at or after ``start`` holding the start of ``text``."""
    first = text.split("\n", 1)[0].strip()
    for index in range(start, len(lines)):
        if first and first in lines[index]:
            return index
    return start


def _html(source: str, first: int) -> list[Problem]:
    parser = _Tags()
    try:
        parser.feed(source)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser on odd input; the build sanitises anyway
        pass
    return [Problem(first + line - 1, kind, what) for line, kind, what in parser.found]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in _DANGEROUS_ELEMENTS:
            self.found.append((line, "element", tag))
        for name, value in attrs:
            if _EVENT_ATTRIBUTE.fullmatch(name):
                self.found.append((line, "attribut", f"{name} i <{tag}>"))
            elif name in _URL_ATTRIBUTES and value and dangerous_url(value):
                self.found.append((line, "url", value))

    handle_startendtag = handle_starttag
