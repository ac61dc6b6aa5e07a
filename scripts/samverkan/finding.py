"""A finding: one thing the validator has to say about one place in one file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    # something worth knowing that is never wrong: it fails no check, not even --strikt
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """A located, coded, Swedish message. Ordered by path, line, column."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    # the rule that said it (``arena.arena_members``; "schema" for the JSON
    # Schemas): where to look when a code comes from several rules. Not part
    # of what the finding is: the same message at the same place is one finding.
    rule: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_dict(cls, data: object) -> Finding:
        """The finding :meth:`as_dict` gave ``data`` for; ValueError when it is not one."""
        if not isinstance(data, dict) or data.keys() != _FIELDS:
            raise ValueError("not a finding")
        texts, numbers = (data[k] for k in ("path", "code", "message", "rule")), (data["line"], data["column"])
        if not all(isinstance(v, str) for v in texts) or not all(type(v) is int for v in numbers):
            raise ValueError("not a finding")
        return cls(**{**data, "severity": Severity(data["severity"])})

    def by(self, rule: str) -> Finding:
        """The finding, said by ``rule``."""
        return replace(self, rule=rule)


_FIELDS = {"path", "line", "column", "severity", "code", "message", "rule"}


def error(path: str, pos, code: str, message: str) -> Finding:
    """An error at ``pos`` (anything with ``line`` and ``column``)."""
    return Finding(path, pos.line, pos.column, Severity.ERROR, code, message)


def warning(path: str, pos, code: str, message: str) -> Finding:
    """A warning at ``pos`` (anything with ``line`` and ``column``)."""
    return Finding(path, pos.line, pos.column, Severity.WARNING, code, message)


def info(path: str, pos, code: str, message: str) -> Finding:
    """Information at ``pos``: never an error, never fails a run."""
    return Finding(path, pos.line, pos.column, Severity.INFO, code, message)
