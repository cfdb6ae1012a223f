"""Table 三 from the cases: the counting rules, the 勾稽 over random histories, the demo."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications import services
from gongkai.applications.demo import DEMO_CASES, applications_demo_load
from gongkai.applications.models import ApplicantKind, Application, Channel, Status
from gongkai.applications.statistics import (
    COLUMNS,
    RESULT_KEYS,
    applications_table,
    applications_table_cases,
)
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body, BodyKind, Role
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.report.formats import TEMPLATE_2019, TEMPLATE_2021

pytestmark = pytest.mark.django_db

CASES = Path(__file__).resolve().parents[1] / "cases"
SEED_004 = next(CASES.glob("seed-004*")) / "expected.json"
ZERO = [0] * 7


# --- random histories -------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """One case as the table sees it."""

    kind: str
    received_on: date | None
    closed_on: date | None
    outcome: str


@st.composite
def histories(draw: st.DrawFn) -> History:
    kind = draw(st.sampled_from(COLUMNS))
    received = draw(st.none() | st.dates(date(2019, 1, 1), date(2023, 12, 31)))
    closed: date | None = None
    outcome = ""
    if draw(st.booleans()):
        start = received or date(2019, 1, 1)
        closed = start + timedelta(days=draw(st.integers(0, 800)))
        # withdrawn before receipt: closed, never received, no outcome (application_withdraw)
        outcome = draw(st.sampled_from(RESULT_KEYS)) if received else ""
    return History(kind, received, closed, outcome)


def _store(body: Body, cases: list[History]) -> None:
    """Write the histories as rows (the property is about the query, not about the services)."""
    Application.objects.all().delete()
    Application.objects.bulk_create(
        Application(
            body=body,
            number=f"T-{index:06d}",
            query_code_hash="x",
            status=Status.ARCHIVED if case.closed_on else Status.PROCESSING,
            applicant_kind=case.kind,
            name="测试",
            id_type="其他证件",
            id_number="1",
            phone="1",
            description="测试",
            form="电子",
            delivery="网上",
            channel=Channel.ONLINE,
            received_on=case.received_on,
            closed_on=case.closed_on,
            outcome=case.outcome,
        )
        for index, case in enumerate(cases)
    )


def _expected(cases: list[History], year: int) -> dict[str, list[int]]:
    """The table counted case by case in Python, straight from the definitions."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = {key: [0] * 7 for key in TEMPLATE_2021.application_keys}
    for case in cases:
        if case.received_on is None:
            continue
        column = COLUMNS.index(case.kind)
        rows = []
        if start <= case.received_on <= end:
            rows.append("1")
        if case.received_on < start and (case.closed_on is None or case.closed_on >= start):
            rows.append("2")
        if case.closed_on is not None and start <= case.closed_on <= end:
            rows += [case.outcome, "3.7"]
        if case.received_on <= end and (case.closed_on is None or case.closed_on > end):
            rows.append("4")
        for key in rows:
            table[key][column] += 1
            table[key][6] += 1
    return table


@pytest.fixture
def town(db: None) -> Body:
    return body_create(name="测试镇人民政府", kind=BodyKind.TOWNSHIP)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=st.lists(histories(), max_size=25), year=st.integers(2019, 2023))
def test_table_reconciles_over_random_histories(
    town: Body, cases: list[History], year: int
) -> None:
    _store(town, cases)
    table = applications_table(body_ids=[town.pk], year=year)
    assert list(table) == list(TEMPLATE_2021.application_keys)
    assert table == _expected(cases, year)
    for column in range(7):
        # the official 勾稽: 一 + 二 = 三（七） + 四
        assert table["1"][column] + table["2"][column] == table["3.7"][column] + table["4"][column]
        assert table["3.7"][column] == sum(table[key][column] for key in RESULT_KEYS)
    for row in table.values():
        assert row[6] == sum(row[:6]) and min(row) >= 0
    # what is carried into next year is what next year carries over
    following = applications_table(body_ids=[town.pk], year=year + 1)
    assert following["2"] == table["4"]
    # every cell lists exactly its cases
    for key in ("1", "2", "3.7", "4", *{case.outcome for case in cases if case.outcome}):
        for column in (0, 6):
            listed = applications_table_cases(body_ids=[town.pk], year=year, row=key, column=column)
            assert listed.count() == table[key][column]


