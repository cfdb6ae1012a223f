"""Reader for plain-text reports: Word's text export, tab-separated text, Markdown, pipe text.

Three layouts are recognised line by line:

* Word's "text" export puts one table cell per line, each indented by one tab, and ends a
  table row with an empty line; a cell that wraps continues on the next, unindented line
  (seeds 000, 003, 004).
* Tab-separated text puts a whole row on one line, cells separated by tabs (seeds 001, 002).
* Markdown and text flattened from HTML or PDF put a row on one line with ``|`` between cells.
  Once a text has such rows, a short line with a single inner ``|`` (``行政许可 | 356``: a
  two-cell row copied without outer bars) is a row too.

Everything else is a paragraph. Text flattened to one cell per line with no tabs comes out
as paragraphs, which the assembler reads as a stream.
"""

from __future__ import annotations

import re

from gongkai.report.document import Document, Token
from gongkai.report.model import Location

_MD_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)


def read_text(text: str, *, source: str | None = None) -> Document:
    """Turn report text into a :class:`Document`."""
    doc = Document(kind="text", source=source)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    word_export = _is_word_export(lines)
    if word_export:
        doc.kind = "text-word"
    elif any(_is_pipe_row(line) for line in lines[:400]):
        doc.kind = "markdown"
    else:
        doc.kind = "text-tsv"
    pipes = doc.kind == "markdown"
    table_no = 0
    block: list[Token] | None = None  # cells of the Word-export row being read
    last_was_row = False

    def close_block() -> None:
        nonlocal block
        if block is not None:
            doc.row(block, table_no)
            block = None

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if word_export and line.startswith("\t") and "\t" not in line[1:].rstrip("\t"):
            if block is None:
                if not last_was_row:
                    table_no += 1
                block = []
            block.append(Token(line.strip("\t"), Location(line=number)))
            last_was_row = True
            continue
        if line == "" or (word_export and block is not None and not line.strip(" \t")):
            close_block()
            continue
        if block is not None:
            # A wrapped cell of Word's export continues on an unindented line.
            prev = block[-1]
            block[-1] = Token(prev.text + line.strip(), prev.loc)
            continue
        if _MD_SEPARATOR_RE.match(line) and "-" in line:
            continue
        if _is_pipe_row(line) or (pipes and _is_pair_row(line)):
            cells = _split_pipes(line)
            if not last_was_row:
                table_no += 1
            doc.row(_tokens(cells, number), table_no)
            last_was_row = True
            continue
        if "\t" in line.strip(" ") or (line.startswith("\t") and not word_export):
            cells = line.split("\t")
            if any(c.strip() for c in cells):
                if not last_was_row:
                    table_no += 1
                doc.row(_tokens(cells, number), table_no)
                last_was_row = True
            continue
        if not line.strip():
            continue
        heading = 0
        m = _MD_HEADING_RE.match(line)
        if m:
            heading = len(m.group(1))
            line = line[m.end() :]
        doc.para(line.strip(), Location(line=number), heading=heading)
        last_was_row = False
    close_block()
    return doc


def _tokens(cells: list[str], line: int) -> list[Token]:
    return [
        Token(_BR_RE.sub("", c).strip(), Location(line=line, col=i + 1))
        for i, c in enumerate(cells)
    ]


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.count("|") >= 2 and not s.startswith("http")


def _is_pair_row(line: str) -> bool:
    """Two short cells joined by one ``|`` (no outer bars)."""
    s = line.strip()
    if s.count("|") != 1 or s.startswith("http"):
        return False
    left, right = (part.strip() for part in s.split("|"))
    return bool(left) and bool(right) and len(left) <= 60 and len(right) <= 60


def _split_pipes(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return s.split("|")


def _is_word_export(lines: list[str]) -> bool:
    """Word's export: many lines that are one tab plus one cell, few lines with inner tabs."""
    single = inner = 0
    for line in lines:
        if "\t" not in line:
            continue
        body = line.lstrip("\t")
        if line.startswith("\t") and "\t" not in body.rstrip("\t"):
            single += 1
        else:
            inner += 1
    return single >= 8 and single > 2 * inner
