"""The law of the 政府信息公开工作年度报告 as data: when reports are due and where that comes from.

Source: 《中华人民共和国政府信息公开条例》 (2019) 第四十九条 (``shared/reference/regulations.md``
§1.5): 县级以上人民政府部门 send their report on the previous year to the 本级 政府信息公开工作
主管部门 **by 31 January** and publish it; the 主管部门 of a 县级以上地方人民政府 publishes that
government's report (the summary of its own work and its departments') **by 31 March**. The 条例
sets no date for the reports of 乡（镇）人民政府 and 街道办事处: provinces and cities do (often
in February). The platform holds them, and every other body's own report, to 31 January unless
the supervisor sets a later date — the earliest date any rule sets, so nobody is told too late.
Table layouts come from :mod:`gongkai.report.formats` (国办公开办函〔2021〕30号 / 〔2019〕60号).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "BODY_REPORT",
    "REMINDER_DAYS",
    "SUMMARY_REPORT",
    "ReportDeadline",
    "days_late",
    "due_on",
    "reminder_due",
    "timeliness",
]


@dataclass(frozen=True)
class ReportDeadline:
    """When a kind of report on year N is due in year N + 1, and the rule that says so."""

    key: str
    label: str
    month: int
    day: int
    article: str


#: A body's own report (第四十九条: 县级以上人民政府部门; the platform's default for all others).
BODY_REPORT = ReportDeadline(
    "body", "本机关年度报告", 1, 31, "《条例》第四十九条（县级以上人民政府部门每年1月31日前）"
)
#: The 本级政府 report a 县级以上地方人民政府's 主管部门 publishes (the summary).
SUMMARY_REPORT = ReportDeadline(
    "summary",
    "本级政府年度报告",
    3,
    31,
    "《条例》第四十九条（县级以上地方人民政府的政府信息公开工作主管部门每年3月31日前）",
)
#: Days before a due date on which the people who must act are reminded.
REMINDER_DAYS: tuple[int, ...] = (14, 7, 3, 1)


def due_on(deadline: ReportDeadline, year: int) -> date:
    """The day the report on ``year`` is due (inclusive)."""
    return date(year + 1, deadline.month, deadline.day)


def timeliness(
    deadline: ReportDeadline, year: int, *, published_on: date | None, today: date
) -> str:
    """``on_time``, ``late``, ``missing`` (due date passed, nothing published) or ``pending``."""
    due = due_on(deadline, year)
    if published_on is not None:
        return "on_time" if published_on <= due else "late"
    return "missing" if today > due else "pending"


def reminder_due(deadline: ReportDeadline, year: int, *, today: date) -> int | None:
    """Days left when ``today`` is a reminder day for the report on ``year``, else ``None``."""
    left = (due_on(deadline, year) - today).days
    return left if left in REMINDER_DAYS else None


def days_late(deadline: ReportDeadline, year: int, *, published_on: date) -> int:
    """Calendar days after the due date (0 when on time)."""
    return max(0, (published_on - due_on(deadline, year)) // timedelta(days=1))
