"""Ledger services and table 二: hand counts, year boundaries, the 规章 warning, versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from ledgers_world import LedgerWorld, today_fixture, world_fixture  # noqa: F401
from pytest_django import DjangoAssertNumQueries

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.ledgers import services
from gongkai.ledgers.models import (
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeAmount,
    RegisteredDocument,
)
from gongkai.ledgers.statistics import fee_total, table_two
from gongkai.organizations.models import User

pytestmark = pytest.mark.django_db

REG = DocumentKind.REGULATION
NORM = DocumentKind.NORMATIVE


def _doc(
    world: LedgerWorld,
    who: str,
    kind: str,
    issued: str,
    *,
    repealed: str | None = None,
    title: str = "",
) -> RegisteredDocument:
    actor = world.users[who]
    body = world.bureau if who.startswith("bureau") else world.city
    document = services.document_create(
        body=body,
        actor=actor,
        kind=kind,
        title=title or f"{kind}{issued}",
        number=f"文号{issued}",
        issued_on=date.fromisoformat(issued),
    )
    if repealed:
        document = services.document_repeal(
            document_id=document.pk,
            actor=actor,
            expected_version=document.version,
            repealed_on=date.fromisoformat(repealed),
            reason="被新文件替代",
        )
    return document


def _amend(world: LedgerWorld, document: RegisteredDocument, on: str) -> None:
    fresh = RegisteredDocument.objects.get(pk=document.pk)
    services.document_amend(
        document_id=document.pk,
        actor=world.users["city-clerk"],
        expected_version=fresh.version,
        amended_on=date.fromisoformat(on),
        number=f"修改{on}",
    )


def _counts(world: LedgerWorld, who: str, year: int, cells: dict[tuple[int, str], int]) -> None:
    body = world.bureau if who.startswith("bureau") else world.city
    if who.startswith("town"):
        body = world.town
    services.decision_counts_save(
        body=body, actor=world.users[who], year=year, counts=cells, expected_version=None
    )


@pytest.fixture
def city_records(world: LedgerWorld) -> LedgerWorld:
    """The city's records; hand counts are written next to each test."""
    r1 = _doc(world, "city-clerk", REG, "2020-06-01")
    r2 = _doc(world, "city-clerk", REG, "2021-12-31")  # issued on the last day of 2021
    _doc(world, "city-clerk", REG, "2019-03-01", repealed="2022-01-01")  # r3: repealed 1 Jan
    _doc(world, "city-clerk", REG, "2020-02-01", repealed="2021-01-01")  # r4
    _doc(world, "city-clerk", REG, "2022-01-01")  # r5
    _doc(world, "city-clerk", NORM, "2021-01-01", repealed="2021-12-31")  # n1: one year only
    _doc(world, "city-clerk", NORM, "2018-05-05")  # n2
    _amend(world, r1, "2021-07-01")
    _amend(world, r2, "2022-03-01")
    _amend(world, r2, "2022-09-01")
    lic, pun, coe = DecisionKind.LICENSING, DecisionKind.PUNISHMENT, DecisionKind.COERCION
    _counts(world, "city-clerk", 2021, {(1, lic): 5, (12, lic): 7, (6, pun): 3, (2, coe): 0})
    _counts(world, "city-clerk", 2020, {(12, lic): 100})
    _counts(world, "city-clerk", 2022, {(1, lic): 50})
    services.fee_amounts_save(
        body=world.city,
        actor=world.users["city-clerk"],
        year=2021,
        amounts={1: Decimal("1.2345"), 2: Decimal("0.0005"), 12: Decimal("2")},
        expected_version=None,
    )
    services.fee_amounts_save(
        body=world.city,
        actor=world.users["city-clerk"],
        year=2022,
        amounts={1: Decimal("9")},
        expected_version=None,
    )
    return world


