"""The LIX measure's fast paths give exactly what the libraries give (issue 10:
output identical): sentences split with the splitter's patterns compiled once,
and the one-sentence shortcut, compared with the unchanged ``sentence_splitter``
on every paragraph of the sample content, the fixtures, a generated archive and
thousands of random and mutated paragraphs."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from sentence_splitter import SentenceSplitter

from samverkan.lasbarhet import lix, meningar, text
from samverkan.loader import load

from .conftest import CASES, REPO_ROOT

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())
ABBREVIATIONS = [
    line.split("#")[0].strip()
    for line in meningar.ABBREVIATIONS.read_text(encoding="utf-8").splitlines()
    if line.split("#")[0].strip()
]


@pytest.fixture(scope="module")
def library() -> SentenceSplitter:
    """The splitter as the library ships it, nothing replaced."""
    return SentenceSplitter(language="sv", non_breaking_prefix_file=str(meningar.ABBREVIATIONS))


def _expected(library: SentenceSplitter, paragraph: str) -> list[str]:
    """What meningar.sentences gave before its fast paths: the library's split of
    the collapsed paragraph, parts stripped, empty parts left out."""
    collapsed = " ".join(paragraph.split())
    if not collapsed:
        return []
    return [s for s in (part.strip() for part in library.split(collapsed)) if s]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated archive (bench/generate.py), as the benchmarks measure."""
    out = tmp_path_factory.mktemp("generated")
    command = [sys.executable, str(REPO_ROOT / "bench" / "generate.py"), str(out), "--documents", "400", "--seed", "3"]
    subprocess.run(command, check=True, capture_output=True)
    return out


def _roots(generated: Path) -> list[Path]:
    return [REPO_ROOT, CASES.parent / "base", *CASE_DIRS, generated]


def _paragraphs(roots: list[Path]) -> list[str]:
    """Every paragraph of running text and every summary in these archives
    (fixture cases are read as they are: each adds a few documents)."""
    found: list[str] = []
    for root in roots:
        repo, _ = load(root)
        for doc in repo.documents:
            found += [p for s in text.sections(doc.body, doc.body_line) for p in s.paragraphs]
            summary = doc.text("sammanfattning")
            if summary:
                found.append(summary)
    return found


WORDS = [
    "Kommunen", "ansvarar", "för", "hemsjukvård", "Region", "Örebro", "län", "i", "första", "hand", "och",
    "2025", "1", "§", "3", "12", "40", "2023-10-01", "(2017:612)", "SIP", "VVG", "HSL", "U.S.A.", "e-post",
    "x", "Å", "ökar", "漢字", "Ωmega", "50%", "1.", "2)", "a)", "St.",
]  # fmt: skip
# Punctuation glued before or after a word, or standing alone between spaces
BEFORE = ['"', "'", "(", "[", "»", "«", "“", "‘", "¿", "¡", "„", "-", '("', "»("]
AFTER = [
    "?", "!", "...", "…", "..", ".\"", ".'", ".)", ".]", ".»", ".”", "?\"", "!)", ",",
    ":", ";", ")", "\"", "»", "«", "’", "%", ".%", ")\".", "?!", "!?", ". .", " .", " \"", " ?",
]  # fmt: skip
SPACES = [" ", " ", " ", " ", "  ", "\n", "\t", "\u00a0", " \n "]


def _word(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.25:
        core = rng.choice(ABBREVIATIONS)
    elif pick < 0.3:
        core = ""
    else:
        core = rng.choice(WORDS)
    if rng.random() < 0.2:
        core = core.lower() if rng.random() < 0.5 else core.capitalize()
    before = rng.choice(BEFORE) if rng.random() < 0.3 else ""
    pick = rng.random()
    after = "" if pick < 0.4 else "." if pick < 0.65 else rng.choice(AFTER)
    return before + core + after


def _random_paragraphs(rng: random.Random, count: int) -> list[str]:
    found = []
    for _ in range(count):
        words = [_word(rng) for _ in range(rng.randint(1, 14))]
        found.append("".join(w + rng.choice(SPACES) for w in words[:-1]) + words[-1])
    return found


def _mutated(rng: random.Random, paragraphs: list[str], count: int) -> list[str]:
    """Real paragraphs with sentence ends, quotes, abbreviations and case changed."""
    found = []
    for _ in range(count):
        words = rng.choice(paragraphs).split()
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(words))
            action = rng.randrange(4)
            if action == 0:
                words[i] = words[i] + rng.choice(AFTER)
            elif action == 1:
                words[i] = rng.choice(BEFORE) + words[i]
            elif action == 2:
                words.insert(i, _word(rng))
            else:
                words[i] = words[i].swapcase()
        found.append(" ".join(words))
    return found


