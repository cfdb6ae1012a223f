"""Writes of applications: one keyword-only service per action of the state machine.

Every action service locks the case (``select_for_update``), looks its action up in
``workflow.TRANSITIONS``, checks the case's status and version and the actor's role in the case's
body, then writes the change, the ledger entry where the clock is concerned, a timeline line and an
audit event — all in one transaction, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.applications.models import (
    OPEN_STATUSES,
    ApplicantKind,
    Application,
    Attachment,
    CalendarYear,
    CaseEvent,
    Channel,
    ClockEntry,
    ClockEventKind,
    Delivery,
    FeeMethod,
    IdType,
    InfoForm,
    NumberSequence,
    Status,
)
from gongkai.applications.selectors import (
    application_fee_quote,
    clock_events,
    roles_in_body,
    work_calendar,
)
from gongkai.applications.workflow import APPLICANT, transition_get
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record
from gongkai.law.calendar import ArrangementError, CalendarYearUnknownError, YearArrangement
from gongkai.law.clock import ClockError, compute_deadline, validate_next_event
from gongkai.law.fees import FeeError
from gongkai.law.identity import IdentityError, validate_credit_code, validate_resident_id
from gongkai.law.rules import CORRECTION_PERIOD_DEFAULT
from gongkai.law.rules import PAUSE_KINDS as PAUSE_KIND_RULES
from gongkai.law.rules import outcome as outcome_rule
from gongkai.organizations.models import Body, Role, User

STALE_MESSAGE = "该申请已被他人处理，请刷新后重试。"
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 10
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "txt", "ofd")
#: Outcome rows the services set themselves (table 三 keys of gongkai.report.formats).
OUTCOME_LAPSED = "3.6.1"
OUTCOME_WITHDRAWN = "3.6.3"
PAUSE_KINDS = tuple(kind.label for kind in PAUSE_KIND_RULES)
PERSON_ID_TYPES = (IdType.RESIDENT_ID, IdType.PASSPORT, IdType.PERMIT, IdType.OTHER)
ORGANIZATION_ID_TYPES = (IdType.CREDIT_CODE, IdType.OTHER)


class ApplicationStaleError(Exception):
    """Someone else acted on the case since the actor's page was loaded."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


class ApplicationStateError(Exception):
    """The action is not possible in the case's current status."""


def clock_now() -> datetime:
    """Now: the one seam tests move the clock through."""
    return timezone.now()


def clock_today() -> date:
    """Today in the platform's time zone."""
    return timezone.localdate(clock_now())


# --- the 查询码 ---------------------------------------------------------------------------


