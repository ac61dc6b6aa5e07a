"""Publishing a built site all at once: build beside it, then swap it in.

An interrupted build (a killed process, a full disk, a strict-mode failure)
must leave the previously published folder as it was, never half old and half
new. The site is built into a staging folder beside the target; only a build
that succeeded replaces the target, by exchanging the two folders in one
``renameat2(RENAME_EXCHANGE)`` call on Linux (two renames elsewhere). The old
site, now in the staging folder, is then removed; staging folders left by
killed builds are removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_MARK = ".bygge-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging(target: Path) -> Path:
    """A new, empty staging folder beside ``target`` (same file system, so the
    swap is a rename); stale ones from builds that no longer run are removed."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name}{_MARK}"
    for stale in target.parent.glob(prefix + "*"):
        pid = stale.name[len(prefix) :]
        if not pid.isdigit() or not _running(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    folder = target.parent / f"{prefix}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def publish(folder: Path, target: Path) -> None:
    """Put the finished site in ``folder`` at ``target``, replacing what was there
    in one step; the old site is removed afterwards."""
    folder, target = Path(folder), Path(target)
    if not target.exists() and not target.is_symlink():
        os.rename(folder, target)
        return
    if not _exchange(folder, target):
        old = folder.with_name(folder.name + "-gammal")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
        os.rename(folder, target)
        folder = old
    shutil.rmtree(folder, ignore_errors=True)


def discard(folder: Path) -> None:
    """Remove the staging folder of a build that failed."""
    shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
