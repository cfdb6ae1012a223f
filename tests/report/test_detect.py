"""Input kinds are detected from content, never from the file name."""

from __future__ import annotations

import pytest

from gongkai.report import read
from gongkai.report.errors import (
    BinaryInputError,
    EmptyInputError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from gongkai.report.readers import detect

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\n\n%PDF-1.4 with leading junk", "pdf"),
        (b"PK\x03\x04rest-of-zip", "docx"),
        (b'{"format": "gongkai.annual-report/1"}', "json"),
        ("\ufeff[{}]".encode(), "json"),
        ("\ufefforgan,year,table,row_key,row_label,column,value\n".encode(), "csv"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("<div class='content'><p>南郊镇</p></div>".encode("gbk"), "html"),
        ("一、总体情况\n\t规章\n\t0\n".encode(), "text"),
        ("二〇二一年度报告".encode("gb18030"), "text"),
    ],
)
def test_detect_by_content(data: bytes, kind: str) -> None:
    assert detect(data) == kind


def test_refusals_name_the_problem() -> None:
    with pytest.raises(EmptyInputError):
        read(b" \n\t ")
    with pytest.raises(BinaryInputError):
        read(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(UnsupportedFormatError, match="DOCX"):
        read(OLE)
    with pytest.raises(EncryptedDocumentError, match="密码"):
        read(OLE + "EncryptedPackage".encode("utf-16-le"))
