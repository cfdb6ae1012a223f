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

The steps, one module each, in reading order: :mod:`.opening` (refusals, pages upright, from
:mod:`.chars` and :mod:`.rulings`), :mod:`.content` (:mod:`.grids` and free :mod:`.lines`),
:mod:`.furniture`, :mod:`.regions` and :mod:`.unruled`, :mod:`.paragraphs`, and
:mod:`.assembly`, which puts them together.
"""

from __future__ import annotations

from gongkai.report.document import Document
from gongkai.report.errors import CorruptFileError
from gongkai.report.readers.pdf.assembly import build_document
from gongkai.report.readers.pdf.opening import open_pages


def read_pdf(data: bytes, *, source: str | None = None) -> Document:
    """Turn a PDF with a text layer into a :class:`Document`."""
    pages, meta_title = open_pages(data, source)
    try:
        doc = build_document(pages)
    except (ArithmeticError, IndexError, KeyError, ValueError) as error:  # pragma: no cover
        # A layout no rule here foresaw must not crash a batch run: report it as unreadable.
        raise CorruptFileError("PDF 文件的版面无法解析", source=source) from error
    doc.source = source
    doc.meta_title = meta_title
    return doc


__all__ = ["read_pdf"]
