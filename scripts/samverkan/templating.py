"""Where the templates live (``overrides/``) and the one Jinja configuration
every renderer uses: site pages, comparisons, exports, the change summary."""

from __future__ import annotations

from pathlib import Path

import jinja2

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
PAGES = OVERRIDES / "samverkan"  # the handbook's pages, comparisons, the change summary
EXPORT = OVERRIDES / "export"  # Word and PDF export


def environment(folder: Path, *, html: bool = False) -> jinja2.Environment:
    """Templates in ``folder``: Markdown (text escaped by a filter the caller
    adds) or, with ``html``, HTML with every value escaped (text comes from
    editors). A missing value is an error, never an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
        undefined=jinja2.StrictUndefined,
    )
