"""Letters of a case as DOCX and PDF: templates, 文号, generation, delivery, the body's settings.

The wording is the pure ``gongkai.law.letters``; this module gathers a case's facts from its ledger,
fills a DOCX template (a body's own upload, or the built-in one in ``document_templates/``) and
lays the same letter out as PDF with WeasyPrint, the Noto CJK font embedded.

Templates use ``{{ name }}`` placeholders (the variable syntax of docxtpl/Jinja, so a later move
to docxtpl keeps them working). A placeholder alone in a paragraph whose value has several lines
(``{{ body }}``) becomes one paragraph per line with that paragraph's formatting.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from gongkai.applications.models import Application, ClockEntry, ClockEventKind, Status
from gongkai.applications.models_letters import (
    Letter,
    LetterKind,
    LetterSequence,
    LetterSettings,
    LetterTemplate,
)
from gongkai.applications.selectors import (
    STAFF_ROLES,
    application_clock,
    application_fee_recorded,
    roles_in_body,
)
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record
from gongkai.law import letters as law
from gongkai.law.fees import FeeMethod, fee_quote
from gongkai.law.rules import FEE_PAYMENT
from gongkai.law.rules import outcome as outcome_rule
from gongkai.organizations.models import Body, Role, User

TEMPLATES_DIR = Path(__file__).resolve().parent / "document_templates"
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SEAL = "印章"
#: Roles that make letters and manage the body's templates (the handlers).
LETTER_ROLES = frozenset({Role.CLERK, Role.BODY_ADMIN})
#: The placeholders a template may use, with what they hold.
PLACEHOLDERS: dict[str, str] = {
    "title": "文书标题",
    "number": "文号",
    "application_number": "申请编号",
    "addressee": "收件人（申请人或第三方）",
    "body": "正文（多段）",
    "remedy": "救济途径告知",
    "body_name": "机关名称",
    "seal": "印章位置",
    "date": "成文日期",
    "applicant_name": "申请人姓名或名称",
    "request": "申请内容",
    "received_on": "收到申请日期",
    "due_on": "答复期限",
    "outcome": "办理结果",
    "basis": "法律依据",
    "fee_calculation": "收费计算过程（收费通知书）",
}
_SLOT = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


class TemplateError(ValueError):
    """A DOCX template that cannot be used (the message is Chinese)."""


# --- filling DOCX templates ---------------------------------------------------------------


def _paragraphs(document: Any) -> list[Any]:
    found: list[Any] = []

    def walk(container: Any) -> None:
        found.extend(container.paragraphs)
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            walk(part)
    return found


def _check_slots(text: str) -> None:
    if "{%" in text or "{#" in text:
        raise TemplateError("模板中含有不支持的语法（{% … %}），请只使用 {{ 名称 }} 形式的占位符。")
    for name in _SLOT.findall(text):
        if name not in PLACEHOLDERS:
            raise TemplateError(f"模板中的占位符“{{{{ {name} }}}}”无法识别。")
    if "{{" in _SLOT.sub("", text) or "}}" in _SLOT.sub("", text):
        raise TemplateError("模板中有未闭合的占位符（“{{”与“}}”不成对）。")


def docx_fill(template: bytes, context: dict[str, str]) -> bytes:
    """The template with every ``{{ name }}`` replaced; ``TemplateError`` if it cannot be used."""
    from docx import Document

    try:
        document = Document(io.BytesIO(template))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateError("文件不是有效的Word（.docx）文档。") from error
    except Exception as error:  # python-docx raises assorted errors on foreign packages
        raise TemplateError("文件不是有效的Word（.docx）文档。") from error
    for paragraph in _paragraphs(document):
        runs = paragraph.runs
        text = "".join(run.text for run in runs)
        if "{" not in text and "}" not in text:
            continue
        _check_slots(text)
        if "{{" not in text:
            continue
        filled = _SLOT.sub(lambda m: context.get(m.group(1), ""), text)
        lines = filled.split("\n")
        runs[0].text = lines[0]
        for run in runs[1:]:
            run.text = ""
        anchor = paragraph._p
        for line in lines[1:]:
            clone = copy.deepcopy(paragraph._p)
            anchor.addnext(clone)
            anchor = clone
            from docx.text.paragraph import Paragraph

            copied = Paragraph(clone, paragraph._parent)
            copied.runs[0].text = line
            for run in copied.runs[1:]:
                run.text = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """All paragraph text of a DOCX (used to check a rendered template)."""
    from docx import Document

    return "\n".join(p.text for p in _paragraphs(Document(io.BytesIO(data))))


def template_default(kind: str) -> bytes:
    """The built-in template of ``kind``."""
    return (TEMPLATES_DIR / f"{LetterKind(kind).value}.docx").read_bytes()


def template_for(body: Body, kind: str) -> tuple[bytes, bool]:
    """The body's template of ``kind`` (its own upload if any) and whether it is its own."""
    own = LetterTemplate.objects.filter(body=body, kind=kind).first()
    if own is not None:
        with own.file.open("rb") as handle:
            return handle.read(), True
    return template_default(kind), False


