"""Export of the remiss round: the remissammanställning as Word with one table
row per comment, and a remiss version that states its period and last day."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from samverkan import historik, loader
from samverkan.cli import main
from samverkan.remiss.sammanstallning import compile_round
from samverkan.remiss.version import remiss_version

from . import remiss_repo
from .conftest import TODAY


def export(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args, "--rot", str(root), "--today", TODAY.isoformat()])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> Path:
    return remiss_repo.make(tmp_path_factory.mktemp("export") / "arkiv")


def test_the_compilation_is_one_table_row_per_comment(capsys, decided: Path, tmp_path: Path):
    target = tmp_path / "sammanstallning.docx"
    code, out, err = export(capsys, decided, "rutin", "--remissammanstallning", "--format", "docx", "--ut", str(target))
    assert (code, err) == (0, "") and out == f"Skrev {target}\n"
    table = docx.Document(str(target)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Avsnitt", "Instans", "Ställningstagande", "Synpunkt"]
    repo, _ = loader.load(decided)
    version = remiss_version(repo.document("rutin"), historik.read(decided))
    expected = compile_round(version, [repo.document("svar-rutin-ka"), repo.document("svar-rutin-kb")]).count
    assert len(rows) - 1 == expected == 6
    # the section as it was named on remiss, each party's comment in a row of its own
    renamed = [r for r in rows if r[0] == "Ansvar och roller"]
    assert [(r[1], r[2]) for r in renamed] == [("A-stad", "tillstyrker med synpunkter"), ("B-by", "avstyrker")]
    # a comment keeps its paragraphs; its own sub-heading is a bold line, not a heading
    assert renamed[0][3] == "Ansvarsgränsen behöver anges.\nFörslag\nSkriv ut sjuksköterskenivån."
    general = [r for r in rows if r[0].startswith("Allmänna synpunkter")]
    assert [r[0] for r in general] == ["Allmänna synpunkter", "Allmänna synpunkter: Övrigt"]


def test_a_document_never_on_remiss_has_no_compilation(capsys, base_repo: Path, tmp_path: Path):
    out = tmp_path / "x.docx"
    code, _, err = export(
        capsys, base_repo, "huvudavtal", "--remissammanstallning", "--format", "docx", "--ut", str(out)
    )
    assert code == 2 and "har inte varit på remiss" in err and not out.exists()


def test_a_remiss_version_states_its_period_and_last_day(capsys, base_repo: Path, tmp_path: Path):
    target = tmp_path / "remiss.docx"
    code, _, _ = export(capsys, base_repo, "tillampning-norr", "--format", "docx", "--ut", str(target))
    assert code == 0
    word = docx.Document(str(target))
    header = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert header["Remisstid"] == "2025-11-01 – 2026-01-31"
    assert header["Sista dag att svara"] == "2026-01-31"
    footer = " ".join(p.text for p in word.sections[0].footer.paragraphs)
    assert "REMISSVERSION – gäller inte. Sista dag att svara 2026-01-31." in footer
