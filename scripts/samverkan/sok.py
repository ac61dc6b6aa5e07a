"""The search index: Pagefind over the built site (Swedish stemming, offline).

Pagefind reads ``<html lang="sv">`` (it stems by the page language) and only
the content marked ``data-pagefind-body`` (see ``overrides/main.html``); pages
without it, like 404, are not indexed. The browser side is
``overrides/assets/javascripts/sok.js``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import SamverkanError

OUTPUT_SUBDIR = "pagefind"
# Inside the indexed body, but not text: permalink marks, edit buttons.
EXCLUDE_SELECTORS = ".headerlink, .md-content__button"
# Pagefind's ready-made search interfaces: sok.js talks to pagefind.js directly,
# so these are never loaded and are not published.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


class SearchIndexError(SamverkanError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class IndexStats:
    """What Pagefind wrote: pages per language and the bundle on disk."""

    pages: dict[str, int]
    files: int
    bytes: int

    @property
    def page_count(self) -> int:
        return sum(self.pages.values())

    def summary(self) -> str:
        languages = ", ".join(f"{lang}: {n}" for lang, n in sorted(self.pages.items())) or "inga"
        return f"Sökindex: {self.page_count} sidor ({languages}), {self.files} filer, {self.bytes / 1024:.0f} KiB"


def index(site_dir: Path) -> IndexStats:
    """Write ``<site_dir>/pagefind/`` for the built site and say what it holds."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        "--exclude-selectors",
        EXCLUDE_SELECTORS,
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as e:
        raise SearchIndexError(f"Pagefind kunde inte startas: {e}") from e
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet:\n{done.stderr or done.stdout}")
    bundle = Path(site_dir) / OUTPUT_SUBDIR
    result = stats(bundle)
    unused = [p for pattern in UNUSED for p in bundle.glob(pattern)]
    if "unknown" not in result.pages:
        # every page has a language (lang="sv"), so the fallback stemmer is never loaded
        unused += list(bundle.glob("wasm.unknown.pagefind"))
    for path in unused:
        path.unlink()
    return stats(bundle)


def stats(bundle: Path) -> IndexStats:
    """Pages per language (from ``pagefind-entry.json``) and the bundle's size."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SearchIndexError(f"Pagefind skrev inget läsbart sökindex i {bundle}: {e}") from e
    pages = {lang: int(info.get("page_count", 0)) for lang, info in entry.get("languages", {}).items()}
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(pages=pages, files=len(files), bytes=sum(p.stat().st_size for p in files))
