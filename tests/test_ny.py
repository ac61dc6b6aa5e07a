"""`samverkan new`: every type yields a document the validator accepts, with a
fresh id, in a sensible folder, never overwriting a file by accident."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from samverkan import ny
from samverkan.checker import check
from samverkan.cli import main
from samverkan.loader import load

from .conftest import FIXTURES, TODAY, golden

NY_GOLDEN = FIXTURES / "ny"

# One call per type; TODAY (and --datum) keep the output deterministic.
TYPES = {
    "avtal": ny.Options(title="Överenskommelse om psykisk hälsa", arena="ledning"),
    "bilaga": ny.Options(title="Bilaga 2 Rutin för SIP", parent="huvudavtal"),
    "uppdragshandling": ny.Options(title="Uppdrag: gemensam plan för SIP", commissioner="lg-norr", arena="nsg-a"),
    "mötesanteckning": ny.Options(arena="ag", date=dt.date(2026, 1, 20)),
}
EXPECTED_PATHS = {
    "avtal": "agreements/dokument/overenskommelse-om-psykisk-halsa.md",
    "bilaga": "agreements/dokument/huvudavtal-bilaga-2.md",
    "uppdragshandling": "agreements/dokument/uppdrag-gemensam-plan-for-sip.md",
    "mötesanteckning": "agreements/dokument/ag-2026-01-20.md",
}


def make(root: Path, typ: str, options: ny.Options | None = None, **changes) -> tuple[str, str]:
    options = options or ny.Options()
    for key, value in {"today": TODAY, **changes}.items():
        setattr(options, key, value)
    repo, _ = load(root)
    path, text = ny.create(repo, typ, options)
    ny.write(root, path, text, force=options.force)
    return path, text


def errors_in(root: Path) -> list:
    return check(root, today=TODAY).errors


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("typ", list(TYPES))
def test_each_type_creates_a_valid_document(typ: str, base_repo: Path):
    path, text = make(base_repo, typ, ny.Options(**vars(TYPES[typ])))
    assert path == EXPECTED_PATHS[typ]
    assert (base_repo / path).read_text(encoding="utf-8") == text
    result = check(base_repo, today=TODAY)
    # valid, but unfinished: every instruction left in it is a warning at its line
    assert {f.code for f in result.findings} == {"mall-text"}, [f.message for f in result.findings]
    assert not result.errors
    lines = text.splitlines()
    assert sorted(f.line for f in result.findings) == [
        n for n, line in enumerate(lines, 1) if line.startswith("<!-- Skriv")
    ]
    assert all(f.path == path for f in result.findings)
    assert text == golden(NY_GOLDEN / f"{typ}.md", text)
    for line in text.splitlines():
        if line.startswith("## "):
            continue
        assert "Skriv" not in line or line.startswith("<!-- Skriv")


def test_regional_avtal_defaults(base_repo: Path):
    _, text = make(base_repo, "avtal", title="Ny överenskommelse", arena="ledning")
    assert "nivå: regional\nregion: reg\nparter:\n  - reg\n  - ka\n  - kb\n  - kc\n" in text
    assert "status: utkast\n" in text


def test_scope_inferred_from_delregion_and_lokal_arena(base_repo: Path):
    _, text = make(base_repo, "avtal", title="Tillämpning syd", arena="lg-norr", delregion="syd")
    assert "nivå: delregional\nregion: reg\ndelregion: syd\nparter:\n  - reg\n  - kc\n" in text
    _, text = make(base_repo, "avtal", title="Lokal rutin", arena="nsg-a", parties=["ka", "kb", "sjukhus"])
    assert (
        "nivå: lokal\nregion: reg\ndelregion: norr\nkommuner:\n  - ka\n  - kb\nparter:\n  - ka\n  - kb\n  - sjukhus\n"
        in text
    )
    assert errors_in(base_repo) == []


def test_ids_are_made_unique(base_repo: Path):
    assert make(base_repo, "avtal", title="Huvudavtal", arena="ledning")[0].endswith("/huvudavtal-2.md")
    assert make(base_repo, "avtal", title="Huvudavtal!", arena="ledning")[0].endswith("/huvudavtal-3.md")
    # a handbook page name is never an id
    assert make(base_repo, "avtal", title="Kalender", arena="ledning")[0].endswith("/kalender-2.md")
    first = make(base_repo, "mötesanteckning", arena="ag", date=dt.date(2025, 1, 10))[0]
    second = make(base_repo, "mötesanteckning", arena="ag", date=dt.date(2025, 1, 10))[0]
    assert (first, second) == ("agreements/dokument/ag-2025-01-10.md", "agreements/dokument/ag-2025-01-10-2.md")
    assert errors_in(base_repo) == []


def test_bilaga_takes_the_next_number(base_repo: Path):
    make(base_repo, "bilaga", title="Andra bilagan", parent="huvudavtal")
    path, text = make(base_repo, "bilaga", title="Tredje bilagan", parent="huvudavtal")
    assert path == "agreements/dokument/huvudavtal-bilaga-3.md"
    assert "nummer: 3\n" in text
    with pytest.raises(ny.NewDocumentError, match="har redan en bilaga 1"):
        make(base_repo, "bilaga", title="Krock", parent="huvudavtal", number=1)


def test_refuses_to_overwrite_unless_forced(base_repo: Path, capsys):
    occupied = base_repo / "agreements" / "dokument" / "nytt-avtal.md"
    occupied.write_text("---\nid: annat-id\ntyp: bilaga\n---\n", encoding="utf-8")
    args = [
        "new",
        "avtal",
        "--root",
        str(base_repo),
        "--titel",
        "Nytt avtal",
        "--arena",
        "ledning",
        "--today",
        "2026-01-15",
    ]
    code, out, err = run(capsys, *args)
    assert code == 1
    assert out == ""
    assert "filen 'agreements/dokument/nytt-avtal.md' finns redan" in err and "--force" in err
    assert "Traceback" not in err
    assert occupied.read_text(encoding="utf-8").startswith("---\nid: annat-id")
    code, out, _ = run(capsys, *args, "--force")
    assert code == 0
    assert "id: nytt-avtal\n" in occupied.read_text(encoding="utf-8")
    assert errors_in(base_repo) == []


def test_own_id_is_checked(base_repo: Path, capsys):
    base = ["new", "avtal", "--root", str(base_repo), "--titel", "Eget", "--arena", "ledning", "--today", "2026-01-15"]
    code, _, err = run(capsys, *base, "--id", "huvudavtal")
    assert code == 1 and "id 'huvudavtal' används redan av ett avtal i agreements/dokument/huvudavtal.md" in err
    code, _, err = run(capsys, *base, "--id", "kalender")
    assert code == 1 and "reserverat" in err
    with pytest.raises(SystemExit) as info:
        main([*base, "--id", "Eget Avtal"])
    assert info.value.code == 2
    assert "'Eget Avtal' är inget giltigt id" in capsys.readouterr().err
    code, out, _ = run(capsys, *base, "--id", "eget-2026")
    assert code == 0 and "agreements/dokument/eget-2026.md" in out
    # the same id again only with --force, replacing that very file
    assert run(capsys, *base, "--id", "eget-2026")[0] == 1
    assert run(capsys, *base, "--id", "eget-2026", "--force")[0] == 0
    assert errors_in(base_repo) == []


def test_unknown_arena_suggests_and_exits_1(base_repo: Path, capsys):
    before = sorted(p.name for p in (base_repo / "agreements" / "dokument").iterdir())
    code, out, err = run(capsys, "new", "avtal", "--root", str(base_repo), "--titel", "X", "--arena", "ledningg")
    assert code == 1
    assert out == ""
    assert err == "samverkan: --arena: det finns ingen arena 'ledningg' — menade du 'ledning'?\n"
    assert sorted(p.name for p in (base_repo / "agreements" / "dokument").iterdir()) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["bilaga", "--titel", "X", "--bilaga-till", "huvudavtl"],
            "--bilaga-till: det finns inget avtal 'huvudavtl' — menade du 'huvudavtal'?",
        ),
        (
            ["bilaga", "--titel", "X", "--bilaga-till", "huvudavtal-bilaga-1"],
            "--bilaga-till: 'huvudavtal-bilaga-1' är en bilaga, inte ett avtal",
        ),
        (
            ["avtal", "--titel", "X", "--arena", "ledning", "--delregion", "nor"],
            "--delregion: det finns ingen delregion 'nor' — menade du 'norr'?",
        ),
        (
            ["avtal", "--titel", "X", "--arena", "ledning", "--parter", "reg,kx"],
            "--parter: 'kx' hör inte till regionen 'reg'",
        ),
        (
            ["avtal", "--titel", "X", "--arena", "ledning", "--kommuner", "ka,kc"],
            "--kommuner: kommunerna ligger i olika delregioner (ka: norr, kc: syd)",
        ),
        (
            ["avtal", "--titel", "X", "--arena", "ledning", "--delregion", "norr", "--kommuner", "kc"],
            "--kommuner: 'kc' ligger i delregionen 'syd', inte i 'norr'",
        ),
        (
            ["uppdragshandling", "--titel", "X", "--uppdragsgivare", "nsg-a", "--arena", "ledning"],
            "en arena kan inte ge uppdrag till en arena på högre nivå",
        ),
        (
            ["uppdragshandling", "--titel", "X", "--uppdragsgivare", "arena-x", "--arena", "ag"],
            "--uppdragsgivare: arenan 'arena-x' hör till regionen 'reg2'",
        ),
    ],
)
def test_references_are_checked_before_writing(args, message, base_repo: Path, capsys):
    code, out, err = run(capsys, "new", *args, "--root", str(base_repo), "--today", "2026-01-15")
    assert (code, out) == (1, "")
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["avtal", "--arena", "ledning"], "ange dokumentets titel med --titel"),
        (["avtal", "--titel", "X"], "ange dokumentägaren (arenan som äger avtalet) med --arena"),
        (
            ["bilaga", "--titel", "X", "--bilaga-till", "huvudavtal", "--region", "reg"],
            "--region används inte för en bilaga",
        ),
        (["mötesanteckning", "--arena", "ag", "--nivå", "lokal"], "--nivå används inte för en mötesanteckning"),
        (
            ["avtal", "--titel", "X", "--arena", "ledning", "--status", "justerad"],
            "--status: 'justerad' går inte för ett avtal",
        ),
        (["avtal", "--titel", "X", "--arena", "ledning", "--nivå", "lokal"], "ange delregionen med --delregion"),
        (["avtal", "--titel", "X", "--arena", "ledning", "--mapp", "/"], "--mapp: '/' ligger inte i arkivet"),
        (["avtal", "--titel", "X", "--arena", "ledning", "--datum", "2026-13-01"], "'2026-13-01' är inget datum"),
        (["avtal", "--titel", "!!!", "--arena", "ledning"], "titeln ger inget id"),
        (["protokoll", "--titel", "X"], "ogiltigt val: 'protokoll'"),
    ],
)
def test_usage_errors_exit_2(args, message, base_repo: Path, capsys):
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(["new", *args, "--root", str(base_repo), "--today", "2026-01-15"]))
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_folder_option(base_repo: Path, capsys, monkeypatch):
    monkeypatch.chdir(base_repo)
    code, out, _ = run(
        capsys,
        "new",
        "mötesanteckning",
        "--arena",
        "lg-syd",
        "--datum",
        "2026-02-03",
        "--mapp",
        "agreements/syd/moten",
        "--titel",
        "Ledningsgruppens möte",
    )
    assert code == 0
    assert out.splitlines()[0] == "Skapade agreements/syd/moten/lg-syd-2026-02-03.md"
    assert (base_repo / "agreements/syd/moten/lg-syd-2026-02-03.md").exists()
    assert errors_in(base_repo) == []


def test_through_the_command_line(base_repo: Path, capsys):
    code, out, err = run(
        capsys,
        "new",
        "uppdragshandling",
        "--root",
        str(base_repo),
        "--titel",
        "Uppdrag om SIP",
        "--uppdragsgivare",
        "ledning",
        "--arena",
        "ag",
        "--från",
        "2026-02-01",
        "--today",
        "2026-01-15",
    )
    assert (code, err) == (0, "")
    assert out == (
        "Skapade agreements/dokument/uppdrag-om-sip.md\nKör 'samverkan validate' när du har fyllt i texten.\n"
    )
    text = (base_repo / "agreements/dokument/uppdrag-om-sip.md").read_text(encoding="utf-8")
    assert "tidsram:\n  från: 2026-02-01\n  till: 2027-02-01\n" in text
    assert run(capsys, "validate", "--root", str(base_repo), "--today", "2026-01-15")[0] == 0


def test_titles_that_need_quoting_survive(base_repo: Path):
    for title in ("Avtal: del 1", "2025", "ja", "# Rubrik", "Avtal 'Nära vård' – \"citat\""):
        path, _ = make(base_repo, "avtal", title=title, arena="ledning")
        doc = load(base_repo)[0].document(Path(path).stem)
        assert doc is not None and doc.data["titel"] == title
    assert errors_in(base_repo) == []


def test_templates_are_package_data():
    from importlib import resources

    for name in ny.TEMPLATES.values():
        assert resources.files("samverkan").joinpath("templates", "ny", name).is_file()


def test_long_titles_give_ids_cut_at_a_word_boundary(base_repo: Path):
    title = "Överenskommelse om samverkan kring hälso- och sjukvård i hemmet för personer med omfattande behov"
    _, text = make(base_repo, "avtal", title=title, arena="ledning")
    id_ = text.split("id: ", 1)[1].split("\n", 1)[0]
    assert id_ == "overenskommelse-om-samverkan-kring-halso-och-sjukvard-i-hemmet"
    assert len(id_) <= 64 and "overenskommelse-om-samverkan-kring-halso-och-sjukvard-i-hemmet-for".startswith(id_)
    # the same title again: the suffix also goes in at a word boundary
    _, again = make(base_repo, "avtal", title=title, arena="ledning")
    assert "id: overenskommelse-om-samverkan-kring-halso-och-sjukvard-i-hemmet-2\n" in again


def test_bilaga_title_follows_the_archive(base_repo: Path):
    # the test archive writes "Bilaga 1 Ansvarsfördelning": one bilaga, no dash
    _, text = make(base_repo, "bilaga", title="Rutin för SIP", parent="huvudavtal")
    assert "titel: Bilaga 2 Rutin för SIP\n" in text
    # the sample content writes "Bilaga 2 – Ansvarsfördelning för hjälpmedel"
    for number in (3, 4, 5):
        make(base_repo, "bilaga", title=f"Bilaga {number} – Del {number}", parent="huvudavtal")
    _, text = make(base_repo, "bilaga", title="Ekonomi", parent="huvudavtal")
    assert "titel: Bilaga 6 – Ekonomi\n" in text
    # a title that already says it is kept as written
    _, text = make(base_repo, "bilaga", title="Bilaga 7 Ordlista", parent="huvudavtal")
    assert "titel: Bilaga 7 Ordlista\n" in text


@pytest.mark.parametrize("typ", list(TYPES))
def test_templates_mention_only_keys_that_are_there(typ: str, base_repo: Path):
    _, text = make(base_repo, typ, ny.Options(**vars(TYPES[typ])))
    front, body = text.split("\n---\n", 1)
    keys = {line.split(":", 1)[0] for line in front.splitlines() if line and not line.startswith((" ", "-"))}
    mentioned = set(re.findall(r"'([a-zåäö_]+)'", body))
    assert mentioned <= keys, f"mallen nämner {sorted(mentioned - keys)}, som inte finns i huvudet"
    assert " ovan" not in body or mentioned


def test_shorten_cuts_between_words():
    from samverkan import ids

    assert ids.shorten("aa-bb-cc", 7) == "aa-bb"
    assert ids.shorten("aa-bb-cc", 5) == "aa-bb"
    assert ids.shorten("aa-bb-cc", 8) == "aa-bb-cc"
    assert ids.shorten("a" * 70) == "a" * 64  # one word longer than the limit: cut where it must
