"""A page's ruling lines: the thin strokes and boxes that draw table borders.

Every path object on the page (inside form XObjects too, four levels deep) is measured by its
bounding box: a box no more than 3 points thick is a ruling. A larger path is looked into: its
thin rectangles ("re re re f", as Word draws borders) are rulings, and where the path is
stroked, so are its straight axis-parallel edges (cell outlines). Curves never are.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pypdfium2.raw as pdfium_c

from gongkai.report.readers.pdf.geometry import FAR, Rule, Transform

#: An affine matrix (a, b, c, d, e, f) in PDF's row-vector convention.
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Form XObjects nested deeper than this are not looked into.
_MAX_FORM_DEPTH = 4
#: Paths with more segments than this (drawings, not borders) are not looked into.
_MAX_SEGMENTS = 4000
#: Filled paths with more rectangles than this are not searched for frames.
_MAX_FRAMES = 64
#: The widest border a frame (a rectangle inside a rectangle) may draw.
_FRAME = 3.0
#: Narrower than this (points), a frame's side is no border.
_NO_WIDTH = 0.05
#: A box: left, top, right, bottom.
_Box = tuple[float, float, float, float]


@dataclass
class Rulings:
    """Horizontal rulings (y, x0, x1) and vertical rulings (x, y0, y1) of a page."""

    h: list[Rule] = field(default_factory=list)
    v: list[Rule] = field(default_factory=list)

    def add(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Record a thin box as a ruling; False for a box that is not thin."""
        if not (-FAR < x0 <= x1 < FAR and -FAR < y0 <= y1 < FAR):
            return True  # nothing drawn on the page (or broken numbers)
        if x1 - x0 <= 3:
            if y1 - y0 > 3:
                self.v.append(((x0 + x1) / 2, y0, y1))
            return True
        if y1 - y0 <= 3:
            self.h.append(((y0 + y1) / 2, x0, x1))
            return True
        return False


def page_rulings(page: Any, to_view: Transform) -> Rulings:
    """The rulings drawn on a PDFium page, in view space."""
    rulings = Rulings()
    handle = page.raw
    count = pdfium_c.FPDFPage_CountObjects(handle)
    objects = [pdfium_c.FPDFPage_GetObject(handle, i) for i in range(count)]
    _collect(objects, None, to_view, rulings, 0)
    return rulings


def _collect(
    objects: Iterable[Any],
    outer: _Matrix | None,
    to_view: Transform,
    rulings: Rulings,
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
            if not rulings.add(*to_view(*box)):
                _path_edges(obj, outer, to_view, rulings)
        elif kind == form and depth < _MAX_FORM_DEPTH:
            inner = [
                pdfium_c.FPDFFormObj_GetObject(obj, i)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            ]
            _collect(inner, _compose(_matrix(obj), outer), to_view, rulings, depth + 1)


def _path_edges(obj: Any, outer: _Matrix | None, to_view: Transform, rulings: Rulings) -> None:
    """Rulings inside a larger path: its thin rectangles and, if stroked, its straight edges."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count > _MAX_SEGMENTS:
        return
    subpaths = _subpaths(obj, count, _compose(_matrix(obj), outer), to_view)
    boxes: list[_Box] = []
    for points in subpaths or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if any(v != v for v in xs):
            continue
        corners = {(round(px, 1), round(py, 1)) for px, py in points}
        box = (min(xs), min(ys), max(xs), max(ys))
        if len(corners) <= 4:
            if rulings.add(*box):
                continue  # a thin rectangle
            boxes.append(box)
        if stroke.value:
            for (ax, ay), (bx, by) in pairwise(points):
                rulings.add(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    if fill.value and 2 <= len(boxes) <= _MAX_FRAMES:
        _frames(boxes, rulings)


def _frames(boxes: list[_Box], rulings: Rulings) -> None:
    """The sides of filled frames: a rectangle with one just inside it, at most 3 points in.

    Some producers draw a cell's four borders as one even-odd filled path of two rectangles.
    """
    boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        for ox0, oy0, ox1, oy1 in boxes[i + 1 :]:
            if (
                0 <= x0 - ox0 <= _FRAME
                and 0 <= y0 - oy0 <= _FRAME
                and 0 <= ox1 - x1 <= _FRAME
                and 0 <= oy1 - y1 <= _FRAME
            ):
                sides = (
                    (ox0, oy0, x0, oy1),
                    (x1, oy0, ox1, oy1),
                    (ox0, oy0, ox1, y0),
                    (ox0, y1, ox1, oy1),
                )
                for side in sides:
                    if min(side[2] - side[0], side[3] - side[1]) > _NO_WIDTH:
                        rulings.add(*side)  # a side without width draws no border
                break


def _subpaths(
    obj: Any, count: int, matrix: _Matrix, to_view: Transform
) -> list[list[tuple[float, float]]] | None:
    """The path's subpaths as points in view space (a curve as a NaN point); None if unreadable."""
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            return None
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
    return subpaths


def _matrix(obj: Any) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: _Matrix, outer: _Matrix | None) -> _Matrix:
    """``inner`` followed by ``outer``."""
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


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _apply_box(
    m: _Matrix, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    xs, ys = zip(*(_apply(m, x, y) for x in (left, right) for y in (bottom, top)), strict=True)
    return min(xs), min(ys), max(xs), max(ys)
