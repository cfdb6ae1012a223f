"""Annual reports written on the platform: compiled from the records, edited, checked, reviewed.

The bodies and people come from ``applications_world`` (today is 2026-03-02).
"""

from __future__ import annotations

from datetime import date

import pytest
from applications_world import World, today_fixture, world_fixture  # noqa: F401
from django.core.exceptions import PermissionDenied, ValidationError
from remedies_world import record

from gongkai.annual_reports import services
from gongkai.annual_reports.models import AnnualReport, ReportStatus, ReportStep, StepAction
from gongkai.annual_reports.selectors import finding_key
from gongkai.ledgers.models import DocumentKind
from gongkai.ledgers.services import document_create
from gongkai.organizations.models import Role
from gongkai.remedies.models import CaseKind, Result

CLERK = frozenset({Role.CLERK})
REVIEWER = frozenset({Role.REVIEWER})
APPROVER = frozenset({Role.APPROVER})
SECTIONS = {
    "1": "本镇2025年主动公开政府信息。",
    "5": "存在的主要问题：公开内容不够全面。改进情况：加强培训。",
    "6": "本年度未收取信息处理费。",
}


def compiled(world: World, year: int = 2025, **sections: str) -> AnnualReport:
    return services.report_compile(
        actor=world.clerk, roles=CLERK, body=world.town, year=year, sections=sections or SECTIONS
    )


def edit(report: AnnualReport, **explanations: str) -> services.ReportEdit:
    return services.ReportEdit(
        sections={k: str(v) for k, v in report.sections.items()},
        preamble=report.preamble,
        explanations=explanations,
    )


def test_compile_takes_the_tables_from_the_records(world: World) -> None:
    # Table 四 counted by hand: a 复议 filed and decided (纠正) in 2025, a suit filed in 2025 and
    # still pending; another body's case does not count.
    record(
        world.town,
        world,
        filed_on=date(2025, 3, 1),
        decided_on=date(2025, 5, 1),
        result=Result.CORRECTED,
        decision="revoke",
    )
    record(
        world.town,
        world,
        kind=CaseKind.LITIGATION_DIRECT,
        deciding_organ="甲县人民法院",
        filed_on=date(2025, 9, 1),
    )
    record(world.other, world, filed_on=date(2025, 4, 1))
    report = compiled(world)
    assert report.title == "乙镇人民政府2025年政府信息公开工作年度报告"
    assert report.template == "2021" and report.status == ReportStatus.DRAFT
    # 维持, 纠正, 其他, 尚未审结, 总计
    assert report.tables["reviews_litigation"]["review"] == [0, 1, 0, 0, 1]
    assert report.tables["reviews_litigation"]["litigation_direct"] == [0, 0, 0, 1, 1]
    assert report.tables["applications"]["1"] == [0] * 7
    assert report.sections["1"] == SECTIONS["1"]
    assert ReportStep.objects.filter(report=report, action=StepAction.COMPILE).count() == 1


def test_recompiling_keeps_what_staff_wrote(world: World) -> None:
    report = compiled(world)
    services.report_update(
        actor=world.clerk,
        roles=CLERK,
        report_id=report.pk,
        version=report.version,
        edit=services.ReportEdit(
            sections={**SECTIONS, "1": "改写后的总体情况。"}, preamble="", explanations={}
        ),
    )
    again = compiled(world, **{"1": "新起草的总体情况。", "2": "表二说明。"})
    assert again.pk == report.pk
    assert again.sections["1"] == "改写后的总体情况。"
    assert again.sections["2"] == "表二说明。"


def test_a_stale_edit_is_refused(world: World) -> None:
    report = compiled(world)
    services.report_update(
        actor=world.clerk,
        roles=CLERK,
        report_id=report.pk,
        version=report.version,
        edit=edit(report),
    )
    with pytest.raises(services.ReportStaleError):
        services.report_update(
            actor=world.clerk,
            roles=CLERK,
            report_id=report.pk,
            version=report.version,
            edit=edit(report),
        )


