"""The supervisor's dashboard: who published the 2025 report on time, late or not at all.

The bodies and people come from ``applications_world`` (today is 2026-03-02; a body's 2025 report
was due by 2026-01-31, the county's summary is due by 2026-03-31). Reports go through
``gongkai.annual_reports.services`` (compile, submit, review, 审发 on the day the clock says); the
demo's own 2021 reports and 南关区 summary are read as the demo writes them.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from applications_world import APPLICANT, World, today_fixture, world_fixture  # noqa: F401
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings
from remedies_world import record

from gongkai.annual_reports import services as reports
from gongkai.annual_reports.models import AnnualReport, ReportStatus
from gongkai.annual_reports.selectors import finding_key
from gongkai.annual_reports.services_collect import report_collect
from gongkai.annual_reports.summaries import summary_compile
from gongkai.applications import services as applications
from gongkai.applications.models import Application, Channel
from gongkai.ledgers.models import DocumentKind
from gongkai.ledgers.services import document_create
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.remedies.models import CaseKind, Result
from gongkai.report.draft import PLACEHOLDER_MARK
from gongkai.supervision import charts
from gongkai.supervision.selectors import dashboard_read, dashboard_tables, supervised_subtree

pytestmark = pytest.mark.django_db

CLERK = frozenset({Role.CLERK})
REVIEWER = frozenset({Role.REVIEWER})
APPROVER = frozenset({Role.APPROVER})
SUPERVISOR = frozenset({Role.SUPERVISOR})
SECTIONS = {
    "1": "本机关2025年主动公开政府信息。",
    "5": "存在的主要问题：公开内容不够全面。改进情况：加强培训。",
    "6": "本年度未收取信息处理费。",
}
YEAR = 2025
#: The five seed reports as published (copies of ``shared/seeds`` kept with the golden cases).
CASES = Path(__file__).resolve().parents[1] / "cases"


def seed_path(name: str) -> Path:
    """The seed ``NNN_<hash>.txt`` as kept in ``tests/cases/seed-NNN_<hash>/input.txt``."""
    return CASES / f"seed-{name.removesuffix('.txt')}" / "input.txt"


@pytest.fixture(autouse=True)
def figures_forgotten() -> None:
    """The charts' figures are cached per subtree, year and day: each test starts without."""
    cache.clear()


