"""The structure map (``/strukturkarta/``): per region, the arenas with their
reporting lines ("vart går en fråga härnäst?") and how the kommuner belong to
delregions and kommunalförbund.

Both diagrams are inline SVG drawn at build time (no script, nothing fetched);
each is followed by the same content as text: a nested list and a table. The
geometry is in :mod:`.layout`, the markup in ``templates/handbok/karta-*.html``.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import omfattning
from ..model import Entry
from . import layout, markup, paths
from .context import Handbook
from .page import Page

NAME_WIDTH, NAME_LINES = 22, 3  # characters per line of an arena box, lines at most
# membership diagram: x and width of the three columns, row pitch, gap between delregions
COLUMNS = {"delregion": (8, 190), "kommun": (268, 170), "forbund": (518, 190)}
ROW, GROUP_GAP, TOP, HEAD = 24, 12, 16, 22


@dataclass
class Branch:
    """One arena of the reporting tree, for the text list."""

    entry: Entry
    children: list[Branch]


@dataclass
class ArenaBox:
    entry: Entry
    rect: layout.Rect
    lines: list[str]
    url: str


@dataclass
class Arrow:
    source: str  # the reporting arena
    target: str  # the arena it reports to
    path: str


@dataclass
class ArenaMap:
    boxes: list[ArenaBox]
    arrows: list[Arrow]
    tree: list[Branch]
    width: float
    height: float


@dataclass
class Band:
    """A delregion or kommunalförbund box spanning its kommuner."""

    entry: Entry
    rect: layout.Rect
    lines: list[str]


@dataclass
class Member:
    """One kommun: its row, its delregion and kommunalförbund, and whether the
    kommunalförbund's other members mostly sit in another delregion."""

    entry: Entry
    rect: layout.Rect
    label: str  # short name, with " *" when odd
    delregion: Entry | None
    forbund: Entry | None
    odd: bool
    elsewhere: list[Entry] = field(default_factory=list)


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    odd: bool  # the line of a kommun to a kommunalförbund mostly in another delregion


@dataclass
class MemberMap:
    delregions: list[Band]
    forbund: list[Band]
    members: list[Member]
    lines: list[Line]
    width: float
    height: float

    @property
    def any_odd(self) -> bool:
        return any(m.odd for m in self.members)


@dataclass
class RegionMap:
    region: Entry
    arenas: ArenaMap | None
    members: MemberMap | None


def pages(book: Handbook) -> Iterator[Page]:
    linker = markup.Linker(book.view, paths.STRUKTURKARTA)
    regions = [
        RegionMap(r, arena_map(book, r, linker), member_map(book, r)) for r in book.repo.of_type("region") if r.id
    ]
    yield book.render(
        "strukturkarta.md",
        paths.STRUKTURKARTA,
        "Strukturkarta",
        regions=regions,
        layout=layout,
        COLUMNS=COLUMNS,
        TOP=TOP,
        HEAD=HEAD,
    )


def arena_map(book: Handbook, region: Entry, linker: markup.Linker) -> ArenaMap | None:
    arenas = {a.id: a for a in book.repo.of_type("arena") if a.id and a.data.get("region") == region.id}
    if not arenas:
        return None
    parent_of = {i: a.data.get("rapporterar_till") for i, a in arenas.items()}
    roots, children = layout.forest(list(arenas), parent_of)  # type: ignore[arg-type]
    rects, bus = layout.tree(roots, children)
    boxes = [ArenaBox(a, rects[i], wrap(a.name), site_url(linker, i)) for i, a in arenas.items()]
    arrows = [
        Arrow(kid, parent, layout.arrow(rects[kid], rects[parent], bus.get(kid)))
        for parent in arenas
        for kid in children[parent]
    ]

    def branch(i: str) -> Branch:
        return Branch(arenas[i], [branch(k) for k in children[i]])

    width, height = layout.size(rects)
    return ArenaMap(boxes, arrows, [branch(r) for r in roots], width, height)


