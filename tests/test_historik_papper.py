"""Papers for the nämnd from the history (samverkan.handbok.papper): every
ready-made comparison as Word with tracked changes, the same file as
``samverkan diff --format docx``; the milestone versions as Word and PDF,
marked with what they are on every page; links on the pages; the cache."""

from __future__ import annotations

import datetime as dt
import io
import threading
import types
import zipfile
from pathlib import Path

import pypandoc
import pytest

from samverkan import exportera, handbok, historik, loader
from samverkan.cli import main
from samverkan.exportera import batch
from samverkan.handbok import Asset, Page, papper

from .conftest import TODAY
from .historik_repo import GitRepo  # noqa: F401 - the lifecycle repository is made with it
from .test_historik_sidor import ID, build_lifecycle


def _xml(docx: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name).decode("utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("papper") / "arkiv"
    build_lifecycle(root)
    return root


def _build_items(root: Path, today=TODAY) -> list[Page | Asset]:
    repo, _ = loader.load(root)
    return handbok.build(repo, today, history=historik.read(root), downloads=True)


def _build(root: Path, today=TODAY) -> dict[str, Page | Asset]:
    return {i.path: i for i in _build_items(root, today)}


@pytest.fixture(scope="module")
def site(root: Path) -> dict[str, Page | Asset]:
    return _build(root)


def test_every_ready_made_comparison_has_a_word_file_with_tracked_changes(site):
    papers = sorted(p for p in site if p.startswith(f"{ID}/jamfor/") and p.endswith(".docx"))
    assert papers == [f"{ID}/jamfor/{p}/{ID}-jamforelse-{p}.docx" for p in ("1-2", "2-3", "3-4")]
    xml = _xml(site[papers[0]].content)  # 1 → 2: "Kvartal 2" → "Kvartal 3"
    assert '<w:ins w:id="' in xml and '<w:del w:id="' in xml
    page = site[f"{ID}/jamfor/2-3/index.md"].markdown
    assert f"[Ladda ner som Word med spårade ändringar]({ID}-jamforelse-2-3.docx)" in page


def _parts(docx: bytes) -> dict[str, bytes]:
    """Every part of a Word file but its properties (pandoc stamps them with the time)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_the_comparison_file_is_the_one_samverkan_diff_makes(site, root: Path, tmp_path: Path, capsys):
    """The build converts comparisons on its long-lived pandoc processes, ``samverkan
    diff`` with the command line: the same Word file, part for part."""
    target = tmp_path / "diff.docx"
    assert (
        main(["diff", ID, "--from", "2", "--to", "3", "--format", "docx", "--ut", str(target), "--root", str(root)])
        == 0
    )
    capsys.readouterr()
    built = site[f"{ID}/jamfor/2-3/{ID}-jamforelse-2-3.docx"].content
    assert _xml(target.read_bytes()) == _xml(built)
    assert _parts(target.read_bytes()) == _parts(built)


def test_milestone_versions_as_word_and_pdf_marked_with_what_they_are(site):
    files = sorted(p for p in site if p.startswith(f"{ID}/version/") and p.endswith((".docx", ".pdf")))
    # version 1 is a draft, no milestone, not in force and not the newest: no paper
    assert files == [f"{ID}/version/{n}/{ID}-version-{n}.{fmt}" for n in (2, 3, 4) for fmt in ("docx", "pdf")]
    remiss = site[f"{ID}/version/2/{ID}-version-2.docx"].content
    mark = (
        "Version 2 av 4 i arkivets historik – Remissversion (incheckad 2024-04-02) – gäller inte; "
        "i dag (2026-01-15) gäller version 3"
    )
    assert mark in _xml(remiss)  # the first row of the header table
    footer = "".join(_xml(remiss, n) for n in zipfile.ZipFile(io.BytesIO(remiss)).namelist() if "footer" in n)
    assert mark in footer  # and on every page
    decided = _xml(site[f"{ID}/version/3/{ID}-version-3.docx"].content)
    assert (
        "Version 3 av 4 i arkivets historik – Fastställd 2024-09-13 – den version som gäller i dag (2026-01-15)"
        in decided
    )
    assert site[f"{ID}/version/3/{ID}-version-3.pdf"].content.startswith(b"%PDF-")
    page = site[f"{ID}/version/2/index.md"].markdown
    assert f"[Word (.docx)]({ID}-version-2.docx) · [PDF]({ID}-version-2.pdf)" in page
    assert "Word (.docx)" not in site[f"{ID}/version/1/index.md"].markdown


def test_a_rebuild_takes_the_papers_from_the_cache(site, root: Path, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("pandoc was run")

    monkeypatch.setattr(pypandoc, "convert_text", fail)
    again = _build(root)
    papers = [p for p in site if "/jamfor/" in p and p.endswith(".docx")]
    assert papers and all(again[p].content == site[p].content for p in papers)


def test_the_papers_are_made_before_any_page_and_listed_in_their_place(site, root: Path, monkeypatch):
    """Pandoc makes the papers before the documents' and histories' Markdown is
    held (beside it they were a region's largest memory); the items keep the
    order of the parts, so the site is the same."""
    from samverkan.handbok import _modules

    calls, made_by = [], {}
    for name, module in _modules().items():

        def spy(*args, _name=name, _pages=module.pages, **kwargs):
            calls.append(_name)
            items = list(_pages(*args, **kwargs))
            made_by.update((id(item), _name) for item in items)
            return items

        monkeypatch.setattr(module, "pages", spy)
    items = _build_items(root)
    assert calls[:2] == ["papper", "dokument"]
    order = list(_modules())
    parts = [order.index(made_by[id(item)]) for item in items]
    assert parts == sorted(parts) and order.index("papper") in parts
    assert [i.path for i in items] == list(site)


def test_next_days_build_converts_no_version_again(site, root: Path, monkeypatch):
    """The mark says which version applies "i dag (date)"; on a later day where
    nothing else changed the version files are kept as made, not converted again."""

    def fail(*args, **kwargs):
        raise AssertionError("pandoc or typst was run")

    monkeypatch.setattr(pypandoc, "convert_text", fail)
    monkeypatch.setattr(batch.Pandoc, "request", fail)
    monkeypatch.setattr(exportera.pdf, "typst_pdf", fail)
    later = _build(root, TODAY + dt.timedelta(days=1))
    files = [p for p in site if p.startswith(f"{ID}/version/") and p.endswith((".docx", ".pdf"))]
    assert files and all(later[p].content == site[p].content for p in files)


def test_without_downloads_no_papers_and_no_links(root: Path):
    repo, _ = loader.load(root)
    items = handbok.build(repo, TODAY, history=historik.read(root))
    assert not [i.path for i in items if i.path.endswith((".docx", ".pdf"))]
    page = next(i for i in items if i.path == f"{ID}/jamfor/2-3/index.md")
    assert "Ladda ner" not in page.markdown


def _files(site: dict) -> dict[str, bytes]:
    return {p: i.content for p, i in site.items() if p.endswith((".docx", ".pdf")) and not p.startswith("filer/")}


def test_a_warm_rebuild_composes_nothing_and_converts_nothing(site, root: Path, monkeypatch):
    """Every document's and version's files are found by what they are made of:
    no source is composed, pandoc and typst are not run, the files are the same."""
    from samverkan import exportera

    # the module's first build makes its files when they are first read: read them
    # before conversion is forbidden (else the test depends on the tests before it)
    before = _files(site)

    def fail(*args, **kwargs):
        raise AssertionError("composed or converted again")

    monkeypatch.setattr(exportera, "compose", fail)  # the history's versions
    monkeypatch.setattr(exportera.background, "compose", fail)  # the documents
    monkeypatch.setattr(pypandoc, "convert_text", fail)
    monkeypatch.setattr(batch.Pandoc, "request", fail)
    monkeypatch.setattr(exportera.pdf, "typst_pdf", fail)
    assert any("/version/" in p for p in before) and any(p.count("/") == 1 for p in before)
    assert _files(_build(root)) == before


def test_a_changed_input_is_composed_again_and_gives_what_an_empty_cache_gives(tmp_path: Path, monkeypatch):
    """A changed registry name changes the export of the avtal naming it (its
    header and text), though the avtal's file is the same: the kept files are
    not used, and the rebuild gives exactly what a build without a cache gives."""
    from samverkan import exportera

    root = tmp_path / "arkiv"
    build_lifecycle(root)
    monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / "cache"))

    def fail(*args, **kwargs):
        raise AssertionError("a pandoc started for one conversion")

    monkeypatch.setattr(pypandoc, "convert_text", fail)  # comparisons too go to the build's pandoc processes
    before = _files(_build(root))
    registry = root / "agreements" / "organisation" / "arenor.yml"
    registry.write_text(registry.read_text().replace("namn: Regional ledningsgrupp", "namn: Regionens ledningsgrupp"))
    composed = []
    real = exportera.background.compose

    def counted(view, doc, *args, **kwargs):
        composed.append(doc.id)
        return real(view, doc, *args, **kwargs)

    monkeypatch.setattr(exportera.background, "compose", counted)
    after = _files(_build(root))
    assert "huvudavtal" in composed
    assert after["huvudavtal/huvudavtal.docx"] != before["huvudavtal/huvudavtal.docx"]
    assert "Regionens ledningsgrupp" in _xml(after["huvudavtal/huvudavtal.docx"])
    monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / "tom"))
    uncached = _files(_build(root))
    # a comparison's Word file carries the time pandoc made it: its text is compared
    comparisons = {p for p in after if "/jamfor/" in p}
    assert comparisons and {p: _xml(uncached[p]) for p in comparisons} == {p: _xml(after[p]) for p in comparisons}
    assert {p: c for p, c in uncached.items() if p not in comparisons} == {
        p: c for p, c in after.items() if p not in comparisons
    }


def test_a_changed_recipe_or_code_finds_no_kept_file(site, root: Path, monkeypatch):
    """The tools' versions, the templates and the export's code are the recipe:
    another recipe, or other samverkan code, finds nothing by the old inputs."""
    from samverkan import exportera

    repo, _ = loader.load(root)
    inputs = exportera.Inputs(handbok.Handbook.create(repo, TODAY, downloads=True).view)
    cache = exportera.Cache.at(root)
    key = inputs.document(repo.document("huvudavtal"), TODAY, bilagor=True)
    assert cache.finished(key, "pdf") == site["huvudavtal/huvudavtal.pdf"].content
    monkeypatch.setattr(exportera.cache, "recipe", lambda: "pandoc 0 typst 0")
    assert cache.finished(key, "pdf") is None
    # nor does other samverkan code (composing reads status, wording, relations…)
    monkeypatch.setattr(exportera.inputs, "code", lambda: "en annan version")
    view = handbok.Handbook.create(repo, TODAY, downloads=True).view
    assert exportera.Inputs(view).document(repo.document("huvudavtal"), TODAY, bilagor=True) != key


def test_the_preview_writes_the_papers_after_the_page_as_a_full_build_makes_them(tmp_path: Path, monkeypatch):
    """While previewing, a save's build does not wait for pandoc and typst: the
    history's papers are downloads made beside it (written after the page
    reloads), and they are the files a full build without a cache makes."""
    from samverkan import exportera
    from samverkan.handbok import Download
    from samverkan.handbok.incremental import Session

    root = tmp_path / "arkiv"
    build_lifecycle(root)
    monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / "cache"))
    session = Session(root, today=TODAY, intern=False, history=True, downloads=True)
    first = session.refresh()

    def papers(items: dict) -> dict:
        return {
            p: i for p, i in items.items() if p.endswith((".docx", ".pdf")) and p.split("/")[1] in ("version", "jamfor")
        }

    assert papers(first.items) and all(isinstance(i, Download) for i in papers(first.items).values())
    for item in papers(first.items).values():
        item.content  # noqa: B018 - every paper made once, so the next build converts only what the edit changes

    go, converted = threading.Event(), []
    real = exportera.render_all

    def held(jobs, *args, **kwargs):
        assert go.wait(60), "the build waited for pandoc"  # released only once the build is done
        converted.extend(source.doc.id for source, _ in jobs)
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(exportera, "render_all", held)
    registry = root / "agreements" / "organisation" / "arenor.yml"
    avtal = root / "agreements" / "dokument" / "huvudavtal.md"
    edits = [
        # every page made again; the remiss version is composed with today's name of its owner
        (registry, "namn: Regional ledningsgrupp", "namn: Regionens ledningsgrupp", ID),
        # the avtal's history and its bilaga's: the bilaga's version names the avtal as it is called today
        (avtal, "titel: Huvudavtal om hälso- och sjukvård", "titel: Huvudavtal om vård", "huvudavtal-bilaga-1"),
    ]
    updates = [first]
    for n, (path, old, new, composed) in enumerate(edits):
        path.write_text(path.read_text().replace(old, new))
        go.clear()
        converted.clear()
        monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / "cache"))
        update = session.refresh()  # returns while every conversion is held
        updates.append(update)
        later = papers(update.items)
        made_again = {p for p in later if p.split("/")[0] == composed}
        assert made_again and made_again <= update.changed, new
        assert all(isinstance(later[p], Download) for p in update.changed & set(later)), new
        go.set()
        made = {p: i.content for p, i in later.items()}
        assert composed in converted, new  # the edit made papers that needed pandoc and typst

        monkeypatch.setenv("SAMVERKAN_CACHE", str(tmp_path / f"tom-{n}"))
        full = {p: i.content for p, i in papers(_build(root)).items()}
        assert sorted(made) == sorted(full), new
        # a comparison's Word file carries the time pandoc made it: its text is compared
        comparisons = {p for p in made if "/jamfor/" in p}
        assert comparisons and {p: _xml(made[p]) for p in comparisons} == {p: _xml(full[p]) for p in comparisons}
        assert {p: c for p, c in made.items() if p not in comparisons} == {
            p: c for p, c in full.items() if p not in comparisons
        }, new
    assert updates[1].everything and not updates[2].everything
    assert "Regionens ledningsgrupp" in _xml(papers(updates[1].items)[f"{ID}/version/2/{ID}-version-2.docx"].content)
    for update in updates:
        for item in update.items.values():
            if isinstance(item, Download):
                item.running.close()


class _FakePlan:
    """A document's papers as :func:`papper._converted` sees them: made by ``convert``."""

    def __init__(self, number: int, converted: list[int], fails: bool = False):
        self.number, self.converted, self.fails = number, converted, fails
        self.doc = types.SimpleNamespace(id=f"dok-{number}")

    def convert(self, pandoc) -> list[bytes]:
        self.converted.append(self.number)
        if self.fails:
            raise exportera.ExportError("pandoc misslyckades")
        return [str(self.number).encode()]


def test_the_papers_are_planned_a_few_documents_ahead_not_the_whole_archive_at_once():
    """A plan holds its document's composed sources and kept files; planning every
    document before the first result held a region's whole history in memory."""
    planned: list[int] = []
    converted: list[int] = []

    def plans():
        for number in range(200):
            planned.append(number)
            yield _FakePlan(number, converted)

    results = papper._converted(plans(), types.SimpleNamespace(size=2), papper._failed)
    first = next(results)
    assert first[1] == [b"0"]
    assert len(planned) <= 20
    rest = [contents for _, contents in results]
    assert [first[1], *rest] == [[str(n).encode()] for n in range(200)]


def test_a_document_whose_papers_fail_is_named_with_the_fix_and_the_rest_is_not_converted():
    converted: list[int] = []
    plans = (_FakePlan(n, converted, fails=n == 3) for n in range(200))
    with pytest.raises(exportera.ExportError) as caught:
        list(papper._converted(plans, types.SimpleNamespace(size=2), papper._failed))
    assert str(caught.value) == (
        "versionshistorikens nedladdningar för 'dok-3' kunde inte skapas: pandoc misslyckades — stäng av "
        "nedladdningarna med 'export: false' för pluginet samverkan i mkdocs.yml om felet kvarstår"
    )
    assert len(converted) < 30
