"""One annual report from 编制 to the 专栏, walked in Chromium by the demo 经办人, 审核人, 审发人.

The 经办人 compiles 南关区民政局's 2025 report from the records, writes sections 一, 五 and 六;
the live check finds the rate written in section 五 wrong (a warning); submitting before it is
explained is refused; the 经办人 explains it, saves and submits. The 审核人
reviews, the 审发人 publishes, and a visitor finds the report on the body's 年报 part and opens
its PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from browser.browsing import Watch, log_in
from gongkai.annual_reports.models import AnnualReport
from gongkai.applications import services
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body

BODY = "南关区民政局"
TODAY = date(2026, 3, 2)
TITLE = f"{BODY}2025年政府信息公开工作年度报告"
SECTION_ONE = "本局认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。"
SECTION_FIVE = "全年组织培训10次，其中线上培训8次，线上培训率为50%。"
SECTION_SIX = "本年度未收取信息处理费。"
RATE_WARNING = "8÷10≈80.0%，与所写50%不符"


def test_a_report_from_compiling_to_the_portal(
    new_page: Callable[..., Page],
    watch: Watch,
    demo: DemoResult,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(services, "clock_now", lambda: now)
    body = Body.objects.get(name=BODY)

    # 1. The 经办人 compiles the 2025 report from the records.
    clerk = new_page()
    log_in(clerk, "demo-jingban")
    clerk.goto(f"/workspace/bodies/{body.pk}/annual-reports/")
    expect(clerk.get_by_role("heading", level=1)).to_have_text(f"{BODY} · 政府信息公开工作年度报告")
    clerk.get_by_role("button", name="编制2025年度报告").click()
    expect(clerk.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(clerk.locator("#status")).to_have_text("草稿")
    report = AnnualReport.objects.get(body=body, year=2025)

    # 2. Sections 一, 五 and 六; the live check finds the wrong rate without saving.
    clerk.get_by_role("textbox", name="一、总体情况").fill(SECTION_ONE)
    clerk.get_by_role("textbox", name="六、其他需要报告的事项").fill(SECTION_SIX)
    clerk.get_by_role("textbox", name="五、存在的主要问题及改进情况").fill(SECTION_FIVE)
    findings = clerk.get_by_role("region", name="检查结果")
    expect(findings).to_contain_text(RATE_WARNING)  # swapped in by htmx, nothing saved
    boxes = findings.get_by_role("textbox")
    expect(boxes).to_have_count(1)
    expect(findings.get_by_role("status")).to_contain_text("其中 1 处警告尚无书面说明")
    report.refresh_from_db()
    assert report.sections.get("5", "") != SECTION_FIVE

    # 3. Submitting before explaining is refused; explained and saved, it goes to 审核.
    clerk.get_by_role("button", name="保存").click()
    expect(clerk.get_by_role("status").first).to_have_text("已保存。")
    watch.expect_error_status(f"{watch.base_url}/workspace/annual-reports/{report.pk}/submit/")
    clerk.get_by_role("button", name="提交审核").click()  # answered 400, with the reason
    expect(clerk.get_by_role("alert")).to_contain_text("1处警告没有书面说明")
    findings = clerk.get_by_role("region", name="检查结果")
    findings.get_by_label("警告1的书面说明").fill("线上培训率按参训人次计算，为50%。")
    clerk.get_by_role("button", name="保存").click()
    expect(clerk.get_by_role("status").first).to_have_text("已保存。")
    clerk.get_by_role("button", name="提交审核").click()
    expect(clerk.get_by_role("status").first).to_have_text("已提交审核。")
    expect(clerk.locator("#status")).to_have_text("待审核")

    # 4. 审核 by the 审核人.
    reviewer = new_page()
    log_in(reviewer, "demo-shenhe")
    reviewer.goto(f"/workspace/annual-reports/{report.pk}/")
    expect(reviewer.get_by_role("textbox", name="五、存在的主要问题及改进情况")).to_have_value(
        SECTION_FIVE
    )
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator("#status")).to_have_text("待审发")

    # 5. 审发 by the 审发人: published with today's date.
    approver = new_page()
    log_in(approver, "demo-shenfa")
    approver.goto(f"/workspace/annual-reports/{report.pk}/")
    # Publishing writes the DOCX and the PDF (WeasyPrint, CJK fonts subset and embedded) before
    # the page comes back: a cold first render takes seconds.
    approver.get_by_role("button", name="审发并发布").click(timeout=30_000)
    expect(approver.locator("#status")).to_have_text("已发布", timeout=30_000)
    steps = approver.get_by_role("table", name="处理记录")
    for action in ("按记录统计", "提交审核", "审核通过", "审发", "发布"):
        expect(steps).to_contain_text(action)

    # 6. A visitor finds it on the body's 年报 part and opens the PDF.
    visitor = new_page(viewport={"width": 390, "height": 844})
    visitor.goto(f"/bodies/{body.pk}/")
    visitor.get_by_role("navigation", name="专栏栏目").get_by_role(
        "link", name="政府信息公开年报"
    ).click()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("#published-on")).to_have_text("2026-03-02")
    expect(visitor.get_by_role("table", name="政府信息公开行政复议、行政诉讼情况")).to_be_visible()
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert visitor.evaluate(fits)  # on a phone the wide tables scroll inside their box
    pdf = visitor.get_by_role("link", name="PDF", exact=True)
    href = pdf.get_attribute("href")
    assert href == f"/bodies/{body.pk}/annual-reports/2025.pdf"
    response = visitor.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
