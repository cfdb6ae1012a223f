"""Reader for PDF reports with a text layer (pypdfium2).

A page is read as characters with their boxes and as ruling lines (thin path objects):

* Ruling lines that cross each other form a table grid; each merged cell of the grid becomes
  one token, emitted in the row where the cell starts (as HTML's ``rowspan`` does).
* Text outside any grid is cut into lines and the lines into segments at wide gaps. Runs of
  lines with several segments are unruled tables: value segments (numbers) anchor the rows,
  and label text that wraps over several lines is joined and attached to the row it sits
  beside, so a wrapped label and its numbers come out as one row.
* Everything else is prose, joined into paragraphs (a new paragraph at an indent, a short
  previous line, a wider gap, a change of size, or a section heading).

Page headers, footers and page numbers are dropped; a table that runs on over a page break
keeps its table number, and a repeated header row is not read twice.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from statistics import median
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.report import labels
from gongkai.report.document import Document, Line, Token
from gongkai.report.errors import (
    CorruptFileError,
    EncryptedPdfError,
    ImageOnlyPdfError,
    ReportReadError,
)
from gongkai.report.model import Location
from gongkai.report.text import parse_cell, squash, strip_enumerator

#: A character: left, top, right, bottom (y grows downwards), text, and whether the PDF
#: prints a real space before it.
Char = tuple[float, float, float, float, str, bool]

_TOP, _RIGHT, _BOTTOM = itemgetter(1), itemgetter(2), itemgetter(3)
#: Coordinates beyond this (points) are no page content: broken files print NaN or 1e38.
_FAR = 1e5
_TRUNCATED = "PDF 文件不完整（可能下载或传输中断），无法读取"
#: What a page number prints besides its one or two numbers ("- 3 -", "第3页 共5页", "3/5").
_PAGE_WORDS_RE = re.compile(r"page|of|[第页共/\-—–－_·•.,:()\[\]|]", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")
#: Lines this close to the top or bottom edge (fraction of the page height) may be furniture.
_MARGIN_ZONE = 0.13


# ---------------------------------------------------------------------------------------------
# Page content as read from PDFium
# ---------------------------------------------------------------------------------------------


@dataclass
class _Page:
    number: int
    width: float
    height: float
    chars: list[Char]
    #: Horizontal rulings (y, x0, x1) and vertical rulings (x, y0, y1).
    hrules: list[tuple[float, float, float]]
    vrules: list[tuple[float, float, float]]


def read_pdf(data: bytes, *, source: str | None = None) -> Document:
    """Turn a PDF with a text layer into a :class:`Document`."""
    if _truncated(data):
        raise CorruptFileError(_TRUNCATED, source=source)
    pages, meta_title = _load(data, source)
    if _letters(pages) < 20:
        raise ImageOnlyPdfError(source=source)
    try:
        doc = _Builder(pages).build()
    except (ArithmeticError, IndexError, KeyError, ValueError) as error:  # pragma: no cover
        # A layout no rule here foresaw must not crash a batch run: report it as unreadable.
        raise CorruptFileError("PDF 文件的版面无法解析", source=source) from error
    doc.source = source
    doc.meta_title = meta_title
    return doc


def _truncated(data: bytes) -> bool:
    """Whether the file stops before its end: no ``%%EOF``, or PDF objects after the last one
    (an update cut short). Other bytes after ``%%EOF`` (padding, mail debris) are harmless."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return True
    tail = data[end + 5 :]
    return len(tail.strip(b"\x00 \t\r\n")) > 1024 and (b" obj" in tail or b"stream" in tail)


def _letters(pages: list[_Page]) -> int:
    """Letters (Chinese characters included) printed away from the page edges."""
    count = 0
    for page in pages:
        low, high = page.height * 0.08, page.height * 0.92
        count += sum(1 for c in page.chars if c[4].isalpha() and low < c[1] < high)
    return count


def _load(data: bytes, source: str | None) -> tuple[list[_Page], str | None]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(source=source) from error
        raise CorruptFileError(source=source) from error
    except Exception as error:  # pragma: no cover - PDFium refusing input in another way
        raise CorruptFileError(source=source) from error
    try:
        count = len(pdf)
        if count == 0:
            raise CorruptFileError("PDF 文件没有任何页面", source=source)
        pages = [_read_page(pdf, index) for index in range(count)]
        return pages, _meta_title(pdf)
    except ReportReadError:
        raise
    except Exception as error:  # PdfiumError on a broken page, ctypes errors on bad data
        raise CorruptFileError(source=source) from error
    finally:
        pdf.close()


