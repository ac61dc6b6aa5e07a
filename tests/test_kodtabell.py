"""Every finding code the validator can emit is documented, and every documented code exists.

The codes are read from the source (the code argument of ``error``/``warning``/``emit``/
``Finding`` and of the exception classes that become findings) and compared with the
tables under "Alla fynd" in docs/innehallsmodell/validering.md, so that an editor can look
up every ``error[kod]`` the text report prints.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "samverkan"
DOC = ROOT / "docs" / "innehallsmodell" / "validering.md"

CODE = re.compile(r"^[a-zåäö0-9]+(-[a-zåäö0-9]+)*$")
# the position of the code among the positional arguments
CODE_ARGUMENT = {"error": 2, "warning": 2, "info": 2, "emit": 0, "Finding": 4}
# parts of the tool that are not the validator: their codes never reach `samverkan validate`
NOT_VALIDATOR = ("ny", "importera", "exportera", "jamforelse", "handbok", "plugins", "cli", "historik")


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _candidates(node: ast.Call, name: str) -> list[ast.AST]:
    found = [k.value for k in node.keywords if k.arg == "code"]
    if name in CODE_ARGUMENT and len(node.args) > CODE_ARGUMENT[name]:
        found.append(node.args[CODE_ARGUMENT[name]])
    elif name.endswith("Error"):
        found.extend(node.args)
    return found


def codes_in_source() -> dict[str, set[str]]:
    """code → the modules that emit it."""
    codes: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in NOT_VALIDATOR:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or (name := _callee(node)) is None:
                continue
            for candidate in _candidates(node, name):
                for sub in ast.walk(candidate):
                    is_code = isinstance(sub, ast.Constant) and isinstance(sub.value, str) and CODE.match(sub.value)
                    if is_code and (name in CODE_ARGUMENT or "-" in sub.value):
                        codes.setdefault(sub.value, set()).add(str(relative))
    return codes


def codes_in_docs() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    tables = text.split("## Alla fynd", 1)[1]
    return set(re.findall(r"^\| `([^`]+)` \|", tables, re.M))


def test_the_source_emits_codes():
    # guards the extraction itself: if it found nothing, the comparison below would prove nothing
    codes = codes_in_source()
    assert {"okänd-nyckel", "schemafel", "yaml-syntax", "revision-försenad"} <= set(codes)


def test_every_code_in_the_source_is_documented():
    missing = {code: sorted(where) for code, where in codes_in_source().items() if code not in codes_in_docs()}
    assert not missing, f"koder som saknas i {DOC.relative_to(ROOT)} (tabellerna under 'Alla fynd'): {missing}"


def test_every_documented_code_exists_in_the_source():
    stale = sorted(codes_in_docs() - set(codes_in_source()))
    assert not stale, f"koder i {DOC.relative_to(ROOT)} som inget i koden ger: {stale}"
