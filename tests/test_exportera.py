"""``samverkan export`` and the handbook's downloads: Word and PDF files of a
document with its header table, body, bilagor and footer.

What is asserted about a PDF: it is a PDF, its document title (XMP metadata)
is the titel, its bookmarks (typst makes one per heading) are exactly the
headings of the Word export, and the typst source it was compiled from holds
the header table values and the footer. The PDF's page text itself is not
extracted (that needs a PDF library the project does not have).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import threading
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypandoc
import pytest
import typst
from markdown_it import MarkdownIt

from samverkan import exportera
from samverkan.cli import main
from samverkan.exportera import batch, header
from samverkan.exportera.compose import day_state
from samverkan.handbok import Asset, Download, Page, build
from samverkan.loader import load, load_files, parse_document
from samverkan.synlighet import View

from .conftest import FIXTURES, REPO_ROOT, TODAY, build_case, golden

HERE = FIXTURES / "exportera"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE_IDS = sorted(d.id for d in load(REPO_ROOT)[0].documents if d.id)
INTERN_BILAGA = "Hemlig kostnadsfördelning"


# --- reading the produced files ----------------------------------------------


def _text(element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(f"{W}t")).split())


def _document_xml(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return ElementTree.fromstring(z.read("word/document.xml"))


def _headings(docx: bytes) -> list[str]:
    """Texts of the paragraphs with a Word heading style, in order."""
    found = []
    for p in _document_xml(docx).iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            found.append(_text(p))
    return found


def _first_table(docx: bytes) -> list[list[str]]:
    table = next(_document_xml(docx).iter(f"{W}tbl"))
    return [[_text(cell) for cell in row.iter(f"{W}tc")] for row in table.iter(f"{W}tr")]


def _part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name).decode("utf-8")


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        return bytes.fromhex(raw[1:-1].decode()).decode("utf-16-be").lstrip("\ufeff")
    inner = re.sub(rb"\\([()\\])", rb"\1", raw[1:-1])
    return inner.decode("latin-1")


def _pdf_bookmarks(pdf: bytes) -> list[str]:
    """Titles of the PDF's outline entries (objects with a /Parent and a /Title)."""
    entries = re.findall(rb"<</Parent \d+ 0 R[^>]*?/Title(\((?:\\.|[^\\)])*\)|<[0-9A-F]+>)", pdf)
    return [" ".join(_pdf_string(e).split()) for e in entries]


def _pdf_title(pdf: bytes) -> str:
    match = re.search(rb'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', pdf)
    assert match, "the PDF has no XMP title"
    return match.group(1).decode("utf-8").replace("&amp;", "&").replace("&lt;", "<")


def _body_headings(doc, repo=None) -> list[str]:
    """The headings an export of ``doc`` has: its titel, then the body's headings
    (without the body's own title heading, which the titel replaces); a reference
    in a heading reads as its target's title, as in the export."""
    body = doc.body
    for ref in doc.refs if repo is not None else []:
        target = repo.get(ref.target)
        body = body.replace(ref.written, ref.label or (target.name if target is not None else ref.target))
    tokens = MarkdownIt("commonmark").parse(body)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(c.content for c in inline.children if c.type in ("text", "code_inline"))
            found.append((token.tag, " ".join(text.split())))
    if found and found[0] == ("h1", " ".join(doc.name.split())):
        found = found[1:]
    return [" ".join(doc.name.split())] + [text for _, text in found]


# --- every document of the sample content ------------------------------------


def _expected_footer(doc) -> str:
    """A document that is not decided says so first, on every page."""
    version = exportera.current_version(doc, TODAY)
    status = doc.data.get("status") if doc.typ != "mötesanteckning" else None
    if status in ("utkast", "remiss"):
        mark = "UTKAST" if status == "utkast" else "REMISSVERSION"
        return f"{mark} – gäller inte. Utskriven 2026-01-15, version: {version}"
    return f"Utskriven 2026-01-15, gällande version: {version}"


@pytest.fixture(scope="module")
def sample():
    repo, _ = load(REPO_ROOT)
    sources = {d.id: exportera.compose(View(repo, intern=d.intern), d, TODAY) for d in repo.documents if d.id}
    jobs = [(sources[i], fmt) for i in SAMPLE_IDS for fmt in exportera.FORMATS]
    files = iter(exportera.render_all(jobs))
    rendered = {i: {fmt: next(files) for fmt in exportera.FORMATS} for i in SAMPLE_IDS}
    return repo, sources, rendered


