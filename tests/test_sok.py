"""The search index: Pagefind is given only the pages it indexes, and the index
is the one it makes of the whole site."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

from samverkan import sok

PAGE = """<!doctype html><html lang="sv"><head><title>{title}</title></head>
<body><nav>Meny för alla sidor</nav><main><div{mark}><h1>{title}</h1><p>{text}</p>
<a class="headerlink" href="#x">¶</a></div></main></body></html>
"""


def _site(root: Path) -> Path:
    site = root / "site"
    pages = {
        "index.html": ("Start", True, "Välkommen till handboken om samverkan."),
        "hsa-2018/index.html": ("Hälso- och sjukvårdsavtalet", True, "Avtalet reglerar ansvaret för hemsjukvård."),
        "hsa-2018/version/1/index.html": ("Version 1", False, "Ett äldre utkast om hemsjukvård."),
        "hsa-2018/historik/index.html": ("Historik", False, "Alla versioner av avtalet."),
        "kommuner/index.html": ("Kommuner", True, "Örebro, Kumla och Laxå samverkar med regionen."),
        "404.html": ("Sidan finns inte", False, "Sidan finns inte."),
    }
    for path, (title, marked, text) in pages.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        mark = " data-pagefind-body" if marked else ""
        target.write_text(PAGE.format(title=title, mark=mark, text=text), encoding="utf-8")
    return site


def _index(bundle: Path) -> tuple[dict, list[bytes]]:
    """The fragments and index chunks by name, and the filters' bytes (Pagefind
    writes a filter's entries in no fixed order, so each is compared sorted)."""
    named = {
        p.relative_to(bundle).as_posix(): p.read_bytes()
        for folder in ("fragment", "index")
        for p in (bundle / folder).glob("*")
    }
    filters = sorted(bytes(sorted(gzip.decompress(p.read_bytes()))) for p in (bundle / "filter").glob("*"))
    return named, filters


def test_the_index_of_the_marked_pages_is_the_index_of_the_whole_site(tmp_path: Path):
    site = _site(tmp_path)
    whole = tmp_path / "hela"
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(whole)]
    command += ["--exclude-selectors", sok.EXCLUDE_SELECTORS, "--silent"]
    subprocess.run(command, check=True)

    stopped = site / ".sokindex-avbruten"  # what an index stopped midway leaves
    stopped.mkdir()
    shutil.copy(site / "index.html", stopped / "index.html")
    stats = sok.index(site)
    assert stats.pages == {"sv": 3}
    assert _index(site / sok.OUTPUT_SUBDIR) == _index(whole)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hela", "site"]
    assert [p.name for p in site.glob(".sokindex-*")] == [stopped.name]  # the pages linked this time are gone


def test_pagefind_hands_freed_memory_back_at_once_unless_told_otherwise(tmp_path: Path, monkeypatch):
    """Pagefind's allocator setting (sok.ALLOCATOR) changes its memory, not the index:
    the test above compares the index made with it to one made without."""
    started = []
    real = subprocess.Popen

    def popen(command, **kwargs):
        started.append(kwargs.get("env"))
        return real(command, **kwargs)

    monkeypatch.setattr(sok.subprocess, "Popen", popen)
    monkeypatch.delenv(sok.ALLOCATOR[0], raising=False)
    site = _site(tmp_path)
    assert sok.index(site).pages == {"sv": 3}
    assert started[-1][sok.ALLOCATOR[0]] == sok.ALLOCATOR[1]
    monkeypatch.setenv(sok.ALLOCATOR[0], "narenas:1")
    shutil.rmtree(site / sok.OUTPUT_SUBDIR)
    assert sok.index(site).pages == {"sv": 3}
    assert started[-1][sok.ALLOCATOR[0]] == "narenas:1"


def test_a_site_where_no_page_marks_its_text_is_indexed_whole(tmp_path: Path):
    site = _site(tmp_path)
    for page in site.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(" data-pagefind-body", ""), encoding="utf-8")
    assert sok.index(site).pages == {"sv": 6}


def test_pages_the_build_saw_are_not_read_again(tmp_path: Path):
    site = _site(tmp_path)
    whole = tmp_path / "hela"
    sok.index(site)
    shutil.copytree(site / sok.OUTPUT_SUBDIR, whole)
    shutil.rmtree(site / sok.OUTPUT_SUBDIR)
    seen = {
        p.relative_to(site).as_posix(): sok.marks(p.read_text(encoding="utf-8"))
        for p in site.rglob("*.html")
        if p.name != "404.html"  # a page the build did not see: read to find out
    }
    assert sok.index(site, seen).pages == {"sv": 3}
    assert _index(site / sok.OUTPUT_SUBDIR) == _index(whole)
    # what the build saw is taken as it is, not read again
    shutil.rmtree(site / sok.OUTPUT_SUBDIR)
    assert sok.index(site, {**seen, "kommuner/index.html": False}).pages == {"sv": 2}


