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
