"""One pandoc-Markdown source for an exported document.

The source is what both formats are made from: the title, the header table
(:mod:`.header`), the body with every ``[[…]]`` turned into the target's title
as plain text, and with bilagor each bilaga after a page break in the same
form. The Markdown comes from the Jinja template ``templates/exportera/dokument.md``.

Visibility follows :class:`samverkan.synlighet.View`: in a public export an
intern bilaga is left out and a reference to an intern document reads
"(internt dokument)", exactly as on the public site.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import jinja2

from .. import linking, templating
from ..model import Document, parse_date
from ..status import decision, draft, pending, status
from ..synlighet import View
from ..wording import INTERN_TEXT, date_sv
from . import header
from .tools import EXPORT_DIR, MARKDOWN_TEMPLATE, ExportError

# Links to files beside a document become "text (bifogad fil: name)" in
# lankar.lua; the scheme marks them (the file itself is not in the export).
ATTACHMENT_SCHEME = "bifogad:"

# Stands for the print date in Source.stable. As long as an ISO date and made of
# letters only, so pandoc escapes and wraps it exactly as it does the date.
DATE_MARK = "SVKQZXDATM"


@dataclass(frozen=True)
class Chapter:
    """One document in the export: its header rows and its Markdown body."""

    doc: Document
    rows: list[header.Row]
    body: str


@dataclass(frozen=True)
class Source:
    """Everything needed to render one export in any format."""

    doc: Document
    today: dt.date
    markdown: str
    footer: str
    bilagor: tuple[Document, ...] = ()
    # intern bilagor a public export left out
    skipped: tuple[Document, ...] = ()
    # bilagor in utkast left out (they do not apply; ``drafts=True`` keeps them)
    drafts_left_out: tuple[Document, ...] = ()
    # ``markdown`` with DATE_MARK for the print date: what pandoc converts, so
    # its output serves every day until something else changes. None when the
    # document's own text holds the mark (then ``markdown`` is converted).
    stable: str | None = None

    def fill(self, converted: str) -> str:
        """Pandoc's output of ``stable`` with the print date in its place."""
        return converted.replace(DATE_MARK, date_sv(self.today)) if self.stable is not None else converted


class TextLinker:
    """References for print (a :class:`samverkan.linking.Linker`): a
    reference becomes the target's title (or the written label) as text, an
    attachment link gets marked for the link filter."""

    def __init__(self, view: View):
        self.view = view

    def node(self, id_: object, label: str | None = None, heading: str | None = None) -> str:
        target = self.view.repo.get(id_)
        if target is not None and not self.view.visible(target):
            return linking.escape(INTERN_TEXT)
        if label:
            return linking.escape(label)
        return linking.escape(target.name if target is not None else id_)

    def attachment(self, path: str) -> str:
        # the name as the site writes it ('#' is part of the name), for lankar.lua to show
        return ATTACHMENT_SCHEME + quote(posixpath.basename(path).replace("#", "%23"))


def compose(
    view: View,
    doc: Document,
    today: dt.date,
    *,
    bilagor: bool = False,
    drafts: bool = False,
    mark: str | None = None,
) -> Source:
    """The export source of ``doc`` as printed on ``today``; with ``bilagor``
    the avtal's bilagor follow, in ``nummer`` order, those ``view`` shows and,
    unless ``drafts``, not those in utkast (a draft does not apply, and has no
    place in the file a nämnd keeps of what was decided). ``mark`` says which
    version of the document this is (an old version from the history): it is
    the first row of the header table and opens the footer of every page."""
    attached = bilagor_of(view, doc) if bilagor else []
    skipped = tuple(b for b in attached if not view.visible(b))
    visible = [b for b in attached if view.visible(b)]
    left_out = tuple(b for b in visible if draft(b) and not drafts and not draft(doc))
    shown = tuple(b for b in visible if b not in left_out)
    parts = [_part(view, d, today) for d in (doc, *shown)]
    if mark:
        parts[0] = Chapter(parts[0].doc, [("Utgåva", mark), *parts[0].rows], parts[0].body)
    prefix = f"{mark} · " if mark else ""
    text = prefix + footer(doc, today)
    markdown = _markdown(doc, text, parts)
    # The print date is the only part of the text that changes every day
    # (the status and "gäller från"/"ej längre gällande" change on the dates
    # the document names, and then its exports are made again); an old
    # version's mark says which version applies "i dag (date)" as well.
    if mark:
        marked = mark.replace(date_sv(today), DATE_MARK)
        stable_parts = [Chapter(parts[0].doc, [("Utgåva", marked), *parts[0].rows[1:]], parts[0].body), *parts[1:]]
        stable = _markdown(doc, f"{marked} · " + _footer(doc, today, DATE_MARK), stable_parts)
    else:
        stable = _markdown(doc, _footer(doc, today, DATE_MARK), parts)
    if DATE_MARK in markdown or len(DATE_MARK) != len(date_sv(today)):
        stable = None
    return Source(doc, today, markdown, text, shown, skipped, left_out, stable)


