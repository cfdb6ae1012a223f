"""One 主动公开 item from 拟稿 to 已发布, walked in Chromium by the demo 经办人, 审核人, 审发人.

The 经办人 drafts it with a telephone number in the text and a DOCX attachment, submits it and
does the 初审 (the demo body has one 经办人), acknowledging the scan's warning; the 审核人 and the
审发人 approve; the item is published on the 政府网站专栏 and its history shows what changed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django import Settings

from browser.browsing import log_in
from gongkai.organizations.demo import DemoResult
from gongkai.publications import services

BODY = "南关区民政局"
TITLE = "南关区2026年城乡低保标准调整公告"
TODAY = date(2026, 3, 2)


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def open_item(page: Page, username: str) -> None:
    """A member of staff signs in and opens the item from the body's 主动公开 list."""
    log_in(page, username)
    page.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    page.get_by_role("link", name="主动公开信息（拟稿、审查、发布）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{BODY} · 主动公开")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)


def action(page: Page, label: str) -> Locator:
    return page.get_by_role("region", name="办理", exact=True).get_by_role(
        "form", name=label, exact=True
    )


def test_one_item_from_draft_to_the_website(
    new_page: Callable[..., Page],
    demo: DemoResult,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(services, "clock_now", lambda: now)

    # 1. The 经办人 drafts the item.
    clerk = new_page()
    log_in(clerk, "demo-jingban")
    clerk.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    clerk.get_by_role("link", name="主动公开信息（拟稿、审查、发布）").click()
    clerk.get_by_role("link", name="拟稿：新建主动公开信息").click()
    clerk.get_by_label("标题").fill(TITLE)
    clerk.get_by_label("文号").fill("南民发〔2026〕5号")
    expect(clerk.get_by_label("形成或变更日期")).to_have_value("2026-03-02")
    clerk.get_by_label("公开事项（第二十条等）").select_option("20.11")
    clerk.get_by_role("textbox", name="正文", exact=True).fill(
        "自2026年4月起调整城乡低保标准。咨询电话13800138000。"
    )
    clerk.get_by_role("button", name="保存").click()
    expect(clerk.get_by_role("status")).to_contain_text("已保存，索引号")
    expect(clerk.locator("#status")).to_have_text("拟稿")

    # 2. A DOCX attachment, then 提交初审.
    clerk.get_by_role("form", name="上传附件").get_by_label("附件").set_input_files(
        files=[
            {
                "name": "低保标准.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
                "buffer": docx_bytes("城市低保标准每人每月800元。"),
            }
        ]
    )
    clerk.get_by_role("button", name="上传", exact=True).click()
    expect(clerk.get_by_role("status")).to_have_text("附件已上传。")
    expect(clerk.get_by_role("link", name="低保标准.docx")).to_be_visible()
    action(clerk, "提交初审").get_by_role("button", name="提交初审").click()
    expect(clerk.get_by_role("status")).to_have_text("已提交初审。")
    expect(clerk.locator("#status")).to_have_text("待初审")

    # 3. 初审: the scan found the telephone number; the clerk acknowledges it.
    scan = clerk.get_by_role("region", name="自动检查", exact=True)
    expect(scan).to_contain_text("发现 1 处可能的个人信息或敏感词")
    expect(scan).to_contain_text("正文 · 手机号")
    expect(scan).not_to_contain_text("13800138000")
    first = action(clerk, "初审通过")
    first.get_by_label("审查意见").fill("电话为单位值班电话，可以公开。")
    first.get_by_label("已核对自动检查提示（1 处）").check()
    first.get_by_role("button", name="初审通过").click()
    expect(clerk.get_by_role("status")).to_have_text("操作已完成。")
    expect(clerk.locator("#status")).to_have_text("待审核")

    # 4. 审核 by the 审核人.
    reviewer = new_page()
    open_item(reviewer, "demo-shenhe")
    review = action(reviewer, "审核通过")
    review.get_by_label("已核对自动检查提示（1 处）").check()
    review.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator("#status")).to_have_text("待审发")

    # 5. 审发 by the 审发人, 不涉密: published on the 专栏 today.
    approver = new_page()
    open_item(approver, "demo-shenfa")
    sign = action(approver, "审发")
    sign.get_by_label("保密审查结论（涉密信息不上网）").select_option("不涉密")
    sign.get_by_label("已核对自动检查提示（1 处）").check()
    sign.get_by_role("button", name="审发").click()
    expect(approver.locator("#status")).to_have_text("已发布")
    releases = approver.get_by_role("region", name="发布渠道", exact=True)
    expect(releases).to_contain_text("政府网站专栏 · 政府信息公开专栏")
    expect(releases).to_contain_text("2026-03-02")
    steps = approver.get_by_role("region", name="审查记录", exact=True)
    expect(steps.get_by_role("row")).to_have_count(4)  # the header and three steps

    # 6. The history shows each version and what changed.
    approver.get_by_role("link", name="版本记录（第 6 版）").click()
    expect(approver.get_by_role("heading", level=2).first).to_have_text("第 6 版 · 审发")
    expect(approver.get_by_role("main")).to_contain_text("+ 状态：已发布")
    expect(approver.get_by_role("main")).to_contain_text("+ 附件：低保标准.docx")
