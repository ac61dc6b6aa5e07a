"""A comparison as HTML: a fragment for the handbook's pages (inline or side
by side) and a standalone page, rendered through the Jinja templates in
``samverkan/templates/jamforelse/`` with autoescaping on.

The fragment has no blank lines, so Python-Markdown keeps it as one raw HTML
block when a page embeds it. Section headings are <h3> (``heading`` to
change): never <h1>, and, being raw HTML, they add no anchors or table of
contents entries to the page, yet screen reader users can still jump from
section to section.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from .. import templating
from ..errors import UsageError
from .blocks import ADDED, CHANGED, REMOVED, UNCHANGED
from .comparison import Comparison
from .errors import RenderError
from .words import DELETE, INSERT

LAYOUTS = ("inline", "sida-vid-sida")
BOTH, OLD, NEW = frozenset({DELETE, INSERT}), frozenset({DELETE}), frozenset({INSERT})
# kind of change → the Swedish CSS modifier
CLASS = {UNCHANGED: "oforandrad", CHANGED: "andrad", ADDED: "tillagd", REMOVED: "borttagen"}


def visible(kind: str, show: frozenset) -> bool:
    """Whether a block, item or row of this kind belongs in a view showing ``show``."""
    return not ((kind == ADDED and INSERT not in show) or (kind == REMOVED and DELETE not in show))


def _line(text: str) -> str:
    # Outside <pre> a newline is just a space; written as one, no blank line can reach the page.
    return text.replace("\r", "").replace("\n", " ")


def _pre(text: str) -> Markup:
    # Inside <pre> newlines matter: a character reference keeps them without making blank lines.
    return Markup(str(escape(text)).replace("\r", "").replace("\n", "&#10;"))


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = templating.environment(templating.COMPARISON, html=True)
    env.filters["line"] = _line
    env.filters["pre"] = _pre
    env.globals.update(BOTH=BOTH, OLD=OLD, NEW=NEW, CLASS=CLASS, visible=visible)
    return env


def _render(name: str, **context) -> str:
    try:
        out = _env().get_template(name).render(**context)
    except jinja2.TemplateError as e:
        raise RenderError(f"jämförelsen kunde inte visas: mallen {name} gick inte att använda ({e})") from e
    return "\n".join(line for line in out.split("\n") if line.strip()) + "\n"


def to_html(c: Comparison, *, layout: str = "inline", heading: int = 3, fields: bool = True) -> str:
    """An HTML fragment: the changed fields, then every section (unchanged ones folded).

    ``layout`` "inline" marks deletions and insertions in one text;
    "sida-vid-sida" puts the old and the new version of each block side by
    side. ``heading`` is the level of the section headings (2–6). Without
    ``fields`` the table of changed fields is left out (a page showing both
    layouts shows it once, :func:`fields_html`).
    """
    if layout not in LAYOUTS:
        raise UsageError(f"okänd layout '{layout}' — välj {' eller '.join(LAYOUTS)}")
    if not 2 <= heading <= 6:
        raise UsageError(f"rubriknivån måste vara 2–6, inte {heading}")
    return _render(f"{layout}.html", c=c, h=heading, show_fields=fields)


def fields_html(c: Comparison, *, heading: int = 3) -> str:
    """The table of changed fields alone ("" when no field changed)."""
    if not c.fields:
        return ""
    return _render("uppgifter.html", c=c, h=heading)


def _css() -> str:
    try:
        return (templating.COMPARISON / "jamforelse.css").read_text(encoding="utf-8")
    except OSError as e:
        raise RenderError(f"jämförelsens stilmall kunde inte läsas: {e}") from e


def to_html_page(c: Comparison, title: str) -> str:
    """A standalone HTML document (lang="sv", styles inlined, no external requests)."""
    fragment = Markup(to_html(c, layout="inline", heading=2))
    return _render("sida.html", c=c, title=title, fragment=fragment, css=Markup(_css()))
