"""Word round trip: export every sample document to .docx, import it again, and
get the same headings, lists, tables and text back.

What is compared is the document's body as readers see it: block by block
(heading with its level, paragraph, list item, table cell), inline text
without Markdown markup, ``[[id]]`` references as the title or label they
show. The header table the export adds is read back into front matter by the
import, so it is not in the imported body; the title heading is compared
like any heading.
"""

from __future__ import annotations

import datetime as dt

import pytest
from markdown_it import MarkdownIt

from samverkan import exportera, importera
from samverkan.loader import load, parse_document
from samverkan.model import Document, Repository
from samverkan.ny import Options

from .conftest import REPO_ROOT

TODAY = dt.date(2026, 1, 15)
_PARSER = MarkdownIt("commonmark").enable("table")


def _sample() -> Repository:
    repo, _ = load(REPO_ROOT)
    return repo


REPO = _sample()
DOCUMENTS = sorted((d for d in REPO.documents if not d.intern), key=lambda d: d.id)


def _with_titles(doc: Document, repo: Repository) -> str:
    """The body with each reference written as the text the reader sees."""
    body = doc.body
    for ref in doc.refs:
        target = repo.get(ref.target)
        shown = ref.label or (target.name if target is not None else ref.target)
        body = body.replace(ref.written, shown)
    return body


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif (
            child.type in ("softbreak", "hardbreak") or child.type == "html_inline" and child.content.startswith("<br")
        ):
            # the import writes a line break as <br> (editors lose trailing spaces); same break
            parts.append(" ")
    return " ".join("".join(parts).replace("\u00a0", " ").split())


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of each heading, paragraph, list item paragraph and table cell.
    A list item's kind names the lists it is in, outermost first, with where a
    numbered list starts (``list_item ol1>ul``): numbering and nesting count."""
    out: list[tuple[str, str]] = []
    context: list[str] = []
    lists: list[str] = []
    for token in _PARSER.parse(markdown):
        if token.type == "bullet_list_open":
            lists.append("ul")
        elif token.type == "ordered_list_open":
            lists.append(f"ol{token.attrs.get('start', 1)}")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            context.append(f"list_item {'>'.join(lists)}")
        elif token.type in ("heading_open", "th_open", "td_open", "paragraph_open"):
            context.append(token.tag if token.type == "heading_open" else token.type.removesuffix("_open"))
        elif token.type in ("heading_close", "list_item_close", "th_close", "td_close", "paragraph_close"):
            context.pop()
        elif token.type == "inline" and context:
            text = _inline_text(token)
            where = [c for c in context if c != "paragraph"]
            kind = where[-1] if where else "paragraph"
            if text:
                out.append(("cell" if kind in ("th", "td") else kind, text))
    return out


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.id)
def test_export_then_import_keeps_headings_lists_tables_and_text(doc, tmp_path):
    data, _ = exportera.export(REPO, doc, "docx", TODAY)
    word = tmp_path / f"{doc.id}.docx"
    word.write_bytes(data)

    imported = importera.convert(REPO, word, "avtal", Options(title=doc.name, id=f"{doc.id}-rundresa"))
    back, findings = parse_document(imported.path, imported.text)
    assert back is not None, findings

    expected = _without_title(blocks(_with_titles(doc, REPO)), doc.name)
    produced = _without_title(blocks(back.body), doc.name)
    assert produced == expected


def _without_title(found: list[tuple[str, str]], title: str) -> list[tuple[str, str]]:
    """The blocks without a first heading that repeats the title. Not a loss: a
    page shows the title once either way (``handbok.markup.split_title``), the
    export prints it once, above the header table, and the import leaves it to
    ``titel`` — so whether the body repeats it does not survive Word."""
    return found[1:] if found and found[0] == ("h1", title) else found


def test_the_comparison_sees_markup_differences():
    # guards the helper above: a lost heading level or list would not go unnoticed
    assert blocks("# A\n\n- x\n- y\n") != blocks("## A\n\nx\n\ny\n")
    assert blocks("| a | b |\n|---|---|\n| 1 | 2 |\n") == [("cell", "a"), ("cell", "b"), ("cell", "1"), ("cell", "2")]
    assert blocks("1. a\n2. b\n") != blocks("- a\n- b\n")
    assert blocks("1. a\n\n   - b\n") == [("list_item ol1", "a"), ("list_item ol1>ul", "b")]
    assert blocks("3. a\n") != blocks("1. a\n")
    assert blocks("a  \nb\n") == blocks("a<br>b\n") == [("paragraph", "a b")]


# --- an edited copy back onto the same document (import --uppdatera) ------------

# (document, sentence as written in Word → as the editor changed it, table cell → changed cell)
EDITS = [
    (
        "hsa-2018-bilaga-2",
        ("Förskrivande huvudman betalar hjälpmedlet.", "Den förskrivande huvudmannen betalar hjälpmedlet."),
        None,
    ),
    (
        # hsa-2018-bilaga-2 has no table in its text; the cell is changed in bilaga 4
        "hsa-2018-bilaga-4",
        ("sammanställer indikatorerna årligen", "sammanställer indikatorerna varje halvår"),
        ("parternas journalsystem", "parternas journalsystem och kvalitetsregister"),
    ),
]


def _edit_in_word(path, sentence, cell) -> None:
    """What an editor does in Word, done with python-docx: one sentence, one table cell."""
    import docx

    document = docx.Document(str(path))
    changed = []
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if sentence[0] in run.text:
                run.text = run.text.replace(*sentence)
                changed.append("mening")
    for table in document.tables[1:] if cell else []:  # the first table is the export's header
        for row in table.rows:
            for c in row.cells:
                if c.text == cell[0]:
                    c.paragraphs[0].runs[0].text = cell[1]
                    changed.append("cell")
    assert changed == ["mening"] + (["cell"] if cell else [])
    document.save(str(path))


@pytest.mark.parametrize(("doc_id", "sentence", "cell"), EDITS)
def test_word_edit_comes_back_as_a_new_version_of_the_same_document(doc_id, sentence, cell, tmp_path, capsys):
    import shutil

    from samverkan.cli import main

    from .historik_repo import GitRepo

    repo = GitRepo(tmp_path / "arkiv")
    shutil.copytree(REPO_ROOT / "agreements", repo.root / "agreements")
    repo.commit("Exempelinnehållet")
    path = REPO.document(doc_id).path
    before = (repo.root / path).read_text(encoding="utf-8")
    docx_file = tmp_path / f"{doc_id}.docx"
    root = ["--rot", str(repo.root), "--idag", "2026-01-15"]
    assert main(["export", doc_id, "--format", "docx", "--ut", str(docx_file), *root]) == 0
    _edit_in_word(docx_file, sentence, cell)
    capsys.readouterr()

    assert main(["import", str(docx_file), "--uppdatera", doc_id, *root]) == 0
    out = capsys.readouterr().out
    assert f"Uppdaterade {path}" in out and "huvudet oförändrat" in out

    # the same document, same id and type, same front matter
    after = (repo.root / path).read_text(encoding="utf-8")
    doc, findings = parse_document(path, after)
    assert not findings and doc.id == doc_id and doc.typ == "bilaga"
    assert after.split("\n---\n", 1)[0] == before.split("\n---\n", 1)[0]
    # the git diff holds exactly the edited lines
    diff = repo.git("diff", "--unified=0", "--", path)
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    edits = [sentence] + ([cell] if cell else [])
    assert len(removed) == len(added) == len(edits), diff
    pairs = list(zip(removed, added))
    for old, new in edits:
        assert any(old in gone and gone.replace(old, new) == came for gone, came in pairs), diff
    # and samverkan diff shows them
    assert main(["diff", doc_id, "--rot", str(repo.root)]) == 0
    shown = capsys.readouterr().out
    for old, new in edits:
        added_words = new.replace(old, "").strip() if new.startswith(old) else new.split()[-1]
        assert added_words.split()[-1] in shown and "{+" in shown


def test_plain_import_of_an_export_points_to_uppdatera(tmp_path, capsys):
    import shutil

    from samverkan.cli import main

    root = tmp_path / "arkiv"
    shutil.copytree(REPO_ROOT / "agreements", root / "agreements")
    docx_file = tmp_path / "hsa-2018-bilaga-2.docx"
    assert main(["export", "hsa-2018-bilaga-2", "--format", "docx", "--ut", str(docx_file), "--rot", str(root)]) == 0
    capsys.readouterr()
    assert main(["import", str(docx_file), "--rot", str(root)]) == 1
    err = capsys.readouterr().err
    assert "är en export av 'hsa-2018-bilaga-2', som redan finns" in err
    assert f"samverkan import {docx_file.name} --uppdatera hsa-2018-bilaga-2" in err
    # asked for a new document all the same: the export's header gives type, avtal and number
    imported = importera.convert(
        load(root)[0], docx_file, options=Options(id="kopia-av-bilaga-2", number=9, today=TODAY)
    )
    assert "typ: bilaga\n" in imported.text and "bilaga_till: hsa-2018\n" in imported.text
    assert any("dokumentet finns redan: 'hsa-2018-bilaga-2'" in n for n in imported.report.notes)


def test_import_matching_an_existing_title_says_so(tmp_path):
    source = tmp_path / "gammalt.docx"
    doc = REPO.document("vard-i-hemmet-2025")
    # a Word file someone wrote, not an export: only its title matches
    import docx

    word = docx.Document()
    word.add_heading(doc.name, level=1)
    word.add_paragraph("Text.")
    word.save(str(source))
    imported = importera.convert(REPO, source, options=Options(today=TODAY))
    note = next(n for n in imported.report.notes if n.startswith("dokumentet finns redan"))
    assert f"--uppdatera {doc.id}" in note


# --- a reference's title edited in Word ----------------------------------------


def _word_round_trip(tmp_path, doc_id: str, edit) -> tuple[str, str]:
    """Export ``doc_id``, let ``edit`` change the Word file's paragraphs, take it
    back with --uppdatera; the document's text before and after."""
    import shutil

    import docx

    from samverkan.cli import main

    root = tmp_path / "arkiv"
    shutil.copytree(REPO_ROOT / "agreements", root / "agreements")
    path = root / REPO.document(doc_id).path
    before = path.read_text(encoding="utf-8")
    docx_file = tmp_path / f"{doc_id}.docx"
    options = ["--rot", str(root), "--idag", "2026-01-15"]
    assert main(["export", doc_id, "--format", "docx", "--ut", str(docx_file), *options]) == 0
    document = docx.Document(str(docx_file))
    edit(document)
    document.save(str(docx_file))
    assert main(["import", str(docx_file), "--uppdatera", doc_id, *options]) == 0
    return before, path.read_text(encoding="utf-8")