def test_exports_of_many_documents_share_the_callers_pandoc_processes(sample, monkeypatch):
    """The history's papers convert document after document on one pool
    (handbok.papper.pages): a call given a pool converts on its processes, the
    same as without one, and leaves them running for the next document."""
    repo, sources, rendered = sample
    started = []
    real = exportera.batch.Pandoc.__init__

    def counted(self):
        started.append(self)
        real(self)

    monkeypatch.setattr(exportera.batch.Pandoc, "__init__", counted)
    with exportera.Pool(1) as pandoc:
        for doc_id in SAMPLE_IDS:
            made = exportera.render_all([(sources[doc_id], "docx")], pandoc=pandoc)
            assert made == [rendered[doc_id]["docx"]]
        assert len(started) == 1 and started[0].alive


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_docx_of_every_sample_document(doc_id: str, sample):
    repo, sources, rendered = sample
    doc, docx = repo.document(doc_id), rendered[doc_id]["docx"]
    expected_rows = [
        [label, " ".join(value.split())] for label, value in header.rows(View(repo, intern=doc.intern), doc, TODAY)
    ]
    assert _first_table(docx) == expected_rows
    assert ["Status", _status_label(doc)] in expected_rows
    assert _headings(docx) == _body_headings(doc, repo)
    footer = _text(ElementTree.fromstring(_part(docx, "word/footer1.xml")))
    assert footer.startswith(_expected_footer(doc))
    assert "Sida" in footer and 'w:instr=" NUMPAGES "' in _part(docx, "word/footer1.xml")
    assert f"<dc:title>{_xml(doc.name)}</dc:title>" in _part(docx, "docProps/core.xml")


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_pdf_of_every_sample_document(doc_id: str, sample):
    repo, sources, rendered = sample
    doc, pdf = repo.document(doc_id), rendered[doc_id]["pdf"]
    assert pdf.startswith(b"%PDF-")
    assert _pdf_title(pdf) == doc.name
    assert sorted(_pdf_bookmarks(pdf)) == sorted(_headings(rendered[doc_id]["docx"]))
    source = " ".join(exportera.pdf.typst_source(sources[doc_id]).split())
    assert " ".join(sources[doc_id].footer.split()).replace("–", "--") in source
    for label, value in header.rows(View(repo, intern=doc.intern), doc, TODAY):
        assert f"[#strong[{label}]], [" in source
        assert value.split()[0].replace("–", "--") in source


@pytest.mark.parametrize("fmt", ["docx", "typst"])
def test_long_lived_pandoc_converts_exactly_as_the_command_line(fmt: str, sample):
    """The build's pandoc processes (batch.lua) give byte for byte what
    ``pandoc --from … --lua-filter … --to …`` gives, for every sample document
    (docx compared once finished: pandoc stamps the zip entries with the time)."""
    _, sources, _ = sample
    step = exportera.docx if fmt == "docx" else exportera.pdf
    with exportera.Pool(1) as pool:
        for doc_id in SAMPLE_IDS:
            source = sources[doc_id]
            by_batch, by_command = step.pandoc(source, pool), step.pandoc(source)
            if fmt == "docx":
                by_batch, by_command = step.finish(by_batch, source), step.finish(by_command, source)
            assert by_batch == by_command, doc_id


def test_both_formats_from_one_reading_are_the_files_of_each_on_its_own(sample, monkeypatch):
    """A source made in both formats is read and filtered by pandoc once
    (``docx+typst``): the same Word and PDF files, byte for byte, as converting
    it once per format (which the test above compares with the command line)."""
    _, sources, _ = sample
    requests = []
    real = exportera.batch.Pandoc.request

    def counted(self, request, markdown):
        requests.append(request)
        return real(self, request, markdown)

    monkeypatch.setattr(exportera.batch.Pandoc, "request", counted)
    with exportera.Pool(1) as pool:
        for doc_id in SAMPLE_IDS:
            source = sources[doc_id]
            requests.clear()
            together = exportera.render_formats(source, exportera.FORMATS, pandoc=pool)
            assert requests == ["docx+typst"], doc_id
            alone = [exportera.render(source, fmt, pandoc=pool) for fmt in exportera.FORMATS]
            assert requests[1:] == ["docx", "typst"], doc_id
            assert together == alone, doc_id


def test_the_kept_typst_compiler_makes_the_pdf_typst_compile_makes(sample):
    """A PDF compiled on a thread's kept compiler (exportera.pdf.typst_pdf) is
    byte for byte what a fresh ``typst.compile`` makes, for every sample
    document, also after typst refused a file and on another thread."""
    import threading

    _, sources, _ = sample
    stamp = int(dt.datetime.combine(TODAY, dt.time(), tzinfo=dt.UTC).timestamp())
    markups = [exportera.pdf.typst_source(sources[doc_id]).encode("utf-8") for doc_id in SAMPLE_IDS]
    fresh = [typst.compile(m, format="pdf", ignore_system_fonts=True, timestamp=stamp) for m in markups]
    with pytest.raises(typst.TypstError):
        exportera.pdf.typst_pdf(b"#let x = (", stamp)
    assert [exportera.pdf.typst_pdf(m, stamp) for m in markups] == fresh
    other: list[bytes] = []
    thread = threading.Thread(target=lambda: other.extend(exportera.pdf.typst_pdf(m, stamp) for m in markups))
    thread.start()
    thread.join()
    assert other == fresh