def test_table_two_2021_by_hand(
    city_records: LedgerWorld, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # 规章 2021: issued r2 (31 Dec); repealed r4 (1 Jan 2021); in force r1, r2, r3 (r3 repealed
    # 1 Jan 2022 is still in force on 31 Dec 2021; r5 is issued in 2022). 规范性文件: n1 issued and
    # repealed in 2021 (not in force on 31 Dec: repealed that day), n2 in force.
    # Licensing 5 + 7; punishment 3; coercion 0; fees 1.2345 + 0.0005 + 2 = 3.235 万元.
    with django_assert_num_queries(3):
        table = table_two([city_records.city.pk], 2021)
    assert table == {
        "regulations": {"issued": 1, "repealed": 1, "in_force": 3},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 1},
        "licensing": 12,
        "punishment": 3,
        "coercion": 0,
        "fees": 3.235,
    }


def test_table_two_2022_by_hand(city_records: LedgerWorld) -> None:
    # 规章 2022: issued r5 (1 Jan); repealed r3 (1 Jan); in force r1, r2, r5. The amendments of r2
    # in 2022 count nowhere. 规范性文件: only n2. Fees 9 万元 print as an integer.
    assert table_two([city_records.city.pk], 2022) == {
        "regulations": {"issued": 1, "repealed": 1, "in_force": 3},
        "normative_documents": {"issued": 0, "repealed": 0, "in_force": 1},
        "licensing": 50,
        "punishment": 0,
        "coercion": 0,
        "fees": 9,
    }


def test_table_two_2019_template_by_hand(city_records: LedgerWorld) -> None:
    # 2020: 规章 made/published r1, r4; published to date (issued by 31 Dec 2020) r1, r3, r4.
    # 规范性文件: none made in 2020, n2 published before. Licensing 100 (Dec 2020).
    assert table_two([city_records.city.pk], 2020) == {
        "regulations": {"made": 2, "published": 2, "total_published": 3},
        "normative_documents": {"made": 0, "published": 0, "total_published": 1},
        "licensing": {"previous": 0, "change": 0, "decisions": 100},
        "other_services": {"previous": 0, "change": 0, "decisions": 0},
        "punishment": {"previous": 0, "change": 0, "decisions": 0},
        "coercion": {"previous": 0, "change": 0, "decisions": 0},
        "fees": {"previous": 0, "change": 0},
        "procurement": {"projects": 0, "amount": 0},
    }


