"""A finding written as a dict (the JSON report, the kept handbook) reads back as itself."""

from __future__ import annotations

import pytest

from samverkan.finding import Finding, Severity


def test_a_finding_reads_back_from_its_dict_rule_included():
    finding = Finding("agreements/a.md", 3, 5, Severity.WARNING, "mall-text", "Mallens text finns kvar", "mall.x")
    again = Finding.from_dict(finding.as_dict())
    assert again == finding
    assert again.rule == "mall.x"
    assert again.severity is Severity.WARNING


@pytest.mark.parametrize(
    "change",
    [
        {"line": "3"},
        {"column": True},
        {"severity": "fatal"},
        {"message": None},
        {"extra": 1},
    ],
)
def test_what_is_not_a_finding_s_dict_is_refused(change: dict):
    data = {**Finding("a.md", 1, 1, Severity.INFO, "k", "m", "r").as_dict(), **change}
    with pytest.raises(ValueError):
        Finding.from_dict(data)


def test_a_dict_without_a_key_is_refused():
    data = Finding("a.md", 1, 1, Severity.INFO, "k", "m").as_dict()
    del data["rule"]
    with pytest.raises(ValueError):
        Finding.from_dict(data)
