"""Import of bodies from CSV/XLSX: reading, the per-row report, all-or-nothing, idempotence.

The files are typed by hand under ``tests/fixtures/bodies/``; the tests only re-encode them
(BOM, GBK) or copy their cells into an XLSX with openpyxl.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.organizations.imports import (
    MAX_BYTES,
    ImportFileError,
    ImportPlan,
    Outcome,
    RowError,
    plan_import,
    read_table,
    template_csv,
)
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.selectors import body_ids_managed_by
from gongkai.organizations.services import (
    body_create,
    body_import_apply,
    body_update,
    membership_grant,
    user_create,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bodies"
GOOD = (FIXTURES / "good.csv").read_bytes()
GOOD_TEXT = GOOD.decode("utf-8")
DISTRICT = "长春市南关区人民政府"
IMPORT_URL = "/workspace/org/import/"


def xlsx_from_csv(text: str, *, numbers: tuple[str, ...] = ()) -> bytes:
    """An XLSX whose first sheet holds the CSV's cells; columns in ``numbers`` as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    records = list(csv.reader(io.StringIO(text)))
    header = records[0]
    for record in records:
        sheet.append(
            [
                int(cell)
                if header[i] in numbers and cell.isdigit() and record is not header
                else cell
                for i, cell in enumerate(record)
            ]
        )
    workbook.create_sheet("第二页").append(["名称", "类别"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(
    data: bytes, filename: str, *, managed: set[int] | None = None, actor: User | None = None
) -> ImportPlan:
    plan = plan_import(read_table(data, filename), managed_ids=managed)
    if plan.ok:
        body_import_apply(plan=plan, actor=actor)
    return plan


def good_bodies_are_stored() -> None:
    district = Body.objects.get(name=DISTRICT, parent=None)
    assert (district.short_name, district.kind, district.has_regulation_power) == (
        "南关区政府",
        BodyKind.GOVERNMENT,
        True,
    )
    bureau = Body.objects.get(name="南关区民政局")
    assert bureau.parent == district
    assert (bureau.address, bureau.phone, bureau.postcode, bureau.website) == (
        "长春市自由大路3388号南关区人民政府114室",
        "85284294",
        "130022",
        "http://www.nanguan.gov.cn/",
    )
    street = Body.objects.get(name="南关区长通街道办事处")
    office = Body.objects.get(name="长通街道综合办")
    assert (street.parent, office.parent) == (district, street)
    assert office.has_regulation_power is False and office.postcode == ""


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (GOOD, "good.csv"),
        (codecs.BOM_UTF8 + GOOD, "bom.csv"),
        (GOOD_TEXT.encode("gbk"), "excel-gbk.CSV"),
        (GOOD_TEXT.encode("gb18030"), "gb18030.csv"),
        (GOOD_TEXT.encode("utf-16"), "unicode-text.csv"),
        (xlsx_from_csv(GOOD_TEXT), "good.xlsx"),
    ],
    ids=["utf8", "bom", "gbk", "gb18030", "utf16", "xlsx"],
)
def test_a_good_file_is_imported_whole(data: bytes, filename: str) -> None:
    actor = user_create(username="importer", password=None)
    plan = run_import(data, filename, actor=actor)
    assert plan.ok, plan.errors
    assert plan.summary() == "新增 4 个，更新 0 个，未变 0 个"
    good_bodies_are_stored()
    events = AuditEvent.objects.filter(action=AuditAction.BODY_CREATE)
    assert events.count() == 4
    assert set(events.values_list("actor", flat=True)) == {actor.pk}


def test_xlsx_numbers_become_text_and_postcodes_keep_their_leading_zero() -> None:
    text = "名称,类别,咨询电话,邮政编码\n呼和浩特市某局,政府部门,85284294,010000\n"
    data = xlsx_from_csv(text, numbers=("咨询电话", "邮政编码"))
    plan = run_import(data, "numbers.xlsx")
    assert plan.ok, plan.errors
    body = Body.objects.get(name="呼和浩特市某局")
    assert (body.phone, body.postcode) == ("85284294", "010000")


