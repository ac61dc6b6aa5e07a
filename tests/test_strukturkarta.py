"""The structure map page: per region a diagram of the reporting lines and one of
the kommuner's delregions and kommunalförbund, each followed by the same content
as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from samverkan.handbok import layout, paths, strukturkarta
from samverkan.handbok.context import Handbook
from samverkan.loader import load

from .conftest import BASE, FIXTURES, REPO_ROOT, TODAY, golden

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
BLOCK = re.compile(r'^<div class="sv-karta"[^>\n]*>\n(<svg .*?</svg>)\n</div>$', re.S | re.M)
# the Markdown extensions of mkdocs.yml that touch raw HTML, lists and tables
EXTENSIONS = ["abbr", "admonition", "md_in_html", "attr_list", "def_list", "tables", "toc"]


def render(root: Path) -> str:
    repo, _ = load(root)
    pages = list(strukturkarta.pages(Handbook.create(repo, TODAY)))
    assert [(p.path, p.title) for p in pages] == [(paths.STRUKTURKARTA, "Strukturkarta")]
    return pages[0].markdown


@pytest.fixture(scope="module")
def text() -> str:
    return render(BASE)


def section(text: str, region: str) -> str:
    """The part of the page under the region's heading."""
    return text.split(f"\n## {region}\n", 1)[1].split("\n## ", 1)[0]


def diagrams(part: str) -> tuple[ET.Element, ET.Element]:
    arenas, members = (ET.fromstring(svg) for svg in BLOCK.findall(part))
    return arenas, members


def boxes(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("data-id"): a for a in svg.iter(f"{SVG}a")}


def rect(box: ET.Element) -> tuple[float, float, float, float]:
    r = box.find(f"{SVG}rect")
    return tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def test_every_region_has_a_section_in_registry_order(text):
    assert re.findall(r"^## (.+)$", text, re.M) == ["Region Test", "Region Annan"]


def test_one_box_per_arena_of_the_region_linking_to_its_page(text):
    arenas, _ = diagrams(section(text, "Region Test"))
    found = boxes(arenas)
    assert sorted(found) == sorted(["politik", "ledning", "lg-norr", "lg-syd", "nsg-a", "ag"])
    for id_, box in found.items():
        # xlink:href, not href: Material's instant navigation re-assigns every
        # [href] of a loaded page, which throws on an SVG <a>
        assert box.get(XLINK_HREF) == f"../{id_}/"
        assert box.get("href") is None
    other, _ = diagrams(section(text, "Region Annan"))
    assert list(boxes(other)) == ["arena-x"]


def test_a_box_shows_name_and_level_and_is_labelled(text):
    arenas, _ = diagrams(section(text, "Region Test"))
    box = boxes(arenas)["lg-norr"]
    assert box.get("aria-label") == "Ledningsgrupp Norr, delregional nivå"
    assert "".join(box.itertext()).count("Ledningsgrupp Norr") == 2  # <title> and the box
    assert "sv-karta__arena--delregional" in box.get("class")


def test_an_arrow_per_reporting_line_from_the_lower_box_to_the_bottom_of_the_upper(text):
    arenas, _ = diagrams(section(text, "Region Test"))
    found = boxes(arenas)
    arrows = [p for p in arenas.iter(f"{SVG}path") if p.get("class") == "sv-karta__pil"]
    assert sorted((p.get("data-from"), p.get("data-to")) for p in arrows) == sorted(
        [
            ("ledning", "politik"),
            ("lg-norr", "ledning"),
            ("lg-syd", "ledning"),
            ("ag", "ledning"),
            ("nsg-a", "lg-norr"),
        ]
    )
    for p in arrows:
        x, y, w, h = rect(found[p.get("data-to")])
        assert rect(found[p.get("data-from")])[1] > y  # top-down: the arena reported to is above
        assert p.get("d").endswith(f"V{layout.num(y + h + 2)}")
        assert p.get("marker-end") == "url(#sv-karta-pil-reg)"


