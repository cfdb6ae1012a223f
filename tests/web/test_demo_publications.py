"""The 主动公开 demo reproduces what the seed reports state (issue 5, "Done when" part 2).

Tables 二 and 四 are compared with the golden files typed from the seeds earlier
(``tests/cases/seed-*/expected.json``); the counts per channel and per 主题分类 are typed here
from each report's sections 一 and 二.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from pytest_django import DjangoAssertNumQueries, DjangoDbBlocker, Settings

from gongkai.applications.demo import applications_demo_load
from gongkai.applications.selectors import work_calendar
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.law.proactive import format_index_number, is_late
from gongkai.ledgers.models import DocumentKind, RegisteredDocument
from gongkai.ledgers.statistics import power_warnings
from gongkai.organizations.demo import demo_load
from gongkai.organizations.models import Body
from gongkai.publications.demo import PublicationsDemoResult, publications_demo_load
from gongkai.publications.models import (
    IndexCounter,
    Publication,
    PublicationVersion,
    PublishingSettings,
    Release,
    ReviewStep,
    Status,
)
from gongkai.publications.selectors import release_counts
from gongkai.publications.services import ITEM_CODES

pytestmark = pytest.mark.django_db

CASES = Path(__file__).resolve().parents[1] / "cases"

#: Seed case → the demo body it is about (the demo's names; the reports print them shorter).
SEED_BODIES = {
    "seed-000_b2a6ebfd1a6d7656": "南关区长通街道办事处",
    "seed-001_23d5930e45ca0162": "洛龙区学府街道办事处",
    "seed-002_29793b2c7988821a": "徐家营街道办事处",
    "seed-003_d7a04d8f45e15f88": "南关区民政局",
    "seed-004_795117ff85927c6d": "南郊镇人民政府",
}

WEBSITE = ("政府网站专栏", "政府信息公开专栏")

#: Releases per channel in 2021, typed from each report's section 一.
CHANNEL_COUNTS = {
    # "共主动公开政府信息71条" … "利用微信公众号：幸福南郊微信公众号平台公开信息429条"
    "南郊镇人民政府": {WEBSITE: 71, ("政务新媒体", "幸福南郊"): 429},
    # "累计主动公开政府信息163条" … "全年通过“南关民政”微信公众号公开信息数32条"
    "南关区民政局": {WEBSITE: 163, ("政务新媒体", "南关民政"): 32},
    # "2021年我街政务公开专栏共计发布信息12条" … "全年共计报送信息59篇，采用48条"
    "南关区长通街道办事处": {WEBSITE: 12, ("其他", "南关区政府门户网站（信息报送采用）"): 48},
    # "通过门户网站公开发布各类信息共185条"; its 公开栏、电子屏 without a stated count
    "徐家营街道办事处": {WEBSITE: 185, ("公开栏电子屏", "政务公开栏、电子屏"): 0},
}

#: 南郊镇's 专栏 by category: "其中包括：部门单位职能配置及内设机构1条，…，其他信息5条".
NANJIAO_TOPICS = {
    "部门单位职能配置及内设机构": 1,
    "专题会议和部门会议": 13,
    "业务工作": 5,
    "人大、政协代表建议提案": 4,
    "财政信息": 4,
    "重大建设项目批准和实施、环境保护等重点领域信息": 39,
    "其他信息": 5,
}


@pytest.fixture(name="loaded", scope="module")
def loaded_fixture(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[PublicationsDemoResult]:
    """The whole demo, loaded once for the module the way ``manage.py demo_load`` does, inside
    a transaction rolled back after the module (each test runs in a savepoint within it)."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        demo_load()
        applications_demo_load()
        yield publications_demo_load()
        transaction.set_rollback(True)


def body(name: str) -> Body:
    return Body.objects.get(name=name)


def counts_by_channel(name: str) -> dict[tuple[str, str], int]:
    return {(c.kind, c.name): c.count for c in release_counts(body=body(name), year=2021)}


