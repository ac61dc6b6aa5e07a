"""Version history from git: one history per id, milestones, periods in force, robustness."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from pathlib import Path

import git
import pytest

from samverkan import historik, loader
from samverkan.historik import (
    Commit,
    HistoryError,
    Version,
    datering,
    files_at,
    in_force,
    periods,
    read,
    resolve,
)
from samverkan.historik.milstolpar import finish
from tests.conftest import FIXTURES, golden
from tests.historik_repo import CET, GitRepo, document

A = "agreements/vgr/avtal/a.md"
B = "agreements/vgr/avtal/b.md"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "arkiv")


# --------------------------------------------------------------------------
# One history per id


def test_several_documents_each_with_their_own_versions(repo: GitRepo):
    repo.write(A, document("a", status="utkast"))
    repo.write(B, document("b", status="utkast"))
    first = repo.commit("Lägg till a och b")
    repo.write(A, document("a", status="utkast", body="# A\n\nNy text.\n"))
    second = repo.commit("Ändra a", author="Bo Berg")

    history = read(repo.root)

    assert history.problem is None and not history.shallow
    assert history.head == second
    assert sorted(history.documents) == ["a", "b"]
    assert [v.commit.sha for v in history.of("a")] == [first, second]
    assert [v.number for v in history.of("a")] == [1, 2]
    newest = history.of("a")[-1].commit
    assert newest == Commit(second, dt.datetime(2024, 1, 2, 9, 0, tzinfo=CET), "Bo Berg", "Ändra a")
    assert newest.short == second[:7]
    assert [v.commit.sha for v in history.of("b")] == [first]
    assert history.last_changed("b").sha == first
    assert history.last_changed("finns-inte") is None and history.of("finns-inte") == []


def test_moves_and_renames_keep_one_history(repo: GitRepo):
    repo.write(A, document("a", status="utkast"))
    repo.commit("Lägg till a")
    moved = "agreements/fyrbodal/avtal/a.md"
    repo.move(A, moved)  # another folder, same content
    move = repo.commit("Flytta a till Fyrbodal")
    renamed = "agreements/fyrbodal/avtal/a-2025.md"
    repo.move(moved, renamed)  # new name and new content in the same commit
    repo.write(renamed, document("a", status="remiss"))
    repo.commit("Byt namn på a och skicka på remiss")

    history = read(repo.root)
    versions = history.of("a")

    # a pure move is no version, only a note on the version it moved
    assert [(v.number, v.path, v.previous_path) for v in versions] == [(1, A, None), (2, renamed, moved)]
    assert [(m.old_path, m.new_path, m.commit.sha) for m in versions[0].moves] == [(A, moved, move)]
    assert versions[0].path_after == moved and versions[1].moves == ()
    assert versions[1].status == "remiss"
    assert history.last_changed("a") == versions[1].commit


def test_a_pure_move_makes_no_version_and_the_last_change_stays(repo: GitRepo):
    repo.write(A, document("a", status="utkast"))
    first = repo.commit("Lägg till a")
    repo.move(A, B)
    repo.commit("Flytta a")

    history = read(repo.root)

    (version,) = history.of("a")
    assert version.commit.sha == first and version.path == A and version.path_after == B
    assert history.last_changed("a").sha == first  # "Senast ändrad" is the content's date


def test_changes_a_reader_cannot_see_make_no_version(repo: GitRepo):
    repo.write(A, document("a", status="utkast", version='"2.0"', body="# A\n\nEtt stycke\nsom fortsätter.\n"))
    first = repo.commit("Lägg till a")
    # other quoting, keys in another order, the paragraph wrapped differently, CRLF and a blank line more
    text = "---\nversion: '2.0'\ntitel: Avtal a\nid: a\ntyp: avtal\nstatus: utkast\n---\n\n# A\n\n\nEtt stycke som\nfortsätter.  \n"
    repo.write(A, text.replace("\n", "\r\n"))
    repo.commit("Citattecken och radbrytningar")
    repo.write(A, document("a", status="utkast", version='"2.0"', body="# A\n\nEtt stycke\n\nsom fortsätter.\n"))
    split = repo.commit("Två stycken")

    versions = read(repo.root).of("a")

    assert [v.commit.sha for v in versions] == [first, split]


def test_a_document_that_changes_its_id_in_place_starts_a_new_history(repo: GitRepo):
    repo.write(A, document("a"))
    repo.commit("Lägg till a")
    repo.write(A, document("a-2025"))
    rename = repo.commit("Nytt id")

    history = read(repo.root)

    assert len(history.of("a")) == 1 and len(history.of("a-2025")) == 1
    assert history.removed["a"].sha == rename and "a-2025" not in history.removed


# --------------------------------------------------------------------------
# Lifecycle and milestones

LIFECYCLE = [  # (commit day, message, front matter)
    ("2024-03-01", "Första utkast", dict(status="utkast", version='"0.1"')),
    ("2024-04-01", "Skicka på remiss", dict(status="remiss", version='"Remissversion"')),
    (
        "2024-09-16",
        "Fastställd i VVG",
        dict(status="fastställd", version='"1.0"', fastställd="2024-09-13", giltig_från="2025-01-01"),
    ),
    (
        "2024-10-02",
        "Rätta stavfel",
        dict(status="fastställd", version='"1.0"', fastställd="2024-09-13", giltig_från="2025-01-01"),
    ),
    ("2025-02-03", "Börja revidera", dict(status="utkast", version='"2.0-utkast"')),
    (
        "2025-05-22",
        "Ny upplaga fastställd",
        dict(
            status="fastställd",
            version='"2.0"',
            fastställd="2025-05-20",
            giltig_från="2025-07-01",
            giltig_till="2027-12-31",
        ),
    ),
    (
        "2025-06-02",
        "Justera versionsnumret",
        dict(
            status="fastställd",
            version='"2.1"',
            fastställd="2025-05-20",
            giltig_från="2025-07-01",
            giltig_till="2027-12-31",
        ),
    ),
    (
        "2026-02-20",
        "Upphäv avtalet",
        dict(
            status="upphävd",
            version='"2.1"',
            fastställd="2025-05-20",
            giltig_från="2025-07-01",
            giltig_till="2027-12-31",
            upphävd="2026-03-01",
        ),
    ),
]


def lifecycle(repo: GitRepo) -> list[Version]:
    for number, (when, message, front) in enumerate(LIFECYCLE):
        body = "# A\n\nText med stavfel.\n" if number < 3 else "# A\n\nText utan stavfel.\n"
        repo.write(A, document("a", body=body, **front))
        repo.commit(message, when=dt.datetime.fromisoformat(when + "T10:00+01:00"))
    return read(repo.root).of("a")


def dump(versions: list[Version]) -> str:
    lines = []
    for v in versions:
        dates = " ".join(
            f"{name}={value}"
            for name, value in (
                ("från", v.giltig_fran),
                ("till", v.giltig_till),
                ("fastställd", v.faststalld),
                ("upphävd", v.upphavd),
            )
            if value
        )
        text = v.milestone.text if v.milestone else "–"
        state = " ".join(part for part in (v.status, v.label, dates) if part)
        lines.append(f"{v.number} {v.commit.date:%Y-%m-%d} {v.commit.message} | {state} | {text}")
    return "\n".join(lines) + "\n"


def test_status_transitions_make_milestones(repo: GitRepo):
    versions = lifecycle(repo)

    assert [(v.milestone.kind if v.milestone else None) for v in versions] == [
        None,
        "remiss",
        "fastställd",
        None,
        "utkast",
        "fastställd",
        "version",
        "upphävd",
    ]
    assert [v.milestone.text for v in versions if v.milestone] == [
        "Remissversion",  # no remiss period in the document: the commit date is never shown as its date
        "Fastställd 2024-09-13",  # the document's own decision date, not the commit's
        "Åter till utkast",
        "Fastställd 2025-05-20",
        "Version 2.1",
        "Upphävd 2026-03-01",
    ]
    produced = dump(versions)
    assert produced == golden(FIXTURES / "historik" / "livscykel.txt", produced)


def test_first_version_is_a_milestone_only_when_already_decided(repo: GitRepo):
    repo.write(A, document("a", status="utkast", version="1.0"))
    repo.write(B, document("b", status="fastställd", fastställd="2024-09-13", giltig_från="2025-01-01"))
    repo.commit("Lägg till a och b")

    history = read(repo.root)

    assert history.of("a")[0].milestone is None
    assert history.of("b")[0].milestone.text == "Fastställd 2024-09-13"


def test_a_new_decision_while_fastställd_is_a_milestone(repo: GitRepo):
    repo.write(A, document("a", status="fastställd", fastställd="2024-09-13", giltig_från="2025-01-01"))
    repo.commit("Fastställd")
    repo.write(A, document("a", status="fastställd", fastställd="2025-03-02", giltig_från="2025-04-01"))
    repo.commit("Nytt beslut")

    assert read(repo.root).of("a")[1].milestone.text == "Fastställd 2025-03-02"


def test_version_label_is_kept_as_written(repo: GitRepo):
    for label in ("1.9", "1.10", '"2.0"', "2.0", "remissversion 2", "''"):
        repo.write(A, document("a", status="utkast", version=label))
        repo.commit(f"version {label}")

    versions = read(repo.root).of("a")

    # quoting alone ('"2.0"' → '2.0') is no change a reader sees, so no version
    assert [v.label for v in versions] == ["1.9", "1.10", "2.0", "remissversion 2", None]
    assert [v.commit.message for v in versions][2:4] == ['version "2.0"', "version remissversion 2"]
    assert [v.milestone.text if v.milestone else None for v in versions] == [
        None,
        "Version 1.10",
        "Version 2.0",
        "Remissversion 2",
        None,
    ]
    assert versions[1].document().raw("version") == "1.10"


def test_mötesanteckning_justerad_is_a_milestone(repo: GitRepo):
    path = "agreements/vgr/moten/vvg-2024-03-01.md"
    repo.write(path, document("vvg-2024-03-01", typ="mötesanteckning", status="utkast", datum="2024-03-01"))
    repo.commit("Anteckningar")
    repo.write(path, document("vvg-2024-03-01", typ="mötesanteckning", status="justerad", datum="2024-03-01"))
    repo.commit("Justerade")

    versions = read(repo.root).of("vvg-2024-03-01")

    assert versions[1].milestone.kind == "justerad"
    assert versions[1].milestone.text == "Justerad"
    assert [v.dating.text for v in versions] == ["möte 2024-03-01", "möte 2024-03-01"]
    assert periods(versions) == []  # a mötesanteckning is never in force


# --------------------------------------------------------------------------
# Content


TABLE = """# A

