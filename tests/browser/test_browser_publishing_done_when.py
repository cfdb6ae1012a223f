"""The "done when" of 主动公开, walked in Chromium from the 经办人's draft to the public's feed.

The demo 经办人 drafts a 公示 with a DOCX list of the families attached; the list carries a
居民身份证号 in full. At 初审 the automatic check warns about it (masked); the 经办人 returns the
item to himself, replaces the attachment with a list whose numbers are masked and submits again:
the check is clean. The 审核人 and the 审发人 (不涉密) approve, each signed in as themselves.
An anonymous visitor then finds the item on the body's 专栏, by searching the 专栏 for the
two-character word 低保, and in the body's Atom feed.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import docx
import pytest
from playwright.sync_api import FilePayload, Locator, Page, expect
from pytest_django import Settings

from browser.browsing import log_in
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body
from gongkai.publications import services

BODY = "南关区民政局"
TITLE = "南关区2026年3月城乡低保新增保障对象公示"
TODAY = date(2026, 3, 2)
#: The example number of GB 11643-1999: region 110105, born 1949-12-31, check character X.
RESIDENT_ID = "11010519491231002X"
FILE = "新增保障对象名单.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "经入户调查和民主评议，下列家庭符合城乡最低生活保障条件，现予公示，公示期为7日。"
ATOM = "{http://www.w3.org/2005/Atom}"


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_body(page: Page, text: str) -> None:
    """Type the 正文: into the rich-text editor once its script has made one, else as HTML into
    the plain textarea (the page without the editor, or before it existed)."""
    page.wait_for_load_state("load")
    editor = page.locator(".prose-editor [contenteditable='true']")
    if editor.count():
        editor.click()
        editor.press_sequentially(text)
    else:
        page.get_by_label(re.compile(r"^正文")).fill(f"<p>{text}</p>")


def upload(page: Page, data: bytes) -> None:
    payload: FilePayload = {"name": FILE, "mimeType": DOCX, "buffer": data}
    page.get_by_role("form", name="上传附件").get_by_label("附件").set_input_files(payload)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("附件已上传。")


def action(page: Page, label: str) -> Locator:
    return page.get_by_role("region", name="办理", exact=True).get_by_role(
        "form", name=label, exact=True
    )


def submit(page: Page) -> None:
    action(page, "提交初审").get_by_role("button", name="提交初审").click()
    expect(page.get_by_role("status")).to_have_text("已提交初审。")
    expect(page.locator("#status")).to_have_text("待初审")


def open_item(page: Page, username: str) -> None:
    """A member of staff signs in and opens the item from the body's 主动公开 list."""
    log_in(page, username)
    page.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    page.get_by_role("link", name="主动公开信息（拟稿、审查、发布）").click()
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)