def test_long_lived_pandoc_fetches_nothing_a_document_names(tmp_path: Path):
    """Without pandoc's --sandbox the link filter is what keeps files and the
    network out: an image, local or remote, becomes text in both formats."""
    secret = tmp_path / "hemlig.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n hemligt")
    markdown = f"Text.\n\n![karta]({secret})\n\n![extern](http://127.0.0.1:9/bild.png)\n"
    with exportera.Pool(1) as pool:
        docx, typst_markup = pool.convert(markdown, "docx"), pool.convert(markdown, "typst").decode()
        comparison = pool.convert(markdown, "jamforelse")  # its text is escaped, but should an image come
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
        text = z.read("word/document.xml").decode()
    assert f"[karta, bild: {secret}]" in text and "[extern, bild: http://127.0.0.1:9/bild.png]" in text
    with zipfile.ZipFile(io.BytesIO(comparison)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
        assert "karta" in z.read("word/document.xml").decode()
    assert not re.search(r'image\("(/|http)', typst_markup)
    assert "\\[karta, bild: " in " ".join(typst_markup.split()) and "hemlig.png\\]" in typst_markup


def test_a_pandoc_process_is_replaced_after_its_share_of_conversions(monkeypatch):
    monkeypatch.setattr(batch, "CONVERSIONS_PER_PROCESS", 2)
    with exportera.Pool(1) as pool:
        pool.convert("Ett.", "typst")
        (first,) = pool._started
        assert "Två." in pool.convert("Två.", "typst").decode()
        assert pool._started == [] and not first.alive
        assert "Tre." in pool.convert("Tre.", "typst").decode()
        assert len(pool._started) == 1 and pool._started[0] is not first


def test_a_pool_runs_one_process_fewer_until_the_caller_waits_for_its_files():
    """While the page build has a core of its own, the downloads' pool starts
    one pandoc process fewer; once the build waits for the files, all of them."""
    until = threading.Event()
    with exportera.Pool(2, at_first=1, until=until) as pool:
        first = pool._take()
        second: list = []
        taker = threading.Thread(target=lambda: second.append(pool._take()), daemon=True)
        taker.start()
        taker.join(1.0)
        assert second == [] and len(pool._started) == 1  # the one process is busy: the other thread waits
        until.set()
        taker.join(30)
        assert len(second) == 1 and second[0] is not first and len(pool._started) == 2
        for pandoc in (first, second[0]):
            pool._idle.put(pandoc)
        assert "Ett." in pool.convert("Ett.", "typst").decode()


def test_downloads_wait_for_their_files_with_every_process(fixture_repo):
    """The build's downloads use one process fewer until the build waits for
    them (Running.waited), then all: the same files either way."""
    _, repo = fixture_repo
    downloads = [i for i in build(repo, TODAY, downloads=True) if isinstance(i, Download)]
    running = downloads[0].running
    contents = [d.content for d in downloads]
    assert running.waited.is_set() and all(contents)
    running.close()


def test_a_pandoc_process_that_dies_is_a_swedish_error_and_is_replaced():
    with exportera.Pool(1) as pool:
        assert "Första." in pool.convert("Första.", "typst").decode()
        (process,) = [p._process for p in pool._started]
        process.kill()
        process.wait()
        with pytest.raises(exportera.ExportError, match="^pandoc avslutades oväntat"):
            pool.convert("Andra.", "typst")
        assert "Tredje." in pool.convert("Tredje.", "typst").decode()
        assert [p._process for p in pool._started] != [process]


def test_a_failed_download_is_a_swedish_error_naming_the_document(fixture_repo, monkeypatch):
    """The downloads are made in a child process; its failure reaches the build."""
    _, repo = fixture_repo

    def broken(*args, **kwargs):
        raise typst.TypstError("unclosed delimiter")

    monkeypatch.setattr(exportera.pdf, "typst_pdf", broken)
    download = next(i for i in build(repo, TODAY, downloads=True) if isinstance(i, Download))
    with pytest.raises(exportera.ExportError) as raised:
        _ = download.content
    assert "Traceback" not in str(raised.value)
    assert str(raised.value).startswith("nedladdningarna kunde inte skapas: dokumentet '")
    assert "kunde inte exporteras till PDF: typst kunde inte göra PDF-filen: unclosed delimiter" in str(raised.value)


def test_every_sample_document_renders_the_same_twice(sample):
    repo, sources, rendered = sample
    again = exportera.render(sources["hsa-2018"], "docx"), exportera.render(sources["hsa-2018"], "pdf")
    assert again == (rendered["hsa-2018"]["docx"], rendered["hsa-2018"]["pdf"])


def _status_label(doc) -> str:
    from samverkan.status import status

    return status(doc, TODAY).label


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- "gällande version" in the footer ----------------------------------------

VERSION_CASES = [
    # front matter (after id/typ/titel), footer's "gällande version"
    (
        "status: fastställd\nfastställd: 2024-09-13\ngiltig_från: 2025-01-01\nversion: 2.0",
        "2.0 (fastställd 2024-09-13)",
    ),
    (
        "status: fastställd\nfastställd: 2024-09-13\ngiltig_från: 2025-01-01\nversion: 1.10",
        "1.10 (fastställd 2024-09-13)",
    ),
    ("status: fastställd\nfastställd: 2024-09-13\ngiltig_från: 2025-01-01", "fastställd 2024-09-13"),
    (
        'status: fastställd\nfastställd: 2025-12-01\ngiltig_från: 2026-07-01\nversion: "3"',
        "3 (fastställd 2025-12-01, gäller från 2026-07-01)",
    ),
    (
        "status: fastställd\nfastställd: 2020-01-01\ngiltig_från: 2020-01-01\ngiltig_till: 2025-12-31",
        "fastställd 2020-01-01, ej längre gällande",
    ),
    (
        'status: upphävd\nfastställd: 2020-01-01\ngiltig_från: 2020-01-01\nupphävd: 2025-06-30\nversion: "1.0"',
        "1.0 (upphävd 2025-06-30)",
    ),
    ("status: utkast", "utkast, ej fastställd"),
    ("status: remiss\nversion: Remissversion", "Remissversion (remiss, ej fastställd)"),
]


@pytest.mark.parametrize(("front", "expected"), VERSION_CASES)
def test_current_version_in_the_footer(front: str, expected: str):
    doc, _ = parse_document("agreements/a.md", f"---\nid: a\ntyp: avtal\ntitel: A\n{front}\n---\nText.\n")
    assert exportera.current_version(doc, TODAY) == expected
    assert exportera.footer(doc, TODAY) == _expected_footer(doc)
    assert exportera.footer(doc, TODAY).endswith(f"version: {expected}")


@pytest.mark.parametrize(("status", "expected"), [("justerad", "justerad"), (None, "ej justerad")])
def test_current_version_of_a_meeting(status, expected):
    line = f"status: {status}\n" if status else ""
    doc, _ = parse_document(
        "agreements/m.md", f"---\nid: m\ntyp: mötesanteckning\ntitel: M\narena: x\ndatum: 2025-01-10\n{line}---\n"
    )
    assert exportera.current_version(doc, TODAY) == expected


# --- a public avtal with bilagor, one of them intern -------------------------


@pytest.fixture
def fixture_repo(tmp_path: Path):
    root = build_case(HERE / "bilagor", tmp_path / "repo")
    return root, load(root)[0]


def test_source_golden(fixture_repo):
    _, repo = fixture_repo
    source = exportera.compose(View(repo), repo.document("huvudavtal"), TODAY, bilagor=True)
    assert source.markdown == golden(HERE / "huvudavtal-med-bilagor.md", source.markdown)


def test_bilagor_in_number_order_without_the_intern_one(fixture_repo):
    _, repo = fixture_repo
    docx, source = exportera.export(repo, repo.document("huvudavtal"), "docx", TODAY, bilagor=True)
    assert [b.id for b in source.bilagor] == ["huvudavtal-bilaga-1", "huvudavtal-bilaga-3", "huvudavtal-bilaga-10"]
    assert [b.id for b in source.skipped] == ["huvudavtal-bilaga-2"]
    titles = [h for h in _headings(docx) if h.startswith(("Huvudavtal", "Bilaga"))]
    assert titles == [
        "Huvudavtal om hälso- och sjukvård",
        "Bilaga 1 Ansvarsfördelning",
        "Bilaga 3 Rutiner och kontaktvägar",
        "Bilaga 10 Ordlista",
    ]
    assert _part(docx, "word/document.xml").count('w:type="page"') == 3
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert not any(INTERN_BILAGA in z.read(n).decode("utf-8", "replace") for n in z.namelist())
    typst_source = exportera.pdf.typst_source(source)
    assert INTERN_BILAGA not in typst_source and typst_source.count("#pagebreak()") == 3


def test_without_bilagor_only_the_document(fixture_repo):
    _, repo = fixture_repo
    docx, source = exportera.export(repo, repo.document("huvudavtal"), "docx", TODAY)
    assert source.bilagor == () and source.skipped == ()
    assert not any(h.startswith("Bilaga") for h in _headings(docx))


def test_internal_view_includes_the_intern_bilaga(fixture_repo):
    _, repo = fixture_repo
    source = exportera.compose(View(repo, intern=True), repo.document("huvudavtal"), TODAY, bilagor=True)
    assert [b.data["nummer"] for b in source.bilagor] == [1, 2, 3, 10]
    assert INTERN_BILAGA in source.markdown


def test_word_file_reads_back_as_headings_lists_tables_and_links(fixture_repo, tmp_path: Path):
    """pandoc reads the .docx back as real structure (what ``samverkan import`` relies on)."""
    _, repo = fixture_repo
    docx, _ = exportera.export(repo, repo.document("huvudavtal-bilaga-3"), "docx", TODAY)
    path = tmp_path / "bilaga.docx"
    path.write_bytes(docx)
    blocks = json.loads(pypandoc.convert_file(str(path), "json"))["blocks"]
    kinds = [b["t"] for b in blocks]
    assert kinds.count("Header") == 4 and kinds.count("Table") == 2
    assert "BulletList" in kinds and "OrderedList" in kinds
    text = pypandoc.convert_file(str(path), "plain", extra_args=["--wrap=none"])
    assert "Rutinerna gäller tillsammans med avtalets ansvarsfördelning." in text
    assert "Kommunen kontaktar Regional ledningsgrupp vid oenighet." in text
    assert "Undertecknat original (bifogad fil: huvudavtal-bilaga-3-original.pdf)" in text
    links = re.findall(r'"t":"Link".*?"(https?://[^"]+|[^"]+\.pdf)"', json.dumps(blocks, separators=(",", ":")))
    assert links == ["https://example.org/vardsamverkan"]


def test_reference_to_an_intern_document_reads_internt_dokument(fixture_repo):
    root, _ = fixture_repo
    path = root / "agreements" / "dokument" / "huvudavtal-bilaga-10.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nSe [[intern-pm|förberedelserna]].\n", encoding="utf-8")
    repo, _ = load(root)
    public = exportera.compose(View(repo), repo.document("huvudavtal-bilaga-10"), TODAY)
    assert "Se \\(internt dokument\\)." in public.markdown and "förberedelserna" not in public.markdown
    internal = exportera.compose(View(repo, intern=True), repo.document("huvudavtal-bilaga-10"), TODAY)
    assert "Se förberedelserna." in internal.markdown


