"""Nothing from outside the repository: the build reads and publishes only
regular files whose real path lies inside the repository's root.

A symlink under ``agreements/`` may point anywhere (``/etc/passwd``,
``/proc/self/environ``, a file in the user's home); the validator reports it,
and the build never follows it, whatever the validator said.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path


def inside(root: Path, rel: str) -> bool:
    """Whether ``root/rel`` is a regular file whose real path is inside ``root``
    (not a device, a pipe or a symlink leading out)."""
    return rel in inside_all(root, [rel])


def inside_all(root: Path, rels: Iterable[str]) -> frozenset[str]:
    """Those of ``rels`` that are regular files whose real path is inside ``root``
    (as :func:`inside`, the root resolved once for all of them)."""
    try:
        base = os.path.realpath(root, strict=True)
    except (OSError, RuntimeError, ValueError):
        return frozenset()
    found = set()
    for rel in rels:
        try:
            real = os.path.realpath(os.path.join(base, rel), strict=True)
            mode = os.stat(real).st_mode
        except (OSError, RuntimeError, ValueError):
            continue
        if (real == base or real.startswith(base.rstrip(os.sep) + os.sep)) and stat.S_ISREG(mode):
            found.add(rel)
    return frozenset(found)