def test_the_pinned_splitter():
    # The stand-in for its ``regex`` serves the splitter's own code: another
    # version may call something else; these tests show whether it still agrees.
    assert metadata.version("sentence-splitter") == "1.4"


def test_sentences_are_the_libraries_sentences(library: SentenceSplitter, generated: Path):
    paragraphs = _paragraphs(_roots(generated))
    assert len(paragraphs) > 3000
    rng = random.Random(10)
    paragraphs += _random_paragraphs(rng, 6000) + _mutated(rng, paragraphs, 4000)
    shortcut = cut = 0
    for paragraph in paragraphs:
        expected = _expected(library, paragraph)
        collapsed = " ".join(paragraph.split())
        assert meningar._sentences.__wrapped__(collapsed) == tuple(expected), paragraph
        assert meningar.sentences(paragraph) == expected, paragraph
        # each piece split alone by the library: the same sentences
        pieces = meningar._pieces(collapsed) if collapsed else []
        assert [s for piece in pieces for s in _expected(library, piece)] == expected, paragraph
        cut += len(pieces) > 1
        shortcut += sum(meningar._part.__wrapped__(piece) == (piece,) for piece in pieces)
    # every path is taken often: cut, one sentence without the splitter, and the splitter
    assert cut > 3000
    assert shortcut > 3000
    assert sum(len(meningar._pieces(" ".join(p.split()))) for p in paragraphs) > shortcut + 3000


def test_cuts_where_the_splitter_always_ends_a_sentence(library: SentenceSplitter):
    for paragraph, pieces in [
        ("Kommunen ansvarar. Regionen beslutar.", ["Kommunen ansvarar.", "Regionen beslutar."]),
        ("Se bilagan (avtalet). Regionen beslutar.", ["Se bilagan (avtalet).", "Regionen beslutar."]),
        ("Se sjoland-sro-2024-1. Ja", ["Se sjoland-sro-2024-1.", "Ja"]),
        ("Det sa ”ja”. Öppet", ["Det sa ”ja”.", "Öppet"]),
        # not cut: an abbreviation, an acronym, a number, lower case, two periods, quotes after the space
        ("Hej bl.a. Region", ["Hej bl.a. Region"]),
        ("Kontakta A. Berg", ["Kontakta A. Berg"]),
        ("Det gäller U.S.A. Nu", ["Det gäller U.S.A. Nu"]),
        ("Se kap. 3 och kap. Nu", ["Se kap. 3 och kap. Nu"]),
        ("Slut. nu", ["Slut. nu"]),
        ("Slut.. Nu", ["Slut.. Nu"]),
        ('Slut. "Nu', ['Slut. "Nu']),
        ("Vad? Ja. Nej", ["Vad? Ja.", "Nej"]),
    ]:
        assert meningar._pieces(paragraph) == pieces
        assert [s for piece in pieces for s in _expected(library, piece)] == _expected(library, paragraph)


