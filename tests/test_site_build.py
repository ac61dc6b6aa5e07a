"""Full mkdocs builds of fixture projects: the repository's mkdocs.yml, docs/
and overrides/ with another ``agreements/`` folder, as a region adopting the
template would have it."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from samverkan import sok
from samverkan.loader import load

from . import sites
from .conftest import BASE, CASES, build_case
from .test_sok import _index

INTERN_TRACES = ("intern-pm", "Internt förberedande möte", "Intern förberedelse")


def _project(tmp: Path, agreements_from: Path) -> Path:
    return sites.project(tmp / "projekt", agreements_from)


def _build(project: Path, **env: str) -> subprocess.CompletedProcess:
    return sites.build(project, quiet=False, **env)


def _site_text(site: Path) -> str:
    """Every file of the site as text, Pagefind's compressed fragments unpacked."""
    parts = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(file.relative_to(site).as_posix())
        parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    project = _project(tmp_path_factory.mktemp("publik"), BASE)
    proc = _build(project)
    assert proc.returncode == 0, proc.stderr
    return project / "site"


def test_every_id_has_its_page(public_site: Path):
    repo, _ = load(BASE)
    for node in repo.nodes():
        if getattr(node, "intern", False):
            continue
        assert (public_site / node.id / "index.html").is_file(), node.id


def test_the_search_index_is_the_one_made_by_reading_every_page(public_site: Path, tmp_path: Path):
    # the build tells the index which pages it wrote mark their text, instead of reading them again
    site = tmp_path / "site"
    shutil.copytree(public_site, site)
    shutil.rmtree(site / sok.OUTPUT_SUBDIR)
    sok.index(site)
    assert _index(site / sok.OUTPUT_SUBDIR) == _index(public_site / sok.OUTPUT_SUBDIR)


def test_links_scope_and_adoption(public_site: Path):
    html = (public_site / "huvudavtal" / "index.html").read_text(encoding="utf-8")
    assert 'href="../huvudavtal-bilaga-1/"' in html
    assert "Antagen av <strong>2 av 4</strong> parter." in html
    assert "alla 3 kommuner i" in html
    kommun = (public_site / "ka" / "index.html").read_text(encoding="utf-8")
    assert 'href="../huvudavtal/"' in kommun and "Antaget 2024-11-05" in kommun


def test_the_site_publishes_nothing_of_the_tooling(public_site: Path):
    """overrides/ is mkdocs' custom_dir: whatever lies there is copied to the
    site. The export's templates and the page templates are package data."""
    assert not (public_site / "export").exists()
    assert not (public_site / "samverkan").exists()
    for path in public_site.rglob("*"):
        assert path.suffix not in (".typ", ".lua", ".py", ".j2"), path
        assert path.name not in ("referens.docx", "_makron.md", "kommun.md"), path
    # the comparison's stylesheet comes from the package and is served
    assert ".sv-dold {" in (public_site / "assets" / "stylesheets" / "jamforelse.css").read_text(encoding="utf-8")


def test_public_site_has_no_trace_of_intern_documents(public_site: Path):
    text = _site_text(public_site)
    assert "pagefind" in text  # the search index was read too
    for trace in INTERN_TRACES:
        assert trace not in text, trace


def test_internal_build_marks_intern_documents(tmp_path: Path):
    project = _project(tmp_path, BASE)
    proc = _build(project, SAMVERKAN_INTERN="true")
    assert proc.returncode == 0, proc.stderr
    html = (project / "site" / "intern-pm" / "index.html").read_text(encoding="utf-8")
    assert "Intern handling" in html and "sv-badge--intern" in html


def test_validation_errors_stop_the_build_with_the_validator_report(tmp_path: Path):
    case = build_case(CASES / "okänd-nyckel", tmp_path / "fall")
    project = _project(tmp_path, case)
    proc = _build(project)
    assert proc.returncode == 1
    expected = (CASES / "okänd-nyckel" / "expected.txt").read_text(encoding="utf-8").strip()
    assert expected in proc.stderr
    assert f"Handboken byggs inte: valideringen hittade {len(expected.splitlines())} fel" in proc.stderr
    assert "Traceback" not in proc.stderr
