"""Site paths: a link between two pages is what posixpath.relpath makes of them."""

from __future__ import annotations

import itertools
import posixpath

from samverkan.handbok import paths


def test_a_link_between_pages_is_what_relpath_gives_for_every_kind_of_path():
    parts = ["a", "b", "index.md", "..", ".", ""]
    checked = 0
    for here, there in itertools.product(range(4), range(1, 4)):
        for current in itertools.product(parts, repeat=here):
            for target in itertools.product(parts, repeat=there):
                for lead in ("", "/"):
                    page, file = lead + "/".join(current), "/".join(target)
                    try:
                        expected = posixpath.relpath(file, posixpath.dirname(page) or ".")
                    except ValueError:
                        continue  # relpath refuses an empty path; no page links to one
                    assert paths.relative(page, file) == expected, (page, file)
                    checked += 1
    assert checked > 50_000


def test_links_between_the_handbooks_own_pages():
    assert paths.relative("hsa-2018/version/3/index.md", "kommuner/orebro/index.md") == (
        "../../../kommuner/orebro/index.md"
    )
    assert paths.relative("hsa-2018/index.md", "hsa-2018/historik/index.md") == "historik/index.md"
    assert paths.relative("index.md", "hsa-2018/index.md") == "hsa-2018/index.md"
    assert paths.relative("hsa-2018/index.md", "hsa-2018/index.md") == "index.md"
