"""Table rows printed as one line of text, cells separated by spaces.

Text copied out of a PDF viewer, and web pages that paste such text as paragraphs, print a
table row as ``一、本年新收政府信息公开申请数量 101 21 0 2 5 0 129`` and a header row as
``行政复议 行政诉讼``. Inside a table's region such a paragraph is read as a row: its label (the
words before the numbers) and one token per number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongkai.report.document import Line, Token
from gongkai.report.text import is_numberish

#: Header words are short; a line of longer words is prose.
_MAX_HEADER_WORD = 16
_MAX_HEADER_LINE = 60
_HEADER_STOPS = frozenset("，。；：,;:")
#: Page numbers a copy keeps between rows: "— 3 —", "第 3 页 共 12 页", "3 / 12".
_PAGE_RE = re.compile(
    r"^[-—–－\s]*\d+[-—–－\s]*$|^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
)


def table_line(line: Line) -> Line:
    """``line`` itself, or the row a space-separated paragraph prints."""
    if line.kind != "para" or len(line.tokens) != 1:
        return line
    token = line.tokens[0]
    if " " not in token.text and "\u3000" not in token.text:
        return line
    cells = split_cells(token.text)
    if cells is None:
        return line
    return Line("row", [Token(cell, token.loc) for cell in cells], table=line.table)


@lru_cache(maxsize=16384)
def split_cells(text: str) -> tuple[str, ...] | None:
    """The cells of a space-separated row, or None when ``text`` is no such row."""
    parts = text.replace("\u3000", " ").split()
    if len(parts) < 2 or "。" in text or _PAGE_RE.match(text.strip()):
        return None
    tail = len(parts)
    while tail > 0 and _is_value(parts[tail - 1]):
        tail -= 1
    if tail < len(parts):  # a label (possibly empty) and one or more values
        label = " ".join(parts[:tail])
        return (label, *parts[tail:]) if label else tuple(parts)
    if len(text) <= _MAX_HEADER_LINE and all(
        len(p) <= _MAX_HEADER_WORD and not (_HEADER_STOPS & set(p)) for p in parts
    ):
        return tuple(parts)  # a header row: "行政复议 行政诉讼"
    return None


def _is_value(part: str) -> bool:
    return is_numberish(part) and any(ch.isdigit() or ch in "-—/" for ch in part)
