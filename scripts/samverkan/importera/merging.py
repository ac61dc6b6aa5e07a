"""Word changes made in a document's own text: the words that differ between
the exported text (the *base*) and the Word-edited one are changed where they
stand in the document's Markdown, so its line breaks, references and tables'
layout stay as written. A reference or an image counts as the words the export
printed for it, so an edit of those words changes its label or description and
keeps the reference or image (:func:`_reference`, :func:`_image`).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass

# A word of the document's text, a [[reference]] or an image counting as one
_TOKEN = re.compile(r"\[\[.*?\]\]\S*|!\[[^\]\n]*\]\([^)\s]+\)\S*|\S+")
_REF = re.compile(r"\[\[(.*?)\]\]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")
# an image as the export prints it, "[Flödet, bild: bild-1.png]", read back from Word
_PRINTED_IMAGE = re.compile(r"\\\[(?:(.*), )?bild: (.+?)\\\]")
# the rule under a table's header row: its width follows the cells, not the text
_RULE = re.compile(r"[|:\-+]+")
# punctuation that may follow a reference's brackets
_TAIL = ".,;:!?"


@dataclass(frozen=True)
class _Word:
    """A word a reader sees, with the span of the text it comes from."""

    text: str
    start: int
    end: int
    token: int  # the token of the text it belongs to (a [[reference]] shows several words)
    ref: str | None = None  # inside the brackets, for a reference's words
    rest: str = ""  # what follows the reference's or image's brackets in the same token (punctuation)
    image: tuple[str, str] | None = None  # alt text and source, for an image's words

    @property
    def shown(self) -> bool:
        """Whether the word is one of several a reader sees for one token of the text."""
        return self.ref is not None or self.image is not None


def _words(text: str, shown) -> list[_Word]:
    """The words a reader sees, each with the span of the text it comes from."""
    out = []
    for n, m in enumerate(_TOKEN.finditer(text)):
        token = m.group(0)
        ref = _REF.match(token)
        image = _IMAGE.match(token)
        if ref:
            rest = token[ref.end() :]
            words = (shown(ref.group(1)) + rest).split() or [token]
            out.extend(_Word(w, m.start(), m.end(), n, ref.group(1), rest) for w in words)
        elif image:
            alt, source = image.groups()
            rest = token[image.end() :]
            words = (_printed(alt, source) + rest).split()
            out.extend(_Word(w, m.start(), m.end(), n, None, rest, (alt, source)) for w in words)
        else:
            out.append(_Word(token, m.start(), m.end(), n))
    return out


def _printed_name(source: str) -> str:
    return source if "://" in source else posixpath.basename(source)


def _printed(alt: str, source: str) -> str:
    """An image as it comes back from the export (``lankar.lua`` prints it as text)."""
    name = _printed_name(source)
    return f"\\[{alt}, bild: {name}\\]" if alt.strip() else f"\\[bild: {name}\\]"


def _inside(ours: list[_Word], k: int, step: int) -> bool:
    """Whether word ``k``'s neighbour on side ``step`` (-1 before, 1 after) is
    in the same reference: a word put between them belongs to its label."""
    j = k + step
    return ours[k].shown and 0 <= j < len(ours) and ours[j].token == ours[k].token


def merge(body: str, base: str, edited: str, shown) -> tuple[str, int, int]:
    """``body`` with the word changes from ``base`` to ``edited`` made in it."""
    ours = _words(body, shown)
    base_words, edited_words = base.split(), edited.split()
    # where each word of the base stands in our text
    at: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [w.text for w in ours], base_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            at[block.b + k] = block.a + k
    edits: list[tuple[int, int, str]] = []
    # changes that touch a reference's words: what each word of ours becomes, and
    # words put inside a reference's title; such a reference is written again as a whole
    becomes: dict[int, list[str]] = {}
    added: dict[int, list[str]] = {}
    unplaced = 0
    changes = difflib.SequenceMatcher(None, base_words, edited_words, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in changes:
        if tag == "equal":
            continue
        old, new = base_words[i1:i2], edited_words[j1:j2]
        if old and new and all(_RULE.fullmatch(w) for w in old + new):
            continue  # a table's rule widened or narrowed with its cells
        text = " ".join(new)
        placed = [at[i] for i in range(i1, i2) if i in at]
        if tag == "insert":
            if i1 in at and _inside(ours, at[i1], -1):
                added.setdefault(at[i1] - 1, []).extend(new)
            elif i1 in at:
                edits.append((ours[at[i1]].start, ours[at[i1]].start, text + " "))
            elif i1 - 1 in at and _inside(ours, at[i1 - 1], 1):
                added.setdefault(at[i1 - 1], []).extend(new)
            elif i1 - 1 in at:
                end = ours[at[i1 - 1]].end
                edits.append((end, end, " " + text))
            else:
                unplaced += 1
            continue
        if not placed:
            unplaced += 1
            continue
        if len(placed) != i2 - i1:
            unplaced += 1
        if any(ours[k].shown for k in placed):
            if len(placed) == len(new):
                becomes.update((k, [w]) for k, w in zip(placed, new))
            else:
                becomes.update((k, []) for k in placed)
                becomes[placed[0]] = new
            continue
        start, end = ours[min(placed)].start, ours[max(placed)].end
        edits.append((start, end, text))
    edits += _rewritten(ours, becomes, added, shown)
    out = body
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out, len(edits), unplaced


def _rewritten(ours: list[_Word], becomes: dict[int, list[str]], added: dict[int, list[str]], shown):
    """The edits for the tokens whose words changed together with a reference's."""
    tokens: dict[int, list[int]] = {}
    for k in sorted(set(becomes) | set(added)):
        tokens.setdefault(ours[k].token, [])
    for k, seen in enumerate(ours):
        if seen.token in tokens:
            tokens[seen.token].append(k)
    edits = []
    for ks in tokens.values():
        first = ours[ks[0]]
        words = [w for k in ks for w in becomes.get(k, [ours[k].text]) + added.get(k, [])]
        text = " ".join(words)
        if not first.shown:
            edits.append((first.start, first.end, text))
        elif text == " ".join(ours[k].text for k in ks):
            continue
        elif first.image is not None:
            edits.append((first.start, first.end, _image(first, text)))
        else:
            edits.append((first.start, first.end, _reference(first, text, shown)))
    return edits