def test_2019_template_folds_other_into_one_row(town: Body) -> None:
    cases = [
        History("自然人", date(2020, 3, 2), date(2020, 3, 20), "3.6.1"),
        History("自然人", date(2020, 4, 1), date(2020, 4, 2), "3.6.3"),
        History("商业企业", date(2020, 5, 6), date(2020, 5, 8), "3.1"),
    ]
    _store(town, cases)
    table = applications_table(body_ids=[town.pk], year=2020, template="2019")
    assert list(table) == list(TEMPLATE_2019.application_keys)
    assert table["3.6"] == [2, 0, 0, 0, 0, 0, 2]
    assert table["3.1"] == [0, 1, 0, 0, 0, 0, 1]
    assert table["3.7"] == table["1"] == [2, 1, 0, 0, 0, 0, 3]
    listed = applications_table_cases(body_ids=[town.pk], year=2020, row="3.6", column=6)
    assert listed.count() == 2


def test_a_subtree_sums_its_bodies_with_two_queries(
    town: Body, django_assert_num_queries: object
) -> None:
    other = body_create(name="另一镇人民政府", kind=BodyKind.TOWNSHIP)
    _store(town, [History("其他", date(2022, 1, 4), None, "")])
    Application.objects.filter(number="T-000000").update(number="T-A")
    Application.objects.create(
        body=other,
        number="T-B",
        query_code_hash="x",
        applicant_kind=ApplicantKind.LEGAL,
        name="测试",
        id_type="其他证件",
        id_number="1",
        phone="1",
        description="测试",
        form="电子",
        delivery="网上",
        channel=Channel.ONLINE,
        received_on=date(2022, 2, 7),
        closed_on=date(2022, 2, 8),
        outcome="3.2",
    )
    with django_assert_num_queries(2):  # type: ignore[operator]
        table = applications_table(body_ids=[town.pk, other.pk], year=2022)
    assert table["1"] == [0, 0, 0, 0, 1, 1, 2]
    assert table["3.2"] == [0, 0, 0, 0, 1, 0, 1]
    assert table["4"] == [0, 0, 0, 0, 0, 1, 1]
    assert applications_table(body_ids=[other.pk], year=2022)["4"] == ZERO


# --- through the real services ---------------------------------------------------------------


