"""A body cannot smuggle typst code into the PDF: raw blocks for the output
format (```{=typst}) are text, so nothing reads a repository file, an intern
document included, into a public export."""

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
    code_lines = [line for line in markup.splitlines() if line.lstrip().startswith("#read")]
    assert code_lines == []
    assert "Intern förberedelse" not in markup
