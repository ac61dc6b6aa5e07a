"""References as readers see them: a comparison shows text, not ``[[id]]``.

The site, ``samverkan diff`` readers and the pull-request comment all read a
reference as what it names: its written label, else the title of the target
(or "(internt dokument)" for what the reader may not see). One function does
that for all of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..model import Document
from ..wording import INTERN_TEXT


def readable(
    doc: Document,
    title: Callable[[str], str | None],
    hide: Callable[[str], bool] | None = None,
) -> Document:
    """``doc`` with each ``[[…]]`` in the body written as the text a reader
    sees: its label, or ``title(target)`` (the id itself when that is None),
    or :data:`INTERN_TEXT` for a target ``hide`` says the reader may not see."""
    if not doc.refs:
        return doc
    body = doc.body
    for ref in doc.refs:
        if hide is not None and hide(ref.target):
            text = INTERN_TEXT
        else:
            text = ref.label or title(ref.target) or ref.target
        # a reference inside a table cell is written with an escaped pipe; keep the cell intact
        written_in_table = "\\|" in ref.written
        body = body.replace(ref.written, text.replace("|", "\\|") if written_in_table else text)
    return dataclasses.replace(doc, body=body, refs=[])
