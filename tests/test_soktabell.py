"""Table text for the search index (issue 12): rows as sentences that keep the cell boundaries."""

from __future__ import annotations

import gzip
import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from samverkan import soktabell
from samverkan.soktabell import readable_tables

from . import sites
from .conftest import BASE

TABLE = """<h2 id="ansvar">Ansvar</h2>
<table>
<thead><tr><th>Parter</th><th>Ansvar</th></tr></thead>
<tbody>
<tr><td>Regionen, 10 000 invånare</td><td>parternas <strong>journalsystem</strong></td></tr>
<tr><td>Kommunerna</td><td>delregional samordning<br>och uppföljning</td></tr>
</tbody>
</table>"""


class _Text(HTMLParser):
    """Visible text (outside ``hidden``) and the hidden copy's paragraphs."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.visible, self.copy = [], []

    def handle_starttag(self, tag, attrs):
        if self.hidden or any(name == "hidden" for name, _ in attrs):
            self.hidden += 1
        if self.hidden and tag == "p":
            self.copy.append("")

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.hidden:
            self.copy[-1] += data
        else:
            self.visible.append(data)


def _read(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def test_each_row_is_a_sentence_naming_its_columns():
    out = readable_tables(TABLE)
    assert _read(out).copy == [
        "Parter: Regionen, 10 000 invånare; Ansvar: parternas journalsystem.",
        "Parter: Kommunerna; Ansvar: delregional samordning och uppföljning.",
    ]
    # the reader's table is unchanged, only left out of the index
    assert "<table data-pagefind-ignore>" in out
    assert out.replace(" data-pagefind-ignore", "").startswith(TABLE)


def test_every_word_of_a_table_stays_searchable():
    html = """<table><caption>Tidplan</caption>
    <tr><th>När</th><th>Vad</th><th>Anmärkning</th></tr>
    <tr><td>Kvartal 1</td><td>Gapanalys &amp; plan</td><td></td></tr>
    <tr><td colspan="2">Hela året: <a href="x/">uppföljning</a></td><td>lokal nivå</td></tr>
    </table>"""
    text = _read(readable_tables(html))
    words = set(re.findall(r"\w+", " ".join(text.visible)))
    assert words <= set(re.findall(r"\w+", " ".join(text.copy))), text.copy
    assert "När: Hela året: uppföljning; Anmärkning: lokal nivå." in text.copy
    assert "Gapanalys & plan" in " ".join(text.copy)


def test_row_headings_and_tables_the_index_already_leaves_out():
    html = (
        "<table><tr><th>Diarienummer</th><td>RS 2024-1</td></tr><tr><th>Beslut</th><td>2024-09-13</td></tr></table>"
        "<table data-pagefind-ignore><tr><td>redan utelämnad</td></tr></table>"
    )
    out = readable_tables(html)
    assert _read(out).copy == ["Diarienummer: RS 2024-1.", "Beslut: 2024-09-13."]
    assert out.count('class="sv-sokrader"') == 1


def test_text_in_the_copy_is_escaped():
    out = readable_tables("<table><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr></table>")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_no_table_no_change():
    html = "<p>Ingen tabell här &amp; inget annat.</p>"
    assert readable_tables(html) is html


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = sites.project(tmp_path_factory.mktemp("sok-tabell"), BASE)
    document = project / "agreements" / "dokument" / "huvudavtal.md"
    text = document.read_text(encoding="utf-8")
    table = (
        "\n\n## Ansvarsfördelning\n\n| Parter | Ansvar |\n|---|---|\n"
        "| Regionen, 10 000 invånare | parternas journalsystem |\n"
        "| Kommunerna | delregional samordning |\n"
    )
    document.write_text(text.rstrip("\n") + table, encoding="utf-8")
    proc = sites.build(project)
    assert proc.returncode == 0, proc.stderr
    return project / "site"


def _fragments(site: Path) -> list[dict]:
    found = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{") :]))
    return found


def test_the_index_reads_a_table_row_with_its_cell_boundaries(built: Path):
    page = next(f for f in _fragments(built) if f["url"].endswith("/huvudavtal/"))
    content = page["content"]
    assert "Parter: Regionen, 10 000 invånare; Ansvar: parternas journalsystem." in content
    assert "Parter: Kommunerna; Ansvar: delregional samordning." in content
    # the table's own cells are not indexed a second time, run together
    assert "invånare. parternas" not in content
    assert content.count("journalsystem") == 1
    # the reader sees the table, not the copy
    html = (built / "huvudavtal" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="sv-sokrader" hidden><p>Parter: Regionen', html)


# pieces of HTML around and in tables, plain and not: what the finder must read as one
# HTMLParser reading the whole fragment reads it
HTML_PIECES = [
    "<p>Text före.</p>\n",
    '<h2 id="a">Rubrik <a class="headerlink" href="#a" title="Länk">¶</a></h2>\n',
    TABLE,
    "<table><tr><td>a</td><td>b<table><tr><td>inre</td></tr></table></td></tr></table>",
    '<TABLE class="x"><TR><TH>Versaler</TH></TR><TR><TD>ja</TD></TR></TABLE>',
    "<table data-pagefind-ignore><tr><td>utelämnad</td></tr></table>",
    "<table/>",
    "<tablex>inte en tabell</tablex>",
    "<!-- <table><tr><td>i en kommentar</td></tr></table> -->",
    '<a title="<table><tr><td>i ett attribut</td></tr></table>">länk</a>',
    "<a title='x > y'>enkla citattecken</a>",
    "<script>var t = '<table><tr><td>skript</td></tr></table>';</script>",
    "<style>td { color: red }</style>",
    "a < b och c > d",
    "&amp; &lt;table&gt; &#169;",
    "<br>\n<br/>\n<img src=x.png alt=bild>",
    "<table><caption>Öppen",
    '<table><thead><tr><th colspan="2">Huvud</th></tr></thead><tr><td>1</td><td>2</td></tr></table>',
    "</table>",
    "<table\n  class='ny-rad'>\n<tr>\n<td>rader</td>\n</tr>\n</table>",
    "<div hidden>gömd</div>",
    "<!DOCTYPE html>",
    '<p\tclass="tab">tabb</p>',
    "<td>lös cell</td>",
]


def _tables_read_whole(html: str):
    finder = soktabell._Finder(html)
    finder.feed(html)
    finder.close()
    return finder.tables


def _fragments_to_compare(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        pages += [html, html[start:end]] if start >= 0 else [html]
    return pages


def test_the_finder_reads_only_the_tables_and_finds_what_reading_everything_finds(built: Path):
    rng = random.Random(12)
    fragments = [
        "".join(rng.choice(HTML_PIECES) + rng.choice(["", "\n", "\n\n", " "]) for _ in range(rng.randint(1, 8)))
        for _ in range(3000)
    ]
    fragments += HTML_PIECES + _fragments_to_compare(built)
    read_in_parts = 0
    for html in fragments:
        expected = _tables_read_whole(html)
        assert soktabell._tables(html) == expected, html
        if expected and not soktabell._RAW.search(html):
            read_in_parts += 1
    assert read_in_parts > 1000  # the fast way was taken, not only the fallback
