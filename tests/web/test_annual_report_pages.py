"""The annual report pages: a body's reports, the editor with its checks, the steps, the 年报 part.

Everything is done through the pages (the services underneath are the real ones); the bodies
and people come from ``applications_world`` (today is 2026-03-02, so 2025 is the last finished
year). Table values are counted by hand from the records each test makes.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pdfplumber
import pytest
from applications_world import APPLICANT, World, today_fixture, world_fixture  # noqa: F401
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings
from remedies_world import record

from gongkai.annual_reports import services, services_collect
from gongkai.annual_reports.models import AnnualReport, ReportStatus, StepAction
from gongkai.annual_reports.selectors import finding_key
from gongkai.applications import services as application_services
from gongkai.ledgers.models import DocumentKind
from gongkai.ledgers.services import document_create
from gongkai.organizations.models import Role, User
from gongkai.remedies.models import CaseKind, Result
from gongkai.report.errors import ReportError

YEAR = 2025
CLERK = frozenset({Role.CLERK})
TEXT = {
    "1": "本镇2025年认真贯彻《条例》，主动公开政府信息。",
    "2": "",
    "3": "",
    "4": "",
    "5": "存在的主要问题：公开内容不够全面。改进情况：加强培训。",
    "6": "本年度未收取信息处理费。",
}
#: A 率 that does not follow from the two counts before it (8 ÷ 10 is 80%): a prose warning.
WRONG_RATE = "全年组织培训10次，其中线上培训8次，线上培训率为50%。"
RATE_WARNING = "8÷10≈80.0%，与所写50%不符"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def compiled(world: World, year: int = YEAR) -> AnnualReport:
    return services.report_compile(
        actor=world.clerk, roles=CLERK, body=world.town, year=year, sections={}
    )


def editor_url(report: AnnualReport, name: str = "editor") -> str:
    return reverse(f"annual_reports_staff:{name}", args=[report.pk])


def form_data(report: AnnualReport, **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {"version": report.version, "preamble": report.preamble}
    for number in range(1, 7):
        data[f"section_{number}"] = changes.get(str(number), TEXT[str(number)])
    return data


def saved(client: Client, report: AnnualReport, **changes: str) -> AnnualReport:
    """Save the editor with ``TEXT`` (changed by ``changes``) through the page."""
    response = client.post(editor_url(report), form_data(report, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    return report


def regulation(world: World) -> None:
    """A 规章 in 乙镇's register: the core warns (a 镇 has no power to make 规章)."""
    document_create(
        body=world.town,
        actor=world.clerk,
        kind=DocumentKind.REGULATION,
        title="乙镇某管理办法",
        number="乙政令〔2025〕1号",
        issued_on=date(2025, 5, 1),
    )


