"""History on the site: /<id>/historik/, every version, ready-made comparisons,
the document page's "Senast ändrad" and in-force banner, the picker's data,
what a public build may show, and how the mkdocs plugin treats a project
without git and a shallow clone.

The pages are built by :func:`samverkan.handbok.build` from real git
repositories (:mod:`tests.historik_repo`: fixed authors and dates), made from
the base fixture project with a document committed through its lifecycle.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from samverkan import handbok, historik, loader
from samverkan.checker import check
from samverkan.handbok import Asset, Page

from .conftest import BASE, FIXTURES, TODAY, golden
from .historik_repo import CET, GitRepo
from .test_site_build import _build, _project

GOLDEN = FIXTURES / "historik_sidor"

# --------------------------------------------------------------------------
# The lifecycle repository, shared with tests/test_diff_cli.py

ID = "samordnad-utskrivning"
OLD_PATH = f"agreements/dokument/{ID}.md"
NEW_PATH = f"agreements/rutiner/{ID}.md"

TEMPLATE = """---
id: samordnad-utskrivning
typ: avtal
titel: Rutin för samordnad utskrivning
{front}nivå: regional
region: reg
parter: [reg, ka, kb, kc]
dokumentägare: ledning
---
# Rutin för samordnad utskrivning

## Syfte

{syfte}

## Tidplan

