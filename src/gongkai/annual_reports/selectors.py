"""Reads of annual reports: the core's view of a stored report, its checks, who may do what."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.selectors import body_get_for_user_with_roles
from gongkai.report.checks import BodyInfo, CheckConfig, Finding, Severity, check, check_pair
from gongkai.report.formats import FORMAT_ID, SECTION_NUMERALS, SECTION_TITLES
from gongkai.report.model import Report, Section
from gongkai.report.readers.structured import report_from_canonical

TABLE_KEYS = ("proactive", "applications", "reviews_litigation")
#: Roles that draft, edit and submit a body's report (a 监督员 of the body drafts its summary).
WRITER_ROLES = frozenset({Role.CLERK, Role.BODY_ADMIN})
REVIEWER_ROLES = frozenset({Role.REVIEWER})
APPROVER_ROLES = frozenset({Role.APPROVER})
#: Body kinds whose report the core checks as a 人民政府's (第五十条第（四）项 content).
_CORE_KINDS = {
    BodyKind.GOVERNMENT: "人民政府",
    BodyKind.DEPARTMENT: "政府部门",
    BodyKind.SUBDISTRICT: "街道办事处",
    BodyKind.TOWNSHIP: "乡镇人民政府",
    BodyKind.OTHER: "其他",
}


def section_heading(number: int) -> str:
    """``一、总体情况`` … ``六、其他需要报告的事项``."""
    return f"{SECTION_NUMERALS[number - 1]}、{SECTION_TITLES[number - 1]}"


def core_report(report: AnnualReport) -> Report:
    """The stored report as the core's :class:`Report` (tables, six sections, preamble)."""
    data: dict[str, Any] = {
        "format": FORMAT_ID,
        "organ": report.body.name,
        "year": report.year,
        "template": report.template,
        **{key: report.tables[key] for key in TABLE_KEYS if key in report.tables},
    }
    core = report_from_canonical(data, source=report.title)
    core.title = report.title
    core.preamble = report.preamble
    for number in range(1, 7):
        text = str(report.sections.get(str(number), ""))
        core.sections[number] = Section(
            number=number,
            heading=section_heading(number),
            numeral=SECTION_NUMERALS[number - 1],
            text=text,
            index=number,
            style="chinese",
        )
    return core


#: Severities the platform sets apart from the core's defaults, with the reason.
PLATFORM_SEVERITIES: dict[str, Severity] = {
    # A 规章 in table 二 comes from the body's own register, where it was entered against a
    # warning (ledgers: 《立法法》第九十三条); the report states it, with a written explanation,
    # rather than being blocked (南关区民政局 2021 prints one).
    "plausibility.regulations-without-power": "warning",
}


def check_config(body: Body) -> CheckConfig:
    """What the platform knows of the body, for the core's checks."""
    return CheckConfig(
        severity=dict(PLATFORM_SEVERITIES),
        body=BodyInfo(
            kind=_CORE_KINDS.get(BodyKind(body.kind), "其他"),
            has_regulation_power=body.has_regulation_power,
        ),
    )


def previous_report(report: AnnualReport) -> AnnualReport | None:
    """The same body's report on the year before (published first, then any), if any."""
    earlier = AnnualReport.objects.filter(
        body_id=report.body_id, year=report.year - 1, kind=report.kind
    ).select_related("body")
    if report.kind != ReportKind.SUMMARY:
        earlier = AnnualReport.objects.filter(
            body_id=report.body_id,
            year=report.year - 1,
            kind__in=[ReportKind.WRITTEN, ReportKind.COLLECTED],
        ).select_related("body")
    return min(earlier, key=lambda r: (r.status != ReportStatus.PUBLISHED, r.pk), default=None)


def report_findings(report: AnnualReport) -> list[Finding]:
    """The core's checks of the report, and across years against the previous one."""
    core = core_report(report)
    config = check_config(report.body)
    found = check(core, config)
    earlier = previous_report(report)
    if earlier is not None:
        found += check_pair(core_report(earlier), core, config)
    if report.kind == ReportKind.SUMMARY:
        from gongkai.annual_reports.summaries import summary_findings

        found += summary_findings(report, core, config)
    return found


def finding_key(finding: dict[str, Any] | Finding) -> str:
    """Where a finding's written explanation is kept: ``rule|table|row|column``."""
    data = finding.to_json() if isinstance(finding, Finding) else finding
    return "|".join(str(data.get(k) or "") for k in ("rule", "table", "row", "column"))


def unexplained_warnings(report: AnnualReport) -> list[dict[str, Any]]:
    """Stored warnings without a written explanation (a report with any cannot be submitted)."""
    return [
        f
        for f in report.findings
        if f.get("severity") == "warning"
        and not str(report.explanations.get(finding_key(f), "")).strip()
    ]


def report_get_for_user(*, user: User, report_id: int) -> tuple[AnnualReport, frozenset[str]]:
    """A report the user may see on the staff side, with the roles held in its body.

    The same answer for a report that does not exist and one of a body the user may not see.
    """
    report = AnnualReport.objects.select_related("body").filter(pk=report_id).first()
    if report is None:
        raise PermissionDenied
    _, roles = body_get_for_user_with_roles(user=user, body_id=report.body_id)
    return report, roles


def reports_for_body(*, body: Body) -> QuerySet[AnnualReport]:
    """A body's reports, newest year first."""
    return AnnualReport.objects.filter(body=body).order_by("-year", "kind")


def published_report(*, body: Body, year: int) -> AnnualReport | None:
    """The body's published report of ``year``: its own (written or collected), not a summary."""
    return (
        AnnualReport.objects.filter(
            body=body,
            year=year,
            status=ReportStatus.PUBLISHED,
            kind__in=[ReportKind.WRITTEN, ReportKind.COLLECTED],
        )
        .select_related("body")
        .order_by("kind")
        .first()
    )


def published_reports(*, body: Body) -> QuerySet[AnnualReport]:
    """A body's published reports (own and summary), newest first: the 年报 part of its 专栏."""
    return AnnualReport.objects.filter(body=body, status=ReportStatus.PUBLISHED).order_by(
        "-year", "kind"
    )


def value_text(value: Any) -> str:
    """A cell value as stored in a correction (JSON text; ``null`` for a blank)."""
    return json.dumps(value, ensure_ascii=False)