# --- the site's downloads ----------------------------------------------------


def _assets(items) -> dict[str, bytes]:
    """The downloads (attachments under filer/ are published by another module)."""
    return {
        i.path: i.content
        for i in items
        if isinstance(i, Asset | Download) and i.path.endswith((".docx", ".pdf")) and not i.path.startswith("filer/")
    }


def test_site_offers_every_public_document(fixture_repo, monkeypatch):
    root, repo = fixture_repo
    items = build(repo, TODAY, downloads=True)
    assets = _assets(items)
    public = sorted(d.id for d in repo.documents if not d.intern)
    assert sorted(assets) == sorted(f"{i}/{i}.{fmt}" for i in public for fmt in ("docx", "pdf"))
    assert not any("intern-pm" in p or "huvudavtal-bilaga-2" in p for p in assets)
    main_docx = assets["huvudavtal/huvudavtal.docx"]
    assert "Bilaga 10 Ordlista" in _headings(main_docx) and INTERN_BILAGA not in _part(main_docx, "word/document.xml")
    assert assets["huvudavtal/huvudavtal.pdf"].startswith(b"%PDF-")
    page = next(i for i in items if isinstance(i, Page) and i.path == "huvudavtal/index.md")
    assert "Ladda ner: [Word (.docx)](huvudavtal.docx) · [PDF](huvudavtal.pdf)" in page.markdown

    # a rebuild takes every file from the cache: pandoc and typst are not run
    # (one entry per file, and one pointer from the file's inputs to it)
    folder = root / ".cache" / "samverkan" / "export"
    assert len(list(folder.rglob("*.zip"))) == len(list(folder.rglob("*.ref"))) == len(assets)

    def fail(*args, **kwargs):
        raise AssertionError("not from the cache")

    monkeypatch.setattr(pypandoc, "convert_text", fail)
    monkeypatch.setattr(batch.Pandoc, "request", fail)
    monkeypatch.setattr(exportera.pdf, "typst_pdf", fail)
    assert _assets(build(repo, TODAY, downloads=True)) == assets


