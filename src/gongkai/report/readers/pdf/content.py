"""A page's content: its ruled tables, and the free text lines outside them.

Every character whose centre lies inside a grid goes to its cell; the rest are grouped into
text lines. A line just under a grid's bottom border, within one of its columns, is the last
line of a cell that ran out of room at a page break, and goes back into that cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.report.readers.pdf.geometry import Char, Page
from gongkai.report.readers.pdf.grids import Grid, find_grids
from gongkai.report.readers.pdf.lines import TextLine, group_lines, text_line


@dataclass
class PageContent:
    """A page with its characters sorted into grids and free lines (top to bottom)."""

    page: Page
    grids: list[Grid]
    lines: list[TextLine]


def page_content(page: Page) -> PageContent:
    """Sort a page's characters into its grids and its free text lines."""
    grids = find_grids(page)
    free: list[Char] = []
    boxes = [(g.left, g.top, g.right, g.bottom, g) for g in grids]
    for ch in page.chars:
        x, y = (ch[0] + ch[2]) / 2, (ch[1] + ch[3]) / 2
        for left, top, right, bottom, grid in boxes:
            if left <= x <= right and top <= y <= bottom:
                grid.place(ch, x, y)
                break
        else:
            free.append(ch)
    lines = [
        text_line(page.number, chars)
        for chars in group_lines(free)
        if not any(grid.take_overflow(chars) for grid in grids)
    ]
    lines.sort(key=lambda line: line.top)
    return PageContent(page, grids, lines)
