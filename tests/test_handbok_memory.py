"""After a full build's pages are made, samverkan's parse memos are emptied."""

from __future__ import annotations

import functools
import sys
import types

from samverkan.handbok import memory


def test_release_empties_the_memos_of_samverkan_modules_and_keeps_single_values(monkeypatch):
    module = types.ModuleType("samverkan._minnestest")

    @functools.lru_cache(maxsize=1024)
    def parsed(text: str) -> tuple:
        return tuple(text.split())

    @functools.lru_cache(maxsize=1)
    def parser() -> object:
        return object()

    @functools.cache
    def unbounded(text: str) -> str:
        return text.upper()

    for function in (parsed, parser, unbounded):
        function.__module__ = module.__name__  # as defined in a samverkan module
    elsewhere = functools.lru_cache(maxsize=1024)(str.lower)
    # a memo of another library imported into a samverkan module (as urllib's urlsplit is)
    module.parsed, module.parser, module.unbounded, module.imported = parsed, parser, unbounded, elsewhere
    monkeypatch.setitem(sys.modules, module.__name__, module)
    parsed("en mening"), parser(), unbounded("ord")
    elsewhere("ANNAN MODUL")

    memory.release()
    assert parsed.cache_info().currsize == 0 and unbounded.cache_info().currsize == 0
    assert parser.cache_info().currsize == 1  # a compiled parser is kept
    assert elsewhere.cache_info().currsize == 1  # not samverkan's: not ours to empty
    assert parsed("en mening") == ("en", "mening")  # still works, parses again


def test_release_without_memos_keeps_them():
    from samverkan import body  # noqa: F401 - its memos are what release would empty

    memos = memory._memos()
    assert memos  # samverkan has parse memos to empty
    sizes = [m.cache_info().currsize for m in memos]
    memory.release(memos=False)
    assert [m.cache_info().currsize for m in memos] == sizes
