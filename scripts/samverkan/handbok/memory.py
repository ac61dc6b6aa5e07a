"""Giving memory back once a full build no longer needs it.

A build of thousands of pages parses every body and sentence once and keeps
the results in the parsers' memos (``functools.lru_cache``: block tokens,
headings, links, LIX sentences), so that validation, LIX and the pages share
them. Once the pages are made they are never asked again, but they would stay
for the rest of the build, beside the site being written and the search
indexer, which runs as a separate process at the end. :func:`release` empties
them and hands freed memory back to the system.

The preview server (``mkdocs serve``) keeps the memos on purpose: the next
save asks most of them again.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


def release(*, memos: bool = True, collect: bool = True) -> None:
    """Empty samverkan's parse memos (unless ``memos`` is false), collect
    garbage (unless ``collect`` is false: nothing that holds cycles was made)
    and return freed heap memory to the system where the C library can."""
    if memos:
        for function in _memos():
            function.cache_clear()
    if collect:
        gc.collect()
    _trim()


def _memos() -> list:
    """The memoised functions of samverkan's modules that keep one result per
    argument (one that keeps a single value, like a compiled parser, stays)."""
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "samverkan" or name.startswith("samverkan.")):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if not callable(info) or not callable(getattr(value, "cache_clear", None)) or info().maxsize == 1:
                continue
            # a memo imported from elsewhere (urllib's urlsplit) is not ours to empty
            if (getattr(value, "__module__", None) or "").split(".")[0] == "samverkan":
                found.append(value)
    return found


def _trim() -> None:
    """``malloc_trim(0)``: glibc keeps freed memory in the process otherwise."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim
