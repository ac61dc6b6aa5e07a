"""The comparison engine (samverkan.jamforelse): golden cases under
tests/fixtures/jamforelse/<case>/ (old.md, new.md, optional hide.txt) and unit
tests for the tokenizer, the summary's number forms and Word's tracked changes."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import markdown
import pytest

from samverkan import jamforelse, templating
from samverkan.errors import SamverkanError, UsageError
from samverkan.jamforelse import Side, compare, diff_words, tokenize
from samverkan.jamforelse.render_text import marked
from samverkan.jamforelse.summary import summary
from samverkan.loader import parse_document

from .conftest import golden

FIXTURES = Path(__file__).parent / "fixtures" / "jamforelse"
CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
OLD_LABEL, NEW_LABEL = "Version 1 (2025-06-01)", "Version 2 (2025-12-10)"

OUTPUTS = {
    "summary.txt": lambda c: c.summary() + "\n",
    "expected.txt": jamforelse.to_text,
    "expected.md": jamforelse.to_markdown,
    "expected.html": lambda c: jamforelse.to_html(c, layout="inline"),
    "expected-sida-vid-sida.html": lambda c: jamforelse.to_html(c, layout="sida-vid-sida"),
}


def document(path: Path):
    doc, findings = parse_document(
        f"agreements/test/{path.parent.name}-{path.stem}.md", path.read_text(encoding="utf-8")
    )
    assert doc is not None, findings
    return doc


def text_document(text: str):
    doc, findings = parse_document("agreements/test/x.md", text)
    assert doc is not None, findings
    return doc


def comparison(name: str) -> jamforelse.Comparison:
    case = FIXTURES / name
    hide_file = case / "hide.txt"
    hidden = set(hide_file.read_text(encoding="utf-8").split()) if hide_file.exists() else set()
    return compare(
        Side(OLD_LABEL, document(case / "old.md")),
        Side(NEW_LABEL, document(case / "new.md")),
        hide=hidden.__contains__ if hidden else None,
    )


# ---------- golden files ----------


@pytest.mark.parametrize("output", OUTPUTS, ids=list(OUTPUTS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, output: str) -> None:
    produced = OUTPUTS[output](comparison(case.name))
    assert produced == golden(case / output, produced)


def test_every_case_has_every_golden_file() -> None:
    missing = [f"{case.name}/{name}" for case in CASES for name in OUTPUTS if not (case / name).exists()]
    assert not missing
    assert len(CASES) >= 12


# ---------- behaviour the golden files show, asserted directly ----------


def kinds(c: jamforelse.Comparison) -> list[str]:
    return [s.kind for s in c.sections]


def test_a_changed_word_is_marked_alone() -> None:
    c = comparison("ord-andrat")
    assert kinds(c) == ["unchanged", "unchanged", "changed"]
    assert "gäller i [-två-]{+tre+} år" in jamforelse.to_text(c)
    assert c.summary() == "1 avsnitt ändrat"


def test_a_replaced_phrase_is_one_change_and_rewrapping_is_none() -> None:
    c = comparison("fras-ersatt")
    section = c.sections[0]
    assert [b.kind for b in section.blocks] == ["changed", "unchanged"]
    assert marked(section.blocks[0].pieces).endswith(
        "betalas\n[-inom rimlig tid-]{+senast trettio dagar+} efter att fakturan har kommit in."
    )


def test_added_and_removed_sections() -> None:
    added = comparison("avsnitt-tillagt")
    assert kinds(added) == ["unchanged", "added", "unchanged"]
    assert added.summary() == "1 avsnitt tillagt"
    removed = comparison("avsnitt-borttaget")
    assert kinds(removed) == ["unchanged", "removed", "unchanged"]
    assert removed.summary() == "1 avsnitt borttaget"
    assert removed.sections[1].title == "Utbildning"


def test_a_renamed_section_with_the_same_text_aligns() -> None:
    c = comparison("avsnitt-omdopt")
    assert kinds(c) == ["unchanged", "changed", "unchanged"]
    renamed = c.sections[1]
    assert renamed.renamed and all(b.kind == "unchanged" for b in renamed.blocks)
    assert marked(renamed.heading) == "[-Ansvar och roller-]{+Parternas ansvar+}"


def test_a_moved_section_is_one_section() -> None:
    c = comparison("avsnitt-flyttat")
    assert [(s.title, s.kind, s.moved) for s in c.sections] == [
        ("Text före första rubriken", "changed", False),
        ("Organisation", "changed", True),
        ("Bakgrund", "unchanged", False),
        ("Uppdrag", "unchanged", False),
    ]
    assert c.sections[1].description == "Flyttat avsnitt"


def test_table_rows_are_aligned_and_cells_compared() -> None:
    c = comparison("tabell")
    table = c.sections[0].blocks[0]
    assert [r.kind for r in table.rows] == ["unchanged", "unchanged", "removed", "unchanged", "added", "changed"]
    changed = table.rows[-1]
    assert [marked(cell) for cell in changed.cells] == [
        "[-Hösten-]{+Senast 30 november+} 2026",
        "Uppföljning enligt uppföljningsplan",
        "[[vvg|VVG]]",
    ]
    html = jamforelse.to_html(c)
    assert '<tr class="sv-jmf__rad--tillagd"><td><ins>' in html
    assert '<tr class="sv-jmf__rad--borttagen"><td><del>' in html


def test_list_items_are_aligned_item_by_item() -> None:
    c = comparison("lista")
    bullets, numbered = c.sections[0].blocks
    assert [i.kind for i in bullets.items] == ["unchanged", "added", "changed", "unchanged"]
    assert marked(bullets.items[2].pieces) == (
        "Ett {+reviderat +}stödmaterial tas fram för implementering under hösten 2025."
    )
    assert numbered.kind == "unchanged"


def test_status_dates_and_version_label_in_the_field_table() -> None:
    c = comparison("status-faststalld")
    assert (
        c.summary()
        == "inga ändringar i texten; status remiss → fastställd; version 1.9 → 1.10; 4 andra uppgifter ändrade"
    )
    rows = {f.label: (f.before, f.after) for f in c.fields}
    assert rows == {
        "Status": ("remiss", "fastställd"),
        "Fastställd": ("(saknas)", "2025-12-10"),
        "Fastställd av": ("(saknas)", "Styrgrupp för hälso- och sjukvård i hemmet"),
        "Giltig från": ("(saknas)", "2026-01-01"),
        "Giltig till": ("(saknas)", "2026-12-31"),
        "Version": ("1.9", "1.10"),
    }
    assert c.changed


def test_parties_as_added_and_removed_items_and_nested_values_readable() -> None:
    c = comparison("parter")
    by_key = {f.key: f for f in c.fields}
    assert by_key["parter"].text == "Tillagda: ale, vanersborg; Borttagna: boras"
    assert by_key["beslutsprocess"].after == (
        "Tillagda: Regionala samverkansrådet rekommenderar parterna att anta överenskommelsen (från 2025-09-13)"
    )
    assert by_key["tidsram"].text == "från 2025-01-01, till 2025-12-31 → från 2025-01-01, till 2026-06-30"


def test_no_changes() -> None:
    c = comparison("inga-andringar")
    assert not c.changed and c.fields == []
    assert c.summary() == "inga ändringar"
    assert jamforelse.to_text(c).count("(oförändrat)") == 3


def test_swedish_letters_and_html_special_characters_are_escaped() -> None:
    c = comparison("specialtecken")
    for layout in ("inline", "sida-vid-sida"):
        html = jamforelse.to_html(c, layout=layout)
        assert "<i>" not in html and "<b>" not in html
        assert "&lt;i&gt; hemmet" in html and "läkemedel &amp; förbrukningsartiklar" in html
        assert "Västra Götaland" in html and "återförsäljning" in html
    md = jamforelse.to_markdown(c)
    assert "<i>" not in md and "&lt;b&gt;" in md


def test_hidden_ids_are_never_shown() -> None:
    c = comparison("internt-id")
    outputs = [render(c) for render in OUTPUTS.values()] + [jamforelse.to_html_page(c, "Jämförelse")]
    for out in outputs[1:]:
        assert "hsa-nytt-arbetsutkast" not in out and "forstudie-lansgemensam-uppfoljning" not in out
    assert all("(internt dokument)" in out for out in outputs[1:])
    relaterade = next(f for f in c.fields if f.key == "relaterade")
    assert relaterade.added == ("(internt dokument)", "hemsjukvard-2012")
    # without hide the ids are shown: the mask comes from the caller
    plain = compare(c.old, c.new)
    assert "hsa-nytt-arbetsutkast" in jamforelse.to_text(plain)


def test_changed_code_becomes_a_diff_block_in_markdown() -> None:
    md = jamforelse.to_markdown(comparison("kodblock"))
    assert "```diff\n-status: remiss\n+status: fastställd\n+fastställd: 2025-12-10\n" in md


# ---------- output rules per format ----------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_html_fragment_survives_python_markdown(case: Path) -> None:
    c = comparison(case.name)
    for layout in ("inline", "sida-vid-sida"):
        fragment = jamforelse.to_html(c, layout=layout)
        assert "\n\n" not in fragment and "<h1" not in fragment
        page = markdown.markdown(fragment, extensions=["md_in_html"])
        for tag in ("<ins>", "</ins>", "<del>", "</del>", '<span class="sv-dold">'):
            assert page.count(tag) == fragment.count(tag)
        assert "<p><div" not in page and "<p><section" not in page


def test_insertions_and_deletions_carry_a_screen_reader_label() -> None:
    html = jamforelse.to_html(comparison("ord-andrat"))
    assert '<del><span class="sv-dold">Borttaget: </span>två</del>' in html
    assert '<ins><span class="sv-dold">Tillagt: </span>tre</ins>' in html


def test_side_by_side_puts_deletions_left_and_insertions_right() -> None:
    html = jamforelse.to_html(comparison("ord-andrat"), layout="sida-vid-sida")
    old_cell, new_cell = re.findall(r"<td data-etikett=\"[^\"]+\">(.*?)</td>", html, re.S)[-2:]
    assert "<del>" in old_cell and "<ins>" not in old_cell
    assert "<ins>" in new_cell and "<del>" not in new_cell
    assert f'<th scope="col">{OLD_LABEL}</th><th scope="col">{NEW_LABEL}</th>' in html


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_markdown_is_safe_to_paste(case: Path) -> None:
    md = jamforelse.to_markdown(comparison(case.name))
    tags = set(re.findall(r"</?([a-zA-Z][\w-]*)", md))
    assert tags <= {"ins", "del", "details", "summary"}
    # every row of a table has as many cells as its header: a '|' in the text is escaped
    for table in re.findall(r"(?m)(?:^\|.*\n)+", md):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table


def test_markdown_without_context_shows_only_changes() -> None:
    c = comparison("avsnitt-tillagt")
    md = jamforelse.to_markdown(c, context=False)
    assert "<details>" not in md
    assert "Oförändrade avsnitt: Syfte, Uppföljning." in md
    assert "### Tillagt avsnitt: Utbildning" in md


def test_standalone_page() -> None:
    page = jamforelse.to_html_page(comparison("lista"), "Bilaga 1 <utkast>")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<title>Bilaga 1 &lt;utkast&gt;</title>" in page
    assert ".sv-dold {" in page and "--sv-jmf-ins-fg" in page
    assert not re.search(r"<link|<script|src=|url\(|@import|https?://", page)
    assert "<h1>" in page and '<h2 class="sv-jmf__rubrik">' in page and "<h3" not in page


def test_unknown_layout_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="sida-vid-sida"):
        jamforelse.to_html(comparison("lista"), layout="tabell")


def test_structure_is_json_data_for_the_picker() -> None:
    data = jamforelse.structure(document(FIXTURES / "tabell" / "new.md"))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    (section,) = data
    assert (section["heading"], section["level"], section["key"]) == ("Tidplan", 2, "tidplan")
    (table,) = section["blocks"]
    assert table["kind"] == "table" and table["align"] == ["", "", "center"]
    assert table["rows"][0] == ["när", "vad", "vem"]
    assert table["rows"][1][2] == "[[styrgrupp-vard-i-hemmet|Styrgruppen]]"
    lists = jamforelse.structure(document(FIXTURES / "lista" / "new.md"))[0]["blocks"]
    assert [(b["kind"], b["ordered"], len(b["items"])) for b in lists] == [("list", False, 4), ("list", True, 2)]


def test_segmentation_of_preface_headings_and_nested_items() -> None:
    doc = text_document(
        "---\nid: x\ntyp: avtal\ntitel: X\n---\nFörst.\n\n# Rubrik\n\n- ett\n- två\n  fortsätter\n  - inre\n\n> citat\n> rad\n\n---\n"
    )
    (preface, titled) = jamforelse.sections(doc.body, doc.body_line)
    assert (preface.heading, preface.level, [b.kind for b in preface.blocks]) == ("", 0, ["paragraph"])
    assert preface.line == 6 and titled.line == 8
    assert [b.kind for b in titled.blocks] == ["list", "quote", "rule"]
    assert titled.blocks[0].items == ("ett", "två\nfortsätter\n- inre")
    assert titled.blocks[1].text == "citat\nrad"


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_any_two_documents_compare_and_both_versions_can_be_read_back() -> None:
    """Every pair of fixture documents: the pieces give back exactly the old and the new text."""
    from samverkan.jamforelse.words import DELETE, INSERT, side

    docs = [document(case / "new.md") for case in CASES] + [document(FIXTURES / "tabell" / "old.md")]
    for old in docs:
        for new in docs:
            c = compare(Side("a", old), Side("b", new))
            for section in c.sections:
                for b in section.blocks:
                    if b.form in ("text", "code"):
                        texts = [(b.pieces, b.old.text if b.old else None, b.new.text if b.new else None)]
                    elif b.form == "list":
                        texts = [(i.pieces, None, None) for i in b.items]
                    else:
                        texts = [(cell, None, None) for r in b.rows for cell in r.cells]
                    for pieces, before, after in texts:
                        if before is not None:
                            assert _norm(side(pieces, DELETE)) == _norm(before)
                        if after is not None:
                            assert _norm(side(pieces, INSERT)) == _norm(after)
                    if b.form == "list" and b.new is not None:
                        kept = [side(i.pieces, INSERT) for i in b.items if i.kind != "removed"]
                        assert [_norm(t) for t in kept] == [_norm(t) for t in b.new.items]
            assert [s.new.heading for s in c.sections if s.new] == [s.heading for s in jamforelse.sections(new.body)]
            for render in (jamforelse.to_text, jamforelse.to_markdown, jamforelse.to_html):
                assert render(c)


# ---------- tokenizer and word diff ----------


def test_tokenizer_keeps_words_numbers_and_references_whole() -> None:
    text = "Vård i hemmet, 1.10 & <b> [[vvg|VVG]] 2024-04-01 09:00 åäöé"
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert tokens == [
        "Vård",
        " ",
        "i",
        " ",
        "hemmet",
        ",",
        " ",
        "1.10",
        " ",
        "&",
        " ",
        "<",
        "b",
        ">",
        " ",
        "[[vvg|VVG]]",
        " ",
        "2024-04-01",
        " ",
        "09:00",
        " ",
        "åäöé",
    ]


def test_word_diff_merges_a_replaced_phrase() -> None:
    assert marked(diff_words("a b c", "x y z")) == "[-a b c-]{+x y z+}"
    assert marked(diff_words("gäller i två år och tre månader", "gäller i fem år och sex månader")) == (
        "gäller i [-två-]{+fem+} år och [-tre-]{+sex+} månader"
    )


def test_word_diff_ignores_whitespace_except_in_code() -> None:
    assert marked(diff_words("ett\ntvå", "ett  två")) == "ett  två"
    assert marked(diff_words("a\n  b", "a\n    b", exact=True)) == "a\n[-  -]{+    +}b"


# ---------- summary number forms ----------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"changed": 1}, "1 avsnitt ändrat"),
        ({"changed": 2}, "2 avsnitt ändrade"),
        ({"added": 1}, "1 avsnitt tillagt"),
        ({"changed": 3, "added": 1}, "3 avsnitt ändrade, 1 tillagt"),
        ({"changed": 1, "added": 2, "removed": 1}, "1 avsnitt ändrat, 2 tillagda, 1 borttaget"),
        ({"removed": 2}, "2 avsnitt borttagna"),
        ({"unchanged": 4}, "inga ändringar"),
    ],
)
def test_summary_number_forms(counts: dict, expected: str) -> None:
    assert summary(counts, []) == expected


def test_summary_names_status_and_version_and_counts_the_rest() -> None:
    from samverkan.jamforelse.fields import FieldChange

    status = FieldChange("status", "Status", "remiss", "fastställd")
    version = FieldChange("version", "Version", "1.9", "1.10")
    other = FieldChange("giltig_från", "Giltig från", None, "2026-01-01")
    assert summary({"changed": 3, "added": 1}, [status]) == "3 avsnitt ändrade, 1 tillagt; status remiss → fastställd"
    assert summary({}, [version, other]) == "inga ändringar i texten; version 1.9 → 1.10; 1 annan uppgift ändrad"
    assert summary({}, [other, other]) == "inga ändringar i texten; 2 uppgifter ändrade"


# ---------- Word with tracked changes ----------


def docx_xml(c: jamforelse.Comparison) -> str:
    data = jamforelse.to_docx(c, author="Anna Andersson", date=dt.datetime(2024, 4, 1))
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def changes(xml: str, tag: str) -> list[tuple[str, str, str]]:
    """(author, date, text) of every w:ins or w:del."""
    out = []
    for match in re.finditer(rf'<w:{tag} [^>]*w:author="([^"]*)" w:date="([^"]*)">(.*?)</w:{tag}>', xml, re.S):
        text = "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)</w:(?:t|delText)>", match.group(3)))
        out.append((match.group(1), match.group(2), text))
    return out


def test_docx_has_real_tracked_changes() -> None:
    xml = docx_xml(comparison("ord-andrat"))
    assert changes(xml, "del") == [("Anna Andersson", "2024-04-01T00:00:00Z", "två")]
    assert changes(xml, "ins") == [("Anna Andersson", "2024-04-01T00:00:00Z", "tre")]
    first = re.search(r"<w:p>.*?</w:p>", xml, re.S).group(0)
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", first)) == "Sammanfattning: 1 avsnitt ändrat"


def test_docx_keeps_headings_lists_and_tables() -> None:
    xml = docx_xml(comparison("tabell"))
    assert "<w:tbl>" in xml and 'w:val="Heading2"' in xml
    inserted = {text for _, _, text in changes(xml, "ins")}
    deleted = {text for _, _, text in changes(xml, "del")}
    assert {"Kvartal 2 2026", "Nätverksträff för implementeringspersoner", "Senast 30 november"} <= inserted
    assert {"Utbildning av implementeringspersoner", "Hösten"} <= deleted
    lists = docx_xml(comparison("lista"))
    assert "<w:numPr>" in lists
    assert (
        "Anna Andersson",
        "2024-04-01T00:00:00Z",
        "Lokala samverkansgrupper utser en kontaktperson för införandet.",
    ) in changes(lists, "ins")


def test_docx_field_table_and_special_characters() -> None:
    xml = docx_xml(comparison("specialtecken"))
    assert "Bilaga 3 – Läkemedel &amp; hjälpmedel i hemmet" in xml
    assert ("Anna Andersson", "2024-04-01T00:00:00Z", "20") in changes(xml, "ins")


def test_docx_date_with_time_zone_is_written_in_utc() -> None:
    zone = dt.timezone(dt.timedelta(hours=2))
    data = jamforelse.to_docx(
        comparison("ord-andrat"), author='Eva "E" Ek', date=dt.datetime(2024, 4, 1, 10, 30, tzinfo=zone)
    )
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert 'w:author="Eva &quot;E&quot; Ek" w:date="2024-04-01T08:30:00Z"' in xml


def test_pandoc_failure_is_a_swedish_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypandoc

    def broken(*args, **kwargs):
        raise RuntimeError("Pandoc died with exitcode 64")

    monkeypatch.setattr(pypandoc, "convert_text", broken)
    with pytest.raises(SamverkanError, match="Word-dokumentet kunde inte skapas"):
        jamforelse.to_docx(comparison("lista"), author="A", date=dt.datetime(2024, 4, 1))


# ---------- colours ----------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ['[data-md-color-scheme="default"]', '[data-md-color-scheme="slate"]'])
def test_colours_have_enough_contrast_in_both_palettes(scheme: str) -> None:
    css = (templating.COMPARISON / "jamforelse.css").read_text(encoding="utf-8")
    block = re.search(re.escape(scheme) + r"\s*\{([^}]*)\}", css).group(1)
    colours = dict(re.findall(r"--sv-jmf-([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
    for fg, bg in (("ins-fg", "ins-bg"), ("del-fg", "del-bg"), ("label-fg", "page-bg"), ("label-fg", "head-bg")):
        assert _contrast(colours[fg], colours[bg]) >= 4.5, (scheme, fg, bg)
    # the lines stay: nothing resets the decoration that carries the meaning
    assert "text-decoration: none" not in css
    assert "text-decoration-line: underline" in css and "text-decoration-line: line-through" in css
