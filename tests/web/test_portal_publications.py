"""The 主动公开 parts of a body's public 专栏: lists, filters, items, files, feed, sitemap, cache.

Every item is made and published through the real services (``publications_world``).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any
from urllib.parse import quote

import docx
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from publications_world import (  # noqa: F401
    PASSWORD,
    TODAY,
    Clock,
    World,
    clock_fixture,
    create,
    publish,
    world_fixture,
)
from pytest_django import DjangoAssertNumQueries

from gongkai.audit.models import AuditEvent
from gongkai.portal.selectors import CatalogueFilters
from gongkai.publications import services
from gongkai.publications.models import BodyPage, Publication

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """The memory cache outlives a test's rollback."""
    cache.clear()


def published(world: World, **changes: Any) -> Publication:
    return publish(world, create(world, **changes))


def column(world: World, name: str, **kwargs: Any) -> str:
    return reverse(f"portal:{name}", kwargs={"body_id": world.town.pk, **kwargs})


def item_url(p: Publication) -> str:
    return reverse("portal:item", kwargs={"body_id": p.body_id, "publication_id": p.pk})


def catalogue(client: Client, world: World, **query: str) -> str:
    response = client.get(column(world, "catalogue"), query)
    assert response.status_code == 200
    return response.content.decode()


def withdraw(world: World, p: Publication) -> Publication:
    return services.publication_withdraw(
        publication_id=p.pk, actor=world.approver, expected_version=p.version, reason="内容有误"
    )


