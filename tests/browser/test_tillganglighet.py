"""WCAG 2.1 AA with axe-core: no serious or critical violations, light and dark."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import PAGES

AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
BLOCKING = {"serious", "critical"}
# Material animates colour changes; axe must see the final colours.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def axe_violations(page, context=None) -> list[dict]:
    page.add_style_tag(content=NO_TRANSITIONS)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (context) => (await axe.run(context || document, {resultTypes: ['violations']})).violations",
        context,
    )
    return [v for v in result if v["impact"] in BLOCKING]


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            detail = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {detail[:240]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … och {len(v['nodes']) - 8} till")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violations(open_page, name, scheme):
    page, _ = open_page(PAGES[name], scheme=scheme)
    violations = axe_violations(page)
    assert not violations, f"axe på {PAGES[name] or '/'} ({scheme}):\n{report(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_on_a_phone(open_page, name):
    """At 360 px wide, tables and diagrams scroll: they must be reachable by keyboard."""
    page, _ = open_page(PAGES[name], width=360, height=740)
    violations = axe_violations(page)
    assert not violations, f"axe på {PAGES[name] or '/'} (360 px):\n{report(violations)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_search_dialog_with_results(open_page, scheme):
    page, _ = open_page("", scheme=scheme)
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("searchbox", name="Sök i handboken").fill("utskrivningen")
    page.locator("#sv-sok-traffar a").first.wait_for()
    violations = axe_violations(page, "#sv-sok")
    assert not violations, f"axe på sökdialogen ({scheme}):\n{report(violations)}"


@pytest.mark.parametrize("name", ["start", "dokument", "kommun"])
def test_no_horizontal_overflow_on_a_phone(open_page, name):
    page, _ = open_page(PAGES[name], width=360, height=740)
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{PAGES[name] or '/'} är {scroll} px bred i ett {inner} px brett fönster"
