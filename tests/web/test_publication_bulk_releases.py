"""Bulk recording of releases on a body's other channels: picked items, or an imported file of
posts that exist only on a channel; counted once, all or nothing, also under concurrency."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
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

from gongkai.organizations.models import BodyKind, Role
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.publications import services
from gongkai.publications.models import Channel, ChannelKind, Publication, Release
from gongkai.publications.selectors import release_counts


def login(client: Client, user: object) -> Client:
    assert client.login(username=str(user), password=PASSWORD)
    return client


def page_url(world: World) -> str:
    return reverse("publications:releases", args=[world.town.pk])


def wechat(world: World, name: str = "乙镇发布") -> Channel:
    return services.channel_create(
        body=world.town, actor=world.clerk, kind=ChannelKind.NEW_MEDIA, name=name
    )


def counts(world: World, year: int = TODAY.year) -> dict[str, int]:
    return {row.name: row.count for row in release_counts(body=world.town, year=year)}


def csv_upload(text: str, name: str = "posts.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def post_import(client: Client, world: World, upload: SimpleUploadedFile, **extra: str) -> object:
    data: dict[str, object] = {"form": "import", "import-file": upload, **extra}
    return client.post(page_url(world), data)


# --- picking published items -----------------------------------------------------------------


def test_picked_items_are_recorded_once_on_the_channel(client: Client, world: World) -> None:
    channel = wechat(world)
    first = publish(world, create(world, title="春季防火"))
    second = publish(world, create(world, title="秋季征兵"))
    draft = create(world, title="尚未发布")
    login(client, world.clerk)
    page = client.get(page_url(world)).content.decode()
    assert "春季防火" in page and "秋季征兵" in page and "尚未发布" not in page
    data = {
        "form": "pick",
        "pick-publications": [str(first.pk), str(second.pk)],
        "pick-channel": str(channel.pk),
        "pick-released_on": TODAY.isoformat(),
    }
    response = client.post(page_url(world), data, follow=True)
    assert "新登记 2 条，已登记过 0 条" in response.content.decode()
    again = client.post(page_url(world), data, follow=True)
    assert "新登记 0 条，已登记过 2 条（未重复计数）" in again.content.decode()
    assert Release.objects.filter(channel=channel).count() == 2
    assert counts(world)["乙镇发布"] == 2
    assert not Release.objects.filter(publication=draft).exists()
    assert f'data-channel="{channel.pk}">2<' in client.get(page_url(world)).content.decode()


def test_a_batch_with_an_unpublished_item_records_nothing(world: World) -> None:
    channel = wechat(world)
    published = publish(world, create(world))
    draft = create(world, title="尚未发布")
    with pytest.raises(ValidationError) as refused:
        services.releases_record_bulk(
            body=world.town,
            actor=world.clerk,
            publication_ids=[published.pk, draft.pk],
            channel_id=channel.pk,
            released_on=TODAY,
        )
    assert "不是已发布状态" in refused.value.messages[0] and draft.index_number in str(
        refused.value
    )
    assert not Release.objects.filter(channel=channel).exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("website", "政府网站专栏的发布在审发时登记"),
        ("future", "发布日期不能晚于今天。"),
        ("foreign", "所选信息中有不属于本机关的信息。"),
        ("empty", "请至少选择一条已发布的信息。"),
        ("early", "发布日期早于以下信息的形成或变更日期"),
    ],
)
def test_bulk_refusals_say_why_in_chinese(world: World, case: str, message: str) -> None:
    channel = wechat(world)
    item = publish(world, create(world))
    foreign = services.publication_create(
        body=world.other,
        actor=world.other_clerk,
        draft=services.PublicationDraft(title="丙镇信息", formed_on=TODAY),
    )
    ids = {"foreign": [item.pk, foreign.pk], "empty": []}.get(case, [item.pk])
    channel_id = (
        Channel.objects.get(body=world.town, kind=ChannelKind.WEBSITE).pk
        if case == "website"
        else channel.pk
    )
    day = {"future": TODAY + timedelta(days=1), "early": TODAY - timedelta(days=1)}.get(case, TODAY)
    with pytest.raises(ValidationError) as refused:
        services.releases_record_bulk(
            body=world.town,
            actor=world.clerk,
            publication_ids=ids,
            channel_id=channel_id,
            released_on=day,
        )
    assert message in " ".join(refused.value.messages)
    assert not Release.objects.filter(channel=channel).exists()


def test_only_clerks_and_admins_record(client: Client, world: World) -> None:
    channel = wechat(world)
    item = publish(world, create(world))
    for person in (world.reviewer, world.approver, world.supervisor):
        with pytest.raises(PermissionDenied):
            services.releases_record_bulk(
                body=world.town,
                actor=person,
                publication_ids=[item.pk],
                channel_id=channel.pk,
                released_on=TODAY,
            )
    login(client, world.reviewer)
    assert "登记发布" not in client.get(page_url(world)).content.decode()
    response = client.post(page_url(world), {"form": "pick"})
    assert response.status_code == 403
    login(client, world.other_clerk)
    assert client.get(page_url(world)).status_code == 403


def test_the_database_refuses_the_same_item_twice_on_a_channel(world: World) -> None:
    channel = wechat(world)
    item = publish(world, create(world))
    Release.objects.create(publication=item, channel=channel, released_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.create(publication=item, channel=channel, released_on=TODAY)


# --- importing posts that exist only on a channel ---------------------------------------------


def test_import_of_posts_counts_them_once(client: Client, world: World) -> None:
    wechat(world)
    text = (
        "标题,发布日期,渠道,链接\r\n"
        "春耕备耕提示,2026-02-03,乙镇发布,https://mp.weixin.qq.com/s/a\r\n"
        "防汛值班安排,2026/2/10,政务新媒体·乙镇发布,\r\n"
        "元旦慰问,2025年12月30日,乙镇发布,\r\n"
    )
    login(client, world.clerk)
    response = post_import(client, world, csv_upload(text))
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert counts(world)["乙镇发布"] == 2
    assert counts(world, 2025)["乙镇发布"] == 1
    posts = Release.objects.filter(publication__isnull=True).order_by("released_on")
    assert [(p.title, p.url) for p in posts] == [
        ("元旦慰问", ""),
        ("春耕备耕提示", "https://mp.weixin.qq.com/s/a"),
        ("防汛值班安排", ""),
    ]
    # the same file again: nothing counted twice
    again = post_import(client, world, csv_upload(text))
    assert again.status_code == 302, again.content.decode()  # type: ignore[attr-defined]
    followed = client.get(page_url(world)).content.decode()
    assert "新登记 0 条，已登记过 3 条（未重复计数）" in followed, followed[:3000]
    assert Release.objects.filter(publication__isnull=True).count() == 3
    # the counts by 主题分类: posts without an item are 未分类
    [row] = [row for row in release_counts(body=world.town, year=2026) if row.name == "乙镇发布"]
    assert [(t.name, t.count) for t in row.topics] == [("未分类", 2)]


def test_import_from_xlsx_with_real_dates(client: Client, world: World) -> None:
    wechat(world)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["标题", "发布日期", "渠道"])
    sheet.append(["春耕备耕提示", date(2026, 2, 3), "乙镇发布"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("posts.xlsx", buffer.getvalue())
    response = post_import(login(client, world.clerk), world, upload)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Release.objects.get(publication__isnull=True).released_on == date(2026, 2, 3)


def test_a_bad_file_imports_nothing_and_lists_every_error(client: Client, world: World) -> None:
    channel = wechat(world)
    services.channel_create(
        body=world.town, actor=world.clerk, kind=ChannelKind.BOARD, name="乙镇发布"
    )  # the same name under another kind: ambiguous
    wechat(world, "乙镇服务")
    website = Channel.objects.get(body=world.town, kind=ChannelKind.WEBSITE)
    text = (
        "标题,发布日期,渠道,链接\r\n"
        "好的一行,2026-02-03,乙镇服务,\r\n"
        ",2026-02-03,乙镇服务,\r\n"
        "日期错,2026-02-30,乙镇服务,\r\n"
        "将来,2026-03-03,乙镇服务,\r\n"
        "不认识,2026-02-03,丁镇发布,\r\n"
        f"专栏,2026-02-03,{website.name},\r\n"
        "同名,2026-02-03,乙镇发布,\r\n"
        "链接错,2026-02-03,乙镇服务,ftp://example.org/x\r\n"
        "好的一行,2026-02-03,乙镇服务,\r\n"
    )
    login(client, world.clerk)
    response = post_import(client, world, csv_upload(text))
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "检查未通过，未导入任何数据" in html
    for expected in (
        "<td>第3行</td><td>标题</td><td>标题不能为空。</td>",
        "<td>第4行</td><td>发布日期</td><td>发布日期「2026-02-30」不是有效的日期。</td>",
        "<td>第5行</td><td>发布日期</td><td>发布日期不能晚于今天。</td>",
        "<td>第6行</td><td>渠道</td><td>渠道「丁镇发布」不是本机关的渠道",
        "<td>第7行</td><td>渠道</td><td>政府网站专栏的发布在审发时登记，不能导入",
        "<td>第8行</td><td>渠道</td><td>渠道「乙镇发布」有多个同名渠道，请写明类型",
        "<td>第9行</td><td>链接</td><td>链接「ftp://example.org/x」无效",
        "<td>第10行</td><td>—</td><td>与第2行重复",
    ):
        assert expected in html, expected
    assert not Release.objects.filter(channel__body=world.town).exists()
    assert counts(world)[channel.name] == 0


def test_dry_run_checks_without_writing(client: Client, world: World) -> None:
    wechat(world)
    text = "标题,发布日期,渠道\r\n春耕备耕提示,2026-02-03,乙镇发布\r\n"
    response = post_import(
        login(client, world.clerk), world, csv_upload(text), **{"import-dry_run": "on"}
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "未写入。共 1 行数据。" in response.content.decode()  # type: ignore[attr-defined]
    assert not Release.objects.filter(publication__isnull=True).exists()


def test_a_write_failing_midway_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = wechat(world)
    rows = [
        services.PostRow(line=2, title="第一条", released_on=TODAY, channel_id=channel.pk),
        services.PostRow(line=3, title="第二条", released_on=TODAY, channel_id=channel.pk),
    ]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_event_record", broken)
    with pytest.raises(RuntimeError):
        services.release_posts_import(body=world.town, actor=world.clerk, rows=rows)
    assert not Release.objects.filter(channel=channel).exists()


def test_the_template_lists_the_columns(client: Client, world: World) -> None:
    wechat(world)
    response = login(client, world.clerk).get(
        reverse("publications:releases_template", args=[world.town.pk])
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "标题,发布日期,渠道,链接"
    assert "乙镇发布" in text.splitlines()[1]


# --- concurrency --------------------------------------------------------------------------------

THREADS = 4


def _retrying(call: object, errors: list[str], barrier: threading.Barrier) -> None:
    assert callable(call)
    try:
        barrier.wait(timeout=30)
        while True:
            try:
                call()
                return
            except OperationalError as error:  # SQLite's in-memory test database: try again
                if connection.vendor != "sqlite" or "locked" not in str(error):
                    raise
    except Exception as error:  # reported to the main thread, which fails the test
        errors.append(repr(error))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_records_and_imports_count_each_release_once(clock: Clock) -> None:
    county = body_create(name="并发县人民政府", kind=BodyKind.GOVERNMENT)
    town = body_create(name="并发镇人民政府", kind=BodyKind.TOWNSHIP, parent=county)
    people = {}
    for name, role in (
        ("c-clerk", Role.CLERK),
        ("c-clerk2", Role.CLERK),
        ("c-reviewer", Role.REVIEWER),
        ("c-approver", Role.APPROVER),
    ):
        people[name] = user_create(username=name, password=PASSWORD)
        membership_grant(user=people[name], body=town, role=role)
    channel = services.channel_create(
        body=town, actor=people["c-clerk"], kind=ChannelKind.NEW_MEDIA, name="并发发布"
    )
    items: list[Publication] = []
    for n in range(5):
        p = services.publication_create(
            body=town,
            actor=people["c-clerk"],
            draft=services.PublicationDraft(
                title=f"并发信息{n}", formed_on=TODAY, body_html="<p>内容</p>"
            ),
        )
        p = services.publication_submit(
            publication_id=p.pk, actor=people["c-clerk"], expected_version=p.version
        )
        p = services.publication_first_approve(
            publication_id=p.pk, actor=people["c-clerk2"], expected_version=p.version
        )
        p = services.publication_review_approve(
            publication_id=p.pk, actor=people["c-reviewer"], expected_version=p.version
        )
        items.append(
            services.publication_sign(
                publication_id=p.pk,
                actor=people["c-approver"],
                expected_version=p.version,
                secrecy="不涉密",
            )
        )
    rows = [
        services.PostRow(line=n + 2, title=f"仅微信{n}", released_on=TODAY, channel_id=channel.pk)
        for n in range(7)
    ]
    barrier = threading.Barrier(THREADS * 2)
    errors: list[str] = []
    results: list[services.BulkReleaseResult] = []

    def record() -> None:
        results.append(
            services.releases_record_bulk(
                body=town,
                actor=people["c-clerk"],
                publication_ids=[item.pk for item in items],
                channel_id=channel.pk,
                released_on=TODAY,
            )
        )

    def import_posts() -> None:
        results.append(
            services.release_posts_import(body=town, actor=people["c-clerk2"], rows=rows)
        )

    calls = [record] * THREADS + [import_posts] * THREADS
    threads = [threading.Thread(target=_retrying, args=(call, errors, barrier)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert Release.objects.filter(channel=channel, publication__isnull=False).count() == 5
    assert Release.objects.filter(channel=channel, publication__isnull=True).count() == 7
    assert sum(result.created for result in results) == 12
    [row] = [row for row in release_counts(body=town, year=TODAY.year) if row.name == "并发发布"]
    assert row.count == 12


def test_the_page_reads_in_the_same_queries_however_many_items(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    channel = wechat(world)
    publish(world, create(world, title="第一条"))
    login(client, world.clerk)
    with django_assert_max_num_queries(40) as few:
        client.get(page_url(world))
    items = [publish(world, create(world, title=f"信息{n}")) for n in range(8)]
    services.releases_record_bulk(
        body=world.town,
        actor=world.clerk,
        publication_ids=[item.pk for item in items],
        channel_id=channel.pk,
        released_on=TODAY,
    )
    rows = [
        services.PostRow(line=n + 2, title=f"仅微信{n}", released_on=TODAY, channel_id=channel.pk)
        for n in range(8)
    ]
    services.release_posts_import(body=world.town, actor=world.clerk, rows=rows)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(page_url(world))
    assert page.content.decode().count('name="pick-publications"') == 9
    assert f'data-channel="{channel.pk}">16<' in page.content.decode()
