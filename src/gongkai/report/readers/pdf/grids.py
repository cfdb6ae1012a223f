"""Ruled tables: grids made of ruling lines that cross, and the text in their cells.

Collinear rulings are joined first; rulings that touch or cross form one grid. Grid lines are
the rulings' clustered positions, and two neighbouring basic cells are one merged cell where no
ruling divides them. Each character goes to the cell its centre lies in; each merged cell
becomes one token, emitted in the row where the cell starts (as HTML's ``rowspan`` does).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from gongkai.report.readers.pdf.geometry import Char, Page, Rule, chains
from gongkai.report.readers.pdf.lines import cell_text

_K = TypeVar("_K", bound=Hashable)
#: How close (points) a ruling's end must come to another ruling to touch it.
_TOUCH = 2.0


@dataclass
class GridCell:
    """A merged cell: the row and column it starts in, and its characters."""

    row: int
    col: int
    chars: list[Char] = field(default_factory=list)


@dataclass
class Grid:
    """A ruled table: its grid line positions and its cells."""

    xs: list[float]
    ys: list[float]
    #: Basic cell (row, col) → its merged cell.
    owner: dict[tuple[int, int], GridCell]

    @property
    def left(self) -> float:
        return self.xs[0]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def right(self) -> float:
        return self.xs[-1]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def place(self, ch: Char, x: float, y: float) -> None:
        """Put a character whose centre (x, y) lies inside the grid into its cell."""
        col = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        row = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        self.owner[(max(row, 0), max(col, 0))].chars.append(ch)

    def take_overflow(self, chars: list[Char]) -> bool:
        """Take a line of text that runs out of the grid's last row within one column.

        A cell whose text does not fit (a row split by a page break) prints its last line just
        below the table's bottom border.
        """
        top = min(c[1] for c in chars)
        height = max(c[3] - c[1] for c in chars)
        if not -0.5 * height < top - self.bottom <= 0.5 * height:
            return False
        x0, x1 = chars[0][0], chars[-1][2]
        col = bisect_right(self.xs, (x0 + x1) / 2) - 1
        if not 0 <= col < len(self.xs) - 1 or x0 < self.xs[col] - 1 or x1 > self.xs[col + 1] + 1:
            return False
        self.owner[(len(self.ys) - 2, col)].chars.extend(chars)
        return True

    def rows(self) -> list[list[tuple[int, str]]]:
        """Rows of (column, text); a merged cell appears in the row where it starts."""
        cells = {id(c): c for c in self.owner.values()}.values()
        by_row: dict[int, list[GridCell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, []).append(cell)
        out: list[list[tuple[int, str]]] = []
        for row in sorted(by_row):
            items = [(c.col, cell_text(c.chars)) for c in sorted(by_row[row], key=lambda c: c.col)]
            if any(text for _, text in items):
                out.append(items)
        return out


def find_grids(page: Page) -> list[Grid]:
    """The page's ruled tables: its rulings grouped where they touch, each group a grid."""
    hs = _merge_rules(page.hrules)
    vs = _merge_rules(page.vrules)
    if len(hs) < 2 or len(vs) < 2:
        return []
    # Horizontal ruling i is key i; vertical ruling j is key len(hs) + j.
    touching = _Partition(range(len(hs) + len(vs)))
    by_x = sorted(range(len(vs)), key=lambda j: vs[j][0])
    xs = [vs[j][0] for j in by_x]
    for i, (y, hx0, hx1) in enumerate(hs):
        for k in range(bisect_left(xs, hx0 - _TOUCH), bisect_right(xs, hx1 + _TOUCH)):
            j = by_x[k]
            if vs[j][1] - _TOUCH <= y <= vs[j][2] + _TOUCH:
                touching.union(i, len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, rule in enumerate(hs):
        groups.setdefault(touching.find(i), ([], []))[0].append(rule)
    for j, rule in enumerate(vs):
        groups.setdefault(touching.find(len(hs) + j), ([], []))[1].append(rule)
    grids = (_grid(group_h, group_v) for group_h, group_v in groups.values())
    return [grid for grid in grids if grid is not None]


def _merge_rules(rules: list[Rule], tolerance: float = 2.0) -> list[Rule]:
    """Collinear rulings joined: (position, start, end)."""
    merged: list[Rule] = []
    for group in chains(sorted(rules), lambda r: r[0], tolerance):
        pos = sum(r[0] for r in group) / len(group)
        spans = sorted((r[1], r[2]) for r in group)
        start, end = spans[0]
        for s, e in spans[1:]:
            if s <= end + tolerance:
                end = max(end, e)
            else:
                merged.append((pos, start, end))
                start, end = s, e
        merged.append((pos, start, end))
    return merged


def _grid(hs: list[Rule], vs: list[Rule]) -> Grid | None:
    """The grid of one group of touching rulings; None for a box or a single column."""
    if len(hs) < 2 or len(vs) < 2:
        return None
    left = min(min(h[1] for h in hs), min(v[0] for v in vs))
    right = max(max(h[2] for h in hs), max(v[0] for v in vs))
    top = min(min(v[1] for v in vs), min(h[0] for h in hs))
    bottom = max(max(v[2] for v in vs), max(h[0] for h in hs))
    xs = [x for x in _cluster([left, right, *(v[0] for v in vs)]) if left - 1 <= x <= right + 1]
    ys = [y for y in _cluster([top, bottom, *(h[0] for h in hs)]) if top - 1 <= y <= bottom + 1]
    if len(xs) < 3 or len(ys) < 2:
        return None  # a box around text, or a single column: read it as text
    return Grid(xs, ys, _merged_cells(xs, ys, hs, vs))


def _cluster(values: list[float]) -> list[float]:
    """Grid line positions: values within 3 points of each other merged into their mean."""
    return [sum(group) / len(group) for group in chains(sorted(values), float, 3.0)]


def _merged_cells(
    xs: list[float], ys: list[float], hs: list[Rule], vs: list[Rule]
) -> dict[tuple[int, int], GridCell]:
    """Basic cell (row, col) → its merged cell: neighbours no ruling divides are one cell."""
    rows, cols = len(ys) - 1, len(xs) - 1
    cells = _Partition((r, c) for r in range(rows) for c in range(cols))
    v_at = _spans_at(vs, xs)
    h_at = _spans_at(hs, ys)
    for r in range(rows):
        mid = (ys[r] + ys[r + 1]) / 2
        for c in range(cols - 1):
            if not any(s - 1 <= mid <= e + 1 for s, e in v_at[c + 1]):
                cells.union((r, c), (r, c + 1))
    for c in range(cols):
        mid = (xs[c] + xs[c + 1]) / 2
        for r in range(rows - 1):
            if not any(s - 1 <= mid <= e + 1 for s, e in h_at[r + 1]):
                cells.union((r, c), (r + 1, c))
    merged: dict[tuple[int, int], GridCell] = {}
    owner: dict[tuple[int, int], GridCell] = {}
    for key in cells.members():
        root = cells.find(key)
        cell = merged.get(root)
        if cell is None:
            cell = merged[root] = GridCell(*key)
        cell.row = min(cell.row, key[0])
        cell.col = min(cell.col, key[1])
        owner[key] = cell
    return owner


def _spans_at(rules: list[Rule], positions: list[float]) -> list[list[tuple[float, float]]]:
    """For each grid line position, the spans that rulings draw along it."""
    return [[(s, e) for p, s, e in rules if abs(p - pos) <= 3.5] for pos in positions]


class _Partition(Generic[_K]):
    """Keys joined into disjoint groups (union-find with path halving)."""

    def __init__(self, keys: Iterable[_K]) -> None:
        self._parent = {key: key for key in keys}

    def members(self) -> Iterable[_K]:
        return self._parent.keys()

    def find(self, key: _K) -> _K:
        parent = self._parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: _K, b: _K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[ra] = rb
