"""Basic accessibility in a real browser: phone width, the skip link, labelled form fields."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core import mail
from playwright.sync_api import Page, expect

from browser.browsing import log_in
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body
from gongkai.organizations.services import user_create

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
RESET_LINK = re.compile(r"http://\S+/accounts/reset/\S+/")


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen."""
    width: int = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
    return width


def test_phone_screen_has_no_horizontal_scroll(
    new_page: Callable[..., Page], demo: DemoResult
) -> None:
    page = new_page(**PHONE)
    # The longest address of the demo: its contact block must wrap, not widen the page.
    body = Body.objects.get(name="南关区民政局")
    pages = ["/", f"/bodies/{body.pk}/", f"/bodies/{body.pk}/proactive/", "/accounts/login/"]
    for path in pages:
        page.goto(path)
        assert page.evaluate("() => window.innerWidth") == 375
        assert horizontal_overflow(page) == 0, path
    log_in(page, "demo-jiandu")
    for path in ["/workspace/", f"/workspace/bodies/{body.pk}/", "/workspace/audit/"]:
        page.goto(path)
        assert horizontal_overflow(page) == 0, path


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    page: Page, demo: DemoResult
) -> None:
    body = Body.objects.get(name="南关区民政局")
    for path in (
        "/",
        f"/bodies/{body.pk}/",
        f"/bodies/{body.pk}/guide/",
        "/accounts/password-reset/",
    ):
        assert_skip_link_works(page, path)
    log_in(page, "demo-guanli")
    for path in ("/workspace/", f"/workspace/bodies/{body.pk}/", "/workspace/audit/"):
        assert_skip_link_works(page, path)


def assert_skip_link_works(page: Page, path: str) -> None:
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"{path}: hidden while focused"
    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_be_focused()
    # The next Tab stop is inside the content, past the header and the breadcrumb.
    page.keyboard.press("Tab")
    inside = "(m) => m.contains(document.activeElement) && m !== document.activeElement"
    assert main.evaluate(inside), path


def test_login_page_puts_the_cursor_in_the_username_field(page: Page, demo: DemoResult) -> None:
    # Django's login form autofocuses the username, so there the first keystroke types the
    # name; the header (and the skip link before it) stay reachable backwards.
    page.goto("/")
    page.get_by_role("link", name="工作人员登录").click()
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="工作人员登录")).to_be_focused()


def assert_every_field_labelled(page: Page) -> int:
    """Every visible form control has a label that finds it; return how many there are."""
    fields = page.locator("input:not([type=hidden]), select, textarea")
    count = fields.count()
    for index in range(count):
        field = fields.nth(index)
        label = field.evaluate(
            "(e) => Array.from(e.labels || [], (l) => l.textContent.trim()).join(' ')"
        )
        assert label, field.evaluate("(e) => e.outerHTML")
        expect(page.get_by_label(label, exact=True)).to_have_count(1)
        assert page.get_by_label(label, exact=True).evaluate(
            "(e, f) => e === f", field.element_handle()
        )
    for button in page.get_by_role("button").all():
        assert button.inner_text().strip(), button.evaluate("(e) => e.outerHTML")
    return count


def test_password_reset_by_email_with_every_field_labelled(page: Page, demo: DemoResult) -> None:
    user_create(username="reset-me", password="old-password-1", email="reset-me@example.org")
    page.goto("/accounts/login/")
    assert assert_every_field_labelled(page) == 2
    page.get_by_role("link", name="忘记密码？").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("找回密码")
    assert assert_every_field_labelled(page) == 1
    page.get_by_label("电子邮件").fill("reset-me@example.org")
    page.get_by_role("button", name="发送重设链接").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("邮件已发送")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reset-me@example.org"]
    found = RESET_LINK.search(str(mail.outbox[0].body))
    assert found is not None, mail.outbox[0].body
    page.goto(found.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("设置新密码")
    assert assert_every_field_labelled(page) == 2
    page.get_by_label("新密码", exact=True).fill("Qiu-shui-2024-cheng")
    page.get_by_label("新密码确认").fill("Qiu-shui-2024-cheng")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("密码已重设")

    log_in(page, "reset-me", "Qiu-shui-2024-cheng")
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    assert_every_field_labelled(page)  # the header's sign-out button has a name too
