"""The state machine of an application: every action allowed and refused by status and role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from applications_world import TODAY, World, submit, today_fixture, world_fixture  # noqa: F401
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongkai.applications import services
from gongkai.applications.documents import letter_facts
from gongkai.applications.models import Application, CaseEvent, ClockEntry, ClockEventKind, Status
from gongkai.applications.selectors import application_clock
from gongkai.applications.services import (
    STALE_MESSAGE,
    ApplicationStaleError,
    ApplicationStateError,
)
from gongkai.applications.workflow import TRANSITIONS
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.law.clock import ClockEventKind as LawKind
from gongkai.organizations.models import User

pytestmark = pytest.mark.django_db

Act = Callable[[Application, object], Application]


def _fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def _register(a: Application, u: object) -> Application:
    return services.application_register(
        application_id=a.pk, actor=u, expected_version=a.version, received_on=TODAY
    )


ACTIONS: dict[str, Callable[..., Application]] = {
    "register": _register,
    "accept": lambda a, u: services.application_accept(
        application_id=a.pk, actor=u, expected_version=a.version
    ),
    "request_correction": lambda a, u: services.application_request_correction(
        application_id=a.pk, actor=u, expected_version=a.version, items="请写明工程名称。"
    ),
    "receive_correction": lambda a, u: services.application_correction_receive(
        application_id=a.pk, actor=u, expected_version=a.version, on=TODAY, text="某路维修工程"
    ),
    "lapse": lambda a, u: services.application_lapse(
        application_id=a.pk, actor=u, expected_version=a.version
    ),
    "consultation_start": lambda a, u: services.application_consultation_start(
        application_id=a.pk,
        actor=u,
        expected_version=a.version,
        on=TODAY,
        pause_kind="第三方征求意见",
    ),
    "consultation_end": lambda a, u: services.application_consultation_end(
        application_id=a.pk, actor=u, expected_version=a.version, on=TODAY
    ),
    "extend": lambda a, u: services.application_extend(
        application_id=a.pk,
        actor=u,
        expected_version=a.version,
        on=TODAY,
        workdays=10,
        approver=User.objects.get(username="reviewer"),
    ),
    "fee_notice": lambda a, u: services.application_fee_notice(
        application_id=a.pk,
        actor=u,
        expected_version=a.version,
        on=TODAY,
        method="pieces",
        count=11,
    ),
    "fee_paid": lambda a, u: services.application_fee_paid(
        application_id=a.pk, actor=u, expected_version=a.version, on=TODAY
    ),
    "draft_reply": lambda a, u: services.application_reply_draft(
        application_id=a.pk, actor=u, expected_version=a.version, outcome="3.2", text="部分公开"
    ),
    "approve_reply": lambda a, u: services.application_reply_approve(
        application_id=a.pk, actor=u, expected_version=a.version
    ),
    "sign_reply": lambda a, u: services.application_reply_sign(
        application_id=a.pk, actor=u, expected_version=a.version
    ),
    "deliver": lambda a, u: services.application_deliver(
        application_id=a.pk, actor=u, expected_version=a.version, method="电子邮件", on=TODAY
    ),
    "archive": lambda a, u: services.application_archive(
        application_id=a.pk, actor=u, expected_version=a.version
    ),
}


def _to(world: World, status: Status) -> Application:
    """A case brought to ``status`` through the real services."""
    a, _code = submit(world.town)
    if status == Status.REGISTERED:
        return a
    a = _register(a, world.clerk)
    if status == Status.REVIEW:
        return a
    if status == Status.CORRECTION:
        return ACTIONS["request_correction"](a, world.clerk)
    a = ACTIONS["accept"](a, world.clerk)
    if status == Status.PROCESSING:
        return a
    a = ACTIONS["draft_reply"](a, world.clerk)
    if status == Status.REPLY_REVIEW:
        return a
    a = ACTIONS["approve_reply"](a, world.reviewer)
    if status == Status.REPLY_SIGN:
        return a
    a = ACTIONS["sign_reply"](a, world.approver)
    if status == Status.REPLY_SIGNED:
        return a
    a = ACTIONS["deliver"](a, world.clerk)
    if status == Status.DELIVERED:
        return a
    return ACTIONS["archive"](a, world.clerk)


HANDLERS = {"clerk", "admin"}
#: Who may take each action, written out by hand (not read from the table under test).
EXPECTED_ROLES = {
    "register": HANDLERS,
    "accept": HANDLERS,
    "request_correction": HANDLERS,
    "receive_correction": HANDLERS,
    "lapse": HANDLERS,
    "consultation_start": HANDLERS,
    "consultation_end": HANDLERS,
    "extend": HANDLERS,
    "fee_notice": HANDLERS,
    "fee_paid": HANDLERS,
    "draft_reply": HANDLERS,
    "approve_reply": {"reviewer"},
    "sign_reply": {"approver"},
    "deliver": HANDLERS,
    "archive": HANDLERS,
}
START = {
    "register": Status.REGISTERED,
    "accept": Status.REVIEW,
    "request_correction": Status.REVIEW,
    "receive_correction": Status.CORRECTION,
    "lapse": Status.CORRECTION,
    "consultation_start": Status.PROCESSING,
    "consultation_end": Status.PROCESSING,
    "extend": Status.PROCESSING,
    "fee_notice": Status.PROCESSING,
    "fee_paid": Status.PROCESSING,
    "draft_reply": Status.PROCESSING,
    "approve_reply": Status.REPLY_REVIEW,
    "sign_reply": Status.REPLY_SIGN,
    "deliver": Status.REPLY_SIGNED,
    "archive": Status.DELIVERED,
}
TARGET = {
    "register": Status.REVIEW,
    "accept": Status.PROCESSING,
    "request_correction": Status.CORRECTION,
    "receive_correction": Status.PROCESSING,
    "lapse": Status.LAPSED,
    "consultation_start": Status.PROCESSING,
    "consultation_end": Status.PROCESSING,
    "extend": Status.PROCESSING,
    "fee_notice": Status.PROCESSING,
    "fee_paid": Status.PROCESSING,
    "draft_reply": Status.REPLY_REVIEW,
    "approve_reply": Status.REPLY_SIGN,
    "sign_reply": Status.REPLY_SIGNED,
    "deliver": Status.DELIVERED,
    "archive": Status.ARCHIVED,
}
PEOPLE = ("clerk", "reviewer", "approver", "admin", "supervisor", "other_clerk", "outsider")


def _prepared(world: World, action: str, monkeypatch: pytest.MonkeyPatch) -> Application:
    a = _to(world, START[action])
    if action == "consultation_end":
        a = ACTIONS["consultation_start"](a, world.clerk)
    if action == "fee_paid":
        a = ACTIONS["fee_notice"](a, world.clerk)
    if action == "lapse":
        assert a.correction_due is not None
        later = a.correction_due + timedelta(days=1)
        monkeypatch.setattr(services, "clock_today", lambda: later)
    return a


def test_every_action_of_the_table_is_tested() -> None:
    staff_actions = {t.action for t in TRANSITIONS} - {
        "withdraw",
        "correct_online",
        "return_reply",
        "assign",
        "note",
        *("fee_lapse", "delay", "transfer"),  # tested in test_application_actions.py
    }
    assert staff_actions == set(ACTIONS) == set(EXPECTED_ROLES)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("person", PEOPLE)
def test_who_may_take_each_action(
    world: World, action: str, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _prepared(world, action, monkeypatch)
    events_before = AuditEvent.objects.count()
    if person in EXPECTED_ROLES[action]:
        moved = ACTIONS[action](a, world.user(person))
        assert moved.status == TARGET[action]
        assert _fresh(a).version == a.version + 1
        assert AuditEvent.objects.count() == events_before + 1
        event = AuditEvent.objects.first()
        assert event is not None and event.action == AuditAction.APPLICATION_ACTION
        assert event.new_values["step"] == action
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](a, world.user(person))
        assert _fresh(a).status == a.status and _fresh(a).version == a.version
        assert AuditEvent.objects.count() == events_before


WRONG_STATUS = [
    ("register", Status.REVIEW),
    ("accept", Status.REGISTERED),
    ("request_correction", Status.PROCESSING),
    ("receive_correction", Status.REVIEW),
    ("consultation_start", Status.REVIEW),
    ("draft_reply", Status.REPLY_SIGNED),
    ("sign_reply", Status.REPLY_REVIEW),
    ("deliver", Status.REPLY_SIGN),
    ("archive", Status.PROCESSING),
]


@pytest.mark.parametrize(("action", "status"), WRONG_STATUS)
def test_actions_refused_in_the_wrong_status(world: World, action: str, status: Status) -> None:
    a = _to(world, status)
    actor = {"approve_reply": world.reviewer, "sign_reply": world.approver}.get(action, world.clerk)
    with pytest.raises(ApplicationStateError, match="不能"):
        ACTIONS[action](a, actor)
    assert _fresh(a).status == status


def test_return_reply_by_reviewer_and_approver_only_in_their_step(world: World) -> None:
    a = _to(world, Status.REPLY_REVIEW)
    with pytest.raises(PermissionDenied):
        services.application_reply_return(
            application_id=a.pk, actor=world.approver, expected_version=a.version, reason="x"
        )
    with pytest.raises(ValidationError):
        services.application_reply_return(
            application_id=a.pk, actor=world.reviewer, expected_version=a.version, reason=" "
        )
    back = services.application_reply_return(
        application_id=a.pk, actor=world.reviewer, expected_version=a.version, reason="依据不全"
    )
    assert back.status == Status.PROCESSING
    note = CaseEvent.objects.filter(application=a).last()
    assert note is not None and not note.public and note.text == "依据不全"


def test_withdraw_by_the_applicant(world: World) -> None:
    a = _to(world, Status.PROCESSING)
    done = services.application_withdraw(application_id=a.pk, reason="不再需要")
    assert done.status == Status.WITHDRAWN
    assert done.outcome == "3.6.3" and done.closed_on == TODAY
    assert ClockEntry.objects.filter(application=a, kind="closed").exists()
    signed = _to(world, Status.REPLY_SIGNED)
    with pytest.raises(ApplicationStateError):
        services.application_withdraw(application_id=signed.pk)


def test_withdraw_before_receipt_counts_nowhere(world: World) -> None:
    a = _to(world, Status.REGISTERED)
    done = services.application_withdraw(application_id=a.pk)
    assert done.status == Status.WITHDRAWN and done.outcome == ""
    assert not ClockEntry.objects.filter(application=a).exists()


def test_online_correction_restarts_the_clock(world: World) -> None:
    a = _to(world, Status.CORRECTION)
    assert _fresh(a).due_on is None  # stopped while the applicant corrects
    with pytest.raises(ValidationError):
        services.application_correct_online(application_id=a.pk, text="  ")
    done = services.application_correct_online(application_id=a.pk, text="某路维修工程")
    assert done.status == Status.PROCESSING
    # received again on Monday 2 March 2026: 20 working days later, the day itself not counted
    assert _fresh(a).due_on == date(2026, 3, 30)


def test_correction_is_requested_only_once(world: World) -> None:
    a = _to(world, Status.CORRECTION)
    a = ACTIONS["receive_correction"](a, world.clerk)
    a = services.application_reply_draft(
        application_id=a.pk, actor=world.clerk, expected_version=a.version, outcome="3.1"
    )
    assert a.outcome_basis  # the rule's article when none is typed


def test_lapse_only_after_the_correction_period(world: World) -> None:
    a = _to(world, Status.CORRECTION)
    with pytest.raises(ValidationError, match="尚未届满"):
        ACTIONS["lapse"](a, world.clerk)


def test_lapse_sets_the_outcome(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _prepared(world, "lapse", monkeypatch)
    done = ACTIONS["lapse"](a, world.clerk)
    assert done.outcome == "3.6.1" and done.closed_on is not None


def test_register_sets_the_due_date_and_writes_the_ledger(world: World) -> None:
    a = _to(world, Status.REVIEW)
    assert a.received_on == TODAY and a.assignee == world.clerk
    assert _fresh(a).due_on == date(2026, 3, 30)
    assert list(ClockEntry.objects.filter(application=a).values_list("kind", flat=True)) == [
        "received"
    ]


def test_timeline_and_ledger_times_come_from_the_pinned_clock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A back-dated walk: every timeline line and ledger entry is stamped by ``clock_now``."""
    a = _to(world, Status.REVIEW)  # the world pins the clock to 2 March 2026, 09:30
    tz = ZoneInfo(settings.TIME_ZONE)
    march_2 = datetime(2026, 3, 2, 9, 30, tzinfo=tz)
    march_5 = datetime(2026, 3, 5, 14, 15, tzinfo=tz)
    monkeypatch.setattr(services, "clock_now", lambda: march_5)
    a = ACTIONS["accept"](a, world.clerk)
    services.application_consultation_start(
        application_id=a.pk,
        actor=world.clerk,
        expected_version=a.version,
        on=date(2026, 3, 5),
        pause_kind="第三方征求意见",
    )
    events = list(CaseEvent.objects.filter(application=a).order_by("id"))
    assert [e.at for e in events[-2:]] == [march_5, march_5]
    assert {e.at for e in events[:-2]} == {march_2}
    ledger = list(ClockEntry.objects.filter(application=a).order_by("id"))
    assert [(e.kind, e.at) for e in ledger] == [
        ("received", march_2),
        ("pause_started", march_5),
    ]


