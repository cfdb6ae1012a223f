"""Chinese full-text search over published items (``gongkai.search``), on SQLite and PostgreSQL.

Every item is drafted, reviewed and published through the real services, so these tests also
check that the index follows the publications by itself (publish, withdraw).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from publications_world import World, clock_fixture, create, publish, world_fixture

from gongkai.publications import services
from gongkai.publications.models import Publication
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import (
    EMPTY_MESSAGE,
    NO_WORD_MESSAGE,
    TOO_LONG_MESSAGE,
    TOTAL_CAP,
    highlight,
    search_publications,
    suggest_publications,
)
from gongkai.search.services import index_rebuild

__all__ = ["clock_fixture", "world_fixture"]


def published(world: World, **changes: Any) -> Publication:
    return publish(world, create(world, **changes))


def titles(query: str, body_ids: list[int] | None = None, **options: Any) -> list[str]:
    return [
        item.title for item in search_publications(query=query, body_ids=body_ids, **options).items
    ]


@pytest.fixture(name="items")
def items_fixture(world: World) -> dict[str, Publication]:
    """Four published items of 乙镇 and a draft that must never be found."""
    found = {
        "dibao": published(
            world,
            title="乙镇2026年城乡低保对象名单公示",
            summary="城乡最低生活保障对象的名单。",
            body_html="<p>根据《社会救助暂行办法》，现将城乡最低生活保障对象名单予以公开。</p>",
            document_number="乙政发〔2021〕12号",
        ),
        "apart": published(
            world,
            title="乙镇养老服务补贴发放情况",
            summary="补贴的发放。",
            body_html="<p>本镇最低标准每月300元，保障老年人基本生活。办理低保业务请到社会事务办。</p>",
            document_number="",
        ),
        "roads": published(world, title="乙镇道路维修公告"),
        "open": published(
            world,
            title="乙镇政务公开工作要点",
            summary="",
            body_html="<p>推进决策公开、执行公开。</p>",
            document_number="",
        ),
    }
    create(world, title="乙镇低保资金使用情况（草稿）")
    return found


def test_two_character_words_are_found(items: dict[str, Publication]) -> None:
    assert titles("低保") == ["乙镇2026年城乡低保对象名单公示", "乙镇养老服务补贴发放情况"]
    assert titles("公开") == ["乙镇政务公开工作要点", "乙镇2026年城乡低保对象名单公示"]


def test_a_title_hit_ranks_above_a_body_hit(items: dict[str, Publication]) -> None:
    page = search_publications(query="低保", body_ids=None)
    assert [item.publication_id for item in page.items] == [items["dibao"].pk, items["apart"].pk]
    assert page.items[0].score > page.items[1].score > 0
    assert page.total == 2 and not page.total_capped and not page.has_next


def test_equal_hits_put_the_newer_item_first(world: World) -> None:
    older = published(world, title="乙镇通知一", body_html="<p>防汛物资储备情况。</p>")
    newer = published(world, title="乙镇通知二", body_html="<p>防汛物资储备情况。</p>")
    page = search_publications(query="防汛物资", body_ids=None)
    assert [item.publication_id for item in page.items] == [newer.pk, older.pk]


def test_phrase_semantics(items: dict[str, Publication]) -> None:
    # 最低 and 保障 both stand in the 养老 item's text, but apart: only the real phrase matches.
    assert titles("最低生活保障") == ["乙镇2026年城乡低保对象名单公示"]
    # Neither title holds both words: both are text hits (their order is the date's, not tested).
    assert sorted(titles("最低 保障")) == [
        "乙镇2026年城乡低保对象名单公示",
        "乙镇养老服务补贴发放情况",
    ]
    assert titles("低保 道路") == []


def test_document_numbers_with_latin_and_digit_tokens(items: dict[str, Publication]) -> None:
    assert titles("〔2021〕12号") == ["乙镇2026年城乡低保对象名单公示"]
    assert titles("乙政发[2021]12号") == ["乙镇2026年城乡低保对象名单公示"]
    assert titles("〔2021〕13号") == []
    assert titles("300元") == ["乙镇养老服务补贴发放情况"]


def test_drafts_are_never_found_and_withdrawn_items_disappear(
    world: World, items: dict[str, Publication]
) -> None:
    assert "乙镇低保资金使用情况（草稿）" not in titles("低保")
    dibao = Publication.objects.get(pk=items["dibao"].pk)
    services.publication_withdraw(
        publication_id=dibao.pk, actor=world.approver, expected_version=dibao.version, reason="有误"
    )
    assert titles("低保") == ["乙镇养老服务补贴发放情况"]
    assert titles("最低生活保障") == []
    assert not SearchEntry.objects.filter(publication_id=dibao.pk).exists()


def test_an_edit_is_reflected(world: World, items: dict[str, Publication]) -> None:
    """Published items are not edited through the workflow; a save of changed content (as by a
    correction or an import) re-indexes it all the same."""
    roads = Publication.objects.get(pk=items["roads"].pk)
    assert titles("桥梁") == [] and titles("维修公告") == ["乙镇道路维修公告"]
    roads.title = "乙镇桥梁检修公告"
    roads.save()
    assert titles("桥梁") == ["乙镇桥梁检修公告"]
    assert titles("维修公告") == []


def test_search_is_bounded_to_the_given_bodies(world: World, items: dict[str, Publication]) -> None:
    other = services.publication_create(
        body=world.other,
        actor=world.other_clerk,
        draft=services.PublicationDraft(
            title="丙镇低保办理指南", formed_on=items["roads"].formed_on
        ),
    )
    SearchEntry.objects.create(  # published elsewhere: written as the receiver would
        publication=other,
        body=world.other,
        scope=f"b{world.other.pk}",
        published_on=other.formed_on,
        title_tokens="低保",
    )
    assert titles("低保", [world.other.pk]) == ["丙镇低保办理指南"]
    assert "丙镇低保办理指南" not in titles("低保", [world.town.pk])
    assert titles("低保", []) == []


def test_single_han_character_is_looked_up_as_a_prefix(
    world: World, items: dict[str, Publication]
) -> None:
    """路 begins 路维 in 乙镇道路维修公告; 办 begins 办法 and 办理 in the texts; the end of a run
    (社会事务办。) alone would not be found."""
    site = search_publications(query="路", body_ids=None)
    assert site.single_character and [i.title for i in site.items] == ["乙镇道路维修公告"]
    assert "<mark>路</mark>" in str(site.items[0].snippet)
    bounded = titles("办", [world.town.pk])
    assert "乙镇养老服务补贴发放情况" in bounded and "乙镇2026年城乡低保对象名单公示" in bounded
    assert sorted(titles("办")) == sorted(bounded)
    assert titles("办", [world.other.pk]) == []
    # With another term: every term is required.
    assert titles("办 城乡") == ["乙镇2026年城乡低保对象名单公示"]
    assert sorted(titles("办 低保")) == sorted(bounded)
    assert not search_publications(query="低保", body_ids=None).single_character


@pytest.mark.parametrize(
    "query",
    [
        '"低保',
        "低保\"'",
        "低保 AND 公开",
        "低保 OR",
        "NOT 低保",
        "低* OR *",
        "NEAR(低保 公开)",
        "title_tokens:低保",
        "低保 & 公开 | !道路",
        "'; DROP TABLE search_searchentry; --",
        "低保)(<->",
        "\\低保\\",
        "^低保 + -公开",
    ],
    ids=[f"q{n}" for n in range(13)],
)
def test_injection_like_queries_are_only_words(items: dict[str, Publication], query: str) -> None:
    page = search_publications(query=query, body_ids=None)
    assert page.message in ("", NO_WORD_MESSAGE)
    for item in page.items:
        assert item.publication_id in {p.pk for p in items.values()}
    assert SearchEntry.objects.count() == 4


def test_operators_are_plain_words(items: dict[str, Publication]) -> None:
    # AND is the Latin word "and" here: no item contains it, so nothing is found.
    assert titles("低保 AND 公开") == []
    assert titles("低保 公开") == ["乙镇2026年城乡低保对象名单公示"]


def test_empty_long_and_wordless_queries_give_a_message(items: dict[str, Publication]) -> None:
    assert search_publications(query="  ", body_ids=None).message == EMPTY_MESSAGE
    assert search_publications(query="低" * 101, body_ids=None).message == TOO_LONG_MESSAGE
    assert (
        search_publications(query=" ".join("低保" for _ in range(11)), body_ids=None).message
        == TOO_LONG_MESSAGE
    )
    assert search_publications(query="！？。", body_ids=None).message == NO_WORD_MESSAGE


def test_paging_and_the_cap(world: World, items: dict[str, Publication]) -> None:
    first = search_publications(query="乙镇", body_ids=None, per_page=3)
    second = search_publications(query="乙镇", body_ids=None, page=2, per_page=3)
    assert first.total == 4 and first.has_next and not second.has_next
    assert len(first.items) == 3 and len(second.items) == 1
    assert not {i.publication_id for i in first.items} & {i.publication_id for i in second.items}
    beyond = search_publications(query="乙镇", body_ids=None, page=TOTAL_CAP, per_page=2)
    assert beyond.items == [] and not beyond.has_next


def test_totals_when_every_hit_was_ranked_and_when_not(
    world: World, items: dict[str, Publication], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 乙镇 has 4 hits: with RANKED 3 the page does not see them all and counts them apart; with
    # RANKED 10 the ranked page knows the total; a page past the hits still reports it.
    from gongkai.search import selectors

    monkeypatch.setattr(selectors, "RANKED", 3)
    assert search_publications(query="乙镇", body_ids=None, per_page=2).total == 4
    monkeypatch.setattr(selectors, "RANKED", 10)
    assert search_publications(query="乙镇", body_ids=None, per_page=2).total == 4
    past = search_publications(query="乙镇", body_ids=None, page=3, per_page=2)
    assert past.items == [] and past.total == 4 and not past.has_next
    assert search_publications(query="丁镇防汛", body_ids=None).total == 0


def test_snippets_mark_the_matches_and_escape_the_rest() -> None:
    text = "前言<script>" + "甲" * 200 + "城乡最低生活保障对象名单" + "乙" * 200
    snippet = highlight(text, ["最低生活保障"])
    assert "<mark>最低生活保障</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<script>" not in highlight("<script>低保</script>", ["低保"])
    assert highlight("文号 乙政发〔2021〕12号", ["[2021]12号"]).endswith("<mark>2021〕12号</mark>")
    assert highlight("ＣＯＶＩＤ-19 防控", ["covid"]) == "<mark>ＣＯＶＩＤ</mark>-19 防控"


def test_rebuild_equals_incremental(world: World, items: dict[str, Publication]) -> None:
    def rows() -> list[tuple[Any, ...]]:
        return sorted(
            SearchEntry.objects.values_list(
                "publication_id", "body_id", "published_on", "title_tokens", "tokens", "text"
            )
        )

    def hits() -> list[list[int]]:
        return [
            [i.publication_id for i in search_publications(query=q, body_ids=None).items]
            for q in ("低保", "最低生活保障", "乙镇", "公开", "〔2021〕12号")
        ]

    incremental, incremental_hits = rows(), hits()
    assert len(incremental) == 4
    SearchEntry.objects.all().delete()
    assert titles("低保") == []
    result = index_rebuild()
    assert result.entries == 4
    assert rows() == incremental and hits() == incremental_hits
    index_rebuild(body_id=world.town.pk)
    assert rows() == incremental and hits() == incremental_hits


def test_rebuild_command_prints_count_and_time(
    world: World, items: dict[str, Publication], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("search_rebuild", "--body", str(world.town.pk))
    out = capsys.readouterr().out
    assert "已重建 4 条检索条目" in out and "秒" in out
    call_command("search_rebuild")
    assert "已重建 4 条检索条目" in capsys.readouterr().out


def test_the_index_is_the_database_s_own(items: dict[str, Publication]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", ['"低保"'])
        else:
            cursor.execute(
                "SELECT count(*) FROM search_searchentry"
                " WHERE document @@ to_tsquery('simple', %s)",
                ["'低保'"],
            )
        assert cursor.fetchone()[0] == 2


def test_suggestions_rank_shared_words(world: World, items: dict[str, Publication]) -> None:
    found = suggest_publications(
        body_id=world.town.pk, text="申请公开本镇城乡低保对象名单和发放标准"
    )
    assert [item.title for item in found][:2] == [
        "乙镇2026年城乡低保对象名单公示",
        "乙镇养老服务补贴发放情况",
    ]
    assert suggest_publications(body_id=world.other.pk, text="城乡低保对象名单") == []
    assert suggest_publications(body_id=world.town.pk, text="申请公开政府信息") == []


# --- pages ---------------------------------------------------------------------------------


def test_site_search_page(client: Client, items: dict[str, Publication]) -> None:
    response = client.get("/search/", {"q": "最低生活保障"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "乙镇2026年城乡低保对象名单公示" in html and "<mark>最低生活保障</mark>" in html
    assert "共找到1条结果" in html
    assert client.get("/search/").status_code == 200


def test_body_search_page_and_paging(
    client: Client, world: World, items: dict[str, Publication]
) -> None:
    for n in range(21):
        published(world, title=f"乙镇公示第{n}号", summary="公示内容")
    response = client.get(f"/bodies/{world.town.pk}/search/", {"q": "公示"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'rel="next"' in html and "共找到22条结果" in html
    assert 'id="column-q" type="search" name="q" value="公示"' in html
    second = client.get(
        f"/bodies/{world.town.pk}/search/", {"q": "公示", "page": "2"}
    ).content.decode()
    assert 'rel="prev"' in second and 'start="21"' in second
    assert client.get(f"/bodies/{world.town.pk}/search/", {"q": "", "page": "x"}).status_code == 200
    assert (
        EMPTY_MESSAGE in client.get(f"/bodies/{world.town.pk}/search/", {"q": ""}).content.decode()
    )
    assert client.get("/bodies/999999/search/", {"q": "低保"}).status_code == 404


def test_column_pages_have_the_search_box(client: Client, world: World) -> None:
    html = client.get(f"/bodies/{world.town.pk}/").content.decode()
    assert f'action="/bodies/{world.town.pk}/search/"' in html and 'role="search"' in html


def test_suggest_endpoint(client: Client, world: World, items: dict[str, Publication]) -> None:
    url = f"/bodies/{world.town.pk}/search/suggest"
    data = client.get(url, {"q": "城乡低保名单"}).json()
    assert data["items"][0]["title"] == "乙镇2026年城乡低保对象名单公示"
    assert data["items"][0]["published_on"] == items["dibao"].published_on.isoformat()
    assert len(data["items"]) <= 5
    assert data["search_url"] == f"/bodies/{world.town.pk}/search/"
    assert client.get(url, {"q": ""}).json()["items"] == []
    assert client.get(url, {"q": "a" * 10000}).status_code == 200
    assert client.get("/bodies/999999/search/suggest", {"q": "低保"}).status_code == 404


def test_suggest_endpoint_is_rate_limited(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gongkai.search.views.SUGGEST_LIMIT", 3)
    url = f"/bodies/{world.town.pk}/search/suggest"
    codes = [
        client.get(url, {"q": "低保"}, REMOTE_ADDR="198.51.100.7").status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]


def test_apply_form_has_the_suggestion_region(client: Client, world: World) -> None:
    html = client.get(f"/bodies/{world.town.pk}/apply/").content.decode()
    assert 'aria-live="polite"' in html and "search/suggest.js" in html
    assert f'data-suggest-url="/bodies/{world.town.pk}/search/suggest"' in html
    assert f'href="/bodies/{world.town.pk}/search/"' in html


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("城乡ＤＩＢＡＯ对象，　名单", "<mark>ＤＩＢＡＯ</mark>"),  # full width: the fast path
        ("ﬁle 城乡dibao", "<mark>dibao</mark>"),  # a ligature NFKC splits: the slow path
        ("İstanbul dibao", "<mark>dibao</mark>"),  # lower() lengthens İ: the slow path
    ],
    ids=["full-width", "ligature", "dotted-i"],
)
def test_highlight_marks_the_original_characters(text: str, marked: str) -> None:
    assert marked in str(highlight(text, ["dibao"]))
