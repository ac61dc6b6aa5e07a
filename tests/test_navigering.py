"""The navigation shared by the pages outside it (plugins/handbok/navigering.py) is
what the theme renders for each page (issue 10: a faster build keeps today's output)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from . import sites
from .conftest import BASE

# a build in which no page shares the navigation: each renders Material's partial itself
_EACH_RENDERS = (
    "import runpy, sys\n"
    "from samverkan.plugins.handbok import navigering\n"
    "navigering._KEPT = 0\n"
    "sys.argv = ['mkdocs', *sys.argv[1:]]\n"
    "runpy.run_module('mkdocs', run_name='__main__')\n"
)


def _pages(site: Path) -> dict[str, str]:
    return {str(path.relative_to(site)): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}


def test_pages_sharing_the_navigation_get_what_the_theme_renders_for_each(tmp_path: Path):
    project = sites.project(tmp_path / "projekt", BASE)
    shared = sites.build(project, tmp_path / "delad", quiet=False, SAMVERKAN_CACHE=str(tmp_path / "cache-delad"))
    assert shared.returncode == 0, shared.stderr
    counts = re.search(r"Navigeringen: renderad (\d+) gånger, delad av (\d+) sidor", shared.stderr)
    assert counts, shared.stderr
    rendered, shared_by = map(int, counts.groups())
    assert shared_by > 10 and rendered > 1  # pages in the nav render their own; the others share a few

    command = [sys.executable, "-c", _EACH_RENDERS, *sites.command(tmp_path / "var-for-sig")[3:]]
    each = subprocess.run(
        command,
        cwd=project,
        env=sites.environment(SAMVERKAN_CACHE=str(tmp_path / "cache-var-for-sig")),
        capture_output=True,
        text=True,
        check=False,
    )
    assert each.returncode == 0, each.stderr

    got, expected = _pages(tmp_path / "delad"), _pages(tmp_path / "var-for-sig")
    assert got.keys() == expected.keys()
    for name, html in expected.items():
        assert got[name] == html, name
    # the pages do hold the navigation, with addresses relative to each page
    page = next(html for name, html in got.items() if name.count("/") == 1 and not name.startswith("dokument"))
    assert 'class="md-nav md-nav--primary"' in page and 'href="../kommuner/"' in page
