"""The boundaries the README promises, checked on the import graph of the package.

- only ``plugins/`` imports mkdocs: the core must survive a move to another site generator;
- nothing outside ``cli/`` imports ``cli/``: the command line is a thin layer over the core.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "samverkan"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of everything the module imports (relative imports resolved)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            names.add(base)
            # `from . import x` imports the submodule x
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {i for i in _imports(path) if i in modules or i.split(".")[0] != "samverkan"}
        for name, path in modules.items()
    }


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_only_the_plugin_imports_mkdocs():
    offenders = {
        m: sorted(i for i in imports if _inside(i, "mkdocs") or _inside(i, "material"))
        for m, imports in graph().items()
        if not _inside(m, "samverkan.plugins")
    }
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_core_never_imports_the_command_line():
    offenders = {
        m: sorted(i for i in imports if _inside(i, "samverkan.cli"))
        for m, imports in graph().items()
        if not _inside(m, "samverkan.cli") and m != "samverkan.__main__"
    }
    assert {m: i for m, i in offenders.items() if i} == {}
