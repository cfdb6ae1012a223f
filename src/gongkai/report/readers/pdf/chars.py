"""A page's characters as PDFium's text layer gives them, in PDF space.

Each character comes with its loose box; blanks are left out, but a blank the PDF really
prints (not one PDFium makes up from a gap) is remembered on the character after it, so a
space between words or before an indented line survives. Characters that PDFium cannot place,
or places at absurd coordinates, are dropped.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

from gongkai.report.readers.pdf.geometry import FAR, Char

_BLANKS = frozenset(" \t\r\n\x0b\x0c\u00a0\u3000\u2002\u2003\u2009\u200b")
#: Blanks that, printed by the PDF itself, mark the next character as spaced.
_PRINTED_BLANKS = " \u3000\u00a0"
_UNPRINTED = frozenset("\x00\ufffe\uffff\ufeff")


def pdf_chars(page: Any) -> list[Char]:
    """Characters in PDF space: (left, bottom, right, top, text, spaced), blanks left out."""
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
                if ch in _PRINTED_BLANKS and not pdfium_c.FPDFText_IsGenerated(handle, i):
                    spaced = True
                continue
            if ch in _UNPRINTED or not box(handle, i, ref):
                continue
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if -FAR < left < right < FAR and -FAR < bottom < top < FAR:
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
