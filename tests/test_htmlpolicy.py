"""The HTML policy: what the validator reports in a body, and what the build removes."""

from __future__ import annotations

import pytest

from samverkan import htmlpolicy


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_code_urls_are_dangerous(url):
    assert htmlpolicy.dangerous_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org/", "../filer/a.pdf", "#rubrik", "mailto:a@b.se", "javascript.pdf"]
)
def test_ordinary_urls_are_not(url):
    assert not htmlpolicy.dangerous_url(url)


def test_scan_names_lines_and_ignores_code():
    body = "\n".join(
        [
            "ok <b>fet</b>",
            "<script>x()</script>",
            "```",
            "<script>i kod</script>",
            "```",
            "`<img onerror=x>` text",
            '<p><img src="a.png" onload="x()"></p>',
            "",
            "[a](javascript:x())",
        ]
    )
    found = [(p.line, p.kind) for p in htmlpolicy.scan(body)]
    assert found == [(1, "element"), (6, "attribut"), (8, "url")]


def test_sanitize_removes_what_runs_and_keeps_the_rest():
    dirty = (
        '<p class="a">text <strong>fet</strong></p><script>alert(1)</script>'
        '<img src="x.png" alt="b" onerror="alert(2)"><a href="javascript:alert(3)">l</a>'
        '<a href="../x/">ok</a><details open><summary>s</summary>d</details>'
        '<td style="text-align: right; background: url(javascript:alert(4))">1</td>'
    )
    clean = htmlpolicy.sanitize(dirty)
    assert "<script" not in clean and "alert(1)" not in clean
    assert "onerror" not in clean and "javascript:" not in clean
    assert '<p class="a">text <strong>fet</strong></p>' in clean
    assert '<a href="../x/">ok</a>' in clean
    assert '<details open=""><summary>s</summary>d</details>' in clean
    assert '<img src="x.png" alt="b">' in clean


def _link_bodies() -> list[str]:
    """Bodies with links to code and to ordinary places, written every way
    markdown-it reads a link target (plain, <…>, reference definitions, images,
    escapes, entities, capitals, blanks and control characters)."""
    import random

    from samverkan.loader import load

    from .conftest import CASES, REPO_ROOT

    bodies = []
    for root in [REPO_ROOT, *sorted(p for p in CASES.iterdir() if p.is_dir())]:
        bodies += [doc.body for doc in load(root)[0].documents]
    schemes = ["javascript:", "JaVaScRiPt:", "vbscript:", "VBSCRIPT:", "data:", "DaTa:", "data:text/html,", "ſcript:"]
    schemes += ["java\\script:", "javascript\\:", "java script:", "java\tscript:", "java\x01script:", "java\x7fscript:"]
    schemes += ["&#106;avascript:", "&#x6A;avascript:", "&Jscr;", "dat&#97;:", "javas&#99;ript:", "%6Aavascript:"]
    schemes += ["javascript", "data", " javascript:", "\u0130script:"]
    ordinary = ["https://", "mailto:", "", "../", "#", "bilagor/", "%20", "\\", "(", "skript:", "dat:"]
    targets = ["x()", "text/html,<b>", "image/svg+xml,x", "application/x", "a.pdf", "alert(1)", ""]
    forms = ["[a]({})", "![b]({})", "[a](<{}>)", "[a]({} 'titel')", "[r]: {}", "[r]: <{}>", "<{}>", "[a]( {} )"]
    forms += ["`[a]({})`", "    [a]({})", "[a][r]\n\n[r]: {}", "[a](({}))", "[a]({}\n)", "[\n]({})"]
    rng = random.Random(21)
    for _ in range(6000):
        lines = []
        for _ in range(rng.randint(1, 4)):
            url = rng.choice(schemes if rng.random() < 0.3 else ordinary) + rng.choice(targets)
            lines.append(rng.choice(["", "Text ", "- ", "> ", "1. "]) + rng.choice(forms).format(url))
        bodies.append("\n".join(lines))
    return bodies


def test_bodies_passed_over_are_bodies_without_problems():
    """scan() parses only a body that has HTML, an entity or a scheme's letters
    with its links; every other body gives what the whole parse gives."""
    passed_over = parsed = 0
    for body in _link_bodies():
        found = htmlpolicy._scan(body)
        assert htmlpolicy.scan(body) == found, body
        if "<" not in body and ("](" in body or "]:" in body):
            if htmlpolicy._no_code_url(body):
                passed_over += 1
                assert found == [], body
            else:
                parsed += 1
    assert passed_over > 1000 and parsed > 1000
