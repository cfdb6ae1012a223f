"""信息处理费 computed by the platform (国办函〔2020〕109号第三至五条), amounts counted by hand.

按件: 1–10 free, 11–30 at 100 元, 31–40 at 200 元, 41–50 at 300 元 (per applicant, per 自然月, per
body). 按量: pages 1–30 free, 31–100 at 10 元, 101–200 at 20 元, from 201 at 40 元.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from applications_world import (
    APPLICANT,
    PASSWORD,
    World,
    today_fixture,  # noqa: F401
    world_fixture,  # noqa: F401
)
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.documents import letter_context, letter_facts
from gongkai.applications.models import Application, ClockEntry, ClockEventKind, Status
from gongkai.law import letters as law_letters
from gongkai.organizations.models import Body

pytestmark = pytest.mark.django_db

LATER = date(2026, 3, 20)  # a Friday; receipts on 2–20 March are in the same 自然月


def resident_id(body17: str) -> str:
    """``body17`` with its GB 11643 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch) * w for ch, w in zip(body17, weights, strict=True))
    return body17 + "10X98765432"[total % 11]


OTHER_ID = resident_id("11010519800101003")  # another applicant


@pytest.fixture(name="later")
def later_fixture(world: World, monkeypatch: pytest.MonkeyPatch) -> date:
    now = datetime(LATER.year, LATER.month, LATER.day, 9, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(services, "clock_now", lambda: now)
    return LATER


def _received(world: World, on: date, body: Body | None = None, **changes: Any) -> Application:
    """A letter application received on ``on``, accepted for 办理 (through the services)."""
    body = body or world.town
    clerk = world.clerk if body == world.town else world.other_clerk
    application, _code = services.application_intake(
        body=body,
        actor=clerk,
        channel="当面",
        received_on=on,
        receipt_evidence="当面提交",
        **{**APPLICANT, **changes},
    )
    return services.application_accept(
        application_id=application.pk, actor=clerk, expected_version=application.version
    )


def _notice(world: World, case: Application, method: str, count: int, **kw: Any) -> Application:
    return services.application_fee_notice(
        application_id=case.pk,
        actor=world.clerk,
        expected_version=case.version,
        on=kw.pop("on", case.received_on),
        method=method,
        count=count,
        **kw,
    )


@pytest.mark.parametrize(
    ("method", "count", "yuan"),
    [
        ("pieces", 11, 100),  # the 11th 件: 100
        ("pieces", 30, 2000),  # 11th–30th: 20 × 100
        ("pieces", 31, 2200),  # 2000 + the 31st at 200
        ("pieces", 40, 4000),  # 2000 + 31st–40th: 10 × 200
        ("pieces", 41, 4300),  # 4000 + the 41st at 300
        ("pages", 31, 10),  # page 31 at 10
        ("pages", 100, 700),  # pages 31–100: 70 × 10
        ("pages", 101, 720),  # 700 + page 101 at 20
        ("pages", 200, 2700),  # 700 + pages 101–200: 100 × 20
        ("pages", 201, 2740),  # 2700 + page 201 at 40
    ],
)
def test_the_amount_is_computed_at_the_band_edges(
    world: World, method: str, count: int, yuan: int
) -> None:
    case = _notice(world, _received(world, date(2026, 3, 2)), method, count)
    assert (case.fee_method, case.fee_count, case.fee_amount) == (method, count, yuan)
    entry = ClockEntry.objects.get(application=case, kind=ClockEventKind.FEE_NOTICE_SENT)
    assert entry.note.startswith(f"{yuan}元")


@pytest.mark.parametrize(("method", "count"), [("pieces", 10), ("pages", 30)])
def test_a_free_count_sends_no_notice_and_writes_nothing(
    world: World, method: str, count: int
) -> None:
    case = _received(world, date(2026, 3, 2))
    with pytest.raises(ValidationError, match="本申请不收费"):
        _notice(world, case, method, count)
    fresh = Application.objects.get(pk=case.pk)
    assert fresh.version == case.version and fresh.fee_amount is None
    assert not ClockEntry.objects.filter(application=case, kind=ClockEventKind.FEE_NOTICE_SENT)


@pytest.mark.parametrize(
    ("method", "count", "message"),
    [
        ("", 5, "请选择计费方式"),
        ("both", 5, "请选择计费方式"),
        ("pieces", 0, "1至1000件"),
        ("pages", 100_001, "1至100000页"),
    ],
)
def test_bad_method_or_count_is_refused_in_chinese(
    world: World, method: str, count: int, message: str
) -> None:
    case = _received(world, date(2026, 3, 2))
    with pytest.raises(ValidationError, match=message):
        _notice(world, case, method, count)


def test_pieces_add_up_per_applicant_body_and_month(world: World, later: date) -> None:
    # Counted: the same applicant's earlier cases at this body in March.
    for day in (2, 3, 4, 5, 6, 9, 10, 11):  # 8 cases, one 件 each
        _received(world, date(2026, 3, day))
    split = _received(world, date(2026, 3, 12))
    split = _notice(world, split, "pieces", 3, on=date(2026, 3, 12))  # 件次 9–11
    assert split.fee_earlier_pieces == 8
    assert split.fee_amount == 100  # 9th, 10th free; 11th at 100
    # Not counted: February, another applicant, another body, a later case of the month.
    _received(world, date(2026, 2, 27))
    _received(world, date(2026, 3, 13), id_number=OTHER_ID, name="李四")
    _received(world, date(2026, 3, 13), body=world.other)
    case = _received(world, date(2026, 3, 13))
    _received(world, date(2026, 3, 16))
    case = _notice(world, case, "pieces", 20, on=date(2026, 3, 16))
    # 8 single cases + the split case's 3 件 = 11 earlier; this case is 件次 12–31:
    # 12th–30th: 19 × 100 = 1900; 31st: 200.
    assert case.fee_earlier_pieces == 11
    assert case.fee_amount == 2100


def test_a_new_month_starts_again(world: World, later: date) -> None:
    for day in range(16, 28):  # 16–27 February: 12 cases of the applicant
        _received(world, date(2026, 2, day))
    march = _notice(world, _received(world, date(2026, 3, 2)), "pieces", 11)
    assert march.fee_earlier_pieces == 0
    assert march.fee_amount == 100  # the 11th 件 of March alone is charged


def test_the_same_day_counts_by_order_of_registration(world: World, later: date) -> None:
    first = _received(world, date(2026, 3, 2))
    second = _received(world, date(2026, 3, 2))
    second = _notice(world, second, "pieces", 10)  # 件次 2–11: the first counts as one 件
    assert (second.fee_earlier_pieces, second.fee_amount) == (1, 100)
    with pytest.raises(ValidationError, match="本申请不收费"):  # 件次 1–10, before the second
        _notice(world, first, "pieces", 10)


def test_a_stale_amount_is_refused(world: World, later: date) -> None:
    case = _received(world, date(2026, 3, 2))
    with pytest.raises(ValidationError, match="收费金额已变为100元"):
        _notice(world, case, "pieces", 11, expected_amount=50)
    case = _notice(world, case, "pieces", 11, expected_amount=100)
    assert case.fee_amount == 100


def test_fee_lapse_reads_overdue_payment(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _notice(world, _received(world, date(2026, 3, 2)), "pages", 31)
    lapse_day = datetime(2026, 4, 15, 9, tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(services, "clock_now", lambda: lapse_day)
    case = services.application_fee_lapse(
        application_id=case.pk, actor=world.clerk, expected_version=case.version
    )
    assert case.status == Status.FEE_LAPSED
    assert case.get_status_display() == "逾期未缴费"
    assert case.outcome == "3.6.2"
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    page = client.get(reverse("applications:case", args=[world.town.pk, case.pk])).content
    assert "逾期未缴费" in page.decode() and "逾期未补正" not in page.decode()
    archived = services.application_archive(
        application_id=case.pk, actor=world.clerk, expected_version=case.version
    )
    assert archived.status == Status.ARCHIVED


def test_the_letter_shows_the_arithmetic(world: World, later: date) -> None:
    for day in (2, 3, 4, 5, 6, 9, 10, 11, 12):
        _received(world, date(2026, 3, day))
    case = _notice(world, _received(world, date(2026, 3, 13)), "pieces", 2)  # 件次 10–11
    facts = letter_facts(application=case, kind="fee", number="乙公开〔2026〕1号", issued_on=later)
    letter = law_letters.letter_compose("fee", facts)
    text = letter.text()
    assert "信息处理费人民币100元" in text
    assert "收费计算方式为按件计收" in text
    assert "第10件：1件，不收费" in text
    assert "第11件：1件 × 100元/件 = 100元" in text
    context = letter_context(letter, facts)
    assert context["fee_calculation"].startswith("收费计算方式为按件计收：同一申请人本自然月此前")
    assert context["fee_calculation"].endswith("合计：100元。")


def test_the_case_page_quotes_before_the_notice_and_shows_the_fee_after(
    world: World, later: date
) -> None:
    for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13):
        _received(world, date(2026, 3, day))
    case = _received(world, date(2026, 3, 16))
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    url = reverse("applications:case", args=[world.town.pk, case.pk])
    page = client.get(url).content.decode()
    assert "第11—30件：100元/件" in page and "201页以上：40元/页" in page  # the bands
    assert '<strong id="fee-earlier">10</strong>' in page
    assert "expected_amount" not in page  # no notice form before a quote
    page = client.get(url, {"fee_method": "pieces", "fee_count": "2"}).content.decode()
    assert "第11—12件：2件 × 100元/件 = 200元" in page
    assert 'name="expected_amount" value="200"' in page
    # the notice form is named by its heading, like every other action form of the case page
    act_url = f"/workspace/bodies/{world.town.pk}/applications/{case.pk}/fee_notice/"
    assert f'<form method="post" action="{act_url}" aria-labelledby="act-fee_notice">' in page
    assert '<h3 id="act-fee_notice">' in page
    page = client.get(url, {"fee_method": "pieces", "fee_count": "x"}).content.decode()
    assert "请填写数量（整数）。" in page
    act = reverse("applications:act", args=[world.town.pk, case.pk, "fee_notice"])
    form = {"version": case.version, "on": "2026-03-16", "fee_method": "pieces", "fee_count": 2}
    refused = client.post(act, form, follow=True).content.decode()
    assert "请先计算信息处理费" in refused
    client.post(act, {**form, "expected_amount": 200})
    case = Application.objects.get(pk=case.pk)
    assert case.fee_amount == 200
    page = client.get(url).content.decode()
    assert '<span id="fee-amount">200元</span>' in page
    assert "第11—12件：2件 × 100元/件 = 200元" in page
    # a second notice is refused by the law core, so the page no longer offers one
    assert 'id="act-fee_notice"' not in page and "第11—30件：100元/件" not in page
    assert 'id="act-fee_paid"' in page
    resent = client.post(
        act, {**form, "version": case.version, "expected_amount": 200}, follow=True
    )
    assert "不能发出收费通知。" in resent.content.decode()  # refused by the law core
    assert (
        ClockEntry.objects.filter(application=case, kind=ClockEventKind.FEE_NOTICE_SENT).count()
        == 1
    )
