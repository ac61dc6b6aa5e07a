"""The handbook's inline step (samverkan.markdown_fast) gives exactly the HTML of
Python-Markdown's own (issue 10: a faster build keeps today's output)."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as etree

import markdown
import pytest
import yaml
from markdown.inlinepatterns import InlineProcessor

from samverkan import handbok, markdown_fast

from .conftest import REPO_ROOT, TODAY


def _site_extensions() -> tuple[list, dict]:
    """The Markdown extensions and their settings of the handbook's mkdocs.yml."""
    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"!ENV \[[^\]]*\]", "''", text)  # mkdocs' tags, not read here
    names, configs = [], {}
    for item in yaml.safe_load(text)["markdown_extensions"]:
        if isinstance(item, dict):
            ((name, config),) = item.items()
            names.append(name)
            configs[name] = config or {}
        else:
            names.append(item)
    return names, configs


def _convert(texts: list[str], *extra) -> list[str]:
    names, configs = _site_extensions()
    out = []
    for text in texts:
        md = markdown.Markdown(extensions=[*names, *extra], extension_configs=configs)
        out.append(md.convert(text))
    return out


# every inline pattern of Python-Markdown, alone, together, nested, escaped and almost
PIECES = [
    "plain words",
    "`code`",
    "``co`de``",
    "\\`not code\\`",
    "\\\\`x`",
    "\\*not em\\*",
    "[link](../a/index.md)",
    '[link](<b c.md> "title")',
    "[ref][r]",
    "[r]",
    "[r][]",
    "![image](x.png)",
    "![img][r]",
    "![r]",
    "!not an image",
    "[not a link",
    "<https://example.org/a?b=c>",
    "<someone@example.org>",
    "line  \nbreak",
    '<span class="sv">html</span>',
    "<!-- comment -->",
    "a &amp; b &#169; &#x00A9; & c",
    "*em* **strong** ***both***",
    "_em_ __strong__ ___both___",
    "snake_case_word and 2 * 3 * 4",
    " * ",
    " _ ",
    "**[bold link](x.md)**",
    "*[ABBR]: not a definition here",
    "LSS och HSL",
    "text with <b>tag</b> and [a](b.md) and `c` and *d*",
    "a < b > c",
    "a\\b",
    "[x](y.md){: .klass }",
    "{: #id }",
]

DOCUMENTS = [
    "# Rubrik {: #sidrubrik }\n\nText med [länk](a.md) och *betoning*.\n\n*[LSS]: Lagen om stöd och service",
    '<dl class="sv-meta" markdown="1">\n<div markdown="1">\n<dt>A</dt>\n<dd markdown="span">[B](c.md) `d`</dd>\n</div>\n</dl>',
    "| a | b |\n|---|---|\n| [x](y.md) | *z* |\n| plain | `c` |\n| _u_ | &amp; |",
    '!!! note "Titel med *betoning*"\n    Text med [länk](x.md).\n\n??? info "Mer"\n    **Fet** text.',
    "Term\n:   Definition med `kod` och [länk](a.md)\n\n- punkt *ett*\n- punkt __två__\n\n1. ett\n2. två",
    "```\n*inte betoning* [inte länk](x)\n```\n\nefter",
    "> citat med **fet** text  \nny rad",
]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(10)
    texts = []
    for _ in range(count):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 6))]
        joiner = rng.choice([" ", "\n", "\n\n", " | ", "\n- "])
        texts.append("[r]: ../r/index.md\n\n" + joiner.join(parts))
    return texts


def _handbook_pages() -> list[str]:
    """The Markdown of every page the handbook makes of the sample content."""
    built = handbok.check_and_build(REPO_ROOT, TODAY, intern=True)
    pages = [item.markdown for item in built.items if isinstance(item, handbok.Page)]
    assert len(pages) > 50
    return [f"{page}\n\n{built.abbreviations}\n" if built.abbreviations else page for page in pages]


def _docs_pages() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((REPO_ROOT / "docs").rglob("*.md"))]


def test_every_pattern_of_python_markdown_is_known():
    """Otherwise the fast path would try every pattern (right, but no faster)."""
    md = markdown.Markdown(extensions=_site_extensions()[0])
    unknown = [
        name for name in md.inlinePatterns._priority if markdown_fast.needs(md.inlinePatterns[name.name]) is None
    ]
    assert unknown == []


@pytest.mark.parametrize(
    "source",
    ["pieces", "documents", "random", "handbook", "docs"],
)
def test_the_fast_inline_step_gives_python_markdowns_html(source):
    texts = {
        "pieces": lambda: PIECES,
        "documents": lambda: DOCUMENTS,
        "random": lambda: _random_texts(800),
        "handbook": _handbook_pages,
        "docs": _docs_pages,
    }[source]()
    expected = _convert(texts)
    got = _convert(texts, markdown_fast.FastInlineExtension())
    for text, a, b in zip(texts, got, expected, strict=True):
        assert a == b, text


class _Percent(InlineProcessor):
    """A pattern of another extension: %%word%% becomes <mark>word</mark>."""

    def handleMatch(self, m, data):  # noqa: N802
        el = etree.Element("mark")
        el.text = m.group(1)
        return el, m.start(0), m.end(0)


class _PercentExtension(markdown.extensions.Extension):
    def extendMarkdown(self, md):  # noqa: N802
        md.inlinePatterns.register(_Percent(r"%%(\w+)%%", md), "percent", 175)


def test_a_pattern_it_does_not_know_is_always_tried():
    texts = ["a %%word%% b", "`x` %%y%% *z*", "[%%in%%](link.md)"]
    expected = _convert(texts, _PercentExtension())
    got = _convert(texts, _PercentExtension(), markdown_fast.FastInlineExtension())
    assert got == expected
    assert "<mark>word</mark>" in got[0]


def test_the_extension_has_the_same_name_in_every_build():
    """The page caches' keys hold the extensions' repr (plugins/handbok/sidor.py)."""
    assert repr(markdown_fast.FastInlineExtension()) == repr(markdown_fast.FastInlineExtension())
    assert "0x" not in repr(markdown_fast.FastInlineExtension())
