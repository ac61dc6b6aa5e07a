"""CODEOWNERS generated from the registry: which GitHub team reviews which file.

Every document is owned by an arena (:func:`relationer.owner`) and an arena
names its GitHub team in ``github_team``. The registry files and the glossary
belong to no single arena: they go to the team nearest the top of each
region's escalation chain, which also reviews new files under ``agreements/``
that the generated file does not list yet. Intern documents are included:
CODEOWNERS is read by GitHub, not published on the site.

The file is generated and only ever rewritten whole, so it stays one line per
file, sorted, and free of anything that depends on the order files were read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Document, Entry, Repository
from .relationer import owner
from .schema import SCHEMA_DIR

# The first line of every generated file: how the command recognises its own
# output and refuses to overwrite a hand-written CODEOWNERS.
MARKER = "# Genererad av `samverkan codeowners` – ändra inte filen för hand."

HEADER = f"""{MARKER}
#
# Vem som granskar en ändring bestäms av registret i agreements/organisation/:
# varje dokument ägs av en arena, och arenan anger sitt GitHub-team i nyckeln
# github_team. Ändra där och skapa sedan filen på nytt med
#
#     samverkan codeowners
#
# CI kontrollerar att filen är aktuell (samverkan codeowners --check).
# GitHub låter den sista raden som passar en fil avgöra vem som granskar den.
"""

CATCH_ALL = "agreements/"


@lru_cache(maxsize=1)
def _team_pattern() -> re.Pattern[str]:
    # the schema is the one place the form of a team is written down
    schema = json.loads((SCHEMA_DIR / "organisation.schema.json").read_text(encoding="utf-8"))
    return re.compile(schema["$defs"]["arena"]["properties"]["github_team"]["pattern"])


@dataclass(frozen=True)
class Line:
    """One rule: a path in the repository and the teams that review it."""

    path: str
    owners: tuple[str, ...]


@dataclass(frozen=True)
class Missing:
    """A file that gets no line of its own, and why (in Swedish)."""

    path: str
    reason: str


@dataclass
class Plan:
    """Everything the generated file says, before it is written out."""

    fallback: tuple[str, ...] = ()
    registry: list[Line] = field(default_factory=list)
    documents: list[Line] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """One Swedish sentence per file without an owner of its own."""
        where = (
            "granskas tills vidare av teamen på raden /agreements/"
            if self.fallback
            else "ingen granskare krävs för den"
        )
        return [f"{visible(m.path)} saknar ägare i CODEOWNERS: {visible(m.reason)} ({where})" for m in self.missing]

    def text(self) -> str:
        """The CODEOWNERS file."""
        out = [HEADER]
        if self.fallback:
            out.append("\n# Nya filer under agreements/ som ännu inte står nedan: teamen högst upp\n")
            out.append("# i regionernas eskaleringskedjor.\n")
            out.append(_rule(Line(CATCH_ALL, self.fallback)))
        if self.registry:
            out.append("\n# Registret och ordlistan\n")
            out.extend(_rule(line) for line in self.registry)
        if self.documents:
            out.append("\n# Dokumenten, ägda av sina arenor\n")
            out.extend(_rule(line) for line in self.documents)
        if self.missing:
            out.append("\n# Saknar ägare (se varningarna från samverkan codeowners):\n")
            out.extend(f"#   /{visible(m.path)}: {visible(m.reason)}\n" for m in self.missing)
        return "".join(out)


def plan(repo: Repository) -> Plan:
    """Who owns each registry file, the glossary and each document of ``repo``."""
    result = Plan(fallback=_teams_of_regions(repo, _all_regions(repo)))
    shared = [(path, _regions_in_file(repo, path) or _all_regions(repo)) for path in repo.registry_files]
    if repo.glossary_path is not None:
        shared.append((repo.glossary_path, _all_regions(repo)))
    for path, regions in sorted(shared):
        teams = _teams_of_regions(repo, regions)
        if teams:
            result.registry.append(Line(path, teams))
        else:
            result.missing.append(Missing(path, _no_top_team(repo, regions)))
    for doc in sorted(repo.documents, key=lambda d: d.path):
        arena_id = _owner(repo, doc)
        arena = repo.entry(arena_id, "arena")
        team = _team(arena) if arena is not None else None
        if team:
            result.documents.append(Line(doc.path, (team,)))
        elif arena_id is None:
            result.missing.append(Missing(doc.path, "dokumentet har ingen ägande arena"))
        elif arena is None:
            result.missing.append(Missing(doc.path, f"ägaren '{arena_id}' är ingen arena i registret"))
        elif arena.data.get("github_team") is None:
            result.missing.append(Missing(doc.path, f"arenan '{arena_id}' har ingen github_team"))
        else:
            result.missing.append(Missing(doc.path, f"arenan '{arena_id}' har ett ogiltigt github_team"))
    result.missing.sort(key=lambda m: m.path)
    return result


def render(repo: Repository) -> str:
    """The CODEOWNERS file for ``repo``: deterministic, one line per file."""
    return plan(repo).text()


def is_generated(text: str) -> bool:
    """Whether ``text`` is a file this module wrote (and may overwrite)."""
    return text.lstrip("\ufeff").startswith(MARKER)


def _owner(repo: Repository, doc: Document) -> str | None:
    """The arena whose team reviews ``doc``: a remissvar is reviewed by those who
    keep the document it answers."""
    if doc.typ == "remissvar":
        target = repo.document(doc.data.get("svar_på"))
        return owner(repo, target) if target is not None and target.typ != "remissvar" else None
    return owner(repo, doc)


def _team(arena: Entry) -> str | None:
    value = arena.data.get("github_team")
    return value if isinstance(value, str) and _team_pattern().match(value) else None


def _all_regions(repo: Repository) -> list[str]:
    return sorted(node.id for node in repo.of_type("region") if node.id)


def _regions_in_file(repo: Repository, path: str) -> list[str]:
    """The regions a registry file's entries belong to (a region is its own)."""
    found = set()
    for entry in repo.entries:
        if entry.path != path:
            continue
        region = entry.id if entry.typ == "region" else entry.text("region")
        if repo.entry(region, "region") is not None:
            found.add(region)
    return sorted(found)


