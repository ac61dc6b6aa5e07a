"""The package as a wheel, installed in a venv of its own, outside a checkout
(how pre-commit installs the hook in a region's repository): it renders
exports and comparisons from its package data alone.

The wheel is built from a copy of the sources in a temporary folder, so the
checkout gets no build/ or egg-info. The venv finds the dependencies in the
test venv's site-packages through a .pth line (no network), but samverkan
itself only from the wheel: the editable install's own .pth files are not
read for a folder added that way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from docx import Document

from .conftest import REPO_ROOT

ID = "hsa-2018-bilaga-1"


def _run(args: list, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # a PYTHONPATH pointing at the checkout would hide what the wheel lacks
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{args} gav {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with only the wheel of samverkan installed."""
    root = tmp_path_factory.mktemp("hjul")
    source = root / "källa"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("scripts", "schemas"):
        shutil.copytree(REPO_ROOT / name, source / name, ignore=ignore)
    dist = root / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", dist, source])
    (wheel,) = dist.glob("samverkan-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "beroenden.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel])
    return venv / "bin"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample content in a git repository, with one bilaga
    edited in the working copy: nothing else of the checkout beside it."""
    target = tmp_path / "region"
    shutil.copytree(REPO_ROOT / "agreements", target / "agreements")
    _run(["git", "init", "--quiet", "-b", "main"], cwd=target)
    _run(["git", "add", "-A"], cwd=target)
    _run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "Första"],
        cwd=target,
    )
    return target


def test_the_wheel_imports_its_own_copy(installed: Path, tmp_path: Path):
    done = _run([installed / "python", "-c", "import samverkan; print(samverkan.__file__)"], cwd=tmp_path)
    assert Path(done.stdout.strip()).is_relative_to(installed.parent)


def test_the_wheel_holds_the_templates_and_no_build_script(installed: Path):
    site = installed.parent / "lib"
    templates = {
        p.relative_to(next(site.glob("python*/site-packages"))).as_posix() for p in site.rglob("templates/*/*")
    }
    for needed in (
        "samverkan/templates/exportera/referens.docx",
        "samverkan/templates/exportera/mall.typ",
        "samverkan/templates/exportera/lankar.lua",
        "samverkan/templates/jamforelse/sida.html",
        "samverkan/templates/handbok/kommun.md",
        "samverkan/templates/ny/avtal.md",
    ):
        assert needed in templates
    assert not any(path.endswith(".py") for path in templates)


def test_the_installed_wheel_exports_word_and_pdf(installed: Path, project: Path):
    _run([installed / "samverkan", "export", ID, "--format", "docx", "--ut", "ut.docx"], cwd=project)
    _run([installed / "samverkan", "export", ID, "--format", "pdf", "--ut", "ut.pdf"], cwd=project)
    text = "\n".join(p.text for p in Document(project / "ut.docx").paragraphs)
    assert "Bilaga 1 – Läkarmedverkan i kommunal hälso- och sjukvård" in text
    with zipfile.ZipFile(project / "ut.docx") as docx:
        # the reference document's styles: Arial, as make_reference.py sets it
        assert "Arial" in docx.read("word/styles.xml").decode("utf-8")
    assert (project / "ut.pdf").read_bytes().startswith(b"%PDF-")


def test_the_installed_wheel_writes_a_standalone_comparison(installed: Path, project: Path):
    path = next((project / "agreements").rglob(f"{ID}.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nEn mening som lagts till i arbetskopian.\n", encoding="utf-8")
    _run([installed / "samverkan", "diff", ID, "--format", "html", "--ut", "jmf.html"], cwd=project)
    page = (project / "jmf.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.startswith("<!doctype html>")
    assert '<html lang="sv"' in page
    # the stylesheet is inlined from the package (there is no overrides/ here)
    assert ".sv-dold {" in page and "--sv-jmf-ins-fg" in page
    assert "En mening som lagts till i arbetskopian." in page