# --- the facts of a letter ----------------------------------------------------------------


def settings_for(body: Body) -> LetterSettings:
    """The body's letter settings (unsaved defaults when it has entered none)."""
    found = LetterSettings.objects.filter(body=body).first()
    return found if found is not None else LetterSettings(body=body)


def number_prefix(body: Body, settings: LetterSettings) -> str:
    return settings.number_prefix.strip() or f"{body.short_name or body.name}公开"


def review_body_default(body: Body) -> str:
    """The 复议机关 named by default: the parent body (UNCONFIRMED rule, regulations.md §1.6)."""
    return body.parent.name if body.parent_id and body.parent else law.REVIEW_BODY_FALLBACK


def _last(application: Application, kind: ClockEventKind) -> ClockEntry | None:
    return application.clock_entries.filter(kind=kind).order_by("-id").first()


def _needs(entry: ClockEntry | None, message: str) -> ClockEntry:
    if entry is None:
        raise ValidationError(message)
    return entry


def letter_facts(
    *,
    application: Application,
    kind: str,
    number: str,
    issued_on: date,
    third_party: str = "",
) -> law.LetterFacts:
    """What a letter of ``kind`` says about ``application``; Chinese ``ValidationError`` if the
    case has not reached the step the letter is about."""
    body = application.body
    settings = settings_for(body)
    facts: dict[str, Any] = {
        "body_name": body.name,
        "number": number,
        "issued_on": issued_on,
        "applicant_name": application.name,
        "application_number": application.number,
        "request": application.description,
        "received_on": application.received_on,
        "due_on": application.due_on,
        "remedy_template": settings.remedy_text.strip() or law.REMEDY_DEFAULT,
        "review_body": settings.review_body.strip() or review_body_default(body),
        "court": settings.court.strip() or law.COURT_DEFAULT,
    }
    if kind == LetterKind.REPLY:
        if not application.outcome:
            raise ValidationError("尚未拟写答复（办理结果），不能生成答复告知书。")
        facts.update(
            outcome=application.outcome,
            basis=application.outcome_basis,
            reply_text=application.reply_text,
        )
    elif kind == LetterKind.CORRECTION:
        _needs(
            _last(application, ClockEventKind.CORRECTION_REQUESTED),
            "本申请尚未告知补正，不能生成补正告知书。",
        )
        facts.update(
            correction_items=application.correction_request,
            correction_due=application.correction_due,
        )
    elif kind == LetterKind.EXTENSION:
        entry = _needs(
            _last(application, ClockEventKind.EXTENDED),
            "本申请尚未延长答复期限，不能生成延期答复告知书。",
        )
        facts.update(extension_workdays=entry.workdays, extension_reason=entry.note)
    elif kind == LetterKind.CONSULTATION:
        if application.status != Status.PROCESSING:
            raise ValidationError("只有办理中的申请才能生成征求第三方意见函。")
        if not third_party.strip():
            raise ValidationError({"third_party": "请填写第三方的名称。"})
        facts["third_party"] = third_party.strip()[:200]
    elif kind == LetterKind.FEE:
        entry = _needs(
            _last(application, ClockEventKind.FEE_NOTICE_SENT),
            "本申请尚未登记发出收费通知，不能生成收费通知书。",
        )
        quote = application_fee_recorded(application=application)
        if quote is not None:
            facts.update(
                fee_amount=quote.amount, fee_method=quote.method.label, fee_lines=quote.lines
            )
        else:  # a notice recorded before fees were computed: the amount typed then
            found = re.match(r"(\d+)元", entry.note)
            facts["fee_amount"] = application.fee_amount or (int(found.group(1)) if found else 0)
        facts["fee_payment_workdays"] = FEE_PAYMENT.workdays
    else:
        raise ValidationError("未知的文书类型。")
    if kind != LetterKind.REPLY:
        try:
            clock = application_clock(application=application, today=issued_on)
        except Exception:  # an unknown calendar year: the stored due date stands
            clock = None
        deadline = getattr(clock, "deadline", None)
        if deadline is not None and getattr(deadline, "due", None):
            facts["due_on"] = deadline.due
    return law.LetterFacts(**facts)


