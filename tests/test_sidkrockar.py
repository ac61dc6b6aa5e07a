"""Two pages at one address stop the build with a message that says which and
why, never a traceback (issue 17, item 2: tags that slug alike or to nothing,
ids or tags that collide with docs/)."""

from __future__ import annotations

from pathlib import Path

from .conftest import BASE
from .test_site_build import _build, _project


def _with_topics(project: Path, *topics: str) -> None:
    doc = project / "agreements" / "dokument" / "huvudavtal.md"
    text = doc.read_text(encoding="utf-8")
    listed = "".join(f"  - '{t}'\n" for t in topics)
    doc.write_text(
        text.replace("ämnen:\n  - Vård i hemmet\n", f"ämnen:\n  - Vård i hemmet\n{listed}"), encoding="utf-8"
    )


def test_tags_that_slug_to_nothing_give_a_message(tmp_path: Path):
    """Tags with no letter or digit would share one page address; the validator
    refuses them on their line before the build makes any page."""
    project = _project(tmp_path, BASE)
    _with_topics(project, "!!!", "???")
    proc = _build(project, SAMVERKAN_HISTORIK="false", SAMVERKAN_EXPORT="false")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "error[ämne-ogiltigt]" in proc.stderr
    assert "'!!!'" in proc.stderr and "'???'" in proc.stderr


def test_a_tag_colliding_with_a_docs_page_gives_a_message(tmp_path: Path):
    project = _project(tmp_path, BASE)
    (project / "docs" / "amnen" / "vard-i-hemmet").mkdir(parents=True)
    (project / "docs" / "amnen" / "vard-i-hemmet" / "index.md").write_text("# Egen sida\n", encoding="utf-8")
    proc = _build(project, SAMVERKAN_HISTORIK="false", SAMVERKAN_EXPORT="false")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "amnen/vard-i-hemmet/index.md skapas av handboken men finns också i docs/" in proc.stderr


def test_a_missing_image_does_not_stop_a_strict_build(tmp_path: Path):
    """Without the validator's finding, a link to a file that is not there keeps
    its text and loses the link, instead of failing --strict with no finding."""
    project = _project(tmp_path, BASE)
    doc = project / "agreements" / "dokument" / "huvudavtal.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\n![Organisationsbild](saknas.png) och [originalet](saknas.pdf).\n",
        encoding="utf-8",
    )
    proc = _build(project, SAMVERKAN_HISTORIK="false", SAMVERKAN_EXPORT="false")
    if proc.returncode != 0:
        # the validator refuses the link: then it says so, on the line
        assert "saknas.png" in proc.stderr and "huvudavtal.md:" in proc.stderr, proc.stderr
        return
    html = (project / "site" / "huvudavtal" / "index.html").read_text(encoding="utf-8")
    assert "Organisationsbild och originalet." in html
    assert "saknas.png" not in html and "saknas.pdf" not in html