def test_each_download_finds_its_file_without_checking_every_other_file_again(fixture_repo, monkeypatch):
    """A site asks for thousands of downloads' files one by one: the exports'
    files are checked once, not once per download (that was quadratic)."""
    _, repo = fixture_repo
    downloads = [i for i in build(repo, TODAY, downloads=True) if isinstance(i, Download)]
    first = downloads[0].content
    checked = []
    real = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda self: checked.append(self) or real(self))
    contents = [d.content for d in downloads]
    assert checked == [] and contents[0] == first and len(set(map(id, contents))) == len(downloads)
    downloads[0].running.close()
    with pytest.raises(exportera.ExportError):
        downloads[0].file()  # the files went with the staging folder


def test_next_days_build_makes_nothing_again_and_keeps_the_files_as_made(fixture_repo, monkeypatch):
    """A nightly build where nothing changed runs neither pandoc nor typst: the
    handbook's downloads are the files as made, dated the day they were made
    (only that date would differ)."""
    root, repo = fixture_repo
    first = _assets(build(repo, TODAY, downloads=True))

    def fail(*args, **kwargs):
        raise AssertionError("pandoc or typst was run")

    monkeypatch.setattr(pypandoc, "convert_text", fail)
    monkeypatch.setattr(batch.Pandoc, "request", fail)
    monkeypatch.setattr(exportera.pdf, "typst_pdf", fail)
    later = dt.date(2026, 1, 16)
    assert _assets(build(repo, later, downloads=True)) == first
    footer = _text(ElementTree.fromstring(_part(first["huvudavtal/huvudavtal.docx"], "word/footer1.xml")))
    assert footer.startswith("Utskriven 2026-01-15, gällande version: ")


