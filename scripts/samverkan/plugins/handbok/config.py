"""Typed configuration of the handbook plugin (``mkdocs.yml``)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HandbokConfig(Config):
    # repository root holding agreements/; '' means the folder of mkdocs.yml
    root = c.Type(str, default="")
    # internal build: intern documents are published, marked "Intern"
    intern = c.Type(bool, default=False)
    # build date for computed status ("gällande"); '' means today
    today = c.Type((str, dt.date), default="")  # !ENV turns 2026-01-15 into a date
    # build the Pagefind search index after the site is written
    search = c.Type(bool, default=True)
    # version history, version pages and comparisons from git
    history = c.Type(bool, default=True)
    # every document as Word and PDF for download (samverkan export)
    export = c.Type(bool, default=True)
    # a section at or above this LIX gets an information finding (read by the
    # validator itself from mkdocs.yml, samverkan.installningar; declared here
    # so that mkdocs accepts and type-checks it)
    lix_threshold = c.Type(int, default=60)
    # keep rendered pages in .cache/samverkan/sidor/ and reuse them while their text is unchanged,
    # the handbook's Markdown in .cache/samverkan/handbok/ while the archive, the day and the code are
    # unchanged, and the search index in .cache/samverkan/sok/ while the pages it indexes are unchanged
    page_cache = c.Type(bool, default=True)
