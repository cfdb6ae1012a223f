"""Search from the public side: the application form suggests published items while the
applicant types, and the body's search page finds them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from gongkai.organizations.models import Body, BodyKind, Role
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.publications import services
from gongkai.publications.models import Publication
from gongkai.publications.services import PublicationDraft

TODAY = date(2026, 3, 2)


def _published(body: Body, title: str, html: str) -> Publication:
    users = {}
    for role in (Role.CLERK, Role.REVIEWER, Role.APPROVER):
        name = f"search-{role}-{Publication.objects.count()}"
        users[role] = user_create(username=name, password="search-password-1", full_name=name)
        membership_grant(user=users[role], body=body, role=role)
    second = user_create(username=f"{users[Role.CLERK].username}-2", password="x-password-1")
    membership_grant(user=second, body=body, role=Role.CLERK)
    p = services.publication_create(
        body=body,
        actor=users[Role.CLERK],
        draft=PublicationDraft(title=title, formed_on=TODAY, body_html=html),
    )
    p = services.publication_submit(
        publication_id=p.pk, actor=users[Role.CLERK], expected_version=p.version
    )
    p = services.publication_first_approve(
        publication_id=p.pk, actor=second, expected_version=p.version
    )
    p = services.publication_review_approve(
        publication_id=p.pk, actor=users[Role.REVIEWER], expected_version=p.version
    )
    return services.publication_sign(
        publication_id=p.pk,
        actor=users[Role.APPROVER],
        expected_version=p.version,
        secrecy="不涉密",
    )


@pytest.fixture(name="town")
def town_fixture(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Body:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(services, "clock_now", lambda: now)
    town = body_create(name="丁镇人民政府", kind=BodyKind.TOWNSHIP)
    _published(town, "丁镇2026年城乡低保对象名单公示", "<p>城乡最低生活保障对象名单。</p>")
    _published(town, "丁镇道路维修公告", "<p>维修镇区主干道。</p>")
    return town


def test_typing_in_the_apply_form_suggests_published_items(page: Page, town: Body) -> None:
    page.goto(f"/bodies/{town.pk}/apply/")
    region = page.get_by_role("region", name="可能已经公开的信息")
    expect(
        region.get_by_role("link", name="检索丁镇人民政府已公开的信息（在新窗口打开）")
    ).to_be_visible()
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").press_sequentially(
        "本镇低保对象名单", delay=20
    )
    suggestion = region.get_by_role("link", name="丁镇2026年城乡低保对象名单公示")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_have_attribute("target", "_blank")
    expect(region.get_by_role("link", name="丁镇道路维修公告")).to_have_count(0)


def test_the_body_search_page_works_without_javascript(
    new_page: Callable[..., Page], town: Body
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(f"/bodies/{town.pk}/")
    page.get_by_role("searchbox", name="本专栏检索").fill("最低生活保障")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("status")).to_contain_text("共找到1条结果")
    expect(page.get_by_role("link", name="丁镇2026年城乡低保对象名单公示")).to_be_visible()
    expect(page.locator("mark")).to_have_text("最低生活保障")
