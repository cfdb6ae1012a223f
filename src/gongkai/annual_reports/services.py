"""Writes of annual reports: compile from the records, edit, check, and move through review.

A body's report is written on the platform: ``report_compile`` computes tables 二, 三 and 四 from
the records (the same functions as ``GET /api/v1/bodies/{id}/statistics/{year}``) and drafts
the prose the records support; staff edit the six sections (``report_update``, refused when
someone saved meanwhile); ``report_submit`` → ``report_review`` → ``report_approve`` (审发, which
publishes: the report is frozen and written as DOCX and PDF). A report with an error finding
cannot be submitted; each warning needs a written explanation. Every step is one transaction
that locks the row, appends a ``ReportStep`` and an audit event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from gongkai.annual_reports.drafting import drafted_sections
from gongkai.annual_reports.models import (
    AnnualReport,
    ReportKind,
    ReportStatus,
    ReportStep,
    StepAction,
)
from gongkai.annual_reports.selectors import (
    APPROVER_ROLES,
    REVIEWER_ROLES,
    WRITER_ROLES,
    core_report,
    finding_key,
    report_findings,
    section_heading,
    unexplained_warnings,
)
from gongkai.applications import services as clock
from gongkai.applications.statistics import applications_table
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record
from gongkai.ledgers.statistics import table_two
from gongkai.organizations.models import Body, Role, User
from gongkai.portal.services import body_version_bump
from gongkai.remedies.statistics import table_four
from gongkai.report import draft
from gongkai.report.formats import template_for_year
from gongkai.report.writers import render

STALE_MESSAGE = "该报告已被他人修改，请刷新后再改。"
FORBIDDEN_MESSAGE = "您没有进行此操作的权限。"
NOT_DRAFT_MESSAGE = "报告已提交或已发布，不能再修改；如需修改，请先退回。"
FIRST_YEAR = 2019
#: Sections a report must say something in before it is submitted (《条例》第五十条（一）、（四）).
REQUIRED_SECTIONS = ("1", "5")


class ReportStaleError(Exception):
    """The report was saved by someone else since the editor loaded it."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


def report_title(*, body: Body, year: int, kind: str) -> str:
    """``南郊镇2021年政府信息公开工作年度报告`` (a summary: ``南关区2021年…``)."""
    return f"{body.name}{year}年政府信息公开工作年度报告"


def year_check(year: int) -> None:
    today = clock.clock_today()
    if year < FIRST_YEAR:
        raise ValidationError(f"平台按2019年起施行的年度报告格式编制，不能编制{year}年的报告。")
    if year >= today.year:
        raise ValidationError(f"{year}年尚未结束，不能编制该年度的年度报告。")


def roles_check(roles: frozenset[str], allowed: frozenset[str]) -> None:
    if not roles & allowed:
        raise PermissionDenied(FORBIDDEN_MESSAGE)


def step_record(
    report: AnnualReport, action: StepAction, actor: User | None, comment: str = ""
) -> None:
    """Append a step to the report's history and an audit event (in the caller's transaction)."""
    ReportStep.objects.create(
        report=report, action=action, actor=actor, at=clock.clock_now(), comment=comment
    )
    audit_event_record(
        actor=actor,
        body=report.body,
        action=AuditAction.ANNUAL_REPORT_ACTION,
        instance=report,
        new_values={"step": str(action), "status": report.status, "year": report.year},
    )


def report_locked(report_id: int) -> AnnualReport:
    """The report, locked for the rest of the transaction (``SELECT … FOR UPDATE``)."""
    return AnnualReport.objects.select_for_update().select_related("body").get(pk=report_id)


def report_tables(*, body_ids: list[int], year: int) -> dict[str, Any]:
    """Tables 二, 三 and 四 of ``year`` computed from the records of ``body_ids``."""
    template = template_for_year(year)
    return {
        "proactive": table_two(body_ids, year),
        "applications": applications_table(body_ids=body_ids, year=year, template=template.id),
        "reviews_litigation": table_four(body_ids, year),
    }


def report_refresh_findings(report: AnnualReport) -> None:
    """Run the core's checks and keep their result on the row (the caller saves)."""
    found = report_findings(report)
    report.findings = [f.to_json() for f in found]
    report.errors = sum(1 for f in found if f.severity == "error")
    report.warnings = sum(1 for f in found if f.severity == "warning")


