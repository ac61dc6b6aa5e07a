"""A body cannot smuggle typst code into the PDF: raw blocks for the output
format (```{=typst}) are shown as code (overrides/export/lankar.lua), so nothing
reads a repository file, an intern document included, into a public export;
the export's own page breaks still work."""

from __future__ import annotations

from pathlib import Path

from samverkan import exportera
from samverkan.exportera import pdf
from samverkan.loader import load

from .conftest import TODAY

RAW = """

```{=typst}
#read("agreements/dokument/intern-pm.md")
```

Och `#read("agreements/dokument/intern-pm.md")`{=typst} i raden, och #read("x") som text.
"""


def test_raw_typst_in_a_body_is_text(base_repo: Path):
    doc = base_repo / "agreements" / "dokument" / "huvudavtal.md"
    doc.write_text(doc.read_text(encoding="utf-8") + RAW, encoding="utf-8")
    repo, _ = load(base_repo)
    content, source = exportera.export(repo, repo.get("huvudavtal"), "pdf", TODAY)
    assert content.startswith(b"%PDF")
    markup = pdf.typst_source(source)
    # shown as code: a raw block and a raw span, not typst that runs
    assert '```\n#read("agreements/dokument/intern-pm.md")\n```' in markup
    assert 'Och `#read("agreements/dokument/intern-pm.md")` i raden' in markup
    assert "{=typst}" not in markup
    outside = markup.replace('```\n#read("agreements/dokument/intern-pm.md")\n```', "")
    assert not [line for line in outside.splitlines() if line.lstrip().startswith("#read")]


def test_javascript_links_become_text_in_exports(base_repo: Path):
    doc = base_repo / "agreements" / "dokument" / "huvudavtal.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\n[Klicka](javascript:alert(1)) och [webben](https://example.org/).\n"
    )
    repo, _ = load(base_repo)
    _, source = exportera.export(repo, repo.get("huvudavtal"), "pdf", TODAY)
    markup = pdf.typst_source(source)
    assert "javascript:" not in markup
    assert 'link("https://example.org/")' in markup
