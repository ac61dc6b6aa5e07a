"""The preview (``make serve``): after each saved file exactly the pages whose
text changed are made again, removed pages disappear, errors show as an error
page and the site comes back when they are fixed.

The session (core) is compared with a full build after every edit; a real
``mkdocs serve --dirty`` on a copy of ``tests/fixtures/serve`` shows that the
served folder changes exactly there. No timing is asserted (see bench/serve_bench.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from markupsafe import escape

from samverkan import checker, handbok, historik, loader
from samverkan.handbok import felsida
from samverkan.handbok.incremental import Session

from . import remiss_repo
from .conftest import BASE, FIXTURES, REPO_ROOT, TODAY
from .historik_repo import GitRepo

SERVE = FIXTURES / "serve"


def _esc(text: str) -> str:
    """As the error page's template escapes text."""
    return str(escape(text))


MOTE = "agreements/dokument/mote-2025-01-10.md"
AVTAL = "agreements/dokument/huvudavtal.md"
BILAGA = "agreements/dokument/huvudavtal-bilaga-1.md"
UPPDRAG = "agreements/dokument/uppdrag-nsg.md"
REGISTER = "agreements/organisation/register.yml"


def _project(tmp_path: Path) -> GitRepo:
    """The fixture project with the base agreements, committed to git."""
    repo = GitRepo(tmp_path / "projekt")
    shutil.copy(SERVE / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(SERVE / "docs", repo.root / "docs")
    shutil.copytree(REPO_ROOT / "overrides", repo.root / "overrides")
    shutil.copytree(BASE / "agreements", repo.root / "agreements")
    repo.commit("Första versionen")
    return repo


def _full(root: Path, today: dt.date = TODAY) -> dict:
    """Every page and asset of a full build of ``root``, by path."""
    repo, _ = loader.load(root)
    return {item.path: item for item in handbok.build(repo, today, history=historik.read(root))}


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


NEW_MEETING = """---
id: mote-2025-02-14
typ: mötesanteckning
titel: Arbetsgruppens möte 14 februari 2025
status: justerad
arena: ag
datum: 2025-02-14
behandlade:
  - huvudavtal
---
# Dagordning

1. Uppföljning av [[huvudavtal]]
"""


def _edits(repo: GitRepo):
    """(name, change) pairs, applied in order to the project."""
    root = repo.root

    def rename_bilaga():
        (root / "agreements/bilagor").mkdir()
        (root / BILAGA).rename(root / "agreements/bilagor/bilaga-1.md")

    return [
        ("text", lambda: _edit(root, AVTAL, "\n## ", "\nEn ny mening i texten.\n\n## ")),
        ("titel", lambda: _edit(root, BILAGA, "titel: Bilaga 1 Ansvarsfördelning", "titel: Bilaga 1 Roller")),
        ("ny hänvisning", lambda: _edit(root, MOTE, "2. Genomgång", "2. Se [[gammalt-avtal]] och genomgång")),
        ("nytt dokument", lambda: _write(root, "agreements/dokument/mote-2025-02-14.md", NEW_MEETING)),
        ("flyttad fil", rename_bilaga),
        # a new name in the same place among the files: no list changes order
        ("omdöpt fil", lambda: (root / UPPDRAG).rename(root / "agreements/dokument/uppdrag-nsg-ny.md")),
        ("borttaget dokument", lambda: (root / MOTE).unlink()),
        ("registret", lambda: _edit(root, REGISTER, "namn: A-stad", "namn: A-staden")),
        ("incheckning", lambda: repo.commit("Ändringar")),
    ]


def _follows_full_builds(repo: GitRepo, edits, today: dt.date = TODAY) -> None:
    """After every edit the session holds exactly a full build's pages, says
    exactly which changed and disappeared, and finds what `validate` finds."""
    session = Session(repo.root, today=today, intern=False, history=True, downloads=False)
    first = session.refresh()
    before = _full(repo.root, today)
    assert not first.failed and first.everything
    assert first.items == before and first.changed == set(before)
    for name, change in edits:
        change()
        update = session.refresh()
        after = _full(repo.root, today)
        assert not update.failed, name
        assert not update.everything, name
        assert update.items == after, name
        assert update.changed == {p for p, item in after.items() if before.get(p) != item}, name
        assert update.removed == set(before) - set(after), name
        # the one checker: the same findings as a fresh `samverkan validate`
        assert update.findings == checker.check(repo.root, today).findings, name
        before = after


def test_session_makes_again_exactly_what_a_full_build_changes(tmp_path):
    repo = _project(tmp_path)
    _follows_full_builds(repo, _edits(repo)[:-2])  # the registry and a commit make everything again
    session_edits = _edits(repo)[-2:]
    session = Session(repo.root, today=TODAY, intern=False, history=True, downloads=False)
    session.refresh()
    before = _full(repo.root)
    for name, change in session_edits:
        change()
        update = session.refresh()
        after = _full(repo.root)
        assert update.everything and update.items == after, name
        assert update.changed == {p for p, item in after.items() if before.get(p) != item}, name
        before = after


def _remiss_edits(repo: GitRepo):
    """Edits around a remiss round: answers and the document answered."""
    root = repo.root
    answer_ka = "agreements/remissvar/svar-rutin-ka.md"
    rutin = "agreements/dokument/rutin.md"
    answer_kc = remiss_repo.SVAR_KB.replace("svar-rutin-kb", "svar-rutin-kc").replace("från: kb", "från: kc")
    return [
        ("svarets text", lambda: _edit(root, answer_ka, "Vi vill ha utbildning.", "## Uppföljning\n\nOftare.")),
        ("nytt svar", lambda: _write(root, "agreements/remissvar/svar-rutin-kc.md", answer_kc)),
        ("rubrik i dokumentet", lambda: _edit(root, rutin, "## Uppföljning", "## Uppföljning och utvärdering")),
        ("svarets ställningstagande", lambda: _edit(root, answer_ka, "med synpunkter", "")),
        ("borttaget svar", lambda: (root / "agreements/remissvar/svar-rutin-kb.md").unlink()),
        ("remissen öppen igen", lambda: _write(root, rutin, remiss_repo.RUTIN.format(**remiss_repo.ON_REMISS))),
        ("remisstiden", lambda: _edit(root, rutin, "till: 2025-04-30", "till: 2025-05-31")),
    ]


@pytest.mark.parametrize("today", [TODAY, dt.date(2025, 4, 15)], ids=["efter", "under-remisstiden"])
def test_session_follows_a_remiss_round(tmp_path, today):
    repo = GitRepo(remiss_repo.make(tmp_path / "projekt"))
    _follows_full_builds(repo, _remiss_edits(repo), today)


def test_a_change_to_the_text_makes_only_its_own_page_again(tmp_path):
    repo = _project(tmp_path)
    session = Session(repo.root, today=TODAY, intern=False, history=True, downloads=False)
    session.refresh()
    _edit(repo.root, AVTAL, "\n## ", "\nEn ny mening i texten.\n\n## ")
    update = session.refresh()
    # and Dokumenthälsa, which lists every document's LIX and longest sentences
    assert update.changed == {"huvudavtal/index.md", "dokumenthalsa/index.md"}
    assert update.removed == set()


def test_a_deleted_document_loses_its_pages_and_its_mentions(tmp_path):
    repo = _project(tmp_path)
    session = Session(repo.root, today=TODAY, intern=False, history=True, downloads=False)
    session.refresh()
    (repo.root / MOTE).unlink()
    update = session.refresh()
    assert {"mote-2025-01-10/index.md", "mote-2025-01-10/historik/index.md"} <= update.removed
    assert not any(p.startswith("mote-2025-01-10/") for p in update.items)
    # the arena listed the meeting, the avtal named it as a backlink
    assert {"ag/index.md", "huvudavtal/index.md"} <= update.changed


def test_the_preview_refuses_what_validate_refuses(tmp_path):
    """A symlink out of the repository is never read by the preview: the same finding
    as `samverkan validate`, and no page; an oversized file is refused unread."""
    repo = _project(tmp_path)
    session = Session(repo.root, today=TODAY, intern=False, history=True, downloads=False)
    session.refresh()
    (repo.root / "agreements" / "dokument" / "lank.md").symlink_to("/etc/passwd")
    with (repo.root / "agreements" / "dokument" / "stor.md").open("wb") as big:
        big.truncate(200 * 1024 * 1024)  # sparse: reading it would take 200 MB
    update = session.refresh()
    assert update.failed
    codes = {(f.path, f.code) for f in update.findings}
    assert ("agreements/dokument/lank.md", "utanför-arkivet") in codes
    assert ("agreements/dokument/stor.md", "fil-för-stor") in codes
    assert codes <= {(f.path, f.code) for f in checker.check(repo.root, TODAY).findings}


def test_errors_keep_the_last_good_pages_and_the_fix_brings_them_back(tmp_path):
    repo = _project(tmp_path)
    session = Session(repo.root, today=TODAY, intern=False, history=True, downloads=False)
    good = dict(session.refresh().items)
    _edit(repo.root, AVTAL, "status: fastställd", "status: <b>klar</b>")
    broken = session.refresh()
    assert broken.failed and broken.errors
    assert broken.findings == checker.check(repo.root, TODAY).findings
    assert broken.items == good
    _edit(repo.root, AVTAL, "status: <b>klar</b>", "status: fastställd")
    fixed = session.refresh()
    assert not fixed.failed and fixed.items == good and fixed.changed == set()


def test_the_error_page_names_file_line_and_fix_escaped(tmp_path):
    repo = _project(tmp_path)
    _edit(repo.root, AVTAL, "status: fastställd", "status: <b>klar</b>")
    findings = checker.check(repo.root, TODAY).findings
    page = felsida.html(findings, epoch=7)
    assert "<b>klar</b>" not in page and "&lt;b&gt;klar&lt;/b&gt;" in page
    for f in findings:
        assert _esc(f.path) in page and _esc(f.message) in page
        assert f"<td>{f.line}</td>" in page
    assert 'lang="sv"' in page and "valideringen hittade" in page
    assert '"/livereload/" + epoch' in page and "})(7);" in page


# -- a real `mkdocs serve --dirty`


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``mkdocs serve --dirty`` in the project; its site folder lands in ``tmp``."""

    def __init__(self, project: Path, tmp: Path):
        tmp.mkdir()
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = (tmp / "serve.log").open("w")
        env = {**os.environ, "TMPDIR": str(tmp), "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SAMVERKAN_INTERN", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        self.tmp = tmp
        deadline = time.monotonic() + 300
        while True:
            try:
                self.get("")
                break
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("mkdocs serve did not start:\n" + self.output()) from None
                time.sleep(0.2)
        self.site = next(tmp.glob("mkdocs_*"))
        self.epoch = int(self.get("livereload/0/0"))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=120) as answer:
            return answer.read().decode("utf-8")

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=120) as answer:
                return answer.status
        except urllib.error.HTTPError as e:
            return e.code

    def rebuilt(self) -> None:
        """Wait for the next finished build (the live-reload poll answers then)."""
        for _ in range(10):
            now = int(self.get(f"livereload/{self.epoch}/0"))
            if now > self.epoch:
                self.epoch = now
                return
        raise AssertionError("no rebuild:\n" + self.output())

    def snapshot(self) -> dict[str, int]:
        """Written time of every generated file mkdocs may rewrite."""
        skip = ("sitemap.xml", "sitemap.xml.gz", "404.html")
        return {
            p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns
            for p in self.site.rglob("*")
            if p.is_file() and p.name not in skip and p.relative_to(self.site).parts[0] not in ("assets", "search")
        }

    def output(self) -> str:
        self.log.flush()
        return (self.tmp / "serve.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture
def served(tmp_path):
    repo = _project(tmp_path)
    server = Server(repo.root, tmp_path / "tmp")
    try:
        yield repo, server
    finally:
        server.stop()


def _site_path(path: str) -> str:
    return path[: -len(".md")] + ".html" if path.endswith(".md") else path


def _saved(served, change) -> tuple[set[str], set[str], set[str]]:
    """Apply ``change``, wait for the rebuild: (rewritten, appeared, disappeared) files."""
    repo, server = served
    before = server.snapshot()
    expected_before = _full(repo.root)
    time.sleep(0.05)  # a rewritten file gets a newer time than the snapshot
    change()
    server.rebuilt()
    after = server.snapshot()
    expected_after = _full(repo.root)
    rewritten = {p for p in before.keys() & after.keys() if before[p] != after[p]}
    changed = {
        _site_path(p) for p, item in expected_after.items() if p in expected_before and expected_before[p] != item
    }
    assert rewritten == changed
    return rewritten, set(after) - set(before), set(before) - set(after)


def test_serve_rewrites_exactly_the_changed_pages(served):
    repo, server = served
    root = repo.root
    assert "Huvudavtal" in server.get("huvudavtal/")

    rewritten, appeared, gone = _saved(served, lambda: _edit(root, AVTAL, "\n## ", "\nEn ny mening i texten.\n\n## "))
    # Dokumenthälsa lists the document's LIX, which the new sentence changes
    assert rewritten == {"huvudavtal/index.html", "dokumenthalsa/index.html"} and not appeared and not gone
    assert "En ny mening i texten." in server.get("huvudavtal/")

    rewritten, appeared, gone = _saved(
        served, lambda: _edit(root, BILAGA, "titel: Bilaga 1 Ansvarsfördelning", "titel: Bilaga 1 Roller")
    )
    assert {"huvudavtal-bilaga-1/index.html", "huvudavtal/index.html"} <= rewritten
    assert "Bilaga 1 Roller" in server.get("huvudavtal/")

    def rename():
        (root / "agreements/bilagor").mkdir()
        (root / BILAGA).rename(root / "agreements/bilagor/bilaga-1.md")

    rewritten, appeared, gone = _saved(served, rename)
    assert not gone and not appeared  # same id, same address
    assert "huvudavtal-bilaga-1/index.html" in rewritten  # the edit button points at the new file

    rewritten, appeared, gone = _saved(
        served, lambda: _write(root, "agreements/dokument/mote-2025-02-14.md", NEW_MEETING)
    )
    # the new document's page, and its feed (issue 15)
    assert appeared == {"mote-2025-02-14/index.html", "flode-mote-2025-02-14.xml"} and not gone
    assert "Arbetsgruppens möte 14 februari 2025" in server.get("ag/")

    rewritten, appeared, gone = _saved(served, lambda: (root / MOTE).unlink())
    assert "mote-2025-01-10/index.html" in gone
    assert not any(p.startswith("mote-2025-01-10/") for p in server.snapshot())
    assert server.status("mote-2025-01-10/") == 404
    assert "Arbetsgruppens möte 10 januari 2025" not in server.get("ag/")


def test_serve_shows_the_error_page_and_comes_back(served):
    repo, server = served
    root = repo.root
    _edit(root, AVTAL, "status: fastställd", "status: <b>klar</b>")
    server.rebuilt()
    for path in ("", "huvudavtal/", "ag/", "kommuner/"):
        page = server.get(path)  # answered at once, not held until a good build
        assert "valideringen hittade" in page, path
        assert "agreements/dokument/huvudavtal.md" in page
        assert "&lt;b&gt;klar&lt;/b&gt;" in page and "<b>klar</b>" not in page
    finding = checker.check(root, TODAY).errors[0]
    assert _esc(finding.message) in server.get("huvudavtal/")
    assert f"{finding.path}:{finding.line}:{finding.column}" in server.output()  # the terminal says the same
    assert "Valideringen av agreements/" in server.output()
    # the page reloads at the next build: it polls for a newer epoch than its own
    assert re.search(r"\}\)\((\d+)\);", server.get("huvudavtal/")).group(1) == str(server.epoch)

    _edit(root, AVTAL, "status: <b>klar</b>", "status: fastställd")
    server.rebuilt()
    page = server.get("huvudavtal/")
    assert "valideringen hittade" not in page and "Huvudavtal" in page


def test_the_theme_files_listed_once_are_those_mkdocs_lists(tmp_path):
    """The preview lists the installed theme's files once; mkdocs copies exactly the same files."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from samverkan.plugins.handbok.serve import Preview

    repo = _project(tmp_path)
    preview = Preview(dirty=True)

    def theme_files(listed_once: bool) -> list[str]:
        config = load_config(config_file=str(repo.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if listed_once:
            preview.theme_files.hand_to(config)
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(f.src_uri for f in files)

    plain = theme_files(False)
    assert plain and theme_files(True) == plain
    (repo.root / "overrides" / "ny.css").write_text("a {}", encoding="utf-8")
    # the project's own theme folder is listed again at every build
    assert theme_files(True) == theme_files(False) == sorted([*plain, "ny.css"])


def test_links_between_site_paths_are_those_posixpath_gives():
    """paths.relative works without the file system; it gives what posixpath.relpath gives."""
    import posixpath
    import random

    from samverkan.handbok.paths import relative

    parts = ["a", "b", "index.md", "kommuner", "flode.xml", "a b", "é", "", ".", ".."]
    rng = random.Random(7)
    for _ in range(20000):
        current = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) or "index.md"
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) or "x"
        assert relative(current, target) == posixpath.relpath(target, posixpath.dirname(current) or "."), (
            current,
            target,
        )


def test_relations_over_a_text_edit_are_those_built_anew(tmp_path):
    """After an edit of the text only, the session keeps the relations with the new
    documents in them: the same as relations built from scratch, node for node."""
    from samverkan.relationer import Relations
    from samverkan.synlighet import View

    repo = GitRepo(remiss_repo.make(tmp_path / "projekt"))
    before, _ = loader.load(repo.root)
    _edit(repo.root, AVTAL, "\n## ", "\nEn ny mening i texten.\n\n## ")
    _edit(repo.root, "agreements/remissvar/svar-rutin-ka.md", "Vi vill ha utbildning.", "Utbildning.")
    after, _ = loader.load(repo.root)
    view = View(after)
    kept = Relations.build(View(before)).over(view)
    fresh = Relations.build(view)

    def nodes(rel: Relations) -> dict:
        shown = {f: {k: [id(n) for n in v] for k, v in getattr(rel, f).items() if v} for f in Relations.FIELDS}
        shown["backlinks"] = {k: [(id(b.source), b.how) for b in v] for k, v in rel.backlinks.items() if v}
        return shown

    assert nodes(kept) == nodes(fresh) and kept.view is view
    assert fresh.backlinks and fresh.bilagor and fresh.owned


class _Waiting:
    """A download whose file is ready when ``ready`` is set (as pandoc would finish)."""

    def __init__(self, path: str, content: bytes, modified: bool = True):
        import threading

        self.ready = threading.Event()
        self.closed = False
        self.path, self._content, self._modified = path, content, modified
        self.download, self.running = self, self

    def is_modified(self) -> bool:
        return self._modified

    def write(self, site_dir: Path) -> None:
        assert self.ready.wait(60)
        (site_dir / self.path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / self.path).write_bytes(self._content)

    def close(self) -> None:
        self.closed = True


def test_the_page_reloads_without_waiting_for_its_downloads(tmp_path):
    """The build hands its downloads over and is done; they are written when
    they are ready, build after build in order, and their exports stopped."""
    from samverkan.plugins.handbok.serve import Preview

    preview = Preview(dirty=True)
    first = _Waiting("a/a.docx", b"first")
    unchanged = _Waiting("b/b.docx", b"old", modified=False)
    preview.write_downloads_later([first, unchanged], tmp_path)  # returns at once: nothing is ready
    second = _Waiting("a/a.docx", b"second")
    second.ready.set()
    preview.write_downloads_later([second], tmp_path)
    assert not (tmp_path / "a/a.docx").exists()  # the later build's file waits for the earlier one's
    first.ready.set()
    assert preview.downloads_written(timeout=60)
    assert (tmp_path / "a/a.docx").read_bytes() == b"second"
    assert not (tmp_path / "b/b.docx").exists()  # unchanged: not written again
    assert first.closed and unchanged.closed and second.closed


def test_the_search_index_waits_for_a_quiet_moment(tmp_path, monkeypatch):
    """Pagefind runs once builds have stopped for a moment, never during a build,
    and once for several saves in a row."""
    import threading

    from samverkan import sok
    from samverkan.handbok.incremental import Update
    from samverkan.plugins.handbok import serve

    runs: list[tuple[str, bool]] = []
    done = threading.Event()
    preview = serve.Preview(dirty=True)

    class Stats:
        def summary(self) -> str:
            return "indexerat"

    def index(site: Path):
        runs.append((str(site), preview._building))
        done.set()
        return Stats()

    monkeypatch.setattr(sok, "index", index)
    monkeypatch.setattr(serve, "INDEX_QUIET", 0.3)
    preview.update = Update([], False, {}, changed={"a/index.md"})
    for _ in range(3):  # three saves in a row, each a build
        preview.building(True)
        preview.index_later(str(tmp_path))
        time.sleep(0.5)  # longer than the quiet time: the build is still under way
        assert not runs
        preview.building(False)
        preview.index_later(str(tmp_path))
    assert done.wait(60)
    preview._indexer.join(60)
    assert runs == [(str(tmp_path), False)]


def test_a_build_runs_without_the_cycle_collector_and_collects_its_own_cycles():
    """While a build runs the collector is off (it would walk every object the
    session keeps); the cycles the build made are collected when it ends."""
    import gc
    import weakref

    from samverkan.plugins.handbok.serve import Preview

    class Node:
        pass

    assert gc.isenabled()
    preview = Preview(dirty=True)
    preview.building(True)
    try:
        assert not gc.isenabled()
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None  # a cycle: reference counting alone does not free it
    finally:
        preview.building(False)
    assert gc.isenabled() and gone() is None


def _rendered(page) -> tuple:
    return (
        page.content,
        [(a.title, a.id, a.level) for a in page.toc],
        page._title_from_render,
        page.present_anchor_ids,
        {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
    )


def _pages_both_ways(root: Path, rows, long: int) -> int:
    """Render every generated page of ``root`` as mkdocs does and from rows: the
    same HTML, table of contents, title, anchors and links to anchors."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page as MkPage

    from samverkan import ordlista
    from samverkan.plugins.handbok import rader
    from samverkan.plugins.handbok.structure import add

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins._current_plugin = "samverkan"  # as while the plugin's on_files runs
    repo, _ = loader.load(root)
    items = handbok.build(repo, TODAY, history=historik.read(root))
    abbreviations = ordlista.abbreviation_block(repo)
    assert abbreviations
    files = get_files(config)
    add(files, config, items)
    generated = {item.path for item in items if isinstance(item, handbok.Page)}
    compared = 0
    for file in files.documentation_pages():
        if file.src_uri not in generated:
            continue
        out = []
        for kind in (MkPage, rader.RowPage):
            file.page = None
            page = kind(None, file, config)
            page.rows, page.long = rows, long
            page.read_source(config)
            page.markdown = f"{page.markdown.rstrip()}\n\n{abbreviations}\n"
            page.render(config, files)
            out.append(_rendered(page))
        assert out[0] == out[1], file.src_uri
        compared += 1
    return compared


def test_long_tables_from_rendered_rows_are_the_pages_mkdocs_renders(tmp_path):
    """Every generated page with its tables put together from rows rendered
    one by one is byte for byte the page mkdocs renders whole; after an edit,
    rows kept from before give the same as a fresh render."""
    from samverkan.plugins.handbok import rader

    repo = _project(tmp_path)
    rows = rader.Rows()
    assert _pages_both_ways(repo.root, rows, long=1) > 50
    made = rows.made
    assert made > 50 and rows.kept == 0  # every table of the sample content went by rows
    _edit(repo.root, BILAGA, "titel: Bilaga 1 Ansvarsfördelning", "titel: Bilaga 1 Roller")
    _write(repo.root, "agreements/dokument/mote-2025-02-14.md", NEW_MEETING)
    _pages_both_ways(repo.root, rows, long=1)
    assert rows.kept > 50 and rows.made - made < made  # most rows came from before


def test_a_page_whose_rows_are_not_alone_renders_whole():
    """Reference definitions on the page, or a row with an anchor link or an
    attribute list, leave the page to mkdocs' own render."""
    from samverkan.plugins.handbok import rader

    table = "| A | B |\n|---|---|\n" + "".join(f"| [x{i}](../a{i}/index.md) | {i} |\n" for i in range(3))
    assert rader._long_blocks("Text\n\n" + table + "\nMer", 3) == [(2, 7, rader.TABLE)]
    assert rader._long_blocks("Text\n\n" + table + "Mer", 3) == []  # no blank line after: left alone
    assert rader._long_blocks("Text\n" + table + "\n", 3) == []  # part of the paragraph before
    assert rader._long_blocks("\n" + table, 4) == []  # too short
    items = "".join(f"- [x{i}](../a{i}/index.md): **{i}**\n    - en\n    - två\n" for i in range(3))
    assert rader._long_blocks("Text\n\n" + items + "\nMer", 3) == [(2, 11, rader.LIST)]
    assert rader._long_blocks("Text\n\n" + items + "  lat fortsättning\n", 3) == []
    assert rader._list_items(items.rstrip("\n").split("\n"))[1] == "- [x1](../a1/index.md): **1**\n    - en\n    - två"
    assert rader._DEFINITIONS.search("[ref]: ../a/index.md") and rader._DEFINITIONS.search("x[^1]")
    for row in ("| [x](../a/index.md#rubrik) |", "| [x][ref] |", "| x {: .klass } |", '| <span id="a"> |'):
        assert rader._TIED.search(row), row
    assert not rader._TIED.search('| [Avtal](../a/index.md) | <span class="sv-badge">Gällande</span> |')


def test_a_page_removed_while_indexing_makes_the_index_again(tmp_path, monkeypatch):
    """A save while Pagefind reads the site may remove a page it is reading: no
    traceback, and the index is made again."""
    import threading

    from samverkan import sok
    from samverkan.handbok.incremental import Update
    from samverkan.plugins.handbok import serve

    runs: list[int] = []
    done = threading.Event()

    class Stats:
        def summary(self) -> str:
            return "indexerat"

    def index(site: Path):
        runs.append(1)
        if len(runs) == 1:
            raise FileNotFoundError(2, "No such file or directory")
        done.set()
        return Stats()

    monkeypatch.setattr(sok, "index", index)
    monkeypatch.setattr(serve, "INDEX_QUIET", 0.05)
    preview = serve.Preview(dirty=True)
    preview.update = Update([], False, {}, changed={"a/index.md"})
    preview.index_later(str(tmp_path))
    assert done.wait(60)
    preview._indexer.join(60)
    assert len(runs) == 2 and not preview._indexer.is_alive()
