"""Text lines and their segments: characters grouped the way they are read.

Characters are grouped into lines by their vertical centres, and a line is cut into segments
at gaps wider than 0.4 of a character height (two cells of an unruled table, or a label and its
number). Text is joined the Chinese way: no space between Chinese characters or between the
lines of a paragraph, a space between Latin words and wherever the PDF prints a blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from gongkai.report.readers.pdf.geometry import Char
from gongkai.report.text import parse_cell

_TOP, _RIGHT, _BOTTOM = itemgetter(1), itemgetter(2), itemgetter(3)
#: Punctuation that may not start a line, and that may not end one (Chinese line breaking).
_NO_START = frozenset("）)]】》〉」』”’，。、；：！？,.;:!?%…—·")
_NO_END = frozenset("（([【《〈「『“‘")


@dataclass
class Segment:
    """A run of characters on one line with no wide gap inside."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    #: Width of the segment's first unbreakable piece (see :func:`_lead`).
    lead: float = 0.0
    #: The PDF prints a blank before the segment.
    spaced: bool = False

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def numeric(self) -> bool:
        """Whether the segment reads as a table value (a number, or a dash for none)."""
        value, readable = parse_cell(self.text)
        return readable and (value is not None or bool(self.text.strip()))


@dataclass
class TextLine:
    """A line of text outside any ruled table, as segments left to right."""

    page: int
    segs: list[Segment]
    #: Typical character height (the loose box height, about 1.4 em).
    h: float
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0

    def __post_init__(self) -> None:
        self.top = min(s.top for s in self.segs)
        self.bottom = max(s.bottom for s in self.segs)
        self.x0 = self.segs[0].x0
        self.x1 = self.segs[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def text_line(page: int, chars: list[Char]) -> TextLine:
    """A line of characters (sorted by x) cut into segments at gaps wider than 0.4 heights."""
    chars = drop_doubled(chars)
    height = _typical_height(chars)
    spacing = _letter_spacing(chars, height)
    segs: list[Segment] = []
    run: list[Char] = []
    for ch in chars:
        if run and ch[0] - run[-1][2] > spacing + 0.4 * height:
            segs.append(_segment(run, height, spacing))
            run = []
        run.append(ch)
    if run:
        segs.append(_segment(run, height, spacing))
    return TextLine(page, segs, height)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into text lines by their vertical centres, each sorted by x."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c[1] + c[3])
    lines: list[list[Char]] = []
    current: list[Char] = [ordered[0]]
    # Compared doubled: the sum of top and bottom is twice the centre.
    centre2 = ordered[0][1] + ordered[0][3]
    reach = 0.6 * (ordered[0][3] - ordered[0][1])
    for ch in ordered[1:]:
        c2 = ch[1] + ch[3]
        if c2 - centre2 <= reach or c2 - centre2 <= 0.6 * (ch[3] - ch[1]):
            current.append(ch)
            continue
        lines.append(current)
        current = [ch]
        centre2 = c2
        reach = 0.6 * (ch[3] - ch[1])
    lines.append(current)
    for line in lines:
        line.sort(key=lambda c: c[0])
    return lines


def drop_doubled(line: list[Char]) -> list[Char]:
    """Drop characters printed twice at (almost) the same place (fake bold)."""
    out: list[Char] = []
    for ch in line:
        if out and out[-1][4] == ch[4] and abs(out[-1][0] - ch[0]) < 1.0:
            continue
        out.append(ch)
    return out


def cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines joined (Chinese lines join without a space)."""
    if len(chars) <= 1:
        return chars[0][4] if chars else ""
    texts = []
    spaced = []
    for line in group_lines(chars):
        line = drop_doubled(line)
        height = _typical_height(line)
        texts.append(_join_chars(line, height, _letter_spacing(line, height), cells=True))
        spaced.append(line[0][5])
    return join_lines(texts, spaced)


def join_lines(texts: list[str], spaced: list[bool] | None = None) -> str:
    """Lines of one paragraph or cell joined: Chinese without a space, Latin words with one.

    ``spaced`` says which lines the PDF starts with a printed blank (kept as one space).
    """
    out = ""
    for index, text in enumerate(texts):
        if out and (
            (spaced is not None and spaced[index])
            or (
                out[-1].isascii()
                and out[-1].isalpha()
                and text[:1].isascii()
                and text[:1].isalpha()
            )
        ):
            out += " "
        out += text
    return out.strip()


def _join_chars(chars: list[Char], height: float, spacing: float, *, cells: bool = False) -> str:
    """The text of characters on one line, a space where Latin words stand apart.

    With ``cells``, a wide gap (two cells' contents seen as one) becomes a space too. Gaps
    are measured beyond the line's letter spacing.
    """
    parts: list[str] = []
    previous: Char | None = None
    for ch in chars:
        if previous is not None:
            gap = ch[0] - previous[2] - spacing
            if (
                ch[5]
                or (cells and gap > 0.4 * height)
                or (gap > 0.15 * height and previous[4].isascii() and ch[4].isascii())
            ):
                parts.append(" ")
        parts.append(ch[4])
        previous = ch
    return "".join(parts)


def _letter_spacing(chars: list[Char], height: float) -> float:
    """The space a letter-spaced line ("一、总 体 情 况") sets between its characters; else 0.

    The lower median of the gaps between neighbours, when at least half the gaps are about
    that wide, and it is clearly more than nothing and less than the columns of a table of
    single digits stand apart.
    """
    if len(chars) < 2:
        return 0.0
    gaps = sorted(b[0] - a[2] for a, b in pairwise(chars))
    gap = gaps[(len(gaps) - 1) // 2]
    if not 0.1 * height < gap <= 0.8 * height:
        return 0.0
    alike = sum(1 for g in gaps if abs(g - gap) <= 0.1 * height)
    return gap if 2 * alike >= len(gaps) else 0.0


def _segment(run: list[Char], height: float, spacing: float) -> Segment:
    return Segment(
        run[0][0],
        min(map(_TOP, run)),
        max(map(_RIGHT, run)),
        max(map(_BOTTOM, run)),
        _join_chars(run, height, spacing),
        _lead(run),
        run[0][5],
    )


def _lead(run: list[Char]) -> float:
    """Width of the run's first unbreakable piece: what had to move to this line together.

    A word, number or address in Latin letters and digits, or one Chinese character, with the
    punctuation that may not start a line after it and, after an opening bracket, the next one.
    """
    i = 0
    while i < len(run) and run[i][4].isascii() and run[i][4] not in "([" and not (i and run[i][5]):
        i += 1
    i = max(i, 1)
    while i < len(run) and run[i][4] in _NO_START:
        i += 1
    if i < len(run) and run[i][4] in _NO_END:
        i = min(i + 2, len(run))
        while i < len(run) and run[i][4] in _NO_START:
            i += 1
    return run[i - 1][2] - run[0][0]


def _typical_height(chars: list[Char]) -> float:
    """The median character height of a line."""
    heights = sorted(c[3] - c[1] for c in chars)
    return heights[len(heights) // 2]
