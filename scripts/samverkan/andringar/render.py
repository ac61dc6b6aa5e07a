"""A :class:`ChangeSet` as a pull-request comment (Markdown, from the template
``samverkan/templates/andringar/andringar.md``) or as JSON for other tools."""

from __future__ import annotations

import json

from .. import templating
from ..jamforelse import render_markdown
from . import ChangeSet, DocumentChange

# first line of every comment: the comment workflow finds and updates its own
MARKER = "<!-- samverkan-changes -->"
# GitHub refuses comments over 65,536 characters; leave room for the frame
DETAIL_BUDGET = 45_000
TYPE_NAMES = {
    "avtal": "avtal",
    "bilaga": "bilaga",
    "uppdragshandling": "uppdragshandling",
    "mötesanteckning": "mötesanteckning",
}


def markdown(change: ChangeSet) -> str:
    """The Swedish summary the pull-request workflow posts."""
    env = templating.environment(templating.CHANGES)  # Markdown: text goes through |md
    env.filters["md"] = lambda v: render_markdown.gfm_literal(str(v))
    # inside a code span nothing is escaped; only a backtick could end it early
    env.filters["code"] = lambda v: "`" + " ".join(str(v).replace("`", "'").split()) + "`"
    details, left_out = _details(change)
    return env.get_template("andringar.md").render(
        marker=MARKER,
        c=change,
        details=details,
        left_out=left_out,
        TYPE_NAMES=TYPE_NAMES,
        counts=_counts(change),
        severity=lambda f: {"error": "fel", "warning": "varning"}.get(f.severity.value, "upplysning"),
        intern=lambda d: ", **internt**" if d.intern else "",
    )


def _counts(change: ChangeSet) -> str:
    """ "1 tillagt, 2 ändrade": the documents by kind of change, in Swedish number forms."""
    forms = (("tillagt", "tillagda"), ("ändrat", "ändrade"), ("flyttat", "flyttade"), ("borttaget", "borttagna"))
    parts = [f"{n} {one if n == 1 else many}" for one, many in forms if (n := len(change.of_kind(one)))]
    return ", ".join(parts) if parts else "inga"


def _details(change: ChangeSet) -> tuple[dict[str, str], int]:
    """Each changed document's word diff, as long as the comment has room."""
    out: dict[str, str] = {}
    used = left_out = 0
    for doc in change.documents:
        if doc.comparison is None:
            continue
        text = render_markdown.to_markdown(doc.comparison, context=False)
        if used + len(text) > DETAIL_BUDGET:
            left_out += 1
            continue
        out[doc.id] = text
        used += len(text)
    return out, left_out


def json_text(change: ChangeSet) -> str:
    """The same content as data: English keys like ``samverkan validate --format
    json``, values as in the documents (kinds of change in Swedish)."""
    return json.dumps(_data(change), ensure_ascii=False, indent=2) + "\n"


def _data(change: ChangeSet) -> dict:
    return {
        "base": {"revision": change.base, "commit": change.base_sha},
        "head": {"revision": change.head, "commit": change.head_sha},
        "documents": [_document(d) for d in change.documents],
        "registry": [
            {"change": e.kind, "id": e.id, "name": e.name, "type": e.typ, "keys": list(e.keys)} for e in change.entries
        ],
        "files": [{"change": kind, "path": path} for kind, path in change.files],
        "new_findings": [f.as_dict() for f in change.new_findings],
        "fixed_findings": change.fixed_findings,
        "left_out_intern": change.left_out_intern,
    }


def _document(doc: DocumentChange) -> dict:
    data = {
        "change": doc.kind,
        "id": doc.id,
        "title": doc.title,
        "type": doc.typ,
        "intern": doc.intern,
        "path": (doc.new or doc.old).path,
        "previous_path": doc.old.path if doc.moved else None,
        "status": {"before": doc.status[0], "after": doc.status[1]} if doc.status else None,
        # the same keys for every kind of change, so a reader never meets a missing key
        "summary": None,
        "fields": [],
        "sections": [],
    }
    if doc.comparison is not None:
        data["summary"] = doc.comparison.summary()
        data["fields"] = [
            {"key": f.key, "before": f.old, "after": f.new, "added": list(f.added), "removed": list(f.removed)}
            for f in doc.comparison.fields
        ]
        data["sections"] = [
            {"heading": s.title, "change": s.kind} for s in doc.comparison.sections if s.kind != "unchanged"
        ]
    return data