def _replace_in_runs(document, old: str, new: str) -> None:
    runs = [run for p in document.paragraphs for run in p.runs if old in run.text]
    assert len(runs) == 1, [r.text for r in runs]
    runs[0].text = runs[0].text.replace(old, new)


def test_a_reference_whose_title_was_edited_keeps_its_target_with_the_new_label(tmp_path):
    # hsa-2018-bilaga-4: "… redovisar dem för [[vvg]] senast i mars …"; Word shows vvg's title
    title = REPO.get("vvg").name
    assert title == "Vårdsamverkan Västra Götaland"
    before, after = _word_round_trip(
        tmp_path,
        "hsa-2018-bilaga-4",
        lambda d: _replace_in_runs(d, f"för {title} senast", "för Vårdsamverkan i Västra Götaland senast"),
    )
    assert "för [[vvg]] senast" in before
    assert "för [[vvg|Vårdsamverkan i Västra Götaland]] senast" in after
    assert after.replace("[[vvg|Vårdsamverkan i Västra Götaland]]", "[[vvg]]") == before


def test_words_written_after_an_unchanged_title_leave_the_reference_as_it_was(tmp_path):
    # "… beskrivs i [[hsa-2018#Uppföljning]]." – the export prints the avtal's title and the full stop
    title = REPO.get("hsa-2018").name
    before, after = _word_round_trip(
        tmp_path,
        "hsa-2018-bilaga-4",
        lambda d: _replace_in_runs(d, f"{title}.", f"{title}, avsnittet om uppföljning."),
    )
    assert "[[hsa-2018#Uppföljning]]." in before
    assert after == before.replace("[[hsa-2018#Uppföljning]].", "[[hsa-2018#Uppföljning]], avsnittet om uppföljning.")