def test_only_writers_compile_and_edit(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.report_compile(
            actor=world.reviewer, roles=REVIEWER, body=world.town, year=2025, sections={}
        )
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("year", [2018, 2026, 2027])
def test_years_the_platform_cannot_write(world: World, year: int) -> None:
    with pytest.raises(ValidationError):
        compiled(world, year=year)
    assert not AnnualReport.objects.exists()


def test_a_warning_needs_a_written_explanation_before_submitting(world: World) -> None:
    # 乙镇 has no power to make 规章: the core warns about the 规章 its table 二 counts.
    document_create(
        body=world.town,
        actor=world.clerk,
        kind=DocumentKind.REGULATION,
        title="乙镇某管理办法",
        number="乙政令〔2025〕1号",
        issued_on=date(2025, 5, 1),
    )
    report = compiled(world)
    assert report.tables["proactive"]["regulations"]["issued"] == 1
    warnings = [f for f in report.findings if f["severity"] == "warning"]
    assert warnings and report.errors == 0
    with pytest.raises(ValidationError, match="警告没有书面说明"):
        services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    explained = services.report_update(
        actor=world.clerk,
        roles=CLERK,
        report_id=report.pk,
        version=report.version,
        edit=edit(
            report,
            **{finding_key(f): "该文件系报经区政府批准的规章，由本镇起草。" for f in warnings},
        ),
    )
    submitted = services.report_submit(actor=world.clerk, roles=CLERK, report_id=explained.pk)
    assert submitted.status == ReportStatus.IN_REVIEW


def test_review_return_and_roles(world: World) -> None:
    report = compiled(world)
    services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    with pytest.raises(PermissionDenied):
        services.report_review(actor=world.clerk, roles=CLERK, report_id=report.pk)
    with pytest.raises(ValidationError, match="写明"):
        services.report_return(
            actor=world.reviewer, roles=REVIEWER, report_id=report.pk, comment=" "
        )
    returned = services.report_return(
        actor=world.reviewer, roles=REVIEWER, report_id=report.pk, comment="请补充平台建设情况。"
    )
    assert returned.status == ReportStatus.DRAFT
    step = ReportStep.objects.get(report=report, action=StepAction.RETURN)
    assert step.comment == "请补充平台建设情况。" and step.actor == world.reviewer
    services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    reviewed = services.report_review(actor=world.reviewer, roles=REVIEWER, report_id=report.pk)
    assert reviewed.status == ReportStatus.IN_APPROVAL
    with pytest.raises(ValidationError):
        services.report_update(
            actor=world.clerk,
            roles=CLERK,
            report_id=report.pk,
            version=reviewed.version,
            edit=edit(reviewed),
        )


def test_sections_one_and_five_must_say_something(world: World) -> None:
    report = compiled(world, **{"1": "总体情况。"})
    with pytest.raises(ValidationError, match="五、存在的主要问题及改进情况"):
        services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_drafted_prose_states_the_records_and_prompts_for_the_rest(world: World) -> None:
    report = services.report_compile(
        actor=world.clerk, roles=CLERK, body=world.town, year=2025, sections={"5": "问题与改进。"}
    )
    assert "2025年，乙镇人民政府未收到政府信息公开申请" in report.sections["1"]
    assert "【待填写" in report.sections["1"]
    assert "未收取信息处理费" in report.sections["6"]
    with pytest.raises(ValidationError, match="待填写"):
        services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)


def test_an_untouched_draft_follows_the_records(world: World) -> None:
    first = services.report_compile(
        actor=world.clerk, roles=CLERK, body=world.town, year=2025, sections={}
    )
    assert "未发生因政府信息公开引起的行政复议" in first.sections["1"]
    record(world.town, world, filed_on=date(2025, 3, 1))
    again = services.report_compile(
        actor=world.clerk, roles=CLERK, body=world.town, year=2025, sections={}
    )
    assert "行政复议1件" in again.sections["1"]
    assert not [f for f in again.findings if f["severity"] == "error"]


def test_each_report_is_checked_against_the_previous_year(world: World) -> None:
    # 乙镇's 2024 report (collected: published elsewhere) carried 2 applications of 自然人 and one
    # 规章 in force into 2025; the records of 2025 carry none in: both continuities break.
    carried = [2, 0, 0, 0, 0, 0, 2]
    AnnualReport.objects.create(
        body=world.town,
        year=2024,
        kind="collected",
        status=ReportStatus.PUBLISHED,
        template="2021",
        title="乙镇人民政府2024年政府信息公开工作年度报告",
        tables={
            "proactive": {"regulations": {"issued": 0, "repealed": 0, "in_force": 1}},
            "applications": {"4": carried},
        },
    )
    report = compiled(world)
    found = {(f["rule"], f["table"], f["row"], f["column"]) for f in report.findings}
    assert ("carryover.mismatch", "applications", "2", "natural_person") in found
    assert any(rule.startswith("carryover.") and table == "proactive" for rule, table, *_ in found)


def test_a_collected_year_is_not_written_again(world: World) -> None:
    AnnualReport.objects.create(
        body=world.town,
        year=2025,
        kind="collected",
        status=ReportStatus.PUBLISHED,
        template="2021",
        title="乙镇人民政府2025年政府信息公开工作年度报告",
    )
    with pytest.raises(ValidationError, match="已由上级收集"):
        compiled(world)
    assert AnnualReport.objects.count() == 1