def test_extension_needs_an_approver_of_the_body(world: World) -> None:
    a = _to(world, Status.PROCESSING)
    with pytest.raises(ValidationError):
        services.application_extend(
            application_id=a.pk,
            actor=world.clerk,
            expected_version=a.version,
            on=TODAY,
            workdays=10,
            approver=world.clerk,
        )
    done = services.application_extend(
        application_id=a.pk,
        actor=world.clerk,
        expected_version=a.version,
        on=TODAY,
        workdays=10,
        approver=world.reviewer,
    )
    assert _fresh(done).due_on == date(2026, 4, 14)  # 30 March + 10 working days (清明 6 April)
    with pytest.raises(ValidationError):  # only one extension (第三十三条)
        services.application_extend(
            application_id=a.pk,
            actor=world.clerk,
            expected_version=done.version,
            on=TODAY,
            workdays=5,
            approver=world.reviewer,
        )
    assert ClockEntry.objects.filter(application=a, kind="extended").count() == 1


def test_an_extension_stores_its_approver_and_reason_apart(world: World) -> None:
    a = _to(world, Status.PROCESSING)
    services.application_extend(
        application_id=a.pk,
        actor=world.clerk,
        expected_version=a.version,
        on=TODAY,
        workdays=10,
        approver=world.reviewer,
        reason="  需调取全年档案 ",
    )
    entry = ClockEntry.objects.get(application=a, kind="extended")
    assert (entry.approver, entry.note) == ("reviewer", "需调取全年档案")
    lines = [
        line.text for line in application_clock(application=_fresh(a), today=TODAY).deadline.lines
    ]
    assert (
        "2026-03-02 经政府信息公开工作机构负责人reviewer同意，延长答复期限10个工作日"
        "（理由：需调取全年档案），并告知申请人（《条例》第三十三条第二款）"
    ) in lines
    facts = letter_facts(application=_fresh(a), kind="extension", number="", issued_on=TODAY)
    assert facts.extension_reason == "需调取全年档案"
    client = Client()
    client.force_login(world.clerk)
    page = client.get(f"/workspace/bodies/{world.town.pk}/applications/{a.pk}/").content.decode()
    assert "<td>经reviewer批准：需调取全年档案</td>" in page  # the ledger table


