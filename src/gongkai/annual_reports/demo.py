"""Demo annual reports: the five seed bodies' 2021 reports written from the demo's records.

Each report is compiled by the real service (tables 二, 三, 四 and the drafted prose from the
records). Where the records cannot speak — 政府信息管理, 监督保障, section 五 — the text is the
one the body's own published report prints (``shared/seeds``), shortened. 长通街道 and 南关区民政局
are taken through 提交 → 审核 → 审发 and published (民政局 explains the warning its 规章 gets); the
other three stay drafts; the 南关区 summary is compiled by its 监督员 as a draft. Idempotent: a
body-year that already has a report is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from gongkai.annual_reports import services
from gongkai.annual_reports.models import AnnualReport, ReportKind
from gongkai.annual_reports.selectors import finding_key
from gongkai.annual_reports.summaries import summary_compile
from gongkai.applications import services as clock
from gongkai.organizations.models import Body, Role, User
from gongkai.report.draft import PLACEHOLDER_MARK

YEAR = 2021
#: The demo's 经办人, 审核人, 审发人 (of 南关区民政局) and 监督员 (of 南关区), who act for the
#: seed bodies that have no staff of their own in the demo.
DEMO_PEOPLE = ("demo-jingban", "demo-shenhe", "demo-shenfa", "demo-jiandu")
CLERK = frozenset({Role.CLERK})

#: Text typed from each seed report: (政府信息管理, 监督保障, section 五).
SEED_TEXT: dict[str, tuple[str, str, str]] = {
    "南关区长通街道办事处": (
        "进一步强化政府信息公开申请接收、登记、办理、审核、答复、归档等各个环节的制度规范，"
        "简化办事程序，落实了办理责任。",
        "落实了公开信息的保障部门和保障人，指定政治素质好、业务能力强的工作人员从事政府信息"
        "公开工作，完善了信息公开保密审核机制。",
        "2021年，我街政府信息公开工作存在的问题：一是政务新媒体维护有待加强，二是信息公开更新"
        "不及时，三是信息发布形式有待创新。2022年，我街将严格审核把关、拓宽公开渠道、加强常态"
        "监管、强化业务培训。",
    ),
    "南关区民政局": (
        "严格落实工作人员初审、科室领导审核、分管领导审发的上网信息“三级审查”制度，做到涉密"
        "信息不上网，上网信息不涉密。",
        "全局召开政府工作会议，将政府信息公开纳入全年工作计划，建立完善一系列工作机制。",
        "（一）存在问题。政府信息公开工作业务水平有待进一步提高，政务新媒体平台工作创新性不足。"
        "（二）下步打算。健全机制，优化服务，强化“南关民政”公众号管理。",
    ),
    "南郊镇人民政府": (
        "按照规定及时更新政府信息公开指南和公开目录。",
        "明确专人负责政府信息公开工作，加强对政府信息公开工作的监督检查。",
        "信息公开的及时性、全面性有待加强。下一步将加强培训，提高信息公开质量。",
    ),
    "洛龙区学府街道办事处": (
        "按照要求做好政府信息的发布、更新和管理。",
        "加强组织领导，明确责任分工。",
        "公开内容以工作动态为主，政策解读不足。下一步将丰富公开内容。",
    ),
    "徐家营街道办事处": (
        "规范政府信息发布流程。",
        "加强监督检查和业务培训。",
        "公开形式较为单一。下一步将拓宽公开渠道。",
    ),
}
#: The reports published in the demo, on the day each seed says or implies (before 31 January).
PUBLISHED = {"南关区长通街道办事处": date(2022, 1, 26), "南关区民政局": date(2022, 1, 28)}
WRITTEN_ON = date(2022, 1, 10)
#: The summary is compiled in March, before its 31 March deadline.
SUMMARY_ON = date(2022, 3, 15)
SUMMARY_OF = "长春市南关区人民政府"
#: The written explanation of 民政局's 规章 warning (its report prints one 规章 in force).
REGULATION_EXPLANATION = (
    "表二所列规章系本局按原报告口径填报；本局没有规章制定权，已核实该文件应为上级政府规章，"
    "今后按行政规范性文件和规章的口径分别填报。"
)


@dataclass
class AnnualReportsDemoResult:
    """What a load created."""

    reports: list[str] = field(default_factory=list)


@contextmanager
def _clock(day: date) -> Iterator[None]:
    """The services' clock on ``day`` at 10:00 (the seam the tests move too)."""
    saved = clock.clock_now
    clock.clock_now = lambda: datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    try:
        yield
    finally:
        clock.clock_now = saved


def _filled(text: str, fills: list[str]) -> str:
    """``text`` with each 【待填写】 paragraph replaced by the next of ``fills``."""
    out = []
    queue = list(fills)
    for paragraph in text.split("\n\n"):
        if PLACEHOLDER_MARK in paragraph and queue:
            out.append(queue.pop(0))
        else:
            out.append(paragraph)
    return "\n\n".join(out)


def _write(body: Body, actor: User) -> AnnualReport:
    management, supervision, problems = SEED_TEXT[body.name]
    report = services.report_compile(
        actor=actor, roles=CLERK, body=body, year=YEAR, sections={"5": problems}
    )
    sections = {str(k): str(v) for k, v in report.sections.items()}
    sections["1"] = _filled(sections["1"], [management, supervision])
    if PLACEHOLDER_MARK in sections.get("6", ""):
        sections["6"] = "无。"
    explanations = {
        finding_key(f): REGULATION_EXPLANATION
        for f in report.findings
        if f.get("severity") == "warning"
    }
    return services.report_update(
        actor=actor,
        roles=CLERK,
        report_id=report.pk,
        version=report.version,
        edit=services.ReportEdit(
            sections=sections, preamble=report.preamble, explanations=explanations
        ),
    )


def annual_reports_demo_load() -> AnnualReportsDemoResult:
    """Write whatever of the demo's 2021 reports is missing."""
    result = AnnualReportsDemoResult()
    people = {u.username: u for u in User.objects.filter(username__in=DEMO_PEOPLE)}
    if len(people) < len(DEMO_PEOPLE):
        return result
    clerk, reviewer, approver, supervisor = (people[name] for name in DEMO_PEOPLE)
    with transaction.atomic():
        for name in SEED_TEXT:
            body = Body.objects.filter(name=name).first()
            if body is None or AnnualReport.objects.filter(body=body, year=YEAR).exists():
                continue
            with _clock(WRITTEN_ON):
                report = _write(body, clerk)
            if name in PUBLISHED:
                with _clock(PUBLISHED[name]):
                    services.report_submit(actor=clerk, roles=CLERK, report_id=report.pk)
                    services.report_review(
                        actor=reviewer, roles=frozenset({Role.REVIEWER}), report_id=report.pk
                    )
                    services.report_approve(
                        actor=approver, roles=frozenset({Role.APPROVER}), report_id=report.pk
                    )
            result.reports.append(report.title)
        root = Body.objects.filter(name=SUMMARY_OF).first()
        if (
            root is not None
            and not AnnualReport.objects.filter(
                body=root, year=YEAR, kind=ReportKind.SUMMARY
            ).exists()
        ):
            with _clock(SUMMARY_ON):
                summary = summary_compile(
                    actor=supervisor, roles=frozenset({Role.SUPERVISOR}), body=root, year=YEAR
                )
            result.reports.append(f"{summary.title}（汇总）")
    return result
