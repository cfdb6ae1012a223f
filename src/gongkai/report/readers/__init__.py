"""Readers: detect what a file is by its content and read it into a :class:`Report`.

``read(source)`` accepts a path, bytes or text. The kind of input is decided by content,
never by the file name: PDF and DOCX by their signatures, the canonical JSON and the long
CSV by their first characters, HTML by its tags, and everything else as text.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from gongkai.report.assemble import assemble
from gongkai.report.document import Document
from gongkai.report.errors import (
    BinaryInputError,
    CorruptFileError,
    EmptyInputError,
    EncodingError,
    EncryptedDocumentError,
    ReportReadError,
    UnsupportedFormatError,
)
from gongkai.report.model import Report

Source = str | bytes | os.PathLike[str]

#: Input kinds, as detected from content.
KINDS = ("pdf", "docx", "json", "csv", "html", "text")


def read(source: Source, *, name: str | None = None) -> Report:
    """Read one annual report from a path, raw bytes, or text.

    Raises a :class:`~gongkai.report.errors.ReportReadError` subclass, with a one-line Chinese
    message, for anything that cannot be read as a report.
    """
    data, label = _load(source, name)
    try:
        return _read_bytes(data, label)
    except ReportReadError as error:
        error.source = error.source or label
        raise
    except (RecursionError, MemoryError) as error:  # pragma: no cover - pathological inputs
        raise CorruptFileError(source=label) from error


def read_document(source: Source, *, name: str | None = None) -> Document:
    """The intermediate :class:`Document` of a report (for debugging readers)."""
    data, label = _load(source, name)
    kind = detect(data)
    if kind in ("json", "csv"):
        raise UnsupportedFormatError("结构化数据文件没有版面结构", source=label)
    return _document(kind, data, label)


def _load(source: Source, name: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        return source, name
    if isinstance(source, str) and ("\n" in source or len(source) > 4096):
        return source.encode("utf-8"), name
    path = Path(source)
    try:
        return path.read_bytes(), name or str(path)
    except IsADirectoryError as error:
        raise UnsupportedFormatError("这是一个目录，不是文件", source=str(path)) from error
    except FileNotFoundError as error:
        raise ReportReadError("文件不存在", source=str(path)) from error
    except OSError as error:
        raise ReportReadError(f"无法打开文件（{error.strerror}）", source=str(path)) from error


def detect(data: bytes) -> str:
    """The input kind of ``data``: one of :data:`KINDS`."""
    if not data.strip():
        raise EmptyInputError()
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedDocumentError()
        raise UnsupportedFormatError("这是旧版 Word（.doc）或 Excel 文件，请另存为 DOCX 后再读取")
    if head.startswith((b"\x7fELF", b"MZ", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!")):
        raise BinaryInputError()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    text = decode(data[:65536], partial=True)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return "json"
    if stripped.startswith(("organ,year,table", '"organ","year"')):
        return "csv"
    lowered = stripped[:4096].lower()
    if lowered.startswith(("<!doctype", "<html", "<?xml")) or any(
        tag in lowered for tag in ("<table", "<body", "<div", "<p>", "<p ", "<meta")
    ):
        return "html"
    return "text"


def decode(data: bytes, *, partial: bool = False) -> str:
    """Decode report text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise EncodingError() from error
    if b"\x00" in data[:4096]:
        raise BinaryInputError()
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        if partial and error.start >= len(body) - 4:  # a character cut at the end
            return body[: error.start].decode("utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        if partial:
            return data.decode("gb18030", errors="ignore")
        raise EncodingError() from error
    if _looks_binary(text):
        raise BinaryInputError()
    return text


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_binary(text: str) -> bool:
    """Control characters, private-use or replacement characters in more than 2% of the text."""
    sample = text[:4096]
    if not sample:
        return False
    return len(_CONTROL_RE.findall(sample)) > len(sample) * 0.02


def _read_bytes(data: bytes, label: str | None) -> Report:
    kind = detect(data)
    if kind == "json":
        from gongkai.report.readers.structured import read_json

        return read_json(decode(data), source=label)
    if kind == "csv":
        from gongkai.report.readers.structured import read_csv

        return read_csv(decode(data), source=label)
    return assemble(_document(kind, data, label))


def _document(kind: str, data: bytes, label: str | None) -> Document:
    if kind == "pdf":
        from gongkai.report.readers.pdf import read_pdf

        return read_pdf(data, source=label)
    if kind == "docx":
        from gongkai.report.readers.docx import read_docx

        return read_docx(data, source=label)
    if kind == "html":
        from gongkai.report.readers.html import read_html

        return read_html(data, source=label)
    from gongkai.report.readers.text import read_text

    text = decode(data)
    if _looks_binary(text):
        raise BinaryInputError()
    return read_text(text, source=label)


__all__ = ["KINDS", "decode", "detect", "read", "read_document"]
