"""Writes of 复议/诉讼 cases: create and edit, each in one transaction with its audit event.

Only the body's own staff (经办人, 审核人, 审发人, 机关管理员) record and edit its cases; an edit
carries the version the editor saw and is refused when someone saved the case meanwhile. Every
rule is checked before anything is written, so bad input never half-writes a case.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.applications.models import Application
from gongkai.applications.services import clock_today
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record
from gongkai.law import remedies as law
from gongkai.organizations.models import Body, User
from gongkai.remedies.models import CaseKind, RemedyCase, Result
from gongkai.remedies.selectors import may_edit_remedies

DECISION_VALUES = frozenset(decision.value for decision in law.Decision)
STALE_MESSAGE = "该案件已被他人修改，请刷新后重试。"
FORBIDDEN_MESSAGE = "您没有进行此操作的权限。"
#: Fields the audit log records; the applicant's name is personal data and is never written there.
AUDITED_FIELDS = (
    "kind",
    "application",
    "subject",
    "case_number",
    "filed_on",
    "deciding_organ",
    "decided_on",
    "decision",
    "result",
    "review_case",
    "notes",
)


class RemedyStaleError(Exception):
    """The case was saved by someone else since the editor loaded it."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


@dataclass(frozen=True)
class RemedyCaseData:
    """What a person enters for a case (the body is given separately)."""

    kind: str
    applicant_name: str
    filed_on: date
    deciding_organ: str
    application: Application | None = None
    subject: str = ""
    case_number: str = ""
    decided_on: date | None = None
    decision: str = ""
    result: str = Result.PENDING
    review_case: RemedyCase | None = None
    notes: str = ""


def _cleaned(data: RemedyCaseData) -> RemedyCaseData:
    strip = ("applicant_name", "deciding_organ", "subject", "case_number", "notes")
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for name in strip:
        values[name] = str(values[name]).strip()
    return RemedyCaseData(**values)


def _validate(*, body: Body, data: RemedyCaseData, case_id: int | None) -> None:
    """Every rule of a case; one ``ValidationError`` naming each wrong field in Chinese."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    today = clock_today()
    if data.kind not in CaseKind.values:
        add("kind", "请选择案件类型。")
    if not data.applicant_name:
        add("applicant_name", "请填写申请人（原告）的姓名或名称。")
    if not data.deciding_organ:
        add("deciding_organ", "请填写复议机关或人民法院。")
    if data.application is None and not data.subject:
        add("subject", "请填写所涉申请编号或所涉事项（如某项主动公开工作）。")
    if data.application is not None and data.application.body_id != body.pk:
        add("application", "所涉申请不是本机关办理的申请。")
    if data.filed_on > today:
        add("filed_on", "申请（立案）日期不能晚于今天。")
    if data.result not in Result.values:
        add("result", "请选择结果。")
    if data.decision and data.decision not in DECISION_VALUES:
        add("decision", "请选择决定（裁判）方式。")
    pending = data.result == Result.PENDING
    if data.decided_on is not None:
        if data.decided_on < data.filed_on:
            add("decided_on", "决定（裁判）日期不能早于申请（立案）日期。")
        if data.decided_on > today:
            add("decided_on", "决定（裁判）日期不能晚于今天。")
        if pending:
            add("result", "已填写决定（裁判）日期的案件已经审结，请选择结果（维持、纠正或其他）。")
    elif not pending and data.result in Result.values:
        add("decided_on", "已审结的案件请填写决定（裁判）日期；尚未审结的请选择“尚未审结”。")
    if data.decision and data.decision in DECISION_VALUES:
        rule = law.decision(data.decision)
        if pending:
            add("decision", "尚未审结的案件不能选择决定（裁判）方式。")
        elif data.result in Result.values and rule.result.value != data.result:
            expected = Result(rule.result.value).label
            chosen = Result(data.result).label
            add("result", f"决定方式“{rule.label}”属于“{expected}”，与所选结果“{chosen}”不一致。")
    review = data.review_case
    if review is not None:
        if data.kind != CaseKind.LITIGATION_AFTER_REVIEW:
            add("review_case", "只有“行政诉讼（复议后起诉）”案件可以关联此前的行政复议案件。")
        elif review.kind != CaseKind.REVIEW:
            add("review_case", "所关联的案件不是行政复议案件。")
        elif review.body_id != body.pk:
            add(
                "review_case",
                f"所关联的行政复议案件的被申请人是“{review.body.name}”，不是本机关；"
                "复议后起诉只能关联本机关的行政复议案件。",
            )
        elif case_id is not None and review.pk == case_id:
            add("review_case", "案件不能关联自身。")
        elif review.filed_on > data.filed_on:
            add("review_case", "起诉日期不能早于所关联的行政复议申请日期。")
    if errors:
        raise ValidationError(errors)


def _audit_values(case: RemedyCase) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in AUDITED_FIELDS:
        field = case._meta.get_field(name)
        value = getattr(case, field.attname)  # type: ignore[union-attr]
        values[name] = value if isinstance(value, str | int | bool | None) else str(value)
    return values


def _check_actor(*, actor: User | None, body: Body) -> None:
    if actor is not None and not may_edit_remedies(user=actor, body=body):
        raise PermissionDenied(FORBIDDEN_MESSAGE)


@transaction.atomic
def remedy_case_create(*, body: Body, actor: User | None, data: RemedyCaseData) -> RemedyCase:
    """Record a case of ``body``; ``actor=None`` is the system (demo data, imports)."""
    _check_actor(actor=actor, body=body)
    data = _cleaned(data)
    _validate(body=body, data=data, case_id=None)
    case = RemedyCase(
        body=body, created_by=actor, **{f.name: getattr(data, f.name) for f in fields(data)}
    )
    case.save()
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.REMEDY_CASE_CREATE,
        instance=case,
        new_values=_audit_values(case),
    )
    return case


@transaction.atomic
def remedy_case_update(
    *, case_id: int, actor: User | None, expected_version: int | None, data: RemedyCaseData
) -> RemedyCase:
    """Change a case; with ``expected_version`` a case saved since then is refused."""
    case = RemedyCase.objects.select_for_update().select_related("body").filter(pk=case_id).first()
    if case is None:
        raise PermissionDenied
    _check_actor(actor=actor, body=case.body)
    if expected_version is not None and case.version != expected_version:
        raise RemedyStaleError
    data = _cleaned(data)
    _validate(body=case.body, data=data, case_id=case.pk)
    old_values = _audit_values(case)
    old_name = case.applicant_name
    for f in fields(data):
        setattr(case, f.name, getattr(data, f.name))
    case.version += 1
    case.save()
    new_values = _audit_values(case)
    changed = [name for name in AUDITED_FIELDS if old_values[name] != new_values[name]]
    old = {name: old_values[name] for name in changed}
    new = {name: new_values[name] for name in changed}
    if old_name != case.applicant_name:
        old["applicant_name"] = new["applicant_name"] = "（已修改，内容不记录）"
    audit_event_record(
        actor=actor,
        body=case.body,
        action=AuditAction.REMEDY_CASE_UPDATE,
        instance=case,
        old_values=old,
        new_values={"version": case.version, **new},
    )
    return case
