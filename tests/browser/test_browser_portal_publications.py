"""A visitor on a 375 px phone opens a body's 专栏, filters its catalogue and downloads a file.

The items are made and published through the real services (the 三级审查 itself is walked in
``test_browser_publication_life.py``); everything here is done by tapping, without JavaScript
from the site.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body, User
from gongkai.publications import services
from gongkai.publications.models import Publication
from gongkai.publications.services import PublicationDraft

BODY = "南关区民政局"
TODAY = date(2026, 3, 2)
PHONE = {"width": 375, "height": 740}


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def publish(body: Body, title: str, number: str, attachment: str = "") -> Publication:
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    clerk = users["demo-jingban"]
    p = services.publication_create(
        body=body,
        actor=clerk,
        draft=PublicationDraft(
            title=title,
            formed_on=TODAY,
            written_on=TODAY,
            document_number=number,
            article_item="20.11",
            summary=f"{title}的内容。",
            body_html=f"<p>{title}正文。</p>",
        ),
    )
    if attachment:
        services.publication_attachment_add(
            publication_id=p.pk,
            actor=clerk,
            expected_version=p.version,
            data=docx_bytes("低保标准表"),
            filename=attachment,
        )
        p.refresh_from_db()
    p = services.publication_submit(publication_id=p.pk, actor=clerk, expected_version=p.version)
    p = services.publication_first_approve(
        publication_id=p.pk, actor=clerk, expected_version=p.version
    )
    p = services.publication_review_approve(
        publication_id=p.pk, actor=users["demo-shenhe"], expected_version=p.version
    )
    return services.publication_sign(
        publication_id=p.pk,
        actor=users["demo-shenfa"],
        expected_version=p.version,
        secrecy="不涉密",
    )


def test_phone_visitor_filters_the_catalogue_and_downloads_a_file(
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
    publish(body, "南关区2026年城乡低保标准调整公告", "南民发〔2026〕5号", "低保标准表.docx")
    publish(body, "南关区养老服务补贴办法", "南民发〔2026〕2号")
    publish(body, "南关区民政局2026年工作要点", "")

    page = new_page(viewport=PHONE, java_script_enabled=False, accept_downloads=True)
    page.goto("/")
    page.get_by_role("link", name=BODY, exact=True).click()
    page.get_by_role("navigation", name="专栏栏目").get_by_role(
        "link", name="法定主动公开内容"
    ).click()
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_text("法定主动公开内容")
    latest = page.get_by_role("region", name="最新公开").get_by_role("table")
    expect(latest.get_by_role("row")).to_have_count(4)  # the header and three items

    page.get_by_role("link", name="政府信息公开目录（可筛选）").click()
    expect(h1).to_have_text("政府信息公开目录")
    filters = page.get_by_role("search", name="筛选政府信息")
    filters.get_by_label("文号包含").fill("南民发〔2026〕5")
    filters.get_by_label("有效性").select_option("有效")
    filters.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("status")).to_have_text("共1条")
    assert f"/bodies/{body.pk}/catalogue/?" in page.url and "validity=" in page.url  # a plain GET
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(2)
    expect(filters.get_by_label("文号包含")).to_have_value("南民发〔2026〕5")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the list is {width}px wide on a {PHONE['width']}px phone"

    page.get_by_role("link", name="南关区2026年城乡低保标准调整公告").click()
    expect(h1).to_have_text("南关区2026年城乡低保标准调整公告")
    fields = page.get_by_role("region", name="目录信息")
    expect(fields).to_contain_text("南民发〔2026〕5号")
    expect(fields).to_contain_text("2026-03-02")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the item page is {width}px wide"
    files = page.get_by_role("region", name="附件")
    with page.expect_download() as download_info:
        files.get_by_role("link", name="低保标准表.docx").click()
    download = download_info.value
    assert download.suggested_filename == "低保标准表.docx"
    saved = tmp_path / "downloaded.docx"
    download.save_as(saved)
    assert docx.Document(str(saved)).paragraphs[0].text == "低保标准表"