def test_the_data_migration_splits_old_extension_notes(world: World) -> None:
    from django.apps import apps

    migration = import_module("gongkai.applications.migrations.0006_clock_entry_approver")
    cases = [_to(world, Status.PROCESSING) for _ in range(3)]
    old_notes = ["经李主任批准：需调取全年档案", "经李主任批准", "王科长"]
    for case, note in zip(cases, old_notes, strict=True):
        ClockEntry.objects.create(
            application=case, kind="extended", on=TODAY, workdays=5, note=note
        )
    extended = ClockEntry.objects.filter(kind="extended").order_by("id")
    migration.forwards(apps, None)
    assert list(extended.values_list("approver", "note")) == [
        ("李主任", "需调取全年档案"),
        ("李主任", ""),
        ("王科长", ""),
    ]
    migration.forwards(apps, None)  # again: nothing changes
    assert extended.values_list("approver", "note").first() == ("李主任", "需调取全年档案")
    migration.backwards(apps, None)
    assert list(extended.values_list("note", flat=True)) == [
        "经李主任批准：需调取全年档案",
        "经李主任批准",
        "经王科长批准",
    ]


def test_a_stale_version_loses_with_a_chinese_message(world: World) -> None:
    a = _to(world, Status.REVIEW)
    seen_by_both = a.version
    services.application_accept(
        application_id=a.pk, actor=world.clerk, expected_version=seen_by_both
    )
    with pytest.raises(ApplicationStaleError) as refused:
        services.application_request_correction(
            application_id=a.pk, actor=world.admin, expected_version=seen_by_both, items="请补正"
        )
    assert str(refused.value) == STALE_MESSAGE == "该申请已被他人处理，请刷新后重试。"
    assert _fresh(a).status == Status.PROCESSING
    assert not ClockEntry.objects.filter(application=a, kind="correction_requested").exists()


