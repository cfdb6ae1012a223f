"""Attachments by content: accepted kinds, refusals with their Chinese reasons."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib

import docx
import openpyxl
import pytest

from gongkai.publishing.sniff import AttachmentRefused, detect_kind, sniff_attachment

MB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes, name: str, max_bytes: int = 10 * MB, **kwargs: int) -> str:
    with pytest.raises(AttachmentRefused) as caught:
        sniff_attachment(data, name, max_bytes=max_bytes, **kwargs)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == caught.value.message
    return caught.value.message


@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [
        ("a.pdf", "pdf", "application/pdf"),
        ("报告.PDF", "pdf", "application/pdf"),
        ("图.png", "png", "image/png"),
        ("图.jpg", "jpeg", "image/jpeg"),
        ("图.jpeg", "jpeg", "image/jpeg"),
        ("图.gif", "gif", "image/gif"),
        ("图.webp", "webp", "image/webp"),
    ],
)
def test_accepted_simple_kinds(name: str, kind: str, content_type: str) -> None:
    data = {"pdf": PDF, "png": PNG, "jpeg": JPEG, "gif": GIF, "webp": WEBP}[kind]
    result = sniff_attachment(data, name, max_bytes=MB)
    assert (result.kind, result.content_type, result.size) == (kind, content_type, len(data))
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_docx_and_xlsx() -> None:
    word = sniff_attachment(docx_bytes(), "通知.docx", max_bytes=MB)
    assert word.kind == "docx"
    assert word.content_type.endswith("wordprocessingml.document")
    sheet = sniff_attachment(xlsx_bytes(), "名单.xlsx", max_bytes=MB)
    assert sheet.kind == "xlsx"
    assert sheet.content_type.endswith("spreadsheetml.sheet")


def test_size_limit_and_empty() -> None:
    assert refusal(PNG, "a.png", max_bytes=10) == "文件大小为 0.0 MB，超过允许的上限 0.0 MB。"
    assert "超过允许的上限 1.0 MB" in refusal(b"%PDF-" + b"0" * (2 * MB), "a.pdf", max_bytes=MB)
    assert refusal(b"", "a.pdf") == "文件为空，请重新选择。"


def test_extension_must_match_content() -> None:
    assert refusal(PNG, "a.pdf") == "文件内容不是 PDF，与扩展名 .pdf 不符（实际为PNG 图片）。"
    assert (
        refusal(b"hello", "a.pdf") == "文件内容不是 PDF，与扩展名 .pdf 不符（无法识别文件内容）。"
    )
    assert "与扩展名 .docx 不符（实际为XLSX）" in refusal(xlsx_bytes(), "a.docx")
    assert "实际为ZIP 压缩包" in refusal(zip_bytes({"a.txt": b"x"}), "a.docx")
    assert "不支持的文件类型 .exe" in refusal(b"MZ\x90\x00", "setup.exe")
    assert "不支持的文件类型 （无扩展名）" in refusal(PDF, "README")


def test_legacy_office_is_refused_with_advice() -> None:
    assert "请另存为 DOCX、XLSX 或 PDF" in refusal(OLE, "通知.doc")
    assert "旧版格式（.xls）" in refusal(OLE, "表.xls")
    # An OLE file renamed to .docx (or a password-protected DOCX, which is OLE too).
    assert "旧版 Office 格式" in refusal(OLE, "通知.docx")


def test_macros_are_refused() -> None:
    assert "含宏的文件（.docm）" in refusal(docx_bytes(), "a.docm")
    assert "含宏的文件（.xlsm）" in refusal(xlsx_bytes(), "a.xlsm")
    with_vba = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00",
        }
    )
    assert "含有宏（VBA）" in refusal(with_vba, "a.docx")
    macro_type = zip_bytes(
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/'
            b'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
            "xl/workbook.xml": b"<workbook/>",
        }
    )
    assert "启用宏的格式" in refusal(macro_type, "a.xlsx")
    activex = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/activeX/activeX1.xml": b"<ax/>",
        }
    )
    assert "ActiveX" in refusal(activex, "a.docx")


def test_zip_bombs_are_refused() -> None:
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"0" * (3 * MB),
        }
    )
    assert len(bomb) < 100_000
    message = refusal(bomb, "a.docx", max_uncompressed_bytes=2 * MB)
    assert message == "文件解压后为 3.0 MB，超过上限 2.0 MB，疑似压缩炸弹。"
    assert sniff_attachment(bomb, "a.docx", max_bytes=MB).kind == "docx"


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"<< /S /JavaScript /JS (app.alert(1)) >>", "JavaScript 脚本"),
        (b"<< /OpenAction << /S /Launch /F (calc.exe) >> >>", "启动外部程序的动作"),
        (b"<< /Names << /EmbeddedFiles 3 0 R >> >>", "嵌入文件"),
        (b"<< /S /J#61vaScript >>", "JavaScript 脚本"),  # #61 is "a"
    ],
)
def test_pdf_active_content_is_refused(body: bytes, what: str) -> None:
    message = refusal(b"%PDF-1.7\n" + body + b"\n%%EOF", "a.pdf")
    assert message == f"PDF 文件含有{what}，不能发布；请另存为不含这些内容的 PDF 后上传。"


def test_pdf_active_content_inside_compressed_stream_is_refused() -> None:
    hidden = zlib.compress(b"<< /Type /Action /S /JavaScript /JS (x) >>")
    data = b"%PDF-1.7\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >> stream\n"
    data += hidden + b"\nendstream endobj\n%%EOF"
    assert "JavaScript 脚本" in refusal(data, "a.pdf")


def test_pdf_names_that_only_start_alike_pass() -> None:
    data = b"%PDF-1.7\n<< /JSON 1 /Launcher 2 /JavaScripts 3 >>\n%%EOF"
    assert sniff_attachment(data, "a.pdf", max_bytes=MB).kind == "pdf"


def test_detect_kind() -> None:
    assert detect_kind(docx_bytes()) == "docx"
    assert detect_kind(xlsx_bytes()) == "xlsx"
    assert detect_kind(OLE) == "ole"
    assert detect_kind(b"PK\x03\x04not a zip") is None
    assert detect_kind(b"plain text") is None
