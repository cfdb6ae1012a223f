"""Collect pages: a 监督员 adds a body's published report, and corrects what the core misread.

``/workspace/bodies/<id>/annual-reports/collect/`` uploads the file (or pasted text) of one year;
``/workspace/annual-reports/<id>/source/`` shows the reading — every cell of tables 二, 三 and 四,
corrected cells marked with the value read — the findings, and (for the supervisor) the form
that corrects a cell. The body's own staff may look at the reading; only a 监督员 above the body
collects and corrects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.annual_reports import services_collect as collect
from gongkai.annual_reports.forms_collect import CollectForm, CorrectionForm
from gongkai.annual_reports.models import AnnualReport, CellCorrection, ReportKind
from gongkai.annual_reports.selectors import report_get_for_user, section_heading
from gongkai.organizations.models import User
from gongkai.report.formats import (
    APPLICATION_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TEMPLATES,
    application_keys,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@dataclass(frozen=True)
class GridCell:
    """One cell as the page shows it."""

    key: str
    value: Any
    present: bool
    correction: CellCorrection | None = None


@dataclass(frozen=True)
class GridRow:
    label: str
    key: str
    cells: list[GridCell]


@dataclass(frozen=True)
class Grid:
    caption: str
    columns: list[str]
    rows: list[GridRow]


def _cells(
    table: str, row: str, columns: list[str], values: Any, fixes: dict[tuple[str, str, str], Any]
) -> list[GridCell]:
    present = values is not None
    out = []
    for i, column in enumerate(columns):
        if isinstance(values, dict):
            value, here = values.get(column), column in values
        elif isinstance(values, list):
            value, here = (values[i] if i < len(values) else None), i < len(values)
        else:
            value, here = values, present
        key = f"{table}|{row}|{column}"
        out.append(GridCell(key, value, present and here, fixes.get((table, row, column))))
    return out


def report_grid(report: AnnualReport) -> list[Grid]:
    """Every cell of the report's three tables in its template's order, with corrections."""
    template = TEMPLATES[report.template]
    fixes = {(c.table, c.row, c.column): c for c in report.corrections.all()}
    tables = report.tables
    grids: list[Grid] = []
    proactive = tables.get("proactive") or {}
    for sub in template.proactive:
        keys = [c.key for c in sub.columns] if not sub.scalar else [""]
        rows = [
            GridRow(
                row.label,
                row.key,
                _cells("proactive", row.key, keys, proactive.get(row.key), fixes),
            )
            for row in sub.rows
        ]
        grids.append(Grid(f"表二 {sub.article}", [c.label for c in sub.columns], rows))
    applications = tables.get("applications") or {}
    keys = [c.key for c in APPLICATION_COLUMNS]
    app_rows = []
    for key in application_keys(template, other_single="3.6" in applications):
        label = template.application_row(key).flat_label if key != "3.6" else "（六）其他处理"
        app_rows.append(
            GridRow(label, key, _cells("applications", key, keys, applications.get(key), fixes))
        )
    grids.append(
        Grid(
            "表三 收到和处理政府信息公开申请情况",
            [c.label for c in APPLICATION_COLUMNS],
            app_rows,
        )
    )
    reviews = tables.get("reviews_litigation") or {}
    keys = [c.key for c in REVIEW_COLUMNS]
    review_rows = [
        GridRow(
            f"{group.parent}：{group.label}" if group.parent else group.label,
            group.key,
            _cells("reviews_litigation", group.key, keys, reviews.get(group.key), fixes),
        )
        for group in REVIEW_GROUPS
    ]
    grids.append(
        Grid(
            "表四 政府信息公开行政复议、行政诉讼情况",
            [c.label for c in REVIEW_COLUMNS],
            review_rows,
        )
    )
    return grids


def _choices(grids: list[Grid]) -> list[tuple[str, str]]:
    return [
        (cell.key, collect.cell_name(*cell.key.split("|", 2)))
        for grid in grids
        for row in grid.rows
        for cell in row.cells
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def collect_new(request: HttpRequest, body_id: int) -> HttpResponse:
    """Upload (or paste) a body's published report of one year."""
    user = _user(request)
    body = collect.collect_body_get_for_user(user=user, body_id=body_id)
    form = CollectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, name = form.source()
        try:
            outcome = collect.report_collect(
                actor=user,
                body=body,
                year=form.cleaned_data["year"],
                data=data,
                name=name,
                published_on=form.cleaned_data.get("published_on"),
                source_url=form.cleaned_data.get("source_url") or "",
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            report = outcome.report
            if not outcome.changed:
                messages.info(request, "该文件与已收集的报告相同，未作更改。")
            else:
                messages.success(
                    request,
                    f"已读取并保存{report.year}年度报告：{report.errors}处错误，"
                    f"{report.warnings}处警告。",
                )
            for name in outcome.dropped:
                messages.warning(request, f"已撤销对“{name}”的更正（新文件读取的值不同）。")
            return redirect("annual_reports_collect:source", report.pk)
    status = 400 if request.method == "POST" else 200
    collected = AnnualReport.objects.filter(body=body, kind=ReportKind.COLLECTED).order_by("-year")
    context = {"body": body, "form": form, "collected": collected}
    return render(request, "annual_reports/collect/new.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def source(request: HttpRequest, report_id: int) -> HttpResponse:
    """The reading of a collected report: its tables with corrections, findings, history."""
    user = _user(request)
    report, _ = report_get_for_user(user=user, report_id=report_id)
    if report.kind != ReportKind.COLLECTED:
        raise Http404
    may_correct = collect.may_collect(user=user, body=report.body)
    grids = report_grid(report)
    form = CorrectionForm(request.POST or None, cells=_choices(grids))
    status = 200
    if request.method == "POST":
        if not may_correct:
            raise PermissionDenied
        if form.is_valid():
            table, row, column = form.address()
            try:
                collect.report_cell_correct(
                    actor=user,
                    report_id=report.pk,
                    table=table,
                    row=row,
                    column=column,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"已更正“{collect.cell_name(table, row, column)}”。")
                return redirect("annual_reports_collect:source", report.pk)
        status = 400
    context = {
        "report": report,
        "body": report.body,
        "grids": grids,
        "form": form,
        "may_correct": may_correct,
        "sections": [
            (section_heading(n), str(report.sections.get(str(n), ""))) for n in range(1, 7)
        ],
        "steps": report.steps.select_related("actor"),
        "corrections": report.corrections.select_related("corrected_by"),
    }
    return render(request, "annual_reports/collect/source.html", context, status=status)


#: How the stored source is served, by its detected kind.
SOURCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/plain; charset=utf-8",  # shown as text: never run a page collected elsewhere
    "text": "text/plain; charset=utf-8",
}


@require_safe
@login_required
def source_file(request: HttpRequest, report_id: int) -> FileResponse:
    """The collected report's file as uploaded (or the pasted text)."""
    report, _ = report_get_for_user(user=_user(request), report_id=report_id)
    if report.kind != ReportKind.COLLECTED or not report.source_file:
        raise Http404
    return FileResponse(
        report.source_file.open("rb"),
        content_type=SOURCE_TYPES.get(report.source_kind, "application/octet-stream"),
        as_attachment=report.source_kind in ("docx",),
        filename=report.source_file.name.rsplit("/", 1)[-1],
    )
