"""第四十九条: reports on year N are due on 31 January (body) and 31 March (本级政府) of N + 1."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law import reports


def test_due_dates_of_article_49() -> None:
    assert reports.due_on(reports.BODY_REPORT, 2021) == date(2022, 1, 31)
    assert reports.due_on(reports.SUMMARY_REPORT, 2021) == date(2022, 3, 31)
    assert "第四十九条" in reports.BODY_REPORT.article
    assert "第四十九条" in reports.SUMMARY_REPORT.article


@pytest.mark.parametrize(
    ("published_on", "today", "expected"),
    [
        (date(2022, 1, 31), date(2022, 6, 1), "on_time"),
        (date(2022, 2, 1), date(2022, 6, 1), "late"),
        (None, date(2022, 1, 31), "pending"),
        (None, date(2022, 2, 1), "missing"),
    ],
)
def test_timeliness(published_on: date | None, today: date, expected: str) -> None:
    assert (
        reports.timeliness(reports.BODY_REPORT, 2021, published_on=published_on, today=today)
        == expected
    )


def test_reminder_days_and_lateness() -> None:
    assert reports.reminder_due(reports.BODY_REPORT, 2021, today=date(2022, 1, 17)) == 14
    assert reports.reminder_due(reports.BODY_REPORT, 2021, today=date(2022, 1, 30)) == 1
    assert reports.reminder_due(reports.BODY_REPORT, 2021, today=date(2022, 1, 20)) is None
    assert reports.days_late(reports.SUMMARY_REPORT, 2021, published_on=date(2022, 4, 2)) == 2
    assert reports.days_late(reports.SUMMARY_REPORT, 2021, published_on=date(2022, 3, 1)) == 0