def letter_context(letter: law.Letter, facts: law.LetterFacts) -> dict[str, str]:
    """The placeholder values of a composed letter."""
    outcome = outcome_rule(facts.outcome).label if facts.outcome else ""
    return {
        "title": letter.title,
        "number": letter.number,
        "application_number": letter.application_number,
        "addressee": letter.addressee,
        "body": "\n".join(letter.paragraphs),
        "remedy": letter.remedy,
        "body_name": letter.body_name,
        "seal": SEAL,
        "date": letter.date_text,
        "applicant_name": facts.applicant_name if letter.addressee == facts.applicant_name else "",
        "request": facts.request,
        "received_on": law.cn_date(facts.received_on),
        "due_on": law.cn_date(facts.due_on),
        "outcome": outcome,
        "basis": "；".join(letter.citations),
        "fee_calculation": law.fee_calculation_text(facts),
    }


def pdf_render(letter: law.Letter) -> bytes:
    """The letter as a PDF (A4, Noto Serif CJK SC embedded)."""
    from weasyprint import HTML

    html = render_to_string("applications/letter_pdf.html", {"letter": letter, "seal": SEAL})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def _sample_facts(kind: str) -> law.LetterFacts:
    sample_fee = fee_quote(method=FeeMethod.PIECES, count=1, earlier_pieces=10)
    return law.LetterFacts(
        body_name="示例机关",
        number="示例公开〔2026〕第1号",
        issued_on=date(2026, 1, 5),
        applicant_name="示例申请人",
        application_number="2026-000001",
        request="示例政府信息",
        received_on=date(2026, 1, 5),
        due_on=date(2026, 2, 2),
        outcome="3.1",
        correction_items="示例补正事项",
        correction_due=date(2026, 1, 26),
        extension_workdays=20,
        fee_amount=sample_fee.amount,
        fee_method=sample_fee.method.label,
        fee_lines=sample_fee.lines,
        third_party="示例第三方",
    )


# --- services -------------------------------------------------------------------------------


def _roles_check(*, actor: User, body: Body, roles: frozenset[str]) -> None:
    if not roles_in_body(user=actor, body=body) & roles:
        raise PermissionDenied("您没有进行此操作的权限。")


