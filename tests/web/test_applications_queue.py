"""The work queue read for speed: pages of ids then rows, links, working days left in one walk."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from applications_world import (  # noqa: F401
    APPLICANT,
    TODAY,
    World,
    today_fixture,
    world_fixture,
)
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.selectors import application_list_for_body, work_calendar_shown
from gongkai.applications.views_staff import PAGE_SIZE, _days_left, _workdays_left
from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar
from gongkai.organizations.models import User

pytestmark = pytest.mark.django_db


def _received(world: World, on: date) -> Application:
    application, _code = services.application_intake(
        body=world.town,
        actor=world.clerk,
        channel="当面",
        received_on=on,
        receipt_evidence="",
        **APPLICANT,
    )
    return application


def _numbers(html: str) -> list[str]:
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', html)


def test_the_pages_of_the_queue_follow_its_order_and_link_each_case(world: World) -> None:
    # received over five weeks, several a day: due dates repeat and ties fall to created_at, pk
    cases = [_received(world, TODAY - timedelta(days=3 + n % 35)) for n in range(PAGE_SIZE + 5)]
    client = Client()
    client.force_login(world.clerk)
    url = reverse("applications:queue", args=[world.town.pk])
    first, second = (client.get(url, {"page": n}).content.decode() for n in (1, 2))
    expected = list(
        application_list_for_body(body=world.town, today=TODAY).values_list("number", flat=True)
    )
    assert _numbers(first) + _numbers(second) == expected
    assert len(_numbers(first)) == PAGE_SIZE and len(expected) == len(cases)
    assert f"共 {len(cases)} 件办理中的申请" in first and "第 2 / 2 页" in second
    for case in cases[:3]:
        link = reverse("applications:case", args=[world.town.pk, case.pk])
        assert f'<a href="{link}">{case.number}</a>' in first + second


def test_an_empty_page_of_the_queue(world: World) -> None:
    client = Client()
    client.force_login(world.clerk)
    html = client.get(reverse("applications:queue", args=[world.town.pk])).content.decode()
    assert "没有符合条件的申请。" in html and "共 0 件办理中的申请" in html


def test_working_days_left_in_one_walk_match_day_by_day() -> None:
    calendar = WorkCalendar()
    today = date(2026, 9, 28)  # before 国庆节: the walk crosses a holiday week and a 调休 day
    dues = {today + timedelta(days=n) for n in range(-40, 60, 3)} | {today}
    assert _workdays_left(calendar, today, dues) == {
        due: _days_left(calendar, today, due) for due in dues
    }
    # a due date in a year the calendar does not know has no count; the others keep theirs
    december, unknown = date(2026, 12, 31), date(2099, 1, 5)
    walked = _workdays_left(WorkCalendar(), date(2026, 12, 1), {december, unknown})
    assert walked[unknown] is None
    assert walked[december] == _days_left(WorkCalendar(), date(2026, 12, 1), december) == 22
    # today itself in a year not known: each date on its own, as the case page does
    assert _workdays_left(WorkCalendar(), unknown, {december}) == {december: None}


def test_the_intake_link_follows_the_roles_held_in_the_body(world: World) -> None:
    url = reverse("applications:queue", args=[world.town.pk])
    intake = reverse("applications:intake", args=[world.town.pk])
    superuser = User.objects.create_superuser("root", password="x")  # no membership anywhere
    for user, offered in (
        (world.clerk, True),
        (world.user("admin"), True),
        (world.user("reviewer"), False),
        (world.supervisor, False),
        (superuser, False),
    ):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert (intake in response.content.decode()) is offered, user.username


def test_the_shown_calendar_is_reused_and_forgotten_when_a_year_is_saved(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with pytest.raises(CalendarYearUnknownError):
        work_calendar_shown().is_workday(date(2030, 10, 1))
    with django_assert_num_queries(0):
        work_calendar_shown()
    services.calendar_year_save(
        actor=None, year=2030, holidays=[date(2030, 10, 1)], make_up_workdays=[], source="测试"
    )
    assert not work_calendar_shown().is_workday(date(2030, 10, 1))
    assert work_calendar_shown().is_workday(date(2030, 10, 8))