def test_a_draft_with_an_id_number_is_fixed_approved_and_found_by_the_public(
    new_page: Callable[..., Page],
    demo: DemoResult,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(services, "clock_now", lambda: now)
    body = Body.objects.get(name=BODY)

    # 1. The 经办人 drafts the 公示 and attaches the list, one ID number in full.
    clerk = new_page()
    log_in(clerk, "demo-jingban")
    clerk.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    clerk.get_by_role("link", name="主动公开信息（拟稿、审查、发布）").click()
    clerk.get_by_role("link", name="拟稿：新建主动公开信息").click()
    clerk.get_by_label("标题").fill(TITLE)
    clerk.get_by_label("公开事项（第二十条等）").select_option("20.11")
    write_body(clerk, TEXT)
    clerk.get_by_role("button", name="保存").click()
    expect(clerk.get_by_role("status")).to_contain_text("已保存，索引号")
    expect(clerk.locator("#status")).to_have_text("拟稿")
    expect(clerk.locator(".pub-body")).to_have_text(TEXT)
    upload(
        clerk, docx_bytes("新增保障对象名单", f"户主张某某，身份证号{RESIDENT_ID}，保障人数2人。")
    )
    expect(clerk.get_by_role("link", name=FILE, exact=True)).to_be_visible()
    submit(clerk)

    # 2. 初审: the check warns about the 身份证号 in the attachment, masked.
    scan = clerk.get_by_role("region", name="自动检查", exact=True)
    expect(scan.get_by_role("alert")).to_contain_text("发现 1 处可能的个人信息或敏感词")
    expect(scan.locator("#scan-list li")).to_have_count(1)
    expect(scan.locator("#scan-list li")).to_contain_text(f"{FILE} · 身份证号")
    expect(scan).to_contain_text("1101**********002X")
    expect(scan).not_to_contain_text(RESIDENT_ID)
    expect(action(clerk, "初审通过").get_by_label("已核对自动检查提示（1 处）")).to_be_visible()

    # 3. The 经办人 fixes it: returns the item, replaces the list with a masked one, resubmits.
    back = action(clerk, "退回修改")
    back.get_by_label("退回意见").fill("附件名单含完整身份证号，须隐去后再提交。")
    back.get_by_role("button", name="退回修改").click()
    expect(clerk.get_by_role("status")).to_have_text("已退回拟稿人。")
    expect(clerk.locator("#status")).to_have_text("拟稿")
    expect(clerk.get_by_role("alert")).to_contain_text("附件名单含完整身份证号")
    clerk.get_by_role("button", name=f"删除附件「{FILE}」").click()
    expect(clerk.get_by_role("status")).to_have_text("附件已删除。")
    expect(clerk.get_by_role("link", name=FILE, exact=True)).to_have_count(0)
    upload(
        clerk,
        docx_bytes("新增保障对象名单", "户主张某某，身份证号1101**********002X，保障人数2人。"),
    )
    submit(clerk)
    expect(scan.locator("#scan-clean")).to_have_text("未发现个人信息或敏感词。")
    expect(scan.get_by_role("alert")).to_have_count(0)
    first = action(clerk, "初审通过")
    expect(first.get_by_role("checkbox")).to_have_count(0)
    first.get_by_label("审查意见").fill("名单已隐去身份证号，同意。")
    first.get_by_role("button", name="初审通过").click()
    expect(clerk.get_by_role("status")).to_have_text("操作已完成。")
    expect(clerk.locator("#status")).to_have_text("待审核")

    # 4. 审核 by the 审核人.
    reviewer = new_page()
    open_item(reviewer, "demo-shenhe")
    expect(reviewer.locator("#scan-clean")).to_be_visible()
    review = action(reviewer, "审核通过")
    review.get_by_label("审查意见").fill("同意公示。")
    review.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_role("status")).to_have_text("操作已完成。")
    expect(reviewer.locator("#status")).to_have_text("待审发")

    # 5. 审发 by the 审发人 with the 保密审查: 不涉密, published on the 专栏 today.
    approver = new_page()
    open_item(approver, "demo-shenfa")
    sign = action(approver, "审发")
    sign.get_by_label("保密审查结论（涉密信息不上网）").select_option("不涉密")
    sign.get_by_role("button", name="审发").click()
    expect(approver.get_by_role("status")).to_have_text("操作已完成。")
    expect(approver.locator("#status")).to_have_text("已发布")
    expect(approver.get_by_role("region", name="发布渠道", exact=True)).to_contain_text(
        "政府网站专栏 · 政府信息公开专栏"
    )
    steps = approver.get_by_role("region", name="审查记录", exact=True).get_by_role("row")
    expect(steps).to_have_count(5)  # the header, the 退回, 初审, 审核, 审发
    expect(steps.nth(1)).to_contain_text("退回")
    expect(steps.nth(1)).to_contain_text(f"{FILE} · 身份证号")
    expect(steps.nth(4)).to_contain_text("不涉密")

    # 6. The public: the item is on the body's 专栏, with the fixed list.
    public = new_page()
    public.goto("/")
    public.get_by_role("link", name=BODY, exact=True).click()
    public.get_by_role("navigation", name="专栏栏目").get_by_role(
        "link", name="法定主动公开内容"
    ).click()
    latest = public.get_by_role("region", name="最新公开")
    expect(latest.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    feed_href = public.get_by_role("link", name="订阅（Atom）").get_attribute("href")
    latest.get_by_role("link", name=TITLE, exact=True).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    item_url = public.url
    expect(public.get_by_role("main")).to_contain_text(TEXT)
    expect(public.get_by_role("region", name="附件").get_by_role("link", name=FILE)).to_be_visible()

    # 7. Back on the 专栏, a search for a two-character word finds it.
    public.get_by_role("navigation", name="当前位置").get_by_role("link", name=BODY).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(f"{BODY}政府信息公开专栏")
    public.get_by_role("searchbox", name="本专栏检索").fill("低保")
    public.get_by_role("button", name="检索").click()
    expect(public.get_by_role("heading", level=1)).to_have_text(f"检索{BODY}已公开的信息")
    expect(public.get_by_role("status")).to_contain_text("“低保”共找到1条结果")
    hits = public.locator("ol.search-hits")
    expect(hits.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    hits.get_by_role("link", name=TITLE, exact=True).click()
    expect(public).to_have_url(item_url)

    # 8. The body's Atom feed, from the 专栏's link, lists it with a link to the item.
    assert feed_href == f"/bodies/{body.pk}/feed.atom"
    response = public.request.get(urljoin(public.url, feed_href))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())
    entries = {
        entry.findtext(f"{ATOM}title"): entry.find(f"{ATOM}link")
        for entry in feed.iter(f"{ATOM}entry")
    }
    assert TITLE in entries, list(entries)
    link = entries[TITLE]
    assert link is not None and link.get("href") == item_url