def _number_next(body: Body, year: int, settings: LetterSettings) -> str:
    try:
        with transaction.atomic():
            LetterSequence.objects.get_or_create(body=body, year=year)
    except IntegrityError:  # created meanwhile by a concurrent letter
        pass
    sequence = LetterSequence.objects.select_for_update().get(body=body, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{number_prefix(body, settings)}〔{year}〕第{sequence.last}号"


@dataclass(frozen=True)
class Rendered:
    letter: law.Letter
    docx: bytes
    pdf: bytes


def letter_render(
    *, application: Application, kind: str, number: str, issued_on: date, third_party: str = ""
) -> Rendered:
    """Compose and lay out one letter without storing it."""
    facts = letter_facts(
        application=application,
        kind=kind,
        number=number,
        issued_on=issued_on,
        third_party=third_party,
    )
    letter = law.letter_compose(kind, facts)
    template, _own = template_for(application.body, kind)
    try:
        docx = docx_fill(template, letter_context(letter, facts))
    except TemplateError as error:
        raise ValidationError(f"本机关的{LetterKind(kind).label}模板无法使用：{error}") from error
    return Rendered(letter=letter, docx=docx, pdf=pdf_render(letter))


@transaction.atomic
def letter_generate(
    *, application_id: int, actor: User, kind: str, third_party: str = ""
) -> Letter:
    """Make a letter of ``kind`` for the case, with the body's next 文号; stored DOCX and PDF."""
    from gongkai.applications.services import clock_now, clock_today

    if kind not in LetterKind.values:
        raise ValidationError({"kind": "请选择文书类型。"})
    application = (
        (Application.objects.select_for_update(of=("self",)).select_related("body", "body__parent"))
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise PermissionDenied
    _roles_check(actor=actor, body=application.body, roles=LETTER_ROLES)
    today = clock_today()
    settings = settings_for(application.body)
    # Check the case first, so a refused letter uses up no 文号.
    letter_facts(
        application=application, kind=kind, number="", issued_on=today, third_party=third_party
    )
    number = _number_next(application.body, today.year, settings)
    rendered = letter_render(
        application=application,
        kind=kind,
        number=number,
        issued_on=today,
        third_party=third_party,
    )
    record = Letter(
        application=application,
        kind=kind,
        number=number,
        title=rendered.letter.title,
        addressee=rendered.letter.addressee,
        created_by=actor,
        at=clock_now(),
    )
    stem = f"{application.number}-{kind}"
    record.docx.save(f"{stem}.docx", ContentFile(rendered.docx), save=False)
    record.pdf.save(f"{stem}.pdf", ContentFile(rendered.pdf), save=False)
    try:
        record.save()
    except Exception:
        record.docx.delete(save=False)
        record.pdf.delete(save=False)
        raise
    _audit(application.body, actor, record, {"step": "letter_generate", "number": number})
    return record


@transaction.atomic
def letter_delivery_record(*, letter_id: int, actor: User, method: str, on: date) -> Letter:
    """Record how and when a letter was delivered (送达方式, 送达日期)."""
    from gongkai.applications.services import clock_today

    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("application__body")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None:
        raise PermissionDenied
    _roles_check(actor=actor, body=letter.application.body, roles=LETTER_ROLES)
    if not method.strip():
        raise ValidationError({"method": "请填写送达方式。"})
    if on > clock_today():
        raise ValidationError({"on": "送达日期不能晚于今天。"})
    if on < timezone.localdate(letter.at):
        raise ValidationError({"on": "送达日期不能早于文书制作日期。"})
    letter.delivery_method = method.strip()[:50]
    letter.delivered_on = on
    letter.save(update_fields=["delivery_method", "delivered_on"])
    _audit(
        letter.application.body,
        actor,
        letter,
        {"step": "letter_deliver", "number": letter.number, "on": on.isoformat()},
    )
    return letter


def _audit(body: Body, actor: User, instance: Any, values: dict[str, Any]) -> None:
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.APPLICATION_ACTION,
        instance=instance,
        new_values=values,
    )


def template_validate(data: bytes, kind: str) -> None:
    """Render ``data`` with a sample letter; ``TemplateError`` (Chinese) if it does not work."""
    if not data.startswith(b"PK"):
        raise TemplateError("文件不是有效的Word（.docx）文档。")
    facts = _sample_facts(kind)
    letter = law.letter_compose(kind, facts)
    filled = docx_fill(data, letter_context(letter, facts))
    try:
        text = docx_text(filled)
    except Exception as error:
        raise TemplateError("模板填充后无法打开，请检查文件。") from error
    if letter.paragraphs[0] not in text:
        raise TemplateError("模板中没有正文占位符 {{ body }}。")


@transaction.atomic
def letter_template_upload(
    *, body: Body, actor: User, kind: str, upload: UploadedFile
) -> LetterTemplate:
    """Replace the body's template of ``kind`` after a test rendering; nothing saved on error."""
    _roles_check(actor=actor, body=body, roles=LETTER_ROLES)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "请选择文书类型。"})
    name = (upload.name or "template.docx").rsplit("/", 1)[-1]
    if not name.lower().endswith(".docx"):
        raise ValidationError({"file": "请上传Word（.docx）格式的模板。"})
    if (upload.size or 0) > TEMPLATE_MAX_BYTES:
        raise ValidationError({"file": "模板文件不能超过5MB。"})
    data = upload.read()
    try:
        template_validate(data, kind)
    except TemplateError as error:
        raise ValidationError({"file": f"模板无法使用：{error}"}) from error
    old = LetterTemplate.objects.select_for_update().filter(body=body, kind=kind).first()
    if old is not None:
        old_file = old.file.name
        old.delete()
        transaction.on_commit(lambda: old.file.storage.delete(old_file))
    template = LetterTemplate(body=body, kind=kind, name=name[:200], uploaded_by=actor)
    template.file.save(name, ContentFile(data), save=False)
    template.save()
    _audit(body, actor, template, {"step": "letter_template_upload", "kind": kind})
    return template


