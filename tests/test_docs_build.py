"""`make serve` builds the handbook: the mkdocs build must pass in strict mode,
and the public build of the sample content shows no intern document."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from samverkan.loader import load

from . import sites
from .conftest import REPO_ROOT


def test_handbook_builds_strict_without_intern_documents(tmp_path: Path):
    proc = sites.build(REPO_ROOT, tmp_path / "site", quiet=False, SAMVERKAN_CACHE=str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    assert (site / "innehallsmodell" / "validering" / "index.html").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="sv"' in html
    assert "fonts.googleapis.com" not in html

    repo, _ = load(REPO_ROOT)
    intern = [d for d in repo.documents if d.intern]
    assert intern, "the sample content should show an intern document"
    # an id inside a longer slug (an arena named after the same project) is no trace
    traces = [re.compile(rf"(?<![a-z0-9-]){re.escape(d.id)}(?![a-z0-9-])") for d in intern]
    traces += [re.compile(re.escape(d.name)) for d in intern]
    for file in site.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")
            leaked = [t.pattern for t in traces if t.search(text)]
            assert not leaked, f"{file.relative_to(site)} shows {leaked}"