def test_tables_two_and_four_are_what_each_report_prints(
    loaded: PublicationsDemoResult, client: Client
) -> None:
    for case, name in SEED_BODIES.items():
        expected = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
        response = client.get(f"/api/v1/bodies/{body(name).pk}/statistics/2021")
        assert response.status_code == 200
        document = response.json()
        assert document["proactive"] == expected["proactive"], case
        if "reviews_litigation" in expected:
            assert document["reviews_litigation"] == expected["reviews_litigation"], case
        else:  # 徐家营's report prints no table 四 (its golden findings say so)
            findings = (CASES / case / "expected-findings.txt").read_text(encoding="utf-8")
            assert "structure.table-missing reviews_litigation" in findings


def test_releases_per_channel_and_category_are_the_stated_ones(
    loaded: PublicationsDemoResult, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for name, expected in CHANNEL_COUNTS.items():
        assert counts_by_channel(name) == expected, name
    counts = release_counts(body=body("南郊镇人民政府"), year=2021)
    column = next(c for c in counts if (c.kind, c.name) == WEBSITE)
    assert {t.name: t.count for t in column.topics} == NANJIAO_TOPICS
    assert [t.name for t in column.topics] == list(NANJIAO_TOPICS)  # the report's order
    wechat = next(c for c in counts if c.name == "幸福南郊")
    assert sum(t.count for t in wechat.topics) == 429
    # 学府街道: "主动公开各类信息500余条，主要为办事处工作动态类的信息"
    xuefu = next(
        c
        for c in release_counts(body=body("洛龙区学府街道办事处"), year=2021)
        if c.kind == WEBSITE[0]
    )
    assert 500 < xuefu.count < 600
    biggest = max(xuefu.topics, key=lambda t: t.count)
    assert biggest.name == "工作动态" and biggest.count * 2 > xuefu.count
    assert release_counts(body=body("南郊镇人民政府"), year=2020)[0].count == 0
    town = body("南郊镇人民政府")
    with django_assert_num_queries(3):
        release_counts(body=town, year=2021)


def test_the_bureau_regulation_is_registered_with_its_warning(
    loaded: PublicationsDemoResult,
) -> None:
    bureau = body("南关区民政局")
    assert not bureau.has_regulation_power
    (document,) = RegisteredDocument.objects.filter(body=bureau, kind=DocumentKind.REGULATION)
    assert document.issued_on.year == 2021 and document.repealed_on is None
    assert "未登记为有规章制定权的机关" in document.power_warning
    assert power_warnings(body_ids=[bureau.pk], year=2021) == [document]
    event = AuditEvent.objects.get(
        action=AuditAction.LEDGER_DOCUMENT_CREATE, object_id=str(document.pk)
    )
    assert event.new_values["power_warning"] == document.power_warning
    published = Publication.objects.get(body=bureau, title=document.title)
    assert (published.article_item, published.document_number) == ("20.1", document.number)


def test_some_items_went_through_the_review_flow(loaded: PublicationsDemoResult) -> None:
    regulation = Publication.objects.get(title="南关区困难群众临时救助实施办法")
    steps = list(
        ReviewStep.objects.filter(publication=regulation)
        .order_by("at", "pk")
        .values_list("stage", "decision", "actor__username")
    )
    assert steps == [
        ("初审", "通过", "demo-jingban"),
        ("审核", "退回", "demo-shenhe"),
        ("初审", "通过", "demo-jingban"),
        ("审核", "通过", "demo-shenhe"),
        ("审发", "通过", "demo-shenfa"),
    ]
    assert regulation.published_on is not None and regulation.published_on.year == 2021
    assert regulation.versions.count() == regulation.version > 5
    assert AuditEvent.objects.filter(
        action=AuditAction.PUBLICATION_ACTION, object_id=str(regulation.pk)
    ).exists()
    relief = Publication.objects.get(title="南关区2021年第四季度城乡低保资金发放计划")
    assert sorted(relief.releases.values_list("channel__name", flat=True)) == [
        "南关民政",
        "政府信息公开专栏",
    ]
    town_plans = Publication.objects.filter(
        body__name="南郊镇人民政府",
        title__in=["南郊镇2021年政务公开工作实施方案", "南郊镇2021年政务公开业务培训计划"],
    )
    assert town_plans.count() == 2
    assert ReviewStep.objects.filter(publication__in=town_plans, decision="退回").count() == 1


def test_every_item_is_consistent(loaded: PublicationsDemoResult) -> None:
    calendar = work_calendar()
    items = list(Publication.objects.filter(year=2021).select_related("topic"))
    assert len(items) == sum(loaded.publications.values()) == 480 + 163 + 60 + 512 + 185
    codes = dict(PublishingSettings.objects.values_list("body_id", "index_code"))
    late = 0
    for item in items:
        assert item.status == Status.PUBLISHED and item.published_on is not None
        assert date_in_2021(item.formed_on) and date_in_2021(item.published_on)
        assert item.formed_on <= item.published_on
        assert item.late == is_late(item.formed_on, item.published_on, calendar)
        assert item.index_number == format_index_number(codes[item.body_id], 2021, item.seq)
        assert item.article_item == "" or item.article_item in ITEM_CODES
        if item.topic is not None and item.topic.name in {"财政信息", "财政资金预决算"}:
            assert item.article_item == "20.7"
        late += bool(item.late)
    assert 0 < late < len(items) // 20  # a few flagged late
    for counter in IndexCounter.objects.filter(year=2021):
        seqs = [item.seq for item in items if item.body_id == counter.body_id]
        assert sorted(seqs) == list(range(1, counter.last + 1))
    steps = Counter(ReviewStep.objects.values_list("publication_id", "decision"))
    assert all(steps[(item.pk, "通过")] >= 3 for item in items)
    assert not Release.objects.exclude(released_on__year=2021).exists()
    titles = Counter((item.body_id, item.title) for item in items)
    assert titles.most_common(1)[0][1] == 1  # no title twice in a body


def date_in_2021(day: object) -> bool:
    return getattr(day, "year", None) == 2021


def test_a_second_load_adds_nothing(
    loaded: PublicationsDemoResult, settings: Settings, tmp_path: Path
) -> None:
    assert loaded.regulations == ["南关区困难群众临时救助实施办法"]
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("demo_load", stdout=StringIO())  # the rest of the demo (its annual reports)
    models = (Publication, Release, ReviewStep, PublicationVersion, RegisteredDocument, AuditEvent)
    before = [model.objects.count() for model in models]
    again = publications_demo_load()
    assert again == PublicationsDemoResult()
    out = StringIO()
    call_command("demo_load", stdout=out)
    assert "演示主动公开（2021年）：新建信息 0 条。" in out.getvalue()
    assert "演示年度报告（2021年）：新建 0 份。" in out.getvalue()
    assert [model.objects.count() for model in models] == before


def test_the_public_sees_the_website_items_only(
    loaded: PublicationsDemoResult, client: Client
) -> None:
    """南郊镇's 专栏 shows its 71 items; the 409 WeChat-only posts count for the report only."""
    nanjiao = body("南郊镇人民政府")
    answer = client.get("/api/v1/publications", {"body_id": nanjiao.pk, "year": 2021}).json()
    assert answer["count"] == 71
    wechat_only = Publication.objects.filter(body=nanjiao, on_website=False).first()
    assert wechat_only is not None and wechat_only.status == Status.PUBLISHED
    assert client.get(f"/bodies/{nanjiao.pk}/items/{wechat_only.pk}/").status_code == 404
    assert client.get(f"/api/v1/publications/{wechat_only.pk}").status_code == 404
    on_site = Publication.objects.filter(body=nanjiao, on_website=True).first()
    assert on_site is not None
    assert client.get(f"/bodies/{nanjiao.pk}/items/{on_site.pk}/").status_code == 200