def test_merge_keeps_references_whose_words_changed():
    """The word merge on its own: title changed, words around it, punctuation after it, title deleted."""
    from samverkan.importera.merging import merge

    titles = {"avtal": "Huvudavtal om vård", "styr": "Styrgruppen"}

    def shown(inner: str) -> str:
        target, _, label = inner.partition("|")
        return label.strip() or titles[target.split("#")[0]]

    body = "Enligt [[avtal]]. Se även [[styr|Styrgruppen]] och\n[[avtal#mal]], mer text."
    base = "Enligt Huvudavtal om vård. Se även Styrgruppen och Huvudavtal om vård, mer text."
    cases = [
        (
            "Enligt Huvudavtal om hälso- och sjukvård. Se även Styrgruppen och Huvudavtal om vård, mer text.",
            "Enligt [[avtal|Huvudavtal om hälso- och sjukvård]]. Se även [[styr|Styrgruppen]] och\n"
            "[[avtal#mal]], mer text.",
        ),
        (
            "Enligt Avtal om vård. Se även Den nya styrgruppen och Huvudavtal om vård; mer text.",
            "Enligt [[avtal|Avtal om vård]]. Se även [[styr|Den nya styrgruppen]] och\n[[avtal#mal]]; mer text.",
        ),
        (
            "Enligt Huvudavtal om vård (se där). Se även nya Styrgruppen och Huvudavtal om vård, mer text.",
            "Enligt [[avtal]] (se där). Se även nya [[styr|Styrgruppen]] och\n[[avtal#mal]], mer text.",
        ),
        (base, body),
    ]
    for edited, expected in cases:
        assert merge(body, base, edited, shown)[0] == expected
    # the editor deleted the title: the reference goes, its punctuation stays
    assert merge(body, base, base.replace("Styrgruppen och", "och"), shown)[0] == body.replace(
        "[[styr|Styrgruppen]] ", " "
    )


def test_merge_reads_an_image_as_the_export_printed_it():
    """The export prints an image as "[description, bild: file]": a changed description stays
    the image's, a picture put in its place replaces it."""
    from samverkan.importera.merging import merge

    body = "Text före.\n\n![Flödet från inskrivning](x-bilder/bild-1.png)\n\nEfter."
    printed = "\\[Flödet från inskrivning, bild: bild-1.png\\]"
    base = f"Text före.\n\n{printed}\n\nEfter."

    def same(edited: str) -> str:
        return merge(body, base, edited, lambda ref: ref)[0]

    assert same(base) == body
    assert same(base.replace("inskrivning,", "inskrivning till hemmet,")) == body.replace(
        "inskrivning]", "inskrivning till hemmet]"
    )
    assert same(base.replace(printed, "![](x-bilder/bild-2.png)")) == "Text före.\n\n![](x-bilder/bild-2.png)\n\nEfter."
