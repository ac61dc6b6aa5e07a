"""Python-Markdown's inline step without the pattern searches that cannot match.

Python-Markdown applies each of its ~16 inline patterns (links, emphasis,
code, HTML, entities …) to every piece of text of a page in turn, one regular
expression search and a few Python calls each, even when the text has no
character the pattern starts with. On a region's archive that is most of
what converting the handbook's pages costs: their tables and lists are
thousands of short cells, most of them plain words.

:class:`FastInline` is the same :class:`markdown.treeprocessors.InlineProcessor`
(same patterns, same order, same stash), except that a pattern of Python-Markdown's
own whose expression needs a character the text does not hold is passed over:
its search could not have matched, and a search without a match changes
nothing. A pattern this module does not know (another extension's, or a
changed one in a later Markdown) is always tried, so the output stays
Python-Markdown's own (``tests/test_markdown_fast.py`` compares the two).
"""

from __future__ import annotations

from markdown import Markdown, inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# A known pattern (its class and expression) and the strings one of which
# any text it can match must hold.
_NEEDS: dict[tuple[type, str], tuple[str, ...]] = {
    (inlinepatterns.BacktickInlineProcessor, inlinepatterns.BACKTICK_RE): ("`",),
    (inlinepatterns.EscapeInlineProcessor, inlinepatterns.ESCAPE_RE): ("\\",),
    (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): ("[",),
    (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE): ("[",),
    (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE): ("![",),
    (inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): ("![",),
    (inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): ("[",),
    (inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): ("![",),
    (inlinepatterns.AutolinkInlineProcessor, inlinepatterns.AUTOLINK_RE): ("<",),
    (inlinepatterns.AutomailInlineProcessor, inlinepatterns.AUTOMAIL_RE): ("<",),
    (inlinepatterns.SubstituteTagInlineProcessor, inlinepatterns.LINE_BREAK_RE): ("  \n",),
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.HTML_RE): ("<",),
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.ENTITY_RE): ("&",),
    (inlinepatterns.SimpleTextInlineProcessor, inlinepatterns.NOT_STRONG_RE): ("*", "_"),
    (inlinepatterns.AsteriskProcessor, r"\*"): ("*",),
    (inlinepatterns.UnderscoreProcessor, r"_"): ("_",),
}


def needs(pattern: object) -> tuple[str, ...] | None:
    """What text ``pattern`` can match must hold (one of these strings), or None
    when this module does not know the pattern (it is then always tried)."""
    return _NEEDS.get((type(pattern), getattr(pattern, "pattern", None)))


class FastInline(InlineProcessor):
    """:class:`InlineProcessor` that passes over a known pattern the text cannot match."""

    def run(self, tree, ancestors=None):
        # the registry looks a pattern up by position on every try: the list once per page
        self._patterns = [(pattern, needs(pattern)) for pattern in self.inlinePatterns]
        wanted = [part for _, need in self._patterns for part in need or ()]
        # text with none of these is left as it is: no pattern can match it (only if all are known)
        self._wanted = None if any(need is None for _, need in self._patterns) else tuple(dict.fromkeys(wanted))
        return super().run(tree, ancestors)

    # the name InlineProcessor's own methods call (its private __handleInline)
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        wanted = self._wanted
        if wanted is not None:
            for part in wanted:
                if part in data:
                    break
            else:
                return data
        patterns = self._patterns
        apply = self._InlineProcessor__applyPattern
        startIndex = 0  # noqa: N806 (named as in InlineProcessor)
        count = len(patterns)
        while patternIndex < count:
            pattern, need = patterns[patternIndex]
            if need is not None:
                for part in need:
                    if part in data:
                        break
                else:
                    # the search would find nothing: go on as InlineProcessor does after a miss
                    patternIndex += 1
                    startIndex = 0  # noqa: N806
                    continue
            data, matched, startIndex = apply(pattern, data, patternIndex, startIndex)  # noqa: N806
            if not matched:
                patternIndex += 1
        return data


class FastInlineExtension(Extension):
    """Puts :class:`FastInline` in the place of Python-Markdown's inline step."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(FastInline(md), "inline", 20)

    def __repr__(self) -> str:
        # the page caches' keys hold the extensions' repr: the same for every build
        return f"{type(self).__module__}.{type(self).__name__}()"


def makeExtension(**kwargs) -> FastInlineExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension by its module's name (``markdown_extensions: [samverkan.markdown_fast]``)."""
    return FastInlineExtension(**kwargs)
