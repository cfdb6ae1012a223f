"""Public API of published 主动公开 items: shapes, never a draft, filters, paging, caching."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import docx
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import resolve
from publications_world import (
    TODAY,
    Clock,
    World,
    clock_fixture,
    create,
    draft,
    person,
    publish,
    to_sign,
    world_fixture,
)
from pytest_django import DjangoAssertNumQueries, Settings
from test_api_applications import conforms

from gongkai.api import publications as api_publications
from gongkai.api.openapi import openapi_document
from gongkai.organizations.models import Role
from gongkai.publications import services
from gongkai.publications.models import Publication, Status

__all__ = ["clock_fixture", "world_fixture"]

LIST = "/api/v1/publications"
NOT_FOUND = {"error": "not_found", "message": "没有这条已发布的信息。"}


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attach(world: World, item: Publication, filename: str) -> Publication:
    services.publication_attachment_add(
        publication_id=item.pk,
        actor=world.clerk,
        expected_version=item.version,
        data=docx_bytes(f"{filename} 的内容"),
        filename=filename,
    )
    return Publication.objects.get(pk=item.pk)


def published(world: World, **changes: Any) -> Publication:
    return publish(world, create(world, **changes))


def ids(answer: dict[str, Any]) -> list[int]:
    return [row["id"] for row in answer["results"]]


def conforms_to(answer: object, name: str) -> bool:
    return conforms(answer, {"$ref": f"#/components/schemas/{name}"}, openapi_document())


@pytest.fixture(name="api")
def api_fixture(settings: Settings) -> Client:
    """A client with the read limit out of the way (its own test lowers it), counters at zero."""
    cache.clear()
    settings.GONGKAI_API_READ_LIMIT = 10_000
    settings.ALLOWED_HOSTS = ["testserver", "gongkai.example.cn"]
    return Client(HTTP_HOST="gongkai.example.cn")


# --- never a draft -----------------------------------------------------------------------------


def test_only_published_items_are_listed_or_readable(
    api: Client, world: World, clock: Clock
) -> None:
    draft_item = create(world, title="拟稿中的信息")
    under_review = to_sign(world, create(world, title="待审发的信息"))
    filed = publish(world, create(world, title="涉密信息"), secrecy="涉密")
    scheduled = publish(
        world, create(world, title="定时发布的信息"), scheduled_at=clock.now + timedelta(days=2)
    )
    withdrawn = published(world, title="已撤稿的信息")
    services.publication_withdraw(
        publication_id=withdrawn.pk,
        actor=world.approver,
        expected_version=withdrawn.version,
        reason="内容有误",
    )
    visible = published(world, title="已发布的信息")
    statuses = set(Publication.objects.values_list("status", flat=True))
    assert statuses == {
        Status.DRAFT,
        Status.SIGN,
        Status.FILED,
        Status.SCHEDULED,
        Status.WITHDRAWN,
        Status.PUBLISHED,
    }

    answer = api.get(LIST).json()
    assert ids(answer) == [visible.pk]
    assert answer["count"] == 1
    assert api.get(f"{LIST}/{visible.pk}").status_code == 200
    for hidden in (draft_item, under_review, filed, scheduled, withdrawn):
        response = api.get(f"{LIST}/{hidden.pk}")
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
        assert "Cache-Control" not in response or "public" not in response["Cache-Control"]
    for unknown in (visible.pk + 1000, 2**31, 2**63):
        assert api.get(f"{LIST}/{unknown}").json() == NOT_FOUND


# --- shapes ------------------------------------------------------------------------------------


def test_list_and_detail_conform_to_the_openapi_schemas(api: Client, world: World) -> None:
    topic = services.topic_create(body=world.town, actor=world.admin, name="业务工作")
    policy = create(world, title="乙镇道路管理办法", article_item="20.1", topic=topic)
    policy = attach(world, policy, "管理办法.docx")
    policy = attach(world, policy, "附表.docx")
    policy = publish(world, policy)
    reading = published(world, title="《乙镇道路管理办法》政策解读", interprets=(policy,))
    # A draft interpretation is never revealed through interpreted_by.
    create(world, title="未发布的解读", interprets=(policy,))

    listing = api.get(LIST).json()
    assert conforms_to(listing, "PublicationList")
    assert ids(listing) == [reading.pk, policy.pk]
    row = listing["results"][1]
    assert row["index_number"] == policy.index_number
    assert row["body"] == {"id": world.town.pk, "name": "乙镇人民政府"}
    assert row["topic"] == {"id": topic.pk, "name": "业务工作"}
    assert row["article_item"]["code"] == "20.1" and row["article_item"]["label"]
    assert row["written_on"] == TODAY.isoformat() and row["published_on"] == TODAY.isoformat()
    assert row["document_number"] == "乙政发〔2026〕3号" and row["validity"] == "有效"
    stored = list(policy.attachments.order_by("at", "pk"))
    assert [a["name"] for a in row["attachments"]] == ["管理办法.docx", "附表.docx"]
    first = row["attachments"][0]
    assert (first["size"], first["sha256"]) == (stored[0].size, stored[0].sha256)
    assert first["content_type"] == stored[0].content_type
    # The links are absolute and lead to the portal's page and the file itself.
    assert row["url"].startswith(f"http://gongkai.example.cn/bodies/{world.town.pk}/")
    page = resolve(urlsplit(row["url"]).path)
    assert page.view_name == "portal:item"
    assert page.kwargs == {"body_id": world.town.pk, "publication_id": policy.pk}
    assert first["url"].startswith("http://gongkai.example.cn/bodies/")
    download = api.get(first["url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.getvalue()).hexdigest() == first["sha256"]

    detail = api.get(f"{LIST}/{policy.pk}").json()
    assert conforms_to(detail, "Publication")
    assert {key: detail[key] for key in row} == row
    assert detail["summary"] == "道路维修的范围和时间。"
    assert detail["body_html"] == "<p>自3月起维修镇区主干道。</p>"
    assert (detail["interprets"], detail["interpreted_by"]) == ([], [reading.pk])
    assert api.get(f"{LIST}/{reading.pk}").json()["interprets"] == [policy.pk]
    assert conforms_to(api.get(f"{LIST}/{reading.pk}").json(), "Publication")
    assert not conforms_to({**detail, "validity": "作废"}, "Publication")


def test_body_html_is_served_as_the_sanitizer_left_it(api: Client, world: World) -> None:
    item = published(world, body_html='<p onclick="x()">正文<script>alert(1)</script></p>')
    html = api.get(f"{LIST}/{item.pk}").json()["body_html"]
    assert "script" not in html and "onclick" not in html and "正文" in html


# --- filters -----------------------------------------------------------------------------------


@pytest.fixture(name="catalogue")
def catalogue_fixture(world: World, clock: Clock) -> dict[str, Publication]:
    """Items of two bodies over two years, with items, topics, validity and 文号."""
    topic = services.topic_create(body=world.town, actor=world.admin, name="业务工作")
    clock.set(date(2025, 6, 2))
    old = published(world, title="2025年的通知", formed_on=date(2025, 6, 2), written_on=None)
    clock.set(TODAY)
    budget = published(world, title="预算公开", article_item="20.8", document_number="")
    topical = published(
        world, title="业务工作通知", topic=topic, document_number="乙政办〔2026〕7号"
    )
    repealed = published(world, title="旧办法")
    services.publication_validity_set(
        publication_id=repealed.pk,
        actor=world.clerk,
        expected_version=repealed.version,
        validity="已废止",
    )
    for username, role in (("o2", Role.CLERK), ("o-rev", Role.REVIEWER), ("o-app", Role.APPROVER)):
        person(username, world.other, role)
    foreign = services.publication_create(
        body=world.other, actor=world.other_clerk, draft=draft(title="丙镇的通知")
    )
    users = {u.username: u for u in type(world.clerk).objects.filter(username__startswith="o")}
    p = services.publication_submit(
        publication_id=foreign.pk, actor=world.other_clerk, expected_version=foreign.version
    )
    p = services.publication_first_approve(
        publication_id=p.pk, actor=users["o2"], expected_version=p.version
    )
    p = services.publication_review_approve(
        publication_id=p.pk, actor=users["o-rev"], expected_version=p.version
    )
    p = services.publication_sign(
        publication_id=p.pk, actor=users["o-app"], expected_version=p.version, secrecy="不涉密"
    )
    return {"old": old, "budget": budget, "topical": topical, "repealed": repealed, "foreign": p}


def test_filters_narrow_the_list(
    api: Client, world: World, catalogue: dict[str, Publication]
) -> None:
    def titles(query: str) -> set[str]:
        answer = api.get(f"{LIST}?{query}").json()
        assert answer["count"] == len(answer["results"])
        return {row["title"] for row in answer["results"]}

    everything = titles("")
    assert len(everything) == 5
    assert titles(f"body_id={world.other.pk}") == {"丙镇的通知"}
    assert titles(f"body_id={world.county.pk}") == set()
    assert titles("year=2025") == {"2025年的通知"}
    assert titles(f"year=2026&body_id={world.town.pk}") == {"预算公开", "业务工作通知", "旧办法"}
    assert titles("article_item=20.8") == {"预算公开"}
    topic_id = catalogue["topical"].topic_id
    assert titles(f"topic={topic_id}") == titles("topic=业务工作") == {"业务工作通知"}
    assert titles("topic=没有的分类") == set()
    assert titles("validity=已废止") == {"旧办法"}
    assert len(titles("validity=有效")) == 4
    assert titles("document_number=办〔2026〕7") == {"业务工作通知"}
    assert titles("document_number=乙政发") == {"2025年的通知", "旧办法", "丙镇的通知"}


def test_the_list_is_newest_first(api: Client, world: World, clock: Clock) -> None:
    clock.set(TODAY)
    first = published(world, title="第一条")
    second = published(world, title="第二条")  # same day: the later id first
    clock.set(TODAY + timedelta(days=1))
    third = published(world, title="第三条")
    clock.set(TODAY - timedelta(days=7))
    older = published(world, title="上周的", formed_on=TODAY - timedelta(days=7), written_on=None)
    assert ids(api.get(LIST).json()) == [third.pk, second.pk, first.pk, older.pk]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("body_id=abc", "body_id"),
        ("body_id=0", "body_id"),
        ("body_id=99999999999", "body_id"),
        ("year=26", "year"),
        ("year=二〇二六", "year"),
        ("article_item=20.99", "article_item"),
        ("validity=作废", "validity"),
        ("document_number=" + "号" * 101, "document_number"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=201", "page"),
    ],
    ids=lambda value: value if len(value) < 30 else "document_number-too-long",
)
def test_bad_filters_are_400_in_chinese(api: Client, world: World, query: str, words: str) -> None:
    response = api.get(f"{LIST}?{query}")
    assert response.status_code == 400
    answer = response.json()
    assert answer["error"] in ("invalid", "invalid_page") and words in answer["message"]
    assert conforms_to(answer, "Error")


# --- paging ------------------------------------------------------------------------------------


def test_pages_link_to_each_other_and_the_count_is_capped(
    api: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [published(world, title=f"第{n}条") for n in range(5)]
    newest_first = [item.pk for item in reversed(made)]
    monkeypatch.setattr(api_publications, "PAGE_SIZE", 2)

    first = api.get(f"{LIST}?body_id={world.town.pk}").json()
    assert (first["count"], first["count_capped"], first["pages"]) == (5, False, 3)
    assert first["previous"] is None and ids(first) == newest_first[:2]
    second = api.get(first["next"]).json()
    assert first["next"] == f"http://gongkai.example.cn{LIST}?body_id={world.town.pk}&page=2"
    assert ids(second) == newest_first[2:4]
    assert second["previous"].endswith("page=1")
    last = api.get(second["next"]).json()
    assert ids(last) == newest_first[4:] and last["next"] is None
    beyond = api.get(f"{LIST}?page=4")
    assert beyond.status_code == 400 and beyond.json()["error"] == "invalid_page"

    monkeypatch.setattr(api_publications, "COUNT_CAP", 4)
    capped = api.get(LIST).json()
    assert (capped["count"], capped["count_capped"], capped["pages"]) == (4, True, 2)
    assert ids(api.get(capped["next"]).json()) == newest_first[2:4]
    assert api.get(f"{LIST}?page=3").status_code == 400


def test_an_empty_list_is_one_empty_page(api: Client, world: World) -> None:
    answer = api.get(LIST).json()
    assert answer == {
        "count": 0,
        "count_capped": False,
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
        "results": [],
    }


# --- bounded queries ---------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_items(
    api: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    topic = services.topic_create(body=world.town, actor=world.admin, name="业务工作")
    policy = publish(
        world, attach(world, create(world, article_item="20.1", topic=topic), "a.docx")
    )
    # count, page (with body and topic), attachments
    with django_assert_num_queries(3):
        api.get(LIST)
    # item (with body and topic), attachments, interprets, interpreted_by
    with django_assert_num_queries(4):
        api.get(f"{LIST}/{policy.pk}")
    for n in range(4):
        item = attach(world, create(world, title=f"第{n}条", topic=topic), f"{n}.docx")
        publish(world, attach(world, item, f"{n}-2.docx"))
    published(world, interprets=(policy,))
    with django_assert_num_queries(3):
        answer = api.get(LIST).json()
    assert len(answer["results"]) == 6
    with django_assert_num_queries(4):
        api.get(f"{LIST}/{policy.pk}")


# --- caching and limits ------------------------------------------------------------------------


def test_public_answers_are_cacheable_with_an_etag(api: Client, world: World) -> None:
    item = published(world)
    for path in (LIST, f"{LIST}/{item.pk}"):
        response = api.get(path)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        etag = response["ETag"]
        again = api.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again["ETag"] == etag
        assert api.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    before = api.get(LIST)["ETag"]
    published(world, title="又一条")
    assert api.get(LIST, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_reads_are_rate_limited_per_address(api: Client, world: World, settings: Settings) -> None:
    settings.GONGKAI_API_READ_LIMIT = 2
    item = published(world)
    assert api.get(LIST).status_code == 200
    assert api.get(f"{LIST}/{item.pk}").status_code == 200
    refused = api.get(LIST)
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert refused["Retry-After"] == "3600"
    other = Client(HTTP_HOST="gongkai.example.cn", REMOTE_ADDR="10.9.8.7")
    assert other.get(LIST).status_code == 200


def test_other_methods_are_refused(api: Client, world: World) -> None:
    response = api.post(LIST, data="{}", content_type="application/json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


# --- search ------------------------------------------------------------------------------------

SEARCH = f"{LIST}/search"


def test_search_finds_published_items_only_and_conforms(api: Client, world: World) -> None:
    hit = published(
        world,
        title="乙镇最低生活保障标准调整的通知",
        body_html="<p>自2026年起，最低生活保障标准提高到每月900元。</p>",
    )
    published(world, title="道路维修公告", body_html="<p>维修主干道。</p>")
    create(world, title="最低生活保障的草稿", body_html="<p>最低生活保障草稿。</p>")
    gone = published(world, title="最低生活保障旧标准", body_html="<p>最低生活保障。</p>")
    services.publication_withdraw(
        publication_id=gone.pk, actor=world.approver, expected_version=gone.version, reason="废止"
    )

    response = api.get(SEARCH, {"q": "最低生活保障"})
    assert response.status_code == 200
    answer = response.json()
    assert conforms_to(answer, "SearchResults")
    assert [row["id"] for row in answer["results"]] == [hit.pk]
    assert (answer["count"], answer["count_capped"], answer["next"]) == (1, False, None)
    row = answer["results"][0]
    assert row["body"] == {"id": world.town.pk, "name": "乙镇人民政府"}
    assert row["index_number"] == hit.index_number
    assert row["published_on"] == TODAY.isoformat()
    assert "<mark>最低生活保障</mark>" in row["snippet_html"]
    assert resolve(urlsplit(row["url"]).path).kwargs == {
        "body_id": world.town.pk,
        "publication_id": hit.pk,
    }
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert api.get(SEARCH, {"q": "维修 主干道"}).json()["results"][0]["title"] == "道路维修公告"


def test_search_is_bounded_to_the_bodies_asked_for(
    api: Client, world: World, catalogue: dict[str, Publication]
) -> None:
    def found(**params: Any) -> set[str]:
        return {row["title"] for row in api.get(SEARCH, params).json()["results"]}

    assert found(q="通知") == {"2025年的通知", "业务工作通知", "丙镇的通知"}
    assert found(q="通知", body_id=world.other.pk) == {"丙镇的通知"}
    assert found(q="通知", body_id=[world.other.pk, world.town.pk]) == found(q="通知")
    assert found(q="通知", body_id=world.county.pk) == set()


def test_search_pages_link_to_each_other(
    api: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = {published(world, title=f"第{n}号防汛通知").pk for n in range(3)}
    published(world, title="道路维修公告")
    assert api.get(SEARCH, {"q": "防汛"}).json()["page_size"] == 50
    monkeypatch.setattr(api_publications, "PAGE_SIZE", 2)
    first = api.get(SEARCH, {"q": "防汛", "body_id": str(world.town.pk)}).json()
    assert (first["count"], first["page"], first["previous"]) == (3, 1, None)
    assert first["next"] == (
        f"http://gongkai.example.cn{SEARCH}?q=%E9%98%B2%E6%B1%9B&body_id={world.town.pk}&page=2"
    )
    second = api.get(first["next"]).json()
    assert second["next"] is None and second["previous"].endswith("page=1")
    assert {row["id"] for row in first["results"] + second["results"]} == made
    # A page beyond the hits is empty, not an error.
    assert api.get(SEARCH, {"q": "防汛", "page": "3"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "invalid_query"),
        ({"q": "   "}, "invalid_query"),
        ({"q": "字" * 101}, "invalid_query"),
        ({"q": "！？。"}, "invalid_query"),
        ({"q": "通知", "body_id": "x"}, "invalid"),
        ({"q": "通知", "page": "0"}, "invalid"),
        ({"q": "通知", "page": "21"}, "invalid"),
    ],
    ids=["missing", "blank", "too-long", "no-word", "bad-body", "page-0", "page-beyond-cap"],
)
def test_bad_searches_are_400_in_chinese(
    api: Client, world: World, params: dict[str, str], code: str
) -> None:
    response = api.get(SEARCH, params)
    assert response.status_code == 400
    answer = response.json()
    assert answer["error"] == code and conforms_to(answer, "Error")
    assert any("\u4e00" <= char <= "\u9fff" for char in answer["message"])


def test_search_query_count_does_not_grow_with_hits(
    api: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    published(world, title="防汛通知")
    # the page of hits (with how many were ranked: fewer than RANKED, so no second count), the
    # entries with their items and bodies
    with django_assert_num_queries(2):
        api.get(SEARCH, {"q": "防汛"})
    for n in range(5):
        published(world, title=f"第{n}号防汛通知")
    with django_assert_num_queries(2):
        assert len(api.get(SEARCH, {"q": "防汛"}).json()["results"]) == 6


def test_searches_have_their_own_rate_limit(api: Client, world: World, settings: Settings) -> None:
    settings.GONGKAI_API_SEARCH_LIMIT = 1
    assert api.get(SEARCH, {"q": "通知"}).status_code == 200
    assert api.get(SEARCH, {"q": "通知"}).status_code == 429
    assert api.get(LIST).status_code == 200


def test_every_schema_reference_of_the_document_resolves() -> None:
    document = openapi_document()
    text = json.dumps(document)
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([A-Za-z]+)"', text))
    assert {"Attachment", "PublicationSummary", "PublicationList", "Publication"} <= refs
    assert {"SearchHit", "SearchResults"} <= refs
    assert refs <= set(document["components"]["schemas"])
    for path in ("/publications", "/publications/search", "/publications/{id}"):
        responses = document["paths"][path]["get"]["responses"]
        assert {"200", "304", "429"} <= set(responses)