def test_a_pagefind_still_running_is_stopped_with_the_program(tmp_path: Path, monkeypatch):
    """The preview indexes from a thread; when the program ends, its Pagefind
    must not go on writing into a site that is gone."""
    import threading

    started = tmp_path / "started"
    monkeypatch.setattr(sok, "_stopped", threading.Event())
    monkeypatch.setattr(
        sok,
        "_command",
        lambda arguments: [
            sys.executable,
            "-c",
            f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(120)",
        ],
    )
    problems: list[Exception] = []

    def index() -> None:
        try:
            sok._run([])
        except sok.SearchIndexError as e:
            problems.append(e)

    thread = threading.Thread(target=index)
    thread.start()
    while not started.exists():
        assert thread.is_alive(), problems
        thread.join(0.05)
    (child,) = sok._running
    sok.stop_running()
    thread.join(30)
    assert not thread.is_alive()
    assert child.returncode is not None and child.returncode < 0
    assert [str(e) for e in problems] == ["Pagefind stoppades när programmet avslutades"]
    assert not sok._running


def test_the_site_s_html_files_are_listed_as_rglob_lists_them(tmp_path: Path):
    site = _site(tmp_path)
    for relative in ("a-b/index.html", "a/b-c/x.html", "a/b/x.html", "ä/index.html", ".dold/x.html", "A/x.html"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text("x", encoding="utf-8")
    (site / "a" / "x.htm").write_text("x", encoding="utf-8")
    (site / ".sokindex-avbruten" / "y").mkdir(parents=True)
    (site / ".sokindex-avbruten" / "y" / "index.html").write_text("x", encoding="utf-8")
    expected = [
        p.relative_to(site).as_posix()
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).parts[0].startswith(".sokindex-")
    ]
    assert sok._html_files(site) == expected and len(expected) > 6


def _bundle(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}


def test_a_kept_index_of_the_same_pages_is_copied_and_pagefind_does_not_run(tmp_path: Path, monkeypatch):
    kept = tmp_path / "kept"
    first = _site(tmp_path / "a")
    called = []
    made = sok.index(first, cache=kept, before=lambda: called.append("a"))
    assert made.pages == {"sv": 3}
    assert called == ["a"]  # just before Pagefind ran
    assert len(list(kept.iterdir())) == 1

    again = _site(tmp_path / "b")
    (again / "hsa-2018" / "version" / "1" / "index.html").write_text("ej indexerad", encoding="utf-8")

    def no_pagefind(arguments):
        raise AssertionError("Pagefind ran although the indexed pages are unchanged")

    monkeypatch.setattr(sok, "_run", no_pagefind)
    assert sok.index(again, cache=kept, before=lambda: called.append("b")) == made
    assert called == ["a"]
    assert _bundle(again / sok.OUTPUT_SUBDIR) == _bundle(first / sok.OUTPUT_SUBDIR)
    assert all(p.stat().st_nlink > 1 for p in (again / sok.OUTPUT_SUBDIR).rglob("*") if p.is_file())

    # an index made again in the same folder (a --dirty build) does not write through the links into the cache
    index = kept / next(p.name for p in kept.iterdir() if not p.name.startswith("."))
    before = _bundle(index)
    monkeypatch.undo()
    page = again / "kommuner" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Laxå", "Hallsberg"), encoding="utf-8")
    sok.index(again)
    assert _bundle(index) == before != _bundle(again / sok.OUTPUT_SUBDIR)


def test_an_indexed_page_that_changed_is_indexed_again_and_equals_an_index_without_cache(tmp_path: Path):
    kept = tmp_path / "kept"
    sok.index(_site(tmp_path / "a"), cache=kept)
    changed = _site(tmp_path / "b")
    page = changed / "kommuner" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Laxå", "Hallsberg"), encoding="utf-8")
    fresh = _site(tmp_path / "c")
    (fresh / "kommuner" / "index.html").write_bytes(page.read_bytes())

    sok.index(changed, cache=kept)
    sok.index(fresh)
    assert _index(changed / sok.OUTPUT_SUBDIR) == _index(fresh / sok.OUTPUT_SUBDIR)
    assert len(list(kept.iterdir())) == 2


def test_only_the_last_used_indexes_are_kept(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sok, "KEPT", 1)
    kept = tmp_path / "kept"
    sok.index(_site(tmp_path / "a"), cache=kept)
    changed = _site(tmp_path / "b")
    page = changed / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Välkommen", "Hej"), encoding="utf-8")
    sok.index(changed, cache=kept)
    (entry,) = kept.iterdir()
    assert _bundle(entry) == _bundle(changed / sok.OUTPUT_SUBDIR)