def cases(world: World) -> None:
    """Table 四 of 2025: one 复议 纠正 (decided in 2025), one suit still pending."""
    record(
        world.town,
        world,
        case_number="乙复〔2025〕1号",
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


#: Table 四's one row for ``cases``: 复议 (维持 纠正 其他 尚未审结 总计), then the two 诉讼 groups.
TABLE_FOUR = ["0", "1", "0", "0", "1", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0"]


# ---------------------------------------------------------------------------------------------
# A body's reports
# ---------------------------------------------------------------------------------------------


def test_the_list_offers_the_finished_years_and_compiles_one(world: World) -> None:
    clerk = client_for(world.clerk)
    url = reverse("annual_reports_staff:list", args=[world.town.pk])
    page = clerk.get(url).content.decode()
    assert "编制2025年度报告" in page and "编制2024年度报告" in page
    assert "尚无年度报告" in page
    response = clerk.post(
        reverse("annual_reports_staff:compile", args=[world.town.pk]), {"year": 2025}
    )
    report = AnnualReport.objects.get(body=world.town, year=2025)
    assert response.status_code == 302 and response["Location"] == editor_url(report)
    page = clerk.get(url).content.decode()
    assert "乙镇人民政府2025年政府信息公开工作年度报告" in page
    assert "按记录重新统计2025年度报告" in page and "草稿" in page


def test_a_year_the_page_does_not_offer_is_refused_in_chinese(world: World) -> None:
    response = client_for(world.clerk).post(
        reverse("annual_reports_staff:compile", args=[world.town.pk]), {"year": 2026}
    )
    assert response.status_code == 400
    assert "只能编制页面上列出的年度。" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_the_list_reads_in_constant_queries(world: World) -> None:
    clerk = client_for(world.clerk)
    url = reverse("annual_reports_staff:list", args=[world.town.pk])
    compiled(world, 2025)
    clerk.get(url)  # the session and the user warm up
    with CaptureQueriesContext(connection) as one:
        assert clerk.get(url).status_code == 200
    for year in range(2019, 2025):
        compiled(world, year)
    with CaptureQueriesContext(connection) as seven:
        page = clerk.get(url)
    assert page.content.decode().count("政府信息公开工作年度报告</a>") == 7
    assert len(seven) == len(one)


# ---------------------------------------------------------------------------------------------
# The editor
# ---------------------------------------------------------------------------------------------


def test_the_editor_shows_six_sections_and_the_tables_with_their_records(world: World) -> None:
    cases(world)
    regulation(world)
    report = compiled(world)
    clerk = client_for(world.clerk)
    page = clerk.get(editor_url(report)).content.decode()
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in page
    assert page.count("<textarea") >= 7  # 导语, six sections, a box per warning
    remedies = reverse("remedies:list", args=[world.town.pk])
    corrected = f'{remedies}?year=2025&amp;kind=review&amp;result=corrected"'
    assert corrected in page
    documents = reverse("ledgers:documents", args=[world.town.pk])
    assert f"{documents}?kind=%E8%A7%84%E7%AB%A0" in page
    # The cell's link lists the case it counts.
    listed = clerk.get(f"{remedies}?year=2025&kind=review&result=corrected").content.decode()
    assert "乙复〔2025〕1号" in listed
    assert clerk.get(f"{documents}?kind=规章").content.decode().count("乙政令〔2025〕1号") == 1


def test_a_table_three_cell_links_to_its_applications(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    then = datetime(2025, 6, 2, 9, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with monkeypatch.context() as moved:
        moved.setattr(application_services, "clock_now", lambda: then)
        application, _code = application_services.application_intake(
            body=world.town,
            actor=world.clerk,
            channel="当面",
            received_on=date(2025, 6, 2),
            receipt_evidence="当面提交",
            **APPLICANT,
        )  # received in 2025 from a 自然人
    report = compiled(world)
    clerk = client_for(world.clerk)
    page = clerk.get(editor_url(report)).content.decode()
    cell = reverse("applications:statistics_cases", args=[world.town.pk, 2025])
    assert f'href="{cell}?row=1&amp;col=0"' in page  # 一、本年新收政府信息公开申请数量 · 自然人
    assert f'href="{cell}?row=1&amp;col=6"' in page  # … · 总计
    assert f'href="{cell}?row=1&amp;col=1"' not in page  # 0: nothing to list
    assert application.number in clerk.get(f"{cell}?row=1&col=0").content.decode()
    assert "收到和处理政府信息公开申请情况</caption>" in page
    assert 'scope="rowgroup"' in page and 'scope="colgroup"' in page


def test_saving_keeps_the_text_and_a_stale_save_keeps_what_was_typed(world: World) -> None:
    report = compiled(world)
    clerk = client_for(world.clerk)
    loaded = form_data(report, **{"5": "第一位经办人写的第五部分。"})
    report = saved(clerk, report, **{"5": "第二位经办人先保存的第五部分。"})
    assert report.sections["5"] == "第二位经办人先保存的第五部分。"
    response = clerk.post(editor_url(report), loaded)  # loaded at the old version
    assert response.status_code == 409
    page = response.content.decode()
    assert services.STALE_MESSAGE in page
    assert "第一位经办人写的第五部分。" in page
    report.refresh_from_db()
    assert report.sections["5"] == "第二位经办人先保存的第五部分。"


def test_check_runs_on_the_unsaved_text_without_saving(world: World) -> None:
    report = saved(client_for(world.clerk), compiled(world))
    version = report.version
    data = form_data(report, **{"5": WRONG_RATE})
    plain = client_for(world.clerk).post(editor_url(report, "check"), data)
    assert plain.status_code == 200
    page = plain.content.decode()
    assert RATE_WARNING in page and WRONG_RATE in page and "<html" in page
    assert "尚未保存" in page
    swapped = client_for(world.clerk).post(
        editor_url(report, "check"), data, HTTP_HX_REQUEST="true"
    )
    fragment = swapped.content.decode()
    assert swapped.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="findings"') and RATE_WARNING in fragment
    report.refresh_from_db()
    assert report.version == version and report.sections["5"] == TEXT["5"]
    assert not any(RATE_WARNING in f["message"] for f in report.findings)


def test_a_warning_is_explained_on_the_page_before_submitting(world: World) -> None:
    regulation(world)
    clerk = client_for(world.clerk)
    report = saved(clerk, compiled(world))
    warning = next(f for f in report.findings if f["severity"] == "warning")
    refused = clerk.post(editor_url(report, "submit"))
    assert refused.status_code == 400
    assert "警告没有书面说明" in refused.content.decode()
    page = clerk.get(editor_url(report)).content.decode()
    assert f'name="explain:{finding_key(warning)}"' in page
    data = form_data(report)
    data[f"explain:{finding_key(warning)}"] = "该文件系报经区政府批准的规章。"
    assert clerk.post(editor_url(report), data).status_code == 302
    report.refresh_from_db()
    assert report.explanations == {finding_key(warning): "该文件系报经区政府批准的规章。"}
    assert clerk.post(editor_url(report, "submit")).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW


# ---------------------------------------------------------------------------------------------
# From compiling to the portal
# ---------------------------------------------------------------------------------------------


def test_compile_edit_submit_review_approve_and_read_it_on_the_portal(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    cases(world)
    body = world.town
    part = reverse("portal:column_part", args=[body.pk, "annual-reports"])
    anonymous = Client()
    assert "本栏目暂无内容" in anonymous.get(part).content.decode()  # and cached
    clerk, reviewer, approver = (
        client_for(u) for u in (world.clerk, world.reviewer, world.approver)
    )
    clerk.post(reverse("annual_reports_staff:compile", args=[body.pk]), {"year": 2025})
    report = AnnualReport.objects.get(body=body, year=2025)
    report = saved(clerk, report)
    assert clerk.post(editor_url(report, "submit")).status_code == 302
    assert (
        reviewer.post(editor_url(report, "return"), {"comment": "请补充培训情况。"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert "请补充培训情况。" in clerk.get(editor_url(report)).content.decode()
    report = saved(clerk, report, **{"5": TEXT["5"] + "全年组织培训2次。"})
    assert 'id="returned"' in clerk.get(editor_url(report)).content.decode()  # until resubmitted
    clerk.post(editor_url(report, "submit"))
    assert 'id="returned"' not in clerk.get(editor_url(report)).content.decode()
    assert reviewer.post(editor_url(report, "review")).status_code == 302
    page = approver.get(editor_url(report)).content.decode()
    assert "审发并发布" in page and "请补充培训情况。" in page
    assert approver.post(editor_url(report, "approve")).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.published_on == date(2026, 3, 2)
    actions = list(report.steps.values_list("action", flat=True))
    assert actions == [
        StepAction.COMPILE,
        StepAction.EDIT,
        StepAction.SUBMIT,
        StepAction.RETURN,
        StepAction.EDIT,
        StepAction.SUBMIT,
        StepAction.REVIEW,
        StepAction.APPROVE,
        StepAction.PUBLISH,
    ]

    listing = anonymous.get(part).content.decode()
    page_url = reverse("annual_reports_public:report", args=[body.pk, 2025])
    assert f'href="{page_url}"' in listing and "2026-03-02" in listing
    public = anonymous.get(page_url).content.decode()
    assert "乙镇人民政府2025年政府信息公开工作年度报告" in public
    assert "发布日期" in public and "2026-03-02" in public
    assert "全年组织培训2次。" in public
    assert public.count("<caption>") >= 6 and 'scope="row"' in public
    assert reverse("remedies:list", args=[body.pk]) not in public  # no staff links

    docx_response = anonymous.get(reverse("annual_reports_public:docx", args=[body.pk, 2025]))
    assert docx_response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = docx.Document(io.BytesIO(b"".join(docx_response.streaming_content)))
    rows = [[c.text.strip() for c in row.cells] for t in document.tables for row in t.rows]
    assert any(row[-15:] == TABLE_FOUR for row in rows)
    assert "全年组织培训2次。" in "\n".join(p.text for p in document.paragraphs)

    pdf_response = anonymous.get(reverse("annual_reports_public:pdf", args=[body.pk, 2025]))
    assert pdf_response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(b"".join(pdf_response.streaming_content))) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        tables = [row for p in pdf.pages for t in p.extract_tables() for row in t]
    assert "乙镇人民政府2025年政府信息公开工作年度报告" in text.replace("\n", "")
    assert any([str(c or "").strip() for c in row][-15:] == TABLE_FOUR for row in tables)


def test_unpublished_reports_are_a_chinese_404(world: World) -> None:
    compiled(world)
    anonymous = Client()
    for name in ("report", "docx", "pdf", "summary", "summary_pdf"):
        response = anonymous.get(
            reverse(f"annual_reports_public:{name}", args=[world.town.pk, 2025])
        )
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


def test_the_part_reads_in_constant_queries(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    part = reverse("portal:column_part", args=[world.town.pk, "annual-reports"])
    clerk = client_for(world.clerk)  # signed in: the page is rendered afresh every time
    clerk.get(part)
    with CaptureQueriesContext(connection) as none:
        clerk.get(part)
    for year in (2023, 2024):
        report = saved(clerk, compiled(world, year))
        services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
        services.report_review(
            actor=world.reviewer, roles=frozenset({Role.REVIEWER}), report_id=report.pk
        )
        services.report_approve(
            actor=world.approver, roles=frozenset({Role.APPROVER}), report_id=report.pk
        )
    with CaptureQueriesContext(connection) as two:
        page = clerk.get(part).content.decode()
    assert page.index("2024年政府信息公开工作年度报告") < page.index(
        "2023年政府信息公开工作年度报告"
    )
    assert len(two) == len(none)


# ---------------------------------------------------------------------------------------------
# Who may do what, and when
# ---------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    report = compiled(world)
    anonymous = Client()
    login = reverse("accounts:login")
    urls = [
        ("get", reverse("annual_reports_staff:list", args=[world.town.pk])),
        ("post", reverse("annual_reports_staff:compile", args=[world.town.pk])),
        ("get", editor_url(report)),
        ("post", editor_url(report)),
        *(
            ("post", editor_url(report, n))
            for n in ("check", "submit", "review", "return", "approve")
        ),
    ]
    for method, url in urls:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url


def test_another_bodys_clerk_gets_403_everywhere(world: World) -> None:
    report = compiled(world)
    other = client_for(world.other_clerk)
    assert other.get(reverse("annual_reports_staff:list", args=[world.town.pk])).status_code == 403
    assert (
        other.post(
            reverse("annual_reports_staff:compile", args=[world.town.pk]), {"year": 2025}
        ).status_code
        == 403
    )
    assert other.get(editor_url(report)).status_code == 403
    assert other.post(editor_url(report), form_data(report)).status_code == 403
    for name in ("check", "submit", "review", "return", "approve"):
        assert other.post(editor_url(report, name), form_data(report)).status_code == 403, name
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.sections.get("5", "") == ""


def test_wrong_roles_get_403(world: World) -> None:
    report = compiled(world)
    reviewer = client_for(world.reviewer)
    assert (
        reviewer.post(
            reverse("annual_reports_staff:compile", args=[world.town.pk]), {"year": 2024}
        ).status_code
        == 403
    )
    assert reviewer.post(editor_url(report), form_data(report)).status_code == 403
    assert reviewer.post(editor_url(report, "check"), form_data(report)).status_code == 403
    assert reviewer.post(editor_url(report, "submit")).status_code == 403
    report = saved(client_for(world.clerk), report)
    client_for(world.clerk).post(editor_url(report, "submit"))
    clerk = client_for(world.clerk)
    assert clerk.post(editor_url(report, "review")).status_code == 403
    assert clerk.post(editor_url(report, "return"), {"comment": "退回"}).status_code == 403
    reviewer.post(editor_url(report, "review"))
    assert reviewer.post(editor_url(report, "approve")).status_code == 403
    assert reviewer.post(editor_url(report, "return"), {"comment": "退回"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_APPROVAL
    # A 监督员 above the body reads the report, and only reads it.
    supervisor = client_for(world.supervisor)
    page = supervisor.get(editor_url(report)).content.decode()
    assert report.title in page and "提交审核</button>" not in page
    assert supervisor.post(editor_url(report), form_data(report)).status_code == 403


def test_wrong_status_is_refused_in_chinese(world: World) -> None:
    report = compiled(world)
    clerk, reviewer, approver = (
        client_for(u) for u in (world.clerk, world.reviewer, world.approver)
    )

    def refused(
        client: Client, name: str, message: str, data: dict[str, Any] | None = None
    ) -> None:
        response = client.post(editor_url(report, name), data or {})
        assert response.status_code == 400, name
        assert message in response.content.decode(), name

    refused(reviewer, "review", "该报告不在待审核状态。")
    refused(approver, "approve", "该报告不在待审发状态。")
    refused(approver, "return", "只有待审核或待审发的报告可以退回。", {"comment": "请修改。"})
    report = saved(clerk, report)
    clerk.post(editor_url(report, "submit"))
    report.refresh_from_db()
    refused(clerk, "submit", "只有草稿可以提交审核。")
    refused(clerk, "editor", services.NOT_DRAFT_MESSAGE, form_data(report))
    refused(clerk, "check", services.NOT_DRAFT_MESSAGE, form_data(report))
    refused(reviewer, "return", "退回时请写明需要修改的内容。", {"comment": " "})
    response = clerk.post(
        reverse("annual_reports_staff:compile", args=[world.town.pk]), {"year": 2025}
    )
    assert response.status_code == 400
    assert services.NOT_DRAFT_MESSAGE in response.content.decode()


@pytest.mark.parametrize("name", ["submit", "review", "return", "approve", "check"])
def test_steps_are_posts_only(world: World, name: str) -> None:
    report = compiled(world)
    assert client_for(world.clerk).get(editor_url(report, name)).status_code == 405


def test_a_file_that_cannot_be_written_publishes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: AnnualReport) -> dict[str, bytes]:
        raise ReportError("输出 PDF 需要 WeasyPrint 及其系统库")

    monkeypatch.setattr(services, "report_files", broken)
    report = saved(client_for(world.clerk), compiled(world))
    services.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    services.report_review(
        actor=world.reviewer, roles=frozenset({Role.REVIEWER}), report_id=report.pk
    )
    response = client_for(world.approver).post(editor_url(report, "approve"))
    assert response.status_code == 500
    assert "报告文件生成失败：输出 PDF 需要 WeasyPrint 及其系统库" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_APPROVAL and not report.pdf


def test_a_collected_report_is_read_on_its_source_page_and_shown_on_the_portal(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    seed = (
        Path(__file__).resolve().parents[1] / "cases/seed-000_b2a6ebfd1a6d7656/input.txt"
    )  # 长通街道
    collected = services_collect.report_collect(
        actor=world.supervisor,
        body=world.town,
        year=2021,
        data=seed.read_bytes(),
        name=seed.name,
        published_on=date(2022, 1, 20),
        source_url="https://www.example.gov.cn/2021-report.html",
    ).report
    listing = client_for(world.clerk).get(
        reverse("annual_reports_staff:list", args=[world.town.pk])
    )
    source = reverse("annual_reports_collect:source", args=[collected.pk])
    assert f'href="{source}"' in listing.content.decode()
    page = Client().get(reverse("annual_reports_public:report", args=[world.town.pk, 2021]))
    html = page.content.decode()
    assert page.status_code == 200 and "2022-01-20" in html
    assert "按照“应公开、尽公开”的要求" in html  # the seed's preamble
    assert 'href="https://www.example.gov.cn/2021-report.html"' in html
    missing = Client().get(reverse("annual_reports_public:pdf", args=[world.town.pk, 2021]))
    assert missing.status_code == 404  # collected: only the file it was read from