def test_the_text_list_is_the_same_tree(text):
    part = section(text, "Region Test")
    items = re.findall(r"^( *)- \[[^]]+\]\(\.\./([^/]+)/index\.md\) \((\w+) nivå\)$", part, re.M)
    assert [(len(indent) // 4, id_, level) for indent, id_, level in items] == [
        (0, "politik", "regional"),
        (1, "ledning", "regional"),
        (2, "lg-norr", "delregional"),
        (3, "nsg-a", "lokal"),
        (2, "lg-syd", "delregional"),
        (2, "ag", "regional"),
    ]


def table(part: str) -> list[list[str]]:
    rows = [line for line in part.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_the_table_has_every_kommun_and_marks_mismatches(text):
    rows = table(section(text, "Region Test"))
    assert rows[0] == ["Kommun", "Delregion", "Kommunalförbund", "Anmärkning"]
    by_kommun = {re.search(r"\(\.\./(\w+)/", r[0]).group(1): r for r in rows[1:]}
    assert sorted(by_kommun) == ["ka", "kb", "kc"]
    # kf-norr has one member in each delregion: each is the odd one out
    assert by_kommun["ka"][0].endswith(r" \*")
    assert "hör till [Samverkan Syd](../syd/index.md)" in by_kommun["ka"][3]
    assert "hör till [Samverkan Norr](../norr/index.md)" in by_kommun["kc"][3]
    assert by_kommun["kb"] == ["[B\\-by](../kb/index.md)", "[Samverkan Norr](../norr/index.md)", "–", "–"]
    # no kommunalförbund and no mismatch: no empty columns
    assert table(section(text, "Region Annan")) == [
        ["Kommun", "Delregion"],
        ["[X\\-hamn](../kx/index.md)", "[Samverkan Annan](../d2/index.md)"],
    ]


def test_the_membership_diagram_marks_mismatches_with_text_not_colour_alone(text):
    _, members = diagrams(section(text, "Region Test"))
    assert members.get("role") == "img"
    kommuner = {g.get("data-id"): g for g in members.iter(f"{SVG}g") if "sv-karta__kommun" in g.get("class")}
    assert {k: "".join(g.itertext()).strip() for k, g in kommuner.items()} == {
        "ka": "A-stad *",
        "kb": "B-by",
        "kc": "C-köping *",
    }
    assert "* Annan delregion" in "".join(members.itertext())
    lines = [line.get("class") for line in members.iter(f"{SVG}line")]
    assert len(lines) == 3 + 2  # every kommun to its delregion, two to their kommunalförbund
    assert lines.count("sv-karta__linje sv-karta__linje--avvikande") == 2


def test_lilla_edet_in_the_sample_content():
    part = section(render(REPO_ROOT), "Västra Götalandsregionen")
    arenas, members = diagrams(part)
    assert len(boxes(arenas)) == 26  # 5 regional, 6 delregional ledningsgrupper, 15 närsjukvårdsgrupper
    placed = [rect(b) for b in boxes(arenas).values()]
    for n, (x, y, w, h) in enumerate(placed):
        for x2, y2, w2, h2 in placed[n + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "boxes overlap"
    rows = table(part)[1:]
    assert len(rows) == 49
    odd = [r[0] for r in rows if r[-1] != "–"]
    assert odd == [r"[Lilla Edets kommun](../lilla-edet/index.md) \*"]
    width = float(members.get("viewBox").split()[2])
    assert width <= 800 and float(arenas.get("viewBox").split()[2]) <= 900  # readable on a page


def test_diagrams_are_single_raw_html_blocks_that_markdown_leaves_alone(text):
    blocks = BLOCK.findall(text)
    assert len(blocks) == 4
    for svg in blocks:
        assert "\n\n" not in svg and "\n " not in svg
    html = markdown.markdown(text.split("---\n", 2)[2], extensions=EXTENSIONS)
    for svg in blocks:
        assert svg in html


def test_ids_are_unique_and_labels_point_at_them(text):
    ids = re.findall(r' id="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    for svg in BLOCK.findall(text):
        root = ET.fromstring(svg)
        assert root.get("role") in ("img", "group")
        for ref in root.get("aria-labelledby").split():
            assert ref in ids


def test_names_are_escaped_in_the_svg(base_repo: Path):
    arenas = base_repo / "agreements" / "organisation" / "arenor.yml"
    arenas.write_text(
        arenas.read_text(encoding="utf-8").replace("namn: Arbetsgrupp\n", "namn: 'Arbetsgrupp <script>\"A & B\"'\n"),
        encoding="utf-8",
    )
    text = render(base_repo)
    assert "<script>" not in text
    svg = BLOCK.findall(text)[0]
    assert "Arbetsgrupp &lt;script&gt;&#34;A &amp; B&#34;" in svg
    ET.fromstring(svg)  # still well-formed


def test_a_reporting_loop_is_cut_not_followed():
    roots, children = layout.forest(["a", "b", "c", "d"], {"a": "c", "b": "a", "c": "b", "d": "x"})
    assert roots == ["d", "a"]
    assert children == {"a": ["b"], "b": ["c"], "c": [], "d": []}


def test_leaf_siblings_are_stacked_in_one_column():
    rects, bus = layout.tree(["r"], {"r": ["a", "b", "c"], "a": ["a1"], "b": [], "c": []})
    assert set(bus) == {"b", "c"}
    assert rects["b"].x == rects["c"].x and rects["c"].y > rects["b"].y
    assert rects["a1"].y > rects["a"].y > rects["r"].y


def test_golden(text):
    assert text == golden(FIXTURES / "handbok" / "strukturkarta.md", text)