def _meta_title(pdf: Any) -> str | None:
    try:
        title = str(pdf.get_metadata_value("Title") or "")
    except Exception:  # pragma: no cover - broken metadata is no reason to fail
        return None
    title = re.sub(r"^Microsoft Word\s*-\s*", "", title).strip()
    title = re.sub(r"\.(docx?|wps|pdf)$", "", title, flags=re.IGNORECASE)
    return title if "报告" in title else None


def _read_page(pdf: Any, index: int) -> _Page:
    page = pdf[index]
    try:
        width, height = page.get_size()
        raw_chars = _raw_chars(page)
        direction = _direction(raw_chars)
        to_view = _view_transform(direction, width, height)
        if direction in ("up", "down"):
            width, height = height, width
        if direction == "right":
            chars = [(c[0], height - c[3], c[2], height - c[1], c[4], c[5]) for c in raw_chars]
        else:
            chars = [(*to_view(c[0], c[1], c[2], c[3]), c[4], c[5]) for c in raw_chars]
        hrules, vrules = _rulings(page, to_view)
        return _Page(index + 1, width, height, chars, hrules, vrules)
    finally:
        page.close()


_Transform = Callable[[float, float, float, float], tuple[float, float, float, float]]


def _direction(chars: list[Char]) -> str:
    """Which way the page's text runs in PDF space: "right", "up", "down" or "left".

    Decided from the text itself rather than the page's /Rotate entry, so a table page drawn
    sideways reads right whether or not the producer marked it rotated.
    """
    votes = {"right": 0, "up": 0, "down": 0, "left": 0}
    step = max(1, len(chars) // 150)  # a sample of neighbouring pairs is enough
    for i in range(0, len(chars) - 1, step):
        a, b = chars[i], chars[i + 1]
        size = max(a[2] - a[0], a[3] - a[1])
        dx = (b[0] + b[2] - a[0] - a[2]) / 2
        dy = (b[1] + b[3] - a[1] - a[3]) / 2
        if abs(dx) + abs(dy) > 3 * size:
            continue
        if abs(dx) >= abs(dy):
            votes["right" if dx > 0 else "left"] += 1
        else:
            votes["up" if dy > 0 else "down"] += 1
    best = max(votes, key=lambda k: votes[k])
    return best if votes[best] > votes["right"] * 2 else "right"


def _view_transform(direction: str, width: float, height: float) -> _Transform:
    """Map a PDF box (left, bottom, right, top) to a view box (left, top, right, bottom).

    In view space the text runs left to right and y grows downwards.
    """
    if direction == "up":
        return lambda x0, y0, x1, y1: (y0, x0, y1, x1)
    if direction == "left":
        return lambda x0, y0, x1, y1: (width - x1, y0, width - x0, y1)
    if direction == "down":
        return lambda x0, y0, x1, y1: (height - y1, width - x1, height - y0, width - x0)
    return lambda x0, y0, x1, y1: (x0, height - y1, x1, height - y0)


_BLANKS = frozenset(" \t\r\n\x0b\x0c\u00a0\u3000\u2002\u2003\u2009\u200b")
_UNPRINTED = frozenset("\x00\ufffe\uffff\ufeff")


def _raw_chars(page: Any) -> list[Char]:
    """Characters in PDF space: (left, bottom, right, top, text, spaced), blanks left out.

    A blank the PDF prints (not one PDFium makes up from a gap) marks the next character.
    """
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = pdfium_c.FPDFText_CountChars(handle)
        if count <= 0:
            return []
        text = _page_text(handle, count)
        rect = pdfium_c.FS_RECTF()
        ref = ctypes.byref(rect)
        box = pdfium_c.FPDFText_GetLooseCharBox
        chars: list[Char] = []
        append = chars.append
        spaced = False
        for i, ch in enumerate(text):
            if ch in _BLANKS:
                if ch in " \u3000\u00a0" and not pdfium_c.FPDFText_IsGenerated(handle, i):
                    spaced = True
                continue
            if ch in _UNPRINTED or not box(handle, i, ref):
                continue
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if -_FAR < left < right < _FAR and -_FAR < bottom < top < _FAR:
                append((left, bottom, right, top, ch, spaced))
                spaced = False
        return chars
    finally:
        textpage.close()


def _page_text(handle: Any, count: int) -> str:
    """The page's characters, one per PDFium character index."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(
        handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    # Characters outside the BMP take two UTF-16 units: ask for each character instead.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i) or 32) for i in range(count))


def _rulings(
    page: Any, to_view: _Transform
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    rules = _Rules()
    handle = page.raw
    count = pdfium_c.FPDFPage_CountObjects(handle)
    objects = [pdfium_c.FPDFPage_GetObject(handle, i) for i in range(count)]
    _collect_paths(objects, None, to_view, rules, 0)
    return rules.h, rules.v


_Matrix = tuple[float, float, float, float, float, float]


def _collect_paths(
    objects: Iterable[Any],
    outer: _Matrix | None,
    to_view: _Transform,
    rules: _Rules,
    depth: int,
) -> None:
    """Rulings drawn by path objects (inside form XObjects too)."""
    get_type = pdfium_c.FPDFPageObj_GetType
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    for obj in objects:
        kind = get_type(obj)
        if kind == path:
            if not get_bounds(obj, *refs):
                continue
            box = (left.value, bottom.value, right.value, top.value)
            if outer is not None:
                box = _apply_box(outer, *box)
            x0, y0, x1, y1 = to_view(*box)
            if not rules.add(x0, y0, x1, y1):
                _path_edges(obj, outer, to_view, rules)
        elif kind == form and depth < 4:
            inner = [
                pdfium_c.FPDFFormObj_GetObject(obj, i)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            ]
            _collect_paths(inner, _compose(_matrix(obj), outer), to_view, rules, depth + 1)


@dataclass
class _Rules:
    """Horizontal rulings (y, x0, x1) and vertical rulings (x, y0, y1) of a page."""

    h: list[tuple[float, float, float]] = field(default_factory=list)
    v: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Record a thin box as a ruling; False for a box that is not thin."""
        if not (-_FAR < x0 <= x1 < _FAR and -_FAR < y0 <= y1 < _FAR):
            return True  # nothing drawn on the page (or broken numbers)
        if x1 - x0 <= 3:
            if y1 - y0 > 3:
                self.v.append(((x0 + x1) / 2, y0, y1))
            return True
        if y1 - y0 <= 3:
            self.h.append(((y0 + y1) / 2, x0, x1))
            return True
        return False


def _matrix(obj: Any) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: _Matrix, outer: _Matrix | None) -> _Matrix:
    """``inner`` followed by ``outer`` (PDF row-vector convention)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _apply(m: _Matrix | None, x: float, y: float) -> tuple[float, float]:
    if m is None:
        return x, y
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _apply_box(
    m: _Matrix | None, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    if m is None:
        return left, bottom, right, top
    xs, ys = zip(*(_apply(m, x, y) for x in (left, right) for y in (bottom, top)), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _path_edges(obj: Any, outer: _Matrix | None, to_view: _Transform, rules: _Rules) -> None:
    """Rulings inside a larger path: thin rectangles ("re re re f", as Word draws borders),
    and, where the path is stroked, its straight axis-parallel edges (cell outlines)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count > 4000:
        return
    matrix = _compose(_matrix(obj), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            return
        px, py = _apply(matrix, x.value, y.value)
        vx, vy, _, _ = to_view(px, py, px, py)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([(vx, vy)])
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            subpaths[-1].append((vx, vy))
        else:
            subpaths[-1].append((float("nan"), float("nan")))  # a curve: no ruling here
        if pdfium_c.FPDFPathSegment_GetClose(segment) and subpaths[-1][-1] != subpaths[-1][0]:
            subpaths[-1].append(subpaths[-1][0])
    for points in subpaths:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if any(v != v for v in xs):
            continue
        corners = {(round(px, 1), round(py, 1)) for px, py in points}
        if len(corners) <= 4 and rules.add(min(xs), min(ys), max(xs), max(ys)):
            continue  # a thin rectangle
        if stroke.value:
            for (ax, ay), (bx, by) in pairwise(points):
                rules.add(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


# ---------------------------------------------------------------------------------------------
# Lines and segments of free text
# ---------------------------------------------------------------------------------------------


@dataclass
class _Seg:
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
        value, readable = parse_cell(self.text)
        return readable and (value is not None or bool(self.text.strip()))


@dataclass
class _Line:
    page: int
    segs: list[_Seg]
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


def _group_lines(chars: list[Char]) -> list[list[Char]]:
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


def _dedupe(line: list[Char]) -> list[Char]:
    """Drop characters printed twice at (almost) the same place (fake bold)."""
    out: list[Char] = []
    for ch in line:
        if out and out[-1][4] == ch[4] and abs(out[-1][0] - ch[0]) < 1.0:
            continue
        out.append(ch)
    return out


def _join_chars(chars: list[Char], height: float, *, cells: bool = False) -> str:
    """The text of characters on one line, a space where Latin words stand apart.

    With ``cells``, a wide gap (two cells' contents seen as one) becomes a space too.
    """
    parts: list[str] = []
    previous: Char | None = None
    for ch in chars:
        if previous is not None:
            gap = ch[0] - previous[2]
            if (
                ch[5]
                or (cells and gap > 0.4 * height)
                or (gap > 0.15 * height and previous[4].isascii() and ch[4].isascii())
            ):
                parts.append(" ")
        parts.append(ch[4])
        previous = ch
    return "".join(parts)


def _segments(chars: list[Char]) -> tuple[list[_Seg], float]:
    """Cut a line at gaps wider than half a character height."""
    height = _typical_height(chars)
    segs: list[_Seg] = []
    run: list[Char] = []
    for ch in chars:
        if run and ch[0] - run[-1][2] > 0.4 * height:
            segs.append(_seg(run, height))
            run = []
        run.append(ch)
    if run:
        segs.append(_seg(run, height))
    return segs, height


def _seg(run: list[Char], height: float) -> _Seg:
    return _Seg(
        run[0][0],
        min(map(_TOP, run)),
        max(map(_RIGHT, run)),
        max(map(_BOTTOM, run)),
        _join_chars(run, height),
        _lead(run),
        run[0][5],
    )


#: Punctuation that may not start a line, and that may not end one (Chinese line breaking).
_NO_START = frozenset("）)]】》〉」』”’，。、；：！？,.;:!?%…—·")
_NO_END = frozenset("（([【《〈「『“‘")


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


def _cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines joined (Chinese lines join without a space)."""
    if len(chars) <= 1:
        return chars[0][4] if chars else ""
    texts = []
    spaced = []
    for line in _group_lines(chars):
        line = _dedupe(line)
        texts.append(_join_chars(line, _typical_height(line), cells=True))
        spaced.append(line[0][5])
    return _join_lines(texts, spaced)


def _join_lines(texts: list[str], spaced: list[bool] | None = None) -> str:
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


# ---------------------------------------------------------------------------------------------
# Ruled tables
# ---------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    row: int
    col: int
    chars: list[Char] = field(default_factory=list)


@dataclass
class _Grid:
    left: float
    top: float
    right: float
    bottom: float
    xs: list[float]
    ys: list[float]
    #: Basic cell (row, col) → its merged cell.
    owner: dict[tuple[int, int], _Cell]

    def place(self, ch: Char, x: float, y: float) -> None:
        """Put a character whose centre (x, y) lies inside the grid into its cell."""
        col = bisect_right(self.xs, x) - 1
        row = bisect_right(self.ys, y) - 1
        if col > len(self.xs) - 2:
            col = len(self.xs) - 2
        if row > len(self.ys) - 2:
            row = len(self.ys) - 2
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
        by_row: dict[int, list[_Cell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, []).append(cell)
        out: list[list[tuple[int, str]]] = []
        for row in sorted(by_row):
            items = [(c.col, _cell_text(c.chars)) for c in sorted(by_row[row], key=lambda c: c.col)]
            if any(text for _, text in items):
                out.append(items)
        return out


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted values merged where they lie within ``tolerance`` of each other."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _merge_rules(
    rules: list[tuple[float, float, float]], tolerance: float = 2.0
) -> list[tuple[float, float, float]]:
    """Collinear rulings joined: (position, start, end)."""
    merged: list[tuple[float, float, float]] = []
    by_pos: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules):
        if by_pos and rule[0] - by_pos[-1][-1][0] <= tolerance:
            by_pos[-1].append(rule)
        else:
            by_pos.append([rule])
    for group in by_pos:
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


def _grids(page: _Page) -> list[_Grid]:
    hs = _merge_rules(page.hrules)
    vs = _merge_rules(page.vrules)
    if len(hs) < 2 or len(vs) < 2:
        return []
    tol = 2.0
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_x = sorted(range(len(vs)), key=lambda j: vs[j][0])
    xs = [vs[j][0] for j in by_x]
    for i, (y, hx0, hx1) in enumerate(hs):
        for k in range(bisect_left(xs, hx0 - tol), bisect_right(xs, hx1 + tol)):
            j = by_x[k]
            if vs[j][1] - tol <= y <= vs[j][2] + tol:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]
    groups = {}
    for i, rule in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(rule)
    for j, rule in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(rule)
    grids = []
    for group_h, group_v in groups.values():
        grid = _grid(group_h, group_v)
        if grid is not None:
            grids.append(grid)
    return grids


def _grid(
    hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]
) -> _Grid | None:
    if len(hs) < 2 or len(vs) < 2:
        return None
    left = min(min(h[1] for h in hs), min(v[0] for v in vs))
    right = max(max(h[2] for h in hs), max(v[0] for v in vs))
    top = min(min(v[1] for v in vs), min(h[0] for h in hs))
    bottom = max(max(v[2] for v in vs), max(h[0] for h in hs))
    xs = _cluster([left, right, *(v[0] for v in vs)], 3.0)
    ys = _cluster([top, bottom, *(h[0] for h in hs)], 3.0)
    xs = [x for x in xs if left - 1 <= x <= right + 1]
    ys = [y for y in ys if top - 1 <= y <= bottom + 1]
    if len(xs) < 3 or len(ys) < 2:
        return None  # a box around text, or a single column: read it as text
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(key: tuple[int, int]) -> tuple[int, int]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    v_at = _spans_at(vs, xs)
    h_at = _spans_at(hs, ys)
    for r in range(rows):
        mid = (ys[r] + ys[r + 1]) / 2
        for c in range(cols - 1):
            if not any(s - 1 <= mid <= e + 1 for s, e in v_at[c + 1]):
                union((r, c), (r, c + 1))
    for c in range(cols):
        mid = (xs[c] + xs[c + 1]) / 2
        for r in range(rows - 1):
            if not any(s - 1 <= mid <= e + 1 for s, e in h_at[r + 1]):
                union((r, c), (r + 1, c))
    cells: dict[tuple[int, int], _Cell] = {}
    owner: dict[tuple[int, int], _Cell] = {}
    for key in parent:
        root = find(key)
        cell = cells.get(root)
        if cell is None:
            cell = cells[root] = _Cell(root[0], root[1])
        cell.row = min(cell.row, key[0])
        cell.col = min(cell.col, key[1])
        owner[key] = cell
    return _Grid(xs[0], ys[0], xs[-1], ys[-1], xs, ys, owner)


def _spans_at(
    rules: list[tuple[float, float, float]], positions: list[float]
) -> list[list[tuple[float, float]]]:
    """For each grid line position, the spans that rulings draw along it."""
    return [[(s, e) for p, s, e in rules if abs(p - pos) <= 3.5] for pos in positions]


# ---------------------------------------------------------------------------------------------
# Unruled tables
# ---------------------------------------------------------------------------------------------


@dataclass
class _Block:
    """Label text in one column over one or more lines (a wrapped cell)."""

    segs: list[tuple[int, _Seg]]

    @property
    def top(self) -> float:
        return min(s.top for _, s in self.segs)

    @property
    def bottom(self) -> float:
        return max(s.bottom for _, s in self.segs)

    @property
    def x0(self) -> float:
        return min(s.x0 for _, s in self.segs)

    @property
    def x1(self) -> float:
        return max(s.x1 for _, s in self.segs)

    def text(self) -> str:
        return _join_lines([s.text for _, s in self.segs])


#: An unruled table row: its vertical position and its tokens (left edge, centre, text).
_FreeRow = tuple[float, list[tuple[float, float, str]]]


def _unruled_rows(lines: list[_Line]) -> list[_FreeRow]:
    """Rows of an unruled table: numbers anchor rows, wrapped labels join their row."""
    return _Unruled(lines).rows()


class _Unruled:
    """An unruled table: its lines, which of them print numbers, and its label blocks."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.h = median(line.h for line in lines)
        self.numeric = [[s.numeric for s in line.segs] for line in lines]
        #: Line index → vertical centre of the numbers it prints (the row it anchors).
        self.anchors: dict[int, float] = {}
        for index, line in enumerate(lines):
            values = [s for s, n in zip(line.segs, self.numeric[index], strict=True) if n]
            if values:
                self.anchors[index] = sum(s.cy for s in values) / len(values)
        self.first_anchor = min(self.anchors, default=len(lines))
        value_left = min(
            (s.x0 for i, line in enumerate(lines) for s in self._values(i)), default=float("inf")
        )
        #: Column headers: lines without numbers whose text stands over the value columns.
        self.header_line = {
            i
            for i, line in enumerate(lines)
            if i not in self.anchors and len(line.segs) >= 2 and line.x1 > value_left
        }
        self.wrap_gap = self._wrap_gap()
        self.columns = self._value_columns()

    def _values(self, index: int) -> list[_Seg]:
        line = self.lines[index]
        return [s for s, n in zip(line.segs, self.numeric[index], strict=True) if n]

    def _labels(self, index: int) -> list[_Seg]:
        line = self.lines[index]
        return [s for s, n in zip(line.segs, self.numeric[index], strict=True) if not n]

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
            for a in self._labels(i)
            for b in self._labels(i + 1)
            if min(a.x1, b.x1) > max(a.x0, b.x0) and _may_continue(a.text, b.text)
        ]
        smallest = min(gaps, default=0.0)
        return max(0.25 * self.h, smallest + 0.25 * self.h)

    def rows(self) -> list[_FreeRow]:
        blocks = self._blocks()
        rows: dict[float, list[tuple[float, float, str]]] = {
            cy: self._padded(index) for index, cy in self.anchors.items()
        }
        loose: list[_Block] = []
        for block in blocks:
            for y, piece in self._assign(block):
                if y is None:
                    loose.append(piece)
                else:
                    rows[y].append((piece.x0, (piece.top + piece.bottom) / 2, piece.text()))
        for y, items in _header_rows(loose):
            rows.setdefault(y, []).extend(items)
        return [(y, sorted(rows[y])) for y in sorted(rows)]

    def _value_columns(self) -> list[float]:
        """Centres of the columns most rows print numbers in (the table's value columns)."""
        centres = sorted((s.x0 + s.x1) / 2 for i in self.anchors for s in self._values(i))
        groups: list[list[float]] = []
        for x in centres:
            if groups and x - groups[-1][-1] <= 0.8 * self.h:
                groups[-1].append(x)
            else:
                groups.append([x])
        need = max(3, len(self.anchors) // 2)
        return [sum(g) / len(g) for g in groups if len(g) >= need]

    def _padded(self, index: int) -> list[tuple[float, float, str]]:
        """A row's numbers, with an empty cell for each value column it leaves blank."""
        values = self._values(index)
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
        labels_at = [self._labels(i) for i in range(len(self.lines))]
        above: dict[int, list[_Seg]] = {}
        below: dict[int, list[_Seg]] = {}
        where: dict[int, int] = {}
        for j, segs in enumerate(labels_at):
            for b in segs:
                where[id(b)] = j
                found: list[_Seg] = []
                for i in range(j - 1, -1, -1):
                    if self.lines[j].top - self.lines[i].bottom > self.wrap_gap + self.h:
                        break
                    found = [a for a in labels_at[i] if _stacked(a, b, self.wrap_gap)]
                    if found:
                        break
                above[id(b)] = found
                for a in found:
                    below.setdefault(id(a), []).append(b)
        blocks: list[_Block] = []
        block_of: dict[int, _Block] = {}
        for j, segs in enumerate(labels_at):
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


def _stacked(upper: _Seg, lower: _Seg, gap: float) -> bool:
    """Whether ``lower`` sits right under ``upper``, overlapping it horizontally."""
    return min(upper.x1, lower.x1) > max(upper.x0, lower.x0) and lower.top - upper.bottom <= gap


def _header_rows(blocks: list[_Block]) -> list[_FreeRow]:
    """Label blocks without numbers, grouped into rows where they overlap vertically."""
    out: list[_FreeRow] = []
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


def _header_row(group: list[_Block]) -> _FreeRow:
    y = min(b.top for b in group)
    return y, [(b.x0, (b.top + b.bottom) / 2, b.text()) for b in group]


# ---------------------------------------------------------------------------------------------
# Building the document
# ---------------------------------------------------------------------------------------------


#: A table cell as emitted: grid column (or None), text, and x, y for unruled tables.
_Item = tuple[int | None, str, float | None, float | None]


@dataclass
class _TableEl:
    page: int
    top: float
    bottom: float
    rows: list[list[_Item]]
    #: For a weak unruled table (see :func:`_regions`): its lines, read as prose unless the
    #: table continues one from the previous page.
    weak: list[_Line] = field(default_factory=list)
    #: For a ruled table: the x positions of its grid lines.
    xs: list[float] = field(default_factory=list)


@dataclass
class _PageContent:
    page: _Page
    grids: list[_Grid]
    lines: list[_Line]


class _Builder:
    def __init__(self, pages: list[_Page]) -> None:
        self.pages = pages
        self.doc = Document(kind="pdf")
        self.table_no = 0
        self.row_no = 0
        self.head_rows: list[list[str]] = []
        #: Grid lines of the current table, to number the columns of its continuations alike.
        self.xs: list[float] = []

    def build(self) -> Document:
        contents = [self._content(page) for page in self.pages]
        _drop_furniture(contents)
        elements: list[list[_TableEl | _Line]] = [self._elements(c) for c in contents]
        prose = [el for page_els in elements for el in page_els if isinstance(el, _Line)]
        layout = _Layout.measure(prose)
        paragraph: list[_Line] = []
        previous: _TableEl | _Line | None = None
        for page_els in elements:
            for position, el in enumerate(page_els):
                continues = position == 0 and (
                    isinstance(previous, _TableEl) or self._repeats_head(el)
                )
                if isinstance(el, _TableEl) and not (el.weak and not continues):
                    self._flush(paragraph)
                    paragraph = []
                    self._table(el, continues=continues)
                    previous = el
                    continue
                for line in el.weak if isinstance(el, _TableEl) else [el]:
                    if paragraph and layout.breaks(paragraph[-1], line):
                        self._flush(paragraph)
                        paragraph = []
                    paragraph.append(line)
                    previous = line
        self._flush(paragraph)
        return self.doc

    # -- pages ---------------------------------------------------------------------------------

    def _content(self, page: _Page) -> _PageContent:
        grids = _grids(page)
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
        lines = []
        for chars in _group_lines(free):
            if any(grid.take_overflow(chars) for grid in grids):
                continue
            chars = _dedupe(chars)
            segs, height = _segments(chars)
            lines.append(_Line(page.number, segs, height))
        lines.sort(key=lambda line: line.top)
        return _PageContent(page, grids, lines)

    def _elements(self, content: _PageContent) -> list[_TableEl | _Line]:
        number = content.page.number
        items: list[_TableEl | _Line] = []
        for grid in content.grids:
            rows: list[list[_Item]] = [
                [(col, text, None, None) for col, text in row] for row in grid.rows()
            ]
            if rows:
                items.append(_TableEl(number, grid.top, grid.bottom, rows, xs=grid.xs))
        lines = content.lines
        in_region: set[int] = set()
        for start, end, weak in _regions(lines):
            in_region.update(range(start, end))
            region = lines[start:end]
            free_rows: list[list[_Item]] = [
                [(None, text, x, y) for x, y, text in tokens] for _, tokens in _unruled_rows(region)
            ]
            items.append(
                _TableEl(
                    number, region[0].top, region[-1].bottom, free_rows, region if weak else []
                )
            )
        items.extend(line for i, line in enumerate(lines) if i not in in_region)
        items.sort(key=lambda el: el.top)
        return items

    def _repeats_head(self, el: _TableEl | _Line) -> bool:
        """Whether a table starts with the header row of the table before it."""
        if not isinstance(el, _TableEl) or not el.rows or not self.head_rows:
            return False
        first = [squash(text) for _, text, _, _ in el.rows[0]]
        return len([t for t in first if t]) >= 2 and first == self.head_rows[0]

    # -- tables --------------------------------------------------------------------------------

    def _table(self, table: _TableEl, *, continues: bool) -> None:
        rows = table.rows
        if continues and self.table_no:
            texts = [[squash(t) for _, t, _, _ in row] for row in rows]
            skip = 0
            while (
                skip < len(texts)
                and skip < len(self.head_rows)
                and texts[skip] == self.head_rows[skip]
            ):
                skip += 1
            rows = [
                [(_same_column(col, table.xs, self.xs), t, x, y) for col, t, x, y in row]
                for row in rows[skip:]
            ]
        else:
            self.table_no += 1
            self.row_no = 0
            self.head_rows = [[squash(t) for _, t, _, _ in row] for row in rows[:4]]
            self.xs = table.xs
        for row in rows:
            self.row_no += 1
            tokens = [
                Token(
                    text,
                    Location(
                        page=table.page,
                        table=self.table_no,
                        row=self.row_no,
                        col=None if col is None else col + 1,
                    ),
                    y=y,
                    x=x,
                )
                for col, text, x, y in row
            ]
            self.doc.row(tokens, self.table_no)

    # -- paragraphs ----------------------------------------------------------------------------

    def _flush(self, lines: list[_Line]) -> None:
        if not lines:
            return
        text = _join_lines([line.text for line in lines], [line.segs[0].spaced for line in lines])
        if not text:
            return
        first = lines[0]
        token = Token(text, Location(page=first.page), y=first.cy, x=first.x0)
        self.doc.lines.append(Line("para", [token]))


def _same_column(col: int | None, xs: list[float], first_xs: list[float]) -> int | None:
    """The column of the table's first part that starts where ``col`` of a later part does.

    A continuation may lack grid lines the first part has (no row after the break divides
    two label columns), which would shift its column numbers.
    """
    if col is None or not xs or not first_xs or col >= len(xs):
        return col
    x = xs[col]
    best = min(range(len(first_xs)), key=lambda i: abs(first_xs[i] - x))
    return best if abs(first_xs[best] - x) <= 3.0 else col


@dataclass
class _Layout:
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
    def measure(cls, lines: list[_Line]) -> _Layout:
        margins = _margins(lines)
        body = median(line.h for line in lines) if lines else 0.0
        leading = _leading(lines)
        return cls(margins, body, leading, _ragged(lines, margins, leading))

    def edges(self, line: _Line) -> tuple[float, float]:
        return self.margins.get(line.page, (line.x0, line.x1))

    def breaks(self, prev: _Line, cur: _Line) -> bool:
        """Whether ``cur`` starts a new paragraph after ``prev``."""
        h = max(prev.h, cur.h)
        left, right = self.edges(cur)
        prev_left, prev_right = self.edges(prev)
        if abs(prev.h - cur.h) > 0.12 * h:
            return True
        if cur.page == prev.page and cur.top - prev.bottom > (self.leading + 0.5) * h:
            return True
        if (
            prev.h >= 1.15 * self.body
            and _balanced(prev, prev_left, prev_right)
            and _centred(cur, left, right)
        ):
            return cur.page != prev.page  # a title set larger than the body, wrapped and centred
        room = prev_right - prev.x1
        if room > self.ragged * h and room > cur.segs[0].lead + 0.5 * h:
            return True
        if cur.x0 > left + 0.5 * h:
            return True
        return labels.match_section_heading(cur.text) is not None


def _margins(lines: list[_Line]) -> dict[int, tuple[float, float]]:
    """Per page: the left and right edges of the body text (its wide lines)."""
    out: dict[int, tuple[float, float]] = {}
    if not lines:
        return out
    widest = max(line.x1 - line.x0 for line in lines)
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        if line.x1 - line.x0 >= 0.6 * widest:
            by_page.setdefault(line.page, []).append(line)
    wide = [line for group in by_page.values() for line in group]
    overall = (min(line.x0 for line in wide), max(line.x1 for line in wide))
    for line in lines:
        group = by_page.get(line.page)
        out[line.page] = (min(x.x0 for x in group), max(x.x1 for x in group)) if group else overall
    return out


def _leading(lines: list[_Line]) -> float:
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


def _ragged(lines: list[_Line], margins: dict[int, tuple[float, float]], leading: float) -> float:
    """How far short of the right margin lines end inside paragraphs, in character heights.

    Justified text ends flush, but a line that line-breaking rules cut before a character and
    its punctuation may end two characters short, and ragged-right text does so everywhere.
    """
    shortfalls = []
    for prev, cur in pairwise(lines):
        if cur.page != prev.page or abs(prev.h - cur.h) > 0.12 * prev.h:
            continue
        left, right = margins.get(prev.page, (prev.x0, prev.x1))
        if cur.x0 > left + 0.5 * cur.h or cur.top - prev.bottom > (leading + 0.5) * cur.h:
            continue
        shortfall = (right - prev.x1) / prev.h
        if shortfall < 4:
            shortfalls.append(shortfall)
    if len(shortfalls) < 5:
        return 1.8
    shortfalls.sort()
    return max(1.8, shortfalls[int(0.9 * (len(shortfalls) - 1))] + 0.3)


def _balanced(line: _Line, left: float, right: float) -> bool:
    return abs((line.x0 - left) - (right - line.x1)) <= line.h


def _centred(line: _Line, left: float, right: float) -> bool:
    lead, trail = line.x0 - left, right - line.x1
    return lead > line.h and trail > line.h and abs(lead - trail) <= line.h


# ---------------------------------------------------------------------------------------------
# Regions of unruled tables; page furniture
# ---------------------------------------------------------------------------------------------


def _regions(lines: list[_Line]) -> list[tuple[int, int, bool]]:
    """Index ranges [start, end) of lines that form unruled tables, and whether a range is weak.

    A weak range has a single line with several segments, or no line with three: a table only
    where it continues a table from the previous page (two columns of "key value" pairs, a
    signature and its date, are prose).
    """
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

    regions: list[tuple[int, int, bool]] = []
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


def _furniture_key(text: str) -> str:
    return _DIGITS_RE.sub("#", squash(text))


def _drop_furniture(contents: list[_PageContent]) -> None:
    """Remove page headers, footers and page numbers.

    Candidates are the first and last two lines of a page, near its top or bottom edge, set
    apart from the body text and outside any table: page numbers by their form, running heads
    by being printed at the same height on two or more pages.
    """
    candidates: list[tuple[int, _Line, str]] = []
    for content in contents:
        for line in _edge_lines(content):
            candidates.append((content.page.number, line, _furniture_key(line.text)))
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


def _edge_lines(content: _PageContent) -> list[_Line]:
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
        if line.bottom < height * _MARGIN_ZONE:
            step = 1
        elif line.top > height * (1 - _MARGIN_ZONE):
            step = -1
        else:
            continue
        # Walk towards the body over the lines set close to this one: the first line beyond
        # them must be well apart (a header or footer is not part of the body's flow).
        j = index
        while 0 <= j + step < len(lines) and _gap(lines[j], lines[j + step]) < 0.8 * line.h:
            j += step
            near = lines[j].bottom < height * _MARGIN_ZONE or lines[j].top > height * (
                1 - _MARGIN_ZONE
            )
            if not near:
                break
        else:
            out.append(line)
    return out


def _gap(a: _Line, b: _Line) -> float:
    """The vertical space between two lines (negative where they overlap)."""
    return max(a.top, b.top) - min(a.bottom, b.bottom)


def _is_page_number(line: _Line) -> bool:
    """ "- 3 -", "第 3 页 共 5 页", "3/5", "Page 3 of 5": one or two numbers and page words."""
    text = squash(line.text)
    numbers = _DIGITS_RE.findall(text)
    if not 1 <= len(numbers) <= 2 or any(len(n) > 4 for n in numbers):
        return False
    return not _PAGE_WORDS_RE.sub("", _DIGITS_RE.sub("", text))


__all__ = ["read_pdf"]