def test_a_subtree_sums_its_bodies(
    city_records: LedgerWorld, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    world = city_records
    _doc(world, "bureau-clerk", REG, "2021-05-01")
    _counts(world, "bureau-clerk", 2021, {(3, DecisionKind.LICENSING): 4})
    _counts(world, "town-clerk", 2021, {(3, DecisionKind.LICENSING): 1000})  # not in the subtree
    ids = [world.city.pk, world.bureau.pk, world.street.pk]
    with django_assert_num_queries(3):
        table = table_two(ids, 2021)
    assert table["regulations"] == {"issued": 2, "repealed": 1, "in_force": 4}
    assert table["licensing"] == 12 + 4
    assert table_two([world.town.pk], 2021)["licensing"] == 1000


def test_empty_ledgers_give_zeros(world: LedgerWorld) -> None:
    table = table_two([world.street.pk], 2021)
    assert table["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert (table["licensing"], table["fees"]) == (0, 0)
    assert fee_total(body_ids=[world.street.pk], year=2021) == Decimal("0.0000")


def test_fees_keep_four_decimals(world: LedgerWorld) -> None:
    services.fee_amounts_save(
        body=world.city,
        actor=world.users["city-clerk"],
        year=2021,
        amounts={month: Decimal("0.0001") for month in range(1, 13)},
        expected_version=None,
    )
    assert fee_total(body_ids=[world.city.pk], year=2021) == Decimal("0.0012")
    assert table_two([world.city.pk], 2021)["fees"] == 0.0012
    with pytest.raises(ValidationError) as error:
        services.fee_amounts_save(
            body=world.city,
            actor=world.users["city-clerk"],
            year=2021,
            amounts={1: Decimal("0.00001"), 2: Decimal("-1")},
            expected_version=None,
        )
    assert error.value.message_dict == {
        "m1": ["金额以万元为单位，最多4位小数。"],
        "m2": ["金额不能为负数。"],
    }
    assert fee_total(body_ids=[world.city.pk], year=2021) == Decimal("0.0012")


# --- the 规章-making power warning ---------------------------------------------------------------


def test_a_body_without_power_gets_a_recorded_warning(world: LedgerWorld) -> None:
    document = _doc(world, "bureau-clerk", REG, "2021-03-01")
    assert "甲市南关区民政局未登记为有规章制定权的机关" in document.power_warning
    assert "年度报告将显示此提示" in document.power_warning
    event = AuditEvent.objects.get(action=AuditAction.LEDGER_DOCUMENT_CREATE, object_id=document.pk)
    assert event.new_values["power_warning"] == document.power_warning
    assert table_two([world.bureau.pk], 2021)["regulations"]["issued"] == 1  # kept and counted


def test_no_warning_for_a_body_with_power_or_for_normative_documents(world: LedgerWorld) -> None:
    assert _doc(world, "city-clerk", REG, "2021-03-01").power_warning == ""
    assert _doc(world, "bureau-clerk", NORM, "2021-03-01").power_warning == ""


def test_changing_the_kind_reconsiders_the_warning(world: LedgerWorld) -> None:
    document = _doc(world, "bureau-clerk", REG, "2021-03-01")
    updated = services.document_update(
        document_id=document.pk,
        actor=world.users["bureau-clerk"],
        expected_version=document.version,
        kind=NORM,
        title=document.title,
        number=document.number,
        issued_on=document.issued_on,
    )
    assert updated.power_warning == ""
    event = AuditEvent.objects.filter(action=AuditAction.LEDGER_DOCUMENT_UPDATE).get()
    assert event.old_values["kind"] == REG and event.new_values["kind"] == NORM


# --- validation, versions, permissions, audit -----------------------------------------------------


def test_bad_dates_are_refused_with_chinese_messages(world: LedgerWorld) -> None:
    clerk = world.users["city-clerk"]
    with pytest.raises(ValidationError) as error:
        services.document_create(
            body=world.city,
            actor=clerk,
            kind=REG,
            title=" ",
            number="",
            issued_on=date(2026, 3, 3),
        )
    assert error.value.message_dict == {
        "title": ["标题不能为空。"],
        "number": ["文号不能为空。"],
        "issued_on": ["制发日期不能晚于今天。"],
    }
    document = _doc(world, "city-clerk", REG, "2021-03-01")
    with pytest.raises(ValidationError) as error:
        services.document_repeal(
            document_id=document.pk,
            actor=clerk,
            expected_version=document.version,
            repealed_on=date(2021, 2, 28),
            reason="",
        )
    assert error.value.message_dict == {
        "repealed_on": ["废止日期不能早于制发日期。"],
        "repeal_reason": ["请填写废止原因。"],
    }
    assert RegisteredDocument.objects.get(pk=document.pk).repealed_on is None


def test_amendments_stay_within_the_documents_life(world: LedgerWorld) -> None:
    document = _doc(world, "city-clerk", REG, "2021-03-01", repealed="2023-01-01")
    clerk = world.users["city-clerk"]
    for on, message in (
        (date(2021, 2, 1), "修改日期不能早于制发日期。"),
        (date(2023, 1, 2), "文件已废止，修改日期不能晚于废止日期。"),
    ):
        with pytest.raises(ValidationError) as error:
            services.document_amend(
                document_id=document.pk,
                actor=clerk,
                expected_version=None,
                amended_on=on,
                number="x",
            )
        assert error.value.message_dict == {"amended_on": [message]}
    assert document.amendments.count() == 0


def test_a_stale_edit_is_refused(world: LedgerWorld) -> None:
    document = _doc(world, "city-clerk", REG, "2021-03-01")
    loaded = document.version
    _amend(world, document, "2021-05-01")  # somebody else saved meanwhile
    with pytest.raises(services.LedgerStaleError):
        services.document_update(
            document_id=document.pk,
            actor=world.users["city-clerk"],
            expected_version=loaded,
            kind=REG,
            title="改过的标题",
            number=document.number,
            issued_on=document.issued_on,
        )
    assert RegisteredDocument.objects.get(pk=document.pk).title == document.title


def test_a_stale_month_form_is_refused(world: LedgerWorld) -> None:
    clerk = world.users["city-clerk"]
    save: dict[str, Any] = {"body": world.city, "actor": clerk, "year": 2021}
    services.decision_counts_save(
        **save, counts={(1, DecisionKind.LICENSING): 1}, expected_version=0
    )
    with pytest.raises(services.LedgerStaleError):
        services.decision_counts_save(
            **save, counts={(1, DecisionKind.LICENSING): 2}, expected_version=0
        )
    assert DecisionCount.objects.get().count == 1


def test_a_blank_month_clears_a_stored_count(world: LedgerWorld) -> None:
    save: dict[str, Any] = {"body": world.city, "actor": world.users["city-clerk"], "year": 2021}
    services.decision_counts_save(
        **save, counts={(1, DecisionKind.LICENSING): 1}, expected_version=None
    )
    changes = services.decision_counts_save(
        **save, counts={(1, DecisionKind.LICENSING): None}, expected_version=None
    )
    assert changes.deleted == 1
    assert not DecisionCount.objects.exists()


@pytest.mark.parametrize("username", ["city-supervisor", "bureau-clerk", "no-role"])
def test_only_the_bodys_staff_write(world: LedgerWorld, username: str) -> None:
    actor: User = world.users[username]
    with pytest.raises(PermissionDenied):
        services.document_create(
            body=world.city,
            actor=actor,
            kind=NORM,
            title="t",
            number="n",
            issued_on=date(2021, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.fee_amounts_save(
            body=world.city, actor=actor, year=2021, amounts={1: Decimal(1)}, expected_version=None
        )
    assert not RegisteredDocument.objects.exists() and not FeeAmount.objects.exists()


def test_every_change_is_audited(world: LedgerWorld) -> None:
    document = _doc(world, "city-clerk", REG, "2021-03-01", repealed="2022-01-01")
    _amend(world, document, "2021-06-01")
    _counts(world, "city-clerk", 2021, {(1, DecisionKind.LICENSING): 3})
    services.fee_amounts_save(
        body=world.city,
        actor=world.users["city-clerk"],
        year=2021,
        amounts={1: Decimal("0.5")},
        expected_version=None,
    )
    _counts(world, "city-clerk", 2021, {(1, DecisionKind.LICENSING): 3})  # nothing changed
    actions = list(
        AuditEvent.objects.filter(body=world.city, action__startswith="ledger_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.LEDGER_DOCUMENT_CREATE,
        AuditAction.LEDGER_DOCUMENT_REPEAL,
        AuditAction.LEDGER_DOCUMENT_AMEND,
        AuditAction.LEDGER_DECISIONS_SAVE,
        AuditAction.LEDGER_FEES_SAVE,
    ]
    repeal = AuditEvent.objects.get(action=AuditAction.LEDGER_DOCUMENT_REPEAL)
    assert repeal.old_values == {"repealed_on": None, "repeal_reason": ""}
    assert repeal.new_values == {"repealed_on": "2022-01-01", "repeal_reason": "被新文件替代"}
    fees = AuditEvent.objects.get(action=AuditAction.LEDGER_FEES_SAVE)
    assert fees.new_values == {"2021-01": "0.5000"}