def at(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Move the services' clock to 9:30 on ``day``."""
    now = datetime(day.year, day.month, day.day, 9, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(applications, "clock_now", lambda: now)


def compiled(world: World, body: Body) -> AnnualReport:
    return reports.report_compile(
        actor=world.clerk, roles=CLERK, body=body, year=YEAR, sections=SECTIONS
    )


def reviewed(world: World, body: Body) -> AnnualReport:
    """Compiled, submitted and reviewed through the services: waiting for 审发."""
    report = compiled(world, body)
    reports.report_submit(actor=world.clerk, roles=CLERK, report_id=report.pk)
    return reports.report_review(actor=world.reviewer, roles=REVIEWER, report_id=report.pk)


def published(world: World, report: AnnualReport) -> AnnualReport:
    """审发 through the service: published (with its DOCX and PDF) on the clock's day."""
    return reports.report_approve(actor=world.approver, roles=APPROVER, report_id=report.pk)


def received(world: World, body: Body, on: date, actor: User | None = None) -> Application:
    """A case handed in at the counter on ``on`` (open, in 审核)."""
    actor = actor or (world.clerk if body == world.town else world.other_clerk)
    application, _code = applications.application_intake(
        body=body,
        actor=actor,
        channel=Channel.IN_PERSON,
        received_on=on,
        receipt_evidence="当面提交",
        **APPLICANT,
    )
    return application


@pytest.fixture
def street(world: World) -> Body:
    """A third body under the county, with a clerk of its own."""
    body = body_create(name="丁街道办事处", kind=BodyKind.SUBDISTRICT, parent=world.county)
    membership_grant(
        user=user_create(username="street-clerk", password=None), body=body, role=Role.CLERK
    )
    return body


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> None:
    """Published reports' DOCX and PDF go to a directory of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def year_of_work(world: World, street: Body, media: None, monkeypatch: pytest.MonkeyPatch) -> World:
    """The county's 2025 as the tests count it by hand.

    Reports: 乙镇 published 2026-01-20 (on time), 丙镇 2026-02-10 (10 days late), 丁街道 a
    draft with a warning (its 规章), the county none; no summary yet.
    Applications: 乙镇 received one on 2024-05-06 (withdrawn on 2024-05-10), one on
    2025-03-03 (withdrawn on 2025-03-10: 其他处理), two on 2025-11-03 (open); 丙镇 one on
    2025-12-01 (open). 复议: 乙镇 one corrected and one upheld in 2025; a suit pending.
    """
    at(monkeypatch, date(2024, 5, 10))
    applications.application_withdraw(
        application_id=received(world, world.town, date(2024, 5, 6)).pk
    )
    at(monkeypatch, date(2025, 3, 10))
    applications.application_withdraw(
        application_id=received(world, world.town, date(2025, 3, 3)).pk
    )
    at(monkeypatch, date(2025, 12, 1))
    received(world, world.town, date(2025, 11, 3))
    received(world, world.town, date(2025, 11, 3))
    received(world, world.other, date(2025, 12, 1))
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
        filed_on=date(2025, 4, 1),
        decided_on=date(2025, 6, 1),
        result=Result.UPHELD,
    )
    record(
        world.town,
        world,
        kind=CaseKind.LITIGATION_DIRECT,
        deciding_organ="甲县人民法院",
        filed_on=date(2025, 9, 1),
    )

    at(monkeypatch, date(2026, 1, 20))
    published(world, reviewed(world, world.town))
    at(monkeypatch, date(2026, 2, 10))
    clerk = User.objects.get(username="street-clerk")
    document_create(
        body=street,
        actor=clerk,
        kind=DocumentKind.REGULATION,
        title="丁街道某管理办法",
        number="丁街发〔2025〕1号",
        issued_on=date(2025, 5, 1),
    )
    published(world, reviewed(world, world.other))
    compiled(world, street)
    at(monkeypatch, date(2026, 3, 2))
    return world


def dashboard_url(body: Body, year: int = YEAR) -> str:
    return reverse("supervision:dashboard", args=[body.pk, year])


def row_of(page: str, body: Body) -> str:
    match = re.search(rf'<tr id="body-{body.pk}".*?</tr>', page, re.S)
    assert match, body.name
    return match.group(0)


def test_the_dashboard_shows_each_body_on_time_late_or_missing(
    year_of_work: World, street: Body, client: Client
) -> None:
    world = year_of_work
    client.force_login(world.supervisor)
    page = client.get(dashboard_url(world.county)).content.decode()
    town = row_of(page, world.town)
    assert "按时发布" in town and "2026-01-20" in town and "已发布" in town
    editor = reverse(
        "annual_reports_staff:editor", args=[AnnualReport.objects.get(body=world.town).pk]
    )
    assert f'<a href="{editor}">已发布</a>' in town
    assert client.get(editor).status_code == 200  # the supervisor reads the report
    other = row_of(page, world.other)
    assert "逾期发布10天" in other and "2026-02-10" in other
    draft = row_of(page, street)
    assert "草稿" in draft and "未发布（已过期限）" in draft and "2026-01-31" in draft
    county = row_of(page, world.county)
    assert "未编制" in county and "未发布（已过期限）" in county
    assert '<strong id="count-on-time">1</strong>' in page
    assert '<strong id="count-late">1</strong>' in page
    assert '<strong id="count-missing">2</strong>' in page
    # The county's summary (本级政府年度报告) is due by 31 March: not yet late.
    summary = re.search(r'<p id="summary-status">(.*?)</p>', page, re.S)
    assert summary and "未编制" in summary.group(1)
    assert "尚未发布（未到期限）" in summary.group(1) and "2026年3月31日" in summary.group(1)


def test_findings_are_listed_under_their_body(
    year_of_work: World, street: Body, client: Client
) -> None:
    report = AnnualReport.objects.get(body=street, year=YEAR)
    warnings = [f for f in report.findings if f["severity"] == "warning"]
    assert report.warnings == len(warnings) == 1
    client.force_login(year_of_work.supervisor)
    page = client.get(dashboard_url(year_of_work.county)).content.decode()
    draft = row_of(page, street)
    assert '警告 <span class="warnings">1</span>' in draft
    assert "<details>" in draft and warnings[0]["message"] in draft
    assert '<span class="kind">（表二 规章' in draft  # where, as the national format names it
    assert warnings[0]["message"] not in row_of(page, year_of_work.town)


def test_overdue_applications_are_counted_per_body_with_a_link_to_its_queue(
    year_of_work: World, client: Client
) -> None:
    world = year_of_work
    client.force_login(world.supervisor)
    page = client.get(dashboard_url(world.county)).content.decode()
    queue = reverse("applications:queue", args=[world.town.pk]) + "?due=overdue"
    assert f'<a href="{queue}">2件</a>' in row_of(page, world.town)
    queue = reverse("applications:queue", args=[world.other.pk]) + "?due=overdue"
    assert f'<a href="{queue}">1件</a>' in row_of(page, world.other)
    assert '<strong id="count-overdue">3</strong>' in page
    # The queue behind the link lists the same cases.
    client.force_login(world.clerk)
    assert client.get(queue.replace(str(world.other.pk), str(world.town.pk))).status_code == 200


def figures_of(world: World) -> dict[str, list[list[Any]]]:
    nodes = supervised_subtree(user=world.supervisor, body_id=world.county.pk)
    board = dashboard_read(nodes=nodes, year=YEAR, today=date(2026, 3, 2))
    return {table.slug: table.rows for table in dashboard_tables(board)}


def test_chart_figures_come_from_the_records(year_of_work: World) -> None:
    tables = figures_of(year_of_work)
    assert tables["received"] == [
        ["2019", 0],
        ["2020", 0],
        ["2021", 0],
        ["2022", 0],
        ["2023", 0],
        ["2024", 1],
        ["2025", 4],
    ]
    assert tables["outcomes"] == [
        ["予以公开", 0],
        ["部分公开", 0],
        ["不予公开", 0],
        ["无法提供", 0],
        ["不予处理", 0],
        ["其他处理", 1],
    ]
    assert tables["remedies"] == [
        ["行政复议", 1, 1, 0, 0, 2, "50.0%"],
        ["行政诉讼（未经复议直接起诉）", 0, 0, 0, 1, 1, "—"],
        ["行政诉讼（复议后起诉）", 0, 0, 0, 0, 0, "—"],
    ]
    assert tables["timeliness"] == [
        ["按时发布", 1],
        ["逾期发布", 1],
        ["未发布（已过期限）", 2],
        ["已发布（发布日期不详）", 0],
        ["尚未发布（未到期限）", 0],
    ]


def test_the_charts_figures_are_kept_for_a_while_and_the_table_stays_live(
    year_of_work: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = year_of_work
    client.force_login(world.supervisor)
    client.get(dashboard_url(world.county))
    received(world, world.other, date(2026, 1, 5))  # overdue by now; received in 2026
    record(
        world.town,
        world,
        filed_on=date(2025, 10, 1),
        decided_on=date(2025, 11, 1),
        result=Result.CORRECTED,
        decision="revoke",
    )
    page = client.get(dashboard_url(world.county)).content.decode()
    assert '<strong id="count-overdue">4</strong>' in page  # live
    assert "纠错率：50.0%" in page  # kept: two of three decided 复议 corrected from now on
    cache.clear()
    assert "纠错率：66.7%" in client.get(dashboard_url(world.county)).content.decode()


def test_charts_are_local_svg_with_their_numbers(year_of_work: World, client: Client) -> None:
    client.force_login(year_of_work.supervisor)
    page = client.get(dashboard_url(year_of_work.county)).content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert "<script" not in svg
        assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= {
            "http://www.w3.org/2000/svg",
            "http://www.w3.org/1999/xlink",
        }
        assert '"Noto Sans CJK SC"' in svg
    received, outcomes, remedies, timeliness = svgs
    assert re.findall(r'<desc class="value">(\d+)</desc>', received) == ["0"] * 5 + ["1", "4"]
    assert "其他处理" in outcomes and '<desc class="value">1</desc>' in outcomes
    assert "纠错率：50.0%" in remedies
    assert "按时发布（1）" in timeliness and "未发布（已过期限）（2）" in timeliness
    # Each chart's numbers are also a table.
    assert "<caption>历年收到政府信息公开申请</caption>" in page
    assert (
        '<th scope="row">行政复议</th>'
        "<td>1</td><td>1</td><td>0</td><td>0</td><td>2</td><td>50.0%</td>" in page
    )


def test_the_dashboard_stylesheet_is_served_from_the_app() -> None:
    assert finders.find("supervision/supervision.css")


def test_a_chart_never_loads_a_script() -> None:
    svg = charts.bar_chart("测试", ("甲",), (("乙", (3,)),))
    assert "<script" not in svg and "<!--" not in svg
    assert '<desc class="value">3</desc>' in svg


def test_exports_give_back_the_dashboard_tables(year_of_work: World, client: Client) -> None:
    world = year_of_work
    expected = figures_of(world)
    client.force_login(world.supervisor)
    answer = client.get(dashboard_url(world.county), {"format": "xlsx"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in answer["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content), read_only=True)
    sheets = {}
    for sheet in workbook.worksheets:
        # A blank cell reads back as None.
        sheets[sheet.title] = [
            ["" if cell is None else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    assert len(sheets) == 7
    bodies = sheets["2025年度各机关年度报告"]
    assert bodies[0][:4] == ["机关", "层级", "报告来源", "状态"]
    assert bodies[1:] == expected["bodies"]
    assert [row[0] for row in bodies[1:]] == [
        "甲县人民政府",
        "丁街道办事处",
        "丙镇人民政府",
        "乙镇人民政府",
    ]
    town = next(row for row in bodies if row[0] == "乙镇人民政府")
    assert town[2:] == ["平台编制", "已发布", "2026-01-31", "2026-01-20", "按时发布", 0, 0, 0, 2]
    assert sheets["2025年度行政复议、行政诉讼及纠错率"][1:] == expected["remedies"]
    assert sheets["2025年度报告检查发现"][1:] == expected["findings"]
    assert len(expected["findings"]) >= 1

    for slug in ("bodies", "findings", "remedies", "received"):
        answer = client.get(dashboard_url(world.county), {"format": "csv", "table": slug})
        assert answer.status_code == 200
        assert answer.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows[1:] == [[str(cell) for cell in row] for row in expected[slug]]
    assert rows[0] == ["年度", "本年新收申请（件）"]
    assert (
        client.get(dashboard_url(world.county), {"format": "csv", "table": "x"}).status_code == 404
    )
    assert client.get(dashboard_url(world.county), {"format": "pdf"}).status_code == 404


def test_who_may_open_the_dashboard(world: World, client: Client) -> None:
    url = dashboard_url(world.county)
    assert client.get(url).status_code == 302  # to the sign-in page
    for name in ("clerk", "approver", "admin", "outsider"):
        client.force_login(world.user(name))
        assert client.get(url).status_code == 403, name
    client.force_login(world.supervisor)
    assert client.get(url).status_code == 200
    assert client.get(dashboard_url(world.town)).status_code == 200  # a body below
    town_supervisor = user_create(username="town-supervisor", password=None)
    membership_grant(user=town_supervisor, body=world.town, role=Role.SUPERVISOR)
    client.force_login(town_supervisor)
    assert client.get(dashboard_url(world.town)).status_code == 200
    above = client.get(dashboard_url(world.county))
    beside = client.get(dashboard_url(world.other))
    missing = client.get(reverse("supervision:dashboard", args=[999_999, YEAR]))
    assert above.status_code == beside.status_code == missing.status_code == 403
    for answer in (above, beside, missing):  # the same answer: nothing about the body
        text = answer.content.decode()
        assert not any(name in text for name in ("甲县", "丙镇", "乙镇"))
    root = User.objects.create_superuser(username="root", password=None)
    client.force_login(root)
    assert client.get(url).status_code == 200
    assert client.get(reverse("supervision:dashboard", args=[999_999, YEAR])).status_code == 403
    assert client.get(dashboard_url(world.county, 2026)).status_code == 404
    assert client.get(dashboard_url(world.county, 2018)).status_code == 404


def test_the_index_lists_the_supervised_subtrees_and_the_workspace_links_to_it(
    world: World, client: Client
) -> None:
    client.force_login(world.supervisor)
    home = client.get(reverse("workspace:index")).content.decode()
    assert f'href="{reverse("supervision:index")}"' in home
    page = client.get(reverse("supervision:index")).content.decode()
    assert f'href="{dashboard_url(world.county)}"' in page
    assert "乙镇人民政府" not in page
    client.force_login(world.clerk)
    assert (
        reverse("supervision:index") not in client.get(reverse("workspace:index")).content.decode()
    )
    assert "您没有监督员角色" in client.get(reverse("supervision:index")).content.decode()


def summary_published(world: World, monkeypatch: pytest.MonkeyPatch) -> AnnualReport:
    """The county's 2025 summary, compiled by its 监督员 on 2026-03-10, published on 03-20."""
    at(monkeypatch, date(2026, 3, 10))
    summary = summary_compile(
        actor=world.supervisor, roles=SUPERVISOR, body=world.county, year=YEAR
    )
    sections = {
        number: "\n\n".join(
            "本段由监督员填写。" if PLACEHOLDER_MARK in paragraph else paragraph
            for paragraph in str(text).split("\n\n")
        )
        for number, text in summary.sections.items()
    }
    sections.update({k: v for k, v in SECTIONS.items() if not sections.get(k, "").strip()})
    edited = reports.report_update(
        actor=world.supervisor,
        roles=SUPERVISOR,
        report_id=summary.pk,
        version=summary.version,
        edit=reports.ReportEdit(
            sections=sections,
            preamble=summary.preamble,
            explanations={
                finding_key(f): "所列机关尚未发布，汇总后补报。"
                for f in summary.findings
                if f["severity"] == "warning"
            },
        ),
    )
    reports.report_submit(actor=world.supervisor, roles=SUPERVISOR, report_id=edited.pk)
    reports.report_review(actor=world.reviewer, roles=REVIEWER, report_id=edited.pk)
    at(monkeypatch, date(2026, 3, 20))
    approved = published(world, edited)
    at(monkeypatch, date(2026, 3, 23))
    return approved


def test_the_roots_summary_shows_with_its_status_and_date(
    year_of_work: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = year_of_work
    client.force_login(world.supervisor)
    summary = summary_published(world, monkeypatch)
    assert summary.status == ReportStatus.PUBLISHED
    page = client.get(dashboard_url(world.county)).content.decode()
    found = re.search(r'<p id="summary-status">(.*?)</p>', page, re.S)
    assert found and "已发布；按时发布" in found.group(1)
    assert "2026年3月20日发布" in found.group(1)
    editor = reverse("annual_reports_staff:editor", args=[summary.pk])
    assert f'href="{editor}"' in found.group(1)
    assert client.get(editor).status_code == 200  # the supervisor reads it
    # Below the county, the summary is not the subtree root's: not shown as its summary.
    town_page = client.get(dashboard_url(world.town)).content.decode()
    town_summary = re.search(r'<p id="summary-status">(.*?)</p>', town_page, re.S)
    assert town_summary and "不编制本级政府年度报告" in town_summary.group(1)


def subtree_of(world: World, size: int) -> Body:
    """A district government over ``size - 1`` towns, each with a report and an overdue case."""
    root = body_create(name=f"戊区人民政府{size}", kind=BodyKind.GOVERNMENT)
    membership_grant(user=world.supervisor, body=root, role=Role.SUPERVISOR)
    for n in range(size - 1):
        body = body_create(name=f"{size}号镇{n}", kind=BodyKind.TOWNSHIP, parent=root)
        membership_grant(user=world.clerk, body=body, role=Role.CLERK)
        compiled(world, body)
        received(world, body, date(2025, 12, 1), actor=world.clerk)
    return root


def test_the_dashboard_reads_in_the_same_number_of_queries_for_3_and_30_bodies(
    world: World, client: Client
) -> None:
    small, large = subtree_of(world, 3), subtree_of(world, 30)
    client.force_login(world.supervisor)
    client.get(dashboard_url(small))  # sessions and caches warmed
    cold, warm = [], []
    for root, size in ((small, 3), (large, 30)):
        for counts in (cold, warm):
            if counts is cold:
                cache.clear()  # the tree and the charts' figures read afresh too
            with CaptureQueriesContext(connection) as captured:
                page = client.get(dashboard_url(root))
            assert page.status_code == 200
            assert page.content.decode().count('<tr id="body-') == size
            assert f'<strong id="count-overdue">{size - 1}</strong>' in page.content.decode()
            counts.append(len(captured.captured_queries))
    assert cold[0] == cold[1] and warm[0] == warm[1]
    # session, user, memberships, directory version, the tree (3 levels), reports, overdue,
    # figures (4); then the tree and the figures come from the cache.
    assert cold[0] <= 13
    assert warm[0] <= cold[0] - 7


def test_the_demo_supervisor_of_nanguan_sees_its_2021_reports(media: None, client: Client) -> None:
    call_command("demo_load", stdout=io.StringIO())
    root = Body.objects.get(name="长春市南关区人民政府")
    client.force_login(User.objects.get(username="demo-jiandu"))
    assert (
        f'href="{dashboard_url(root, 2021)}"'
        in client.get(reverse("supervision:index")).content.decode()
    )
    page = client.get(dashboard_url(root, 2021)).content.decode()
    street = row_of(page, Body.objects.get(name="南关区长通街道办事处"))
    assert "已发布" in street and "按时发布" in street and "2022-01-26" in street
    bureau_body = Body.objects.get(name="南关区民政局")
    bureau = row_of(page, bureau_body)
    assert "已发布" in bureau and "按时发布" in bureau and "2022-01-28" in bureau
    # The 规章 warning 民政局 explained in its report is listed under it.
    warning = next(
        f
        for f in AnnualReport.objects.get(body=bureau_body, year=2021).findings
        if f["severity"] == "warning"
    )
    assert warning["rule"] == "plausibility.regulations-without-power"
    assert '警告 <span class="warnings">1</span>' in bureau and warning["message"] in bureau
    # A body that publishes elsewhere: its supervisor collects the report it published late.
    elsewhere = body_create(
        name="洛阳市洛龙区学府街道办事处", kind=BodyKind.SUBDISTRICT, parent=root
    )
    report_collect(
        actor=User.objects.get(username="demo-jiandu"),
        body=elsewhere,
        year=2021,
        data=seed_path("001_23d5930e45ca0162.txt").read_bytes(),
        name="学府街道2021年报.txt",
        published_on=date(2022, 2, 15),
    )
    collected = AnnualReport.objects.get(body=elsewhere, year=2021)
    row = row_of(client.get(dashboard_url(root, 2021)).content.decode(), elsewhere)
    assert "收集" in row and "逾期发布15天" in row and "2022-02-15" in row
    assert f'错误 <span class="errors">{collected.errors}</span>' in row
    # The district's own report is not written in the demo; its summary is a draft.
    assert "未编制" in row_of(page, root)
    summary = re.search(r'<p id="summary-status">(.*?)</p>', page, re.S)
    assert summary and summary.group(1).startswith("长春市南关区人民政府：草稿；")