def report_compile(
    *, actor: User, roles: frozenset[str], body: Body, year: int, sections: Mapping[str, str]
) -> AnnualReport:
    """Create or refresh the body's written report of ``year`` from the records.

    Tables are always recomputed; sections 一 and 六 are drafted from the records
    (``drafting``), ``sections`` (by section number) add to or replace that draft, and the draft
    fills the sections that are empty or still hold the previous draft, so what staff wrote is
    never overwritten. Only a draft is refreshed.
    """
    roles_check(roles, WRITER_ROLES)
    year_check(year)
    if AnnualReport.objects.filter(body=body, year=year, kind=ReportKind.COLLECTED).exists():
        raise ValidationError(
            f"{body.name}{year}年的年度报告已由上级收集（在其他平台发布），不能在本平台另行编制。"
        )
    template = template_for_year(year)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report, created = AnnualReport.objects.get_or_create(
                    body=body,
                    year=year,
                    kind=ReportKind.WRITTEN,
                    defaults={
                        "template": template.id,
                        "title": report_title(body=body, year=year, kind=ReportKind.WRITTEN),
                        "created_by": actor,
                    },
                )
        except IntegrityError:  # created by someone else between our look and our insert
            created = False
        written = AnnualReport.objects.get(body=body, year=year, kind=ReportKind.WRITTEN)
        report = report_locked(written.pk)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(NOT_DRAFT_MESSAGE)
        report.tables = report_tables(body_ids=[body.pk], year=year)
        drafted = {**drafted_sections(body=body, year=year, tables=report.tables), **sections}
        report.sections = sections_redrafted(report, drafted)
        report.compiled_at = clock.clock_now()
        if not created:
            report.version += 1
        report_refresh_findings(report)
        report.save()
        step_record(report, StepAction.COMPILE, actor)
    return report


def sections_redrafted(report: AnnualReport, drafted: Mapping[str, str]) -> dict[str, str]:
    """The report's sections with ``drafted`` filled into the empty ones and into those still
    equal to the previous draft (staff did not touch them); remembers the new draft."""
    sections = {str(k): str(v) for k, v in report.sections.items()}
    for number, text in drafted.items():
        current = sections.get(number, "")
        if not current.strip() or current == report.drafted.get(number):
            sections[number] = text
    report.drafted = dict(drafted)
    return sections


@dataclass(frozen=True)
class ReportEdit:
    """What the editor sends: the six sections, the preamble, explanations of warnings."""

    sections: Mapping[str, str]
    preamble: str
    explanations: Mapping[str, str]


def report_update(
    *, actor: User, roles: frozenset[str], report_id: int, version: int, edit: ReportEdit
) -> AnnualReport:
    """Save the editor's text (a draft only; refused when the version moved on)."""
    with transaction.atomic():
        report = report_locked(report_id)
        roles_check(roles, _writers_of(report))
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(NOT_DRAFT_MESSAGE)
        if report.version != version:
            raise ReportStaleError()
        report.sections = {
            str(n): str(edit.sections.get(str(n), "")).replace("\r\n", "\n") for n in range(1, 7)
        }
        report.preamble = edit.preamble.replace("\r\n", "\n")
        report.explanations = {k: v.strip() for k, v in edit.explanations.items() if v.strip()}
        report.version += 1
        report_refresh_findings(report)
        report.save()
        step_record(report, StepAction.EDIT, actor)
    return report


def _writers_of(report: AnnualReport) -> frozenset[str]:
    if report.kind == ReportKind.SUMMARY:
        return WRITER_ROLES | {Role.SUPERVISOR}
    return WRITER_ROLES


