"""The handbook's generated pages, compared with golden files.

Every page made from ``tests/fixtures/base`` has its expected Markdown in
``tests/fixtures/handbok/sidor/<path>``; a new page without one fails and
prints what was produced (``SAMVERKAN_UPDATE_GOLDEN=1`` writes them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.handbok import Handbook, Page, aktor, arena, build, dokument, kommun, oversikt, strukturkarta
from samverkan.loader import load

from .conftest import BASE, FIXTURES, TODAY, golden

GOLDEN = FIXTURES / "handbok" / "sidor"
MODULES = (dokument, kommun, arena, aktor, oversikt)


def _pages(intern: bool = False) -> dict[str, Page]:
    repo, findings = load(BASE)
    assert not findings
    book = Handbook.create(repo, TODAY, intern=intern)
    return {p.path: p for module in MODULES for p in module.pages(book)}


PAGES = _pages()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_golden(path: str):
    produced = PAGES[path].markdown
    assert produced == golden(GOLDEN / path, produced)


def test_no_stale_golden_files():
    written = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert written == set(PAGES), "golden files without a page (or pages without one)"


def test_every_id_has_a_page():
    repo, _ = load(BASE)
    public = {n.id for n in repo.nodes() if not getattr(n, "intern", False)}
    assert {f"{i}/index.md" for i in public} <= set(PAGES)


def test_public_build_has_no_trace_of_intern_documents():
    items = build(load(BASE)[0], TODAY)
    text = "\n".join(i.path + (i.markdown if isinstance(i, Page) else i.content.decode()) for i in items)
    for trace in ("intern-pm", "Internt förberedande möte", "Intern förberedelse"):
        assert trace not in text


def test_internal_build_shows_intern_documents_marked():
    pages = _pages(intern=True)
    page = pages["intern-pm/index.md"].markdown
    assert "Intern handling" in page and "sv-badge--intern" in page
    assert "intern-pm/index.md" in pages["huvudavtal/index.md"].markdown  # the backlink


def test_reference_to_intern_document_is_plain_text(tmp_path: Path):
    doc = BASE / "agreements" / "dokument" / "tillampning-norr.md"
    target = tmp_path / "repo"
    import shutil

    shutil.copytree(BASE, target)
    path = target / "agreements" / "dokument" / "tillampning-norr.md"
    path.write_text(doc.read_text(encoding="utf-8") + "\nSe [[intern-pm|förberedelserna]].\n", encoding="utf-8")
    repo, _ = load(target)
    page = dokument.page(Handbook.create(repo, TODAY), repo.document("tillampning-norr"))
    assert "\\(internt dokument\\)" in page.markdown
    assert "förberedelserna" not in page.markdown and "intern-pm" not in page.markdown


def test_adoption_figures():
    page = PAGES["huvudavtal/index.md"].markdown
    assert "Antagen av **2 av 4** parter." in page
    kommun_page = PAGES["ka/index.md"].markdown
    assert "Antaget 2024\\-11\\-05" in kommun_page
    assert "Inte antaget ännu" in PAGES["kb/index.md"].markdown


def test_linked_attachments_are_published_and_relinked(tmp_path: Path):
    import shutil

    from samverkan.handbok import Asset

    target = shutil.copytree(BASE, tmp_path / "repo")
    folder = target / "agreements" / "dokument"
    (folder / "huvudavtal-original.pdf").write_bytes(b"%PDF-1.4 original")
    (folder / "intern-bilaga.pdf").write_bytes(b"%PDF-1.4 intern")
    (folder / "oanvand.pdf").write_bytes(b"%PDF-1.4 unused")
    main = folder / "huvudavtal.md"
    main.write_text(
        main.read_text(encoding="utf-8") + "\nOriginalet: [PDF](huvudavtal-original.pdf).\n", encoding="utf-8"
    )
    pm = folder / "intern-pm.md"
    pm.write_text(pm.read_text(encoding="utf-8") + "\n[Bilaga](intern-bilaga.pdf)\n", encoding="utf-8")
    repo, _ = load(target)
    items = build(repo, TODAY)
    assets = {i.path: i.content for i in items if isinstance(i, Asset)}
    assert assets.get("filer/dokument/huvudavtal-original.pdf") == b"%PDF-1.4 original"
    assert not any("intern-bilaga" in p or "oanvand" in p for p in assets)
    page = next(i for i in items if isinstance(i, Page) and i.path == "huvudavtal/index.md")
    assert "[PDF](../filer/dokument/huvudavtal-original.pdf)" in page.markdown


def test_lilla_edet_note_only_where_the_structures_really_differ():
    """Sample content: Lilla Edet (delregion Fyrbodal, förbund GR) gets the note;
    Göteborg, in GR's own delregion, does not."""
    from .conftest import REPO_ROOT

    repo, _ = load(REPO_ROOT)
    book = Handbook.create(repo, TODAY)
    pages = {p.path: p.markdown for p in kommun.pages(book)}
    note = "Delregion och kommunalförbund skiljer sig åt"
    assert note in pages["lilla-edet/index.md"]
    assert note not in pages["goteborg/index.md"]
    assert sum(note in text for text in pages.values()) == 1