def test_re_importing_the_same_file_creates_nothing_twice() -> None:
    run_import(GOOD, "good.csv")
    count, events = Body.objects.count(), AuditEvent.objects.count()
    again = run_import(xlsx_from_csv(GOOD_TEXT), "again.xlsx")
    assert again.summary() == "新增 0 个，更新 0 个，未变 4 个"
    assert (Body.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_a_changed_row_updates_the_matched_body_and_only_its_fields() -> None:
    run_import(GOOD, "good.csv")
    changed = GOOD_TEXT.replace("85284294", "85280000").replace(
        "82864536,130042", "82864536,130041"
    )
    plan = run_import(changed.encode(), "changed.csv")
    assert plan.summary() == "新增 0 个，更新 2 个，未变 2 个"
    assert Body.objects.get(name="南关区民政局").phone == "85280000"
    event = AuditEvent.objects.filter(action=AuditAction.BODY_UPDATE).order_by("id").first()
    assert event is not None and event.new_values == {"phone": "85280000"}


def test_columns_left_out_keep_their_values_on_update() -> None:
    run_import(GOOD, "good.csv")
    text = f"名称,类别,上级机关,咨询电话\n南关区民政局,政府部门,{DISTRICT},85280001\n"
    plan = run_import(text.encode(), "partial.csv")
    assert plan.summary() == "新增 0 个，更新 1 个，未变 0 个"
    bureau = Body.objects.get(name="南关区民政局")
    assert (bureau.phone, bureau.postcode, bureau.short_name) == ("85280001", "130022", "区民政局")


def test_every_bad_row_is_reported_and_nothing_is_imported() -> None:
    body_create(name="已有机关", kind=BodyKind.OTHER)
    before = Body.objects.count()
    plan = plan_import(
        read_table((FIXTURES / "bad_rows.csv").read_bytes(), "bad.csv"), managed_ids=None
    )
    assert not plan.ok and plan.rows == ()
    assert [(error.line, error.column) for error in plan.errors] == [
        (3, "名称"),
        (4, "类别"),
        (5, "上级机关"),
        (6, "邮政编码"),
        (7, "名称"),
        (8, "网站"),
        (9, "有规章制定权"),
        (10, "上级机关"),
    ]
    messages = {error.line: error.message for error in plan.errors}
    assert messages[3] == "名称不能为空。"
    assert "政府局" in messages[4] and "街道办事处" in messages[4]
    assert messages[5] == "找不到上级机关「乙市人民政府」。"
    assert messages[6] == "邮政编码应为6位数字。"
    assert "第6行重复" in messages[7]
    assert "URL" in messages[8]
    assert "“是”或“否”" in messages[9]
    assert messages[10] == "上级机关「甲市信访局」在第11行，须写在本行之前。"
    assert str(plan.errors[0]) == "第3行「名称」：名称不能为空。"
    with pytest.raises(ValueError, match="errors"):
        body_import_apply(plan=plan)
    assert Body.objects.count() == before


def test_a_parent_may_be_an_earlier_row_or_a_path() -> None:
    for district in ("甲区人民政府", "乙区人民政府"):
        parent = body_create(name=district, kind=BodyKind.GOVERNMENT)
        body_create(name="民政局", kind=BodyKind.DEPARTMENT, parent=parent)
    plan = run_import((FIXTURES / "paths.csv").read_bytes(), "paths.csv")
    assert plan.summary() == "新增 3 个，更新 0 个，未变 0 个"
    archive = Body.objects.get(name="民政局综合科档案室")
    assert archive.parent is not None and archive.parent.parent is not None
    assert archive.parent.parent.parent is not None
    assert archive.parent.parent.parent.name == "乙区人民政府"
    ambiguous = "名称,类别,上级机关\n某科,其他,民政局\n".encode()
    plan = plan_import(read_table(ambiguous, "a.csv"), managed_ids=None)
    assert plan.errors == (
        RowError(
            line=2,
            column="上级机关",
            message="有多个机关名为「民政局」：「甲区人民政府/民政局」、「乙区人民政府/民政局」，"
            "请写出上级路径以区分。",
        ),
    )


def test_a_body_admin_imports_only_inside_its_subtree() -> None:
    run_import(GOOD, "good.csv")
    other = body_create(name="洛阳市洛龙区人民政府", kind=BodyKind.GOVERNMENT)
    admin = user_create(username="nanguan-admin", password=None)
    district = Body.objects.get(name=DISTRICT)
    membership_grant(user=admin, body=district, role=Role.BODY_ADMIN)
    managed = body_ids_managed_by(user=admin)
    text = (
        "名称,类别,上级机关,咨询电话\n"
        f"{DISTRICT},人民政府,,0431-80000000\n"
        f"南关区财政局,政府部门,{DISTRICT},\n"
        "洛龙区财政局,政府部门,洛阳市洛龙区人民政府,\n"
        "新的顶级机关,其他,,\n"
    )
    plan = plan_import(read_table(text.encode(), "scope.csv"), managed_ids=managed)
    assert [(error.line, error.column, error.message) for error in plan.errors] == [
        (4, "上级机关", "上级机关不在您管理的范围内。"),
        (5, "上级机关", "只有系统管理员可以新建顶级机关，请填写上级机关。"),
    ]
    good = "\n".join(text.splitlines()[:3]) + "\n"
    plan = run_import(good.encode(), "scope.csv", managed=managed, actor=admin)
    assert plan.summary() == "新增 1 个，更新 1 个，未变 0 个"
    assert Body.objects.get(pk=district.pk).phone == "0431-80000000"
    assert not other.children.exists()


def test_the_data_changing_between_check_and_import_undoes_everything() -> None:
    plan = plan_import(read_table(GOOD, "good.csv"), managed_ids=None)
    assert plan.ok
    body_create(name=DISTRICT, kind=BodyKind.GOVERNMENT)  # someone else, meanwhile
    with pytest.raises(Exception):  # noqa: B017 (ValidationError or IntegrityError by backend)
        body_import_apply(plan=plan)
    assert list(Body.objects.values_list("name", flat=True)) == [DISTRICT]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "文件是空的。"),
        (b"\n\n", "blank.csv", "第1行应为表头"),
        ("名称,类别\n".encode(), "header-only.csv", "没有机关数据"),
        (GOOD, "good.txt", "仅支持 CSV（.csv）或 Excel（.xlsx）文件。"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "不支持旧版 Excel"),
        (b"PK\x03\x04 this is not a zip", "broken.xlsx", "无法读取 XLSX 文件"),
        (b"%PDF-1.7", "renamed.xlsx", "不是有效的 XLSX 文件"),
        (xlsx_from_csv(GOOD_TEXT), "excel.csv", "文件内容不是 CSV"),
        (b"\x80\x80\x80\x80", "binary.csv", "无法识别文件编码"),
        (b"\xef\xbb\xbf\xff\xfe", "bad-bom.csv", "文件编码有误"),
        ("名称,类别\0\n".encode(), "nul.csv", "不是 CSV 文本"),
        ("名称,类别,单位\n某局,其他,x\n".encode(), "unknown.csv", "无法识别的列：单位"),
        ("名称,简称\n某局,某\n".encode(), "missing.csv", "缺少必需的列：类别"),
        ("名称,类别,名称\n某局,其他,x\n".encode(), "twice.csv", "重复的列：名称"),
        (b"x" * (MAX_BYTES + 1), "huge.csv", "文件超过 5 MB"),
    ],
    # The file name names each case: the bytes (an XLSX carries its build time) would give
    # each xdist worker different test ids.
    ids=lambda value: (
        value if isinstance(value, str) and value.endswith(("csv", "xls", "xlsx", "txt")) else ""
    ),
)
def test_a_bad_file_gives_one_chinese_message(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        read_table(data, filename)
    assert message in raised.value.message


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gongkai.organizations.imports.MAX_ROWS", 3)
    text = "名称,类别\n" + "".join(f"第{n}局,其他\n" for n in range(4))
    with pytest.raises(ImportFileError, match="文件超过 3 行"):
        read_table(text.encode(), "many.csv")
    assert len(read_table("名称,类别\n甲,其他\n乙,其他\n丙,其他\n".encode(), "ok.csv").rows) == 3


def test_extra_cells_beyond_the_header_are_reported() -> None:
    text = "名称,类别\n某局,其他,多余\n"
    plan = plan_import(read_table(text.encode(), "extra.csv"), managed_ids=None)
    assert [(e.line, e.column) for e in plan.errors] == [(2, "")]


def test_the_template_is_a_bom_csv_that_imports() -> None:
    data = template_csv()
    assert data.startswith(codecs.BOM_UTF8)
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header == "名称,简称,类别,上级机关,行政区划,办公地址,咨询电话,邮政编码,网站,有规章制定权"
    body_create(name=DISTRICT, kind=BodyKind.GOVERNMENT)
    plan = run_import(data, "template.csv")
    assert plan.summary() == "新增 1 个，更新 0 个，未变 0 个"


# The web page ---------------------------------------------------------------------------------


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, data: bytes, filename: str, **extra: str) -> Any:
    file = io.BytesIO(data)
    file.name = filename
    return client.post(IMPORT_URL, {"file": file, **extra}, follow=True)


