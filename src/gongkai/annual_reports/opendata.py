"""Open data: every published annual report of a region as one CSV or JSON download.

``/open-data/reports.csv`` and ``/open-data/reports.json`` take ``region`` (a body: it and every
body below it; absent: the whole platform) and ``year`` (absent: every year). Each body-year
appears once — its own published report, written on the platform or collected (the same one
``GET /api/v1/bodies/{id}/reports/{year}`` answers); summaries are left out, since their
figures are the sums of the bodies' own reports and would be counted twice.

The files are the core's multi-report forms, byte for byte what ``gongkai.report.writers``
writes for the same reports: the long CSV (``organ, year, table, row_key, row_label, column,
value``, UTF-8 with BOM) and a JSON array of ``gongkai.annual-report/1`` objects. They are
streamed report by report from a database cursor, so memory stays flat whatever the region.
``/open-data/`` defines every figure: its label, its key in both files and where it comes from.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus
from gongkai.annual_reports.selectors import core_report
from gongkai.organizations.models import Body
from gongkai.organizations.selectors import body_subtree_ids
from gongkai.report import formats
from gongkai.report.readers.structured import CSV_HEADER
from gongkai.report.writers.csv import csv_lines

#: Reports fetched from the cursor at a time.
CHUNK = 200


class OpenDataError(ValueError):
    """A bad ``region`` or ``year`` (HTTP status and Chinese message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def published_for_region(*, region: Body | None, year: int | None) -> Iterator[AnnualReport]:
    """The published own reports of ``region`` (and below; ``None``: all), one per body-year.

    By year, then body id. When a body has both a written and a collected published report for a
    year, the one ``selectors.published_report`` answers is kept.
    """
    reports = AnnualReport.objects.filter(
        status=ReportStatus.PUBLISHED, kind__in=[ReportKind.WRITTEN, ReportKind.COLLECTED]
    )
    if region is not None:
        reports = reports.filter(body_id__in=body_subtree_ids(body=region))
    if year is not None:
        reports = reports.filter(year=year)
    seen: tuple[int, int] | None = None
    for report in (
        reports.select_related("body").order_by("year", "body_id", "kind").iterator(CHUNK)
    ):
        if (report.year, report.body_id) == seen:
            continue
        seen = (report.year, report.body_id)
        yield report


def _ordered(entries: dict[str, Any], order: list[str]) -> dict[str, Any]:
    rank = {key: i for i, key in enumerate(order)}
    return dict(sorted(entries.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def canonical_document(report: AnnualReport) -> dict[str, Any]:
    """The report's ``gongkai.annual-report/1`` object, keys in the national format's order.

    PostgreSQL's ``jsonb`` keeps an object's keys in its own order (shortest first), so the
    stored tables are put back in print order: the same document on every database.
    """
    data = core_report(report).to_canonical()
    template = formats.TEMPLATES[report.template]
    if "proactive" in data:
        rows = [row.key for sub in template.proactive for row in sub.rows]
        columns = [c.key for sub in template.proactive for c in sub.columns]
        data["proactive"] = _ordered(
            {
                key: _ordered(value, columns) if isinstance(value, dict) else value
                for key, value in data["proactive"].items()
            },
            rows,
        )
    if "applications" in data:
        keys = list(template.application_keys)
        if "3.6" not in keys:  # some 2021-format reports print （六） as one row
            keys.insert(keys.index("3.6.1"), "3.6")
        data["applications"] = _ordered(data["applications"], keys)
    if "reviews_litigation" in data:
        groups = [group.key for group in formats.REVIEW_GROUPS]
        data["reviews_litigation"] = _ordered(data["reviews_litigation"], groups)
    return data


def csv_chunks(reports: Iterator[AnnualReport]) -> Iterator[bytes]:
    """The core's long CSV of ``reports``, one chunk per report (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    yield buffer.getvalue().encode("utf-8-sig")
    for report in reports:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_lines(core_report(report)))
        yield buffer.getvalue().encode("utf-8")


def json_chunks(reports: Iterator[AnnualReport]) -> Iterator[bytes]:
    """A JSON array of the reports' canonical objects, laid out as the core's JSON writer does."""
    first = True
    for report in reports:
        text = json.dumps(canonical_document(report), ensure_ascii=False, indent=2)
        yield (("[\n" if first else ",\n") + textwrap.indent(text, "  ")).encode("utf-8")
        first = False
    yield b"[]\n" if first else b"\n]\n"


def _query(request: HttpRequest) -> tuple[Body | None, int | None]:
    region_text = request.GET.get("region", "").strip()
    year_text = request.GET.get("year", "").strip()
    region = None
    if region_text:
        if not (region_text.isascii() and region_text.isdigit() and len(region_text) < 10):
            raise OpenDataError(400, "region 应为机关的整数 id。")
        region = Body.objects.filter(pk=int(region_text)).first()
        if region is None:
            raise OpenDataError(404, "没有这个机关。")
    year = None
    if year_text:
        if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
            raise OpenDataError(400, "year 应为四位数字的年份，例如 2021。")
        year = int(year_text)
    return region, year


def _filename(region: Body | None, year: int | None, suffix: str) -> str:
    parts = ["reports", str(region.pk) if region else "all", str(year) if year else "all-years"]
    return "-".join(parts) + suffix


def _download(request: HttpRequest, suffix: str) -> HttpResponseBase:
    try:
        region, year = _query(request)
    except OpenDataError as error:
        return HttpResponse(
            str(error), status=error.status, content_type="text/plain; charset=utf-8"
        )
    reports = published_for_region(region=region, year=year)
    if suffix == ".csv":
        chunks, content_type = csv_chunks(reports), "text/csv; charset=utf-8"
    else:
        chunks, content_type = json_chunks(reports), "application/json"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(region, year, suffix)}"'
    return response


@require_safe
def reports_csv(request: HttpRequest) -> HttpResponseBase:
    """``/open-data/reports.csv?region=<body id>&year=<year>``."""
    return _download(request, ".csv")


@require_safe
def reports_json(request: HttpRequest) -> HttpResponseBase:
    """``/open-data/reports.json?region=<body id>&year=<year>``."""
    return _download(request, ".json")


# --- definitions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure of the files: its label, JSON key, CSV key and where it comes from."""

    table: str
    label: str
    json_key: str
    csv_key: str
    source: str


def figures(template: formats.Template) -> list[Figure]:
    """Every cell of ``template``'s tables 二, 三 and 四, in print order."""
    out: list[Figure] = []
    for sub in template.proactive:
        for row in sub.rows:
            for column in sub.columns:
                key = f"proactive.{row.key}" + ("" if sub.scalar else f".{column.key}")
                out.append(
                    Figure(
                        "表二 主动公开政府信息情况",
                        f"{row.label} · {column.label}",
                        key,
                        f"proactive / {row.key} / {column.label}",
                        sub.article,
                    )
                )
    keys = list(template.application_keys)
    if template.id == "2021":  # some 2021-format reports print （六） as one row, as in 2019
        keys.insert(keys.index("3.6.1"), "3.6")
    for key in keys:
        flat = formats.application_row_any(key).flat_label
        for index, column in enumerate(formats.APPLICATION_COLUMNS):
            out.append(
                Figure(
                    "表三 收到和处理政府信息公开申请情况",
                    f"{flat} · {column.label}",
                    f"applications.{key}[{index}]",
                    f"applications / {key} / {column.label}",
                    "《条例》第五十条第（二）项",
                )
            )
    for group in formats.REVIEW_GROUPS:
        label = f"{group.parent}：{group.label}" if group.parent else group.label
        for index, column in enumerate(formats.REVIEW_COLUMNS):
            out.append(
                Figure(
                    "表四 政府信息公开行政复议、行政诉讼情况",
                    f"{label} · {column.label}",
                    f"reviews_litigation.{group.key}[{index}]",
                    f"reviews_litigation / {group.key} / {column.label}",
                    "《条例》第五十条第（三）项",
                )
            )
    return out


@require_safe
def definitions(request: HttpRequest) -> HttpResponse:
    """``/open-data/``: the downloads and the definition of every figure in them."""
    regions = Body.objects.filter(parent__isnull=True).order_by("name", "pk")
    years = (
        AnnualReport.objects.filter(status=ReportStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    context = {
        "templates": [(t, figures(t)) for t in (formats.TEMPLATE_2021, formats.TEMPLATE_2019)],
        "regions": regions,
        "years": list(years),
        "csv_header": ", ".join(CSV_HEADER),
        "format_id": formats.FORMAT_ID,
    }
    return render(request, "annual_reports/opendata/index.html", context)
