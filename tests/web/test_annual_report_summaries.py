"""The 本级政府 summary of a subtree: sums of the published reports, missing bodies, its check.

The bodies and people come from ``applications_world`` (today is 2026-03-02): 甲县人民政府 with
乙镇 and 丙镇 below it; 甲县's 监督员 compiles the summary.
"""

from __future__ import annotations

from datetime import date

import pytest
from applications_world import PASSWORD, World, today_fixture, world_fixture  # noqa: F401
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from remedies_world import record

from gongkai.annual_reports import services
from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus
from gongkai.annual_reports.summaries import summary_compile
from gongkai.organizations.models import Role
from gongkai.remedies.models import Result

CLERK = frozenset({Role.CLERK})
SUPERVISOR = frozenset({Role.SUPERVISOR})
SECTIONS = {"1": "总体情况。", "5": "问题与改进。", "6": "未收取信息处理费。"}


def published_town_report(world: World) -> AnnualReport:
    """乙镇's 2025 report, through compile, submit, review and 审发."""
    report = services.report_compile(
        actor=world.clerk, roles=CLERK, body=world.town, year=2025, sections=SECTIONS
    )
    services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    services.report_review(
        actor=world.reviewer, roles=frozenset({Role.REVIEWER}), report_id=report.pk
    )
    return services.report_approve(
        actor=world.approver, roles=frozenset({Role.APPROVER}), report_id=report.pk
    )


def test_the_summary_sums_published_reports_and_lists_the_missing(world: World) -> None:
    record(
        world.town,
        world,
        filed_on=date(2025, 3, 1),
        decided_on=date(2025, 5, 1),
        result=Result.CORRECTED,
        decision="revoke",
    )
    town = published_town_report(world)
    assert town.status == ReportStatus.PUBLISHED
    summary = summary_compile(
        actor=world.supervisor, roles=SUPERVISOR, body=world.county, year=2025
    )
    assert summary.kind == ReportKind.SUMMARY and summary.status == ReportStatus.DRAFT
    assert summary.title == "甲县人民政府2025年政府信息公开工作年度报告"
    assert summary.coverage["parts"] == ["乙镇人民政府"]
    assert summary.coverage["missing"] == ["甲县人民政府", "丙镇人民政府"]
    assert summary.tables["reviews_litigation"]["review"] == [0, 1, 0, 0, 1]
    assert "尚未发布，未计入：甲县人民政府、丙镇人民政府" in summary.sections["1"]
    assert "行政复议1件" in summary.sections["1"]
    assert not [
        f for f in summary.findings if f["rule"].startswith("summary.") and f["severity"] == "error"
    ]


def test_a_part_published_later_makes_the_summary_disagree_until_recompiled(
    world: World,
) -> None:
    published_town_report(world)
    summary = summary_compile(
        actor=world.supervisor, roles=SUPERVISOR, body=world.county, year=2025
    )
    # 丙镇's report arrives afterwards (as the collection stores one: published elsewhere).
    AnnualReport.objects.create(
        body=world.other,
        year=2025,
        kind=ReportKind.COLLECTED,
        status=ReportStatus.PUBLISHED,
        template="2021",
        title="丙镇人民政府2025年政府信息公开工作年度报告",
        published_on=date(2026, 1, 20),
        tables={
            "reviews_litigation": {
                "review": [1, 0, 0, 0, 1],
                "litigation_direct": [0, 0, 0, 0, 0],
                "litigation_after_review": [0, 0, 0, 0, 0],
            }
        },
    )
    services.report_refresh_findings(summary)
    disagreeing = {(f["table"], f["row"]) for f in summary.findings if f["severity"] == "error"}
    assert ("reviews_litigation", "review") in disagreeing
    again = summary_compile(actor=world.supervisor, roles=SUPERVISOR, body=world.county, year=2025)
    assert again.pk == summary.pk
    assert again.tables["reviews_litigation"]["review"] == [1, 0, 0, 0, 1]
    assert again.coverage["parts"] == ["乙镇人民政府", "丙镇人民政府"]
    assert not [f for f in again.findings if f["severity"] == "error"]


def test_who_may_compile_a_summary(world: World) -> None:
    with pytest.raises(PermissionDenied):
        summary_compile(
            actor=world.reviewer, roles=frozenset({Role.REVIEWER}), body=world.county, year=2025
        )
    with pytest.raises(ValidationError, match="没有所属机关"):
        summary_compile(actor=world.clerk, roles=CLERK, body=world.town, year=2025)
    assert not AnnualReport.objects.exists()


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_supervisor_compiles_the_summary_from_a_page(world: World) -> None:
    published_town_report(world)
    url = f"/workspace/bodies/{world.county.pk}/annual-reports/summary/"
    client = signed_in("supervisor")
    response = client.post(url, {"year": "2025"})
    summary = AnnualReport.objects.get(kind=ReportKind.SUMMARY)
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/annual-reports/{summary.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "已汇总1份年度报告，2个机关的报告尚未发布、未计入" in page.content.decode()


def test_the_summary_action_refuses_others_and_bad_years(world: World) -> None:
    url = f"/workspace/bodies/{world.county.pk}/annual-reports/summary/"
    assert signed_in("other-clerk").post(url, {"year": "2025"}).status_code == 403
    assert signed_in("outsider").post(url, {"year": "2025"}).status_code == 403
    assert Client().post(url, {"year": "2025"}).status_code == 302  # to the login page
    response = signed_in("supervisor").post(url, {"year": "2026"}, follow=True)
    assert "2026年尚未结束" in response.content.decode()
    assert not AnnualReport.objects.exists()
