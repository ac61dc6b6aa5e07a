"""The page cache: a rebuild takes unchanged generated pages from .cache/samverkan/sidor/
and gives the same site; a changed text, or a link target that is gone, renders again."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from samverkan.handbok.sidcache import PageCache
from samverkan.plugins.handbok.fardiga import FinishedPages
from samverkan.plugins.handbok.sidor import CachedPage, anchors_entry, restore_anchors

from .conftest import BASE
from .test_site_build import _build, _project


def _counts(stderr: str) -> tuple[int, int]:
    found = re.search(r"Sidcache: (\d+) sidor från cachen, (\d+) renderade", stderr)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


def _finished(stderr: str) -> int:
    found = re.search(r"(\d+) färdiga sidor från cachen", stderr)
    assert found, stderr
    return int(found.group(1))


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_rebuild_takes_unchanged_pages_from_the_cache_and_gives_the_same_site(tmp_path: Path):
    project = _project(tmp_path, BASE)
    first = _build(project, SAMVERKAN_EXPORT="false", SAMVERKAN_CACHE=str(tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    cached, rendered = _counts(first.stderr)
    assert cached == 0 and rendered > 20
    site = _pages(project / "site")

    second = _build(project, SAMVERKAN_EXPORT="false", SAMVERKAN_CACHE=str(tmp_path / "cache"))
    assert second.returncode == 0, second.stderr
    assert _counts(second.stderr) == (rendered, 0)
    assert _finished(second.stderr) > 20
    assert _pages(project / "site") == site

    document = project / "agreements" / "dokument" / "huvudavtal.md"
    document.write_text(
        document.read_text(encoding="utf-8") + "\nEn mening som bara finns efter ändringen.\n", encoding="utf-8"
    )
    third = _build(project, SAMVERKAN_EXPORT="false", SAMVERKAN_CACHE=str(tmp_path / "cache"))
    assert third.returncode == 0, third.stderr
    cached, again = _counts(third.stderr)
    assert 1 <= again < rendered and cached + again == rendered
    page = (project / "site" / "huvudavtal" / "index.html").read_text(encoding="utf-8")
    assert "En mening som bara finns efter ändringen." in page


def test_a_changed_theme_or_nav_title_makes_every_finished_page_again(tmp_path: Path):
    project = _project(tmp_path, BASE)
    settings = {"SAMVERKAN_EXPORT": "false", "SAMVERKAN_CACHE": str(tmp_path / "cache")}
    assert _build(project, **settings).returncode == 0
    main = project / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>Nytt i temat</p>"),
        encoding="utf-8",
    )
    themed = _build(project, **settings)
    assert themed.returncode == 0, themed.stderr
    assert _finished(themed.stderr) == 0
    assert "Nytt i temat" in (project / "site" / "huvudavtal" / "index.html").read_text(encoding="utf-8")

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("- Arenor:", "- Alla arenor:"), encoding="utf-8")
    renamed = _build(project, **settings)
    assert renamed.returncode == 0, renamed.stderr
    assert _finished(renamed.stderr) == 0
    assert "Alla arenor" in (project / "site" / "huvudavtal" / "index.html").read_text(encoding="utf-8")


def test_the_build_without_a_cache_gives_the_same_site(tmp_path: Path):
    project = _project(tmp_path, BASE)
    with_cache = _build(project, SAMVERKAN_EXPORT="false", SAMVERKAN_CACHE=str(tmp_path / "cache"))
    assert with_cache.returncode == 0, with_cache.stderr
    site = _pages(project / "site")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - samverkan:\n", "  - samverkan:\n      page_cache: false\n"),
        encoding="utf-8",
    )
    without = _build(project, SAMVERKAN_EXPORT="false", SAMVERKAN_CACHE=str(tmp_path / "cache"))
    assert without.returncode == 0, without.stderr
    assert "Sidcache" not in without.stderr
    assert _pages(project / "site") == site


def _config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions: [attr_list, toc]\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def _file(config: MkDocsConfig, src_uri: str, markdown: str) -> File:
    path = Path(config.docs_dir) / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


def _page(config: MkDocsConfig, files: Files, markdown: str) -> CachedPage:
    file = _file(config, "a/index.md", markdown)
    files.append(file)
    page = CachedPage(None, file, config)
    page.markdown = markdown
    return page


def test_the_key_changes_when_a_link_target_is_gone(tmp_path: Path):
    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    target = _file(config, "b/index.md", "# B\n")
    files = Files([target])
    page = _page(config, files, "# A\n\n[till b](../b/index.md) och [ut](https://example.org/)\n")
    key, complete = page._key(cache, files)
    assert complete
    assert page._key(cache, files) == (key, True)
    files.remove(target)
    other, complete = page._key(cache, files)
    assert other != key and not complete


def test_a_render_is_kept_and_restored_with_its_table_of_contents_and_anchors(tmp_path: Path):
    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    files = Files([_file(config, "b/index.md", "# B\n\n## Del {: #del }\n")])
    markdown = "# A\n\n## Första\n\n[del](../b/index.md#del) <script>alert(1)</script>\n"
    page = _page(config, files, markdown)
    page.cache = cache
    page.render(config, files)
    assert "<script>" not in page.content  # sanitised before it is kept
    assert (cache.hits, cache.misses) == (0, 1)

    files.remove(page.file)
    again = _page(config, files, markdown)
    again.cache = cache
    again.render(config, files)
    assert cache.hits == 1
    assert again.content == page.content
    assert [(a.title, a.id, [c.id for c in a.children]) for a in again.toc] == [
        (a.title, a.id, [c.id for c in a.children]) for a in page.toc
    ]
    assert again.present_anchor_ids == page.present_anchor_ids and "forsta" in again.present_anchor_ids
    assert {f.src_uri: v for f, v in again.links_to_anchors.items()} == {"b/index.md": {"del": "../b/index.md#del"}}


def test_a_page_outside_the_nav_reads_its_kept_content_only_when_its_finished_page_is_not_kept(tmp_path: Path):
    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    finished = FinishedPages(PageCache(tmp_path / "fardiga", "recept"))
    files = Files([_file(config, "b/index.md", "# B\n\n## Del {: #del }\n")])
    markdown = "# A\n\n## Första\n\n[del](../b/index.md#del)\n"
    page = _page(config, files, markdown)
    page.cache, page.finished = cache, finished
    page.file.inclusion = InclusionLevel.NOT_IN_NAV
    page.render(config, files)  # nothing kept yet: rendered
    assert not page.deferred and "Första" in page.content

    files.remove(page.file)
    again = _page(config, files, markdown)
    again.cache, again.finished = cache, finished
    again.file.inclusion = InclusionLevel.NOT_IN_NAV
    again.render(config, files)
    assert again.deferred and again.content == "" and again.present_anchor_ids is None
    again.materialize(config, files)  # the finished page was not kept after all
    assert not again.deferred and again.content == page.content and again.title == "A"
    assert again.present_anchor_ids == page.present_anchor_ids


def test_a_finished_page_keeps_its_anchors_and_links_to_anchors_for_mkdocs_to_check(tmp_path: Path):
    config = _config(tmp_path)
    target = _file(config, "b/index.md", "# B\n")
    files = Files([target])
    page = _page(config, files, "# A\n\n[del](../b/index.md#del)\n")
    page.render(config, files)
    kept = json.loads(json.dumps(anchors_entry(page)))  # as the cache stores it
    files.remove(page.file)
    again = _page(config, files, "")
    restore_anchors(again, kept, files)
    assert again.present_anchor_ids == page.present_anchor_ids == {"a"}
    assert again.links_to_anchors == {target: {"del": "../b/index.md#del"}}
