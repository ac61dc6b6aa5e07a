"""A document typst refuses still gets a PDF, its text unformatted under a note,
so it never stops the site (issue 17, item 2)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from samverkan import exportera
from samverkan.exportera import pdf
from samverkan.exportera.tools import ExportError
from samverkan.loader import load

from .conftest import TODAY

DOC = """---
id: djup
typ: avtal
titel: Djupt nästlat avtal
status: utkast
nivå: regional
region: reg
parter: [reg, ka]
dokumentägare: ledning
---
{body}
"""

BODIES = {
    "citat-100": "> " * 100 + "Djupt citat.\n",
    "citat-1000": "> " * 1000 + "Djupare citat.\n",
    # typst refuses from about 100 levels; pandoc's own time grows fast with list depth
    # (500 levels: minutes), which the validator's nesting limit keeps out
    "lista-100": "".join("  " * i + "- punkt\n" for i in range(100)),
    "html": "<div>" * 300 + "text" + "</div>" * 300 + "\n",
}


@pytest.mark.parametrize("name", list(BODIES))
def test_deep_document_gets_a_pdf(name: str, base_repo: Path):
    (base_repo / "agreements" / "dokument" / "djup.md").write_text(DOC.format(body=BODIES[name]), encoding="utf-8")
    repo, _ = load(base_repo)
    doc = repo.get("djup")
    content, source = exportera.export(repo, doc, "pdf", TODAY)
    assert content.startswith(b"%PDF")
    docx, _ = exportera.export(repo, doc, "docx", TODAY)
    assert zipfile.ZipFile(io.BytesIO(docx)).testzip() is None


def test_fallback_is_used_when_typst_refuses(base_repo: Path):
    repo, _ = load(base_repo)
    doc = repo.get("huvudavtal")
    _, source = exportera.export(repo, doc, "pdf", TODAY)
    broken = b'#let x = (\n"unclosed'
    with pytest.raises(ExportError):
        pdf._compile(broken.decode(), source)
    content = pdf.finish(broken, source)
    assert content.startswith(b"%PDF")
    markup = pdf.fallback_markup(source)
    assert pdf.FALLBACK_NOTE in markup and "Avtalet reglerar ansvaret" in markup
    assert pdf._compile(markup, source).startswith(b"%PDF")


def test_fallback_keeps_any_text_as_text(base_repo: Path):
    repo, _ = load(base_repo)
    _, source = exportera.export(repo, repo.get("huvudavtal"), "pdf", TODAY)
    odd = source.__class__(
        **{**source.__dict__, "markdown": 'a "citat" \\ och #set och ]) [ \n\t slut', "stable": None}
    )
    assert pdf._compile(pdf.fallback_markup(odd), odd).startswith(b"%PDF")
