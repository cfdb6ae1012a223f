"""Import of monthly decision counts: encodings, XLSX, per-row Chinese errors, all or nothing,
idempotent re-import — through the page and through the plan/service pair."""

from __future__ import annotations

import codecs
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ledgers_world import LedgerWorld, today_fixture, world_fixture  # noqa: F401

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.ledgers import services
from gongkai.ledgers.imports import plan_decision_import
from gongkai.ledgers.models import DecisionCount, DecisionKind
from gongkai.ledgers.statistics import table_two
from gongkai.organizations.imports import ImportFileError, read_table

pytestmark = pytest.mark.django_db

GOOD = (
    "年份,月份,类别,数量\n"
    "2021,1,行政许可,5\n"
    "2021,2,行政许可,6\n"
    "2021,1,行政处罚,2\n"
    "2020,12,行政强制,1\n"
)


def _url(world: LedgerWorld) -> str:
    return f"/workspace/bodies/{world.bureau.pk}/ledgers/decisions/import/"


def _post(world: LedgerWorld, data: bytes, name: str = "counts.csv", dry_run: bool = False) -> Any:
    client = world.client("bureau-clerk")
    payload: dict[str, Any] = {"file": SimpleUploadedFile(name, data)}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(_url(world), payload, follow=True)


def _stored(world: LedgerWorld) -> dict[tuple[int, int, str], int]:
    rows = DecisionCount.objects.filter(body=world.bureau)
    return {(r.year, r.month, r.kind): r.count for r in rows}


EXPECTED = {
    (2021, 1, "行政许可"): 5,
    (2021, 2, "行政许可"): 6,
    (2021, 1, "行政处罚"): 2,
    (2020, 12, "行政强制"): 1,
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"], ids=["utf8", "utf8-bom", "gbk"])
def test_a_good_csv_is_imported_in_any_encoding(world: LedgerWorld, encoding: str) -> None:
    response = _post(world, GOOD.encode(encoding))
    assert response.status_code == 200
    assert "导入完成：新增 4 条，更新 0 条，未变 0 条。" in response.content.decode()
    assert _stored(world) == EXPECTED
    assert table_two([world.bureau.pk], 2021)["licensing"] == 11


def test_a_good_xlsx_is_imported(world: LedgerWorld) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["年份", "月份", "类别", "数量"])
    sheet.append([2021, 1, "行政许可", 5])
    sheet.append([2021, 2, "行政许可", 6.0])  # Excel stores numbers as floats
    sheet.append([2021, 1, "行政处罚", 2])
    sheet.append([2020, 12, "行政强制", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _post(world, buffer.getvalue(), name="counts.xlsx")
    assert "导入完成：新增 4 条" in response.content.decode()
    assert _stored(world) == EXPECTED


def test_bad_rows_are_all_reported_and_nothing_is_written(world: LedgerWorld) -> None:
    _post(world, "年份,月份,类别,数量\n2021,3,行政许可,9\n".encode())
    before = _stored(world)
    bad = (
        "年份,月份,类别,数量\n"
        "2021,1,行政许可,5\n"  # line 2: good
        "2021,13,行政许可,1\n"  # line 3: month 13
        "2021,2,行政复议,1\n"  # line 4: unknown 类别
        "2021,4,行政处罚,-2\n"  # line 5: negative count
        "2021,1,行政许可,7\n"  # line 6: repeats line 2
        "2030,1,行政强制,1\n"  # line 7: a future year
        "2021,5,行政强制,1.5\n"  # line 8: not an integer
    )
    response = _post(world, bad.encode())
    html = response.content.decode()
    assert response.status_code == 400
    assert "检查未通过，未导入任何数据" in html
    assert "共 6 处错误" in html
    for line, message in (
        (3, "月份「13」无效，应为1至12之间的整数。"),
        (4, "类别「行政复议」无效，应为：行政许可、行政处罚、行政强制。"),
        (5, "数量「-2」不能为负数。"),
        (6, "与第2行重复（同一年份、月份、类别只能有一行）。"),
        (7, "年份应在2000年至2026年之间。"),
        (8, "数量「1.5」无效，应为不小于0的整数。"),
    ):
        assert f"<td>第{line}行</td>" in html
        assert message in html
    assert _stored(world) == before


def test_plan_names_the_row_and_the_column(world: LedgerWorld) -> None:
    table = read_table(
        "年份,月份,类别,数量\n2021,0,行政许可,\n".encode(),
        "x.csv",
        columns=("年份", "月份", "类别", "数量"),
        required=("年份", "月份", "类别", "数量"),
        what="处理决定数量",
    )
    plan = plan_decision_import(table)
    assert [str(error) for error in plan.errors] == [
        "第2行「月份」：月份「0」无效，应为1至12之间的整数。",
        "第2行「数量」：数量不能为空（没有决定的月份填0）。",
    ]
    assert plan.rows == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的。"),
        ("年份,月份,数量\n2021,1,3\n".encode(), "缺少必需的列：类别"),
        ("年份,月份,类别,数量\n".encode(), "文件中除表头外没有处理决定数量数据。"),
        ("年份,月份,类别,数量,备注\n".encode(), "无法识别的列：备注"),
    ],
    ids=["empty", "missing-column", "no-rows", "unknown-column"],
)
def test_a_broken_file_gets_one_message(world: LedgerWorld, data: bytes, message: str) -> None:
    response = _post(world, data)
    assert message in response.content.decode()
    assert not DecisionCount.objects.exists()


