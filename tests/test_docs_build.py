"""`make serve` builds the handbook: the mkdocs build must pass in strict mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO_ROOT


def test_handbook_builds_strict(tmp_path: Path):
    mkdocs = Path(sys.executable).parent / "mkdocs"
    proc = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "innehallsmodell" / "validering" / "index.html").exists()
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'lang="sv"' in html
    assert "fonts.googleapis.com" not in html
