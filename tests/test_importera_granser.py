"""Bounds and hostile content in `samverkan import` (issue 17, item 6; issue 18):
zip bombs and deep nesting are refused with one Swedish message before any
conversion, javascript: links are dropped with a note, and a title stays text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypandoc
import pytest
import yaml

from samverkan import importera
from samverkan.importera import word
from samverkan.loader import load
from samverkan.ny import Options

from .conftest import TODAY
from .test_importera import run, snapshot

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PAYLOAD = "</title><script>alert(1)</script><img src=x onerror=alert(2)>"


def _docx(path: Path, document: str, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _nested_tables(depth: int) -> str:
    inner = "<w:p><w:r><w:t>djupt</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    return f"<w:document {W}><w:body>{inner}</w:body></w:document>"


def _nested_runs(depth: int) -> str:
    inner = "<w:r><w:t>djupt</w:t></w:r>"
    for _ in range(depth):
        inner = f"<w:hyperlink>{inner}</w:hyperlink>"
    return f"<w:document {W}><w:body><w:p>{inner}</w:p></w:body></w:document>"


def _refused(capsys, base_repo: Path, source: Path) -> str:
    before = snapshot(base_repo)
    code, out, err = run(capsys, "import", str(source), "--root", str(base_repo))
    assert (code, out) == (2, "")
    assert err.startswith("samverkan: ") and err.count("\n") == 1 and "Traceback" not in err
    assert snapshot(base_repo) == before
    return err


def test_a_zip_bomb_is_refused_before_conversion(base_repo: Path, tmp_path: Path, capsys):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body/></w:document>")
        with archive.open("word/media/noll.bin", "w", force_zip64=True) as part:
            block = bytes(1024 * 1024)
            for _ in range(300):
                part.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    err = _refused(capsys, base_repo, bomb)
    assert "packas upp till mer än 256 MB och importeras inte" in err


def test_a_part_that_unpacks_far_too_much_is_refused(base_repo: Path, tmp_path: Path, capsys):
    source = _docx(
        tmp_path / "kvot.docx", f"<w:document {W}><w:body/></w:document>", {"word/media/a.bin": bytes(20 * 2**20)}
    )
    err = _refused(capsys, base_repo, source)
    assert "word/media/a.bin" in err and "gånger större (högst 200)" in err


def test_a_zip_that_lies_about_its_sizes_is_refused(base_repo: Path, tmp_path: Path, capsys):
    """A part declared 10 bytes that unpacks to 20 MiB: unpacking it with the
    declared size fails its checksum, so the file is refused as damaged before
    pandoc sees it."""
    source = _docx(tmp_path / "lognare.docx", f"<w:document {W}><w:body/></w:document>", {"a.bin": bytes(20 * 2**20)})
    data = bytearray(source.read_bytes())
    name = b"a.bin"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = (10).to_bytes(4, "little")
            start += 4
    source.write_bytes(bytes(data))
    err = _refused(capsys, base_repo, source)
    assert "är skadad" in err


@pytest.mark.parametrize("make", [lambda: _nested_tables(99), lambda: _nested_runs(1000)])
def test_deep_nesting_is_refused_in_swedish(make, base_repo: Path, tmp_path: Path, capsys):
    err = _refused(capsys, base_repo, _docx(tmp_path / "djup.docx", make()))
    assert f"nästlad i mer än {word.MAX_DEPTH} nivåer" in err


def test_nesting_within_the_limit_is_read(tmp_path: Path):
    package = word.read(_docx(tmp_path / "grund.docx", _nested_tables(20)))
    assert package.data


def _from_markdown(path: Path, markdown: str) -> Path:
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(path))
    return path


def test_javascript_link_is_dropped_with_a_note(base_repo: Path, tmp_path: Path):
    source = _from_markdown(
        tmp_path / "lankar.docx",
        "# Syfte\n\nSe [avtalet](https://example.org/avtal) och [klicka här](javascript:alert('sv-xss')).\n",
    )
    imported = importera.convert(load(base_repo)[0], source, options=Options(today=TODAY))
    assert "javascript:" not in imported.text
    assert "[avtalet](https://example.org/avtal)" in imported.text
    assert "och klicka här." in imported.text
    notes = "\n".join(imported.report.notes)
    assert "länken till 'javascript:alert('sv-xss')' togs bort" in notes


def test_word_title_with_markup_stays_text(base_repo: Path, tmp_path: Path):
    written = PAYLOAD.replace("<", "&lt;").replace(">", "&gt;")  # text in pandoc's Markdown, not HTML
    source = _from_markdown(tmp_path / "titel.docx", f'---\ntitle: "{written}"\n---\n\n# Syfte\n\nText.\n')
    imported = importera.convert(load(base_repo)[0], source, options=Options(today=TODAY))
    front = yaml.safe_load(imported.text.split("---\n")[1])
    assert front["titel"] == PAYLOAD
    assert "<script>" not in imported.text.split("---\n", 2)[2]  # not in the body as HTML either