@pytest.fixture
def root() -> User:
    return User.objects.create_superuser(username="root", password="root-password-1")


def test_the_page_needs_a_manager(client: Client, root: User) -> None:
    for url in (IMPORT_URL, IMPORT_URL + "template.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    district = body_create(name=DISTRICT, kind=BodyKind.GOVERNMENT)
    clerk = user_create(username="clerk", password=None)
    membership_grant(user=clerk, body=district, role=Role.CLERK)
    supervisor = user_create(username="supervisor", password=None)
    membership_grant(user=supervisor, body=district, role=Role.SUPERVISOR)
    for user in (clerk, supervisor):
        response = signed_in(user).get(IMPORT_URL)
        assert response.status_code == 403 and "<h1>无权访问</h1>" in response.content.decode()
        assert upload(signed_in(user), GOOD, "good.csv").status_code == 403
    assert Body.objects.count() == 1
    template = signed_in(root).get(IMPORT_URL + "template.csv")
    assert template.status_code == 200 and template.content == template_csv()
    assert template["Content-Type"] == "text/csv; charset=utf-8"


def test_uploading_a_good_file_imports_it_and_says_so(root: User) -> None:
    client = signed_in(root)
    page = client.get(IMPORT_URL).content.decode()
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    response = upload(client, GOOD_TEXT.encode("gbk"), "good.csv")
    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert "导入完成：新增 4 个，更新 0 个，未变 0 个。" in response.content.decode()
    good_bodies_are_stored()
    assert set(AuditEvent.objects.values_list("actor", flat=True)) == {root.pk}
    again = upload(client, xlsx_from_csv(GOOD_TEXT), "good.xlsx")
    assert "导入完成：新增 0 个，更新 0 个，未变 4 个。" in again.content.decode()


def test_a_dry_run_checks_without_writing(root: User) -> None:
    response = upload(signed_in(root), GOOD, "good.csv", dry_run="on")
    html = response.content.decode()
    assert response.status_code == 200 and "检查通过" in html
    assert "未写入。导入后将：新增 4 个，更新 0 个，未变 0 个。" in html
    assert Body.objects.count() == 0


def test_uploading_bad_rows_lists_each_and_imports_nothing(root: User) -> None:
    response = upload(signed_in(root), (FIXTURES / "bad_rows.csv").read_bytes(), "bad.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "检查未通过，未导入任何机关" in html and "共 8 处错误" in html
    for line in (3, 4, 5, 6, 7, 8, 9, 10):
        assert f"<td>第{line}行</td>" in html
    assert "<td>第2行</td>" not in html
    assert Body.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"PK\x03\x04broken", "broken.xlsx", "无法读取 XLSX 文件，文件可能已损坏。"),
        (b"", "empty.csv", "文件是空的。"),
        (b"%PDF-1.4", "report.pdf", "仅支持 CSV（.csv）或 Excel（.xlsx）文件。"),
        (b"x" * (MAX_BYTES + 1), "huge.csv", "文件超过 5 MB，请分批导入。"),
    ],
)
def test_a_bad_upload_gives_a_message_at_the_field(
    root: User, data: bytes, filename: str, message: str
) -> None:
    response = upload(signed_in(root), data, filename)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Body.objects.count() == 0


