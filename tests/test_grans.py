"""The boundaries the README promises, checked on the import graph of the package.

- only ``plugins/`` imports mkdocs: the core must survive a move to another site generator;
- nothing outside ``cli/`` imports ``cli/``: the command line is a thin layer over the core;
- ``exportera/`` never imports ``handbok/``: the export and the site both build on the
  shared layer below them (``wording``, ``linking``, ``status``), not on each other;
- no import cycles between the package's modules (imports for type checking only aside).
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


def _imports(path: Path, modules: frozenset[str] = frozenset()) -> set[str]:
    """Absolute names of everything the module imports (relative imports
    resolved), at run time: imports under ``if TYPE_CHECKING:`` do not count.
    ``from p import m`` of a submodule ``m`` imports ``p.m``."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for child in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & modules
            names.update(submodules)
            if len(submodules) < len(node.names):
                names.add(base)
    return names


def graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    known = frozenset(modules)
    return {
        name: {i for i in _imports(path, known) if i in modules or i.split(".")[0] != "samverkan"}
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


def test_the_export_never_imports_the_handbook():
    offenders = {
        m: sorted(i for i in imports if _inside(i, "samverkan.handbok"))
        for m, imports in graph().items()
        if _inside(m, "samverkan.exportera")
    }
    assert {m: i for m, i in offenders.items() if i} == {}


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among the package's modules, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(edges[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child) :] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(edges.get(child, ())))))
    return None


def test_no_import_cycles():
    edges = {m: {i for i in imports if _inside(i, "samverkan") and i != m} for m, imports in graph().items()}
    # a package's __init__ importing its own submodules is how packages are made
    edges = {m: {i for i in targets if not _inside(i, m)} for m, targets in edges.items()}
    found = _cycle(edges)
    assert found is None, " → ".join(found or [])
