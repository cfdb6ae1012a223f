"""PDF writer: the HTML page printed by WeasyPrint on A4 portrait, the national layout.

One layout, not two: the page is :func:`~gongkai.report.writers.html.html_lines` with its
stylesheet ``report.css`` (GB/T 9704 proportions, the tables' merged headers), plus
``report-pdf.css`` for what print adds (bold section headings, tables kept whole or broken
between rows). Fonts are the local ones the stylesheets name — 仿宋/黑体 where installed, else
Debian's Noto Serif/Sans CJK SC — and WeasyPrint embeds the subset it uses, so the file prints
anywhere. WeasyPrint is the optional ``pdf`` extra; without it :func:`write_pdf` raises
:class:`~gongkai.report.errors.ReportError` with a Chinese message.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from gongkai.report.errors import ReportError
from gongkai.report.model import Report
from gongkai.report.writers.html import html_lines


@lru_cache(maxsize=1)
def print_stylesheet() -> str:
    """The PDF's additions to ``report.css``, shipped with the package."""
    return resources.files(__package__).joinpath("report-pdf.css").read_text(encoding="utf-8")


def print_page(report: Report) -> str:
    """The HTML page with the print sheet after ``report.css`` (same origin, so it wins)."""
    lines = []
    for line in html_lines(report):
        if line == "</head>":
            lines.append(f"<style>\n{print_stylesheet()}</style>")
        lines.append(line)
    return "\n".join(lines)


def write_pdf(report: Report) -> bytes:
    """The report as a PDF: A4 portrait, page numbers at the foot, Chinese fonts embedded."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # not installed, or Pango missing
        raise ReportError(
            "输出 PDF 需要 WeasyPrint 及其系统库（pip install 'gongkai[pdf]'）"
        ) from error
    document = HTML(string=print_page(report)).render()
    if report.organ:
        document.metadata.authors = [report.organ]
    pdf: bytes = document.write_pdf()
    return pdf


__all__ = ["print_page", "print_stylesheet", "write_pdf"]
