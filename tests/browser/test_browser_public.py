"""The public face, used by clicking: home page by region, a body's 专栏 and its parts, 404."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from browser.browsing import Watch, open_expecting
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS
from gongkai.portal.selectors import UNKNOWN_DIVISION


def expected_regions() -> dict[str, list[str]]:
    """Region heading → names of the bodies under it: each tree under its top body's division."""
    bodies = {body.pk: body for body in Body.objects.all()}
    regions: dict[str, list[str]] = {}
    for body in bodies.values():
        top = body
        while top.parent_id is not None:
            top = bodies[top.parent_id]
        regions.setdefault(top.division or UNKNOWN_DIVISION, []).append(body.name)
    return {name: sorted(names) for name, names in regions.items()}


def test_home_page_lists_every_body_under_its_region(page: Page, demo: DemoResult) -> None:
    page.goto("/")
    expect(page).to_have_title("政府信息公开平台")
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
    expected = expected_regions()
    shown = {}
    for heading in page.get_by_role("main").get_by_role("heading", level=2).all_inner_texts():
        region = page.get_by_role("region", name=heading, exact=True)
        body_list = region.get_by_role("list").first
        shown[heading] = sorted(body_list.get_by_role("link").all_inner_texts())
    assert shown == expected
    assert "南关区长通街道办事处" in shown["吉林省长春市南关区"]
    assert "洛龙区学府街道办事处" in shown["河南省洛阳市洛龙区"]
    assert "南郊镇人民政府" in shown[UNKNOWN_DIVISION]


def test_a_body_column_and_each_of_its_parts_by_clicking(page: Page, demo: DemoResult) -> None:
    h1 = page.get_by_role("heading", level=1)
    page.goto("/")
    page.get_by_role("link", name="南关区民政局", exact=True).click()
    expect(h1).to_have_text("南关区民政局政府信息公开专栏")
    contact = page.get_by_role("region", name="联系方式")
    expect(contact).to_contain_text("长春市自由大路3388号南关区人民政府114室")
    expect(contact).to_contain_text("85284294")
    expect(contact).to_contain_text("130022")

    parts_nav = page.get_by_role("navigation", name="专栏栏目")
    expect(parts_nav.get_by_role("link")).to_have_text([part.title for part in PARTS])
    for part in PARTS:
        parts_nav.get_by_role("link", name=part.title, exact=True).click()
        expect(h1).to_have_text(part.title)
        expect(page).to_have_title(f"{part.title} - 南关区民政局 - 政府信息公开平台")
        current = parts_nav.get_by_role("link", name=part.title, exact=True)
        expect(current).to_have_attribute("aria-current", "page")
        expect(parts_nav.locator("[aria-current]")).to_have_count(1)
        expect(page.get_by_role("main")).to_contain_text(part.summary)
        expect(page.get_by_role("region", name="联系方式")).to_contain_text("85284294")

    breadcrumb = page.get_by_role("navigation", name="当前位置")
    breadcrumb.get_by_role("link", name="南关区民政局").click()
    expect(h1).to_have_text("南关区民政局政府信息公开专栏")
    page.get_by_role("link", name="长春市南关区人民政府", exact=True).click()
    expect(h1).to_have_text("长春市南关区人民政府政府信息公开专栏")
    page.get_by_role("navigation", name="当前位置").get_by_role("link", name="首页").click()
    expect(h1).to_have_text("政府信息公开")


def test_a_body_without_contact_details_says_so(page: Page, demo: DemoResult) -> None:
    page.goto("/")
    page.get_by_role("link", name="南郊镇人民政府").click()
    contact = page.get_by_role("region", name="联系方式")
    expect(contact.get_by_role("definition")).to_have_text(["未填写"] * 4)


def test_missing_pages_answer_with_the_chinese_404_page(
    page: Page, watch: Watch, demo: DemoResult
) -> None:
    body = Body.objects.get(name="南关区民政局")
    missing_body = max(Body.objects.values_list("pk", flat=True)) + 1
    for path in (
        "/no-such-page/",
        f"/bodies/{missing_body}/",
        f"/bodies/{missing_body}/guide/",
        f"/bodies/{body.pk}/no-such-part/",
    ):
        open_expecting(page, watch, path, 404)
        expect(page).to_have_title("页面不存在 - 政府信息公开平台")
        expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
        expect(page.get_by_role("main")).not_to_contain_text("Not Found")
    page.get_by_role("main").get_by_role("link", name="返回首页").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