| När | Vad | Vem |
|---|---|---|
| Kvartal 1 | Kartläggning av flöden | ledning |
| {cell} | Utbildning av personal | kommunerna |
"""
DECIDED = (
    'status: fastställd\nversion: "1.0"\nfastställd: 2024-09-13\nfastställd_av: Politiskt samrådsorgan\n'
    "giltig_från: 2025-01-01\ngiltig_till: 2026-12-31\n"
)
# (commit day, message, author, path, front matter, Syfte, table cell); None: a pure move
LIFECYCLE = [
    (
        "2024-03-01",
        "Första utkast",
        "Anna Andersson",
        OLD_PATH,
        'status: utkast\nversion: "0.1"\n',
        "Rutinen beskriver hur patienter skrivs ut.",
        "Kvartal 2",
    ),
    (
        "2024-04-02",
        "Skicka på remiss",
        "Bo Berg",
        OLD_PATH,
        'status: remiss\nversion: "1.0 remiss"\n',
        "Rutinen beskriver hur patienter skrivs ut tryggt.",
        "Kvartal 3",
    ),
    (
        "2024-09-16",
        "Fastställd i samrådsorganet",
        "Anna Andersson",
        OLD_PATH,
        DECIDED,
        "Rutinen beskriver hur patienter skrivs ut tryggt och säkert.",
        "Kvartal 3",
    ),
    ("2024-10-01", "Flytta rutinen", "Cecilia Ek", NEW_PATH, None, None, None),
    (
        "2025-10-01",
        "Ny upplaga på remiss",
        "Anna Andersson",
        NEW_PATH,
        'status: remiss\nversion: "2.0 remiss"\ngiltig_från: 2027-01-01\n'
        "remiss:\n  från: 2025-10-01\n  till: 2025-11-30\n  instanser: [alla kommuner]\n",
        "Rutinen beskriver hur patienter skrivs ut tryggt, säkert och samordnat.",
        "Kvartal 4",
    ),
]


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=CET)


def lifecycle_text(front: str, syfte: str, cell: str) -> str:
    return TEMPLATE.format(front=front, syfte=syfte, cell=cell)


def build_lifecycle(root: Path) -> list[str]:
    """The base fixture project committed (version 1 of every base document) and
    then ``samordnad-utskrivning`` through LIFECYCLE; the shas, oldest first
    (the base commit first)."""
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    shas = [repo.commit("Grunddata", when=at("2024-02-01"))]
    path = OLD_PATH
    for day, message, author, target, front, syfte, cell in LIFECYCLE:
        if front is None:
            repo.move(path, target)
        else:
            repo.write(target, lifecycle_text(front, syfte, cell))
        path = target
        shas.append(repo.commit(message, author=author, when=at(day)))
    return shas


def build(root: Path, intern: bool = False) -> dict[str, Page | Asset]:
    repo, _ = loader.load(root)
    items = handbok.build(repo, TODAY, intern=intern, history=historik.read(root))
    return {item.path: item for item in items}


def text_of(item: Page | Asset) -> str:
    return item.markdown if isinstance(item, Page) else item.content.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("livscykel") / "arkiv"
    build_lifecycle(root)
    return root


@pytest.fixture(scope="module")
def site(lifecycle: Path) -> dict[str, Page | Asset]:
    return build(lifecycle)


def page(site: dict, path: str) -> str:
    assert path in site, f"{path} is missing; pages of the document: {sorted(p for p in site if p.startswith(ID))}"
    return text_of(site[path])


def test_the_lifecycle_repository_is_valid(lifecycle: Path):
    assert check(lifecycle, TODAY).findings == []  # the pages below show a project that passes validation


# --------------------------------------------------------------------------
# /<id>/historik/


def test_history_page_lists_every_version_newest_first(site):
    text = page(site, f"{ID}/historik/index.md")
    table = text.split("## Alla versioner", 1)[1]
    rows = re.findall(r"^\| \[(\d+)\]\(\.\./version/\d+/index\.md\) \| ([^|]+?) \|", table, re.M)
    # the document's date where it gives one; the pure move (2024-10-01) is no version
    assert rows == [
        ("4", "remisstid 2025-10-01 – 2025-11-30"),
        ("3", "fastställd 2024-09-13"),
        ("2", "anges inte"),
        ("1", "anges inte"),
    ]
    assert "4 versioner i arkivets historik" in text
    assert '2024-04-02 av Bo Berg: "Skicka på remiss"' in text
    assert (
        f"Därefter flyttad från `{OLD_PATH}` till `{NEW_PATH}` 2024-10-01 av Cecilia Ek" in text
    )  # the move is a note on the version it moved


def test_history_page_has_milestones_and_what_is_in_force(site):
    text = page(site, f"{ID}/historik/index.md")
    milestones = text.split("## Milstolpar", 1)[1].split("##", 1)[0]
    assert re.findall(r"^- \*\*(.+?)\*\* – \[(.+?)\]", milestones, re.M) == [
        ("Remissversion", "version 2"),  # no remiss period in the document: no date made up from the commit
        (r"Fastställd 2024\-09\-13", "version 3"),  # the decision's date, not the commit's
        (r"Remissversion, remisstid 2025\-10\-01 – 2025\-11\-30", "version 4"),  # the document's remiss period
    ]
    assert "(inget datum i dokumentet; incheckad 2024-04-02)" in milestones
    assert "**Gäller i dag (2026-01-15):** [Version 3 (fastställd 2024-09-13)](../version/3/index.md)." in text
    assert (
        "| Gäller 2025-01-01 – 2026-12-31 | [Version 3 (fastställd 2024-09-13)](../version/3/index.md) | 1\\.0 |"
    ) in text
    # the "what applied on" form carries the periods as JSON for the browser, and the build date for the tense
    embedded = re.search(
        r'<form class="sv-gallde" data-sv-gallde data-sv-perioder="([^"]*)" data-sv-idag="2026-01-15"', text
    )
    assert json.loads(html.unescape(embedded.group(1))) == [
        {
            "start": "2025-01-01",
            "end": "2026-12-31",
            "label": "Version 3 (fastställd 2024-09-13)",
            "href": "../version/3/index.md",
        },
    ]


def test_history_page_golden(site):
    text = page(site, f"{ID}/historik/index.md")
    assert text == golden(GOLDEN / "historik.md", text)


# --------------------------------------------------------------------------
# /<id>/version/<n>/

IN_FORCE = "I dag gäller [version 3 (fastställd 2024-09-13)](../3/index.md)."
BANNERS = {  # version -> what its banner must say
    1: ('!!! warning "Äldre version"', IN_FORCE),
    2: ('!!! warning "Äldre version"', IN_FORCE),
    3: ('!!! warning "Äldre version"', "Den här versionen gäller i dag, men det finns en nyare version i arbete."),
    4: ('!!! info "Senaste versionen"', f'den senaste versionen i arkivet: "Ny upplaga på remiss". {IN_FORCE}'),
}
# version -> its entry in LIFECYCLE (the move, entry 3, made no version)
ENTRY = {1: 0, 2: 1, 3: 2, 4: 4}


@pytest.mark.parametrize("number", sorted(BANNERS))
def test_every_version_has_a_page_with_its_own_text_and_banner(site, number: int):
    text = page(site, f"{ID}/version/{number}/index.md")
    kind, says = BANNERS[number]
    assert kind in text and says in text
    assert "[Versionshistorik](../../historik/index.md)" in text
    _, _, _, _, front, syfte, cell = LIFECYCLE[ENTRY[number]]
    assert syfte in text and f"| {cell} | Utbildning av personal | kommunerna |" in text
    label = re.search(r'version: "(.*)"', front).group(1)
    assert f'<dt>Version</dt>\n<dd markdown="span">{label.replace(".", chr(92) + ".")}</dd>' in text


def test_version_pages_show_the_fields_of_that_version(site):
    decided = page(site, f"{ID}/version/3/index.md")
    assert "Fastställd (Fastställd 2024\\-09\\-13)" in decided
    assert "2025-01-01 – 2026-12-31" in decided and "2024-09-13 av Politiskt samrådsorgan" in decided
    assert '<dt>Dokumentets datum</dt>\n<dd markdown="span">Fastställd 2024-09-13</dd>' in decided
    assert '<dt>Incheckad i arkivet</dt>\n<dd markdown="span">2024-09-16 av Anna Andersson</dd>' in decided
    remiss = page(site, f"{ID}/version/2/index.md")
    assert "Remiss (Remissversion)" in remiss and "Fastställt" not in remiss
    assert '<dt>Dokumentets datum</dt>\n<dd markdown="span">Anges inte i dokumentet</dd>' in remiss
    assert f"{ID}/version/5/index.md" not in site and f"{ID}/version/0/index.md" not in site


# --------------------------------------------------------------------------
# /<id>/jamfor/<a>-<b>/


def test_ready_made_comparisons(site):
    made = sorted(p for p in site if p.startswith(f"{ID}/jamfor/"))
    assert made == [f"{ID}/jamfor/{pair}/index.md" for pair in ("1-2", "2-3", "3-4")]
    history = page(site, f"{ID}/historik/index.md")
    assert "[Remiss → fastställd: version 2 → 3](../jamfor/2-3/index.md)" in history
    assert "[Senast fastställd → senaste version: version 3 → 4](../jamfor/3-4/index.md)" in history
    assert "[Mot föregående version: version 1 → 2](../jamfor/1-2/index.md)" in history


def test_comparison_page_shows_the_word_changes_once_in_one_view_at_a_time(site):
    text = page(site, f"{ID}/jamfor/1-2/index.md")
    assert (
        "Mot föregående version: från [version 1 (utkast, incheckad 2024-03-01)](../../version/1/index.md) (utkast) "
        "till [version 2 (remiss, incheckad 2024-04-02)](../../version/2/index.md) (remiss)."
    ) in text
    assert "**Sammanfattning:** 2 avsnitt ändrade; status utkast → remiss; version 0\\.1 → 1\\.0 remiss" in text
    # the changed table cell, word by word, once in each view; the changed fields once
    cell = (
        '<td>Kvartal <del><span class="sv-dold">Borttaget: </span>2</del>'
        '<ins><span class="sv-dold">Tillagt: </span>3</ins></td>'
    )
    inline, side = text.split('<div class="sv-jmf-vy sv-jmf-vy--sida-vid-sida">')
    assert inline.split('<div class="sv-jmf-vy sv-jmf-vy--inline">')[1].count(cell) == 1
    assert 'skrivs ut<ins><span class="sv-dold">Tillagt: </span> tryggt</ins>.' in inline
    assert "sv-jmf--sida-vid-sida" in side and "sv-jmf--inline" not in side
    assert text.count("Ändrade uppgifter") == 1 and text.count('class="sv-jmf__falt"') == 1
    # the toggle: two radio buttons in a fieldset, inline chosen, no script needed
    assert '<input type="radio" name="sv-jmf-vy" id="sv-jmf-vy-inline" value="inline" checked>' in text
    assert '<input type="radio" name="sv-jmf-vy" id="sv-jmf-vy-sida" value="sida-vid-sida">' in text
    assert "## Sida vid sida" not in text


def test_remiss_to_decided_comparison(site):
    text = page(site, f"{ID}/jamfor/2-3/index.md")
    assert text.startswith('---\ntitle: "Rutin för samordnad utskrivning: version 2 → 3"')
    assert "Remiss → fastställd: från [version 2 (remiss, incheckad 2024-04-02)]" in text
    assert '<tr><th scope="row">Status</th><td>remiss</td><td>fastställd</td></tr>' in text
    assert '<tr><th scope="row">Giltig från</th><td>(saknas)</td><td>2025-01-01</td></tr>' in text
    # the content model's order: status, version, fastställd, fastställd av, giltig från, giltig till
    labels = re.findall(r'<tr><th scope="row">([^<]+)</th>', text)
    assert labels == ["Status", "Version", "Fastställd", "Fastställd av", "Giltig från", "Giltig till"]


# --------------------------------------------------------------------------
# The document page and the picker's data


def test_document_page_says_when_it_changed_and_which_version_is_in_force(site):
    text = page(site, f"{ID}/index.md")
    assert (
        '<dt>Senast ändrad</dt>\n<dd markdown="span">2025-10-01 · [Versionshistorik](historik/index.md)</dd>'
    ) in text
    assert (
        '!!! note "En annan version gäller i dag"\n    Sidan visar den senaste versionen (remiss). '
        "I dag gäller [version 3](version/3/index.md), fastställd 2024-09-13."
    ) in text
    assert (
        '<dt>Jämför</dt>\n<dd markdown="span">[Remissen mot beslutet (version 2 → 3)](jamfor/2-3/index.md)</dd>'
    ) in text


def test_a_document_whose_newest_version_is_in_force_has_no_banner(site):
    text = page(site, "huvudavtal/index.md")
    # decided: the decision and validity lead, the archive's date comes second
    assert (
        '<dd markdown="span">Fastställd 2024-09-13 · gäller 2025-01-01 – 2028-12-31 · ändrad i arkivet 2024-02-01 · '
        "[Versionshistorik](historik/index.md)</dd>"
    ) in text
    assert "En annan version gäller i dag" not in text
    history = page(site, "huvudavtal/historik/index.md")
    assert "1 version i arkivets historik" in history and "## Jämför två versioner" not in history
    assert not any(p.startswith("huvudavtal/jamfor/") for p in site)


def test_picker_data_has_every_version_with_fields_and_sections(site):
    data = json.loads(page(site, f"{ID}/historik/versioner.json"))
    assert data["id"] == ID
    assert [v["number"] for v in data["versions"]] == [1, 2, 3, 4]
    assert [v["status"] for v in data["versions"]] == ["Utkast", "Remiss", "Fastställd", "Remiss"]
    assert data["versions"][1]["label"] == "Version 2 (remiss, incheckad 2024-04-02)"
    fields = data["versions"][2]["fields"]
    assert fields["values"]["giltig_från"]["shown"] == "2025-01-01" and "giltig_från" in fields["keys"]
    assert fields["values"]["parter"]["kind"] == "list" and "ka" in [s for _, s in fields["values"]["parter"]["items"]]
    # compared values travel as tokens: equal values, equal tokens
    same = [v["fields"]["values"]["parter"]["plain"] for v in data["versions"]]
    assert len(set(same)) == 1 and same[0] != "reg, ka, kb, kc"
    for version in data["versions"]:
        headings = [s["heading"] for s in version["sections"]]
        assert headings == ["Rutin för samordnad utskrivning", "Syfte", "Tidplan"]
    table = data["versions"][1]["sections"][2]["blocks"][0]
    assert table["kind"] == "table" and ["Kvartal 3", "Utbildning av personal", "kommunerna"] in table["rows"]


def test_no_history_no_history_pages(lifecycle: Path):
    repo, _ = loader.load(lifecycle)
    items = handbok.build(repo, TODAY)
    assert not [i.path for i in items if "/historik/" in i.path or "/version/" in i.path or "/jamfor/" in i.path]
    document = next(i for i in items if i.path == f"{ID}/index.md")
    assert "Senast ändrad" not in document.markdown and "En annan version gäller" not in document.markdown


def broken_links(site: dict[str, Page | Asset], prefix: str) -> list[tuple[str, str]]:
    """Relative Markdown links on the pages under ``prefix`` whose target the build does not make."""
    broken = []
    for path, item in site.items():
        if not path.startswith(prefix) or not isinstance(item, Page):
            continue
        # a comparison's changes are HTML without links (markdown="0"): only its header has links
        text = item.markdown.split("\n## Ändringar\n")[0]
        for target in re.findall(r"\]\(<?([^)\s>]+)", text):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target.split("#")[0]))
            if resolved not in site:
                broken.append((path, target))
    return broken


def test_history_pages_link_only_to_pages_the_build_makes(site):
    assert broken_links(site, f"{ID}/") == []


def test_old_versions_do_not_link_files_that_are_gone(tmp_path: Path):
    """A replaced attachment stays linked in the old version's text; the link
    would be broken (and fail the strict build), so the old version shows its text."""
    root = tmp_path / "arkiv"
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    bilaga = root / "agreements" / "dokument" / "huvudavtal-bilaga-1.md"
    original = bilaga.read_text(encoding="utf-8")
    bilaga.write_text(
        original + '\nSe [originalet](bilaga-2024.pdf "PDF") och ![karta](karta.png).\n\n'
        "Läs [det gamla][g] eller [g][].\n\n[g]: <bilaga-2024.pdf>\n",
        encoding="utf-8",
    )
    repo.write("agreements/dokument/bilaga-2024.pdf", b"%PDF-1.4\n")
    repo.write("agreements/dokument/karta.png", b"\x89PNG\r\n")
    repo.commit("Bilagan med originalet")
    bilaga.write_text(original + "\nSe [originalet](bilaga-2025.pdf) och ![karta](karta.png).\n", encoding="utf-8")
    repo.remove("agreements/dokument/bilaga-2024.pdf")
    repo.write("agreements/dokument/bilaga-2025.pdf", b"%PDF-1.5\n")
    repo.commit("Nytt original")

    site = build(root)

    old = page(site, "huvudavtal-bilaga-1/version/1/index.md")
    assert "Se originalet och ![karta](../../../filer/dokument/karta.png)." in old  # the image is still published
    assert "Läs det gamla eller g." in old and "bilaga-2024" not in old
    new = page(site, "huvudavtal-bilaga-1/version/2/index.md")
    assert "Se [originalet](../../../filer/dokument/bilaga-2025.pdf)" in new
    assert broken_links(site, "huvudavtal-bilaga-1/") == []


# --------------------------------------------------------------------------
# Privacy: a public build shows only what it may


def _avtal(id_: str, titel: str, body: str, extra: str = "") -> str:
    return (
        f"---\nid: {id_}\ntyp: avtal\ntitel: {titel}\nstatus: utkast\nnivå: regional\nregion: reg\n"
        f"parter: [reg, ka]\ndokumentägare: ledning\n{extra}---\n{body}"
    )


INTERN = "publicering: intern\n"
LATER_PUBLIC = "agreements/dokument/lakemedel.md"  # intern in versions 1-2, public in 3-4
NOW_INTERN = "agreements/dokument/stangd.md"  # public in version 1, intern in version 2
REFERS = "agreements/dokument/samrad.md"  # version 1 refers to intern-pm (intern in the base project)
REFERRING_BODY = (
    "# Syfte\n\nSe [[intern-pm]] och [[intern-pm|förmötet]].\n\n"
    "## Om [[intern-pm#dagordning]]\n\n| Vad | Var |\n|---|---|\n| Möte | [[intern-pm\\|förmötet]] |\n"
)
PRIVACY = [  # one commit per row: (path, text)
    [
        (LATER_PUBLIC, _avtal("lakemedel", "Arbetsnamn Hemlig", "# Syfte\n\nHEMLIG FORMULERING ALFA.\n", INTERN)),
        (NOW_INTERN, _avtal("stangd", "Tidigare öppen rutin", "# Syfte\n\nÖPPEN TEXT BETA.\n")),
        (REFERS, _avtal("samrad", "Samråd om vårdplanering", REFERRING_BODY, "relaterade: [intern-pm]\n")),
    ],
    [
        (LATER_PUBLIC, _avtal("lakemedel", "Arbetsnamn Hemlig", "# Syfte\n\nHEMLIG FORMULERING GAMMA.\n", INTERN)),
        (NOW_INTERN, _avtal("stangd", "Tidigare öppen rutin", "# Syfte\n\nINTERN TEXT DELTA.\n", INTERN)),
        (REFERS, _avtal("samrad", "Samråd om vårdplanering", "# Syfte\n\nSamråd sker i arbetsgruppen.\n")),
    ],
    [(LATER_PUBLIC, _avtal("lakemedel", "Rutin för läkemedel", "# Syfte\n\nRutinen gäller läkemedel.\n"))],
    [(LATER_PUBLIC, _avtal("lakemedel", "Rutin för läkemedel", "# Syfte\n\nRutinen gäller läkemedel i hemmet.\n"))],
]
# what the public site may never contain
SECRETS = (
    "HEMLIG FORMULERING",
    "Arbetsnamn Hemlig",
    "ÖPPEN TEXT BETA",
    "INTERN TEXT DELTA",
    "Tidigare öppen rutin",
    "stangd",
    "intern-pm",
    "Internt förberedande möte",
    "Intern förberedelse",
)


@dataclass
class Privacy:
    root: Path
    public: dict[str, Page | Asset]
    internal: dict[str, Page | Asset]


@pytest.fixture(scope="module")
def privacy(tmp_path_factory) -> Privacy:
    root = tmp_path_factory.mktemp("integritet") / "arkiv"
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    repo.commit("Grunddata")
    for number, commit in enumerate(PRIVACY, start=1):
        for path, text in commit:
            repo.write(path, text)
        repo.commit(f"Ändring {number}")
    assert check(root, TODAY).errors == []
    return Privacy(root, build(root), build(root, intern=True))


def test_public_build_shows_only_the_public_versions_renumbered(privacy: Privacy):
    site = privacy.public
    expected = historik.public(historik.read(privacy.root)).of("lakemedel")
    assert [(v.number, v.commit.message) for v in expected] == [(1, "Ändring 3"), (2, "Ändring 4")]
    assert sorted(p for p in site if p.startswith("lakemedel/version/")) == [
        "lakemedel/version/1/index.md",
        "lakemedel/version/2/index.md",
    ]
    assert sorted(p for p in site if p.startswith("lakemedel/jamfor/")) == ["lakemedel/jamfor/1-2/index.md"]
    history = page(site, "lakemedel/historik/index.md")
    assert "2 versioner i arkivets historik" in history and "Ändring 1" not in history
    assert "Rutinen gäller läkemedel.\n" in page(site, "lakemedel/version/1/index.md")
    data = json.loads(page(site, "lakemedel/historik/versioner.json"))
    assert [v["number"] for v in data["versions"]] == [1, 2]


def test_public_build_has_no_trace_of_intern_text_anywhere(privacy: Privacy):
    for path, item in privacy.public.items():
        text = text_of(item)
        for secret in SECRETS:
            assert secret not in text, (secret, path)


def test_a_document_intern_now_has_no_pages_at_all(privacy: Privacy):
    assert not [p for p in privacy.public if p.startswith("stangd/")]
    assert "stangd/historik/index.md" in privacy.internal  # it has a history; the public build hides it


def test_old_versions_mask_references_to_intern_documents(privacy: Privacy):
    site = privacy.public
    version = page(site, "samrad/version/1/index.md")
    assert "Se \\(internt dokument\\) och \\(internt dokument\\)." in version
    assert "## Om \\(internt dokument\\)" in version and "| Möte | \\(internt dokument\\) |" in version
    comparison = page(site, "samrad/jamfor/1-2/index.md")
    assert '<tr><th scope="row">Relaterade</th><td>Borttagna: (internt dokument)</td><td>–</td></tr>' in comparison
    assert "Se (internt dokument) och (internt dokument).</del>" in comparison
    data = page(site, "samrad/historik/versioner.json")
    assert "Se (internt dokument) och (internt dokument)." in data and "Om (internt dokument)" in data
    for path in [p for p in site if p.startswith("samrad/")]:
        text = text_of(site[path])
        assert "intern-pm" not in text and "Internt förberedande möte" not in text, path


def test_internal_build_shows_everything(privacy: Privacy):
    site = privacy.internal
    assert sorted(p for p in site if p.startswith("lakemedel/version/")) == [
        f"lakemedel/version/{n}/index.md" for n in (1, 2, 3, 4)
    ]
    assert "HEMLIG FORMULERING ALFA." in page(site, "lakemedel/version/1/index.md")
    assert "INTERN TEXT DELTA." in page(site, "stangd/version/2/index.md")
    version = page(site, "samrad/version/1/index.md")
    assert "[Internt förberedande möte](../../../intern-pm/index.md)" in version
    assert "[förmötet](../../../intern-pm/index.md)" in version
    assert "Relaterade</th><td>Borttagna: intern-pm</td>" in page(site, "samrad/jamfor/1-2/index.md")


# --------------------------------------------------------------------------
# The mkdocs plugin: no git, shallow clone (two full builds)


def test_a_project_without_git_builds_strict_without_history(tmp_path: Path):
    project = _project(tmp_path, BASE)
    proc = _build(project)
    assert proc.returncode == 0, proc.stderr
    assert "inte roten i ett git-arkiv" in proc.stderr  # said, as information
    site = project / "site"
    assert (site / "huvudavtal" / "index.html").is_file()
    assert not (site / "huvudavtal" / "historik").exists() and not (site / "huvudavtal" / "version").exists()
    assert "Senast ändrad" not in (site / "huvudavtal" / "index.html").read_text(encoding="utf-8")


def test_a_shallow_clone_fails_the_strict_build_and_says_how_to_fix_it(tmp_path: Path):
    project = _project(tmp_path, BASE)
    repo = GitRepo(project)
    repo.commit("Grunddata")
    bilaga = project / "agreements" / "dokument" / "huvudavtal-bilaga-1.md"
    bilaga.write_text(bilaga.read_text(encoding="utf-8") + "\nTillägg.\n", encoding="utf-8")
    repo.commit("Ändra bilagan")
    clone = repo.shallow_clone(tmp_path / "grund")
    proc = _build(clone)
    assert proc.returncode != 0
    # the one warning, and so the reason --strict fails, is the history's
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, proc.stderr
    assert "Historiken är ofullständig" in warnings[0]
    assert "fetch-depth: 0" in warnings[0] and "git fetch --unshallow" in warnings[0]
    assert "Traceback" not in proc.stderr


def test_old_versions_do_not_name_an_intern_document_that_was_removed(tmp_path: Path):
    root = tmp_path / "arkiv"
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    repo.write("agreements/dokument/borta.md", _avtal("borta", "Borttagen intern PM", "# Syfte\n\nX.\n", INTERN))
    repo.write(
        REFERS, _avtal("samrad", "Samråd om vårdplanering", "# Syfte\n\nSe [[borta]].\n", "relaterade: [borta]\n")
    )
    repo.commit("Med intern PM")
    repo.remove("agreements/dokument/borta.md")
    repo.write(REFERS, _avtal("samrad", "Samråd om vårdplanering", "# Syfte\n\nSamråd sker i arbetsgruppen.\n"))
    repo.commit("PM:en borttagen")

    site = build(root)

    assert "Se \\(internt dokument\\)." in page(site, "samrad/version/1/index.md")
    for path in [p for p in site if p.startswith("samrad/")]:
        assert "borta" not in text_of(site[path]), path


def test_comparisons_show_references_as_readers_see_them():
    """The sample's own history: a table cell written [[styrgrupp-vard-i-hemmet\\|Styrgruppen]]
    reads "Styrgruppen" in the comparison and in the picker's data, never as [[…]]."""
    from .conftest import REPO_ROOT

    site = build(REPO_ROOT)
    comparison = page(site, "vard-i-hemmet-2025-bilaga-1/jamfor/2-3/index.md")
    assert "<td>Styrgruppen</td>" in comparison and "[[" not in comparison
    data = page(site, "vard-i-hemmet-2025-bilaga-1/historik/versioner.json")
    assert "Styrgruppen" in data and "[[styrgrupp" not in data and "[[vvg" not in data


def test_a_meeting_note_leads_with_the_meeting_not_the_archive(tmp_path: Path):
    from .historik_repo import document

    repo = GitRepo(tmp_path / "arkiv")
    shutil.copytree(BASE / "agreements", repo.root / "agreements")
    note = document("ledning-2017-09-07", typ="mötesanteckning", status="justerad", datum="2017-09-07", arena="ledning")
    repo.write("agreements/dokument/ledning-2017-09-07.md", note)
    repo.commit("Arkivet", when=dt.datetime(2026, 11, 24, 10, tzinfo=CET))
    site = build(repo.root)
    text = page(site, "ledning-2017-09-07/index.md")
    assert "Möte 2017-09-07 · ändrad i arkivet 2026-11-24 · [Versionshistorik](historik/index.md)" in text
