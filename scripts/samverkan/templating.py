"""Where the package's own templates live and the one Jinja configuration every
renderer uses: site pages, comparisons, exports, the change summary, new
documents.

The templates are package data (``samverkan/templates/<owner>/``), read
through :mod:`importlib.resources` the way mkdocs' search plugin ships its
own, so an installed ``samverkan`` renders without a checkout. ``overrides/``
of the repository holds only what mkdocs-material renders."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SamverkanError

if TYPE_CHECKING:  # imported by the renderers that use it: `samverkan validate` needs only the folders
    import jinja2


def folder(owner: str) -> Path:
    """The template folder of ``owner`` (``handbok``, ``jamforelse``, …) as a
    real path: pandoc and typst are handed files by name."""
    found = resources.files("samverkan").joinpath("templates", owner)
    if not isinstance(found, Path):
        # a zipped install has no file names to hand to pandoc and typst
        raise SamverkanError(f"samverkan måste vara installerat som vanliga filer, inte i en zip-fil ({found})")
    return found


PAGES = folder("handbok")  # the handbook's pages, the serve error page
COMPARISON = folder("jamforelse")  # comparisons on the site and from `samverkan diff --format html`
CHANGES = folder("andringar")  # the change summary of a pull request
EXPORT = folder("exportera")  # Word and PDF export
NEW = folder("ny")  # the body of a new document


def environment(folder: Path, *, html: bool = False) -> jinja2.Environment:
    """Templates in ``folder``: Markdown (text escaped by a filter the caller
    adds) or, with ``html``, HTML with every value escaped (text comes from
    editors). A missing value is an error, never an empty string."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
        undefined=jinja2.StrictUndefined,
    )
