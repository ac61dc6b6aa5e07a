"""The package as installed outside a checkout (e.g. by pre-commit in another
repository, .pre-commit-hooks.yaml): every subpackage and the schemas ship."""

from __future__ import annotations

import tomllib

from .conftest import REPO_ROOT


def _setuptools() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed():
    source = REPO_ROOT / "scripts"
    found = {
        ".".join(init.parent.relative_to(source).parts)
        for init in source.rglob("__init__.py")
        if "egg-info" not in str(init)
    }
    listed = set(_setuptools()["packages"])
    assert found <= listed, f"lägg till i pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"


def test_schemas_ship_inside_the_package():
    config = _setuptools()
    assert config["package-dir"]["samverkan.schemas"] == "schemas"
    assert "samverkan.schemas" in config["packages"]
    assert config["package-data"]["samverkan.schemas"] == ["*.schema.json"]
    assert list((REPO_ROOT / "schemas").glob("*.schema.json"))


def test_non_python_files_of_the_package_ship():
    """Files the code opens beside itself (the export's batch.lua, every
    template in templates/) are package data; a missing one fails only when installed."""
    patterns = _setuptools()["package-data"]["samverkan"]
    package = REPO_ROOT / "scripts" / "samverkan"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    needed = {
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert needed <= shipped, f"lägg till i [tool.setuptools.package-data]: {sorted(map(str, needed - shipped))}"
