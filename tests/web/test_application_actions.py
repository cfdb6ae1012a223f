"""Added actions: 逾期未缴费, 第三十五条 delay, 转办 — allowed and refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from applications_world import TODAY, World, submit, today_fixture, world_fixture  # noqa: F401
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, CaseEvent, Status
from gongkai.applications.services import ApplicationStateError
from gongkai.applications.workflow import transition_get
from gongkai.audit.models import AuditEvent
from gongkai.organizations.models import BodyKind, User
from gongkai.organizations.services import body_create

pytestmark = pytest.mark.django_db


def _processing(world: World) -> Application:
    application, _code = submit(world.town)
    application = services.application_register(
        application_id=application.pk,
        actor=world.clerk,
        expected_version=application.version,
        received_on=TODAY,
    )
    return services.application_accept(
        application_id=application.pk, actor=world.clerk, expected_version=application.version
    )


def _delay(a: Application, u: User, **kw: Any) -> Application:
    return services.application_delay(
        application_id=a.pk,
        actor=u,
        expected_version=a.version,
        on=TODAY,
        workdays=kw.get("workdays", 15),
        reason=kw.get("reason", "同一申请人本月提交申请120件"),
    )


@pytest.mark.parametrize("action", ["fee_lapse", "delay", "transfer"])
def test_rows_are_handlers_only(action: str) -> None:
    assert set(transition_get(action).roles) == {"经办人", "机关管理员"}


@pytest.mark.parametrize("who", ["reviewer", "approver", "supervisor", "other_clerk", "outsider"])
def test_other_roles_are_refused(world: World, who: str) -> None:
    case = _processing(world)
    with pytest.raises(PermissionDenied):
        _delay(case, world.user(who))
    with pytest.raises(PermissionDenied):
        services.application_transfer(
            application_id=case.pk,
            actor=world.user(who),
            expected_version=case.version,
            to_body=world.other,
        )
    with pytest.raises(PermissionDenied):
        services.application_fee_lapse(
            application_id=case.pk, actor=world.user(who), expected_version=case.version
        )


def test_delay_extends_the_due_date_once(world: World) -> None:
    case = _processing(world)
    before = case.due_on
    assert before is not None
    case = _delay(case, world.admin)
    assert case.due_on is not None and case.due_on > before
    assert CaseEvent.objects.filter(application=case, what__contains="第三十五条").exists()
    with pytest.raises(ValidationError, match="只能确定一次"):
        _delay(case, world.clerk)
    with pytest.raises(ValidationError, match="理由"):
        _delay(_processing(world), world.clerk, reason=" ")


def test_fee_lapse_closes_as_3_6_2_only_after_the_window(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _processing(world)
    case = services.application_fee_notice(
        application_id=case.pk,
        actor=world.clerk,
        expected_version=case.version,
        on=TODAY,
        method="pieces",
        count=11,
    )
    with pytest.raises(ValidationError, match="届满前不能认定逾期未缴费"):
        services.application_fee_lapse(
            application_id=case.pk, actor=world.clerk, expected_version=case.version
        )
    monkeypatch.setattr(services, "clock_today", lambda: date(2026, 4, 15))
    case = services.application_fee_lapse(
        application_id=case.pk, actor=world.clerk, expected_version=case.version
    )
    assert case.status == Status.FEE_LAPSED
    assert case.get_status_display() == "逾期未缴费"
    assert case.outcome == "3.6.2"
    assert "第四十二条" in case.outcome_basis


def test_fee_lapse_without_a_notice_is_refused(world: World) -> None:
    case = _processing(world)
    with pytest.raises(ValidationError, match="没有待缴的收费通知"):
        services.application_fee_lapse(
            application_id=case.pk, actor=world.clerk, expected_version=case.version
        )


def test_transfer_moves_the_case_to_the_other_queue(world: World, client: Client) -> None:
    case = _processing(world)
    due = case.due_on
    case = services.application_transfer(
        application_id=case.pk,
        actor=world.clerk,
        expected_version=case.version,
        to_body=world.other,
        reason="属丙镇职责",
    )
    assert case.body == world.other
    assert case.assignee is None
    assert case.due_on == due  # the ledger is kept
    assert CaseEvent.objects.filter(application=case, what="由乙镇人民政府转至丙镇人民政府办理")
    steps = AuditEvent.objects.filter(new_values__step__in=["transfer", "transfer_out"])
    assert {(e.body_id, e.new_values["step"]) for e in steps} == {
        (world.other.pk, "transfer"),
        (world.town.pk, "transfer_out"),
    }
    client.force_login(world.other_clerk)
    queue = client.get(reverse("applications:queue", args=[world.other.pk])).content.decode()
    assert case.number in queue
    client.force_login(world.clerk)
    url = reverse("applications:case", args=[world.town.pk, case.pk])
    assert client.get(url).status_code == 403
    with pytest.raises(ValidationError, match="请选择其他机关"):
        services.application_transfer(
            application_id=case.pk,
            actor=world.other_clerk,
            expected_version=case.version,
            to_body=world.other,
        )


def test_transfer_refused_after_the_reply_is_drafted(world: World) -> None:
    case = _processing(world)
    case = services.application_reply_draft(
        application_id=case.pk,
        actor=world.clerk,
        expected_version=case.version,
        outcome="3.1",
        text="予以公开",
    )
    with pytest.raises(ApplicationStateError):
        services.application_transfer(
            application_id=case.pk,
            actor=world.clerk,
            expected_version=case.version,
            to_body=world.other,
        )


def test_transfer_through_the_case_page(world: World, client: Client) -> None:
    case = _processing(world)
    client.force_login(world.clerk)
    url = reverse("applications:act", args=[world.town.pk, case.pk, "transfer"])
    client.post(url, {"version": case.version, "to_body": "999999"})
    assert Application.objects.get(pk=case.pk).body == world.town
    client.post(url, {"version": case.version, "to_body": world.other.pk})
    assert Application.objects.get(pk=case.pk).body == world.other


def test_the_case_page_offers_delay_and_transfer_with_their_fields(
    world: World, client: Client
) -> None:
    case = _processing(world)
    outside = body_create(name="丁县人民政府", kind=BodyKind.GOVERNMENT)
    client.force_login(world.clerk)
    html = client.get(reverse("applications:case", args=[world.town.pk, case.pk])).content.decode()
    assert 'name="workdays" required' in html
    assert "理由（申请数量、频次明显超过合理范围）" in html
    assert f'<option value="{world.other.pk}">丙镇人民政府</option>' in html
    assert ">乙镇人民政府</option>" not in html  # not to itself
    assert outside.name not in html  # only the same government's tree
