"""Comparing two versions of a document: the remiss version against the decided
one, last year's agreement against this year's.

:func:`compare` aligns the sections by heading, the blocks within them, list
items and table rows, and compares the text word by word; the renderers show
the result in a terminal, a pull-request comment, the handbook (HTML, inline or
side by side), a standalone page or Word with tracked changes.
"""

from __future__ import annotations

from .blocks import BlockChange, ItemChange, RowChange
from .comparison import Comparison, SectionChange, Side, compare
from .errors import DocxError, RenderError
from .fields import FieldChange, field_data, opaque
from .referenser import readable
from .render_docx import to_docx
from .render_html import fields_html, to_html, to_html_page
from .render_markdown import to_markdown
from .render_text import to_text
from .segment import Block, Section, sections, structure
from .words import Piece, diff_words, tokenize

__all__ = [
    "Block",
    "BlockChange",
    "Comparison",
    "DocxError",
    "FieldChange",
    "ItemChange",
    "Piece",
    "RenderError",
    "RowChange",
    "Section",
    "SectionChange",
    "Side",
    "compare",
    "diff_words",
    "field_data",
    "opaque",
    "readable",
    "fields_html",
    "sections",
    "structure",
    "to_docx",
    "to_html",
    "to_html_page",
    "to_markdown",
    "to_text",
    "tokenize",
]
