"""Characters, rulings and pages in view space, where text runs left to right and y grows down.

A page's text may be drawn in any of four directions; :func:`text_direction` tells which from
the characters themselves and :func:`view_transform` turns PDF boxes upright, so every later
step reads a page the way a person holding it upright would. :func:`chains` is the one way
positions that lie close together are grouped (grid lines, rulings, value columns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

#: A character: left, top, right, bottom (y grows downwards), text, and whether the PDF
#: prints a real space before it.
Char = tuple[float, float, float, float, str, bool]
#: A ruling: its position across (y of a horizontal one, x of a vertical one), start and end.
Rule = tuple[float, float, float]
#: A box (left, bottom, right, top) in PDF space to a box (left, top, right, bottom) in view space.
Transform = Callable[[float, float, float, float], tuple[float, float, float, float]]

#: Coordinates beyond this (points) are no page content: broken files print NaN or 1e38.
FAR = 1e5

_T = TypeVar("_T")


@dataclass
class Page:
    """One page in view space: its characters and its horizontal and vertical rulings."""

    number: int
    width: float
    height: float
    chars: list[Char]
    hrules: list[Rule]
    vrules: list[Rule]


def text_direction(chars: list[Char]) -> str:
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


def view_transform(direction: str, width: float, height: float) -> Transform:
    """Map a PDF box (left, bottom, right, top) to a view box (left, top, right, bottom)."""
    if direction == "up":
        return lambda x0, y0, x1, y1: (y0, x0, y1, x1)
    if direction == "left":
        return lambda x0, y0, x1, y1: (width - x1, y0, width - x0, y1)
    if direction == "down":
        return lambda x0, y0, x1, y1: (height - y1, width - x1, height - y0, width - x0)
    return lambda x0, y0, x1, y1: (x0, height - y1, x1, height - y0)


def chains(
    items: Iterable[_T], position: Callable[[_T], float], tolerance: float
) -> list[list[_T]]:
    """Items in sorted order, grouped where each lies within ``tolerance`` of the one before."""
    groups: list[list[_T]] = []
    for item in items:
        if groups and position(item) - position(groups[-1][-1]) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
