"""The shipped sample content is what the handbook is built from: it must be clean."""

from __future__ import annotations

from samverkan.checker import check
from samverkan.omfattning import scope

from .conftest import REPO_ROOT


def test_sample_content_has_no_findings_today():
    result = check(REPO_ROOT)
    assert [f"{f.path}:{f.line}: {f.message}" for f in result.findings] == []


def test_sample_content_covers_the_issue():
    repo = check(REPO_ROOT).repo
    kommuner = {e.id: e for e in repo.entries if e.typ == "kommun"}
    vgr = [k for k in kommuner.values() if k.data["region"] == "vgr"]
    assert len(vgr) == 49
    lilla_edet = kommuner["lilla-edet"]
    # the mismatch the interview study describes
    assert repo.get(lilla_edet.data["delregion"]).name == "Vårdsamverkan Fyrbodal"
    assert "Göteborgsregionen" in repo.get(lilla_edet.data["kommunalförbund"]).name
    jh = [k for k in kommuner.values() if k.data["region"] != "vgr"]
    assert len(jh) == 8
    assert len(repo.glossary.data) >= 25
    assert any(d.intern for d in repo.documents)
    assert any(d.data.get("status") == "upphävd" and d.typ == "avtal" for d in repo.documents)
    types = {d.typ for d in repo.documents}
    assert types == {"avtal", "bilaga", "uppdragshandling", "mötesanteckning"}
    hsa = repo.document("vard-i-hemmet-2025")
    assert len(scope(repo, hsa)) == 49


def test_escalation_chain_reaches_sro():
    repo = check(REPO_ROOT).repo
    arena = repo.entry("arbetsgrupp-nytt-hsa", "arena")
    chain = []
    while arena is not None and len(chain) < 10:
        chain.append(arena.id)
        arena = repo.entry(arena.data.get("rapporterar_till"), "arena")
    assert chain[-1] == "sro"
