"""复议/诉讼 registry: table 四 counted by hand across year boundaries, 纠错率, the service rules
(validation, permissions, stale edits) and the audit trail."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from applications_world import World, submit, today_fixture, world_fixture  # noqa: F401
from django.core.exceptions import PermissionDenied, ValidationError
from remedies_world import case_data, cross_year_cases, record

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.law import remedies as law
from gongkai.remedies.models import DECISION_CHOICES, CaseKind, RemedyCase, Result
from gongkai.remedies.services import RemedyStaleError, remedy_case_create, remedy_case_update
from gongkai.remedies.statistics import correction_rate, correction_rates, table_four
from gongkai.report.formats import REVIEW_COLUMNS, REVIEW_GROUPS

pytestmark = pytest.mark.django_db

# Hand counts of ``cross_year_cases`` (see remedies_world.py): [维持, 纠正, 其他, 尚未审结, 总计].
TOWN_TABLES = {
    2023: {  # R5 filed, decided only in 2025
        "review": [0, 0, 0, 1, 1],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
    2024: {  # R1 纠正, R2 decided 2025 → 尚未审结, R3 其他 (filed and decided 31 Dec); L4 pending
        "review": [0, 1, 1, 1, 3],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_review": [0, 0, 0, 1, 1],
    },
    2025: {  # R2, R5 carried in and decided; R4 pending; L1 维持; L2 decided 2026; L3 其他
        "review": [1, 1, 0, 1, 3],
        "litigation_direct": [1, 0, 0, 1, 2],
        "litigation_after_review": [0, 0, 1, 0, 1],
    },
    2026: {  # only L2 (filed 2025, decided 2026-01-05); R4 and L4 stay pending, not counted again
        "review": [0, 0, 0, 0, 0],
        "litigation_direct": [0, 1, 0, 0, 1],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}


@pytest.mark.parametrize("year", sorted(TOWN_TABLES))
def test_table_four_counted_by_hand(world: World, year: int) -> None:
    cross_year_cases(world)
    assert table_four([world.town.pk], year) == TOWN_TABLES[year]


def test_table_four_sums_bodies(world: World) -> None:
    cross_year_cases(world)
    both = table_four([world.town.pk, world.other.pk], 2025)
    assert both["review"] == [2, 1, 0, 1, 4]
    assert both["litigation_direct"] == TOWN_TABLES[2025]["litigation_direct"]
    assert table_four([world.other.pk], 2025)["review"] == [1, 0, 0, 0, 1]
    assert table_four([world.county.pk], 2025)["review"] == [0, 0, 0, 0, 0]


def test_table_four_shape_is_the_spec(world: World) -> None:
    cross_year_cases(world)
    for year in range(2022, 2027):
        table = table_four([world.town.pk, world.other.pk], year)
        assert list(table) == [group.key for group in REVIEW_GROUPS]
        for cells in table.values():
            assert len(cells) == len(REVIEW_COLUMNS)
            assert all(type(cell) is int for cell in cells)
            assert cells[4] == sum(cells[:4])  # 总计 per group


def test_table_four_of_no_cases_is_zeros(world: World) -> None:
    assert table_four([world.town.pk], 2025) == {
        "review": [0] * 5,
        "litigation_direct": [0] * 5,
        "litigation_after_review": [0] * 5,
    }


def test_table_four_is_one_query(
    world: World, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    cross_year_cases(world)
    with django_assert_num_queries(1):  # type: ignore[operator]
        table_four([world.town.pk, world.other.pk], 2025)


def test_correction_rates(world: World) -> None:
    cross_year_cases(world)
    rates = correction_rate([world.town.pk], 2025)
    assert (rates["review"].corrected, rates["review"].decided) == (1, 2)
    assert rates["review"].rate == Fraction(1, 2)
    assert rates["review"].percent == "50.0%"
    assert rates["litigation_direct"].rate == 0
    assert rates["all"].rate == Fraction(1, 4)
    assert rates["all"].percent == "25.0%"
    empty = correction_rate([world.county.pk], 2025)
    assert empty["all"].rate is None
    assert empty["all"].percent == "—"


def test_correction_rates_of_a_printed_table_with_blanks() -> None:
    rates = correction_rates(
        {
            "review": [2, 1, None, 3, 6],
            "litigation_direct": [None] * 5,
            "litigation_after_review": [0, 0, 1, 0, 1],
        }
    )
    assert rates["review"].rate == Fraction(1, 3)
    assert rates["litigation_direct"].rate is None
    assert rates["all"].rate == Fraction(1, 4)


# --- the law data and the model agree -----------------------------------------------------------


def test_model_choices_follow_the_law_core() -> None:
    assert dict(CaseKind.choices) == {kind.value: label for kind, label in law.CASE_KINDS.items()}
    assert dict(Result.choices) == {result.value: label for result, label in law.RESULTS.items()}
    assert [(rule.decision.value, rule.label) for rule in law.DECISIONS] == DECISION_CHOICES


@pytest.mark.parametrize(
    ("decision", "result"),
    [
        ("uphold", "upheld"),
        ("dismiss_claim", "upheld"),
        ("revoke", "corrected"),
        ("vary", "corrected"),
        ("declare_unlawful", "corrected"),
        ("order_performance", "corrected"),
        ("declare_void", "corrected"),
        ("withdrawn", "other"),
        ("mediated", "other"),
        ("not_accepted", "other"),
        ("other", "other"),
    ],
)
def test_decisions_are_counted_in_their_column(decision: str, result: str) -> None:
    assert law.decision(decision).result == result


# --- validation -------------------------------------------------------------------------------


def _errors(world: World, **changes: object) -> dict[str, list[str]]:
    before = RemedyCase.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        record(world.town, world, **changes)
    assert (RemedyCase.objects.count(), AuditEvent.objects.count()) == before
    return caught.value.message_dict


def test_decision_before_filing_is_refused(world: World) -> None:
    errors = _errors(
        world, filed_on=date(2025, 6, 1), decided_on=date(2025, 5, 31), result=Result.UPHELD
    )
    assert errors["decided_on"] == ["决定（裁判）日期不能早于申请（立案）日期。"]


def test_result_without_decision_date_is_refused(world: World) -> None:
    errors = _errors(world, result=Result.CORRECTED)
    assert "已审结的案件请填写决定（裁判）日期" in errors["decided_on"][0]


def test_decision_date_on_a_pending_case_is_refused(world: World) -> None:
    errors = _errors(world, decided_on=date(2025, 7, 1), result=Result.PENDING)
    assert "请选择结果" in errors["result"][0]


def test_decision_must_match_the_result(world: World) -> None:
    errors = _errors(world, decided_on=date(2025, 7, 1), result=Result.UPHELD, decision="revoke")
    assert errors["result"] == ["决定方式“撤销（含部分撤销）”属于“纠正”，与所选结果“维持”不一致。"]


def test_future_dates_are_refused(world: World) -> None:
    errors = _errors(world, filed_on=date(2026, 3, 3))
    assert errors["filed_on"] == ["申请（立案）日期不能晚于今天。"]


def test_subject_or_application_is_required(world: World) -> None:
    errors = _errors(world, subject="  ")
    assert "所涉事项" in errors["subject"][0]


def test_application_of_another_body_is_refused(world: World) -> None:
    application, _code = submit(world.other)
    errors = _errors(world, application=application)
    assert errors["application"] == ["所涉申请不是本机关办理的申请。"]


def test_suit_after_review_of_another_body_is_refused(world: World) -> None:
    other_review = record(world.other, world, filed_on=date(2025, 3, 1))
    errors = _errors(
        world,
        kind=CaseKind.LITIGATION_AFTER_REVIEW,
        filed_on=date(2025, 6, 1),
        review_case=other_review,
    )
    assert "丙镇人民政府" in errors["review_case"][0]
    assert "只能关联本机关的行政复议案件" in errors["review_case"][0]


def test_only_a_suit_after_review_links_a_review(world: World) -> None:
    review = record(world.town, world, filed_on=date(2025, 3, 1))
    errors = _errors(world, kind=CaseKind.LITIGATION_DIRECT, review_case=review)
    assert "只有“行政诉讼（复议后起诉）”案件" in errors["review_case"][0]
    suit = record(world.town, world, kind=CaseKind.LITIGATION_AFTER_REVIEW, review_case=review)
    errors = _errors(world, kind=CaseKind.LITIGATION_AFTER_REVIEW, review_case=suit)
    assert errors["review_case"] == ["所关联的案件不是行政复议案件。"]
    errors = _errors(
        world,
        kind=CaseKind.LITIGATION_AFTER_REVIEW,
        review_case=review,
        filed_on=date(2025, 2, 1),
    )
    assert errors["review_case"] == ["起诉日期不能早于所关联的行政复议申请日期。"]


def test_a_case_about_an_application(world: World) -> None:
    application, _code = submit(world.town)
    case = record(world.town, world, application=application, subject="")
    assert list(application.remedy_cases.all()) == [case]


# --- permissions, stale edits and the audit trail ------------------------------------------------


@pytest.mark.parametrize("who", ["clerk", "reviewer", "approver", "admin"])
def test_staff_of_the_body_record_cases(world: World, who: str) -> None:
    case = remedy_case_create(body=world.town, actor=world.user(who), data=case_data())
    assert case.created_by == world.user(who)


@pytest.mark.parametrize("who", ["supervisor", "other_clerk", "outsider"])
def test_others_may_not_record_or_edit(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        remedy_case_create(body=world.town, actor=world.user(who), data=case_data())
    case = record(world.town, world)
    with pytest.raises(PermissionDenied):
        remedy_case_update(
            case_id=case.pk,
            actor=world.user(who),
            expected_version=case.version,
            data=case_data(notes="改"),
        )
    case.refresh_from_db()
    assert (case.version, case.notes) == (1, "")


def test_stale_edit_is_refused(world: World) -> None:
    case = record(world.town, world)
    remedy_case_update(
        case_id=case.pk, actor=world.clerk, expected_version=1, data=case_data(notes="第一次")
    )
    with pytest.raises(RemedyStaleError, match="已被他人修改"):
        remedy_case_update(
            case_id=case.pk,
            actor=world.reviewer,
            expected_version=1,
            data=case_data(notes="第二次"),
        )
    case.refresh_from_db()
    assert (case.version, case.notes) == (2, "第一次")


def test_audit_never_holds_the_applicant_name(world: World) -> None:
    case = record(world.town, world, applicant_name="王小明")
    remedy_case_update(
        case_id=case.pk,
        actor=world.admin,
        expected_version=1,
        data=case_data(
            applicant_name="王大明",
            decided_on=date(2025, 8, 1),
            result=Result.CORRECTED,
            decision="order_performance",
        ),
    )
    events = list(
        AuditEvent.objects.filter(
            object_type="remedies.remedycase", object_id=str(case.pk)
        ).order_by("id")
    )
    assert [event.action for event in events] == [
        AuditAction.REMEDY_CASE_CREATE,
        AuditAction.REMEDY_CASE_UPDATE,
    ]
    assert events[0].actor == world.clerk
    assert events[1].actor == world.admin
    assert events[1].old_values["result"] == "pending"
    assert events[1].new_values["result"] == "corrected"
    assert events[1].new_values["decided_on"] == "2025-08-01"
    for event in events:
        text = str(event.old_values) + str(event.new_values)
        assert "小明" not in text and "大明" not in text
