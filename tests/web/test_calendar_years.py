"""节假日安排: the superuser's screen and ``calendar_year_import``, with due dates recomputed."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from applications_world import TODAY, World, submit, today_fixture, world_fixture  # noqa: F401
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from gongkai.applications import services
from gongkai.applications.models import Application, CalendarYear
from gongkai.applications.views_calendar import date_lines, parse_date_lines
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.law.calendar import YearArrangement, arrangement_to_mapping
from gongkai.organizations.models import User
from gongkai.organizations.services import user_create

pytestmark = pytest.mark.django_db

URL_2027 = "/workspace/calendar/2027/"
FORM_2027 = {
    "holidays": "2027-01-01\n2027-02-06至2027-02-12 春节\n",
    "make_up_workdays": "2027-02-14\n",
    "source": "国办发明电〔2026〕9号",
}


@pytest.fixture(name="root")
def root_fixture(db: None) -> User:
    user = user_create(username="root", password=None)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def test_parse_lines_and_fold_them_back() -> None:
    days = parse_date_lines("2027-1-1\n\n2027-02-06至2027-02-08 春节", year=2027, label="放假日期")
    assert days == [date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]
    assert date_lines(days) == "2027-01-01\n2027-02-06至2027-02-08"


def test_list_shows_entered_and_builtin_years(
    root: User, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    services.calendar_year_save(
        actor=root, year=2030, holidays=[date(2030, 1, 1)], make_up_workdays=[], source="测试"
    )
    client.force_login(root)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("applications:calendar_years"))
    body = page.content.decode()
    assert "<td>2030</td>" in body and "已录入" in body
    assert "<td>2026</td>" in body and "内置日历" in body
    assert "<td>2027</td>" in body and "未录入" in body


def test_only_superusers(world: World, client: Client) -> None:
    client.force_login(world.admin)
    for url in (reverse("applications:calendar_years"), URL_2027):
        answer = client.get(url)
        assert answer.status_code == 403
        assert "无权访问" in answer.content.decode()
    assert client.post(URL_2027, FORM_2027).status_code == 403
    assert not CalendarYear.objects.exists()


def test_entering_a_year_computes_waiting_due_dates(
    world: World, root: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A receipt late in 2026 whose 20 working days run into 2027, a year nobody entered.
    application, _code = submit(world.town)
    application = services.application_register(
        application_id=application.pk,
        actor=world.clerk,
        expected_version=application.version,
        received_on=TODAY,
    )
    late = date(2026, 12, 20)
    monkeypatch.setattr(services, "clock_today", lambda: late)
    second, _code = submit(world.town)
    second = services.application_register(
        application_id=second.pk,
        actor=world.clerk,
        expected_version=second.version,
        received_on=late,
    )
    assert second.due_on is None  # 2027 unknown: waiting

    client.force_login(root)
    form = client.get(URL_2027)
    assert "尚未录入" in form.content.decode()
    answer = client.post(URL_2027, FORM_2027)
    assert answer.status_code == 302
    row = CalendarYear.objects.get(year=2027)
    assert row.holidays[:2] == ["2027-01-01", "2027-02-06"]
    assert len(row.holidays) == 8
    assert row.make_up_workdays == ["2027-02-14"]
    assert row.source == "国办发明电〔2026〕9号"
    second = Application.objects.get(pk=second.pk)
    assert second.due_on is not None and second.due_on.year == 2027
    event = AuditEvent.objects.get(action=AuditAction.CALENDAR_YEAR_SAVE)
    assert event.actor == root
    # The form shows the entered year folded into ranges.
    again = client.get(URL_2027).content.decode()
    assert "2027-02-06至2027-02-12" in again


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"holidays": "2027-13-01"}, "放假日期第1行：“2027-13-01”不是有效日期"),
        ({"holidays": "2027-01-01\n明天"}, "放假日期第2行"),
        ({"holidays": "2026-12-31"}, "放假日期第1行：日期不在2027年内。"),
        ({"holidays": "2027-02-10至2027-02-01"}, "结束日期早于开始日期"),
        ({"make_up_workdays": "2027-02-10"}, "2027-02-10不能既是放假日又是调休上班日。"),
        ({"make_up_workdays": "2027-02-15"}, "调休上班日应为周六或周日"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_saved(
    root: User, client: Client, changes: dict[str, str], message: str
) -> None:
    client.force_login(root)
    answer = client.post(URL_2027, {**FORM_2027, **changes})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not CalendarYear.objects.exists()


def test_builtin_year_is_prefilled(root: User, client: Client) -> None:
    client.force_login(root)
    body = client.get("/workspace/calendar/2026/").content.decode()
    assert "内置日历" in body
    assert "2026-10-01至2026-10-07" in body  # 国庆节 on the built-in calendar (weekdays only)
    assert client.get("/workspace/calendar/1999/").status_code == 403


def test_import_command(tmp_path: Path, root: User) -> None:
    arrangement = YearArrangement(
        year=2028,
        holidays=frozenset({date(2028, 1, 1)}),
        make_up_workdays=frozenset({date(2028, 1, 8)}),
        source="国办发明电〔2027〕1号",
    )
    path = tmp_path / "2028.json"
    path.write_text(json.dumps(arrangement_to_mapping(arrangement), ensure_ascii=False))
    out = StringIO()
    call_command("calendar_year_import", str(path), stdout=out)
    assert "已录入2028年节假日安排：放假1天，调休上班1天。" in out.getvalue()
    row = CalendarYear.objects.get(year=2028)
    assert row.holidays == ["2028-01-01"] and row.source == "国办发明电〔2027〕1号"

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"year": 2029, "holidays": ["2028-05-01"]}))
    with pytest.raises(CommandError, match="2029年的节假日安排中含有其他年份的日期"):
        call_command("calendar_year_import", str(bad))
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="不是有效的JSON"):
        call_command("calendar_year_import", str(bad))
    assert not CalendarYear.objects.filter(year=2029).exists()
