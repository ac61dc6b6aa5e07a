"""The page the preview server shows instead of the handbook while the
repository has errors: the same findings as the terminal, in Swedish.

Self-contained HTML (no theme, no relative links), so it can stand in for any
page at any address; every value is escaped. No mkdocs here.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import reporters, templating
from ..finding import Finding

TEMPLATE = "valideringsfel.html"
SEVERITY = {"error": "fel", "warning": "varning", "info": "upplysning"}


def html(findings: Sequence[Finding], *, epoch: int = 0, message: str | None = None) -> str:
    """The error page for ``findings`` (and/or a ``message`` when the build
    failed for another reason). ``epoch``: the preview server's build the page
    belongs to; the page reloads itself when a newer build is ready."""
    errors = sum(1 for f in findings if f.severity.value == "error")
    if errors:
        title = f"Handboken kan inte visas: valideringen hittade {errors} fel"
    else:
        title = "Handboken kan inte visas"
    env = templating.environment(templating.PAGES, html=True)
    return env.get_template(TEMPLATE).render(
        title=title,
        message=message,
        findings=list(findings),
        report=reporters.text(findings),
        SEVERITY=SEVERITY,
        epoch=epoch,
    )