def test_withdrawn_and_lapsed_cases_count_under_other(
    town: Body, monkeypatch: pytest.MonkeyPatch
) -> None:
    """撤回 after receipt → 三（六）3; 撤回 before receipt → nowhere; lapse → 三（六）1."""
    clerk = user_create(username="clerk", password=None, full_name="经办人")
    membership_grant(user=clerk, body=town, role=Role.CLERK)
    monkeypatch.setattr(services, "clock_today", lambda: date(2024, 3, 4))
    applicant = {
        "applicant_kind": "自然人",
        "name": "张三",
        "id_type": "居民身份证",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "description": "某项信息",
        "form": "电子",
        "delivery": "网上",
    }
    unconfirmed, _ = services.application_submit(body=town, **applicant)
    services.application_withdraw(application_id=unconfirmed.pk)
    withdrawn, _ = services.application_intake(
        body=town,
        actor=clerk,
        channel=Channel.IN_PERSON,
        received_on=date(2024, 3, 1),
        receipt_evidence="当面提交",
        **applicant,
    )
    services.application_withdraw(application_id=withdrawn.pk)
    lapsing, _ = services.application_intake(
        body=town,
        actor=clerk,
        channel=Channel.IN_PERSON,
        received_on=date(2024, 3, 1),
        receipt_evidence="当面提交",
        **applicant,
    )
    services.application_request_correction(
        application_id=lapsing.pk, actor=clerk, expected_version=None, items="请写明年份"
    )
    monkeypatch.setattr(services, "clock_today", lambda: date(2024, 5, 6))
    services.application_lapse(application_id=lapsing.pk, actor=clerk, expected_version=None)
    table = applications_table(body_ids=[town.pk], year=2024)
    assert table["1"] == [2, 0, 0, 0, 0, 0, 2]
    assert table["3.6.3"] == table["3.6.1"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["3.7"] == [2, 0, 0, 0, 0, 0, 2]
    assert table["4"] == ZERO


def test_demo_gives_seed_004s_table(demo: DemoResult, client: Client) -> None:
    created = applications_demo_load()
    assert len(created.cases) == len(DEMO_CASES) == 4
    expected = json.loads(SEED_004.read_text(encoding="utf-8"))
    town = Body.objects.get(name="南郊镇人民政府")
    answer = client.get(f"/api/v1/bodies/{town.pk}/statistics/2021").json()
    assert answer["applications"] == expected["applications"]
    for key in ("format", "year", "template", "proactive", "reviews_litigation"):
        assert answer[key] == expected[key]
    # the carried-over case is answered in 2022, within its limit
    following = client.get(f"/api/v1/bodies/{town.pk}/statistics/2022").json()["applications"]
    assert following["2"] == following["3.1"] == following["3.7"] == [1, 0, 0, 0, 0, 0, 1]
    assert following["4"] == ZERO
    # every case went through the services: received and closed on its ledger, archived
    for case in Application.objects.filter(body=town):
        kinds = list(case.clock_entries.values_list("kind", flat=True))
        assert kinds == ["received", "closed"] and case.status == Status.ARCHIVED
        assert case.events.count() >= 5


def test_demo_is_idempotent_and_other_seed_bodies_give_zeros(
    demo: DemoResult, client: Client
) -> None:
    applications_demo_load()
    again = applications_demo_load()
    assert again.cases == [] and again.users == []
    assert Application.objects.count() == 4
    for body in Body.objects.exclude(name="南郊镇人民政府"):
        table = client.get(f"/api/v1/bodies/{body.pk}/statistics/2021").json()["applications"]
        assert set(table) == set(TEMPLATE_2021.application_keys)
        assert all(row == ZERO for row in table.values())


def test_unknown_row_or_column_is_refused(town: Body) -> None:
    from gongkai.applications.statistics import StatisticsError

    with pytest.raises(StatisticsError):
        applications_table_cases(body_ids=[town.pk], year=2021, row="9", column=0)
    with pytest.raises(StatisticsError):
        applications_table_cases(body_ids=[town.pk], year=2021, row="1", column=7)


# --- tables 二 and 四 in the statistics document ---------------------------------------------


def test_statistics_document_carries_tables_two_and_four_from_the_records(
    town: Body, client: Client
) -> None:
    from decimal import Decimal

    from gongkai.ledgers import services as ledgers
    from gongkai.ledgers.models import DecisionKind, DocumentKind
    from gongkai.remedies.models import CaseKind, Result
    from gongkai.remedies.services import RemedyCaseData, remedy_case_create

    clerk = user_create(username="ledger-clerk", password=None, full_name="经办人")
    membership_grant(user=clerk, body=town, role=Role.CLERK)
    ledgers.document_create(
        body=town,
        actor=clerk,
        kind=DocumentKind.NORMATIVE,
        title="关于规范村级财务管理的通知",
        number="测政发〔2021〕1号",
        issued_on=date(2021, 3, 1),
    )
    ledgers.decision_counts_save(
        body=town,
        actor=clerk,
        year=2021,
        counts={(1, DecisionKind.LICENSING): 3, (12, DecisionKind.LICENSING): 2},
        expected_version=None,
    )
    ledgers.fee_amounts_save(
        body=town, actor=clerk, year=2021, amounts={6: Decimal("1.2500")}, expected_version=None
    )
    remedy_case_create(
        body=town,
        actor=clerk,
        data=RemedyCaseData(
            kind=CaseKind.REVIEW,
            applicant_name="王某",
            subject="对本机关政府信息公开专栏内容不服",
            filed_on=date(2021, 5, 10),
            deciding_organ="某区人民政府",
            decided_on=date(2021, 7, 1),
            result=Result.CORRECTED,
        ),
    )

    document = client.get(f"/api/v1/bodies/{town.pk}/statistics/2021").json()

    assert document["proactive"] == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 1},
        "licensing": 5,
        "punishment": 0,
        "coercion": 0,
        "fees": 1.25,
    }
    assert document["reviews_litigation"] == {
        "review": [0, 1, 0, 0, 1],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_review": [0, 0, 0, 0, 0],
    }
