"""The staff screen of 表三: layout, labels, every cell's case list, permissions, query counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from applications_world import (
    APPLICANT,
    PASSWORD,
    World,
    credit_code,
    today_fixture,  # noqa: F401
    world_fixture,  # noqa: F401
)
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.statistics import applications_table
from gongkai.organizations.models import Body
from gongkai.report.formats import APPLICATION_COLUMNS, TEMPLATE_2021

pytestmark = pytest.mark.django_db

YEAR = 2026
#: Queries of the table page for a 监督员 on a three-body, two-level tree (see the last test).
TABLE_QUERIES = 11
CELL = re.compile(r'<td><a href="([^"]+/cases/\?row=([\d.]+)&amp;col=(\d)[^"]*)">(\d+)</a></td>')


def _at(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    now = datetime(day.year, day.month, day.day, 9, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(services, "clock_now", lambda: now)


def _intake(world: World, body: Body, **changes: Any) -> Application:
    clerk = world.clerk if body == world.town else world.other_clerk
    application, _code = services.application_intake(
        body=body,
        actor=clerk,
        channel="当面",
        received_on=date(YEAR, 3, 2),
        receipt_evidence="当面提交",
        **{**APPLICANT, **changes},
    )
    return application


def _v(a: Application) -> dict[str, Any]:
    return {"application_id": a.pk, "expected_version": a.version}


@pytest.fixture(name="cases")
def cases_fixture(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """乙镇: one answered 三（一） (自然人), one open (自然人), one lapsed 三（六）1 (商业企业);
    丙镇: one open (法律服务机构)."""
    answered = _intake(world, world.town)
    answered = services.application_accept(actor=world.clerk, **_v(answered))
    answered = services.application_reply_draft(
        actor=world.clerk, outcome="3.1", text="予以公开", **_v(answered)
    )
    answered = services.application_reply_approve(actor=world.reviewer, **_v(answered))
    answered = services.application_reply_sign(actor=world.approver, **_v(answered))
    services.application_deliver(
        actor=world.clerk, method="电子邮件", on=date(YEAR, 3, 2), **_v(answered)
    )
    _intake(world, world.town)
    company = {
        "applicant_kind": "商业企业",
        "name": "某有限公司",
        "id_type": "统一社会信用代码",
        "id_number": credit_code("91110105MA0000000"),
        "contact_person": "王五",
    }
    lapsing = _intake(world, world.town, **company)
    services.application_request_correction(actor=world.clerk, items="请写明年份", **_v(lapsing))
    _intake(
        world,
        world.other,
        applicant_kind="法律服务机构",
        **{k: v for k, v in company.items() if k != "applicant_kind"},
    )
    _at(monkeypatch, date(YEAR, 4, 20))
    lapsing = Application.objects.get(pk=lapsing.pk)
    services.application_lapse(actor=world.clerk, **_v(lapsing))


def _client(world: World, who: str) -> Client:
    client = Client()
    assert client.login(username=world.user(who).username, password=PASSWORD)
    return client


def _url(body: Body, year: int = YEAR, **query: str) -> str:
    url = reverse("applications:statistics", args=[body.pk, year])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_table_has_the_formats_labels_and_accessible_markup(world: World, cases: None) -> None:
    page = _client(world, "clerk").get(_url(world.town)).content.decode()
    assert "<caption>" in page
    for row in TEMPLATE_2021.application_rows:
        assert row.label in page
    for column in APPLICATION_COLUMNS:
        assert f'<th scope="col">{column.label}</th>' in page or (
            f'<th scope="col" rowspan="2">{column.label}</th>' in page
        )
    assert '<th scope="colgroup" colspan="7">申请人情况</th>' in page
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in page
    assert '<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>' in page
    assert '<th scope="rowgroup" rowspan="8">（三）不予公开</th>' in page
    # the year picker and the way back from the queue
    assert '<option value="2019">2019年</option>' in page
    queue = _client(world, "clerk").get(reverse("applications:queue", args=[world.town.pk]))
    assert reverse("applications:statistics_index", args=[world.town.pk]) in queue.content.decode()


def test_each_linked_cell_lists_exactly_its_cases(world: World, cases: None) -> None:
    client = _client(world, "clerk")
    page = client.get(_url(world.town)).content.decode()
    table = applications_table(body_ids=[world.town.pk], year=YEAR)
    links = CELL.findall(page)
    nonzero = {(key, c) for key, row in table.items() for c, value in enumerate(row) if value}
    assert {(key, int(c)) for _u, key, c, _v in links} == nonzero
    assert table["1"] == [2, 1, 0, 0, 0, 0, 3]
    assert table["3.1"][0] == table["3.6.1"][1] == 1
    for href, key, column, value in links:
        assert int(value) == table[key][int(column)]
        listing = client.get(href.replace("&amp;", "&")).content.decode()
        assert f'<strong id="case-count">{value}</strong>' in listing
        assert listing.count('<th scope="row"><a href=') == int(value)
    listing = client.get(CELL.findall(page)[0][0].replace("&amp;", "&")).content.decode()
    assert "一、本年新收政府信息公开申请数量 · 自然人" in listing


def test_the_year_picker_goes_to_the_chosen_year(world: World, cases: None) -> None:
    client = _client(world, "clerk")
    index = reverse("applications:statistics_index", args=[world.town.pk])
    response = client.get(index, {"year": "2021"})
    assert response.status_code == 302 and response["Location"] == _url(world.town, 2021)
    split = "2.申请人逾期未按收费通知要求缴纳费用"  # 三（六） in three rows from 2021 on
    assert split in client.get(_url(world.town, 2021)).content.decode()
    page = client.get(_url(world.town, 2020)).content.decode()  # the 2019 format
    assert "（六）其他处理" in page and split not in page
    assert client.get(_url(world.town, 2018)).status_code == 404
    assert client.get(_url(world.town, 2099)).status_code == 404
    cases = reverse("applications:statistics_cases", args=[world.town.pk, YEAR])
    assert client.get(cases, {"row": "9.9", "col": "0"}).status_code == 404
    assert client.get(cases, {"row": "1", "col": "7"}).status_code == 404


@pytest.mark.parametrize("who", ["other_clerk", "outsider"])
def test_other_bodies_staff_are_refused(world: World, cases: None, who: str) -> None:
    client = _client(world, who)
    cases_url = reverse("applications:statistics_cases", args=[world.town.pk, YEAR])
    assert client.get(_url(world.town)).status_code == 403
    assert client.get(cases_url, {"row": "1", "col": "6"}).status_code == 403
    index = reverse("applications:statistics_index", args=[world.town.pk])
    assert client.get(index).status_code == 403


def test_anonymous_is_sent_to_log_in(world: World, cases: None) -> None:
    response = Client().get(_url(world.town))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_clerk_has_no_subtree_total(world: World, cases: None) -> None:
    client = _client(world, "clerk")
    assert "scope=subtree" not in client.get(_url(world.town)).content.decode()
    assert client.get(_url(world.town, scope="subtree")).status_code == 403
    assert client.get(_url(world.county)).status_code == 403


def test_a_supervisor_sees_the_bodies_below_and_their_sum(world: World, cases: None) -> None:
    client = _client(world, "supervisor")
    assert client.get(_url(world.town)).status_code == 200
    page = client.get(_url(world.county)).content.decode()
    assert "scope=subtree" in page
    page = client.get(_url(world.county, scope="subtree")).content.decode()
    ids = [world.county.pk, world.town.pk, world.other.pk]
    table = applications_table(body_ids=ids, year=YEAR)
    assert table["1"] == [2, 1, 0, 0, 1, 0, 4]
    links = CELL.findall(page)
    assert links and all("scope=subtree" in href for href, *_ in links)
    for href, key, column, value in links:
        assert int(value) == table[key][int(column)]
        listing = client.get(href.replace("&amp;", "&")).content.decode()
        assert listing.count('<th scope="row"><a href=') == int(value)
    listing = client.get(
        reverse("applications:statistics_cases", args=[world.county.pk, YEAR]),
        {"row": "1", "col": "6", "scope": "subtree"},
    ).content.decode()
    assert "丙镇人民政府" in listing and "乙镇人民政府" in listing  # the union, body named
    # a case in the list opens for the supervisor (personal data masked there)
    other_case = Application.objects.get(body=world.other)
    assert reverse("applications:case", args=[world.other.pk, other_case.pk]) in listing


def test_query_counts_do_not_grow_with_cases(
    world: World,
    cases: None,
    django_assert_max_num_queries: Callable[[int], DjangoAssertNumQueries],
) -> None:
    """Session, user, the permission walks (one query per tree level), 2 aggregates (table);
    count + one page of cases with their bodies (list). Independent of the number of cases."""
    client = _client(world, "supervisor")
    cases_url = reverse("applications:statistics_cases", args=[world.county.pk, YEAR])
    query = {"row": "1", "col": "6", "scope": "subtree"}
    for _round in range(2):
        with django_assert_max_num_queries(TABLE_QUERIES):
            client.get(_url(world.county, scope="subtree"))
        with django_assert_max_num_queries(TABLE_QUERIES + 2):
            page = client.get(cases_url, query)
        for _ in range(5):
            _intake(world, world.other)
    assert '<strong id="case-count">9</strong>' in page.content.decode()