def test_an_export_on_a_later_day_takes_pandocs_output_from_the_cache(fixture_repo, monkeypatch):
    """``samverkan export`` prints today's date: the print date is filled in
    after pandoc, so a later day runs typst but not pandoc, and gives exactly
    the files pandoc makes from that day's Markdown, date included."""
    root, repo = fixture_repo
    cache = exportera.Cache.at(root)
    later = dt.date(2026, 1, 16)
    docs = [d for d in repo.documents if not d.intern]
    expected = {
        (d.id, fmt): exportera.render(
            dataclasses.replace(exportera.compose(View(repo), d, later, bilagor=True), stable=None), fmt
        )
        for d in docs
        for fmt in exportera.FORMATS
    }
    _assets(build(repo, TODAY, downloads=True))

    def fail(*args, **kwargs):
        raise AssertionError("pandoc was run")

    monkeypatch.setattr(pypandoc, "convert_text", fail)
    monkeypatch.setattr(batch.Pandoc, "request", fail)
    made = {
        (d.id, fmt): exportera.render(exportera.compose(View(repo), d, later, bilagor=True), fmt, cache)
        for d in docs
        for fmt in exportera.FORMATS
    }
    assert made == expected
    footer = _text(ElementTree.fromstring(_part(made[("huvudavtal", "docx")], "word/footer1.xml")))
    assert footer.startswith("Utskriven 2026-01-16, gällande version: ")
    assert "<vt:lpwstr>Utskriven 2026-01-16, gällande version: " in _part(
        made[("huvudavtal", "docx")], "docProps/custom.xml"
    )
    # one entry per file still: the later day's files replaced the first day's
    assert len(list((root / ".cache" / "samverkan" / "export").rglob("*.zip"))) == len(made)


def test_cache_forgets_entries_unused_for_a_month(fixture_repo):
    root, repo = fixture_repo
    build(repo, TODAY, downloads=True)[-1].content  # noqa: B018  (waits for the exports)
    folder = root / ".cache" / "samverkan" / "export"
    entries = sorted(folder.rglob("*.zip"))
    stale = folder / "ab" / "gammal-docx.zip"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"")
    month_ago = dt.datetime(2025, 12, 1).timestamp()
    for path in [*entries, stale, *folder.rglob("*.ref")]:
        os.utime(path, (month_ago, month_ago))
    exportera.Cache(folder).prune()
    assert list(folder.rglob("*.zip")) == list(folder.rglob("*.ref")) == []
    # a build's entries are fresh: used now, whatever day they were made
    build(repo, TODAY, downloads=True)[-1].content  # noqa: B018
    for path in entries:
        os.utime(path, (month_ago, month_ago))
    items = build(repo, TODAY, downloads=True)
    items[-1].content  # noqa: B018
    assert sorted(folder.rglob("*.zip")) == entries


def test_cache_key_changes_with_the_status_not_with_the_date(tmp_path: Path):
    text = "---\nid: a\ntyp: avtal\ntitel: A\nstatus: fastställd\nfastställd: 2025-12-01\ngiltig_från: 2026-02-01\n---\nText.\n"
    repo, _ = load_files(tmp_path, {"agreements/a.md": text.encode()})
    cache = exportera.Cache(tmp_path)
    sources = [
        exportera.compose(View(repo), repo.document("a"), day)
        for day in (dt.date(2026, 1, 15), dt.date(2026, 1, 31), dt.date(2026, 2, 1))
    ]
    # the same key until the avtal comes into force; then its status and footer change
    assert cache.key(sources[0], "pdf") == cache.key(sources[1], "pdf") != cache.key(sources[2], "pdf")
    assert cache.key(sources[0], "pdf") != cache.key(sources[0], "docx")


def test_the_composed_source_depends_on_the_day_only_through_its_day_state(tmp_path: Path):
    """The input keys (exportera.inputs) hold the day state, not the date: on two
    days with the same state, compose gives the same date-independent text."""
    avtal = (
        "---\nid: a\ntyp: avtal\ntitel: A\nstatus: fastställd\nfastställd: 2025-12-01\n"
        "giltig_från: 2026-02-01\ngiltig_till: 2026-02-20\n---\nText om [[b]].\n"
    )
    bilaga = (
        "---\nid: b\ntyp: bilaga\ntitel: B\nbilaga_till: a\nnummer: 1\nstatus: fastställd\n"
        "fastställd: 2025-12-01\ngiltig_från: 2026-02-10\n---\nBilagans text.\n"
    )
    repo, _ = load_files(tmp_path, {"agreements/a.md": avtal.encode(), "agreements/b.md": bilaga.encode()})
    doc, attached = repo.document("a"), [repo.document("b")]
    texts: dict[str, set[str]] = {}
    for offset in range(0, 60, 3):
        day = dt.date(2026, 1, 15) + dt.timedelta(days=offset)
        source = exportera.compose(View(repo), doc, day, bilagor=True)
        assert source.stable is not None
        texts.setdefault(day_state(doc, attached, day), set()).add(source.stable)
    # before, between the two starts, both in force, the avtal expired: four states, one text each
    assert len(texts) == 4 and all(len(found) == 1 for found in texts.values())


