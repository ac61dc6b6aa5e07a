"""Nothing from outside the repository: the build reads and publishes only
regular files whose real path lies inside the repository's root.

A symlink under ``agreements/`` may point anywhere (``/etc/passwd``,
``/proc/self/environ``, a file in the user's home); the validator reports it,
and the build never follows it, whatever the validator said.
"""

from __future__ import annotations

import stat
from pathlib import Path


def inside(root: Path, rel: str) -> bool:
    """Whether ``root/rel`` is a regular file whose real path is inside ``root``
    (not a device, a pipe or a symlink leading out)."""
    try:
        base = root.resolve(strict=True)
        real = (root / rel).resolve(strict=True)
        mode = real.stat().st_mode
    except (OSError, RuntimeError, ValueError):
        return False
    return real.is_relative_to(base) and stat.S_ISREG(mode)