def _teams_of_regions(repo: Repository, regions: list[str]) -> tuple[str, ...]:
    teams: list[str] = []
    for region in regions:
        teams.extend(t for t in top_teams(repo, region) if t not in teams)
    return tuple(teams)


def _no_top_team(repo: Repository, regions: list[str]) -> str:
    names = " och ".join(node.name for r in regions if (node := repo.entry(r, "region")) is not None)
    if not names:
        return "registret har ingen region"
    return f"ingen av de regionala arenorna i eskaleringskedjan för {names} har github_team"


def top_teams(repo: Repository, region: str) -> tuple[str, ...]:
    """The teams nearest the top of ``region``'s escalation chain.

    The top is every regional arena of the region that reports to no other
    regional arena of it (SRO, SVOM). A political body often has no team of
    its own; then the arenas reporting to it are asked, one level at a time,
    and the first level where any arena has a team owns the file.
    """
    arenas = [
        a
        for a in repo.of_type("arena")
        if isinstance(a, Entry) and a.text("region") == region and a.text("nivå") == "regional" and a.id
    ]
    ids = {a.id for a in arenas}
    level = [a for a in arenas if a.text("rapporterar_till") not in ids]
    seen: set[str | None] = set()
    while level:
        teams = sorted({team for a in level if (team := _team(a))})
        if teams:
            return tuple(teams)
        seen.update(a.id for a in level)
        above = {a.id for a in level}
        level = [a for a in arenas if a.text("rapporterar_till") in above and a.id not in seen]
    return ()


# gitignore-style pattern characters; a path is matched literally
_SPECIAL = re.compile(r"([\\ #*?\[\]!])")
# characters that would end a line (or hide as one) in a generated file
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _rule(line: Line) -> str:
    # A pattern cannot hold a line break: each control character matches as
    # '?' (any one character), so the rule still covers the file and cannot
    # add a line of its own.
    pattern = "/" + _CONTROL.sub("?", _SPECIAL.sub(r"\\\1", line.path))
    return f"{pattern} {' '.join(_CONTROL.sub('', owner) for owner in line.owners)}\n"


def visible(text: str) -> str:
    """``text`` on one line, each control character written as an escape (``\\n``)."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), str(text))
