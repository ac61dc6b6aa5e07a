"""Nothing from outside the repository reaches the site (issue 17, item 4), and
attachments are found by their whole name (``x#y.pdf``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from samverkan import handbok
from samverkan.confine import inside
from samverkan.handbok import Asset, Page
from samverkan.loader import load

from .conftest import TODAY

OUTSIDE_DOC = """---
id: utanfor
typ: avtal
titel: Hemligt dokument utanför arkivet
status: utkast
nivå: regional
region: reg
parter: [reg, ka]
dokumentägare: ledning
---
Hemlig text zqxutanfor.
"""


def _link(root: Path, text: str) -> None:
    doc = root / "agreements" / "dokument" / "huvudavtal.md"
    doc.write_text(doc.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _items(root: Path) -> list:
    repo, _ = load(root)
    return handbok.build(repo, TODAY)


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_symlinked_attachment_outside_is_not_published(base_repo: Path, target: str):
    os.symlink(target, base_repo / "agreements" / "dokument" / "bilaga.pdf")
    _link(base_repo, "[Bilagan](bilaga.pdf)")
    items = _items(base_repo)
    assets = [i for i in items if isinstance(i, Asset)]
    assert not [a.path for a in assets if a.path.startswith("filer/")]
    secret = Path(target).read_bytes()[:40]
    assert not [a.path for a in assets if secret and secret in a.content]


def test_symlinked_document_outside_is_no_page(base_repo: Path, tmp_path: Path):
    outside = tmp_path / "utanfor.md"
    outside.write_text(OUTSIDE_DOC, encoding="utf-8")
    os.symlink(outside, base_repo / "agreements" / "dokument" / "utanfor.md")
    items = _items(base_repo)
    assert "utanfor/index.md" not in {i.path for i in items}
    text = "\n".join(i.markdown for i in items if isinstance(i, Page))
    assert "zqxutanfor" not in text and "Hemligt dokument utanför arkivet" not in text


def test_symlink_inside_the_repository_is_followed(base_repo: Path):
    real = base_repo / "agreements" / "dokument" / "original.pdf"
    real.write_bytes(b"%PDF-1.4 original")
    os.symlink("original.pdf", base_repo / "agreements" / "dokument" / "lank.pdf")
    assert inside(base_repo, "agreements/dokument/lank.pdf")
    assert not inside(base_repo, "agreements/dokument/saknas.pdf")
    assert not inside(base_repo, "agreements")  # a folder is no file


def test_attachment_with_hash_in_its_name(base_repo: Path):
    (base_repo / "agreements" / "dokument" / "x#y.pdf").write_bytes(b"%PDF-1.4 x#y")
    _link(base_repo, "[Bilagan](x%23y.pdf) och [samma](<x#y.pdf>)")
    items = _items(base_repo)
    assets = {i.path: i.content for i in items if isinstance(i, Asset)}
    assert assets["filer/dokument/x#y.pdf"] == b"%PDF-1.4 x#y"
    page = next(i for i in items if isinstance(i, Page) and i.path == "huvudavtal/index.md")
    assert "[Bilagan](../filer/dokument/x%23y.pdf)" in page.markdown
    assert "[samma](<../filer/dokument/x%23y.pdf>)" in page.markdown