def attach_docx(world: World, p: Publication, name: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("附件正文")
    buffer = io.BytesIO()
    document.save(buffer)
    services.publication_attachment_add(
        publication_id=p.pk,
        actor=world.clerk,
        expected_version=p.version,
        data=buffer.getvalue(),
        filename=name,
    )
    return buffer.getvalue()


# --- lists, groups, filters, paging -----------------------------------------------------------


def test_only_published_items_are_listed(client: Client, world: World) -> None:
    shown = published(world, title="已经发布的公告")
    create(world, title="仍是草稿的公告")
    gone = withdraw(world, published(world, title="后来撤稿的公告"))
    services.publication_create(
        body=world.other,
        actor=world.other_clerk,
        draft=services.PublicationDraft(
            title="丙镇的公告", formed_on=TODAY, body_html="<p>丙镇</p>"
        ),
    )
    html = catalogue(client, world)
    assert shown.title in html and shown.index_number in html
    for absent in ("仍是草稿的公告", gone.title, "丙镇的公告"):
        assert absent not in html
    assert "共1条" in html


def test_proactive_part_groups_by_article_20_item(client: Client, world: World) -> None:
    published(world, title="镇区道路工程", article_item="20.10")
    published(world, title="另一个道路工程", article_item="20.10")
    published(world, title="镇政府职能", article_item="20.2")
    html = client.get(column(world, "column_part", part="proactive")).content.decode()
    assert "按公开事项" in html
    assert '重大建设项目的批准和实施情况</a> <span class="count">（2条）' in html
    assert "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名</a> <span" in html
    assert '政府集中采购项目的目录、标准及实施情况 <span class="count">（0条）' in html
    group = catalogue(client, world, item="20.10")
    assert "镇区道路工程" in group and "另一个道路工程" in group and "镇政府职能" not in group
    assert "《条例》第二十条第（十）项" in group


def test_filters_work_as_get_parameters(client: Client, world: World, clock: Clock) -> None:
    topic = services.topic_create(body=world.town, actor=world.admin, name="业务工作")
    clock.set(date(2025, 6, 2))
    old = published(
        world, title="去年的通知", formed_on=date(2025, 6, 2), written_on=None, document_number=""
    )
    clock.set(TODAY)
    numbered = published(
        world, title="有文号的通知", document_number="乙政发〔2026〕7号", topic=topic
    )
    plain = published(world, title="无文号的通知", document_number="")
    services.publication_validity_set(
        publication_id=numbered.pk,
        actor=world.clerk,
        expected_version=numbered.version,
        validity="已废止",
        successor=plain,
    )

    def titles(**query: str) -> set[str]:
        html = catalogue(client, world, **query)
        return {t for t in (old.title, numbered.title, plain.title) if t in html}

    assert titles() == {old.title, numbered.title, plain.title}
    assert titles(topic=str(topic.pk)) == {numbered.title}
    assert titles(year="2025") == {old.title}
    assert titles(year="2026") == {numbered.title, plain.title}
    assert titles(number="政发〔2026〕7") == {numbered.title}
    assert titles(validity="已废止") == {numbered.title}
    assert titles(validity="有效") == {old.title, plain.title}
    assert titles(kind="policy") == {numbered.title}
    assert titles(year="abc", validity="nonsense", topic="-1") == {
        old.title,
        numbered.title,
        plain.title,
    }
    html = catalogue(client, world, topic=str(topic.pk))
    assert f'<option value="{topic.pk}" selected>业务工作</option>' in html
    assert '<label for="f-number">文号包含</label>' in html


def test_interpretations_list_and_links_both_ways(client: Client, world: World) -> None:
    policy = published(world, title="关于道路维修的规定", article_item="20.1", document_number="")
    reading = published(
        world, title="道路维修新规答记者问", document_number="", interprets=[policy]
    )
    assert {
        t
        for t in (policy.title, reading.title)
        if t in catalogue(client, world, kind="interpretation")
    } == {reading.title}
    assert policy.title in catalogue(client, world, kind="policy")
    policy_page = client.get(item_url(policy)).content.decode()
    assert '<h2 id="interpretations-title">政策解读</h2>' in policy_page
    assert f'href="{item_url(reading)}"' in policy_page
    reading_page = client.get(item_url(reading)).content.decode()
    assert f'href="{item_url(policy)}"' in reading_page


def test_paging_twenty_a_page_with_capped_count(client: Client, world: World) -> None:
    for n in range(23):
        published(world, title=f"第{n:02d}号公告", document_number="")
    first = catalogue(client, world)
    assert first.count("<tr>\n<td><a href") == 20
    assert "第22号公告" in first and "第02号公告" not in first  # newest (highest id) first
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert "共23条" in first
    second = catalogue(client, world, page="2")
    assert second.count("<tr>\n<td><a href") == 3
    assert "第00号公告" in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get(column(world, "catalogue"), {"page": "501"}).status_code == 404


def test_filters_parse_and_round_trip() -> None:
    filters = CatalogueFilters.from_query(
        {"item": "20.3", "topic": "7", "year": "2026", "number": " 乙 ", "page": "3", "x": "y"}
    )
    assert filters == CatalogueFilters(item="20.3", topic=7, year=2026, number="乙", page=3)
    assert filters.query(page=4) == (f"item=20.3&topic=7&year=2026&number={quote('乙')}&page=4")
    assert (
        CatalogueFilters.from_query({"item": "99", "kind": "x", "page": "0"}) == CatalogueFilters()
    )


def test_list_page_query_count_is_bounded(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    topic = services.topic_create(body=world.town, actor=world.admin, name="业务工作")
    for n in range(25):
        published(world, title=f"公告{n}", topic=topic)
    cache.clear()
    # versions, body, rows, capped count, topics, groups
    with django_assert_max_num_queries(6):
        catalogue(client, world, topic=str(topic.pk))
    with django_assert_max_num_queries(1):  # cached: the versions only
        catalogue(client, world, topic=str(topic.pk))


# --- the item page and its files --------------------------------------------------------------


def test_item_page_shows_the_catalogue_fields(client: Client, world: World) -> None:
    successor = published(world, title="新的规定", document_number="")
    p = published(world, title="旧的规定", body_html="<p>正文第一段。</p>")
    services.publication_validity_set(
        publication_id=p.pk,
        actor=world.clerk,
        expected_version=p.version,
        validity="已修改",
        successor=successor,
    )
    html = client.get(item_url(p)).content.decode()
    for text in (
        p.index_number,
        "乙镇人民政府",
        "2026-03-02",
        "乙政发〔2026〕3号",
        "<p>正文第一段。</p>",
        f'已修改（修改为：<a href="{item_url(successor)}">新的规定</a>）',
    ):
        assert text in html


@pytest.mark.parametrize("status", ["draft", "first_review", "sign"])
def test_unpublished_items_are_404(client: Client, world: World, status: str) -> None:
    p = create(world)
    if status != "draft":
        p = services.publication_submit(publication_id=p.pk, actor=world.clerk, expected_version=1)
    if status == "sign":
        p = services.publication_first_approve(
            publication_id=p.pk, actor=world.clerk2, expected_version=p.version
        )
        p = services.publication_review_approve(
            publication_id=p.pk, actor=world.reviewer, expected_version=p.version
        )
    response = client.get(item_url(p))
    assert response.status_code == 404


def test_item_of_another_body_is_404(client: Client, world: World) -> None:
    p = published(world)
    wrong = reverse("portal:item", kwargs={"body_id": world.other.pk, "publication_id": p.pk})
    assert client.get(wrong).status_code == 404


def test_withdrawn_item_is_410_gone_in_chinese(client: Client, world: World) -> None:
    p = published(world)
    assert client.get(item_url(p)).status_code == 200
    withdraw(world, p)
    response = client.get(item_url(p))
    assert response.status_code == 410
    html = response.content.decode()
    assert "该信息已撤稿" in html and p.index_number in html and p.title not in html


def test_attachment_download_headers(client: Client, world: World) -> None:
    draft = create(world)
    data = attach_docx(world, draft, "附件 一（名单）.docx")
    p = publish(world, Publication.objects.get(pk=draft.pk))
    attachment = p.attachments.get()
    html = client.get(item_url(p)).content.decode()
    link = reverse(
        "portal:attachment",
        kwargs={"body_id": p.body_id, "publication_id": p.pk, "attachment_id": attachment.pk},
    )
    assert f'href="{link}"' in html and "附件 一（名单）.docx" in html
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert response["Content-Type"] == attachment.content_type
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("附件 一（名单）.docx")
    )
    withdraw(world, p)
    assert client.get(link).status_code == 404


def test_attachment_of_a_draft_is_404(client: Client, world: World) -> None:
    p = create(world)
    attach_docx(world, p, "草稿附件.docx")
    attachment = p.attachments.get()
    link = reverse(
        "portal:attachment",
        kwargs={"body_id": p.body_id, "publication_id": p.pk, "attachment_id": attachment.pk},
    )
    assert client.get(link).status_code == 404


def test_item_page_query_count(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    policy = published(world, title="规定", document_number="")
    draft = create(world, interprets=[policy])
    attach_docx(world, draft, "x.docx")
    p = publish(world, Publication.objects.get(pk=draft.pk))
    # versions, item with body/topic/successor, attachments, interprets, interpretations
    with django_assert_max_num_queries(5):
        assert client.get(item_url(p)).status_code == 200


# --- feed and sitemap ---------------------------------------------------------------------------


def test_atom_feed_holds_the_newest_items(client: Client, world: World) -> None:
    items = [published(world, title=f"订阅公告{n}", summary=f"概述{n}") for n in range(3)]
    create(world, title="草稿不进订阅")
    response = client.get(column(world, "feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "乙镇人民政府政府信息公开"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [p.title for p in reversed(items)]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(item_url(items[-1]))
    assert entries[0].findtext(f"{ATOM}summary") == "概述2"
    cached = client.get(column(world, "feed"))  # served from the cache with its type
    assert cached["Content-Type"] == response["Content-Type"] and cached.content == response.content


def test_feed_stops_at_fifty(client: Client, world: World) -> None:
    for n in range(52):
        published(world, title=f"公告{n}", document_number="")
    root = ET.fromstring(client.get(column(world, "feed")).content)
    assert len(root.findall(f"{ATOM}entry")) == 50


def test_sitemap_lists_home_parts_and_published_items(client: Client, world: World) -> None:
    shown = published(world)
    hidden = create(world)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
    assert {s.rsplit("/", 1)[-1].split("?")[0] for s in sections} >= {
        "sitemap-home.xml",
        "sitemap-columns.xml",
        "sitemap-items.xml",
    }
    locs: list[str] = []
    for section in ("home", "regions", "columns", "items"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        locs += [loc.text or "" for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in locs}
    assert "" in paths
    assert f"bodies/{world.town.pk}/proactive/" in paths
    assert f"bodies/{world.town.pk}/guide/" in paths
    assert item_url(shown).lstrip("/") in paths
    assert item_url(hidden).lstrip("/") not in paths


# --- freshness of cached pages ------------------------------------------------------------------


def test_publish_and_withdraw_refresh_cached_pages(client: Client, world: World) -> None:
    first = published(world, title="第一条公告")
    pages = [
        column(world, "catalogue"),
        column(world, "column_part", part="proactive"),
        column(world, "feed"),
    ]
    for page in pages:
        assert "第一条公告" in client.get(page).content.decode()
    assert client.get(item_url(first)).status_code == 200
    second = published(world, title="第二条公告")
    for page in pages:
        assert "第二条公告" in client.get(page).content.decode()
    withdraw(world, first)
    for page in pages:
        assert "第一条公告" not in client.get(page).content.decode()
    assert client.get(item_url(first)).status_code == 410
    services.publication_validity_set(
        publication_id=second.pk,
        actor=world.clerk,
        expected_version=second.version,
        validity="已废止",
    )
    assert "<dd>已废止</dd>" in client.get(item_url(second)).content.decode()


def test_drafts_do_not_change_the_cached_pages(client: Client, world: World) -> None:
    from gongkai.portal.selectors import body_version

    published(world)
    before = body_version(body_id=world.town.pk)
    create(world, title="新草稿")
    assert body_version(body_id=world.town.pk) == before


# --- 指南 and 制度 -------------------------------------------------------------------------------


def page_url(world: World, kind: str) -> str:
    return reverse("publications:page", kwargs={"body_id": world.town.pk, "kind": kind})


def test_guide_default_is_generated_and_marked(client: Client, world: World) -> None:
    html = client.get(column(world, "column_part", part="guide")).content.decode()
    assert "本机关尚未编写信息公开指南，以下内容由平台根据本机关登记的信息自动生成" in html
    for text in (
        "一、政府信息的分类",
        "编排体系",
        "获取方式",
        "乙镇人民政府",
        "办公地址",
        "传真号码",
    ):
        assert text in html
    assert f'href="/bodies/{world.town.pk}/apply/"' in html
    rules = client.get(column(world, "column_part", part="rules")).content.decode()
    assert "本机关尚未编写信息公开制度" in rules


def test_staff_write_the_guide_and_the_portal_shows_it(client: Client, world: World) -> None:
    assert client.get(column(world, "column_part", part="guide")).status_code == 200  # cached
    assert client.login(username="clerk", password=PASSWORD)
    form = client.get(page_url(world, "guide"))
    assert form.status_code == 200 and 'name="version" value=""' in form.content.decode()
    response = client.post(
        page_url(world, "guide"),
        {"html": "<h2>一、分类</h2><p>本镇指南。</p><script>alert(1)</script>", "version": ""},
    )
    assert response.status_code == 302
    page = BodyPage.objects.get(body=world.town, kind="guide")
    assert page.html == "<h2>一、分类</h2><p>本镇指南。</p>" and page.version == 1
    event = AuditEvent.objects.filter(body=world.town).order_by("-pk").first()
    assert event is not None and event.new_values["step"] == "page_guide"
    client.logout()
    html = client.get(column(world, "column_part", part="guide")).content.decode()
    assert "<p>本镇指南。</p>" in html and "自动生成" not in html and "alert" not in html


def test_stale_page_edit_is_refused(client: Client, world: World) -> None:
    services.body_page_save(
        body=world.town,
        actor=world.admin,
        kind="rules",
        html="<p>第一版</p>",
        expected_version=None,
    )
    services.body_page_save(
        body=world.town, actor=world.clerk, kind="rules", html="<p>第二版</p>", expected_version=1
    )
    assert client.login(username="clerk2", password=PASSWORD)
    response = client.post(page_url(world, "rules"), {"html": "<p>旧稿改</p>", "version": "1"})
    assert response.status_code == 400
    assert "该页面已被他人修改" in response.content.decode()
    assert BodyPage.objects.get(body=world.town, kind="rules").html == "<p>第二版</p>"
    with pytest.raises(services.PublicationStaleError):
        services.body_page_save(
            body=world.town,
            actor=world.clerk,
            kind="rules",
            html="<p>新</p>",
            expected_version=None,
        )


@pytest.mark.parametrize("who", ["reviewer", "other_clerk", "supervisor", "outsider"])
def test_page_edit_refused_to_others(client: Client, world: World, who: str) -> None:
    assert client.login(username=str(world.user(who)), password=PASSWORD)
    assert client.get(page_url(world, "guide")).status_code == 403
    response = client.post(page_url(world, "guide"), {"html": "<p>x</p>", "version": ""})
    assert response.status_code == 403
    assert not BodyPage.objects.exists()


def test_page_edit_needs_login_and_text(client: Client, world: World) -> None:
    assert client.get(page_url(world, "guide")).status_code == 302
    assert client.login(username="admin", password=PASSWORD)
    response = client.post(page_url(world, "guide"), {"html": "<script>x</script>", "version": ""})
    assert response.status_code == 400 and "请填写页面内容" in response.content.decode()
    assert not BodyPage.objects.exists()
