"""The rich-text editor of a 主动公开 item's body and of the 指南 page, in Chromium.

The demo 经办人 writes with the toolbar and the keyboard (Ctrl+B), saves, and the stored HTML and
the item's page show the bold text and the list. The editor's files come from the live server's
/static/ (the ``new_page`` watch fails the test on any other request). Without JavaScript the same
field is a plain textarea of HTML, which still saves, sanitized.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from browser.browsing import log_in
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body, User
from gongkai.publications import services
from gongkai.publications.models import BodyPage, Publication
from gongkai.publications.services import PublicationDraft

BODY = "南关区民政局"


def open_draft_form(page: Page) -> None:
    log_in(page, "demo-jingban")
    page.get_by_role("region", name="可办理的机关").get_by_role(
        "link", name=BODY, exact=True
    ).click()
    page.get_by_role("link", name="主动公开信息（拟稿、审查、发布）").click()
    page.get_by_role("link", name="拟稿：新建主动公开信息").click()


def test_clerk_writes_bold_text_and_a_list_with_the_editor(
    new_page: Callable[..., Page], demo: DemoResult
) -> None:
    clerk = new_page()
    open_draft_form(clerk)
    clerk.get_by_label("标题").fill("南关区养老服务补贴发放公告")
    editor = clerk.get_by_role("textbox", name="正文", exact=True)
    expect(editor).to_have_attribute("contenteditable", "true")
    expect(clerk.locator("textarea[name=body_html]")).to_be_hidden()
    toolbar = clerk.locator(".prose-menubar")
    expect(toolbar.get_by_role("button", name="粗体", exact=True)).to_be_visible()

    editor.click()
    clerk.keyboard.type("发放对象：")
    clerk.keyboard.press("Control+b")
    clerk.keyboard.type("八十周岁以上老人")
    clerk.keyboard.press("Control+b")
    clerk.keyboard.press("Enter")
    toolbar.get_by_role("button", name="项目符号列表", exact=True).click()
    clerk.keyboard.type("高龄津贴")
    clerk.keyboard.press("Enter")
    clerk.keyboard.type("护理补贴")
    expect(editor.locator("strong")).to_have_text("八十周岁以上老人")
    expect(editor.locator("ul > li")).to_have_count(2)
    clerk.get_by_role("button", name="保存", exact=True).click()
    expect(clerk.get_by_role("status")).to_contain_text("已保存，索引号")

    item = Publication.objects.get(title="南关区养老服务补贴发放公告")
    assert "<strong>八十周岁以上老人</strong>" in item.body_html
    assert "<ul>" in item.body_html and "<li><p>护理补贴</p></li>" in item.body_html
    shown = clerk.locator(".pub-body")
    expect(shown.locator("strong")).to_have_text("八十周岁以上老人")
    expect(shown.locator("li")).to_have_text(["高龄津贴", "护理补贴"])

    # Editing again opens the stored HTML in the editor, bold and list intact.
    clerk.goto(clerk.url + "edit/")
    editor = clerk.get_by_role("textbox", name="正文", exact=True)
    expect(editor.locator("strong")).to_have_text("八十周岁以上老人")
    expect(editor.locator("li")).to_have_count(2)


def test_without_javascript_the_body_is_a_plain_textarea_and_is_sanitized(
    new_page: Callable[..., Page], demo: DemoResult
) -> None:
    clerk = new_page(java_script_enabled=False)
    open_draft_form(clerk)
    clerk.get_by_label("标题").fill("南关区临时救助办理指引")
    body = clerk.get_by_label("正文", exact=True)
    expect(body).to_be_visible()
    body.fill('<p onclick="alert(1)">先<strong>申请</strong></p><ul><li>审核</li></ul>')
    clerk.get_by_role("button", name="保存", exact=True).click()
    expect(clerk.get_by_role("status")).to_contain_text("已保存，索引号")
    item = Publication.objects.get(title="南关区临时救助办理指引")
    assert item.body_html == "<p>先<strong>申请</strong></p><ul><li>审核</li></ul>"


def test_guide_page_is_written_with_the_editor(
    new_page: Callable[..., Page], demo: DemoResult
) -> None:
    body = Body.objects.get(name=BODY)
    clerk = new_page()
    log_in(clerk, "demo-jingban")
    clerk.goto(f"/workspace/bodies/{body.pk}/publications/pages/guide/")
    editor = clerk.get_by_role("textbox", name="页面内容", exact=True)
    editor.click()
    clerk.keyboard.type("一、公开方式")
    clerk.locator(".prose-menubar").get_by_role("button", name="引用", exact=True).click()
    clerk.get_by_role("button", name="保存并公开", exact=True).click()
    expect(clerk.get_by_role("status")).to_be_visible()
    page = BodyPage.objects.get(body=body, kind="guide")
    assert page.html == "<blockquote><p>一、公开方式</p></blockquote>"


def test_stored_html_survives_the_editor(new_page: Callable[..., Page], demo: DemoResult) -> None:
    """Every element the sanitizer keeps comes back out of the editor after an edit.

    (The editor holds images as blocks: an ``<img>`` inside a paragraph comes out after it.)
    """
    body = Body.objects.get(name=BODY)
    clerk_user = User.objects.get(username="demo-jingban")
    stored = (
        "<h2>一、依据</h2><h3>（一）条例</h3><h4>1. 条文</h4>"
        "<p><strong>粗</strong><em>斜</em><u>下划线</u>第一行<br>第二行</p>"
        "<ol><li><p>编号</p></li></ol><ul><li><p>符号</p></li></ul>"
        "<blockquote><p>引文</p></blockquote>"
        '<p><a href="https://www.gov.cn/" rel="noopener">国务院</a></p>'
        '<img src="/static/portal/favicon.svg" alt="标志">'
        '<table><tbody><tr><th colspan="2"><p>项目</p></th></tr>'
        "<tr><td><p>申请</p></td><td><p>12</p></td></tr></tbody></table>"
    )
    item = services.publication_create(
        body=body,
        actor=clerk_user,
        draft=PublicationDraft(
            title="南关区救助依据汇编", formed_on=date.today(), body_html=stored
        ),
    )
    assert item.body_html == stored
    clerk = new_page()
    log_in(clerk, "demo-jingban")
    clerk.goto(f"/workspace/bodies/{body.pk}/publications/{item.pk}/edit/")
    editor = clerk.get_by_role("textbox", name="正文", exact=True)
    editor.locator("h2").click()
    clerk.keyboard.press("End")
    clerk.keyboard.type("（修订）")
    clerk.get_by_role("button", name="保存", exact=True).click()
    expect(clerk.get_by_role("status")).to_contain_text("已保存")
    item.refresh_from_db()
    assert item.body_html == stored.replace("一、依据", "一、依据（修订）")
