"""Prose paragraphs: where one paragraph ends and the next begins.

The document's own layout is measured first from all its prose lines: the body text's margins
on each page, its character height, its line spacing, and how far short of the right margin a
line inside a paragraph may end. A line then starts a new paragraph at a change of size, a
wider gap, an indent, a short previous line, or a section heading; a centred title set larger
than the body keeps its wrapped lines together.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from gongkai.report import labels
from gongkai.report.readers.pdf.lines import TextLine


@dataclass
class ProseLayout:
    """How the document sets its prose, measured from its lines."""

    #: Per page: the left and right edges of the body text.
    margins: dict[int, tuple[float, float]]
    #: Character height of the body text.
    body: float
    #: The usual gap between two lines of a paragraph, in character heights.
    leading: float
    #: How far short of the right margin a line inside a paragraph may end (character heights).
    ragged: float

    @classmethod
    def measure(cls, lines: list[TextLine]) -> ProseLayout:
        margins = _margins(lines)
        body = median(line.h for line in lines) if lines else 0.0
        leading = _leading(lines)
        return cls(margins, body, leading, _ragged(lines, margins, leading))

    def breaks(self, prev: TextLine, cur: TextLine) -> bool:
        """Whether ``cur`` starts a new paragraph after ``prev``."""
        h = max(prev.h, cur.h)
        left, right = _edges(self.margins, cur)
        prev_left, prev_right = _edges(self.margins, prev)
        if abs(prev.h - cur.h) > 0.12 * h:
            return True
        if cur.page == prev.page and cur.top - prev.bottom > (self.leading + 0.5) * h:
            return True
        if (
            prev.h >= 1.15 * self.body
            and _balanced(prev, prev_left, prev_right)
            and _balanced(cur, left, right)
        ):
            # A title set larger than the body, wrapped and centred (its lines may be nearly
            # as wide as the body when letter-spaced).
            return cur.page != prev.page
        room = prev_right - prev.x1
        if room > self.ragged * h and room > cur.segs[0].lead + 0.5 * h:
            return True
        if cur.x0 > left + 0.5 * h:
            return True
        return labels.match_section_heading(cur.text) is not None


def _edges(margins: dict[int, tuple[float, float]], line: TextLine) -> tuple[float, float]:
    """The body text's left and right edges on the line's page."""
    return margins.get(line.page, (line.x0, line.x1))


def _margins(lines: list[TextLine]) -> dict[int, tuple[float, float]]:
    """Per page: the left and right edges of the body text (its wide lines)."""
    out: dict[int, tuple[float, float]] = {}
    if not lines:
        return out
    widest = max(line.x1 - line.x0 for line in lines)
    by_page: dict[int, list[TextLine]] = {}
    for line in lines:
        if line.x1 - line.x0 >= 0.6 * widest:
            by_page.setdefault(line.page, []).append(line)
    wide = [line for group in by_page.values() for line in group]
    overall = (min(line.x0 for line in wide), max(line.x1 for line in wide))
    for line in lines:
        group = by_page.get(line.page)
        out[line.page] = (min(x.x0 for x in group), max(x.x1 for x in group)) if group else overall
    return out


def _leading(lines: list[TextLine]) -> float:
    """The usual gap between consecutive lines of the same size, in character heights.

    Most neighbouring lines belong to one paragraph, so the median gap is the line spacing
    (official documents set 16 pt text on a fixed 28 pt pitch: a gap of 0.75).
    """
    gaps = [
        (cur.top - prev.bottom) / prev.h
        for prev, cur in pairwise(lines)
        if cur.page == prev.page
        and abs(prev.h - cur.h) <= 0.12 * prev.h
        and -0.5 * prev.h <= cur.top - prev.bottom <= 3 * prev.h
    ]
    return max(0.1, median(gaps)) if gaps else 0.1


def _ragged(
    lines: list[TextLine], margins: dict[int, tuple[float, float]], leading: float
) -> float:
    """How far short of the right margin lines end inside paragraphs, in character heights.

    Justified text ends flush, but a line that line-breaking rules cut before a character and
    its punctuation may end two characters short, and ragged-right text does so everywhere.
    """
    shortfalls = []
    for prev, cur in pairwise(lines):
        if cur.page != prev.page or abs(prev.h - cur.h) > 0.12 * prev.h:
            continue
        left, right = _edges(margins, prev)
        if cur.x0 > left + 0.5 * cur.h or cur.top - prev.bottom > (leading + 0.5) * cur.h:
            continue
        shortfall = (right - prev.x1) / prev.h
        if shortfall < 4:
            shortfalls.append(shortfall)
    if len(shortfalls) < 5:
        return 1.8
    shortfalls.sort()
    return max(1.8, shortfalls[int(0.9 * (len(shortfalls) - 1))] + 0.3)


def _balanced(line: TextLine, left: float, right: float) -> bool:
    """Whether the line stands as far from the left edge as from the right (within a height)."""
    return abs((line.x0 - left) - (right - line.x1)) <= line.h
