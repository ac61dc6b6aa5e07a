"""The glossary (``agreements/ordlista.yml``): abbreviation → explanation."""

from __future__ import annotations

from .model import Repository


def entries(repo: Repository) -> list[tuple[str, str]]:
    """(abbreviation, explanation) pairs, sorted as a Swedish reader looks them up."""
    data = repo.glossary.data if repo.glossary is not None else None
    if not isinstance(data, dict):
        return []
    pairs = [(str(k), " ".join(str(v).split())) for k, v in data.items() if isinstance(v, (str, int, float))]
    return sorted(pairs, key=lambda kv: sort_key(kv[0]))


def sort_key(text: str) -> tuple:
    """Swedish alphabetical order: å, ä, ö after z."""
    order = {"å": "{", "ä": "|", "ö": "}"}
    return tuple("".join(order.get(ch, ch) for ch in text.casefold()))


def abbreviation_block(repo: Repository) -> str:
    """Python-Markdown ``abbr`` definitions, appended to every page for tooltips."""
    return "\n".join(f"*[{abbr}]: {text}" for abbr, text in entries(repo))
