"""Shared set-up for the 复议/诉讼 tests: cases across year boundaries, made through the service.

The bodies and people come from ``applications_world`` (today is 2026-03-02).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from applications_world import World

from gongkai.organizations.models import Body
from gongkai.remedies.models import CaseKind, RemedyCase, Result
from gongkai.remedies.services import RemedyCaseData, remedy_case_create


def case_data(**changes: Any) -> RemedyCaseData:
    """A valid pending 行政复议 case, with ``changes``."""
    values: dict[str, Any] = {
        "kind": CaseKind.REVIEW,
        "applicant_name": "李四",
        "filed_on": date(2025, 6, 1),
        "deciding_organ": "甲县人民政府",
        "subject": "2025年政府信息公开申请答复",
        "case_number": "",
        **changes,
    }
    return RemedyCaseData(**values)


def record(body: Body, world: World, **changes: Any) -> RemedyCase:
    """A case of ``body`` recorded by a member of its staff."""
    actor = world.clerk if body == world.town else world.other_clerk
    return remedy_case_create(body=body, actor=actor, data=case_data(**changes))


def cross_year_cases(world: World) -> dict[str, RemedyCase]:
    """The town's cases (and one of the other town) whose table 四 the tests count by hand."""
    cases: dict[str, RemedyCase] = {}
    town = world.town

    def add(name: str, body: Body = town, **changes: Any) -> None:
        cases[name] = record(body, world, case_number=name, **changes)

    add(
        "R1",
        filed_on=date(2024, 3, 1),
        decided_on=date(2024, 5, 10),
        result=Result.CORRECTED,
        decision="revoke",
    )
    add("R2", filed_on=date(2024, 11, 20), decided_on=date(2025, 1, 15), result=Result.UPHELD)
    add(
        "R3",
        filed_on=date(2024, 12, 31),
        decided_on=date(2024, 12, 31),
        result=Result.OTHER,
        decision="withdrawn",
    )
    add("R4", filed_on=date(2025, 6, 1))
    add("R5", filed_on=date(2023, 10, 1), decided_on=date(2025, 2, 1), result=Result.CORRECTED)
    add(
        "L1",
        kind=CaseKind.LITIGATION_DIRECT,
        deciding_organ="甲县人民法院",
        filed_on=date(2025, 1, 1),
        decided_on=date(2025, 12, 31),
        result=Result.UPHELD,
        decision="dismiss_claim",
    )
    add(
        "L2",
        kind=CaseKind.LITIGATION_DIRECT,
        deciding_organ="甲县人民法院",
        filed_on=date(2025, 12, 31),
        decided_on=date(2026, 1, 5),
        result=Result.CORRECTED,
        decision="declare_unlawful",
    )
    add(
        "L3",
        kind=CaseKind.LITIGATION_AFTER_REVIEW,
        deciding_organ="甲县人民法院",
        filed_on=date(2025, 2, 10),
        decided_on=date(2025, 9, 1),
        result=Result.OTHER,
        review_case=cases["R2"],
    )
    add(
        "L4",
        kind=CaseKind.LITIGATION_AFTER_REVIEW,
        deciding_organ="甲县人民法院",
        filed_on=date(2024, 6, 1),
        review_case=cases["R1"],
    )
    add(
        "O1",
        body=world.other,
        filed_on=date(2025, 3, 1),
        decided_on=date(2025, 4, 1),
        result=Result.UPHELD,
    )
    return cases
