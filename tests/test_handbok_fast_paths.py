"""The handbook build's fast paths give exactly what the slow paths give (issue 10:
a faster build keeps today's output)."""

from __future__ import annotations

import random

from samverkan import body
from samverkan.handbok import markup
from samverkan.loader import load
from samverkan.synlighet import View

from .conftest import CASES, REPO_ROOT
from .test_fast_paths import HEADING_BODIES

H1_PIECES = [
    "# R",
    "#",
    "#\tR",
    " # R",
    "   # R",
    "    # R",
    "## R",
    "# R #",
    "#R",
    "text",
    "",
    "- a",
    "  # i",
    "> # c",
    "```",
    "<div>",
    "[a](b) <span>x</span>",
    "===",
    "---",
    "1. # b",
]


def _page_bodies() -> list[str]:
    """What one_h1 and heading_texts are given: hand-written cases, the bodies of
    the sample content and the base fixture as written and as the pages link
    them, and random bodies with headings of every level and place."""
    bodies = list(HEADING_BODIES)
    for root in (REPO_ROOT, CASES.parent / "base"):
        repo, _ = load(root)
        view = View(repo, intern=True)
        for doc in repo.documents:
            bodies.append(doc.body)
            if doc.id:
                bodies.append(markup.body(doc, markup.Linker(view, f"{doc.id}/index.md")))
    rng = random.Random(10)
    bodies += ["\n".join(rng.choice(H1_PIECES) for _ in range(rng.randint(1, 10))) for _ in range(1500)]
    return bodies


def test_headings_by_line_scan_give_the_pages_what_markdown_it_gives(monkeypatch):
    bodies = _page_bodies()
    fast = [(markup.one_h1(text), markup.heading_texts(text)) for text in bodies]
    assert any(markup.one_h1(text) != text for text in bodies)  # some bodies do hold an H1
    monkeypatch.setattr(body, "_simple_headings", lambda text: None)  # markdown-it's parse for every body
    slow = [(markup.one_h1(text), markup.heading_texts(text)) for text in bodies]
    for text, got, expected in zip(bodies, fast, slow, strict=True):
        assert got == expected, text