def test_collapsed_text_is_what_splitting_and_joining_gives():
    # Every character str.split splits at, the characters around it, and random text.
    splitting = [chr(c) for c in range(sys.maxunicode + 1) if len(f"a{chr(c)}b".split()) == 2]
    assert " " in splitting and "\xa0" in splitting and "\u3000" in splitting
    for ch in splitting:
        assert ch == " " or not ch.isprintable()
    rng = random.Random(5)
    alphabet = splitting + list("ab .,ÅÄÖéß\u00ad\u200b\u0301") + ["  "]
    texts = ["", " ", "a", "a b", " a", "a ", "a  b", "a\nb", "a\xa0b", "a\u2028b"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    for text_ in texts:
        collapsed = " ".join(text_.split())
        if meningar.collapsed(text_):
            assert collapsed == text_
        assert meningar.pieces(text_) == (meningar._pieces(collapsed) if collapsed else [])


def test_the_compiled_patterns_split_as_the_library_does(library: SentenceSplitter):
    # Also on text the shortcut would have answered and on white space that
    # sentences() collapses: the stand-in alone gives the library's split.
    rng = random.Random(11)
    for paragraph in _random_paragraphs(rng, 3000) + ["", " ", "a", "A. B", "  Slut.  Början  ", "x\n\nY. Z"]:
        assert meningar._split(meningar._splitter(), paragraph) == library.split(paragraph), paragraph


# --- running text by line scan ----------------------------------------------------------------

BLOCK_BODIES = [
    "",
    "\n\n",
    "Ett stycke.\n",
    "# Rubrik\nText direkt under.\nOch en rad till.  \n\n## Nästa ##\n\nMer.",
    "#\n# #\n## a #b\n### c ###   \n#### d\\#\n##### e#\n###### f ##x\n#   \n",
    "####### sju\n",
    "#x\n",
    "Text\n- punkt\n- [[id]] punkt\n* annan lista\n+ tredje\n\n1. ett\n2. två\n3) tre\n",
    "Text\n1. ett\n",
    "Text\n2. två fortsätter stycket\n",
    "Text\n01. noll-ett\n",
    "- punkt\nlat fortsättning\n",
    "- punkt\n  indragen fortsättning\n",
    "- punkt\n\n  eget stycke i punkten\n",
    "- \n- tom\n-\n",
    "- - -\n* * *\n***\n---\n___\n",
    "- # rubrik i punkt\n- > citat\n- 1. inre\n- - inre\n",
    "Setext\n===\n\nOch\n---\n",
    "> citat\nlat\n",
    "```\n# kod\n```\n",
    "~~~\nkod\n~~~\n",
    "    indragen kod\n",
    "  två mellanslag\n",
    "<div>\nhtml\n</div>\n",
    "[x]: /url\n\n[x]\n",
    "[[id]] börjar stycket.\n",
    "| A | B |\n|---|---|\n| 1 | 2 |\n\nEfter tabellen.\n",
    "| A | B |\n|---|---|\n| 1 | 2 |\nrad utan pipa\n",
    "| A | B |\n|---|---|\n# rubrik efter\n",
    "| A | B |\n|:--|--:|\n",
    "| A | B |\n|---|\n",
    "| A |\n|---|---|\n",
    "| A \\| B |\n|---|---|\n",
    "A | B\n|---|---|\n",
    "Text\n| A | B |\n|---|---|\n",
    "# A | B\n|---|---|\n",
    "# Rubrik\n| A | B |\n|---|---|\n| 1 |\n",
    "- A | B\n|---|---|\n",
    "|---|---|\n|---|---|\n",
    "# A | B\n|---|---|\n|---|---|\n",
    "Text\n___\n",
    "Text\n\n___\n",
    "| bara en rad\n",
    "Text | med pipa\n",
    "Text\n\t\ttabb\n",
    "Rad\r\nmed CR\r\n",
    "Noll\0tecken\n",
    "\u00a0\n\u00a0Hårt mellanslag\u00a0\n",
    "2025. Ett årtal först\n1.5 miljoner\n1234567890. stort\n",
    "Sista raden utan radslut",
    "   \nRad efter blanksteg\n  \n",
]
BLOCK_LINES = [
    "# R", "## R ##", "###### sex", "####### sju", "#x", "#", "text", "Text med *betoning* och `kod`.", "", "", "   ",
    "- a", "* b", "+ c", "1. d", "2. e", "1) f", "- ", "-", "- - -", "***", "---", "===", "> q", "```", "~~~",
    "    kod", "  indrag", "<div>", "| a | b |", "|---|---|", "| 1 | 2 |", "a | b", "|---|", ":--|--:", "[x]: /u",
    "[[id]] text", "- # r", "- > q", "- 1. n", "10. tio", "\u00a0", "| \\| |", "|:--|--:|", "_x_", "___", "=x", "~x",
]  # fmt: skip


# What the scan judges, to build bodies of: paragraphs, headings, items, tables
SCANNED_LINES = [
    "# R", "## R ##", "### R #", "# R#", "# R\u00a0", "text", "Mer text.", "Text med [[id]] och *betoning*.", "", "", "", "   ",
    "- a", "- b [länk](x)", "* c", "+ d", "1. e", "2. f", "1) g", "10. h",
    "| A | B |\n|---|---|", "| A | B |\n|:--|--:|\n| 1 | 2 |", "| A |\n|---|\n| 1 |\n| 2 | 3 |",
]  # fmt: skip


def _bodies(generated: Path) -> list[str]:
    found = list(BLOCK_BODIES)
    for root in _roots(generated):
        repo, _ = load(root)
        found += [d.body for d in repo.documents]
    return found


def _mutated_bodies(rng: random.Random, bodies: list[str], count: int) -> list[str]:
    """Bodies with lines put in, taken out, repeated, swapped, indented or glued."""
    found = []
    for _ in range(count):
        lines = rng.choice(bodies).split("\n")
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(lines))
            action = rng.randrange(6)
            if action == 0:
                lines.insert(i, rng.choice(BLOCK_LINES))
            elif action == 1 and len(lines) > 1:
                del lines[i]
            elif action == 2:
                lines.insert(i, lines[i])
            elif action == 3:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            elif action == 4:
                lines[i] = rng.choice(["", " ", "  ", "- ", "1. ", "| ", "# "]) + lines[i]
            else:
                lines[i] = lines[i] + rng.choice(["", " |", " #", "  ", ":", "]:"])
        found.append("\n".join(lines))
    return found


