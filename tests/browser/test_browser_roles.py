"""Each demo role signs in through the form and sees exactly the bodies it may act for."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser.browsing import Watch, log_in, open_expecting
from gongkai.accounts.forms import INVALID_LOGIN
from gongkai.organizations.demo import DEMO_USERS, DemoResult
from gongkai.organizations.models import Body, Membership, User
from gongkai.organizations.selectors import bodies_visible_to

# Typed from organizations/demo.py, so the comparison with the selector is never vacuous:
# a body each role must see, and one it must not.
MUST_SEE = {
    "demo-jingban": ("南关区民政局", "长春市南关区人民政府"),
    "demo-shenhe": ("南关区民政局", "南关区长通街道办事处"),
    "demo-shenfa": ("南关区民政局", "洛阳市洛龙区人民政府"),
    "demo-guanli": ("南关区民政局", "徐家营街道办事处"),
    "demo-jiandu": ("南关区长通街道办事处", "洛龙区学府街道办事处"),
    "demo-admin": ("南郊镇人民政府", None),
}


def test_every_demo_user_is_covered() -> None:
    assert sorted(MUST_SEE) == sorted(user.username for user in DEMO_USERS)


def body_traces(body: Body) -> list[str]:
    """What of a body would give it away on a page."""
    fields = (body.name, body.short_name, body.address, body.phone, body.postcode, body.website)
    return [value for value in fields if value]


@pytest.mark.parametrize("username", sorted(MUST_SEE))
def test_demo_role_sees_exactly_its_bodies(
    page: Page, watch: Watch, demo: DemoResult, username: str
) -> None:
    user = User.objects.get(username=username)
    visible = {body.name for body in bodies_visible_to(user=user)}
    must_see, must_not_see = MUST_SEE[username]
    assert must_see in visible and must_not_see not in visible
    # The 403 page for the typed body and for the first other body the role may not see.
    others = Body.objects.exclude(name__in=visible).exclude(name=must_not_see).order_by("pk")
    hidden = [*Body.objects.filter(name=must_not_see), *others[:1]]

    log_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    bodies = page.get_by_role("region", name="可办理的机关").get_by_role("link")
    assert sorted(bodies.all_inner_texts()) == sorted(visible)
    roles = page.get_by_role("region", name="我的角色")
    for membership in Membership.objects.filter(user=user).select_related("body"):
        expect(roles).to_contain_text(f"{membership.body.name} · {membership.get_role_display()}")

    # Each body the role may see opens; every other one gives the bare Chinese 403 page.
    page.get_by_role("link", name=must_see, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(must_see)
    for body in hidden:
        open_expecting(page, watch, f"/workspace/bodies/{body.pk}/", 403)
        expect(page.get_by_role("heading", level=1)).to_have_text("无权访问")
        expect(page).to_have_title("无权访问 - 政府信息公开平台")
        text = page.locator("html").inner_text() + page.content()
        assert [trace for trace in body_traces(body) if trace in text] == [], body.name
    if not hidden:  # the system administrator: a body that does not exist is refused the same way
        missing = max(Body.objects.values_list("pk", flat=True)) + 1
        open_expecting(page, watch, f"/workspace/bodies/{missing}/", 403)
        expect(page.get_by_role("heading", level=1)).to_have_text("无权访问")

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
    expect(page.get_by_role("link", name="工作人员登录")).to_be_visible()
    page.goto("/workspace/")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")


def test_wrong_password_gives_the_generic_message(page: Page, demo: DemoResult) -> None:
    for username, password in (("demo-jingban", "not-the-password"), ("nobody", "gongkai-demo")):
        log_in(page, username, password)
        expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
        expect(page.get_by_role("alert")).to_have_text(INVALID_LOGIN)
        assert INVALID_LOGIN == "用户名或密码不正确。"
        expect(page.get_by_label("用户名")).to_have_value(username)
        expect(page.get_by_label("密码")).to_have_value("")
    page.goto("/workspace/")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")


def test_signing_in_returns_to_the_page_asked_for(page: Page, demo: DemoResult) -> None:
    body = Body.objects.get(name="南关区民政局")
    page.goto(f"/workspace/bodies/{body.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
    page.get_by_label("用户名").fill("demo-shenhe")
    page.get_by_label("密码").fill("gongkai-demo")
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("南关区民政局")
    expect(page).to_have_url(f"{page.url.split('/workspace/')[0]}/workspace/bodies/{body.pk}/")
