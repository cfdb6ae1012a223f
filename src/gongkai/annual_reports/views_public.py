"""Public pages of annual reports: the 年报 part of a body's 专栏, a report, its files.

The 年报 part (``/bodies/<id>/annual-reports/``, routed by the portal's ``column_part``, which
delegates here and caches the page per body content version) lists the body's published reports,
newest year first. ``/bodies/<id>/annual-reports/<year>/`` prints the body's own published
report of the year as HTML in the national layout; ``<year>.docx`` and ``<year>.pdf`` serve the
files written when it was published. A summary (汇总) report of the year has the same pages under
``<year>/summary/``. Anything not published is a Chinese 404.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from gongkai.annual_reports.layout import report_tables
from gongkai.annual_reports.models import AnnualReport, ReportKind
from gongkai.annual_reports.selectors import (
    core_report,
    published_report,
    published_reports,
    section_heading,
)
from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS, PARTS_BY_SLUG
from gongkai.report.writers.markdown import paragraphs

PART = "annual-reports"
NOT_PUBLISHED = "该年度报告尚未发布。"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def annual_reports_part(request: HttpRequest, body: Body) -> HttpResponse:
    """The 年报 part of ``body``'s 专栏: its published reports, newest first (one query)."""
    context = {
        "body": body,
        "parts": PARTS,
        "part": PARTS_BY_SLUG[PART],
        "reports": list(published_reports(body=body).only(*_LIST_FIELDS)),
    }
    return render(request, "annual_reports/public_part.html", context)


_LIST_FIELDS = ("body_id", "year", "kind", "status", "title", "published_on", "docx", "pdf")


def _body(body_id: int) -> Body:
    found: Body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    return found


def _published(body: Body, year: int, *, summary: bool) -> AnnualReport:
    if summary:
        found = published_reports(body=body).filter(year=year, kind=ReportKind.SUMMARY).first()
    else:
        found = published_report(body=body, year=year)
    if found is None:
        raise Http404(NOT_PUBLISHED)
    return found


@require_safe
def report_page(
    request: HttpRequest, body_id: int, year: int, summary: bool = False
) -> HttpResponse:
    """The published report as a page: title, 发布日期, the six sections, the tables, the files."""
    body = _body(body_id)
    report = _published(body, year, summary=summary)
    core = core_report(report)
    sections: list[dict[str, Any]] = [
        {
            "number": number,
            "heading": section_heading(number),
            "paragraphs": paragraphs(str(report.sections.get(str(number), ""))),
        }
        for number in range(1, 7)
    ]
    context = {
        "body": body,
        "parts": PARTS,
        "part": PARTS_BY_SLUG[PART],
        "report": report,
        "summary": summary,
        "preamble": paragraphs(report.preamble),
        "sections": sections,
        "tables": report_tables(core, body_id=body.pk, year=report.year, links=False),
    }
    return render(request, "annual_reports/public_report.html", context)


@require_safe
def report_file(
    request: HttpRequest, body_id: int, year: int, kind: str, summary: bool = False
) -> FileResponse:
    """The DOCX or PDF written when the report was published."""
    body = _body(body_id)
    report = _published(body, year, summary=summary)
    stored = report.docx if kind == "docx" else report.pdf
    if not stored:
        raise Http404("该年度报告没有此格式的文件。")
    return FileResponse(
        stored.open("rb"),
        content_type=CONTENT_TYPES[kind],
        as_attachment=False,
        filename=f"{report.title}.{kind}",
    )
