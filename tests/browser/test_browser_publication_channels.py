"""The 审发人 finds the item under 待我审核, ticks WeChat instead of the 专栏 and signs; the
经办人 then records two published items on the 公开栏 in one go and sees the year's counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from browser.browsing import log_in
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body, User
from gongkai.publications import services
from gongkai.publications.models import ChannelKind, Publication, Status

BODY = "南关区民政局"
TODAY = date(2026, 3, 2)


def to_sign(body: Body, clerk: User, reviewer: User, title: str) -> Publication:
    p = services.publication_create(
        body=body,
        actor=clerk,
        draft=services.PublicationDraft(title=title, formed_on=TODAY, body_html="<p>正文。</p>"),
    )
    p = services.publication_submit(publication_id=p.pk, actor=clerk, expected_version=p.version)
    p = services.publication_first_approve(
        publication_id=p.pk, actor=clerk, expected_version=p.version
    )
    return services.publication_review_approve(
        publication_id=p.pk, actor=reviewer, expected_version=p.version
    )


def test_sign_on_wechat_only_then_record_on_the_board_in_bulk(
    new_page: Callable[..., Page], demo: DemoResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(services, "clock_now", lambda: now)
    body = Body.objects.get(name=BODY)
    clerk = User.objects.get(username="demo-jingban")
    reviewer = User.objects.get(username="demo-shenhe")
    approver = User.objects.get(username="demo-shenfa")
    services.channel_create(body=body, actor=clerk, kind=ChannelKind.NEW_MEDIA, name="南关民政")
    services.channel_create(body=body, actor=clerk, kind=ChannelKind.BOARD, name="局门口公开栏")
    wechat_only = to_sign(body, clerk, reviewer, "冬季救助热线开通")
    other = to_sign(body, clerk, reviewer, "临时救助标准")
    services.publication_sign(
        publication_id=other.pk, actor=approver, expected_version=other.version, secrecy="不涉密"
    )

    # 1. The 审发人 finds the item under 待我审核 and signs it for WeChat only.
    page = new_page()
    log_in(page, "demo-shenfa")
    waiting = page.get_by_role("region", name="待我审核")
    expect(waiting).to_contain_text("冬季救助热线开通")
    waiting.get_by_role("link", name="冬季救助热线开通").click()
    sign = page.get_by_role("form", name="审发", exact=True)
    sign.get_by_label("保密审查结论（涉密信息不上网）").select_option("不涉密")
    channels = sign.get_by_role("group", name="发布渠道（涉密或不属于主动公开的不发布）")
    website = channels.get_by_label("政府网站专栏 · 政府信息公开专栏")
    expect(website).to_be_checked()
    website.uncheck()
    sign.get_by_role("button", name="审发").click()
    expect(page.get_by_role("status")).to_contain_text("请至少选择一个发布渠道")
    sign = page.get_by_role("form", name="审发", exact=True)
    sign.get_by_label("保密审查结论（涉密信息不上网）").select_option("不涉密")
    sign.get_by_label("政府网站专栏 · 政府信息公开专栏").uncheck()
    sign.get_by_label("政务新媒体 · 南关民政").check()
    sign.get_by_role("button", name="审发").click()
    expect(page.locator("#status")).to_have_text("已发布")
    expect(page.locator("#off-website")).to_be_visible()
    releases = page.get_by_role("region", name="发布渠道", exact=True)
    expect(releases).to_contain_text("政务新媒体 · 南关民政")
    expect(releases).not_to_contain_text("政府网站专栏")
    wechat_only.refresh_from_db()
    assert wechat_only.status == Status.PUBLISHED and wechat_only.on_website is False

    # 2. The 经办人 records both items on the 公开栏 at once.
    clerk_page = new_page()
    log_in(clerk_page, "demo-jingban")
    clerk_page.goto(f"/workspace/bodies/{body.pk}/publications/")
    clerk_page.get_by_role("link", name="其他渠道发布登记").click()
    expect(clerk_page.get_by_role("heading", level=1)).to_have_text("其他渠道发布登记")
    pick = clerk_page.get_by_role("form", name="登记已发布信息在其他渠道的发布")
    pick.get_by_label("冬季救助热线开通", exact=False).check()
    pick.get_by_label("临时救助标准", exact=False).check()
    pick.get_by_label("渠道").select_option(label="公开栏/电子屏 · 局门口公开栏")
    pick.get_by_role("button", name="登记发布").click()
    expect(clerk_page.get_by_role("status")).to_contain_text("新登记 2 条，已登记过 0 条")
    counts = clerk_page.locator("#channel-counts")
    expect(counts.get_by_role("row", name="公开栏/电子屏 · 局门口公开栏")).to_contain_text("2")
    expect(counts.get_by_role("row", name="政务新媒体 · 南关民政")).to_contain_text("1")
    expect(counts.get_by_role("row", name="政府网站专栏 · 政府信息公开专栏")).to_contain_text("1")


def test_the_bulk_page_fits_a_phone(new_page: Callable[..., Page], demo: DemoResult) -> None:
    body = Body.objects.get(name=BODY)
    clerk = User.objects.get(username="demo-jingban")
    services.channel_create(body=body, actor=clerk, kind=ChannelKind.NEW_MEDIA, name="南关民政")
    page = new_page(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    log_in(page, "demo-jingban")
    page.goto(f"/workspace/bodies/{body.pk}/publications/releases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("其他渠道发布登记")
    overflow: int = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
    assert overflow == 0
    for label in ("按标题筛选", "渠道", "发布日期", "文件", "只检查，不导入"):
        expect(page.get_by_label(label).first).to_be_visible()