def _reference(ref: _Word, text: str, shown) -> str:
    """A reference whose shown words became ``text`` in Word. Words written
    before or after its unchanged title stay outside it; a changed title
    becomes the reference's label; plain text only where the editor deleted
    the title or made it unfit for a label."""
    title = shown(ref.ref)
    if text.startswith(title):
        return f"[[{ref.ref}]]{text[len(title) :]}"
    if text.endswith(title + ref.rest):
        return f"{text[: len(text) - len(title + ref.rest)]}[[{ref.ref}]]{ref.rest}"
    if ref.rest and text.endswith(ref.rest):
        label, tail = text[: -len(ref.rest)], ref.rest
    else:
        label = text.rstrip(_TAIL)
        tail = text[len(label) :]
    label = label.strip()
    if not label:
        return tail  # the editor deleted the reference's words
    if "|" in label or "]]" in label or "[[" in label:
        return text
    target = ref.ref.partition("|")[0].strip()
    return f"[[{target}|{label}]]{tail}"


def _image(word: _Word, text: str) -> str:
    """An image whose printed words became ``text`` in Word: the same image
    with a new description where only that changed, words written before or
    after it outside it, else what Word has instead (a new picture, text)."""
    alt, source = word.image
    printed = _printed(alt, source) + word.rest
    token = f"![{alt}]({source}){word.rest}"
    if text.startswith(printed):
        return token + text[len(printed) :]
    if text.endswith(printed):
        return text[: -len(printed)] + token
    again = _PRINTED_IMAGE.fullmatch(text.removesuffix(word.rest))
    if again and again.group(2) == _printed_name(source):
        return f"![{again.group(1) or ''}]({source}){word.rest}"
    return text
