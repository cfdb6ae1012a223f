"""Where unruled tables are: runs of free text lines that print several segments.

A region starts at a line with two or more segments (not a section heading) and runs on over
lines with several segments and the short lines between them (wrapped labels, captions). It
takes in the header lines just above it and a wrapped label's tail just below. A region with a
single multi-segment line, or none with three, is weak: a table only where it continues one
from the previous page, otherwise prose (two columns of "key value" pairs, a signature and its
date).
"""

from __future__ import annotations

from gongkai.report import labels
from gongkai.report.readers.pdf.lines import TextLine

#: A region: lines[start:end] and whether it is weak.
Region = tuple[int, int, bool]


def table_regions(lines: list[TextLine]) -> list[Region]:
    """Index ranges [start, end) of lines that form unruled tables, and whether each is weak."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = max(right - left, 1.0)
    widths = [len(line.segs) for line in lines]
    multi = [n >= 2 for n in widths]
    heading = [labels.match_section_heading(line.text) is not None for line in lines]

    def joins(i: int) -> bool:
        """Line i may sit inside a table (a wrapped label, a caption)."""
        line = lines[i]
        return not heading[i] and (multi[i] or line.x1 - line.x0 < 0.6 * width)

    def close(i: int, j: int, factor: float = 2.5) -> bool:
        return lines[j].top - lines[i].bottom <= factor * max(lines[i].h, lines[j].h)

    regions: list[Region] = []
    i = 0
    n = len(lines)
    while i < n:
        if not multi[i] or heading[i]:
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < n and joins(j) and close(j - 1, j):
            k = j
            while k < n and not multi[k] and joins(k) and close(k - 1, k):
                k += 1
            if k < n and multi[k] and close(k - 1, k) and not heading[k]:
                end = k
                j = k + 1
                continue
            break
        floor = regions[-1][1] if regions else 0
        while (
            start > floor
            and not multi[start - 1]
            and joins(start - 1)
            and close(start - 1, start, 1.0)
        ):
            start -= 1  # header lines above the first row with numbers
        values = [s.x0 for line in lines[start : end + 1] for s in line.segs if s.numeric]
        value_left = min(values, default=right)
        while (
            end + 1 < n
            and not multi[end + 1]
            and joins(end + 1)
            and close(end, end + 1, 1.0)
            and lines[end + 1].x1 < value_left
        ):
            end += 1  # the last label's wrapped tail
        weak = sum(multi[start : end + 1]) < 2 or max(widths[start : end + 1]) < 3
        regions.append((start, end + 1, weak))
        i = end + 1
    return regions
