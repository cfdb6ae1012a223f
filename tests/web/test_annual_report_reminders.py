"""Reminders before 31 January (bodies) and 31 March (本级政府 summaries), 第四十九条."""

from __future__ import annotations

from datetime import date

from applications_world import World, today_fixture, world_fixture  # noqa: F401
from django.core import mail

from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus
from gongkai.annual_reports.reminders import report_reminders
from gongkai.annual_reports.tasks import annual_report_reminders
from gongkai.applications.models import Notice, NoticeKind
from gongkai.organizations.tasks import DAILY_TASKS


def test_bodies_without_a_published_report_are_reminded_once_a_day(world: World) -> None:
    world.clerk.email = "clerk@example.com"
    world.clerk.save()
    # 丙镇 published its 2025 report: its clerk hears nothing.
    AnnualReport.objects.create(
        body=world.other,
        year=2025,
        kind=ReportKind.COLLECTED,
        status=ReportStatus.PUBLISHED,
        template="2021",
        title="丙镇人民政府2025年政府信息公开工作年度报告",
        published_on=date(2026, 1, 10),
    )
    result = report_reminders(today=date(2026, 1, 24))  # 7 days before 31 January
    notices = Notice.objects.filter(kind=NoticeKind.REPORT_DUE)
    assert {n.recipient for n in notices} == {world.clerk, world.approver}
    text = notices.get(recipient=world.clerk).text
    assert "乙镇人民政府2025年本机关年度报告应于1月31日前发布" in text and "还有7天" in text
    assert "第四十九条" in text
    assert result.notices == 2 and result.emails == 1
    assert mail.outbox[0].to == ["clerk@example.com"]
    assert report_reminders(today=date(2026, 1, 24)).notices == 0  # the same day again
    assert Notice.objects.filter(kind=NoticeKind.REPORT_DUE).count() == 2


def test_no_reminder_on_other_days(world: World) -> None:
    assert report_reminders(today=date(2026, 1, 20)).notices == 0
    assert report_reminders(today=date(2026, 2, 5)).notices == 0


def test_summary_reminder_goes_to_the_supervisor_of_a_government(world: World) -> None:
    result = report_reminders(today=date(2026, 3, 30))  # 1 day before 31 March
    notice = Notice.objects.get(kind=NoticeKind.REPORT_DUE)
    assert notice.recipient == world.supervisor
    assert "甲县人民政府2025年本级政府年度报告应于3月31日前发布" in notice.text
    assert result.notices == 1


def test_the_reminders_run_daily() -> None:
    assert annual_report_reminders in DAILY_TASKS