def bilagor_of(view: View, doc: Document) -> list[Document]:
    """Every bilaga of the avtal ``doc``, visible or not, in ``nummer`` order."""
    if doc.typ != "avtal" or not doc.id:
        return []
    found = [d for d in view.repo.documents if d.typ == "bilaga" and d.data.get("bilaga_till") == doc.id]
    return sorted(found, key=bilagor_order)


def bilagor_order(doc: Document) -> tuple[int, str]:
    """Where a bilaga goes among its avtal's: by ``nummer``, then id."""
    return (_number(doc), doc.id or "")


def day_state(doc: Document, bilagor: list[Document], today: dt.date) -> str:
    """Everything in :func:`compose`'s date-independent text (:attr:`Source.stable`)
    that depends on ``today``: the status of the document and of its bilagor on
    that day (the header's "Status" row, the footer's "gällande version").
    The export cache's input keys (:mod:`.inputs`) rely on it: anything else
    compose comes to read from the date must be added here
    (``tests/test_exportera.py`` checks it over a run of days)."""
    return repr([status(d, today) for d in (doc, *bilagor)])


def footer(doc: Document, today: dt.date) -> str:
    """The footer line: "Utskriven 2026-01-15, gällande version: 2.0 (fastställd 2024-09-13)"."""
    return _footer(doc, today, date_sv(today))


def _footer(doc: Document, today: dt.date, printed: str) -> str:
    if pending(doc):
        # on every page of the file: a draft must never pass for what applies
        mark = "UTKAST" if draft(doc) else "REMISSVERSION"
        last = _last_day(doc) if not draft(doc) else None
        answer = f" Sista dag att svara {date_sv(last)}." if last else ""
        return f"{mark} – gäller inte.{answer} Utskriven {printed}, version: {current_version(doc, today)}"
    return f"Utskriven {printed}, gällande version: {current_version(doc, today)}"


def _last_day(doc: Document) -> dt.date | None:
    """The last day to answer a remiss version (its own ``remiss.till``)."""
    block = doc.data.get("remiss")
    return parse_date(block.get("till")) if isinstance(block, dict) else None


def current_version(doc: Document, today: dt.date) -> str:
    """What "gällande version" says: the ``version`` label as written, and the
    state of the decision behind it. A document that is not in force says so:
    "utkast, ej fastställd", "fastställd 2024-09-13, ej längre gällande"."""
    state = decision(doc, today)
    label = header.version_label(doc)
    return f"{label} ({state})" if label else state


def _markdown(doc: Document, footer_text: str, parts: list[Chapter]) -> str:
    try:
        return _template().render(title=doc.name, footer=footer_text, parts=parts)
    except jinja2.TemplateError as e:
        raise ExportError(f"mallen {EXPORT_DIR / MARKDOWN_TEMPLATE} har ett fel: {e}") from e


def _part(view: View, doc: Document, today: dt.date) -> Chapter:
    _, body = linking.split_title(linking.body(doc, TextLinker(view)), doc.name)
    return Chapter(doc, header.rows(view, doc, today), body.strip("\n"))


def _number(doc: Document) -> int:
    number = doc.data.get("nummer")
    return number if isinstance(number, int) and not isinstance(number, bool) else 0


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = templating.environment(EXPORT_DIR)  # the template writes Markdown; text goes through |md
    env.filters["md"] = linking.escape
    env.filters["yaml"] = lambda v: json.dumps(str(v), ensure_ascii=False)
    try:
        return env.get_template(MARKDOWN_TEMPLATE)
    except jinja2.TemplateNotFound as e:
        raise ExportError(f"mallen {MARKDOWN_TEMPLATE} saknas i {EXPORT_DIR}") from e
    except jinja2.TemplateError as e:
        raise ExportError(f"mallen {EXPORT_DIR / MARKDOWN_TEMPLATE} har ett fel: {e}") from e
