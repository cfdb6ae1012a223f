"""Opening a PDF: refusing what cannot be read, and reading each page upright.

A file cut short (no ``%%EOF``, or objects after the last one), a file PDFium refuses (wrong
password: :class:`EncryptedPdfError`; anything else: :class:`CorruptFileError`), a file without
pages and a file with hardly any text away from its page edges (a scan:
:class:`ImageOnlyPdfError`) are refused with a one-line reason. Otherwise every page becomes a
:class:`Page` of characters and rulings in view space, and the document title comes from the
file's metadata where it names a report.
"""

from __future__ import annotations

import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.report.errors import (
    CorruptFileError,
    EncryptedPdfError,
    ImageOnlyPdfError,
    ReportReadError,
)
from gongkai.report.readers.pdf.chars import pdf_chars
from gongkai.report.readers.pdf.geometry import Page, text_direction, view_transform
from gongkai.report.readers.pdf.rulings import page_rulings

_TRUNCATED = "PDF 文件不完整（可能下载或传输中断），无法读取"
#: Fewer letters than this in the body of all pages: no text layer worth reading.
_MIN_LETTERS = 20


def open_pages(data: bytes, source: str | None) -> tuple[list[Page], str | None]:
    """The pages of a readable PDF and its metadata title; a :class:`ReportReadError` if none."""
    if _truncated(data):
        raise CorruptFileError(_TRUNCATED, source=source)
    pdf = _open(data, source)
    try:
        count = len(pdf)
        if count == 0:
            raise CorruptFileError("PDF 文件没有任何页面", source=source)
        pages = [_read_page(pdf, index) for index in range(count)]
        title = _meta_title(pdf)
    except ReportReadError:
        raise
    except Exception as error:  # PdfiumError on a broken page, ctypes errors on bad data
        raise CorruptFileError(source=source) from error
    finally:
        pdf.close()
    if _body_letters(pages) < _MIN_LETTERS:
        raise ImageOnlyPdfError(source=source)
    return pages, title


def _truncated(data: bytes) -> bool:
    """Whether the file stops before its end: no ``%%EOF``, or PDF objects after the last one
    (an update cut short). Other bytes after ``%%EOF`` (padding, mail debris) are harmless."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return True
    tail = data[end + 5 :]
    return len(tail.strip(b"\x00 \t\r\n")) > 1024 and (b" obj" in tail or b"stream" in tail)


def _open(data: bytes, source: str | None) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(source=source) from error
        raise CorruptFileError(source=source) from error
    except Exception as error:  # pragma: no cover - PDFium refusing input in another way
        raise CorruptFileError(source=source) from error


def _body_letters(pages: list[Page]) -> int:
    """Letters (Chinese characters included) printed away from the page edges."""
    count = 0
    for page in pages:
        low, high = page.height * 0.08, page.height * 0.92
        count += sum(1 for c in page.chars if c[4].isalpha() and low < c[1] < high)
    return count


def _meta_title(pdf: Any) -> str | None:
    try:
        title = str(pdf.get_metadata_value("Title") or "")
    except Exception:  # pragma: no cover - broken metadata is no reason to fail
        return None
    title = re.sub(r"^Microsoft Word\s*-\s*", "", title).strip()
    title = re.sub(r"\.(docx?|wps|pdf)$", "", title, flags=re.IGNORECASE)
    return title if "报告" in title else None


def _read_page(pdf: Any, index: int) -> Page:
    page = pdf[index]
    try:
        width, height = page.get_size()
        raw = pdf_chars(page)
        direction = text_direction(raw)
        to_view = view_transform(direction, width, height)
        if direction in ("up", "down"):
            width, height = height, width
        if direction == "right":  # the usual case, inlined: to_view for each character is slow
            chars = [(c[0], height - c[3], c[2], height - c[1], c[4], c[5]) for c in raw]
        else:
            chars = [(*to_view(c[0], c[1], c[2], c[3]), c[4], c[5]) for c in raw]
        rulings = page_rulings(page, to_view)
        return Page(index + 1, width, height, chars, rulings.h, rulings.v)
    finally:
        page.close()
