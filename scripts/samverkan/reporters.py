"""Formatting findings: text, GitHub Actions annotations, JSON (spec §5)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .finding import Finding


def _visible(value: str) -> str:
    """Control characters as escapes: a file name must not be able to drive the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in value)


def text(findings: Sequence[Finding]) -> str:
    """``PATH:LINE:COL: error[code]: message``, one finding per line.

    The code names the rule that spoke, so "which rule said this?" needs no grep.
    """
    return "".join(
        f"{_visible(f.path)}:{f.line}:{f.column}: {f.severity.value}[{f.code}]: {_visible(f.message)}\n"
        for f in findings
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


# GitHub's workflow commands say "notice" for what the validator calls information
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github(findings: Sequence[Finding]) -> str:
    """Workflow commands that GitHub shows as annotations on the changed lines."""
    lines = []
    for f in findings:
        props = ",".join(
            [
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape_property('samverkan: ' + f.code)}",
            ]
        )
        lines.append(f"::{_GITHUB_LEVEL[f.severity.value]} {props}::{_escape_data(f.message)}\n")
    return "".join(lines)


def json_(findings: Sequence[Finding]) -> str:
    """A JSON array of objects: path, line, column, severity, code, message."""
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text,
    "github": github,
    "json": json_,
}