def test_blocks_by_line_scan_are_markdown_its_blocks(generated: Path):
    bodies = _bodies(generated)
    rng = random.Random(12)
    for _ in range(8000):
        lines = [rng.choice(SCANNED_LINES if rng.random() < 0.9 else BLOCK_LINES) for _ in range(rng.randint(1, 12))]
        bodies.append("\n".join(lines))
    bodies += _mutated_bodies(rng, bodies, 4000)
    scanned = 0
    for body in bodies:
        fast = text._scanned_blocks(body)
        if fast is not None:
            scanned += 1
            assert fast == text._parsed_blocks(body), body
    assert scanned > 3000  # the scan judges thousands of bodies …
    assert scanned < len(bodies) - 1000  # … and gives up on many


def test_the_scan_judges_the_usual_bodies(generated: Path):
    repo, _ = load(generated)
    scanned = sum(text._scanned_blocks(d.body) is not None for d in repo.documents)
    assert scanned > 0.9 * len(repo.documents)
    assert text._scanned_blocks(BLOCK_BODIES[3]) == [
        (True, 0, "Rubrik"),
        (False, 1, "Text direkt under.\nOch en rad till."),
        (True, 4, "Nästa"),
        (False, 6, "Mer."),
    ]


# --- words and long words -------------------------------------------------------------------


def test_a_word_is_what_has_a_letter_or_digit():
    # re's [^\W_] is one character that str.isalnum() calls alphanumeric, for every character
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert bool(lix._ALNUM.match(ch)) == ch.isalnum(), hex(code)


def test_words_and_long_words_as_defined(generated: Path):
    def words(sentence: str) -> list[str]:  # the definition: a letter or digit in it
        return [w for w in sentence.split() if any(ch.isalnum() for ch in w)]

    def is_long(word: str) -> bool:  # the definition: more than six letters
        return sum(1 for ch in word if ch.isalpha()) > lix.LONG

    rng = random.Random(13)
    paragraphs = _paragraphs(_roots(generated))
    paragraphs += _random_paragraphs(rng, 3000)
    paragraphs += ["".join(rng.choice("aö1_-.,§²½١ \u00a0ǅ漢") for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    # words with punctuation around and inside them, of six to eight letters
    paragraphs += [
        " ".join("".join(rng.choice("aåÖ1(),.”«»–-'\"§") for _ in range(rng.randint(6, 11))) for _ in range(4))
        for _ in range(20_000)
    ]
    for paragraph in paragraphs:
        assert lix.words(paragraph) == words(paragraph), paragraph
        assert [lix.is_long(w) for w in paragraph.split()] == [is_long(w) for w in paragraph.split()], paragraph
        found = words(paragraph)
        assert lix._word_counts(paragraph) == (len(found), sum(1 for w in found if is_long(w))), paragraph


# --- counted before measured ------------------------------------------------------------------


def test_counts_are_the_measures_counts(generated: Path):
    rng = random.Random(14)
    paragraphs = _paragraphs(_roots(generated)) + _random_paragraphs(rng, 3000)
    for paragraph in paragraphs:
        measure = lix.measure([paragraph])
        assert lix.counts([paragraph]) == (measure.words, measure.long_words, measure.count), paragraph
    for _ in range(2000):
        chosen = rng.sample(paragraphs, rng.randint(0, 6))
        measure = lix.measure(chosen)
        words, long_words, count = lix.counts(chosen)
        assert (words, long_words, count) == (measure.words, measure.long_words, measure.count)
        assert lix.round_half_up(lix.from_counts(words, long_words, count)) == measure.rounded


def test_the_lix_rule_finds_what_measuring_every_section_finds(generated: Path):
    """The rule counts a section first and measures only one that can reach the
    threshold; at every threshold it finds what measuring each section (as the
    rule did before, with lix.document) finds."""
    from samverkan.installningar import Settings
    from samverkan.rules import Context, lasbarhet

    def measured(ctx, doc, name):  # the rule as it was: every section measured
        threshold = ctx.settings.lix_threshold
        for section in lix.document(doc, name).sections:
            measure = section.measure
            if measure.words < lasbarhet.MIN_WORDS or measure.rounded is None or measure.rounded < threshold:
                continue
            yield lasbarhet.finding(doc, section, measure, threshold)

    def name(id_: str) -> str:
        return f"Titel på {id_} enligt överenskommelse"

    reported = 0
    for root in _roots(generated):
        repo, _ = load(root)
        for threshold in (0, 25, 40, 55, 60, 80):
            ctx = Context(repo, dt.date(2026, 1, 15), None, Settings(lix_threshold=threshold))
            for doc in repo.documents:
                found = list(lasbarhet._each(ctx, doc, name))
                assert found == list(measured(ctx, doc, name)), doc.path
                reported += len(found)
    assert reported > 1000
