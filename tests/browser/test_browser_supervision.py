"""The 南关区 监督员 clicks through the demo's 2021 reports (issue 6, "Done when").

From the workspace to the dashboard of 长春市南关区人民政府 for 2021: 长通街道 and 民政局 are
published on time (January 2022, the demo's records), 民政局 with the warning its 规章 deserves;
the 区政府's own report is missing; the 南关区 summary is a draft, which the supervisor counts
again from the published reports and opens in the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django import Settings

from browser.browsing import log_in
from gongkai.annual_reports.demo import annual_reports_demo_load
from gongkai.applications.demo import applications_demo_load
from gongkai.organizations.demo import DemoResult
from gongkai.publications.demo import publications_demo_load

ROOT = "长春市南关区人民政府"


def test_the_supervisor_sees_the_district_and_its_summary(
    new_page: Callable[..., Page], demo: DemoResult, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    applications_demo_load()
    publications_demo_load()
    annual_reports_demo_load()

    page = new_page()
    log_in(page, "demo-jiandu")
    page.get_by_role("link", name="年度报告监督").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("年度报告监督")
    page.get_by_role("listitem").filter(has_text=ROOT).get_by_role("link", name="2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{ROOT}2021年度政府信息公开工作年度报告监督"
    )

    rows = page.locator("table.supervision-bodies tbody tr")
    changtong = rows.filter(has_text="南关区长通街道办事处")
    expect(changtong).to_contain_text("已发布")
    expect(changtong).to_contain_text("按时发布")
    expect(changtong).to_contain_text("2022-01-26")
    minzheng = rows.filter(has_text="南关区民政局")
    expect(minzheng).to_contain_text("按时发布")
    minzheng.locator("summary").first.click()
    expect(minzheng).to_contain_text("规章")
    expect(rows.filter(has_text=ROOT).first).to_contain_text("未发布")

    summary = page.locator("#summary-status")
    expect(summary).to_contain_text("草稿")
    page.get_by_role("button", name="按各机关已发布的报告重新汇总").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"{ROOT}2021年政府信息公开工作年度报告"
    )
    expect(page.get_by_role("status").first).to_contain_text(
        "已汇总2份年度报告，1个机关的报告尚未发布、未计入"
    )
