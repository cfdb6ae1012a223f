"""Differences between two versions of a text, line by line, for the people who review them.

``difflib.SequenceMatcher`` over whole lines (no junk heuristics, so long repeated lines are
compared like any other). A replaced block is shown as its old lines ("-") followed by its new
lines ("+"). HTML is compared through :func:`gongkai.publishing.sanitize.html_to_text`, so a
paragraph is a line and markup changes alone show no difference.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from gongkai.publishing.sanitize import html_to_text

__all__ = ["ADDED", "REMOVED", "SAME", "diff_html", "diff_lines"]

SAME = "="
REMOVED = "-"
ADDED = "+"


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(op, line) for every line of the two texts: "=" kept, "-" removed, "+" added."""
    old_lines = old.splitlines()
    new_lines = new.splitlines()
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    result: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend((SAME, line) for line in old_lines[i1:i2])
            continue
        result.extend((REMOVED, line) for line in old_lines[i1:i2])
        result.extend((ADDED, line) for line in new_lines[j1:j2])
    return result


def diff_html(old_html: str, new_html: str) -> list[tuple[str, str]]:
    """:func:`diff_lines` over the text of two HTML bodies."""
    return diff_lines(html_to_text(old_html), html_to_text(new_html))
