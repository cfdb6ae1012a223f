"""Rows of an unruled table: numbers anchor the rows, wrapped labels join the row beside them.

A line that prints numbers anchors a row at the numbers' height. Label text is joined down
each column where it wraps over several lines (a block), and each block goes to the anchor row
it sits beside, so a wrapped label and its numbers come out as one row; blocks beside no
numbers are column headers, grouped into rows of their own. A row that leaves a value column
blank gets an empty cell there.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from gongkai.report import labels
from gongkai.report.readers.pdf.geometry import chains
from gongkai.report.readers.pdf.lines import Segment, TextLine, join_lines
from gongkai.report.text import squash, strip_enumerator

#: A cell of an unruled table: its left edge, vertical centre and text.
FreeCell = tuple[float, float, str]
#: An unruled table row: its vertical position and its cells.
FreeRow = tuple[float, list[FreeCell]]


def unruled_rows(lines: list[TextLine]) -> list[FreeRow]:
    """Rows of an unruled table: numbers anchor rows, wrapped labels join their row."""
    return _UnruledTable(lines).rows()


@dataclass
class _Block:
    """Label text in one column over one or more lines (a wrapped cell)."""

    segs: list[tuple[int, Segment]]

    @property
    def top(self) -> float:
        return min(s.top for _, s in self.segs)

    @property
    def bottom(self) -> float:
        return max(s.bottom for _, s in self.segs)

    @property
    def x0(self) -> float:
        return min(s.x0 for _, s in self.segs)

    def cell(self) -> FreeCell:
        return self.x0, (self.top + self.bottom) / 2, join_lines([s.text for _, s in self.segs])


class _UnruledTable:
    """An unruled table: its lines, which of them print numbers, and its label blocks."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        self.h = median(line.h for line in lines)
        numeric = [[s.numeric for s in line.segs] for line in lines]
        #: Per line: its value segments (numbers) and its label segments.
        self.value_segs = [
            [s for s, n in zip(line.segs, flags, strict=True) if n]
            for line, flags in zip(lines, numeric, strict=True)
        ]
        self.label_segs = [
            [s for s, n in zip(line.segs, flags, strict=True) if not n]
            for line, flags in zip(lines, numeric, strict=True)
        ]
        #: Line index → vertical centre of the numbers it prints (the row it anchors).
        self.anchors = {
            index: sum(s.cy for s in values) / len(values)
            for index, values in enumerate(self.value_segs)
            if values
        }
        self.first_anchor = min(self.anchors, default=len(lines))
        value_left = min((s.x0 for values in self.value_segs for s in values), default=float("inf"))
        #: Column headers: lines without numbers whose text stands over the value columns.
        self.header_line = {
            i
            for i, line in enumerate(lines)
            if i not in self.anchors and len(line.segs) >= 2 and line.x1 > value_left
        }
        self.wrap_gap = self._wrap_gap()
        self.columns = self._value_columns()

    def _wrap_gap(self) -> float:
        """The largest gap between two lines of one wrapped label.

        The smallest gap between label text and the text right under it, on a line without
        numbers that is no header and does not start with an enumerator, is the line spacing
        inside cells.
        """
        gaps = [
            b.top - a.bottom
            for i in range(len(self.lines) - 1)
            if i + 1 not in self.anchors
            and i not in self.header_line
            and i + 1 not in self.header_line
            for a in self.label_segs[i]
            for b in self.label_segs[i + 1]
            if min(a.x1, b.x1) > max(a.x0, b.x0) and _may_continue(a.text, b.text)
        ]
        smallest = min(gaps, default=0.0)
        return max(0.25 * self.h, smallest + 0.25 * self.h)

    def _value_columns(self) -> list[float]:
        """Centres of the columns most rows print numbers in (the table's value columns)."""
        centres = sorted((s.x0 + s.x1) / 2 for i in self.anchors for s in self.value_segs[i])
        need = max(3, len(self.anchors) // 2)
        groups = chains(centres, float, 0.8 * self.h)
        return [sum(g) / len(g) for g in groups if len(g) >= need]

    def rows(self) -> list[FreeRow]:
        rows = {cy: self._padded(index) for index, cy in self.anchors.items()}
        loose: list[_Block] = []
        for block in self._blocks():
            for y, piece in self._assign(block):
                if y is None:
                    loose.append(piece)
                else:
                    rows[y].append(piece.cell())
        for y, cells in _header_rows(loose):
            rows.setdefault(y, []).extend(cells)
        return [(y, sorted(rows[y])) for y in sorted(rows)]

    def _padded(self, index: int) -> list[FreeCell]:
        """A row's numbers, with an empty cell for each value column it leaves blank."""
        values = self.value_segs[index]
        cells = [(s.x0, s.cy, s.text) for s in values]
        if len(values) >= len(self.columns):
            return cells
        taken: set[int] = set()
        for s in values:
            centre = (s.x0 + s.x1) / 2
            best = min(range(len(self.columns)), key=lambda c: abs(self.columns[c] - centre))
            if abs(self.columns[best] - centre) > 0.8 * self.h or best in taken:
                return cells  # numbers off the common columns: leave the row as printed
            taken.add(best)
        y = self.anchors[index]
        blanks = [(x, y, "") for c, x in enumerate(self.columns) if c not in taken]
        return cells + blanks

    def _blocks(self) -> list[_Block]:
        """Label text joined down each column where it wraps.

        A segment continues the one above it when each is the other's only neighbour (text
        that spans several columns over their sub-headers does not), and never where a line
        starts with an enumerator ("2.", "（三）"): that starts the next row's label.
        """
        above: dict[int, list[Segment]] = {}
        below: dict[int, list[Segment]] = {}
        where: dict[int, int] = {}
        for j, segs in enumerate(self.label_segs):
            for b in segs:
                where[id(b)] = j
                above[id(b)] = found = self._labels_above(j, b)
                for a in found:
                    below.setdefault(id(a), []).append(b)
        blocks: list[_Block] = []
        block_of: dict[int, _Block] = {}
        for j, segs in enumerate(self.label_segs):
            for b in segs:
                up = above[id(b)]
                if (
                    len(up) == 1
                    and below.get(id(up[0])) == [b]
                    and self._may_join(where[id(up[0])], j)
                    and _may_continue(up[0].text, b.text)
                ):
                    block = block_of[id(up[0])]
                    block.segs.append((j, b))
                else:
                    block = _Block([(j, b)])
                    blocks.append(block)
                block_of[id(b)] = block
        return blocks

    def _labels_above(self, j: int, b: Segment) -> list[Segment]:
        """The label segments right above ``b`` (on line ``j``), on the nearest line with any."""
        for i in range(j - 1, -1, -1):
            if self.lines[j].top - self.lines[i].bottom > self.wrap_gap + self.h:
                break
            found = [a for a in self.label_segs[i] if _stacked(a, b, self.wrap_gap)]
            if found:
                return found
        return []

    def _may_join(self, upper: int, lower: int) -> bool:
        """Header text never runs into a row with numbers."""
        return lower not in self.anchors or (
            upper not in self.header_line and upper >= self.first_anchor
        )

    def _assign(self, block: _Block) -> list[tuple[float | None, _Block]]:
        """The anchor row(s) a label block belongs to; ``None`` for header text."""
        h = self.h
        inside = [
            y for y in self.anchors.values() if block.top - 0.1 * h <= y <= block.bottom + 0.1 * h
        ]
        if not inside:
            return [(None, block)]
        if len(inside) == 1:
            return [(inside[0], block)]
        # Rows set solid (no padding) run one column's labels together: split them again where
        # the label lines sit exactly beside two or more rows' numbers.
        aligned: set[float] = {
            self.anchors[i]
            for i, seg in block.segs
            if i in self.anchors and abs(seg.cy - self.anchors[i]) <= 0.05 * h
        }
        if len(aligned) >= 2:
            pieces: dict[float | None, _Block] = {}
            for index, seg in block.segs:
                y = min(aligned, key=lambda a: (abs(a - seg.cy), a))
                pieces.setdefault(y, _Block([])).segs.append((index, seg))
            return list(pieces.items())
        centre = (block.top + block.bottom) / 2
        return [(min(inside, key=lambda a: (abs(a - centre), a)), block)]


def _may_continue(upper: str, lower: str) -> bool:
    """Whether text ``lower`` may be the wrapped rest of ``upper``.

    Not where ``lower`` starts with an enumerator ("2.", "（三）": the next row's label), and
    not across a 第二十条 caption, which stands alone over its sub-table.
    """
    lower_s = squash(lower)
    if strip_enumerator(lower_s)[0]:
        return False
    return not (labels.CAPTION_RE.search(squash(upper)) or labels.CAPTION_RE.search(lower_s))


def _stacked(upper: Segment, lower: Segment, gap: float) -> bool:
    """Whether ``lower`` sits right under ``upper``, overlapping it horizontally."""
    return min(upper.x1, lower.x1) > max(upper.x0, lower.x0) and lower.top - upper.bottom <= gap


def _header_rows(blocks: list[_Block]) -> list[FreeRow]:
    """Label blocks without numbers, grouped into rows where they overlap vertically."""
    out: list[FreeRow] = []
    group: list[_Block] = []
    bottom = 0.0
    for block in sorted(blocks, key=lambda b: b.top):
        if group and block.top >= bottom - 0.15 * (block.bottom - block.top):
            out.append(_header_row(group))
            group = []
        bottom = max(bottom, block.bottom) if group else block.bottom
        group.append(block)
    if group:
        out.append(_header_row(group))
    return out


def _header_row(group: list[_Block]) -> FreeRow:
    return min(b.top for b in group), [b.cell() for b in group]
