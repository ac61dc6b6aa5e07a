"""After a full build's pages are made, samverkan's parse memos are emptied."""

from __future__ import annotations

import functools
import sys
import types

from samverkan.handbok import memory


def test_release_empties_the_memos_of_samverkan_modules_and_keeps_single_values(monkeypatch):
    module = types.ModuleType("samverkan._minnestest")

    @functools.lru_cache(maxsize=1024)
    def parsed(text: str) -> tuple:
        return tuple(text.split())

    @functools.lru_cache(maxsize=1)
    def parser() -> object:
        return object()

    @functools.cache
    def unbounded(text: str) -> str:
        return text.upper()

    for function in (parsed, parser, unbounded):
        function.__module__ = module.__name__  # as defined in a samverkan module
    elsewhere = functools.lru_cache(maxsize=1024)(str.lower)
    # a memo of another library imported into a samverkan module (as urllib's urlsplit is)
    module.parsed, module.parser, module.unbounded, module.imported = parsed, parser, unbounded, elsewhere
    monkeypatch.setitem(sys.modules, module.__name__, module)
    parsed("en mening"), parser(), unbounded("ord")
    elsewhere("ANNAN MODUL")

    memory.release()
    assert parsed.cache_info().currsize == 0 and unbounded.cache_info().currsize == 0
    assert parser.cache_info().currsize == 1  # a compiled parser is kept
    assert elsewhere.cache_info().currsize == 1  # not samverkan's: not ours to empty
    assert parsed("en mening") == ("en", "mening")  # still works, parses again


def test_release_without_memos_keeps_them():
    from samverkan import body  # noqa: F401 - its memos are what release would empty

    memos = memory._memos()
    assert memos  # samverkan has parse memos to empty
    sizes = [m.cache_info().currsize for m in memos]
    memory.release(memos=False)
    assert [m.cache_info().currsize for m in memos] == sizes


def test_a_written_build_lets_go_of_its_pages_and_generated_files_but_not_downloads(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from samverkan.plugins.handbok import plugin
    from samverkan.plugins.handbok.structure import DownloadFile, GeneratedFile

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    page_file, feed, download = (
        kind(path, None, config.site_dir, config.use_directory_urls)
        for kind, path in ((GeneratedFile, "a/index.md"), (GeneratedFile, "a/flode.xml"), (DownloadFile, "a/a.pdf"))
    )
    page_file.content_string, feed.content_bytes, download.content_bytes = "# A\n", b"<feed/>", b""
    download.download = "the download being made"
    page = Page("A", page_file, config)
    page.markdown, page.content = "# A\n", "<h1>A</h1>"
    plugin._let_go(Files([page_file, feed, download]))
    assert (page.markdown, page.content, len(page.toc), page.links_to_anchors) == (None, None, 0, None)
    assert feed.content_bytes == b""
    assert download.download == "the download being made"