def test_a_body_admin_uploads_inside_its_subtree(root: User) -> None:
    upload(signed_in(root), GOOD, "good.csv")
    admin = user_create(username="street-admin", password=None)
    street = Body.objects.get(name="南关区长通街道办事处")
    membership_grant(user=admin, body=street, role=Role.BODY_ADMIN)
    text = (
        "名称,类别,上级机关\n"
        "长通街道党政办,其他,南关区长通街道办事处\n"
        f"南关区财政局,政府部门,{DISTRICT}\n"
    )
    response = upload(signed_in(admin), text.encode(), "mine.csv")
    assert "上级机关不在您管理的范围内。" in response.content.decode()
    assert not Body.objects.filter(name="长通街道党政办").exists()
    response = upload(signed_in(admin), "\n".join(text.splitlines()[:2]).encode(), "mine.csv")
    assert "导入完成：新增 1 个" in response.content.decode()
    assert Body.objects.get(name="长通街道党政办").parent == street


# The command ----------------------------------------------------------------------------------


def test_the_command_imports_and_reports(tmp_path: Path) -> None:
    path = tmp_path / "bodies.xlsx"
    path.write_bytes(xlsx_from_csv(GOOD_TEXT))
    out = io.StringIO()
    call_command("import_bodies", str(path), "--dry-run", stdout=out)
    assert out.getvalue().strip() == "检查通过（未写入）：将新增 4 个，更新 0 个，未变 0 个。"
    assert Body.objects.count() == 0
    out = io.StringIO()
    call_command("import_bodies", str(path), stdout=out)
    assert out.getvalue().strip() == "导入完成：新增 4 个，更新 0 个，未变 0 个。"
    good_bodies_are_stored()
    out = io.StringIO()
    call_command("import_bodies", str(path), stdout=out)
    assert out.getvalue().strip() == "导入完成：新增 0 个，更新 0 个，未变 4 个。"


