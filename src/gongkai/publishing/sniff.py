"""An attachment's type from its bytes, before it is stored or published.

The file name's extension is a claim; the bytes decide. An attachment is refused
(:class:`AttachmentRefused`, Chinese message) when

* it is empty or larger than ``max_bytes``;
* its content is none of PDF, DOCX, XLSX, PNG, JPEG, GIF, WebP, or not the kind its extension
  claims;
* it is a legacy OLE compound file (.doc / .xls, also password-protected Office files): the
  person is asked for DOCX, XLSX or PDF;
* it is OOXML with macros (``vbaProject.bin``, a ``macroEnabled`` content type, .docm / .xlsm)
  or ActiveX controls;
* it is a zip whose declared uncompressed size exceeds ``max_uncompressed_bytes`` or that has
  more than :data:`MAX_ZIP_MEMBERS` members (zip bombs). ``zipfile`` stops a member at its
  declared size, so the declared sizes bound what a later reader decompresses;
* it is a PDF whose names (also inside compressed object streams, ``#xx`` escapes decoded)
  include ``/JavaScript``, ``/JS``, ``/Launch``, ``/EmbeddedFile(s)`` or ``/RichMedia``.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "AttachmentRefused",
    "SniffResult",
    "detect_kind",
    "sniff_attachment",
]

#: The kinds accepted, with their content types.
CONTENT_TYPES: Mapping[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
#: File name extension (lower case, with the dot) → kind it claims.
EXTENSIONS: Mapping[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
}
#: Names for people, in messages.
KIND_NAMES: Mapping[str, str] = {
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "gif": "GIF 图片",
    "webp": "WebP 图片",
    "ole": "旧版 Office 文件（.doc/.xls）",
    "zip": "ZIP 压缩包",
}
MACRO_EXTENSIONS = frozenset({".docm", ".xlsm", ".dotm", ".xltm", ".xlsb"})
LEGACY_EXTENSIONS = frozenset({".doc", ".xls", ".dot", ".xlt", ".wps", ".et"})

#: Declared uncompressed size a DOCX/XLSX may unpack to, unless the caller says otherwise.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
#: How much of a PDF's compressed streams is inflated to look for active content.
MAX_PDF_INFLATE_BYTES = 64 * 1024 * 1024
#: PDF names that mean scripts, launched programs or embedded files.
PDF_ACTIVE_NAMES: Mapping[str, str] = {
    "JavaScript": "JavaScript 脚本",
    "JS": "JavaScript 脚本",
    "Launch": "启动外部程序的动作",
    "EmbeddedFile": "嵌入文件",
    "EmbeddedFiles": "嵌入文件",
    "RichMedia": "多媒体（RichMedia）内容",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")


class AttachmentRefused(ValueError):
    """The attachment may not be stored; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SniffResult:
    kind: str
    content_type: str
    sha256: str
    size: int


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def detect_kind(data: bytes) -> str | None:
    """The kind the bytes are, by magic numbers: a key of :data:`CONTENT_TYPES`, ``"ole"``,
    ``"zip"`` (a zip that is neither DOCX nor XLSX) or ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, EOFError, ValueError, OSError):
            return None
        return _ooxml_kind(names) or "zip"
    return None


def _ooxml_kind(names: set[str]) -> str | None:
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def sniff_attachment(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
) -> SniffResult:
    """Check an uploaded attachment; :class:`AttachmentRefused` if it may not be kept."""
    size = len(data)
    if size == 0:
        raise AttachmentRefused("文件为空，请重新选择。")
    if size > max_bytes:
        raise AttachmentRefused(
            f"文件大小为 {_megabytes(size)}，超过允许的上限 {_megabytes(max_bytes)}。"
        )
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if extension in MACRO_EXTENSIONS:
        raise AttachmentRefused(
            f"不接受含宏的文件（{extension}），请另存为 DOCX、XLSX 或 PDF 后上传。"
        )
    if extension in LEGACY_EXTENSIONS:
        raise AttachmentRefused(
            f"不接受旧版格式（{extension}），请另存为 DOCX、XLSX 或 PDF 后上传。"
        )
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        shown = extension or "（无扩展名）"
        raise AttachmentRefused(
            f"不支持的文件类型 {shown}；可上传 PDF、DOCX、XLSX 及 PNG、JPEG、GIF、WebP 图片。"
        )
    kind = detect_kind(data)
    if kind == "ole":
        raise AttachmentRefused(
            "文件是旧版 Office 格式（.doc/.xls）或加密的 Office 文件，"
            "请另存为 DOCX、XLSX 或 PDF（不加密）后上传。"
        )
    if kind != claimed:
        actual = f"（实际为{KIND_NAMES[kind]}）" if kind is not None else "（无法识别文件内容）"
        raise AttachmentRefused(
            f"文件内容不是 {KIND_NAMES[claimed]}，与扩展名 {extension} 不符{actual}。"
        )
    if kind in ("docx", "xlsx"):
        _check_ooxml(data, max_uncompressed_bytes)
    elif kind == "pdf":
        _check_pdf(data)
    return SniffResult(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        sha256=hashlib.sha256(data).hexdigest(),
        size=size,
    )


def _check_ooxml(data: bytes, max_uncompressed_bytes: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise AttachmentRefused(f"文件内含 {len(infos)} 个部件，超过上限，疑似压缩炸弹。")
        declared = sum(info.file_size for info in infos)
        if declared > max_uncompressed_bytes:
            raise AttachmentRefused(
                f"文件解压后为 {_megabytes(declared)}，超过上限 "
                f"{_megabytes(max_uncompressed_bytes)}，疑似压缩炸弹。"
            )
        lowered = [info.filename.lower() for info in infos]
        if any(PurePosixPath(name).name == "vbaproject.bin" for name in lowered):
            raise AttachmentRefused("文件含有宏（VBA），请删除宏后另存为 DOCX 或 XLSX 再上传。")
        if any("/activex/" in f"/{name}" for name in lowered):
            raise AttachmentRefused("文件含有 ActiveX 控件，请删除控件后再上传。")
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            raise AttachmentRefused("文件的内容类型清单过大，无法检查。")
        try:
            content_types = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise AttachmentRefused("文件已损坏，无法读取。") from None
        if b"macroenabled" in content_types.lower():
            raise AttachmentRefused(
                "文件是启用宏的格式（.docm/.xlsm），请另存为 DOCX 或 XLSX 后上传。"
            )


def _pdf_names(chunk: bytes) -> set[str]:
    names: set[str] = set()
    for match in _PDF_NAME.finditer(chunk):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw.decode("latin-1"))
    return names


def _inflated_streams(data: bytes) -> list[bytes]:
    """Every stream that inflates with zlib, up to :data:`MAX_PDF_INFLATE_BYTES` in all."""
    chunks: list[bytes] = []
    budget = MAX_PDF_INFLATE_BYTES
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        pieces: list[bytes] = []
        position = match.end()
        # Feed small pieces so that no step copies the rest of the file.
        while budget > 0 and not inflater.eof and position < len(data):
            try:
                piece = inflater.decompress(view[position : position + 65536], budget)
            except zlib.error:
                break
            position += 65536
            budget -= len(piece)
            pieces.append(piece)
            if inflater.unconsumed_tail:
                break
        if pieces:
            chunks.append(b"".join(pieces))
    return chunks


def _check_pdf(data: bytes) -> None:
    found: set[str] = _pdf_names(data)
    for chunk in _inflated_streams(data):
        found |= _pdf_names(chunk)
    active = sorted({PDF_ACTIVE_NAMES[name] for name in found if name in PDF_ACTIVE_NAMES})
    if active:
        raise AttachmentRefused(
            f"PDF 文件含有{'、'.join(active)}，不能发布；请另存为不含这些内容的 PDF 后上传。"
        )
