"""Writers: a :class:`~gongkai.report.model.Report` to JSON, CSV, Markdown, HTML, DOCX or PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from gongkai.report.errors import ReportError
from gongkai.report.model import Report

#: Output formats of :func:`render`.
FORMATS = ("json", "csv", "md", "html", "docx", "pdf")
#: Formats written as binary files (never to standard output).
BINARY_FORMATS = ("docx", "pdf")


def render(report: Report | Sequence[Report], to: str) -> bytes:
    """Render one report (or, for json/csv, several) in format ``to``; returns bytes."""
    writer = _writer(to)
    return writer(report)


def render_to(report: Report, to: str, path: str | Path) -> None:
    Path(path).write_bytes(render(report, to))


def _writer(to: str) -> Callable[[Report | Sequence[Report]], bytes]:
    if to == "json":
        from gongkai.report.writers.json import write_json

        return write_json
    if to == "csv":
        from gongkai.report.writers.csv import write_csv

        return write_csv
    if to in ("md", "markdown"):
        from gongkai.report.writers.markdown import write_markdown

        return _single(write_markdown)
    if to == "html":
        from gongkai.report.writers.html import write_html

        return _single(write_html)
    if to == "docx":
        from gongkai.report.writers.docx import write_docx

        return _single(write_docx)
    if to == "pdf":
        from gongkai.report.writers.pdf import write_pdf

        return _single(write_pdf)
    raise ReportError(f"不支持的输出格式“{to}”，可选：{'、'.join(FORMATS)}")


def _single(fn: Callable[[Report], bytes]) -> Callable[[Report | Sequence[Report]], bytes]:
    def wrapped(report: Report | Sequence[Report]) -> bytes:
        if not isinstance(report, Report):
            raise ReportError("该格式一次只能输出一份报告")
        return fn(report)

    return wrapped


__all__ = ["BINARY_FORMATS", "FORMATS", "render", "render_to"]