def test_internal_site_offers_intern_documents_too(fixture_repo):
    _, repo = fixture_repo
    assets = _assets(build(repo, TODAY, intern=True, downloads=True))
    assert "intern-pm/intern-pm.pdf" in assets and "huvudavtal-bilaga-2/huvudavtal-bilaga-2.docx" in assets
    assert INTERN_BILAGA in _part(assets["huvudavtal/huvudavtal.docx"], "word/document.xml")


def test_site_without_downloads_has_no_files_and_no_links(fixture_repo):
    _, repo = fixture_repo
    items = build(repo, TODAY)
    assert _assets(items) == {}
    page = next(i for i in items if isinstance(i, Page) and i.path == "huvudavtal/index.md")
    assert "Ladda ner" not in page.markdown


# --- the command -------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_root(fixture_repo, tmp_path: Path, monkeypatch) -> Path:
    work = tmp_path / "ut"
    work.mkdir()
    monkeypatch.chdir(work)
    return fixture_repo[0]


def test_cli_writes_the_file_in_the_working_folder(cli_root: Path, capsys):
    code, out, err = run(
        capsys,
        "export",
        "huvudavtal",
        "--format",
        "docx",
        "--med-bilagor",
        "--root",
        str(cli_root),
        "--today",
        "2026-01-15",
    )
    assert code == 0
    assert out == "Skrev huvudavtal.docx med 3 bilagor (1 utelämnad, se ovan)\n"
    assert err == (
        "samverkan: bilaga 2 ('huvudavtal-bilaga-2') är intern och togs inte med i exporten av ett publikt avtal\n"
    )
    assert "Utskriven 2026-01-15" in _part(Path("huvudavtal.docx").read_bytes(), "word/footer1.xml")


def test_cli_refuses_to_overwrite_without_force(cli_root: Path, capsys):
    Path("huvudavtal.pdf").write_bytes(b"mitt eget")
    code, out, err = run(capsys, "export", "huvudavtal", "--format", "pdf", "--root", str(cli_root))
    assert code == 2 and out == ""
    assert err == (
        "samverkan: filen 'huvudavtal.pdf' finns redan — ange --force för att skriva över den "
        "eller --ut för att välja en annan fil\n"
    )
    assert Path("huvudavtal.pdf").read_bytes() == b"mitt eget"
    code, out, _ = run(capsys, "export", "huvudavtal", "--format", "pdf", "--root", str(cli_root), "--force")
    assert code == 0 and Path("huvudavtal.pdf").read_bytes().startswith(b"%PDF-")


def test_cli_output_file_option(cli_root: Path, capsys):
    target = Path("nämnd") / "ärende 12.pdf"
    code, _, err = run(capsys, "export", "huvudavtal", "--format", "pdf", "--ut", str(target), "--root", str(cli_root))
    assert code == 2 and err == "samverkan: mappen 'nämnd' finns inte — skapa den eller välj en annan fil med --ut\n"
    target.parent.mkdir()
    code, out, _ = run(capsys, "export", "huvudavtal", "--format", "pdf", "--ut", str(target), "--root", str(cli_root))
    assert code == 0 and out == f"Skrev {target}\n" and target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("doc_id", "message"),
    [
        ("huvudavtl", "samverkan: det finns inget dokument med id 'huvudavtl' — menade du 'huvudavtal'?\n"),
        ("xyzzy", "samverkan: det finns inget dokument med id 'xyzzy'\n"),
        (
            "ledning",
            "samverkan: 'ledning' är en post i registret (arena), inget dokument — bara dokument kan exporteras\n",
        ),
    ],
)
def test_cli_unknown_id(doc_id: str, message: str, cli_root: Path, capsys):
    code, out, err = run(capsys, "export", doc_id, "--format", "docx", "--root", str(cli_root))
    assert (code, out, err) == (2, "", message)
    assert list(Path.cwd().iterdir()) == []


def test_cli_warns_for_an_intern_document(cli_root: Path, capsys):
    code, out, err = run(capsys, "export", "intern-pm", "--format", "docx", "--root", str(cli_root))
    assert code == 0 and out == "Skrev intern-pm.docx\n"
    assert err == (
        "samverkan: varning: 'intern-pm' är markerat publicering: intern — sprid inte filen utanför "
        "den krets som får se interna dokument\n"
    )


