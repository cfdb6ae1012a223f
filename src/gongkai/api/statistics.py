"""The ``GET /api/v1/bodies/{id}/statistics/{year}`` document (annual-report-json.md).

Table 三 comes from the cases (``gongkai.applications.statistics``); tables 二 (主动公开) and 四
(复议诉讼) are zeros in their template's shape until the issues that record them fill them.
The template follows the year: 2021 onward the 2021 format (国办公开办函〔2021〕30号), 2019 and
2020 the 2019 format (国办公开办函〔2019〕60号); earlier years have no national format the
platform follows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications.statistics import applications_table
from gongkai.organizations.models import Body
from gongkai.report.formats import FORMAT_ID, Template, template_for_year

FIRST_YEAR = 2019


class StatisticsYearError(ValueError):
    """A year the endpoint cannot answer for (Chinese message)."""


def year_parse(text: str, *, today: date) -> int:
    """The reporting year in the URL, or ``StatisticsYearError``."""
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise StatisticsYearError("年份应为四位数字，例如 2021。")
    year = int(text)
    if year < FIRST_YEAR:
        raise StatisticsYearError(
            f"平台按2019年起施行的年度报告格式统计，不提供{year}年的数据（2019年以前格式不同）。"
        )
    if year > today.year:
        raise StatisticsYearError(f"{year}年尚未开始，没有统计数据。")
    return year


def proactive_zeros(template: Template) -> dict[str, Any]:
    """Section 二 in the template's shape, every cell 0."""
    result: dict[str, Any] = {}
    for table in template.proactive:
        for row in table.rows:
            if table.scalar:
                result[row.key] = 0
            else:
                result[row.key] = {column.key: 0 for column in table.columns}
    return result


def reviews_zeros(template: Template) -> dict[str, list[int]]:
    """Section 四, every cell 0."""
    return {group.key: [0] * len(template.review_columns) for group in template.review_groups}


def statistics_document(*, body: Body, year_text: str, today: date) -> dict[str, Any]:
    """The annual-report-json object of ``body`` for the year in ``year_text``."""
    year = year_parse(year_text, today=today)
    template = template_for_year(year)
    return {
        "format": FORMAT_ID,
        "organ": body.name,
        "year": year,
        "template": template.id,
        "proactive": proactive_zeros(template),
        "applications": applications_table(body_ids=[body.pk], year=year, template=template.id),
        "reviews_litigation": reviews_zeros(template),
    }