def test_arena_page_shows_mandate_members_meetings_and_contact(tmp_path):
    """The registry keys of issue 13 on the arena page, and the escalation chain that says
    at each step whether that level decides or only recommends."""
    from .conftest import CASES, build_case

    root = build_case(CASES / "arena-mandat-moten-giltiga", tmp_path / "repo")
    arenas = root / "agreements" / "organisation" / "arenor.yml"
    # the regional ledningsgrupp reports to the recommending samråd instead of 'politik'
    arenas.write_text(
        arenas.read_text(encoding="utf-8").replace("  rapporterar_till: politik\n", "  rapporterar_till: samrad\n"),
        encoding="utf-8",
    )
    repo, findings = load(root)
    assert not findings
    book = Handbook.create(repo, TODAY)
    pages = {p.path: p.markdown for p in arena.pages(book)}
    samrad = pages["samrad/index.md"]
    assert "- **Rekommenderar** (huvudmännen): Gemensamma avtal och överenskommelser" in samrad
    assert "Samråd fattar inga egna beslut: Samråd rekommenderar, och huvudmännen beslutar." in samrad
    assert "| Regionstyrelsens presidium (3) | [Region Test](../reg/index.md) |" in samrad
    assert "!!! example" in samrad and "- 2026-02-13, kl. 09:00\\-12:00\n" in samrad
    assert "- 2026-04-17 – Tillsammans med ledningsgruppen\n" in samrad
    assert "[kansli@samrad\\.example](mailto:kansli@samrad.example) (exempeladress)" in samrad
    assert "rapporterar inte till någon annan arena. Samråd rekommenderar – huvudmännen beslutar." in samrad
    chain = pages["nsg-a/index.md"].split("## Vart går en fråga härnäst?")[1]
    assert "[Samråd](../samrad/index.md) – regional nivå: Samråd rekommenderar – huvudmännen beslutar" in chain


def test_kommun_pages_of_a_region_without_delregions():
    """Sample content: Region Örebro län has no delregional level; its kommuner are
    listed under the region and their pages answer "Vad gäller för min kommun?"."""
    from .conftest import REPO_ROOT

    repo, _ = load(REPO_ROOT)
    book = Handbook.create(repo, TODAY)
    index = next(p for p in oversikt.pages(book) if p.path == "kommuner/index.md").markdown
    orebro = index.split("## Region Örebro län")[1].split("\n## ")[0]
    assert orebro.count("- [") == 12 and "[Kumla kommun](../kumla/index.md)" in orebro
    page = {p.path: p for p in kommun.pages(book)}["kumla/index.md"]
    assert page.title == "Kumla kommun" and 'title: "Vad gäller för Kumla kommun?"' in page.markdown
    assert "Ingen – regionen samverkar utan delregional nivå" in page.markdown
    assert "None" not in page.markdown
    assert "[Överenskommelse om hälso\\- och sjukvård i hemmet](../vard-i-hemmet-2025/index.md)" in page.markdown
    assert "[Regionala samverkansrådet](../regionalt-samverkansrad/index.md)" in page.markdown
    karta = next(strukturkarta.pages(book)).markdown.split("## Region Örebro län")[1].split("\n## ")[0]
    assert "Region Örebro län samverkar utan delregional nivå" in karta
    assert "Varje kommun hör till en delregion" not in karta


def test_example_documents_say_so_on_their_page(tmp_path):
    """``exempel: true`` (or a text) puts a visible example box on the document page,
    so example text about real bodies never reads as fact (issue 13)."""
    from .conftest import CASES, build_case

    root = build_case(CASES / "__none__", tmp_path / "repo")
    avtal = root / "agreements" / "dokument" / "huvudavtal.md"
    avtal.write_text(
        avtal.read_text(encoding="utf-8").replace("typ: avtal\n", "typ: avtal\nexempel: Datumen är <påhittade>.\n", 1),
        encoding="utf-8",
    )
    bilaga = root / "agreements" / "dokument" / "huvudavtal-bilaga-1.md"
    bilaga.write_text(
        bilaga.read_text(encoding="utf-8").replace("typ: bilaga\n", "typ: bilaga\nexempel: true\n", 1), encoding="utf-8"
    )
    repo, findings = load(root)
    assert not findings
    book = Handbook.create(repo, TODAY)
    pages = {p.path: p.markdown for p in dokument.pages(book)}
    assert '!!! example "Exempeltext"\n    Datumen är &lt;påhittade\\>\\.\n\n' in pages["huvudavtal/index.md"]
    assert "    Dokumentet är ett exempel som visar formatet\\." in pages["huvudavtal-bilaga-1/index.md"]
    assert "!!! example" not in pages["gammalt-avtal/index.md"]