def test_cli_pandoc_failure_is_a_swedish_message(cli_root: Path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError('Pandoc died with exitcode "64" during conversion: YAML parse exception')

    monkeypatch.setattr(pypandoc, "convert_text", broken)
    code, out, err = run(capsys, "export", "huvudavtal", "--format", "docx", "--root", str(cli_root))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err == (
        "samverkan: dokumentet 'huvudavtal' kunde inte exporteras till Word (.docx): pandoc misslyckades: "
        'Pandoc died with exitcode "64" during conversion: YAML parse exception\n'
    )
    assert not Path("huvudavtal.docx").exists()


def test_cli_typst_failure_is_a_swedish_message(cli_root: Path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise typst.TypstError("unclosed delimiter")

    monkeypatch.setattr(exportera.pdf, "typst_pdf", broken)
    code, _, err = run(capsys, "export", "huvudavtal", "--format", "pdf", "--root", str(cli_root))
    assert code == 2
    assert err == (
        "samverkan: dokumentet 'huvudavtal' kunde inte exporteras till PDF: "
        "typst kunde inte göra PDF-filen: unclosed delimiter\n"
    )


def test_cli_notes_that_only_an_avtal_has_bilagor(cli_root: Path, capsys):
    code, out, err = run(
        capsys, "export", "mote-2025-01-10", "--format", "docx", "--med-bilagor", "--root", str(cli_root)
    )
    assert code == 0 and out == "Skrev mote-2025-01-10.docx\n"
    assert err == "samverkan: 'mote-2025-01-10' är inget avtal och har inga bilagor — --med-bilagor ändrar inget\n"


# --- drafts ------------------------------------------------------------------

DRAFT_BILAGA = """---
id: huvudavtal-bilaga-4
typ: bilaga
titel: Bilaga 4 Utkast till ny rutin
status: utkast
bilaga_till: huvudavtal
nummer: 4
---
# Utkast till ny rutin

Texten är inte beslutad.
"""


@pytest.fixture
def draft_root(cli_root: Path) -> Path:
    (cli_root / "agreements" / "dokument" / "huvudavtal-bilaga-4.md").write_text(DRAFT_BILAGA, encoding="utf-8")
    return cli_root


def test_export_with_bilagor_leaves_the_draft_out_and_says_so(draft_root: Path, capsys):
    code, out, err = run(capsys, "export", "huvudavtal", "--format", "docx", "--med-bilagor", "--root", str(draft_root))
    assert code == 0
    assert out == "Skrev huvudavtal.docx med 3 bilagor (2 utelämnade, se ovan)\n"
    assert (
        "samverkan: bilaga 4 ('huvudavtal-bilaga-4') är ett utkast och togs inte med — ett utkast gäller inte; "
        "ange --med-utkast för att ta med det\n"
    ) in err
    docx = Path("huvudavtal.docx").read_bytes()
    assert "Utkast till ny rutin" not in _text(_document_xml(docx))
    assert "Bilaga 4" not in " ".join(_headings(docx))


def test_export_med_utkast_takes_the_draft_along(draft_root: Path, capsys):
    code, out, err = run(
        capsys,
        "export",
        "huvudavtal",
        "--format",
        "docx",
        "--med-bilagor",
        "--med-utkast",
        "--root",
        str(draft_root),
    )
    assert code == 0 and out == "Skrev huvudavtal.docx med 4 bilagor (1 utelämnad, se ovan)\n"
    assert "utkast" not in err
    assert "Bilaga 4 Utkast till ny rutin" in _headings(Path("huvudavtal.docx").read_bytes())


def test_a_drafts_own_export_is_marked_on_every_page(draft_root: Path, capsys):
    code, _, err = run(capsys, "export", "huvudavtal-bilaga-4", "--format", "docx", "--root", str(draft_root))
    assert code == 0 and "inte fastställt (utkast)" in err
    docx = Path("huvudavtal-bilaga-4.docx").read_bytes()
    # the footer is on every page of the Word file and of the PDF
    assert "UTKAST – gäller inte." in _part(docx, "word/footer1.xml")
    repo = load(draft_root)[0]
    source = exportera.compose(View(repo), repo.document("huvudavtal-bilaga-4"), TODAY)
    assert source.footer.startswith("UTKAST – gäller inte.")
    # pandoc writes the dash as typst's "--", which typst prints as "–"
    assert "UTKAST -- gäller inte." in exportera.pdf.typst_source(source)


def test_files_made_beside_begin_when_first_asked_for_and_never_once_closed():
    """``exportera.beside(..., begin=False)`` (the preview's papers after a save)
    makes nothing until its files are asked for; closed first, it never makes them."""
    made: list[str] = []

    def make(name: str):
        def stage(running: exportera.Running) -> None:
            made.append(name)
            running.stage(0, name.encode())

        return stage

    asked = exportera.beside(1, make("asked"), begin=False)
    closed = exportera.beside(1, make("closed"), begin=False)
    assert made == []
    assert asked.content(0) == b"asked" and made == ["asked"]
    closed.close()
    asked.close()
    assert made == ["asked"]
