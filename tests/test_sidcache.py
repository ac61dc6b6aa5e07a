"""The page cache: a rebuild takes unchanged generated pages from .cache/samverkan/sidor/
and gives the same site; a changed text, or a link target that is gone, renders again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
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


def _report(stderr: str) -> str:
    """The validator's report in a build's log (up to the next log line)."""
    found = re.search(r"Valideringen av agreements/:\n(.*?)(?=^[A-Z]+ +-|\Z)", stderr, re.MULTILINE | re.DOTALL)
    return found.group(1) if found else ""


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_rebuild_takes_unchanged_pages_from_the_cache_and_gives_the_same_site(tmp_path: Path):
    project = _project(tmp_path, BASE)
    document = project / "agreements" / "dokument" / "huvudavtal.md"
    instruction = "<!-- Skriv vilka parter som står bakom avtalet; de som skriver under står i 'parter' ovan. -->"
    document.write_text(f"{document.read_text(encoding='utf-8')}\n{instruction}\n", encoding="utf-8")  # a warning
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
    # the kept pages are written as their bytes; mkdocs' line for the empty page it then skips is left out
    assert "Page skipped" not in second.stderr
    # the validator's report is kept with the handbook's pages (handbok.sparat), not made again
    assert _report(second.stderr) == _report(first.stderr) != ""

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


def test_a_kept_page_goes_through_another_plugin_s_post_page_as_before(tmp_path: Path):
    project = _project(tmp_path, BASE)
    (project / "krok.py").write_text(
        "def on_post_page(output, page, config):\n    return output + '<!-- krok -->'\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - krok.py\n", encoding="utf-8")
    settings = {"SAMVERKAN_EXPORT": "false", "SAMVERKAN_CACHE": str(tmp_path / "cache")}
    assert _build(project, **settings).returncode == 0
    site = _pages(project / "site")
    assert site["huvudavtal/index.html"].endswith(b"<!-- krok -->")
    again = _build(project, **settings)
    assert again.returncode == 0, again.stderr
    assert _finished(again.stderr) > 20
    assert _pages(project / "site") == site


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


def _outside_nav(
    config: MkDocsConfig, files: Files, markdown: str, cache: PageCache, finished: FinishedPages
) -> CachedPage:
    """A generated page outside the nav, as the plugin makes it (page and finished-page caches)."""
    page = _page(config, files, markdown)
    page.cache, page.finished = cache, finished
    page.file.inclusion = InclusionLevel.NOT_IN_NAV
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
    page = _outside_nav(config, files, markdown, cache, finished)
    page.render(config, files)  # nothing kept yet: rendered when written
    page.write_ready(config, files)
    assert not page.deferred and "Första" in page.content

    files.remove(page.file)
    again = _outside_nav(config, files, markdown, cache, finished)
    again.render(config, files)
    assert again.deferred and again.content == "" and again.present_anchor_ids is None
    again.write_ready(config, files)  # the finished page was not kept after all
    assert not again.deferred and again.content == page.content and again.title == "A"
    assert again.present_anchor_ids == page.present_anchor_ids


def test_a_page_outside_the_nav_is_rendered_only_when_it_is_written_as_it_would_have_been(tmp_path: Path):
    """mkdocs renders every page before it writes the first: a page outside the
    nav whose content is not kept holds no HTML until it is written, and then
    the same as a page rendered at once (content, contents, anchors, title)."""
    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    finished = FinishedPages(PageCache(tmp_path / "fardiga", "recept"))
    files = Files([_file(config, "b/index.md", "# B\n\n## Del {: #del }\n")])
    markdown = "# A\n\n## Första\n\n[del](../b/index.md#del) <script>alert(1)</script>\n"
    at_once = _page(config, files, markdown)
    at_once.render(config, files)  # in the nav, or without a cache: rendered at once
    files.remove(at_once.file)

    page = _outside_nav(config, files, markdown, cache, finished)
    page.render(config, files)
    key = page.content_key_to_be()
    assert page.content == "" and not page.toc and page.present_anchor_ids is None
    assert key is not None and page.content_key is None and not cache.has(key)
    page.output_key = "fardig"  # as FinishedPages.prepare sets it
    page.write_ready(config, files)
    assert page.content == at_once.content and "<script>" not in page.content
    assert [(a.title, a.id) for a in page.toc] == [(a.title, a.id) for a in at_once.toc]
    assert page.present_anchor_ids == at_once.present_anchor_ids and page.title == at_once.title == "A"
    assert page.links_to_anchors == at_once.links_to_anchors
    assert page.content_key == key and cache.has(key) and page.output_key == "fardig"
    page.write_ready(config, files)  # once only
    assert page.content == at_once.content and (cache.hits, cache.misses) == (0, 1)


def test_a_page_rendered_when_written_whose_link_target_is_gone_keeps_nothing(tmp_path: Path):
    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    finished = FinishedPages(PageCache(tmp_path / "fardiga", "recept"))
    files = Files([])
    page = _outside_nav(config, files, "# A\n\n[borta](../borta.md)\n", cache, finished)
    page.render(config, files)
    key = page.content_key_to_be()
    page.output_key = "fardig"
    page.write_ready(config, files)
    assert "borta" in page.content
    assert page.content_key is None and not cache.has(key) and page.output_key is None


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


def _reference_key(page: CachedPage, cache: PageCache, files: Files) -> tuple[str, bool]:
    """The page's key as it was made before link targets were looked up once per build."""
    import posixpath

    from samverkan.plugins.handbok.sidor import _LINKS, _target_paths

    markdown = page.markdown or ""
    targets = []
    complete = True
    for match in _LINKS.finditer(markdown):
        url = next(g for g in match.groups() if g is not None)
        for n, path in enumerate(_target_paths(page.file.src_uri, url)):
            file = files.get_file_from_path(path)
            if file is None:
                complete = complete and (n > 0 or not posixpath.splitext(path)[1])
                targets.append(f"{path}\0-")
            else:
                targets.append(f"{path}\0{file.url}\0{file.inclusion.is_excluded()}")
    return cache.key(page.file.src_uri, markdown, "\n".join(sorted(set(targets)))), complete


