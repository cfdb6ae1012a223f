"""The supervisor's pages: the subtrees a 监督员 supervises, and a subtree's dashboard by year.

``?format=xlsx`` gives every table of the dashboard as one workbook; ``?format=csv&table=<slug>``
one table as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from gongkai.applications.services import clock_today
from gongkai.organizations.models import User
from gongkai.supervision import charts
from gongkai.supervision.exports import table_csv, tables_xlsx
from gongkai.supervision.rows import body_rows_html
from gongkai.supervision.selectors import (
    Dashboard,
    Table,
    dashboard_read,
    dashboard_tables,
    default_year,
    supervised_roots,
    supervised_subtree,
    years_open,
)

#: Table 四's groups as a chart's axis has room for them.
SHORT_GROUPS = ("复议", "直接起诉", "复议后起诉")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The subtrees the user supervises, each with its report years."""
    today = clock_today()
    context = {
        "roots": supervised_roots(user=_user(request)),
        "year": default_year(today),
        "years": years_open(today),
    }
    return render(request, "supervision/index.html", context)


@dataclass(frozen=True)
class Chart:
    """A chart as SVG, and the table holding its numbers (for screen readers and checking)."""

    svg: SafeString
    table: Table


def _charts(dashboard: Dashboard, tables: dict[str, Table]) -> list[Chart]:
    figures = dashboard.figures
    year = dashboard.year
    remedy_groups = tables["remedies"].rows
    remedies_svg = charts.bar_chart(
        f"{year}年度行政复议、行政诉讼（纠错率：{figures.rates['all']}）",
        tuple(
            f"{short} 纠错率{row[-1]}"
            for short, row in zip(SHORT_GROUPS, remedy_groups, strict=True)
        ),
        tuple(
            (name, tuple(int(row[1 + i]) for row in remedy_groups))
            for i, name in enumerate(("维持", "纠正", "其他", "尚未审结"))
        ),
        stacked=True,
    )
    svgs = {
        "received": charts.bar_chart(
            "历年收到政府信息公开申请（件）",
            tuple(str(y) for y, _ in figures.received_by_year),
            (("本年新收", tuple(n for _, n in figures.received_by_year)),),
        ),
        "outcomes": charts.horizontal_bar_chart(
            f"{year}年度申请办理结果（件）", tuple(figures.outcomes)
        ),
        "remedies": remedies_svg,
        "timeliness": charts.pie_chart(
            f"{year}年度报告按时发布情况（机关数）", tuple(figures.timeliness)
        ),
    }
    # The SVG is pygal's output of numbers and labels escaped by pygal itself, scripts removed.
    return [Chart(mark_safe(svg), tables[slug]) for slug, svg in svgs.items()]


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(True, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


@require_safe
@login_required
def dashboard(request: HttpRequest, body_id: int, year: int) -> HttpResponse:
    """A subtree's reports of ``year``: status, timeliness, findings, overdue cases, charts."""
    nodes = supervised_subtree(user=_user(request), body_id=body_id)
    today = clock_today()
    if year not in years_open(today):
        raise Http404("没有该年度的年度报告。")
    board = dashboard_read(nodes=nodes, year=year, today=today)
    tables = {table.slug: table for table in dashboard_tables(board)}
    stem = f"{board.root.name}{year}年度报告监督"
    wanted = request.GET.get("format", "")
    if wanted == "xlsx":
        return _file(tables_xlsx(list(tables.values())), XLSX, f"{stem}.xlsx")
    if wanted == "csv":
        table = tables.get(str(request.GET.get("table", "bodies")))
        if table is None:
            raise Http404("没有这张表。")
        return _file(table_csv(table), "text/csv; charset=utf-8", f"{stem}-{table.title}.csv")
    if wanted:
        raise Http404("不支持该导出格式。")
    context = {
        "board": board,
        "root": board.root,
        "year": year,
        "years": years_open(today),
        "tables": tables,
        "body_rows": body_rows_html(board.rows),
        "charts": _charts(board, tables),
        "findings_total": len(tables["findings"].rows),
    }
    return render(request, "supervision/dashboard.html", context)
