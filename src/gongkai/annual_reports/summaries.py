"""The 本级政府 summary report of a subtree (《条例》第四十九条), written like any report.

``summary_compile`` sums the published reports of the year of every body in the subtree of
``body`` — the body's own and those below it, written here or collected — with the core's
``summarise`` (blank cells counted as 0 and listed; bodies without a published report listed as
missing), drafts section 一 from the sums and the coverage, and keeps the result as the body's
report of kind 汇总. Its checks add ``check_summary``: the summary's tables against the sums of
the parts as they stand now, so a part published or corrected after the compile shows up.
The summary then goes through 审核 and 审发 like a body's own report.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.annual_reports.models import (
    AnnualReport,
    ReportKind,
    ReportStatus,
    StepAction,
)
from gongkai.annual_reports.selectors import TABLE_KEYS, core_report
from gongkai.annual_reports.services import (
    NOT_DRAFT_MESSAGE,
    report_locked,
    report_refresh_findings,
    report_title,
    roles_check,
    sections_redrafted,
    step_record,
    year_check,
)
from gongkai.applications import services as clock
from gongkai.organizations.models import Body, Role, User
from gongkai.organizations.selectors import body_subtree_ids
from gongkai.report import draft
from gongkai.report.checks import CheckConfig, Finding
from gongkai.report.formats import template_for_year
from gongkai.report.model import Report
from gongkai.report.summary import Summary, check_summary, summarise

#: Who compiles a summary: the 监督员 of the body (its 政务公开办) or its own 经办人.
SUMMARY_WRITERS = frozenset({Role.SUPERVISOR, Role.CLERK, Role.BODY_ADMIN})


def summary_parts(*, body: Body, year: int) -> tuple[list[Body], list[Report]]:
    """The subtree's bodies (the root first) and their published reports of ``year``."""
    ids = body_subtree_ids(body=body)
    bodies = sorted(Body.objects.filter(pk__in=ids), key=lambda b: (b.pk != body.pk, b.pk))
    published = AnnualReport.objects.filter(
        body_id__in=ids,
        year=year,
        status=ReportStatus.PUBLISHED,
        kind__in=[ReportKind.WRITTEN, ReportKind.COLLECTED],
    ).select_related("body")
    by_body: dict[int, AnnualReport] = {}
    for report in published.order_by("kind"):  # collected before written: written wins
        by_body[report.body_id] = report
    return bodies, [core_report(by_body[b.pk]) for b in bodies if b.pk in by_body]


def summary_sections(*, body: Body, year: int, summary: Summary, collected: int) -> dict[str, str]:
    """Section 一 of a summary: what it covers, then the applications and cases it sums."""
    covered = (
        f"本报告由{body.name}根据本级及所属机关{len(summary.parts)}份{year}年度政府信息公开工作"
        "年度报告汇总编制，表二至表四为各份报告数据之和。"
    )
    if summary.missing:
        covered += f"以下机关的年度报告尚未发布，未计入：{'、'.join(summary.missing)}。"
    if collected:
        covered += f"其中{collected}份系在其他平台发布、由本机关收集的报告。"
    paragraphs = [covered]
    applications = draft.application_facts(summary.report)
    if applications is not None:
        paragraphs.append(
            f"{year}年，本级及所属机关共收到政府信息公开申请{applications.received}件，"
            f"上年结转{applications.carried_in}件，已办结{applications.answered}件，"
            f"结转下年度继续办理{applications.carried_over}件。"
        )
    reviews = draft.review_facts(summary.report)
    if reviews is not None:
        paragraphs.append(
            f"因政府信息公开引起行政复议{reviews.review}件、行政诉讼{reviews.litigation}件。"
        )
    paragraphs.append(
        "【待填写：主动公开、政府信息管理、平台建设和监督保障情况，"
        "以及工作考核、社会评议和责任追究结果（《条例》第五十条）。】"
    )
    return {"1": "\n\n".join(paragraphs)}


def summary_compile(*, actor: User, roles: frozenset[str], body: Body, year: int) -> AnnualReport:
    """Create or refresh ``body``'s summary of ``year`` (a draft only; prose staff wrote stays)."""
    roles_check(roles, SUMMARY_WRITERS)
    year_check(year)
    bodies, parts = summary_parts(body=body, year=year)
    if len(bodies) < 2:
        raise ValidationError(f"{body.name}没有所属机关，不需要编制汇总报告。")
    summary = summarise(parts, organ=body.name, year=year, expected=[b.name for b in bodies])
    collected = AnnualReport.objects.filter(
        body_id__in=[b.pk for b in bodies],
        year=year,
        kind=ReportKind.COLLECTED,
        status=ReportStatus.PUBLISHED,
    ).count()
    tables = summary.report.to_canonical()
    with transaction.atomic():
        try:
            with transaction.atomic():
                AnnualReport.objects.get_or_create(
                    body=body,
                    year=year,
                    kind=ReportKind.SUMMARY,
                    defaults={
                        "template": template_for_year(year).id,
                        "title": report_title(body=body, year=year, kind=ReportKind.SUMMARY),
                        "created_by": actor,
                    },
                )
        except IntegrityError:  # created by someone else meanwhile
            pass
        summary_row = AnnualReport.objects.get(body=body, year=year, kind=ReportKind.SUMMARY)
        report = report_locked(summary_row.pk)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(NOT_DRAFT_MESSAGE)
        report.tables = {key: tables[key] for key in TABLE_KEYS if key in tables}
        drafted = summary_sections(body=body, year=year, summary=summary, collected=collected)
        report.sections = sections_redrafted(report, drafted)
        report.coverage = coverage_json(summary, bodies)
        report.compiled_at = clock.clock_now()
        report.version += 1
        report_refresh_findings(report)
        report.save()
        step_record(report, StepAction.COMPILE, actor)
    return report


def coverage_json(summary: Summary, bodies: Sequence[Body]) -> dict[str, object]:
    return {
        "bodies": [b.pk for b in bodies],
        "parts": list(summary.parts),
        "missing": list(summary.missing),
        "blanks": [[c.organ, c.table, c.row, c.column, c.reason] for c in summary.blanks],
    }


def summary_findings(report: AnnualReport, core: Report, config: CheckConfig) -> list[Finding]:
    """The summary's tables against the sums of its parts as they stand now."""
    bodies, parts = summary_parts(body=report.body, year=report.year)
    return check_summary(core, parts, expected=[b.name for b in bodies], config=config)
