"""Ledger screens: the permission matrix, the forms through the pages, the 表二 preview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from ledgers_world import PEOPLE, LedgerWorld, today_fixture, world_fixture  # noqa: F401

from gongkai.ledgers import services
from gongkai.ledgers.models import DecisionCount, DocumentKind, FeeAmount, RegisteredDocument

pytestmark = pytest.mark.django_db

EDITORS = {"bureau-clerk", "bureau-reviewer", "bureau-approver", "bureau-admin"}
READERS = EDITORS | {"city-supervisor"}  # a 监督员 of an ancestor reads the bureau's ledgers
EVERYONE = (*PEOPLE, "no-role")


def _base(world: LedgerWorld) -> str:
    return f"/workspace/bodies/{world.bureau.pk}/ledgers/"


@pytest.fixture
def document(world: LedgerWorld) -> RegisteredDocument:
    return services.document_create(
        body=world.bureau,
        actor=world.users["bureau-clerk"],
        kind=DocumentKind.NORMATIVE,
        title="关于规范低保审批的通知",
        number="南民发〔2021〕3号",
        issued_on=date(2021, 4, 1),
    )


def _read_pages(world: LedgerWorld, document: RegisteredDocument) -> list[str]:
    base = _base(world)
    return [
        base,
        f"{base}?year=2021&subtree=on",
        f"{base}documents/",
        f"{base}documents/{document.pk}/",
        f"{base}decisions/2021/",
        f"{base}fees/2021/",
    ]


def _write_pages(world: LedgerWorld, document: RegisteredDocument) -> list[str]:
    base = _base(world)
    return [
        f"{base}documents/new/",
        f"{base}documents/{document.pk}/edit/",
        f"{base}documents/{document.pk}/repeal/",
        f"{base}documents/{document.pk}/amend/",
        f"{base}decisions/import/",
        f"{base}decisions/import/template.csv",
    ]


@pytest.mark.parametrize("username", EVERYONE)
def test_permission_matrix(world: LedgerWorld, document: RegisteredDocument, username: str) -> None:
    client = world.client(username)
    for url in _read_pages(world, document):
        response = client.get(url)
        assert response.status_code == (200 if username in READERS else 403), url
        if username not in READERS:
            assert world.bureau.name not in response.content.decode()
    for url in _write_pages(world, document):
        assert client.get(url).status_code == (200 if username in EDITORS else 403), url
    response = client.post(f"{_base(world)}fees/2021/", {"m1": "1"})
    assert response.status_code == (302 if username in EDITORS else 403)
    assert FeeAmount.objects.exists() is (username in EDITORS)


def test_a_supervisor_sees_the_month_forms_without_inputs(
    world: LedgerWorld, document: RegisteredDocument
) -> None:
    html = world.client("city-supervisor").get(f"{_base(world)}decisions/2021/").content.decode()
    assert "<h1>2021年行政许可、行政处罚、行政强制处理决定数量</h1>" in html
    assert 'name="m1_0"' not in html and 'name="version"' not in html
    assert "保存</button>" not in html
    assert "从文件导入" not in html


def test_anonymous_is_sent_to_login(world: LedgerWorld, document: RegisteredDocument) -> None:
    client = Client()
    for url in _read_pages(world, document) + _write_pages(world, document):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_another_bodys_document_is_forbidden(
    world: LedgerWorld, document: RegisteredDocument
) -> None:
    client = world.client("city-clerk")
    url = f"/workspace/bodies/{world.city.pk}/ledgers/documents/{document.pk}/"
    assert client.get(url).status_code == 403


def test_the_workspace_links_the_ledgers(world: LedgerWorld) -> None:
    html = world.client("bureau-clerk").get(f"/workspace/bodies/{world.bureau.pk}/").content
    assert f'href="{_base(world)}"'.encode() in html


def test_register_through_the_pages_with_the_warning(world: LedgerWorld) -> None:
    client = world.client("bureau-clerk")
    form = client.get(f"{_base(world)}documents/new/?kind=规章").content.decode()
    assert '<label for="id_title">标题' in form
    assert "未登记为有规章制定权的机关" in form
    response = client.post(
        f"{_base(world)}documents/new/",
        {
            "kind": "规章",
            "title": "南关区社会救助办法",
            "number": "南民规〔2021〕1号",
            "issued_on": "2021-12-31",
            "effective_on": "",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "已登记规章「南关区社会救助办法」。" in html
    assert "甲市南关区民政局未登记为有规章制定权的机关" in html
    saved = RegisteredDocument.objects.get()
    assert saved.power_warning
    preview = client.get(f"{_base(world)}?year=2021").content.decode()
    assert "南关区社会救助办法" in preview and "年度报告将显示此提示" in preview


def test_bad_input_stays_in_the_form(world: LedgerWorld) -> None:
    client = world.client("bureau-clerk")
    response = client.post(
        f"{_base(world)}documents/new/",
        {"kind": "行政规范性文件", "title": "", "number": "x", "issued_on": "2021-13-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "此项为必填项。" in html
    assert "请按 年-月-日 填写日期，如 2021-12-31。" in html
    assert not RegisteredDocument.objects.exists()


def test_repeal_amend_and_edit_through_the_pages(
    world: LedgerWorld, document: RegisteredDocument
) -> None:
    client = world.client("bureau-reviewer")
    base = f"{_base(world)}documents/{document.pk}/"
    response = client.post(
        f"{base}amend/", {"version": "1", "amended_on": "2021-06-01", "number": "南民发〔2021〕9号"}
    )
    assert response.status_code == 302
    response = client.post(
        f"{base}repeal/", {"version": "2", "repealed_on": "2022-01-01", "reason": "有效期届满"}
    )
    assert response.status_code == 302
    stale = client.post(
        f"{base}edit/",
        {
            "version": "2",
            "kind": "行政规范性文件",
            "title": "新标题",
            "number": "南民发〔2021〕3号",
            "issued_on": "2021-04-01",
        },
    )
    assert stale.status_code == 409
    assert "该记录已被他人修改，请刷新后重试。" in stale.content.decode()
    page = client.get(base).content.decode()
    assert "已于2022-01-01废止（有效期届满）" in page
    assert "南民发〔2021〕9号" in page
    edit = client.get(f"{base}edit/").content.decode()
    assert 'name="repealed_on"' in edit
    response = client.post(
        f"{base}edit/",
        {
            "version": "3",
            "kind": "行政规范性文件",
            "title": "新标题",
            "number": "南民发〔2021〕3号",
            "issued_on": "2021-04-01",
            "repealed_on": "",
            "repeal_reason": "",
        },
    )
    assert response.status_code == 302
    saved = RegisteredDocument.objects.get()
    assert (saved.title, saved.repealed_on, saved.version) == ("新标题", None, 4)


def test_the_month_form_saves_a_year(world: LedgerWorld) -> None:
    client = world.client("bureau-admin")
    url = f"{_base(world)}decisions/2021/"
    page = client.get(url).content.decode()
    assert '<label class="visually-hidden" for="id_m1_0">1月行政许可</label>' in page
    data = {"version": "0"}
    for month in range(1, 13):
        data[f"m{month}_0"] = str(month)  # 行政许可: 1 + 2 + … + 12 = 78
    data["m6_1"] = "3"
    data["m6_2"] = "0"
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "已保存2021年的处理决定数量：新增 14 条" in html
    assert '<td class="num">78</td>' in html
    assert DecisionCount.objects.filter(body=world.bureau).count() == 14
    bad = client.post(url, {"version": "1", "m2_1": "-1", "m3_2": "abc"})
    assert bad.status_code == 400
    assert "数量不能为负数。" in bad.content.decode() and "请填写整数。" in bad.content.decode()
    assert client.get(f"{_base(world)}decisions/2030/").status_code == 404


def test_the_fee_form_keeps_four_decimals(world: LedgerWorld) -> None:
    client = world.client("bureau-clerk")
    url = f"{_base(world)}fees/2021/"
    response = client.post(url, {"version": "0", "m1": "1.2345", "m12": "0.0005"}, follow=True)
    assert '<td class="num">1.2350</td>' in response.content.decode()
    bad = client.post(url, {"version": "1", "m2": "0.12345"})
    assert bad.status_code == 400
    assert "最多4位小数" in bad.content.decode()
    assert FeeAmount.objects.get(month=1).amount == Decimal("1.2345")


def test_the_preview_prints_both_templates(
    world: LedgerWorld, document: RegisteredDocument
) -> None:
    client = world.client("bureau-clerk")
    html = client.get(f"{_base(world)}?year=2021").content.decode()
    assert (
        "本年制发件数" in html and "现行有效件数" in html and "本年收费金额（单位：万元）" in html
    )
    old = client.get(f"{_base(world)}?year=2020").content.decode()
    assert "本年新制作数量" in old and "政府集中采购" in old


def test_the_subtree_preview_sums_the_visible_bodies(world: LedgerWorld) -> None:
    for body, who in ((world.city, "city-clerk"), (world.bureau, "bureau-clerk")):
        services.fee_amounts_save(
            body=body,
            actor=world.users[who],
            year=2021,
            amounts={1: Decimal(2)},
            expected_version=None,
        )
    city = f"/workspace/bodies/{world.city.pk}/ledgers/?year=2021"
    supervisor = world.client("city-supervisor").get(city + "&subtree=on").content.decode()
    assert "共 3 个" in supervisor and '<td class="num">4</td>' in supervisor
    clerk = world.client("city-clerk").get(city + "&subtree=on").content.decode()
    assert "共 1 个" in clerk and '<td class="num">2</td>' in clerk


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_query_counts_do_not_grow_with_the_records(world: LedgerWorld) -> None:
    client = world.client("bureau-clerk")
    urls = [
        f"{_base(world)}documents/",
        f"{_base(world)}?year=2021&subtree=on",
        f"{_base(world)}decisions/2021/",
        f"{_base(world)}fees/2021/",
    ]

    def add(count: int) -> None:
        for number in range(count):
            services.document_create(
                body=world.bureau,
                actor=world.users["bureau-clerk"],
                kind=DocumentKind.REGULATION,
                title=f"文件{number}",
                number=f"第{number}号",
                issued_on=date(2021, 1, 1),
            )
        services.decision_counts_save(
            body=world.bureau,
            actor=world.users["bureau-clerk"],
            year=2021,
            counts={(month, "行政许可"): count for month in range(1, 13)},
            expected_version=None,
        )

    add(1)
    few = [_queries(client, url) for url in urls]
    add(30)
    assert [_queries(client, url) for url in urls] == few
    assert few[0] <= 8