def test_nothing_half_written_when_the_clock_refuses(world: World) -> None:
    a = _to(world, Status.PROCESSING)
    before = (ClockEntry.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError):  # end of a consultation that never started
        ACTIONS["consultation_end"](a, world.clerk)
    after = (ClockEntry.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count())
    assert before == after and _fresh(a).version == a.version


def test_assign_and_notes(world: World) -> None:
    a = _to(world, Status.REVIEW)
    with pytest.raises(ValidationError):
        services.application_assign(
            application_id=a.pk,
            actor=world.reviewer,
            expected_version=a.version,
            assignee=world.other_clerk,
        )
    done = services.application_assign(
        application_id=a.pk, actor=world.reviewer, expected_version=a.version, assignee=world.admin
    )
    assert done.assignee == world.admin
    note = services.application_note_add(application_id=a.pk, actor=world.approver, text="请加快")
    assert not note.public
    with pytest.raises(PermissionDenied):
        services.application_note_add(application_id=a.pk, actor=world.supervisor, text="x")


def test_audit_events_carry_no_personal_data(world: World) -> None:
    _to(world, Status.ARCHIVED)
    for event in AuditEvent.objects.filter(object_type="applications.application"):
        dumped = f"{event.old_values}{event.new_values}"
        for secret in ("11010519491231002X", "13800138000", "北京市朝阳区", "张三"):
            assert secret not in dumped


def test_stored_ledger_kinds_are_the_law_cores_kinds() -> None:
    assert set(ClockEventKind.values) == {kind.value for kind in LawKind}