def test_read_table_keeps_the_bodies_default(world: LedgerWorld) -> None:
    with pytest.raises(ImportFileError) as error:
        read_table("名称,类别\n".encode(), "x.csv")
    assert error.value.message == "文件中除表头外没有机关数据。"


def test_reimport_is_idempotent_and_replaces_only_its_cells(world: LedgerWorld) -> None:
    _post(world, GOOD.encode())
    clerk = world.users["bureau-clerk"]
    services.decision_counts_save(
        body=world.bureau,
        actor=clerk,
        year=2021,
        counts={(7, DecisionKind.COERCION): 4},
        expected_version=None,
    )
    events = AuditEvent.objects.filter(action=AuditAction.LEDGER_DECISIONS_IMPORT).count()
    response = _post(world, GOOD.encode())
    assert "导入完成：新增 0 条，更新 0 条，未变 4 条。" in response.content.decode()
    assert _stored(world) == {**EXPECTED, (2021, 7, "行政强制"): 4}
    assert AuditEvent.objects.filter(action=AuditAction.LEDGER_DECISIONS_IMPORT).count() == events
    changed = GOOD.replace("2021,2,行政许可,6", "2021,2,行政许可,8")
    response = _post(world, changed.encode("gbk"))
    assert "导入完成：新增 0 条，更新 1 条，未变 3 条。" in response.content.decode()
    assert _stored(world) == {**EXPECTED, (2021, 2, "行政许可"): 8, (2021, 7, "行政强制"): 4}
    assert table_two([world.bureau.pk], 2021)["licensing"] == 13


def test_dry_run_writes_nothing(world: LedgerWorld) -> None:
    response = _post(world, GOOD.encode(), dry_run=True)
    html = response.content.decode()
    assert "检查通过" in html and "未写入" in html
    assert not DecisionCount.objects.exists()


def test_an_import_makes_an_open_month_form_stale(world: LedgerWorld) -> None:
    client = world.client("bureau-clerk")
    url = f"/workspace/bodies/{world.bureau.pk}/ledgers/decisions/2021/"
    page = client.get(url).content.decode()
    assert 'name="version" value="0"' in page
    _post(world, GOOD.encode())
    response = client.post(url, {"version": "0", "m1_0": "99"})
    assert response.status_code == 409
    assert "该记录已被他人修改，请刷新后重试。" in response.content.decode()
    assert _stored(world)[(2021, 1, "行政许可")] == 5


def test_the_template_downloads_as_csv_with_bom(world: LedgerWorld) -> None:
    client = world.client("bureau-clerk")
    response = client.get(
        f"/workspace/bodies/{world.bureau.pk}/ledgers/decisions/import/template.csv"
    )
    assert response.status_code == 200
    assert response.content.startswith(codecs.BOM_UTF8)
    assert response.content.decode("utf-8-sig").splitlines()[0] == "年份,月份,类别,数量"