def query_code_new() -> str:
    """A random 查询码 (10 characters without look-alikes: about 49 bits)."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_code_hash(code: str) -> str:
    """The stored form of a 查询码 (an HMAC keyed by the site's secret)."""
    normalized = code.strip().upper().replace(" ", "")
    return salted_hmac("gongkai.applications.query_code", normalized).hexdigest()


def query_code_matches(application: Application, code: str) -> bool:
    """Whether ``code`` is the case's 查询码 (compared in constant time)."""
    return constant_time_compare(application.query_code_hash, query_code_hash(code))


# --- helpers --------------------------------------------------------------------------------


def _number_next(year: int) -> str:
    """The next 申请编号 of ``year`` (``2026-000123``), counted under a row lock."""
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(year=year)
    except IntegrityError:  # created meanwhile by a concurrent submission
        pass
    sequence = NumberSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{year}-{sequence.last:06d}"


def _id_number_clean(*, applicant_kind: str, id_type: str, id_number: str) -> str:
    """The ID number normalised; ``ValidationError`` naming the field otherwise."""
    value = id_number.strip().replace(" ", "")
    if not value:
        raise ValidationError({"id_number": "请填写证件号码。"})
    person = applicant_kind == ApplicantKind.PERSON
    allowed = PERSON_ID_TYPES if person else ORGANIZATION_ID_TYPES
    if id_type not in allowed:
        who = "自然人" if person else "法人或其他组织"
        raise ValidationError({"id_type": f"{who}不能使用“{id_type}”作为身份证明。"})
    try:
        if id_type == IdType.RESIDENT_ID:
            return validate_resident_id(value)
        if id_type == IdType.CREDIT_CODE:
            return validate_credit_code(value)
    except IdentityError as error:
        raise ValidationError({"id_number": str(error)}) from error
    if len(value) > 50:
        raise ValidationError({"id_number": "证件号码过长。"})
    return value


def _attachment_check(upload: UploadedFile) -> None:
    name = upload.name or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ATTACHMENT_SUFFIXES:
        allowed = "、".join(ATTACHMENT_SUFFIXES)
        raise ValidationError({"attachment": f"附件只能是以下格式：{allowed}。"})
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachment": "附件不能超过10MB。"})
    if not upload.size:
        raise ValidationError({"attachment": "附件是空文件。"})


def _attachment_store(
    application: Application, upload: UploadedFile, uploaded_by: User | None
) -> Attachment:
    attachment = Attachment(
        application=application,
        name=(upload.name or "附件")[-200:],
        size=upload.size or 0,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(upload.name or "attachment.bin", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@contextmanager
def _files_removed_on_failure(stored: list[Attachment]) -> Iterator[None]:
    """Delete the files of ``stored`` attachments again if the block raises."""
    try:
        yield
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


def _applicant_validate(
    *,
    applicant_kind: str,
    name: str,
    id_type: str,
    id_number: str,
    phone: str,
    email: str,
    address: str,
    description: str,
    form: str,
    delivery: str,
    channel: str,
) -> str:
    """Check the content 第二十九条 requires; the normalised ID number, or ``ValidationError``."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if applicant_kind not in ApplicantKind.values:
        add("applicant_kind", "请选择申请人类型。")
    if not name.strip():
        add("name", "请填写申请人姓名或名称。")
    if not phone.strip():
        add("phone", "请填写联系电话。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            add("email", "电子邮箱格式不正确。")
    if not description.strip():
        add("description", "请填写所需政府信息的名称、文号或其他特征性描述。")
    if form not in InfoForm.values:
        add("form", "请选择信息的载体形式。")
    if delivery not in Delivery.values:
        add("delivery", "请选择获取信息的方式。")
    if delivery == Delivery.EMAIL and not email:
        add("email", "选择以电子邮件获取信息时，请填写电子邮箱。")
    if delivery == Delivery.POST and not address.strip():
        add("address", "选择邮寄时，请填写通信地址。")
    if channel not in Channel.values:
        add("channel", "请选择申请渠道。")
    cleaned = id_number
    if id_type not in IdType.values:
        add("id_type", "请选择证件类型。")
    elif applicant_kind in ApplicantKind.values:
        try:
            cleaned = _id_number_clean(
                applicant_kind=applicant_kind, id_type=id_type, id_number=id_number
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    add(field, message)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _event(
    application: Application,
    what: str,
    *,
    actor: User | None,
    text: str = "",
    public: bool = True,
) -> CaseEvent:
    return CaseEvent.objects.create(
        application=application, what=what, text=text, public=public, actor=actor, at=clock_now()
    )


def _audit(
    application: Application,
    *,
    action: AuditAction,
    actor: User | None,
    old_status: str = "",
    step: str,
    extra: dict[str, Any] | None = None,
) -> None:
    """An audit event without personal data: the step, the statuses and the case number."""
    new_values: dict[str, Any] = {
        "number": application.number,
        "step": step,
        "status": application.status,
    }
    new_values.update(extra or {})
    audit_event_record(
        actor=actor,
        body=application.body,
        action=action,
        instance=application,
        old_values={"status": old_status} if old_status else {},
        new_values=new_values,
    )


def _clock_append(
    application: Application,
    *,
    kind: ClockEventKind,
    on: date,
    actor: User | None,
    pause_kind: str = "",
    workdays: int = 0,
    note: str = "",
    approver: str = "",
) -> ClockEntry:
    """Append a ledger entry after the law core accepted it, and refresh ``due_on``."""
    entry = ClockEntry(
        application=application,
        kind=kind,
        on=on,
        pause_kind=pause_kind,
        workdays=workdays,
        note=note,
        approver=approver,
        actor=actor,
        at=clock_now(),
    )
    calendar = work_calendar()
    events = clock_events(application=application)
    new_event = clock_events(entries=[entry])[0]
    try:
        validate_next_event(events, new_event, calendar)
    except ClockError as error:
        raise ValidationError(str(error)) from error
    except CalendarYearUnknownError:
        # The fact is recorded all the same; the case page names the missing year and the due
        # date is computed once an administrator enters it (``calendar_year_save``).
        pass
    entry.save()
    _due_refresh(application, [*events, new_event], calendar)
    return entry


def _due_refresh(application: Application, events: list[Any], calendar: Any) -> None:
    try:
        deadline = compute_deadline(events, calendar, today=clock_today())
    except (ClockError, CalendarYearUnknownError):
        application.due_on = None
    else:
        application.due_on = deadline.due


def _lock(*, application_id: int) -> Application:
    application = (
        Application.objects.select_for_update().select_related("body").filter(pk=application_id)
    ).first()
    if application is None:
        raise PermissionDenied
    return application


def _act(
    *,
    application_id: int,
    action: str,
    actor: User | None,
    expected_version: int | None,
) -> Application:
    """Lock the case and check the move, the version and the actor's role; the locked case.

    ``actor=None`` is the applicant (the caller has checked the 查询码).
    """
    transition = transition_get(action)
    application = _lock(application_id=application_id)
    if actor is None:
        allowed = APPLICANT in transition.roles
    else:
        allowed = bool(roles_in_body(user=actor, body=application.body) & set(transition.roles))
    if not allowed:
        raise PermissionDenied("您没有进行此操作的权限。")
    if expected_version is not None and application.version != expected_version:
        raise ApplicationStaleError
    if application.status not in transition.sources:
        status = Status(application.status).label
        raise ApplicationStateError(f"该申请当前状态为“{status}”，不能{transition.label}。")
    return application


def _move(
    application: Application,
    *,
    action: str,
    actor: User | None,
    what: str | None = None,
    text: str = "",
    public: bool = True,
    fields: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
) -> Application:
    """Write the new status (if the action has one) and fields, the timeline line and the audit."""
    transition = transition_get(action)
    old_status = application.status
    if transition.target is not None:
        application.status = transition.target
    application.version += 1
    application.save(
        update_fields=["status", "version", "updated_at", "due_on", *fields],
    )
    _event(application, what or transition.label, actor=actor, text=text, public=public)
    _audit(
        application,
        action=AuditAction.APPLICATION_ACTION,
        actor=actor,
        old_status=old_status if old_status != application.status else "",
        step=action,
        extra=extra,
    )
    return application


def _not_future(on: date, field: str = "on") -> None:
    if on > clock_today():
        raise ValidationError({field: "日期不能晚于今天。"})


# --- creating a case ------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    body: Body,
    applicant_kind: str,
    name: str,
    id_type: str,
    id_number: str,
    phone: str,
    description: str,
    form: str,
    delivery: str,
    email: str = "",
    address: str = "",
    postcode: str = "",
    contact_person: str = "",
    purpose: str = "",
    attachment: UploadedFile | None = None,
    idempotency_key: str | None = None,
) -> tuple[Application, str | None]:
    """An online application (渠道：网上), and its 查询码 — shown to the applicant only now.

    A repeated ``idempotency_key`` returns the case it first created and ``None`` for the code
    (it was shown then); the case waits in 登记 until staff confirm its receipt (第三十一条（三）).
    """
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, None
    cleaned_id = _applicant_validate(
        applicant_kind=applicant_kind,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        email=email,
        address=address,
        description=description,
        form=form,
        delivery=delivery,
        channel=Channel.ONLINE,
    )
    if attachment is not None:
        _attachment_check(attachment)
    code = query_code_new()
    try:
        stored: list[Attachment] = []
        with transaction.atomic(), _files_removed_on_failure(stored):
            application = Application.objects.create(
                body=body,
                number=_number_next(clock_today().year),
                created_at=clock_now(),
                query_code_hash=query_code_hash(code),
                idempotency_key=idempotency_key or None,
                status=Status.REGISTERED,
                applicant_kind=applicant_kind,
                name=name.strip(),
                id_type=id_type,
                id_number=cleaned_id,
                phone=phone.strip(),
                email=email.strip(),
                address=address.strip(),
                postcode=postcode.strip(),
                contact_person=contact_person.strip(),
                description=description.strip(),
                purpose=purpose.strip(),
                form=form,
                delivery=delivery,
                channel=Channel.ONLINE,
            )
            if attachment is not None:
                stored.append(_attachment_store(application, attachment, None))
            _event(application, "网上提交申请", actor=None)
            _audit(application, action=AuditAction.APPLICATION_CREATE, actor=None, step="submit")
    except IntegrityError:
        if idempotency_key:
            existing = Application.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, None
        raise
    return application, code


@transaction.atomic
def application_intake(
    *,
    body: Body,
    actor: User,
    channel: str,
    received_on: date,
    receipt_evidence: str,
    applicant_kind: str,
    name: str,
    id_type: str,
    id_number: str,
    phone: str,
    description: str,
    form: str,
    delivery: str,
    email: str = "",
    address: str = "",
    postcode: str = "",
    contact_person: str = "",
    purpose: str = "",
    attachment: UploadedFile | None = None,
) -> tuple[Application, str]:
    """Register an application that came by letter, in person, fax or e-mail; it starts in 审核.

    ``received_on`` follows 第三十一条: the day of submission (当面), the day signed for
    (挂号/EMS), the day of confirmation with the applicant (平信, 传真, 电子邮件) — the
    confirmation is recorded in ``receipt_evidence``.
    """
    if not roles_in_body(user=actor, body=body) & {Role.CLERK, Role.BODY_ADMIN}:
        raise PermissionDenied("您没有进行此操作的权限。")
    cleaned_id = _applicant_validate(
        applicant_kind=applicant_kind,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        email=email,
        address=address,
        description=description,
        form=form,
        delivery=delivery,
        channel=channel,
    )
    if channel == Channel.ONLINE:
        raise ValidationError({"channel": "网上申请由申请人在线提交，无需登记。"})
    _not_future(received_on, "received_on")
    needs_evidence = channel in (Channel.ORDINARY_LETTER, Channel.FAX, Channel.EMAIL)
    if needs_evidence and not receipt_evidence.strip():
        raise ValidationError(
            {"receipt_evidence": "平信、传真和电子邮件以与申请人确认之日为收到日，请记录确认情况。"}
        )
    if attachment is not None:
        _attachment_check(attachment)
    code = query_code_new()
    stored: list[Attachment] = []
    with _files_removed_on_failure(stored):
        application = Application.objects.create(
            body=body,
            number=_number_next(received_on.year),
            created_at=clock_now(),
            query_code_hash=query_code_hash(code),
            status=Status.REVIEW,
            applicant_kind=applicant_kind,
            name=name.strip(),
            id_type=id_type,
            id_number=cleaned_id,
            phone=phone.strip(),
            email=email.strip(),
            address=address.strip(),
            postcode=postcode.strip(),
            contact_person=contact_person.strip(),
            description=description.strip(),
            purpose=purpose.strip(),
            form=form,
            delivery=delivery,
            channel=channel,
            received_on=received_on,
            receipt_evidence=receipt_evidence.strip(),
            assignee=actor,
        )
        if attachment is not None:
            stored.append(_attachment_store(application, attachment, actor))
        _clock_append(
            application,
            kind=ClockEventKind.RECEIVED,
            on=received_on,
            actor=actor,
            note=receipt_evidence.strip(),
        )
        application.save(update_fields=["due_on"])
        _event(application, f"收到申请（{Channel(channel).label}）", actor=actor)
        _audit(
            application,
            action=AuditAction.APPLICATION_CREATE,
            actor=actor,
            step="intake",
            extra={"channel": channel, "received_on": received_on.isoformat()},
        )
    return application, code


# --- the actions of the state machine -------------------------------------------------------


@transaction.atomic
def application_register(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    received_on: date,
    receipt_evidence: str = "",
) -> Application:
    """Confirm receipt of an online application (第三十一条（三）: the day both sides confirm)."""
    application = _act(
        application_id=application_id,
        action="register",
        actor=actor,
        expected_version=expected_version,
    )
    _not_future(received_on, "received_on")
    if received_on < timezone.localtime(application.created_at).date():
        raise ValidationError({"received_on": "收到日期不能早于申请提交日期。"})
    application.received_on = received_on
    application.receipt_evidence = receipt_evidence.strip() or "网上提交，已与申请人确认"
    if application.assignee_id is None:
        application.assignee = actor
    _clock_append(
        application,
        kind=ClockEventKind.RECEIVED,
        on=received_on,
        actor=actor,
        note=application.receipt_evidence,
    )
    return _move(
        application,
        action="register",
        actor=actor,
        what=f"已确认收到申请，收到日期 {received_on:%Y-%m-%d}",
        fields=("received_on", "receipt_evidence", "assignee"),
    )


@transaction.atomic
def application_accept(
    *, application_id: int, actor: User, expected_version: int | None
) -> Application:
    """审核 done, nothing to correct: the case goes to 办理."""
    application = _act(
        application_id=application_id,
        action="accept",
        actor=actor,
        expected_version=expected_version,
    )
    return _move(application, action="accept", actor=actor, what="审核完毕，转入办理")


@transaction.atomic
def application_request_correction(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    items: str,
    period_workdays: int = CORRECTION_PERIOD_DEFAULT.workdays,
    on: date | None = None,
) -> Application:
    """Tell the applicant once what to correct and by when (第三十条); the clock stops.

    The correction period is ``period_workdays`` working days after the day of the notice.
    """
    application = _act(
        application_id=application_id,
        action="request_correction",
        actor=actor,
        expected_version=expected_version,
    )
    if ClockEntry.objects.filter(
        application=application, kind=ClockEventKind.CORRECTION_REQUESTED
    ).exists():
        raise ValidationError("补正只能一次性告知，本申请已告知过补正。")
    if not items.strip():
        raise ValidationError({"items": "请写明需要补正的事项。"})
    if not 1 <= period_workdays <= 60:
        raise ValidationError({"period_workdays": "补正期限应为1至60个工作日。"})
    day = on or clock_today()
    _not_future(day)
    try:
        correction_due = work_calendar().add_workdays(day, period_workdays)
    except CalendarYearUnknownError as error:
        raise ValidationError(str(error)) from error
    application.correction_request = items.strip()
    application.correction_due = correction_due
    _clock_append(
        application,
        kind=ClockEventKind.CORRECTION_REQUESTED,
        on=day,
        actor=actor,
        workdays=period_workdays,
        note=f"补正期限至{correction_due:%Y-%m-%d}",
    )
    return _move(
        application,
        action="request_correction",
        actor=actor,
        what=f"告知补正，请于{correction_due:%Y年%m月%d日}前补正",
        text=application.correction_request,
        fields=("correction_request", "correction_due"),
    )


@transaction.atomic
def application_correction_receive(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    on: date,
    text: str = "",
) -> Application:
    """The corrected application arrived (by letter, in person…); the clock restarts from ``on``."""
    application = _act(
        application_id=application_id,
        action="receive_correction",
        actor=actor,
        expected_version=expected_version,
    )
    _not_future(on)
    application.correction_text = text.strip()
    _clock_append(application, kind=ClockEventKind.CORRECTION_RECEIVED, on=on, actor=actor)
    return _move(
        application,
        action="receive_correction",
        actor=actor,
        what=f"收到补正材料（{on:%Y-%m-%d}）",
        fields=("correction_text",),
    )


@transaction.atomic
def application_correct_online(
    *, application_id: int, text: str, expected_version: int | None = None
) -> Application:
    """The applicant answers the 补正 request online; received today, the clock restarts."""
    if not text.strip():
        raise ValidationError({"text": "请填写补正内容。"})
    application = _act(
        application_id=application_id,
        action="correct_online",
        actor=None,
        expected_version=expected_version,
    )
    today = clock_today()
    if application.correction_due is not None and today > application.correction_due:
        raise ValidationError("补正期限已过，无法在线补正，请与受理机关联系。")
    application.correction_text = text.strip()
    _clock_append(
        application,
        kind=ClockEventKind.CORRECTION_RECEIVED,
        on=today,
        actor=None,
        note="申请人网上补正",
    )
    return _move(
        application,
        action="correct_online",
        actor=None,
        what="申请人已网上补正",
        fields=("correction_text",),
    )


@transaction.atomic
def application_lapse(
    *, application_id: int, actor: User, expected_version: int | None
) -> Application:
    """The correction period passed without a correction: 视为放弃申请 (三（六）1)."""
    application = _act(
        application_id=application_id,
        action="lapse",
        actor=actor,
        expected_version=expected_version,
    )
    today = clock_today()
    if application.correction_due is None or today <= application.correction_due:
        raise ValidationError("补正期限尚未届满，不能按逾期未补正处理。")
    _clock_append(application, kind=ClockEventKind.CORRECTION_LAPSED, on=today, actor=actor)
    application.outcome = OUTCOME_LAPSED
    application.outcome_basis = outcome_rule(OUTCOME_LAPSED).basis
    application.closed_on = today
    return _move(
        application,
        action="lapse",
        actor=actor,
        what="申请人逾期未补正，视为放弃申请",
        fields=("outcome", "outcome_basis", "closed_on"),
    )


@transaction.atomic
def application_consultation_start(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    on: date,
    pause_kind: str,
    note: str = "",
) -> Application:
    """A 征求意见书 was sent (第三十二条 / 第三十四条); the time until the answer is not counted."""
    application = _act(
        application_id=application_id,
        action="consultation_start",
        actor=actor,
        expected_version=expected_version,
    )
    if pause_kind not in PAUSE_KINDS:
        raise ValidationError({"pause_kind": "请选择征求意见的对象。"})
    _not_future(on)
    _clock_append(
        application,
        kind=ClockEventKind.PAUSE_STARTED,
        on=on,
        actor=actor,
        pause_kind=pause_kind,
        note=note.strip(),
    )
    return _move(
        application,
        action="consultation_start",
        actor=actor,
        what=f"{pause_kind}（{on:%Y-%m-%d}起，所需时间不计算在答复期限内）",
    )


@transaction.atomic
def application_consultation_end(
    *, application_id: int, actor: User, expected_version: int | None, on: date, note: str = ""
) -> Application:
    """The consulted party answered (or its 15 working days ran out)."""
    application = _act(
        application_id=application_id,
        action="consultation_end",
        actor=actor,
        expected_version=expected_version,
    )
    _not_future(on)
    _clock_append(
        application, kind=ClockEventKind.PAUSE_ENDED, on=on, actor=actor, note=note.strip()
    )
    return _move(
        application, action="consultation_end", actor=actor, what=f"征求意见结束（{on:%Y-%m-%d}）"
    )


@transaction.atomic
def application_extend(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    on: date,
    workdays: int,
    approver: User,
    reason: str = "",
) -> Application:
    """Extend once, by at most 20 working days, with the 工作机构负责人's approval (第三十三条)."""
    application = _act(
        application_id=application_id,
        action="extend",
        actor=actor,
        expected_version=expected_version,
    )
    approver_roles = roles_in_body(user=approver, body=application.body)
    if not approver_roles & {Role.REVIEWER, Role.APPROVER}:
        raise ValidationError({"approver": "批准人须为本机关的审核人或审发人。"})
    _not_future(on)
    _clock_append(
        application,
        kind=ClockEventKind.EXTENDED,
        on=on,
        actor=actor,
        workdays=workdays,
        note=reason.strip(),
        approver=(approver.full_name or approver.username)[:100],
    )
    return _move(
        application,
        action="extend",
        actor=actor,
        what=f"延长答复期限{workdays}个工作日",
        extra={"approver": approver.pk, "workdays": workdays},
    )


@transaction.atomic
def application_fee_notice(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    on: date,
    method: str,
    count: int,
    expected_amount: int | None = None,
    note: str = "",
) -> Application:
    """A 收费通知 was sent (国办函〔2020〕109号); the clock waits for the payment.

    The amount is never typed: it is the law core's for the chosen method and this case's count
    of 件 (with the applicant's earlier 件 of the month) or 页. ``expected_amount`` is the amount
    the clerk was shown; if it no longer holds the notice is refused, so nobody bills a figure
    they have not seen. The 109号 provides no 减免, so there is no other amount to record.
    """
    application = _act(
        application_id=application_id,
        action="fee_notice",
        actor=actor,
        expected_version=expected_version,
    )
    try:
        quote = application_fee_quote(application=application, method=method, count=count)
    except FeeError as error:
        raise ValidationError({"fee_count": str(error)}) from error
    if expected_amount is not None and expected_amount != quote.amount:
        raise ValidationError(
            f"收费金额已变为{quote.amount}元（同一申请人本月的申请件数有变化），请重新计算后再发出。"
        )
    if quote.amount <= 0:
        raise ValidationError(
            {"fee_count": f"按{quote.basis}计算，本申请不收费，不能发出收费通知。"}
        )
    _not_future(on)
    application.fee_method = quote.method.value
    application.fee_count = quote.count
    application.fee_earlier_pieces = (
        quote.earlier_pieces if quote.method.value == FeeMethod.PIECES else None
    )
    application.fee_amount = quote.amount
    counted = f"{quote.method.label}{quote.count}{quote.method.unit}"
    _clock_append(
        application,
        kind=ClockEventKind.FEE_NOTICE_SENT,
        on=on,
        actor=actor,
        note=f"{quote.amount}元（{counted}）" + (f"；{note.strip()}" if note.strip() else ""),
    )
    return _move(
        application,
        action="fee_notice",
        actor=actor,
        what=f"发出收费通知（信息处理费{quote.amount}元，{counted}）",
        fields=("fee_method", "fee_count", "fee_earlier_pieces", "fee_amount"),
        extra={"amount": quote.amount, "method": quote.method.value, "count": quote.count},
    )


@transaction.atomic
def application_fee_paid(
    *, application_id: int, actor: User, expected_version: int | None, on: date
) -> Application:
    """The applicant paid the 信息处理费; the clock runs again."""
    application = _act(
        application_id=application_id,
        action="fee_paid",
        actor=actor,
        expected_version=expected_version,
    )
    _not_future(on)
    _clock_append(application, kind=ClockEventKind.FEE_PAID, on=on, actor=actor)
    return _move(application, action="fee_paid", actor=actor, what=f"申请人已缴费（{on:%Y-%m-%d}）")


@transaction.atomic
def application_reply_draft(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    outcome: str,
    basis: str = "",
    text: str = "",
) -> Application:
    """Draft the reply: exactly one leaf row of table 三 and its legal basis; to 审核."""
    application = _act(
        application_id=application_id,
        action="draft_reply",
        actor=actor,
        expected_version=expected_version,
    )
    try:
        rule = outcome_rule(outcome)
    except (KeyError, ValueError) as error:
        raise ValidationError({"outcome": "请选择办理结果。"}) from error
    application.outcome = rule.key
    application.outcome_basis = basis.strip() or rule.basis
    application.reply_text = text.strip()
    return _move(
        application,
        action="draft_reply",
        actor=actor,
        what="拟写答复",
        public=False,
        fields=("outcome", "outcome_basis", "reply_text"),
        extra={"outcome": rule.key},
    )


@transaction.atomic
def application_reply_approve(
    *, application_id: int, actor: User, expected_version: int | None
) -> Application:
    """The reviewer (审核人) approves the draft reply."""
    application = _act(
        application_id=application_id,
        action="approve_reply",
        actor=actor,
        expected_version=expected_version,
    )
    return _move(application, action="approve_reply", actor=actor, public=False)


@transaction.atomic
def application_reply_sign(
    *, application_id: int, actor: User, expected_version: int | None
) -> Application:
    """The approver (审发人) signs the reply off; it may now be delivered."""
    application = _act(
        application_id=application_id,
        action="sign_reply",
        actor=actor,
        expected_version=expected_version,
    )
    return _move(application, action="sign_reply", actor=actor, what="答复已签发")


@transaction.atomic
def application_reply_return(
    *, application_id: int, actor: User, expected_version: int | None, reason: str
) -> Application:
    """The reviewer or approver sends the draft back to 办理 with a reason (internal)."""
    application = _act(
        application_id=application_id,
        action="return_reply",
        actor=actor,
        expected_version=expected_version,
    )
    if not reason.strip():
        raise ValidationError({"reason": "请写明退回理由。"})
    roles = roles_in_body(user=actor, body=application.body)
    needed = Role.REVIEWER if application.status == Status.REPLY_REVIEW else Role.APPROVER
    if needed not in roles:
        raise PermissionDenied("您没有进行此操作的权限。")
    return _move(application, action="return_reply", actor=actor, text=reason.strip(), public=False)


@transaction.atomic
def application_deliver(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    method: str,
    on: date,
) -> Application:
    """Record the delivery of the reply (送达方式, 送达日期); the clock stops for good."""
    application = _act(
        application_id=application_id,
        action="deliver",
        actor=actor,
        expected_version=expected_version,
    )
    if not method.strip():
        raise ValidationError({"method": "请填写送达方式。"})
    _not_future(on)
    _clock_append(application, kind=ClockEventKind.CLOSED, on=on, actor=actor, note=method.strip())
    application.delivery_method = method.strip()[:50]
    application.delivered_on = on
    application.closed_on = on
    return _move(
        application,
        action="deliver",
        actor=actor,
        what=f"答复已送达（{application.delivery_method}，{on:%Y-%m-%d}）",
        fields=("delivery_method", "delivered_on", "closed_on"),
    )


@transaction.atomic
def application_archive(
    *, application_id: int, actor: User, expected_version: int | None
) -> Application:
    """File a finished case (归档)."""
    application = _act(
        application_id=application_id,
        action="archive",
        actor=actor,
        expected_version=expected_version,
    )
    return _move(application, action="archive", actor=actor, what="已归档")


@transaction.atomic
def application_withdraw(
    *, application_id: int, expected_version: int | None = None, reason: str = ""
) -> Application:
    """The applicant withdraws (撤回); a received case counts as 三（六）3 其他."""
    application = _act(
        application_id=application_id,
        action="withdraw",
        actor=None,
        expected_version=expected_version,
    )
    today = clock_today()
    fields: tuple[str, ...] = ("closed_on",)
    if application.received_on is not None:
        _clock_append(
            application, kind=ClockEventKind.CLOSED, on=today, actor=None, note="申请人撤回"
        )
        application.outcome = OUTCOME_WITHDRAWN
        application.outcome_basis = "申请人撤回申请"
        fields = ("closed_on", "outcome", "outcome_basis")
    application.closed_on = today
    return _move(
        application,
        action="withdraw",
        actor=None,
        what="申请人撤回申请",
        text=reason.strip()[:500],
        fields=fields,
    )


@transaction.atomic
def application_assign(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    assignee: User | None,
) -> Application:
    """Give the case to a clerk of its body (or to nobody)."""
    application = _act(
        application_id=application_id,
        action="assign",
        actor=actor,
        expected_version=expected_version,
    )
    if assignee is not None and not roles_in_body(user=assignee, body=application.body) & {
        Role.CLERK,
        Role.BODY_ADMIN,
    }:
        raise ValidationError({"assignee": "经办人须为本机关的经办人或机关管理员。"})
    application.assignee = assignee
    name = "无" if assignee is None else (assignee.full_name or assignee.username)
    return _move(
        application,
        action="assign",
        actor=actor,
        what=f"分配经办人：{name}",
        public=False,
        fields=("assignee",),
        extra={"assignee": None if assignee is None else assignee.pk},
    )


@transaction.atomic
def application_note_add(*, application_id: int, actor: User, text: str) -> CaseEvent:
    """An internal note on the case (never shown to the applicant); does not change the case."""
    if not text.strip():
        raise ValidationError({"text": "请填写备注内容。"})
    transition = transition_get("note")
    application = _lock(application_id=application_id)
    if not roles_in_body(user=actor, body=application.body) & set(transition.roles):
        raise PermissionDenied("您没有进行此操作的权限。")
    return _event(application, "内部备注", actor=actor, text=text.strip()[:5000], public=False)


# --- the calendar ---------------------------------------------------------------------------


@transaction.atomic
def calendar_year_save(
    *,
    actor: User | None,
    year: int,
    holidays: list[date],
    make_up_workdays: list[date],
    source: str = "",
) -> CalendarYear:
    """Enter (or replace) one year's holiday arrangement from the State Council notice."""
    try:
        YearArrangement(
            year=year,
            holidays=frozenset(holidays),
            make_up_workdays=frozenset(make_up_workdays),
            source=source,
        )
    except ArrangementError as error:
        raise ValidationError(str(error)) from error
    row, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "holidays": sorted(day.isoformat() for day in holidays),
            "make_up_workdays": sorted(day.isoformat() for day in make_up_workdays),
            "source": source.strip(),
        },
    )
    _due_refresh_waiting()
    audit_event_record(
        actor=actor,
        body=None,
        action=AuditAction.CALENDAR_YEAR_SAVE,
        instance=row,
        new_values={"year": year, "source": row.source},
    )
    return row


def _due_refresh_waiting() -> None:
    """Compute the due date of open cases that have none stored (e.g. waiting for a year)."""
    calendar = work_calendar()
    waiting = Application.objects.filter(
        status__in=OPEN_STATUSES, due_on__isnull=True, received_on__isnull=False
    ).select_for_update()
    for application in waiting:
        _due_refresh(application, clock_events(application=application), calendar)
        if application.due_on is not None:
            application.save(update_fields=["due_on"])


# --- fee lapse, 第三十五条 delay, 转办 ----------------------------------------------------------
OUTCOME_FEE_UNPAID = "3.6.2"


@transaction.atomic
def application_fee_lapse(
    *, application_id: int, actor: User, expected_version: int | None
) -> Application:
    """The payment window passed unpaid: 视为放弃申请 (三（六）2); the law core checks the dates."""
    application = _act(
        application_id=application_id,
        action="fee_lapse",
        actor=actor,
        expected_version=expected_version,
    )
    today = clock_today()
    _clock_append(application, kind=ClockEventKind.FEE_LAPSED, on=today, actor=actor)
    application.outcome = OUTCOME_FEE_UNPAID
    application.outcome_basis = outcome_rule(OUTCOME_FEE_UNPAID).basis
    application.closed_on = today
    return _move(
        application,
        action="fee_lapse",
        actor=actor,
        what="申请人逾期未缴纳信息处理费，视为放弃申请",
        fields=("outcome", "outcome_basis", "closed_on"),
    )


@transaction.atomic
def application_delay(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    on: date,
    workdays: int,
    reason: str,
) -> Application:
    """第三十五条: mass or repeated applications; a reasonable delay, once, with its reason."""
    application = _act(
        application_id=application_id,
        action="delay",
        actor=actor,
        expected_version=expected_version,
    )
    if not reason.strip():
        raise ValidationError({"reason": "请填写延迟答复的理由。"})
    _not_future(on)
    _clock_append(
        application,
        kind=ClockEventKind.DELAYED,
        on=on,
        actor=actor,
        workdays=workdays,
        note=reason.strip(),
    )
    return _move(
        application,
        action="delay",
        actor=actor,
        what=f"确定延迟答复{workdays}个工作日（《条例》第三十五条）",
        extra={"workdays": workdays},
    )


@transaction.atomic
def application_transfer(
    *,
    application_id: int,
    actor: User,
    expected_version: int | None,
    to_body: Body,
    reason: str = "",
) -> Application:
    """转办: the case moves to another body on the platform, into its queue, unassigned.

    The ledger is kept: the applicant's due date does not restart with the move. (A body not
    on the platform is named to the applicant in a reply as 三（四）1, 第三十六条第（五）项.)
    """
    application = _act(
        application_id=application_id,
        action="transfer",
        actor=actor,
        expected_version=expected_version,
    )
    if to_body.pk == application.body_id:
        raise ValidationError({"to_body": "请选择其他机关。"})
    from_body = application.body
    application.body = to_body
    application.assignee = None
    moved = _move(
        application,
        action="transfer",
        actor=actor,
        what=f"由{from_body.name}转至{to_body.name}办理",
        text=reason.strip(),
        fields=("body", "assignee"),
        extra={"from_body": from_body.pk, "to_body": to_body.pk},
    )
    audit_event_record(
        actor=actor,
        body=from_body,
        action=AuditAction.APPLICATION_ACTION,
        instance=moved,
        new_values={"number": moved.number, "step": "transfer_out", "to_body": to_body.pk},
    )
    return moved
