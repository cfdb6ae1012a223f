"""The one exception tree of the report core.

Every user error (a file that cannot be read as a report) raises a subclass of
:class:`ReportReadError` whose ``message`` is a one-line Chinese sentence a clerk understands.
The CLI prints ``<file>: <message>`` and exits 2; nothing else escapes a reader.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base of all errors raised by :mod:`gongkai.report`."""


class ReportReadError(ReportError):
    """The input cannot be read as an annual report."""

    #: Stable machine-readable code (JSON output, API).
    code = "unreadable"
    default_message = "无法读取该文件"

    def __init__(self, message: str | None = None, *, source: str | None = None) -> None:
        self.message = message or self.default_message
        self.source = source
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.source}：{self.message}" if self.source else self.message


class EmptyInputError(ReportReadError):
    code = "empty"
    default_message = "文件为空，没有可读取的内容"


class BinaryInputError(ReportReadError):
    code = "binary"
    default_message = "文件不是可识别的文本、HTML、Word（DOCX）或 PDF 格式，可能已损坏"


class EncodingError(ReportReadError):
    code = "encoding"
    default_message = "无法识别文件的文字编码（既不是 UTF-8 也不是 GBK/GB18030）"


class CorruptFileError(ReportReadError):
    code = "corrupt"
    default_message = "文件已损坏或不完整，无法打开"


class EncryptedPdfError(ReportReadError):
    code = "encrypted"
    default_message = "PDF 文件设有密码保护，无法读取，请提供未加密的文件"


class ImageOnlyPdfError(ReportReadError):
    code = "needs-ocr"
    default_message = "PDF 文件没有文字层（扫描件或图片），需要先进行 OCR 文字识别才能读取"


class NotAReportError(ReportReadError):
    code = "not-a-report"
    default_message = "未找到政府信息公开工作年度报告的标题、章节或统计表，不像是一份年度报告"


class UnsupportedFormatError(ReportReadError):
    code = "unsupported"
    default_message = "不支持的文件格式"


class InvalidDataError(ReportReadError):
    code = "invalid-data"
    default_message = "数据文件不符合 gongkai.annual-report/1 格式"


class EncryptedDocumentError(ReportReadError):
    code = "encrypted"
    default_message = "Word 文件设有密码保护，无法读取，请提供未加密的文件"