def member_map(book: Handbook, region: Entry) -> MemberMap | None:
    repo = book.repo
    kommuner = [k for k in repo.of_type("kommun") if k.id and k.data.get("region") == region.id]
    if not kommuner:
        return None
    delregions = [d for d in repo.of_type("delregion") if d.id and d.data.get("region") == region.id]
    forbund = [f for f in repo.of_type("kommunalförbund") if f.id and f.data.get("region") == region.id]
    _order(kommuner, delregions, forbund)
    members: list[Member] = []
    y, previous = TOP + HEAD + ROW / 2, None  # a band may reach half a row above its first kommun
    x, w = COLUMNS["kommun"]
    for k in kommuner:
        dr = k.data.get("delregion")
        if previous is not None and dr != previous:
            y += GROUP_GAP
        previous = dr
        odd = omfattning.delregion_differs(repo, k)
        label = wrap(k.text("kortnamn") or k.name, NAME_WIDTH, 1)[0] + (" *" if odd else "")
        members.append(
            Member(
                k,
                layout.Rect(x, y + 2, w, ROW - 4),
                label,
                repo.entry(dr, "delregion"),
                repo.entry(k.data.get("kommunalförbund"), "kommunalförbund"),
                odd,
                omfattning.other_delregions(repo, k) if odd else [],
            )
        )
        y += ROW
    dr_bands = _bands(delregions, members, "delregion", "delregion")
    kf_bands = _bands(forbund, members, "forbund", "kommunalförbund")
    by_id = {b.entry.id: b.rect for b in dr_bands + kf_bands}
    lines = []
    for m in members:
        y = m.rect.y + m.rect.h / 2
        if m.delregion is not None and m.delregion.id in by_id:
            band = by_id[m.delregion.id]
            lines.append(Line(band.x + band.w, _clamp(y, band), m.rect.x, y, False))
        if m.forbund is not None and m.forbund.id in by_id:
            band = by_id[m.forbund.id]
            lines.append(Line(m.rect.x + m.rect.w, y, band.x, _clamp(y, band), m.odd))
    right = COLUMNS["forbund"] if forbund else COLUMNS["kommun"]
    bottom = max(r.bottom for r in [m.rect for m in members] + list(by_id.values()))
    legend = HEAD + 6 if any(m.odd for m in members) else 0
    return MemberMap(dr_bands, kf_bands, members, lines, sum(right) + layout.MARGIN, bottom + layout.MARGIN + legend)


def _order(kommuner: list[Entry], delregions: list[Entry], forbund: list[Entry]) -> None:
    """Sorts in place: kommuner by delregion, then by kommunalförbund; each
    kommunalförbund with the delregion most of its members are in. Lines then
    run straight across, and a kommun in another delregion's kommunalförbund
    (Lilla Edet) ends its delregion, next to that kommunalförbund."""
    dr_rank = {d.id: n for n, d in enumerate(delregions)}
    home = {
        f.id: _majority(k.data.get("delregion") for k in kommuner if k.data.get("kommunalförbund") == f.id)
        for f in forbund
    }
    forbund.sort(key=lambda f: dr_rank.get(home[f.id], len(dr_rank)))
    kf_rank = {f.id: n for n, f in enumerate(forbund)}
    kommuner.sort(
        key=lambda k: (
            dr_rank.get(k.data.get("delregion"), len(dr_rank)),
            kf_rank.get(k.data.get("kommunalförbund"), len(kf_rank)),
        )
    )


def _bands(entries: list[Entry], members: list[Member], column: str, key: str) -> list[Band]:
    """A box per delregion or kommunalförbund beside its kommuner."""
    x, w = COLUMNS[column]
    ys = [[m.rect.y + m.rect.h / 2 for m in members if m.entry.data.get(key) == e.id] for e in entries]
    spans = layout.spans(ys, ROW / 2 - 2, 2 * ROW - 4, 4, start=TOP + HEAD)
    return [
        Band(e, layout.Rect(x, top, w, bottom - top), wrap(e.name, 24, max(1, int((bottom - top - 8) // 16))))
        for e, (top, bottom) in zip(entries, spans)
    ]


def _clamp(y: float, band: layout.Rect) -> float:
    """Where a line from a kommun at height ``y`` meets ``band``."""
    return min(max(y, band.y + 6), band.bottom - 6)


def _majority(values) -> str | None:
    counts = Counter(v for v in values if isinstance(v, str))
    return counts.most_common(1)[0][0] if counts else None


def wrap(text: str, width: int = NAME_WIDTH, lines: int = NAME_LINES) -> list[str]:
    """A name broken into at most ``lines`` lines, shortened with … when longer."""
    return textwrap.wrap(text, width, max_lines=lines, placeholder=" …", break_on_hyphens=False) or [text]


def site_url(linker: markup.Linker, id_: str) -> str:
    """The URL of an id's page as served (``../vvg/``): raw HTML links are not
    rewritten by the site generator the way Markdown links to ``index.md`` are."""
    url = linker.href(paths.page_path(id_))
    return url[: -len("index.md")] if url.endswith("index.md") else url
