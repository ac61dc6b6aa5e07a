"""Geometry of the structure map's diagrams: ids and numbers only, no text or markup.

The reporting lines form a forest (an arena reports to at most one other); it is
drawn top-down, the arenas that report to nobody first. The membership diagram
stacks the kommuner in one column and spans each delregion and kommunalförbund
box over its members.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# the reporting diagram, in SVG user units (≈ CSS px at full size)
BOX_W, BOX_H = 176, 78
GAP_X, GAP_Y = 16, 48
INDENT, STACK_GAP = 16, 12  # stacked leaves: indent for the bus line, gap between boxes
MARGIN = 8


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


def forest(ids: Sequence[str], parent_of: Mapping[str, str | None]) -> tuple[list[str], dict[str, list[str]]]:
    """Roots and children of the reporting forest, both in ``ids`` order.

    A parent outside ``ids`` (another region, a typo) makes a root. The validator
    rejects loops; should one get here, it is cut at its first member so the
    build neither hangs nor drops an arena.
    """
    known = set(ids)
    children: dict[str, list[str]] = {i: [] for i in ids}
    roots: list[str] = []
    for i in ids:
        parent = parent_of.get(i)
        if parent in known and parent != i:
            children[parent].append(i)
        else:
            roots.append(i)
    reached: set[str] = set()

    def walk(start: str) -> None:
        todo = [start]
        while todo:
            node = todo.pop()
            if node not in reached:
                reached.add(node)
                todo.extend(children[node])

    for root in roots:
        walk(root)
    for i in ids:
        if i not in reached:  # on a loop
            children[parent_of[i]].remove(i)  # type: ignore[index]
            roots.append(i)
            walk(i)
    return roots, children


def tree(roots: Sequence[str], children: Mapping[str, Sequence[str]]) -> tuple[dict[str, Rect], dict[str, float]]:
    """A box per node, and the x of the bus line of every stacked leaf.

    Depth gives the row (stacked leaves run on downwards). Subtrees take the next
    free columns left to right, and a parent sits centred over its first and last
    child. When a node has two or more leaf children, the leaves are stacked in
    one column after its other children, indented, joined by a bus line on their
    left (as org charts do), which keeps a region with many arenas narrow enough
    to read.
    """
    rects: dict[str, Rect] = {}
    bus: dict[str, float] = {}
    cursor = float(MARGIN)

    def column() -> float:
        nonlocal cursor
        x, cursor = cursor, cursor + BOX_W + GAP_X
        return x

    def place(node: str, y: float) -> float:
        """Places the subtree of ``node`` with its box at ``y``; returns its centre x."""
        nonlocal cursor
        kids = list(children.get(node, ()))
        leaves = [k for k in kids if not children.get(k)]
        stacked = leaves if len(leaves) >= 2 else []
        below = y + BOX_H + GAP_Y
        centres = [place(k, below) for k in kids if k not in stacked]
        if stacked:
            x = cursor
            cursor += INDENT
            column()
            for n, leaf in enumerate(stacked):
                rects[leaf] = Rect(x + INDENT, below + n * (BOX_H + STACK_GAP), BOX_W, BOX_H)
                bus[leaf] = x + INDENT / 2
            centres.append(x + BOX_W / 2)
        centre = (centres[0] + centres[-1]) / 2 if centres else column() + BOX_W / 2
        rects[node] = Rect(centre - BOX_W / 2, y, BOX_W, BOX_H)
        return centre

    for root in roots:
        place(root, MARGIN)
    return rects, bus


def size(rects: Mapping[str, Rect]) -> tuple[float, float]:
    """Width and height of a diagram holding ``rects``."""
    if not rects:
        return 2 * MARGIN, 2 * MARGIN
    return (
        max(r.x + r.w for r in rects.values()) + MARGIN,
        max(r.bottom for r in rects.values()) + MARGIN,
    )


def arrow(child: Rect, parent: Rect, bus: float | None = None) -> str:
    """SVG path data from ``child`` to the bottom of ``parent`` (the arrowhead is
    a marker at the end): up, across at mid-gap, up again; a stacked leaf first
    runs left to its bus line."""
    end = parent.bottom + 2
    if bus is not None:
        start = f"M{num(child.x)} {num(child.y + child.h / 2)} H{num(bus)}"
        x = bus
    else:
        start = f"M{num(child.cx)} {num(child.y)}"
        x = child.cx
    under_parent = parent.x + 4 <= x <= parent.x + parent.w - 4
    if abs(x - parent.cx) < 0.5 or (bus is not None and under_parent):
        return f"{start} V{num(end)}"
    mid = parent.bottom + GAP_Y / 2
    return f"{start} V{num(mid)} H{num(parent.cx)} V{num(end)}"


def spans(
    members: Sequence[Sequence[float]], half: float, min_height: float, gap: float, start: float = 0.0
) -> list[tuple[float, float]]:
    """(top, bottom) of a box per group spanning its members' row centres,
    pushed down where it would overlap the box above. Boxes come out in the
    given order, none above ``start``; a group without members follows the box
    before it."""
    out: list[tuple[float, float]] = []
    floor = start
    for ys in members:
        if ys:
            top, bottom = min(ys) - half, max(ys) + half
        else:
            top = bottom = floor
        if bottom - top < min_height:
            mid = (top + bottom) / 2
            top, bottom = mid - min_height / 2, mid + min_height / 2
        if top < floor:
            top, bottom = floor, floor + (bottom - top)
        out.append((top, bottom))
        floor = bottom + gap
    return out


def min_width(width: float) -> float:
    """The narrowest a diagram may be scaled to before it scrolls sideways,
    so its text stays readable on a phone."""
    return min(width, max(width * 0.7, 320))


def num(value: float) -> str:
    """A coordinate without needless decimals, so the golden file stays stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