def report_submit(*, actor: User, roles: frozenset[str], report_id: int) -> AnnualReport:
    """草稿 → 待审核: refused while the checks find an error or a warning is unexplained."""
    with transaction.atomic():
        report = report_locked(report_id)
        roles_check(roles, _writers_of(report))
        if report.status != ReportStatus.DRAFT:
            raise ValidationError("只有草稿可以提交审核。")
        empty = [
            section_heading(int(n))
            for n in REQUIRED_SECTIONS
            if not str(report.sections.get(n, "")).strip()
        ]
        if empty:
            raise ValidationError(f"请先填写：{'；'.join(empty)}（《条例》第五十条）。")
        prompts = [
            section_heading(n)
            for n in range(1, 7)
            if draft.has_placeholders(str(report.sections.get(str(n), "")))
        ]
        if prompts:
            raise ValidationError(
                f"以下部分还有【待填写】的提示，请补写后删去提示：{'；'.join(prompts)}。"
            )
        report_refresh_findings(report)
        if report.errors:
            report.save()
            raise ValidationError(
                f"报告还有{report.errors}处错误，改正后才能提交（见右侧检查结果）。"
            )
        missing = unexplained_warnings(report)
        if missing:
            report.save()
            raise ValidationError(f"报告有{len(missing)}处警告没有书面说明，请逐条说明后再提交。")
        report.status = ReportStatus.IN_REVIEW
        report.submitted_at = clock.clock_now()
        report.version += 1
        report.save()
        step_record(report, StepAction.SUBMIT, actor)
    return report


def report_review(*, actor: User, roles: frozenset[str], report_id: int) -> AnnualReport:
    """待审核 → 待审发 (审核人)."""
    with transaction.atomic():
        report = report_locked(report_id)
        roles_check(roles, REVIEWER_ROLES)
        if report.status != ReportStatus.IN_REVIEW:
            raise ValidationError("该报告不在待审核状态。")
        report.status = ReportStatus.IN_APPROVAL
        report.version += 1
        report.save()
        step_record(report, StepAction.REVIEW, actor)
    return report


def report_return(
    *, actor: User, roles: frozenset[str], report_id: int, comment: str
) -> AnnualReport:
    """待审核 / 待审发 → 草稿 with the reviewer's comments (审核人 or 审发人)."""
    comment = comment.strip()
    if not comment:
        raise ValidationError("退回时请写明需要修改的内容。")
    with transaction.atomic():
        report = report_locked(report_id)
        allowed = REVIEWER_ROLES if report.status == ReportStatus.IN_REVIEW else APPROVER_ROLES
        roles_check(roles, allowed)
        if report.status not in (ReportStatus.IN_REVIEW, ReportStatus.IN_APPROVAL):
            raise ValidationError("只有待审核或待审发的报告可以退回。")
        report.status = ReportStatus.DRAFT
        report.version += 1
        report.save()
        step_record(report, StepAction.RETURN, actor, comment)
    return report


def report_files(report: AnnualReport) -> dict[str, bytes]:
    """The report as DOCX and PDF in the national layout."""
    core = core_report(report)
    return {"docx": render(core, "docx"), "pdf": render(core, "pdf")}


def report_approve(*, actor: User, roles: frozenset[str], report_id: int) -> AnnualReport:
    """待审发 → 已发布 (审发人): frozen, written as DOCX and PDF, dated today."""
    with transaction.atomic():
        report = report_locked(report_id)
        roles_check(roles, APPROVER_ROLES)
        if report.status != ReportStatus.IN_APPROVAL:
            raise ValidationError("该报告不在待审发状态。")
        report_refresh_findings(report)
        if report.errors:
            raise ValidationError("报告的检查出现错误，不能发布，请退回修改。")
        files = report_files(report)
        digest = hashlib.sha256(files["pdf"]).hexdigest()[:12]
        stem = f"{report.body_id}-{report.year}-{report.kind}-{digest}"
        report.docx.save(f"{stem}.docx", ContentFile(files["docx"]), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(files["pdf"]), save=False)
        report.status = ReportStatus.PUBLISHED
        report.published_on = clock.clock_today()
        report.published_at = clock.clock_now()
        report.version += 1
        report.save()
        step_record(report, StepAction.APPROVE, actor)
        step_record(report, StepAction.PUBLISH, actor)
        body_version_bump(body_id=report.body_id)  # the 专栏's 年报 part lists it
    return report


def explanation_keys(report: AnnualReport) -> list[str]:
    """Keys of the report's warnings, in order (the editor shows one box per warning)."""
    return [finding_key(f) for f in report.findings if f.get("severity") == "warning"]