def test_the_key_with_the_build_s_link_targets_is_the_key_looked_up_link_by_link(tmp_path: Path):
    from samverkan.plugins.handbok.sidor import attach

    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    markdown = {
        "a/index.md": "# A\n\n[b](../b/index.md) [b igen](../b/) [c](../c/) [saknas](../saknas.md) [mapp](../ingen)\n",
        "a/v/1/index.md": "[a](../../index.md) [b](../../../b/index.md) [ut](https://example.org/x) [rot](/abs)\n"
        '<a href="../../../b/">b</a> <img src="bild%20ett.png"> [här](#del) [.](./)\n'
        "[ref]: ../../../c/index.md\n",
        "b/index.md": "# B\n\n[a](../a/index.md) [a](../a/) [tom]() [fråga](?x=1) [mejl](mailto:a@b.se)\n",
        "c/README.md": "[a](../a/v/1/) [b](../b/index.md#del) [själv](README.md)\n",
        "index.md": "[a](a/) [b](b/index.md) [c](c/README.md) [.](.) [upp](../utanfor.md)\n",
    }
    files = Files([_file(config, src, text) for src, text in markdown.items()])
    attach(files, config, set(markdown), cache)
    pages = [file.page for file in files.documentation_pages()]
    for page in pages:
        page.markdown = markdown[page.file.src_uri]
    assert all(page.links is pages[0].links is not None for page in pages)
    for page in pages + pages:  # the second round from what the first looked up
        assert page._key(cache, files) == _reference_key(page, cache, files)
    assert {page.file.src_uri: page._key(cache, files)[1] for page in pages} == {
        "a/index.md": False,
        "a/v/1/index.md": False,  # bild ett.png is missing
        "b/index.md": True,
        "c/README.md": True,
        "index.md": False,
    }


def test_the_paths_a_page_names_are_kept_for_the_next_build_and_give_the_same_key(tmp_path: Path, monkeypatch):
    from samverkan.plugins.handbok import sidor

    config = _config(tmp_path)
    cache = PageCache(tmp_path / "cache", "recept")
    markdown = {
        "a/index.md": "# A\n\n[b](../b/index.md) [b igen](../b/) [saknas](../saknas.md) [mapp](../ingen)\n",
        "a/v/1/index.md": '[a](../../index.md) <a href="../../../b/">b</a> [ut](https://example.org/x)\n'
        "[ref]: ../../b/index.md\n",
        "b/index.md": "# B\n\n[a](../a/index.md) [a](../a/) [tom]() [själv](index.md#del)\n",
    }

    def build(texts: dict[str, str]) -> list:
        files = Files([_file(config, src, text) for src, text in texts.items()])
        links = sidor.attach(files, config, set(texts), cache)
        pages = [file.page for file in files.documentation_pages()]
        for page in pages:
            page.markdown = texts[page.file.src_uri]
        keys = [(page._key(cache, files), _reference_key(page, cache, files)) for page in pages]
        links.keep()
        return keys

    first = build(markdown)
    assert all(made == reference for made, reference in first)

    def scanned(self, folder, text):
        raise AssertionError(f"{folder}: the Markdown was scanned again")

    with monkeypatch.context() as patched:
        patched.setattr(sidor._Links, "_scan", scanned)
        assert build(markdown) == first  # every page's paths from the kept entry
        # the same Markdown in another folder names other paths: scanned again
        with pytest.raises(AssertionError, match="c: the Markdown"):
            build({**markdown, "c/index.md": markdown["b/index.md"]})
    # a page gone and one changed: the kept paths are only this build's, the changed page's are new
    changed = {"a/index.md": markdown["a/index.md"] + "[c](../c/index.md)\n", "b/index.md": markdown["b/index.md"]}
    assert all(made == reference for made, reference in build(changed))
    kept = cache.get(cache.key("lankar"), count=False)["named"]
    assert len(kept) == 2
    assert any(["c/index.md", True] in paths for paths in kept.values())
    # an entry that is not what was kept is scanned again, not trusted
    cache.put(cache.key("lankar"), {"named": {name: [["x", "ja"]] for name in kept}})
    assert all(made == reference for made, reference in build(changed))


