"""Page furniture: running heads, footers and page numbers, dropped from the text.

Candidates are a page's first and last two lines where they sit near its top or bottom edge,
set apart from the body text and outside any table. A candidate is dropped if it is a page
number by its form ("- 3 -", "第 3 页 共 5 页", "3/5", "Page 3 of 5"), or if the same words
(numbers aside) are printed at the same height on another page.
"""

from __future__ import annotations

import re

from gongkai.report.readers.pdf.content import PageContent
from gongkai.report.readers.pdf.lines import TextLine
from gongkai.report.text import squash

#: What a page number prints besides its one or two numbers ("- 3 -", "第3页 共5页", "3/5").
_PAGE_WORDS_RE = re.compile(r"page|of|[第页共/\-—–－_·•.,:()\[\]|]", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")
#: Lines this close to the top or bottom edge (fraction of the page height) may be furniture.
_MARGIN_ZONE = 0.13


def drop_furniture(contents: list[PageContent]) -> None:
    """Remove page headers, footers and page numbers from the pages' free lines."""
    candidates = [
        (content.page.number, line, _DIGITS_RE.sub("#", squash(line.text)))
        for content in contents
        for line in _edge_lines(content)
    ]
    drop: set[int] = set()
    for number, line, key in candidates:
        repeated = any(
            other_number != number and other_key == key and abs(other.cy - line.cy) <= 3
            for other_number, other, other_key in candidates
        )
        if _is_page_number(line) or (repeated and _DIGITS_RE.sub("", key)):
            drop.add(id(line))
    for content in contents:
        content.lines = [line for line in content.lines if id(line) not in drop]


def _edge_lines(content: PageContent) -> list[TextLine]:
    """The page's first and last two lines where they stand apart near its edges."""
    lines = content.lines
    height = content.page.height
    out = []
    for index in {0, 1, len(lines) - 2, len(lines) - 1}:
        if not 0 <= index < len(lines):
            continue
        line = lines[index]
        if any(g.top <= line.cy <= g.bottom for g in content.grids):
            continue
        step = _edge_step(line, height)
        if not step:
            continue
        # Walk towards the body over the lines set close to this one in the same size: the
        # first line beyond them must be well apart or set in another size (a header or
        # footer is not part of the body's flow).
        j = index
        while 0 <= j + step < len(lines) and _same_flow(lines[j], lines[j + step]):
            j += step
            if not _edge_step(lines[j], height):
                break
        else:
            out.append(line)
    return out


def _edge_step(line: TextLine, height: float) -> int:
    """1 for a line near the top edge, -1 near the bottom edge (the way to the body), else 0."""
    if line.bottom < height * _MARGIN_ZONE:
        return 1
    if line.top > height * (1 - _MARGIN_ZONE):
        return -1
    return 0


def _same_flow(a: TextLine, b: TextLine) -> bool:
    """Whether two neighbouring lines are set close together and in the same size."""
    return _gap(a, b) < 0.8 * a.h and abs(a.h - b.h) <= 0.12 * max(a.h, b.h)


def _gap(a: TextLine, b: TextLine) -> float:
    """The vertical space between two lines (negative where they overlap)."""
    return max(a.top, b.top) - min(a.bottom, b.bottom)


def _is_page_number(line: TextLine) -> bool:
    """ "- 3 -", "第 3 页 共 5 页", "3/5", "Page 3 of 5": one or two numbers and page words."""
    text = squash(line.text)
    numbers = _DIGITS_RE.findall(text)
    if not 1 <= len(numbers) <= 2 or any(len(n) > 4 for n in numbers):
        return False
    return not _PAGE_WORDS_RE.sub("", _DIGITS_RE.sub("", text))