| Part | Ansvar |
|---|---|
| Regionen | Läkarinsatser |
| Kommunen | {kommun} |

Slut.
"""


def test_an_edit_inside_a_table_is_a_new_version_with_the_new_cell(repo: GitRepo):
    repo.write(A, document("a", body=TABLE.format(kommun="Hemsjukvård")))
    repo.commit("Tabell")
    repo.write(A, document("a", body=TABLE.format(kommun="Hemsjukvård och rehabilitering")))
    repo.commit("Ändra en cell")

    old, new = read(repo.root).of("a")

    changed = [
        line
        for line in difflib.unified_diff(old.content.split("\n"), new.content.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == ["-| Kommunen | Hemsjukvård |", "+| Kommunen | Hemsjukvård och rehabilitering |"]
    assert new.content == (repo.root / A).read_text(encoding="utf-8")


def test_content_is_decoded_like_the_loader_does(repo: GitRepo):
    text = document("a", status="utkast").replace("\n", "\r\n")
    repo.write(A, b"\xef\xbb\xbf" + text.encode("utf-8"))
    repo.commit("CRLF och BOM")

    (version,) = read(repo.root).of("a")

    assert version.content == document("a", status="utkast")
    assert version.status == "utkast"


def test_a_version_with_broken_yaml_is_skipped(repo: GitRepo):
    repo.write(A, document("a", status="utkast"))
    repo.write(B, document("b", status="utkast"))
    repo.write("agreements/vgr/avtal/c.md", "---\nid: c\ntitel: [inte stängd\n---\n")  # never readable
    first = repo.commit("Lägg till")
    repo.write(A, "---\nid: a\nstatus: remiss\n  titel: fel indrag\n---\n")
    repo.write(B, document("b", status="remiss"))
    broken = repo.commit("Trasig YAML i a")
    repo.write(A, "no front matter at all\n")
    repo.commit("Ännu trasigare")
    repo.write(A, document("a", status="remiss"))
    fixed = repo.commit("Rätta a")

    history = read(repo.root)

    assert history.problem is None
    assert [v.commit.sha for v in history.of("a")] == [first, fixed]
    assert [v.number for v in history.of("a")] == [1, 2]
    assert history.of("a")[1].milestone.text == "Remissversion"
    assert [v.commit.sha for v in history.of("b")] == [first, broken]
    assert "c" not in history.documents


def test_deletion_ends_the_history_and_re_adding_continues_it(repo: GitRepo):
    repo.write(A, document("a"))
    repo.write(B, document("b"))
    repo.commit("Lägg till")
    repo.remove(A)
    deleted = repo.commit("Ta bort a")

    history = read(repo.root)
    assert len(history.of("a")) == 1
    assert history.removed == {"a": history.removed["a"]} and history.removed["a"].sha == deleted

    repo.write("agreements/arkiv/a.md", document("a", status="upphävd"))
    readded = repo.commit("Lägg tillbaka a i arkivet")

    history = read(repo.root)
    assert [(v.number, v.commit.sha) for v in history.of("a")][1:] == [(2, readded)]
    assert history.of("a")[1].previous_path == A
    assert history.removed == {}


def test_readme_registry_and_attachments_are_not_documents(repo: GitRepo):
    repo.write("agreements/README.md", document("readme"))
    repo.write("agreements/organisation/regioner.yml", "- id: vgr\n  typ: region\n  namn: VGR\n")
    repo.write("agreements/vgr/avtal/a.pdf", b"%PDF-1.4 binary \x00\xff")
    repo.write(A, document("a"))
    repo.commit("Lägg till")

    assert sorted(read(repo.root).documents) == ["a"]


def test_document_is_parsed_lazily_and_cached(repo: GitRepo):
    repo.write(A, document("a", status="utkast", body="Se [[b]].\n"))
    repo.commit("a")

    (version,) = read(repo.root).of("a")

    parsed = version.document()
    assert parsed is version.document()
    assert parsed.id == "a" and parsed.path == A and [r.target for r in parsed.refs] == ["b"]
    broken = dataclasses.replace(version, content="inget huvud\n")
    with pytest.raises(HistoryError, match="version 1 av 'a'"):
        broken.document()


# --------------------------------------------------------------------------
# Merged pull requests


def test_pull_request_commits_are_the_versions_not_the_merge(repo: GitRepo):
    repo.write(A, document("a", body="# A\n\nrad 1\nrad 2\n"))
    repo.write(B, document("b"))
    base = repo.commit("Början")
    repo.branch("pr-1")
    repo.write(A, document("a", body="# A\n\nrad 1 ändrad\nrad 2\n"))
    change = repo.commit("Ändra rad 1", author="Bo Berg")
    repo.switch("main")
    repo.write(B, document("b", status="remiss"))
    repo.commit("b på remiss")
    assert repo.merge("pr-1", "Merge pull request #1")

    history = read(repo.root)

    assert [(v.commit.sha, v.commit.author) for v in history.of("a")] == [
        (base, "Anna Andersson"),
        (change, "Bo Berg"),
    ]
    assert history.of("a")[-1].content == (repo.root / A).read_text(encoding="utf-8")


def test_a_conflict_resolved_in_the_merge_is_a_version(repo: GitRepo):
    repo.write(A, document("a", body="# A\n\nrad 1\n"))
    repo.commit("Början")
    repo.branch("pr-1")
    repo.write(A, document("a", body="# A\n\nrad 1 enligt pr\n"))
    repo.commit("Ändring i pr")
    repo.switch("main")
    repo.write(A, document("a", body="# A\n\nrad 1 enligt main\n"))
    repo.commit("Ändring på main")
    assert not repo.merge("pr-1", "Merge pull request #1")
    repo.write(A, document("a", body="# A\n\nrad 1 enligt båda\n"))
    resolved = repo.commit("Merge pull request #1")

    versions = read(repo.root).of("a")

    assert len(versions) == 4
    assert versions[-1].commit.sha == resolved
    assert versions[-1].content == (repo.root / A).read_text(encoding="utf-8")


def test_changes_a_merge_threw_away_are_not_versions(repo: GitRepo):
    repo.write(A, document("a"))
    repo.commit("Början")
    repo.branch("pr-1")
    repo.write(A, document("a", status="remiss"))
    repo.commit("Förkastad ändring")
    repo.switch("main")
    repo.write(B, document("b"))
    repo.commit("b")
    repo.merge("pr-1", "Merge men behåll main", strategy="ours")

    versions = read(repo.root).of("a")

    assert [v.commit.message for v in versions] == ["Början"]


# --------------------------------------------------------------------------
# Publication


def test_public_history_drops_intern_versions_and_intern_documents(repo: GitRepo):
    repo.write(A, document("a", status="utkast", publicering="intern"))
    repo.write(B, document("b", status="utkast"))
    repo.write("agreements/c.md", document("c", status="utkast", publicering="intern"))
    repo.commit("Interna utkast")
    repo.write(A, document("a", status="remiss", publicering="intern"))
    repo.commit("a på remiss internt")
    repo.write(A, document("a", status="fastställd", fastställd="2024-09-13", giltig_från="2025-01-01"))
    repo.write(B, document("b", status="utkast", publicering="intern"))
    published = repo.commit("a fastställd och publicerad, b blir intern")
    repo.write(
        A, document("a", status="fastställd", fastställd="2024-09-13", giltig_från="2025-01-01", publicering="publik")
    )
    repo.commit("Skriv ut publik")

    history = read(repo.root)
    public = historik.public(history)

    assert sorted(public.documents) == ["a"]  # b's newest version is intern, c was always intern
    assert [(v.number, v.status, v.intern) for v in public.of("a")] == [
        (1, "fastställd", False),
        (2, "fastställd", False),
    ]
    assert public.of("a")[0].commit.sha == published
    assert public.of("a")[0].milestone.text == "Fastställd 2024-09-13"
    assert public.head == history.head and public.problem == history.problem
    # the full history is untouched
    assert [v.number for v in history.of("a")] == [1, 2, 3, 4]
    assert history.of("a")[0].intern and sorted(history.documents) == ["a", "b", "c"]


# --------------------------------------------------------------------------
# In force


def test_periods_and_in_force_from_a_real_history(repo: GitRepo):
    versions = lifecycle(repo)
    typo_fixed, second_edition, label_bumped = versions[3], versions[5], versions[6]

    assert [(p.version.number, p.start, p.end) for p in periods(versions)] == [
        (4, day("2025-01-01"), day("2025-06-30")),  # ends the day before the next edition
        (7, day("2025-07-01"), day("2026-02-28")),  # ends the day before the repeal
    ]
    expected = {
        "2024-12-31": None,  # decided, not yet in force
        "2025-01-01": typo_fixed,  # the latest commit of the edition, not the decision commit
        "2025-06-30": typo_fixed,
        "2025-07-01": label_bumped,
        "2026-02-28": label_bumped,
        "2026-03-01": None,  # repealed that day
        "2027-12-31": None,
    }
    assert {d: in_force(versions, day(d)) for d in expected} == expected
    assert second_edition is not label_bumped


def version(
    number: int,
    status: str,
    fran: str | None = None,
    till: str | None = None,
    upphavd: str | None = None,
    faststalld: str | None = "2024-01-01",
) -> Version:
    """A version made by hand: the period rules need no git."""
    commit = Commit(f"{number:040x}", dt.datetime(2024, 1, number, tzinfo=CET), "A", f"c{number}")
    return Version(
        id="a",
        number=number,
        path=A,
        previous_path=None,
        commit=commit,
        content="",
        status=status,
        label=None,
        giltig_fran=day(fran) if fran else None,
        giltig_till=day(till) if till else None,
        faststalld=day(faststalld) if faststalld and status in ("fastställd", "upphävd") else None,
        upphavd=day(upphavd) if upphavd else None,
        publicering=None,
    )


PERIOD_CASES = {
    "utkast och remiss gäller aldrig": ([version(1, "utkast"), version(2, "remiss")], []),
    "tills vidare": ([version(1, "fastställd", "2025-01-01")], [(1, "2025-01-01", None)]),
    "giltig_till avslutar": ([version(1, "fastställd", "2025-01-01", "2025-12-31")], [(1, "2025-01-01", "2025-12-31")]),
    "rättat stavfel: senaste incheckningen företräder upplagan": (
        [version(1, "fastställd", "2025-01-01"), version(2, "fastställd", "2025-01-01")],
        [(2, "2025-01-01", None)],
    ),
    "ny upplaga avslutar den förra dagen före": (
        [
            version(1, "fastställd", "2025-01-01"),
            version(2, "utkast"),
            version(3, "remiss"),
            version(4, "fastställd", "2026-01-01", "2027-12-31"),
        ],
        [(1, "2025-01-01", "2025-12-31"), (4, "2026-01-01", "2027-12-31")],
    ),
    "upphävd avslutar dagen före": (
        [version(1, "fastställd", "2025-01-01"), version(2, "upphävd", "2025-01-01", upphavd="2025-06-01")],
        [(1, "2025-01-01", "2025-05-31")],
    ),
    "upphävd före giltig_från: gällde aldrig": (
        [version(1, "fastställd", "2025-01-01"), version(2, "upphävd", "2025-01-01", upphavd="2024-12-01")],
        [],
    ),
    "upphävandet ångrat": (
        [
            version(1, "fastställd", "2025-01-01"),
            version(2, "upphävd", "2025-01-01", upphavd="2025-06-01"),
            version(3, "fastställd", "2025-01-01"),
        ],
        [(3, "2025-01-01", None)],
    ),
    "flyttat startdatum ersätter det senare": (
        [version(1, "fastställd", "2026-01-01"), version(2, "fastställd", "2025-07-01")],
        [(2, "2025-07-01", None)],
    ),
    "återgång till äldre upplaga stryker den nyare": (
        [
            version(1, "fastställd", "2025-01-01"),
            version(2, "fastställd", "2026-01-01"),
            version(3, "fastställd", "2025-01-01"),
        ],
        [(3, "2025-01-01", None)],
    ),
    "giltig_till före nästa upplaga lämnar ett glapp": (
        [version(1, "fastställd", "2025-01-01", "2025-03-31"), version(2, "fastställd", "2025-07-01")],
        [(1, "2025-01-01", "2025-03-31"), (2, "2025-07-01", None)],
    ),
    "fastställd utan giltig_från räknas inte": ([version(1, "fastställd")], []),
}


@pytest.mark.parametrize("case", PERIOD_CASES)
def test_periods(case: str):
    versions, expected = PERIOD_CASES[case]
    got = [
        (p.version.number, p.start.isoformat(), p.end.isoformat() if p.end else None) for p in periods(finish(versions))
    ]
    assert got == expected


@pytest.mark.parametrize(
    "when, expected",
    [
        ("2024-12-31", None),  # before
        ("2025-01-01", 1),  # first day
        ("2025-12-31", 1),  # last day before the next edition
        ("2026-01-01", 4),  # the next edition's first day
        ("2027-12-31", 4),  # its giltig_till
        ("2028-01-01", None),  # after
    ],
)
def test_in_force_at_boundaries(when: str, expected: int | None):
    versions, _ = PERIOD_CASES["ny upplaga avslutar den förra dagen före"]
    found = in_force(versions, day(when))
    assert (found.number if found else None) == expected


# --------------------------------------------------------------------------
# Repositories that cannot give a complete history


def test_shallow_clone_gives_a_partial_history_and_says_how_to_fix_it(repo: GitRepo, tmp_path: Path):
    for status in ("utkast", "remiss", "fastställd"):
        extra = dict(fastställd="2024-09-13", giltig_från="2025-01-01") if status == "fastställd" else {}
        repo.write(A, document("a", status=status, **extra))
        repo.commit(f"a: {status}")

    history = read(repo.shallow_clone(tmp_path / "grund"))

    assert history.shallow
    assert "fetch-depth: 0" in history.problem and "git fetch --unshallow" in history.problem
    assert "grund kloning" in history.problem
    assert [v.status for v in history.of("a")] == ["fastställd"]
    assert history.head == repo.head()
    assert not read(repo.root).shallow


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("plain-folder", "inte roten i ett git-arkiv"),
        ("missing-folder", "inte roten i ett git-arkiv"),
        ("no-commits", "inga incheckningar"),
        ("subfolder-of-repository", "inte roten i ett git-arkiv"),
    ],
)
def test_unreadable_repositories_give_a_problem_not_an_exception(tmp_path: Path, setup: str, expected: str):
    root = tmp_path / "arkiv"
    if setup == "plain-folder":
        (root / "agreements").mkdir(parents=True)
        (root / "agreements" / "a.md").write_text(document("a"), encoding="utf-8")
    elif setup == "no-commits":
        GitRepo(root).write(A, document("a"))
    elif setup == "subfolder-of-repository":
        outer = GitRepo(tmp_path / "ytter")
        outer.write("arkiv/" + A, document("a"))
        outer.commit("a")
        root = outer.root / "arkiv"

    history = read(root)

    assert history.documents == {} and history.head is None
    assert expected in history.problem
    assert history.problem[0].isupper()


def test_git_missing_gives_a_problem(repo: GitRepo, tmp_path: Path, monkeypatch):
    repo.write(A, document("a"))
    repo.commit("a")
    monkeypatch.setattr(git.Git, "GIT_PYTHON_GIT_EXECUTABLE", str(tmp_path / "inget-git"))

    history = read(repo.root)

    assert history.documents == {} and "git hittades inte" in history.problem


# --------------------------------------------------------------------------
# Revisions


def test_files_at_gives_every_file_as_it_was(repo: GitRepo):
    registry = "agreements/organisation/regioner.yml"
    repo.write(registry, "- id: vgr\n  typ: region\n  namn: Västra Götalandsregionen\n")
    repo.write(A, document("a", status="utkast"))
    repo.write("agreements/vgr/avtal/a.pdf", b"%PDF-1.4 \x00\xff\n")
    first = repo.commit("Början")
    repo.write(A, document("a", status="remiss"))
    repo.write(B, document("b"))
    repo.write("utanfor.md", "inte i agreements\n")
    repo.commit("Mer")

    old = files_at(repo.root, first)

    assert sorted(old) == [registry, A, "agreements/vgr/avtal/a.pdf"]
    assert old[A] == document("a", status="utkast").encode("utf-8")
    assert old["agreements/vgr/avtal/a.pdf"] == b"%PDF-1.4 \x00\xff\n"
    assert sorted(files_at(repo.root, "HEAD")) == sorted([registry, "agreements/vgr/avtal/a.pdf", A, B])
    assert files_at(repo.root, "HEAD~1") == old
    loaded, _ = loader.load_files(repo.root, old)
    assert [d.id for d in loaded.documents] == ["a"] and loaded.document("a").data["status"] == "utkast"


def test_resolve_and_unknown_revisions(repo: GitRepo):
    repo.write(A, document("a"))
    first = repo.commit("a")
    repo.git("tag", "v1")

    assert resolve(repo.root, "HEAD") == first
    assert resolve(repo.root, "main") == first
    assert resolve(repo.root, "v1") == first
    assert resolve(repo.root, first[:8]) == first
    with pytest.raises(HistoryError, match="revisionen 'finns-inte' finns inte i arkivet"):
        resolve(repo.root, "finns-inte")
    with pytest.raises(HistoryError, match="revisionen 'HEAD~5' finns inte"):
        files_at(repo.root, "HEAD~5")
    with pytest.raises(HistoryError, match="--output"):
        resolve(repo.root, f"--output={repo.root / 'skriven'}")
    assert not (repo.root / "skriven").exists()
    assert "finns-inte" in read(repo.root, "finns-inte").problem
    assert read(repo.root, first).head == first


def test_resolve_outside_a_repository_raises_a_swedish_error(tmp_path: Path):
    with pytest.raises(HistoryError, match="inte roten i ett git-arkiv"):
        resolve(tmp_path, "HEAD")
    with pytest.raises(HistoryError, match="inte roten i ett git-arkiv"):
        files_at(tmp_path, "HEAD")


# --------------------------------------------------------------------------
# Cost


def build(repo: GitRepo, commits: int) -> None:
    """``commits`` commits, each changing, moving or adding documents."""
    for n in range(commits):
        repo.write(f"agreements/vgr/avtal/d{n}.md", document(f"d{n}", status="utkast"))
        repo.write(A, document("a", status="utkast", version=f"1.{n}"))
        if n % 5 == 4:
            repo.move(f"agreements/vgr/avtal/d{n - 1}.md", f"agreements/flyttad/d{n - 1}.md")
        repo.commit(f"Incheckning {n}")


def count_git_processes(monkeypatch, action) -> int:
    started = []
    original = git.cmd.safer_popen

    def counting(*args, **kwargs):
        started.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(git.cmd, "safer_popen", counting)
    action()
    monkeypatch.setattr(git.cmd, "safer_popen", original)
    return len(started)


def test_read_runs_a_fixed_number_of_git_processes(tmp_path: Path, monkeypatch):
    small, large = GitRepo(tmp_path / "liten"), GitRepo(tmp_path / "stor")
    build(small, 3)
    build(large, 30)

    counts = {}
    for name, built in (("small", small), ("large", large)):
        result = {}
        counts[name] = count_git_processes(monkeypatch, lambda r=result, b=built: r.update(h=read(b.root)))
        assert len(result["h"].of("a")) == (3 if name == "small" else 30)
    at = count_git_processes(monkeypatch, lambda: files_at(large.root, "HEAD"))

    assert counts["small"] == counts["large"] <= 4
    assert at <= 3


# --------------------------------------------------------------------------
# Dated and ordered by the documents, not by the commits


def test_an_archive_committed_in_one_day_is_ordered_and_dated_by_the_documents(repo: GitRepo):
    one_day = dt.datetime(2026, 11, 24, 10, 0, tzinfo=CET)
    decided = dict(status="fastställd")
    # the 2022 edition is committed first, then the older ones, all on one day
    for when, decision, start in (("10:00", "2022-03-10", "2022-07-01"), ("10:05", "2018-05-02", "2018-07-01")):
        repo.write(A, document("a", **decided, fastställd=decision, giltig_från=start, body=f"# A\n\n{decision}\n"))
        repo.commit(f"Beslut {decision}", when=dt.datetime.fromisoformat(f"2026-11-24T{when}+01:00"))
    repo.write(
        A,
        document(
            "a",
            status="remiss",
            beslutsprocess="\n  - steg: Remiss till kommunerna\n    från: 2019-10-01\n    till: 2019-11-30",
            body="# A\n\nRemiss 2019.\n",
        ),
    )
    repo.commit("Remiss 2019", when=one_day.replace(hour=11))
    repo.write(A, document("a", **decided, fastställd="2020-02-14", giltig_från="2020-07-01", body="# A\n\n2020\n"))
    repo.commit("Beslut 2020", when=one_day.replace(hour=12))

    versions = read(repo.root).of("a")

    assert [v.commit.message for v in versions] == [
        "Beslut 2018-05-02",
        "Remiss 2019",
        "Beslut 2020",
        "Beslut 2022-03-10",
    ]
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert [v.dating.text for v in versions] == [
        "fastställd 2018-05-02",
        "remisstid 2019-10-01 – 2019-11-30",
        "fastställd 2020-02-14",
        "fastställd 2022-03-10",
    ]
    assert [v.milestone.text for v in versions] == [
        "Fastställd 2018-05-02",
        "Remissversion, remisstid 2019-10-01 – 2019-11-30",
        "Fastställd 2020-02-14",
        "Fastställd 2022-03-10",
    ]
    assert {v.commit.date.date() for v in versions} == {dt.date(2026, 11, 24)}
    # in force by the document's order: each edition until the next
    assert [(p.version.number, p.start.isoformat(), p.end and p.end.isoformat()) for p in periods(versions)] == [
        (1, "2018-07-01", "2020-06-30"),
        (3, "2020-07-01", "2022-06-30"),
        (4, "2022-07-01", None),
    ]
    (note,) = datering.notes(versions)
    assert "annan ordning" in note


def test_a_remiss_without_dates_committed_after_its_decision_is_explained(repo: GitRepo):
    one_day = dt.datetime(2026, 11, 24, 10, 0, tzinfo=CET)
    repo.write(A, document("a", status="fastställd", fastställd="2024-09-13", giltig_från="2025-01-01"))
    repo.commit("Beslut 2024", when=one_day)
    repo.write(A, document("a", status="remiss", body="# A\n\nRemiss.\n"))
    repo.commit("Remiss", when=one_day.replace(hour=11))
    repo.write(
        A, document("a", status="fastställd", fastställd="2025-12-10", giltig_från="2026-01-01", body="# A\n\nNy.\n")
    )
    repo.commit("Beslut 2025", when=one_day.replace(hour=12))

    versions = read(repo.root).of("a")

    assert [v.status for v in versions] == [
        "fastställd",
        "remiss",
        "fastställd",
    ]  # the remiss stays before its decision
    assert [v.milestone.text for v in versions] == ["Fastställd 2024-09-13", "Remissversion", "Fastställd 2025-12-10"]
    assert versions[1].dating.text == "incheckad 2026-11-24"
    assert datering.notes(versions) == [
        "Version 2 (remiss) har inget eget datum i dokumentet. Den checkades in 2026-11-24, senare än version 3 "
        "som kommer efter den (fastställd 2025-12-10), så dagen för incheckningen säger inget om när versionen "
        "togs fram."
    ]


def test_a_remiss_period_carried_over_from_the_last_decision_does_not_date_a_new_remiss(repo: GitRepo):
    process = "\n  - steg: Remiss\n    från: 2024-04-01\n    till: 2024-05-31"
    repo.write(A, document("a", status="remiss", beslutsprocess=process))
    repo.commit("Remiss")
    repo.write(
        A, document("a", status="fastställd", fastställd="2024-09-13", giltig_från="2025-01-01", beslutsprocess=process)
    )
    repo.commit("Beslut")
    repo.write(A, document("a", status="remiss", beslutsprocess=process, body="# A\n\nNy remiss.\n"))
    repo.commit("Ny remiss")

    versions = read(repo.root).of("a")

    assert [v.commit.message for v in versions] == ["Remiss", "Beslut", "Ny remiss"]
    assert [v.dating.kind for v in versions] == ["remiss", "fastställd", "incheckad"]
    assert datering.notes(versions) == []
