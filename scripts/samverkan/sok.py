"""The search index: Pagefind over the built site (Swedish stemming, offline).

Pagefind reads ``<html lang="sv">`` and only the content marked
``data-pagefind-body`` (see ``overrides/main.html``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import SamverkanError


class SearchIndexError(SamverkanError):
    """Pagefind could not index the site."""


def index(site_dir: Path) -> None:
    """Write ``<site_dir>/pagefind/`` for the built site."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as e:
        raise SearchIndexError(f"Pagefind kunde inte startas: {e}") from e
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet:\n{done.stderr or done.stdout}")
