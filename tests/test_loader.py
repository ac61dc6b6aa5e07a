"""The loader: positions, normalisation, YAML 1.2 semantics, refusal of aliases."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from samverkan import source
from samverkan.errors import SourceError
from samverkan.loader import load
from samverkan.source import Pos


def test_positions_of_keys_items_and_nested_keys():
    parsed = source.parse(
        "id: a\nparter:\n  - reg\n  - ka\nsteg:\n  - från: 2024-01-01\n    till: 2024-02-01\n", first_line=2
    )
    assert parsed.positions[("id",)] == Pos(2, 1)
    assert parsed.positions[("parter", 1)] == Pos(5, 5)
    assert parsed.positions[("steg", 0, "till")] == Pos(8, 5)
    # a missing nested key falls back to its nearest located ancestor
    assert parsed.pos(("steg", 0, "arena")) == Pos(7, 5)


def test_yaml_12_booleans_and_written_scalars():
    parsed = source.parse("a: ja\nb: yes\nc: true\nd: off\nversion: 1.10\nnummer: 3\n")
    assert parsed.data == {"a": "ja", "b": "yes", "c": True, "d": "off", "version": 1.1, "nummer": 3}
    assert parsed.raw[("version",)] == "1.10"


def test_dates_are_kept_as_written_text():
    parsed = source.parse("a: 2024-02-30\nb: '2025-01-01'\nc: 2025-01-01\n")
    assert parsed.data == {"a": "2024-02-30", "b": "2025-01-01", "c": "2025-01-01"}


def test_alias_bomb_is_refused_before_expansion():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in "bcdefghijklmnop":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(SourceError) as info:
        source.parse("\n".join(lines) + "\n")
    assert info.value.code == "yaml-ankare"
    assert info.value.line == 1
    assert time.perf_counter() - start < 5  # no expansion happened (generous bound)


def test_merge_key_is_just_an_unknown_key():
    assert source.parse("<<: x\n").data == {"<<": "x"}


def test_nfd_keys_and_values_are_normalised(tmp_path: Path):
    doc = tmp_path / "agreements" / "d.md"
    doc.parent.mkdir()
    nfd = unicodedata.normalize("NFD", "---\nid: d\ntitel: Vård i hemmet\ngiltig_från: 2025-01-01\n---\n")
    doc.write_text(nfd, encoding="utf-8")
    repo, findings = load(tmp_path)
    assert findings == []
    assert repo.documents[0].data["titel"] == "Vård i hemmet"
    assert "giltig_från" in repo.documents[0].data


def test_body_references_have_file_positions(tmp_path: Path):
    doc = tmp_path / "agreements" / "d.md"
    doc.parent.mkdir()
    doc.write_bytes("\ufeff---\r\nid: d\r\n---\r\n# Rubrik\r\n\r\nSe [[x|text]] och [[y#Rubrik]].\r\n".encode())
    repo, findings = load(tmp_path)
    assert findings == []
    refs = repo.documents[0].refs
    assert [(r.target, r.label, r.heading, r.pos) for r in refs] == [
        ("x", "text", None, Pos(6, 4)),
        ("y", None, "Rubrik", Pos(6, 19)),
    ]


def test_attachments_and_readme_are_not_parsed(tmp_path: Path):
    folder = tmp_path / "agreements" / "bilagor"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("ingen front matter", encoding="utf-8")
    (folder / "original.pdf").write_bytes(b"%PDF-\xff\xfe")
    (folder / "notes.yml").write_text("- not: registry\n", encoding="utf-8")
    repo, findings = load(tmp_path)
    assert findings == []
    assert [a.path for a in repo.attachments] == ["agreements/bilagor/notes.yml", "agreements/bilagor/original.pdf"]


def test_heading_anchors_match_the_sites_slugs():
    from samverkan.body import headings

    body = "# **Ansvar** och `roller`\n\nText\n\nÖversikt över Ämnen\n===\n\n## Ansvar och roller\n\n```\n# inte en rubrik\n```\n"
    assert headings(body) == ["ansvar-och-roller", "oversikt-over-amnen", "ansvar-och-roller_1"]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a:\n\t- b\n", 2, "tabbtecken"),
        ("a: @x\n", 1, "citattecken"),
        ("a: b: c\n", 1, "kolon"),
        ("a: ok\nb: x\x07y\n", 2, "kontrolltecken"),
    ],
)
def test_yaml_problems_are_located_and_in_swedish(text, line, words):
    with pytest.raises(SourceError) as info:
        source.parse(text)
    assert info.value.line == line
    assert words in info.value.message
