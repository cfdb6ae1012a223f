"""The daily reminder job: due-soon and overdue notices, e-mails, the Monday digest, 我的提醒."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from applications_world import TODAY, World, submit, today_fixture, world_fixture  # noqa: F401
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from gongkai.applications import services
from gongkai.applications.models import Application, Notice, NoticeKind
from gongkai.applications.reminders import reminders_run
from gongkai.applications.selectors import application_clock
from gongkai.applications.tasks import application_reminders
from gongkai.organizations.models import Role, User
from gongkai.organizations.services import membership_grant, user_create
from gongkai.organizations.tasks import DAILY_TASKS

pytestmark = pytest.mark.django_db

# Received Monday 2026-03-02 (not counted): the 20th working day after it is Monday 2026-03-30.
DUE = date(2026, 3, 30)


def _case(world: World, *, actor: User | None = None) -> Application:
    application, _code = submit(world.town)
    application = services.application_register(
        application_id=application.pk,
        actor=actor or world.clerk,
        expected_version=application.version,
        received_on=TODAY,
    )
    return services.application_accept(
        application_id=application.pk, actor=world.clerk, expected_version=application.version
    )


def _mailed_clerk(world: World, username: str = "clerk-mail") -> User:
    user = user_create(username=username, password=None, full_name="李四", email=f"{username}@x.cn")
    membership_grant(user=user, body=world.town, role=Role.CLERK)
    return user


def test_due_date_of_the_fixture_case(world: World) -> None:
    case = _case(world)
    assert case.due_on == DUE


def test_due_soon_once_per_due_date_and_e_mailed(world: World) -> None:
    handler = _mailed_clerk(world)
    _case(world, actor=handler)
    # 2026-03-24: 4 working days left (25, 26, 27, 30) — not yet.
    assert reminders_run(today=date(2026, 3, 24)).notices == 0
    result = reminders_run(today=date(2026, 3, 25))  # 3 working days left
    assert result.notices == 1
    assert result.emails == 1
    notice = Notice.objects.get()
    assert notice.recipient == handler
    assert notice.kind == NoticeKind.DUE_SOON
    assert notice.due_on == DUE
    assert "还有3个工作日到期" in notice.title
    [message] = mail.outbox
    assert message.to == ["clerk-mail@x.cn"]
    assert "2026-03-30" in message.body
    assert "张三" not in message.body and "13800138000" not in message.body  # no personal data
    # Twice the same day, and the next days before the due date: nothing new.
    assert reminders_run(today=date(2026, 3, 25)).notices == 0
    assert reminders_run(today=date(2026, 3, 26)).notices == 0
    assert reminders_run(today=date(2026, 3, 27)).notices == 0
    monday = reminders_run(today=date(2026, 3, 30))  # the due day: only the weekly digests
    assert monday.notices == monday.digests == 2
    assert Notice.objects.exclude(kind=NoticeKind.DIGEST).count() == 1
    assert len(mail.outbox) == 1


def test_overdue_once_per_day(world: World) -> None:
    _case(world)
    first = reminders_run(today=date(2026, 3, 31))
    assert first.notices == 1
    notice = Notice.objects.get()
    assert notice.kind == NoticeKind.OVERDUE
    assert notice.recipient == world.clerk
    assert notice.title.endswith("已逾期1个工作日")
    assert reminders_run(today=date(2026, 3, 31)).notices == 0
    assert reminders_run(today=date(2026, 4, 1)).notices == 1
    assert Notice.objects.filter(kind=NoticeKind.OVERDUE).count() == 2
    assert len(mail.outbox) == 0  # the world's clerk has no e-mail address


def test_unique_constraint_keeps_one_notice_per_case_person_kind_day(world: World) -> None:
    case = _case(world)
    reminders_run(today=date(2026, 3, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            recipient=world.clerk,
            application=case,
            kind=NoticeKind.OVERDUE,
            day=date(2026, 3, 31),
            title="x",
        )


def test_unassigned_case_reminds_every_clerk_of_the_body(world: World) -> None:
    second = _mailed_clerk(world)
    case = _case(world)
    services.application_assign(
        application_id=case.pk, actor=world.admin, expected_version=case.version, assignee=None
    )
    result = reminders_run(today=date(2026, 3, 31))
    assert result.notices == 2
    assert set(Notice.objects.values_list("recipient__username", flat=True)) == {
        "clerk",
        second.username,
    }
    assert [m.to for m in mail.outbox] == [["clerk-mail@x.cn"]]


def test_no_reminders_on_a_rest_day_nor_for_cases_waiting_for_the_applicant(
    world: World,
) -> None:
    _case(world)
    saturday = reminders_run(today=date(2026, 3, 28))
    assert saturday.skipped_non_workday
    assert saturday.notices == 0

    waiting, _code = submit(world.town)
    waiting = services.application_register(
        application_id=waiting.pk,
        actor=world.clerk,
        expected_version=waiting.version,
        received_on=TODAY,
    )
    services.application_request_correction(
        application_id=waiting.pk,
        actor=world.clerk,
        expected_version=waiting.version,
        items="请写明工程名称。",
    )
    result = reminders_run(today=date(2026, 4, 1))
    assert result.open_cases == 1  # the 补正 case is the applicant's turn
    assert Notice.objects.filter(application=waiting).count() == 0


def test_a_stopped_clock_is_replayed_on_the_fast_path(world: World) -> None:
    case = _case(world)
    case = services.application_consultation_start(
        application_id=case.pk,
        actor=world.clerk,
        expected_version=case.version,
        on=TODAY,
        pause_kind="第三方征求意见",
    )
    assert case.due_on is None  # stopped while the third party may answer
    day = date(2026, 4, 20)
    expected = application_clock(application=case, today=day).deadline
    assert expected is not None and expected.due is not None
    result = reminders_run(today=day)
    assert result.recomputed == 1
    notice = Notice.objects.get()
    assert notice.due_on == expected.due
    left = expected.workdays_left
    assert left is not None
    assert notice.kind == (NoticeKind.OVERDUE if expected.due < day else NoticeKind.DUE_SOON)


def test_monday_digest_to_approver_and_admin(world: World) -> None:
    _case(world)
    monday = date(2026, 3, 30)
    result = reminders_run(today=monday)
    assert result.digests == 2
    digests = Notice.objects.filter(kind=NoticeKind.DIGEST)
    assert {n.recipient.username for n in digests} == {"approver", "admin"}
    text = digests.first().text  # type: ignore[union-attr]
    assert "乙镇人民政府：本周到期1件，已逾期0件" in text
    assert reminders_run(today=monday).digests == 0
    assert reminders_run(today=date(2026, 3, 31)).digests == 0  # Mondays only


def test_the_daily_task_is_scheduled_and_runs(world: World) -> None:
    assert application_reminders in DAILY_TASKS
    _case(world)
    outcome = application_reminders.call()
    assert outcome["open_cases"] == 1
    assert outcome["notices"] == 0  # TODAY is the day of receipt


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_workspace_lists_my_notices_and_marks_them_read(
    world: World,
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(3):
        _case(world)
    reminders_run(today=date(2026, 3, 31))
    client.force_login(world.clerk)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("workspace:index"))
    body = page.content.decode()
    assert "我的提醒" in body
    assert 'aria-label="未读3条"' in body
    assert body.count("已逾期1个工作日") == 3

    first = Notice.objects.filter(recipient=world.clerk).first()
    assert first is not None
    answer = client.post(reverse("applications:notices_read"), {"notice": first.pk})
    assert answer.status_code == 302
    assert Notice.objects.filter(recipient=world.clerk, read_at__isnull=True).count() == 2
    client.post(reverse("applications:notices_read"))
    assert Notice.objects.filter(recipient=world.clerk, read_at__isnull=True).count() == 0

    client.force_login(world.other_clerk)
    refused = client.post(reverse("applications:notices_read"), {"notice": first.pk})
    assert refused.status_code == 403
    assert "已逾期" not in refused.content.decode()


def test_supervisor_sees_overdue_counts_of_the_subtree(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case(world)
    _case(world)
    monkeypatch.setattr(services, "clock_now", lambda: _at(date(2026, 4, 1)))
    client.force_login(world.supervisor)
    body = client.get(reverse("workspace:index")).content.decode()
    assert "所辖机关逾期申请" in body
    assert '<td>乙镇人民政府</td><td class="overdue">2</td>' in body
    assert "丙镇人民政府" not in body.split("所辖机关逾期申请")[1].split("</table>")[0]
    client.force_login(world.clerk)
    assert "所辖机关逾期申请" not in client.get(reverse("workspace:index")).content.decode()
