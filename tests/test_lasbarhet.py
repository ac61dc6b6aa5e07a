"""The plain-language measure: Swedish sentences, LIX on running text only, the
validator's information finding and where its threshold is set.

Every expected LIX below was counted by hand (words, words with more than six
letters, sentences); the comments show the count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samverkan import reporters
from samverkan.checker import check
from samverkan.cli import main
from samverkan.lasbarhet import lix, meningar, text
from samverkan.loader import load, parse_document

from .conftest import CASES, REPO_ROOT, TODAY, build_case


def _doc(body: str):
    document, findings = parse_document("agreements/x.md", f"---\nid: x\ntyp: avtal\ntitel: X\n---\n{body}")
    assert document is not None and not findings
    return document


# --- sentences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # abbreviations inside a sentence, before lower and upper case
        (
            "Kommunen ansvarar t.ex. för hemsjukvård. Regionen ansvarar bl.a. för läkarinsatser, dvs. medicinska bedömningar.",
            [
                "Kommunen ansvarar t.ex. för hemsjukvård.",
                "Regionen ansvarar bl.a. för läkarinsatser, dvs. medicinska bedömningar.",
            ],
        ),
        (
            "Parterna, dvs. Region Örebro län och kommunerna, beslutar. Avtalet gäller bl.a. Hallsberg.",
            ["Parterna, dvs. Region Örebro län och kommunerna, beslutar.", "Avtalet gäller bl.a. Hallsberg."],
        ),
        # before a number only: chapter, month, page
        (
            "Se 3 kap. 1 § hälso- och sjukvårdslagen. Avtalet gäller fr.o.m. 1 jan. 2025 t.o.m. 31 dec. 2028.",
            ["Se 3 kap. 1 § hälso- och sjukvårdslagen.", "Avtalet gäller fr.o.m. 1 jan. 2025 t.o.m. 31 dec. 2028."],
        ),
        # an ordinary word before a period ends the sentence ("hand" is no abbreviation here)
        (
            "Kommunen ansvarar i första hand. Därefter regionen.",
            ["Kommunen ansvarar i första hand.", "Därefter regionen."],
        ),
        ("Vem ansvarar? Kommunen! Så är det.", ["Vem ansvarar?", "Kommunen!", "Så är det."]),
    ],
)
def test_sentences(paragraph: str, expected: list[str]):
    assert meningar.sentences(paragraph) == expected


def test_sentences_of_the_sample_content():
    """Real sentences of the sample content, split where a reader would."""
    repo, _ = load(REPO_ROOT)

    def paragraphs(id_: str) -> list[str]:
        doc = repo.document(id_)
        return [p for s in text.sections(doc.body, doc.body_line) for p in s.paragraphs]

    plan = paragraphs("projektplan-gemensam-plan-primarvard")
    # "osv." ends this sentence: the next one begins with a capital letter
    group = next(p for p in plan if p.startswith("Referensgrupp:"))
    assert meningar.sentences(group) == [
        "Referensgrupp: Vid behov sammankallas funktioner från habilitering, psykiatri, MAS, MAR, sluten "
        "specialiserad somatisk vård, folkhälsoråd, tillgänglighetsråd, pensionärsråd, elevhälsa, ekonomi, "
        "beredningsgrupp samverkansavtal osv.",
        "Fungerar som referenser och sakkunniga i särskilda ämnen eller områden.",
    ]
    # a date and a question with a parenthesis after it
    evaluation = next(p for p in plan if p.startswith("Finns beslutad"))
    assert meningar.sentences(evaluation) == ["Finns beslutad gemensam skriftlig plan 2023-10-01?", "(Ja/nej)"]
    # "(2017:612)" and "1 januari 2018" are inside one sentence
    notes = paragraphs("nsg-uddevalla-2017-09-07")
    law = next(p for p in notes if p.startswith("Lagen (2017:612)"))
    assert meningar.sentences(law) == [
        "Lagen (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård träder i kraft 1 januari 2018.",
        "Gruppen diskuterade hur kommunen och vårdcentralerna förbereder sig och vilket stöd som behövs från "
        "NU-sjukvården.",
    ]
    # "m.m." inside a parenthesis followed by lower case does not end the sentence
    registry = (REPO_ROOT / "agreements" / "organisation" / "organisationer-vastra-gotaland.yml").read_text("utf-8")
    assert "barnavårdscentraler m.m.) inom" in registry
    assert len(meningar.sentences("Vårdcentraler (barnavårdscentraler m.m.) inom vårdvalet VG Primärvård.")) == 1


# --- LIX, counted by hand ----------------------------------------------------------------


def test_lix_with_abbreviations():
    # Kommunen* ansvarar* t.ex. för hemsjukvård*            5 words, 3 long
    # Regionen* ansvarar* bl.a. för läkarinsatser* dvs.
    #   medicinska* bedömningar*                            8 words, 5 long
    # 13 / 2 + 100 × 8 / 13 = 6.5 + 61.54 = 68.04
    m = lix.measure(
        [
            "Kommunen ansvarar t.ex. för hemsjukvård. Regionen ansvarar bl.a. för läkarinsatser, dvs. medicinska bedömningar."
        ]
    )
    assert (m.words, m.long_words, m.count) == (13, 8, 2)
    assert m.value == pytest.approx(13 / 2 + 100 * 8 / 13)
    assert (m.rounded, m.band) == (68, "mycket svår")


def test_lix_of_a_list():
    # Kommunen* ska:                       2 words, 1 long (each list item ends a sentence)
    # ordna hemtjänst*                     2 words, 1 long
    # ge insatser* av sjuksköterska*       4 words, 2 long
    # följa upp.                           2 words, 0 long
    # 10 / 4 + 100 × 4 / 10 = 2.5 + 40 = 42.5 → 43 (halves up)
    doc = _doc("Kommunen ska:\n\n- ordna hemtjänst\n- ge insatser av sjuksköterska\n- följa upp.\n")
    m = lix.document(doc).whole
    assert [s.text for s in m.sentences] == [
        "Kommunen ska:",
        "ordna hemtjänst",
        "ge insatser av sjuksköterska",
        "följa upp.",
    ]
    assert (m.words, m.long_words, m.count) == (10, 4, 4)
    assert (m.rounded, m.band) == (43, "medelsvår")


def test_lix_counts_running_text_only():
    """Not the front matter, headings, tables, code or link targets; a reference
    counts as the title a reader sees."""
    body = (
        "# Ansvarsfördelningsöverenskommelse\n\n"
        "Läs [avtalet](https://example.se/ansvarsfordelningsoverenskommelse.pdf) noga. "
        "Kör `samverkan validate --strikt` sedan.\n\n"
        "| Part | Ansvarsområden |\n|---|---|\n| Regionen | Läkarinsatser, specialistsjukvård |\n\n"
        "    kodblock medlångaordsomintesyns\n\n"
        "<!-- Skriv syftet med överenskommelsen här -->\n\n"
        "![Organisationsschema över samverkansstrukturen](karta.png)\n\n"
        "Se [[huvudavtal]].\n"
    )
    # Läs avtalet* noga.                                   3 words, 1 long
    # Kör sedan.                                           2 words, 0 long
    # Se Huvudavtal* om hälso- och sjukvård*.              6 words, 2 long
    # 11 / 3 + 100 × 3 / 11 = 3.67 + 27.27 = 30.94 → 31
    m = lix.document(_doc(body), {"huvudavtal": "Huvudavtal om hälso- och sjukvård"}.get).whole
    assert [s.text for s in m.sentences] == ["Läs avtalet noga.", "Kör sedan.", "Se Huvudavtal om hälso- och sjukvård."]
    assert (m.words, m.long_words, m.count, m.rounded, m.band) == (11, 3, 3, 31, "lätt")


def test_sections_and_longest_sentences():
    doc = _doc(
        "Inledning utan rubrik.\n\n## Ansvar\n\nKort mening. En betydligt längre mening med fler ord i.\n\n## Tom\n\n"
    )
    measured = lix.document(doc)
    assert [(s.heading, s.line) for s in measured.sections] == [(None, 6), ("Ansvar", 8)]
    assert [s.text for s in measured.sections[1].measure.longest(2)] == [
        "En betydligt längre mening med fler ord i.",
        "Kort mening.",
    ]


@pytest.mark.parametrize(
    ("value", "band"),
    [(None, None), (0, "lätt"), (39, "lätt"), (40, "medelsvår"), (50, "svår"), (59, "svår"), (60, "mycket svår")],
)
def test_bands(value, band):
    assert lix.band(value) == band


def test_no_words_no_lix():
    m = lix.measure(["— … —", ""])
    assert m.value is None and m.rounded is None and m.band is None


# --- the validator -------------------------------------------------------------------------


def test_information_never_fails(tmp_path: Path, capsys):
    root = build_case(CASES / "lix-högt", tmp_path / "repo")
    result = check(root, today=TODAY)
    assert [f.code for f in result.findings] == ["lix-högt"] and result.infos == result.findings
    assert not result.failed(strict=True)
    assert main(["validate", "--root", str(root), "--strikt", "--idag", "2026-01-15"]) == 0
    out, err = capsys.readouterr()
    assert "info[lix-högt]" in out and err.endswith(
        "0 fel, 0 varningar, 1 upplysningar i 7 dokument och 19 registerposter\n"
    )
    assert reporters.github(result.findings).startswith(
        "::notice file=agreements/dokument/huvudavtal-bilaga-1.md,line=15"
    )
    assert json.loads(reporters.json_(result.findings))[0]["severity"] == "info"


def _with_mkdocs(root: Path, options: str) -> None:
    (root / "mkdocs.yml").write_text(
        "site_name: x\nrepo_url: !ENV [SAMVERKAN_REPO_URL, 'https://example.se']\n"
        "plugins:\n  - search\n  - samverkan:\n      intern: !ENV [SAMVERKAN_INTERN, false]\n" + options,
        encoding="utf-8",
    )


def test_threshold_from_mkdocs_yml(tmp_path: Path):
    root = build_case(CASES / "lix-högt", tmp_path / "repo")
    _with_mkdocs(root, "      lix_threshold: 90\n")
    assert check(root, today=TODAY).findings == []
    _with_mkdocs(root, "      lix_threshold: 85\n")  # the section's LIX is 85: at the threshold counts
    assert [f.code for f in check(root, today=TODAY).findings] == ["lix-högt"]
    assert "gränsen är 85" in check(root, today=TODAY).findings[0].message


@pytest.mark.parametrize("value", ["sextio", "0", "[60]"])
def test_a_wrong_threshold_is_an_error_on_its_line(tmp_path: Path, value: str):
    root = build_case(CASES / "__none__", tmp_path / "repo")
    _with_mkdocs(root, f"      lix_threshold: {value}\n")
    found = check(root, today=TODAY).findings
    assert [(f.path, f.line, f.severity.value, f.code) for f in found] == [
        ("mkdocs.yml", 7, "error", "ogiltig-inställning")
    ]
    assert "lix_threshold: 60" in found[0].message


def test_the_plugin_accepts_the_threshold():
    from samverkan.plugins.handbok.config import HandbokConfig

    config = HandbokConfig()
    config.load_dict({"lix_threshold": 55})
    failed, _ = config.validate()
    assert not failed and config.lix_threshold == 55
