"""The remissammanställning as the nämnd's paper: a Word (or PDF) file with one
table row per comment – the section, the party, its position and what it said –
made by the same pandoc recipe as the document exports.

The comments are pandoc grid-table cells, so a comment keeps its paragraphs
and lists; every ``[[…]]`` in it reads as the target's title, as in any export.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass

from .. import linking
from ..historik import History
from ..model import Document
from ..remiss import answers_in_round, answers_to, round_of, tally
from ..remiss.kommentarer import Comment, text_of
from ..remiss.sammanstallning import compile_round
from ..remiss.version import remiss_version
from ..status import date_sv
from ..synlighet import View
from .compose import Source, TextLinker
from .tools import ExportError

# column widths in characters: pandoc makes the Word columns in proportion
WIDTHS = (22, 18, 18, 50)
HEADINGS = ("Avsnitt", "Instans", "Ställningstagande", "Synpunkt")
GENERAL = "Allmänna synpunkter"
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+)")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")


@dataclass(frozen=True)
class Row:
    section: str
    party: str
    position: str
    text: str  # Markdown


def rows(view: View, doc: Document, history: History | None) -> tuple[list[Row], int, str]:
    """One row per comment on ``doc``'s remiss, in section order and then the
    general comments; with the number of comments and the tally ("4 av 13 har svarat")."""
    rnd = round_of(view.repo, doc)
    if rnd is None:
        raise ExportError(
            f"'{doc.id}' har inte varit på remiss (nyckeln 'remiss' saknas) — det finns inget att sammanställa"
        )
    found = answers_in_round(answers_to(view.documents, doc.id), rnd)
    version = remiss_version(doc, history) or doc
    compiled = compile_round(version, found)
    bodies: dict[str, list[str]] = {}

    def row(section: str, comment: Comment) -> Row:
        answer = comment.answer
        if answer.id not in bodies:
            bodies[answer.id] = linking.body(answer, TextLinker(view)).split("\n")
        party = view.get(answer.data.get("från"))
        name = party.name if party is not None else str(answer.data.get("från") or "")
        if answer.data.get("exempel"):
            name += " (exempel)"
        position = str(answer.data.get("ställningstagande") or "")
        if comment.answer.date("datum") and rnd.end and comment.answer.date("datum") > rnd.end:
            position += f" (svar {date_sv(comment.answer.date('datum'))}, efter sista svarsdag)"
        return Row(section, name, position, text_of(bodies[answer.id], comment))

    out = [row(p.title, c) for p in compiled.parts for c in p.comments]
    out += [row(GENERAL + (f": {c.heading}" if c.heading else ""), c) for c in compiled.general + compiled.unplaced]
    return out, len(out), tally(rnd, found).text


def source(view: View, doc: Document, today: dt.date, history: History | None) -> Source:
    """The export source of the remissammanställning of ``doc``."""
    found, count, counted = rows(view, doc, history)
    rnd = round_of(view.repo, doc)
    period = f"{date_sv(rnd.start)} – {date_sv(rnd.end)}" if rnd and rnd.start and rnd.end else "–"
    title = f"Remissammanställning: {doc.name}"
    footer = f"Remissammanställning – {doc.name}. Utskriven {date_sv(today)}"
    lines = [
        "---",
        "lang: sv-SE",
        f"titel: {_yaml(title)}",
        f"sidfot: {_yaml(footer)}",
        "---",
        "",
        f"# {linking.escape(title)}",
        "",
        f"Remisstid {linking.escape(period)}. {linking.escape(counted)}; "
        f"{count} {'synpunkt' if count == 1 else 'synpunkter'}.",
        "",
        grid_table(found),
        "",
    ]
    return Source(doc, today, "\n".join(lines), footer)


def _yaml(text: str) -> str:
    return json.dumps(linking.escape(text), ensure_ascii=False)


def grid_table(found: list[Row]) -> str:
    """A pandoc grid table: the headings, then one row per comment."""
    rule = "+" + "+".join("-" * (w + 2) for w in WIDTHS) + "+"
    head_rule = rule.replace("-", "=")
    out = [rule, *_cells([_wrap(h, w) for h, w in zip(HEADINGS, WIDTHS)]), head_rule]
    for r in found:
        cells = [
            _wrap(linking.escape(r.section), WIDTHS[0]),
            _wrap(linking.escape(r.party), WIDTHS[1]),
            _wrap(linking.escape(r.position), WIDTHS[2]),
            _block(r.text, WIDTHS[3]),
        ]
        out += _cells(cells)
        out.append(rule)
    return "\n".join(out)


def _cells(columns: list[list[str]]) -> list[str]:
    height = max(len(c) for c in columns)
    lines = []
    for i in range(height):
        parts = [(c[i] if i < len(c) else "").ljust(w) for c, w in zip(columns, WIDTHS)]
        lines.append("| " + " | ".join(parts) + " |")
    return lines


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _block(markdown: str, width: int) -> list[str]:
    """Markdown wrapped to ``width``: paragraphs and list items kept, a comment's
    own headings as bold lines (a heading cannot stand in a table cell)."""
    out: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", markdown.strip()):
        if out:
            out.append("")
        items: list[str] = []
        for line in paragraph.split("\n"):
            heading = _HEADING.match(line)
            if heading:
                items.append(f"**{heading.group(1)}**")
            elif _LIST_ITEM.match(line) or not items:
                items.append(line.strip())
            else:
                items[-1] += " " + line.strip()
        for item in items:
            marker = _LIST_ITEM.match(item)
            indent = " " * len(marker.group(1)) if marker else ""
            out += textwrap.wrap(item, width, subsequent_indent=indent, break_on_hyphens=False) or [""]
    return out or [""]
