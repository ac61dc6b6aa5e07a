"""The theme's navigation, rendered once for the pages outside it that see it alike.

Every page of the site holds the whole navigation (Material's
``partials/nav.html``), and the theme makes it again for each of them: on a
region's archive, thousands of document, version and history pages, and
more than half of what the theme costs per page. For a page outside the
navigation nothing in it is active, and Material's navigation templates ask
of the page only whether a nav item is that page (no, for such a page) and,
through the ``url`` filter, where each address is relative to it.

So ``overrides/partials/nav.html`` calls :class:`SharedNav`, which renders
Material's own template as ``{% include %}`` would, while it notes every
address the ``url`` filter was given and what it gave. The next page outside
the navigation for which the filter gives the same for every one of those
addresses (a page in another folder at the same depth, usually) gets the same
HTML without rendering it. Any other page (one in the navigation, the 404
page) is rendered as before.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation

# the variable overrides/partials/nav.html calls
GLOBAL = "samverkan_navigering"
# how many different renderings one build keeps (pages at different depths or folders)
_KEPT = 32


class SharedNav:
    """Material's navigation partial for one build, shared by the pages outside the nav."""

    def __init__(self, env: jinja2.Environment, config: MkDocsConfig, nav: Navigation):
        self.env = env
        self.template = env.from_string(_material_nav(config))
        self.in_nav = {page.file.src_uri for page in nav.pages}
        # (the url filter's answers while rendering: (address, result) ..., the HTML)
        self.kept: list[tuple[tuple[tuple[str, str], ...], str]] = []
        self.rendered = self.shared = 0

    def __call__(self, context: jinja2.runtime.Context) -> Markup:
        page = context.get("page")
        if page is None or page.file.src_uri in self.in_nav or page.parent is not None:
            return Markup(self._render(context, None))
        url = self.env.filters["url"]
        for answers, html in self.kept:
            if all(url(context, address) == result for address, result in answers):
                self.shared += 1
                return Markup(html)
        answers: dict[str, str] | None = {}
        html = self._render(context, answers)
        if answers is not None and len(self.kept) < _KEPT:
            self.kept.append((tuple(answers.items()), html))
        return Markup(html)

    @property
    def summary(self) -> str:
        return f"renderad {self.rendered} gånger, delad av {self.shared} sidor"

    def _render(self, context: jinja2.runtime.Context, answers: dict | None) -> str:
        """The partial as ``{% include "partials/nav.html" %}`` renders it, noting in
        ``answers`` what the url filter answers."""
        self.rendered += 1
        template = self.template
        if answers is None:
            return "".join(template.root_render_func(template.new_context(context.get_all(), True)))
        original = self.env.filters["url"]

        @jinja2.pass_context
        def noting(ctx, value):
            result = original(ctx, value)
            if isinstance(value, str):
                answers[value] = result
            else:  # an address that is not a string: not compared, so never shared
                answers["\0"] = "\1"
            return result

        self.env.filters["url"] = noting
        try:
            return "".join(template.root_render_func(template.new_context(context.get_all(), True)))
        finally:
            self.env.filters["url"] = original


def _material_nav(config: MkDocsConfig) -> str:
    """The text of the theme's own ``partials/nav.html`` (not the one in ``custom_dir``)."""
    custom = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    for folder in config.theme.dirs:
        if custom is not None and Path(folder).resolve() == custom:
            continue
        path = Path(folder) / "partials" / "nav.html"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError("partials/nav.html finns inte i temat")
