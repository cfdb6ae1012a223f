"""The ``GET /api/v1/bodies/{id}/statistics/{year}`` document (annual-report-json.md).

Every table is computed from the platform's records at the moment of the request: 表二 from the
第二十条 ledgers (``gongkai.ledgers.statistics``), 表三 from the cases
(``gongkai.applications.statistics``), 表四 from the 复议/诉讼 registry
(``gongkai.remedies.statistics``).
The template follows the year: 2021 onward the 2021 format (国办公开办函〔2021〕30号), 2019 and
2020 the 2019 format (国办公开办函〔2019〕60号); earlier years have no national format the
platform follows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications.statistics import applications_table
from gongkai.ledgers.statistics import table_two
from gongkai.organizations.models import Body
from gongkai.remedies.statistics import table_four
from gongkai.report.formats import FORMAT_ID, template_for_year

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


def statistics_document(*, body: Body, year_text: str, today: date) -> dict[str, Any]:
    """The annual-report-json object of ``body`` for the year in ``year_text``."""
    year = year_parse(year_text, today=today)
    template = template_for_year(year)
    return {
        "format": FORMAT_ID,
        "organ": body.name,
        "year": year,
        "template": template.id,
        "proactive": table_two([body.pk], year),
        "applications": applications_table(body_ids=[body.pk], year=year, template=template.id),
        "reviews_litigation": table_four([body.pk], year),
    }