def test_a_kept_text_comes_back_as_it_was_kept(tmp_path: Path):
    cache = PageCache(tmp_path / "cache", "recept")
    text = '<p>rad\nny rad "citat" \\ å \u2028 \udc80</p>\n'
    cache.put_text("k", {"anchors": ["a\nb"], "links": None}, text)
    assert cache.get_text("k") == ({"anchors": ["a\nb"], "links": None}, text)
    assert cache.get_text("saknas") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_file_is_found_at_a_path_as_mkdocs_finds_it(tmp_path: Path):
    from samverkan.plugins.handbok.sidor import _target_paths, file_at

    config = _config(tmp_path)
    files = Files([_file(config, uri, "# x\n") for uri in ("index.md", "a/index.md", "a/b.md", "README.md", "c.md")])
    paths = ["", ".", "/", "//a/b.md", "a//b.md", "./a/b.md", "a/./b.md", "a/../c.md", "../c.md", "a/b.md/", "a\\b.md"]
    paths += ["./index.md", "a/.", "a/", "..", "c", "c.md", "a/index.md", "a/b", "x/../a/b.md", "README.md"]
    for src in ("index.md", "a/index.md", "a/b.md"):
        for url in ("", ".", "..", "./", "b.md", "../c.md", "../../c.md", "a", "a/", "b", "./b.md#x", "%2E/b.md"):
            paths += _target_paths(src, url)
    for path in paths:
        assert file_at(files, path) is files.get_file_from_path(path), path


def test_a_kept_text_comes_back_as_its_bytes_as_it_was_kept(tmp_path: Path):
    cache = PageCache(tmp_path / "cache", "recept")
    text = '<p>rad\nny rad "citat" \\ å \u2028 –</p>\n'
    cache.put_text("k", {"anchors": ["a\nb"], "links": None}, text)
    entry, data, start = cache.get_bytes("k")
    assert entry == {"anchors": ["a\nb"], "links": None}
    assert data[start:] == text.encode("utf-8") and data[start:].decode("utf-8") == cache.get_text("k")[1]
    assert cache.get_bytes("saknas") is None
    assert (cache.hits, cache.misses) == (2, 1)


def test_a_finished_page_that_is_not_exactly_its_utf8_is_not_kept(tmp_path: Path):
    finished = FinishedPages(PageCache(tmp_path / "fardiga", "recept"))
    config = _config(tmp_path)
    files = Files([])
    page = _page(config, files, "# A\n")
    page.output_key = "fardig"
    finished.keep(page, "<p>\udc80</p>")  # mkdocs writes a lone surrogate as a character reference
    assert not finished.cache.has("fardig")
    finished.keep(page, "<p>å –</p>")
    assert finished.cache.get_text("fardig")[1] == "<p>å –</p>"


def test_mkdocs_line_for_a_skipped_page_is_left_out_only_for_the_page_just_written(tmp_path: Path):
    import logging

    from samverkan.plugins.handbok.fardiga import _Skipped

    def record(message: str, level: int = logging.INFO) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.commands.build", level, __file__, 1, message, None, None)

    skipped = _Skipped()
    assert skipped.filter(record("Page skipped: 'a/index.md'. Generated empty output."))
    skipped.page = "a/index.md"
    assert not skipped.filter(record("Page skipped: 'a/index.md'. Generated empty output."))
    assert skipped.filter(record("Page skipped: 'a/index.md'. Generated empty output."))  # once
    skipped.page = "a/index.md"
    assert skipped.filter(record("Page skipped: 'b/index.md'. Generated empty output."))
    assert skipped.page is None


def test_the_tables_for_search_are_kept_by_the_html_they_were_made_from(tmp_path: Path, monkeypatch):
    from samverkan import soktabell
    from samverkan.plugins.handbok.plugin import HandbokPlugin

    html = "<h1>Lista</h1><table><tr><th>Namn</th><th>Nivå</th></tr><tr><td>HSA</td><td>regional</td></tr></table>"
    plugin = HandbokPlugin()
    plugin.pages = PageCache(tmp_path / "cache", "recept")
    made = plugin._readable_tables(html)
    assert made == soktabell.readable_tables(html) != html
    assert plugin._readable_tables("<p>ingen tabell</p>") == "<p>ingen tabell</p>"
    assert len(list((tmp_path / "cache").rglob("*.json.z"))) == 1  # only the table is kept

    def parsed(_html):
        raise AssertionError("the tables were read again")

    monkeypatch.setattr(soktabell, "readable_tables", parsed)
    assert plugin._readable_tables(html) == made
    with pytest.raises(AssertionError):
        plugin._readable_tables(html.replace("HSA", "LSA"))