def test_the_command_lists_bad_rows_and_fails(tmp_path: Path) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="共 8 处错误，未导入任何机关。"):
        call_command("import_bodies", str(FIXTURES / "bad_rows.csv"), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 8 and lines[0] == "第3行「名称」：名称不能为空。"
    assert Body.objects.count() == 0
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import_bodies", str(tmp_path / "missing.csv"))
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04broken")
    with pytest.raises(CommandError, match="无法读取 XLSX 文件"):
        call_command("import_bodies", str(tmp_path / "broken.xlsx"))


def test_the_command_records_its_actor_and_keeps_to_its_subtree(tmp_path: Path) -> None:
    district = body_create(name=DISTRICT, kind=BodyKind.GOVERNMENT)
    town = body_create(name="南郊镇人民政府", kind=BodyKind.TOWNSHIP)
    admin = user_create(username="district-admin", password=None)
    membership_grant(user=admin, body=district, role=Role.BODY_ADMIN)
    path = tmp_path / "b.csv"
    path.write_text(f"名称,类别,上级机关\n南关区审计局,政府部门,{DISTRICT}\n", encoding="utf-8")
    call_command("import_bodies", str(path), "--actor", "district-admin", stdout=io.StringIO())
    event = AuditEvent.objects.get(action=AuditAction.BODY_CREATE, new_values__name="南关区审计局")
    assert event.actor == admin
    path.write_text("名称,类别,上级机关\n南郊镇某村,其他,南郊镇人民政府\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_bodies", str(path), "--actor", "district-admin", stderr=io.StringIO())
    assert not town.children.exists()
    with pytest.raises(CommandError, match="找不到用户"):
        call_command("import_bodies", str(path), "--actor", "nobody")


def test_an_update_after_an_edit_by_hand_is_counted_as_an_update() -> None:
    run_import(GOOD, "good.csv")
    body_update(body=Body.objects.get(name="长通街道综合办"), changes={"phone": "12345678"})
    plan = run_import(GOOD, "good.csv")
    assert plan.summary() == "新增 0 个，更新 1 个，未变 3 个"
    assert [row.outcome for row in plan.rows].count(Outcome.UPDATE) == 1
    assert Body.objects.get(name="长通街道综合办").phone == ""


def zip_with(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_that_is_no_workbook_or_has_a_broken_sheet_is_refused() -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx_from_csv(GOOD_TEXT))) as workbook:
        parts = {name: workbook.read(name) for name in workbook.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    broken = {**parts, sheet: parts[sheet][: len(parts[sheet]) // 2]}
    for data in (zip_with({"readme.txt": b"hello"}), zip_with(broken)):
        with pytest.raises(ImportFileError, match="无法读取 XLSX 文件，文件可能已损坏。"):
            read_table(data, "bodies.xlsx")
