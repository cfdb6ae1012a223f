"""Staff pages: who may open them, the work queue and its query count, the case page and actions."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from applications_world import (  # noqa: F401
    APPLICANT,
    RESIDENT_ID,
    TODAY,
    World,
    submit,
    today_fixture,
    world_fixture,
)
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.organizations.models import User

pytestmark = pytest.mark.django_db


def _received(world: World, on: date = TODAY, **changes: str) -> Application:
    """An application taken in at the counter (当面), received ``on``."""
    application, _code = services.application_intake(
        body=world.town,
        actor=world.clerk,
        channel="当面",
        received_on=on,
        receipt_evidence="",
        **{**APPLICANT, **changes},
    )
    return application


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(world: World, application: Application) -> dict[str, str]:
    base = f"/workspace/bodies/{world.town.pk}/applications/"
    return {"queue": base, "case": f"{base}{application.pk}/", "intake": f"{base}new/"}


#: page -> people who get 200 (everybody else signed in gets 403).
ALLOWED = {
    "queue": {"clerk", "reviewer", "approver", "admin", "supervisor"},
    "case": {"clerk", "reviewer", "approver", "admin", "supervisor"},
    "intake": {"clerk", "admin"},
}
PEOPLE = ("clerk", "reviewer", "approver", "admin", "supervisor", "other_clerk", "outsider")


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("person", [None, *PEOPLE])
def test_permission_matrix(world: World, page: str, person: str | None) -> None:
    application = _received(world)
    url = _urls(world, application)[page]
    response = _client(None if person is None else world.user(person)).get(url)
    if person is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif person in ALLOWED[page]:
        assert response.status_code == 200
    else:
        html = response.content.decode()
        assert response.status_code == 403
        assert application.number not in html and "张三" not in html


def test_the_case_of_another_body_is_403_even_to_its_staff(world: World) -> None:
    application = _received(world)
    url = f"/workspace/bodies/{world.other.pk}/applications/{application.pk}/"
    assert _client(world.other_clerk).get(url).status_code == 403


def test_personal_data_for_the_handling_body_only(world: World) -> None:
    application = _received(world)
    case_url = _urls(world, application)["case"]
    own = _client(world.reviewer).get(case_url).content.decode()
    assert RESIDENT_ID in own and "13800138000" in own and "北京市朝阳区某街1号" in own
    supervisor = _client(world.supervisor).get(case_url).content.decode()
    assert RESIDENT_ID not in supervisor and "13800138000" not in supervisor
    assert "北京市朝阳区某街1号" not in supervisor and "138****8000" in supervisor
    queue = _client(world.clerk).get(_urls(world, application)["queue"]).content.decode()
    assert RESIDENT_ID not in queue and "13800138000" not in queue and "138****8000" in queue


def test_the_case_page_shows_the_due_date_from_the_ledger(world: World) -> None:
    application = _received(world)
    html = _client(world.clerk).get(_urls(world, application)["case"]).content.decode()
    assert '<strong id="due-date">2026-03-30</strong>' in html
    assert "收到申请" in html and "剩余 20 个工作日" in html


def test_actions_through_the_page(world: World) -> None:
    application = _received(world)
    client = _client(world.clerk)
    case_url = _urls(world, application)["case"]
    html = client.get(case_url).content.decode()
    assert "转入办理" in html and "审核通过" not in html
    response = client.post(case_url + "accept/", {"version": application.version})
    assert response.status_code == 302 and response["Location"] == case_url
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    stale = client.post(case_url + "request_correction/", {"version": application.version - 1})
    assert stale.status_code == 302
    assert "该申请已被他人处理，请刷新后重试。" in client.get(case_url).content.decode()
    client.post(
        case_url + "extend/",
        {"version": application.version, "workdays": "5", "approver": "", "on": "2026-03-02"},
    )
    assert "请选择批准延期的负责人" in client.get(case_url).content.decode()
    client.post(
        case_url + "extend/",
        {
            "version": application.version,
            "workdays": "5",
            "approver": str(world.reviewer.pk),
            "on": "2026-03-02",
        },
    )
    html = client.get(case_url).content.decode()
    assert "操作已完成" in html and '<strong id="due-date">2026-04-07</strong>' in html
    client.post(case_url + "note/", {"text": "已电话联系"})
    assert "已电话联系" in client.get(case_url).content.decode()
    refused = _client(world.approver).post(
        case_url + "draft_reply/", {"version": application.version + 1, "outcome": "3.1"}
    )
    assert refused.status_code == 403


def test_action_forms_are_named_and_the_outcome_is_shown_by_its_row(world: World) -> None:
    application = _received(world)
    case_url = _urls(world, application)["case"]
    html = _client(world.clerk).get(case_url).content.decode()
    # Each action's form is named by its heading (several forms have a field called 说明).
    assert 'aria-labelledby="act-accept"' in html and '<h3 id="act-accept">转入办理</h3>' in html
    services.application_accept(
        application_id=application.pk, actor=world.clerk, expected_version=application.version
    )
    services.application_reply_draft(
        application_id=application.pk,
        actor=world.clerk,
        expected_version=application.version + 1,
        outcome="3.2",
        basis="《条例》第三十七条",
    )
    html = _client(world.reviewer).get(case_url).content.decode()
    assert "<dd>三（二） （二）部分公开 · 《条例》第三十七条</dd>" in html
    assert "3.2 ·" not in html


def test_bad_dates_are_refused_in_chinese(world: World) -> None:
    application = _received(world)
    client = _client(world.clerk)
    case_url = _urls(world, application)["case"]
    client.post(case_url + "accept/", {"version": application.version})
    client.post(
        case_url + "consultation_start/",
        {"version": application.version + 1, "on": "2026-02-30", "pause_kind": "第三方征求意见"},
    )
    assert "请填写正确的日期" in client.get(case_url).content.decode()


def test_intake_of_a_letter(world: World) -> None:
    client = _client(world.clerk)
    url = f"/workspace/bodies/{world.town.pk}/applications/new/"
    data = {**APPLICANT, "channel": "信函（平信）", "received_on": "2026-02-27"}
    refused = client.post(url, {**data, "receipt_evidence": ""})
    assert refused.status_code == 400 and "请记录确认情况" in refused.content.decode()
    future = client.post(url, {**data, "receipt_evidence": "电话确认", "received_on": "2026-03-03"})
    assert future.status_code == 400 and "日期不能晚于今天" in future.content.decode()
    assert not Application.objects.exists()
    done = client.post(url, {**data, "receipt_evidence": "2月27日电话确认"})
    application = Application.objects.get()
    assert done.status_code == 200 and application.number in done.content.decode()
    assert application.status == Status.REVIEW and application.received_on == date(2026, 2, 27)
    assert application.due_on == date(2026, 3, 26)  # Saturday 28 February 2026 is a 调休 workday


def test_queue_filters_and_overdue_in_red(world: World) -> None:
    late = _received(world, on=date(2026, 1, 5), name="王五")  # due before 春节 2026
    fresh = _received(world, name="赵六")
    client = _client(world.clerk)
    base = _urls(world, late)["queue"]
    html = client.get(base).content.decode()
    assert html.index(late.number) < html.index(fresh.number)  # soonest due first
    assert '<tr class="overdue">' in html and "已逾期" in html
    overdue = client.get(base + "?due=overdue").content.decode()
    assert late.number in overdue and fresh.number not in overdue
    week = client.get(base + "?due=week").content.decode()
    assert late.number not in week and fresh.number not in week
    services.application_assign(
        application_id=fresh.pk, actor=world.admin, expected_version=fresh.version, assignee=None
    )
    mine = client.get(base + "?mine=1").content.decode()
    assert late.number in mine and fresh.number not in mine


def test_queue_query_count_is_bounded(
    world: World,
    django_assert_num_queries: DjangoAssertNumQueries,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(3):
        _received(world)
    client = _client(world.clerk)
    url = f"/workspace/bodies/{world.town.pk}/applications/"
    client.get(url)  # warm the session and the shown calendar
    # session, user, memberships (the body and the roles in it), count, page ids, rows
    with django_assert_num_queries(6) as few:
        client.get(url)
    for _ in range(30):
        _received(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr") == 34


def test_two_sessions_act_at_once_and_the_second_is_told(world: World) -> None:
    application = _received(world)
    case_url = _urls(world, application)["case"]
    clerk, admin = _client(world.clerk), _client(world.admin)
    for client in (clerk, admin):  # both pages show the same version
        assert (
            f'name="version" value="{application.version}"' in client.get(case_url).content.decode()
        )
    clerk.post(case_url + "accept/", {"version": application.version})
    admin.post(
        case_url + "request_correction/",
        {
            "version": application.version,
            "items": "请补正",
            "period_workdays": "10",
            "on": "2026-03-02",
        },
    )
    assert "该申请已被他人处理，请刷新后重试。" in admin.get(case_url).content.decode()
    application.refresh_from_db()
    assert application.status == Status.PROCESSING and application.correction_request == ""


def test_the_workspace_body_page_links_to_the_queue(world: World) -> None:
    html = _client(world.clerk).get(f"/workspace/bodies/{world.town.pk}/").content.decode()
    assert f'href="/workspace/bodies/{world.town.pk}/applications/"' in html


def test_an_unknown_year_is_named_until_an_administrator_enters_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    december = datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(services, "clock_now", lambda: december)
    application = _received(world, on=date(2026, 12, 10))  # 20 working days reach into 2027
    case_url = _urls(world, application)["case"]
    html = _client(world.clerk).get(case_url).content.decode()
    assert "尚未录入2027年的节假日安排" in html and application.due_on is None
    services.calendar_year_save(
        actor=None,
        year=2027,
        holidays=[date(2027, 1, 1)],
        make_up_workdays=[],
        source="测试用安排",
    )
    application.refresh_from_db()
    assert application.due_on == date(2027, 1, 8)  # 1 January 2027 skipped
    html = _client(world.clerk).get(case_url).content.decode()
    assert '<strong id="due-date">2027-01-08</strong>' in html