@transaction.atomic
def letter_template_reset(*, body: Body, actor: User, kind: str) -> None:
    """Go back to the built-in template of ``kind``."""
    _roles_check(actor=actor, body=body, roles=LETTER_ROLES)
    old = LetterTemplate.objects.select_for_update().filter(body=body, kind=kind).first()
    if old is None:
        return
    old_file = old.file.name
    old.delete()
    transaction.on_commit(lambda: old.file.storage.delete(old_file))
    _audit(body, actor, old, {"step": "letter_template_reset", "kind": kind})


@transaction.atomic
def letter_settings_update(
    *,
    body: Body,
    actor: User,
    number_prefix: str,
    review_body: str,
    court: str,
    remedy_text: str,
) -> LetterSettings:
    """Save the body's 文号 prefix and remedy clause (blank fields fall back to the defaults)."""
    _roles_check(actor=actor, body=body, roles=LETTER_ROLES)
    remedy = remedy_text.strip()
    if remedy and ("行政复议" not in remedy or "行政诉讼" not in remedy):
        raise ValidationError(
            {"remedy_text": "救济途径告知应写明申请行政复议和提起行政诉讼的途径。"}
        )
    if len(number_prefix.strip()) > 50:
        raise ValidationError({"number_prefix": "文号机关代字不能超过50个字。"})
    settings, _ = LetterSettings.objects.select_for_update().get_or_create(body=body)
    settings.number_prefix = number_prefix.strip()
    settings.review_body = review_body.strip()[:200]
    settings.court = court.strip()[:200]
    settings.remedy_text = remedy
    settings.save()
    _audit(body, actor, settings, {"step": "letter_settings_update"})
    return settings


# --- reads and file answers -----------------------------------------------------------------


def letters_for(application: Application) -> list[Letter]:
    return list(Letter.objects.filter(application=application).order_by("id"))


def reply_letter_public(application: Application) -> Letter | None:
    """The reply letter the applicant may download: the latest one, once the case is 送达."""
    if application.status not in (Status.DELIVERED, Status.ARCHIVED):
        return None
    return (
        Letter.objects.filter(application=application, kind=LetterKind.REPLY)
        .order_by("-id")
        .first()
    )


def letter_get_for_staff(*, user: User, application: Application, letter_id: int) -> Letter:
    if not roles_in_body(user=user, body=application.body) & STAFF_ROLES:
        raise PermissionDenied
    letter = Letter.objects.filter(pk=letter_id, application=application).first()
    if letter is None:
        raise PermissionDenied
    return letter


def file_response(data: Any, *, filename: str, content_type: str) -> FileResponse:
    """A download with a UTF-8 ``filename*`` and no caching anywhere."""
    response = FileResponse(data, as_attachment=True, filename=filename, content_type=content_type)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    return response


def letter_file_response(letter: Letter, fmt: str) -> FileResponse:
    field = letter.pdf if fmt == "pdf" else letter.docx
    content_type = "application/pdf" if fmt == "pdf" else DOCX_TYPE
    filename = f"{letter.title}（{letter.number}）.{fmt}"
    return file_response(field.open("rb"), filename=filename, content_type=content_type)
