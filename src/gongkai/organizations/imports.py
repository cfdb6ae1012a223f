"""Import of bodies (机关) from CSV or XLSX: read the table, check every row, plan the writes.

Plain functions with typed results, shared by the web page and ``manage.py import_bodies``:
``read_table`` turns a file into rows (or raises ``ImportFileError`` with one Chinese message),
``plan_import`` checks every row against the database and the earlier rows and returns an
``ImportPlan`` holding either the errors of every bad row or what to create and update;
``services.body_import_apply`` carries a plan out in one transaction.

Rows are numbered as a spreadsheet shows them: the header is 第1行, the first body 第2行.
A body in the file is matched to an existing one by (parent, name); a column the file leaves
out is left as it is on an existing body and blank on a new one.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.organizations.models import Body, BodyKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
PATH_SEPARATOR = "/"

# (header, Body field) in template order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("名称", "name"),
    ("简称", "short_name"),
    ("类别", "kind"),
    ("上级机关", "parent"),
    ("行政区划", "division"),
    ("办公地址", "address"),
    ("咨询电话", "phone"),
    ("邮政编码", "postcode"),
    ("网站", "website"),
    ("有规章制定权", "has_regulation_power"),
)
REQUIRED_COLUMNS = ("名称", "类别")
COLUMN_HEADERS = tuple(header for header, _ in COLUMNS)
COLUMN_OF_FIELD = {field_name: header for header, field_name in COLUMNS}
FIELD_OF_COLUMN = dict(COLUMNS)
VALUE_FIELDS = tuple(name for _, name in COLUMNS if name != "parent")
YES, NO = "是", "否"
POSTCODE = re.compile(r"[0-9]{6}")
POSTCODE_MESSAGE = "邮政编码应为6位数字。"

TEMPLATE_EXAMPLE = (
    "南关区民政局",
    "区民政局",
    "政府部门",
    "长春市南关区人民政府",
    "吉林省长春市南关区",
    "长春市自由大路3388号",
    "0431-85284294",
    "130022",
    "http://www.nanguan.gov.cn/",
    NO,
)


class ImportFileError(Exception):
    """The file as a whole cannot be read; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SourceRow:
    """One row of the file: its spreadsheet row number and its cells by header."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class SourceTable:
    """The headers the file has (known ones only) and its non-blank rows."""

    columns: tuple[str, ...]
    rows: tuple[SourceRow, ...]


@dataclass(frozen=True, order=True)
class RowError:
    """What is wrong with one cell (``column``) or a whole row (``column == ""``)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.line}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


class Outcome(StrEnum):
    """What importing a row does."""

    CREATE = "新增"
    UPDATE = "更新"
    UNCHANGED = "未变"


@dataclass(frozen=True)
class PlannedRow:
    """A good row: create a body, update one, or leave one as it is.

    The parent is ``parent_id`` (an existing body), ``parent_line`` (a body created by an earlier
    row) or neither (the top of the tree). ``values`` are the cleaned cells of a new body;
    ``changes`` the fields an update changes.
    """

    line: int
    name: str
    outcome: Outcome
    parent_id: int | None = None
    parent_line: int | None = None
    body_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportPlan:
    """Every row planned, or the errors of every bad row (then nothing may be imported)."""

    rows: tuple[PlannedRow, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def summary(self) -> str:
        created, updated, unchanged = (self.count(outcome) for outcome in Outcome)
        return f"新增 {created} 个，更新 {updated} 个，未变 {unchanged} 个"


# Reading ----------------------------------------------------------------------------------------


def read_table(
    data: bytes,
    filename: str,
    *,
    columns: Sequence[str] = COLUMN_HEADERS,
    required: Sequence[str] = REQUIRED_COLUMNS,
    what: str = "机关",
) -> SourceTable:
    """The rows of a CSV or XLSX file (kind by the file name's ending, checked against content).

    ``columns`` are the headers the file may have, ``required`` those it must have; ``what``
    names the rows in messages (other imports, e.g. the ledgers', pass their own).
    """
    spec = _HeaderSpec(columns=tuple(columns), required=tuple(required), what=what)
    if not data:
        raise ImportFileError("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请分批导入。")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。")
    if suffix == "xlsx":
        if not data.startswith(b"PK"):
            raise ImportFileError("不是有效的 XLSX 文件，文件可能已损坏。")
        return _table(_xlsx_rows(data), spec)
    if suffix == "csv":
        if data.startswith(b"PK"):
            raise ImportFileError("文件内容不是 CSV；Excel 文件请以 .xlsx 结尾上传。")
        return _table(_csv_rows(_decode(data)), spec)
    raise ImportFileError("仅支持 CSV（.csv）或 Excel（.xlsx）文件。")


def _decode(data: bytes) -> str:
    """CSV text: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise ImportFileError("文件编码有误，无法读取，请以 UTF-8 或 GBK 编码保存。") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别文件编码，请以 UTF-8 或 GBK 编码保存 CSV 文件。")


def _csv_rows(text: str) -> Iterator[list[str]]:
    if "\x00" in text:
        raise ImportFileError("文件内容不是 CSV 文本，请检查文件。")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield [cell.strip() for cell in record]
    except csv.Error:
        raise ImportFileError(f"CSV 格式有误（第{reader.line_num}行附近），请检查引号。") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl  # imported here: only XLSX imports need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a broken file
        raise ImportFileError("无法读取 XLSX 文件，文件可能已损坏。") from None
    try:
        if not workbook.worksheets:
            raise ImportFileError("XLSX 文件中没有工作表。")
        sheet = workbook.worksheets[0]
        postcode_index: int | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if number == 1:
                headers = [_header(cell) for cell in cells]
                if "邮政编码" in headers:
                    postcode_index = headers.index("邮政编码")
            elif postcode_index is not None and postcode_index < len(values):
                value = values[postcode_index]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cells[postcode_index] = cells[postcode_index].zfill(6)  # 010000 read as 10000
            yield cells
    except ImportFileError:
        raise
    except Exception:  # a broken part of the file can surface while reading rows, in any form
        raise ImportFileError("无法读取 XLSX 文件，文件可能已损坏。") from None
    finally:
        workbook.close()


def _header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip()


@dataclass(frozen=True)
class _HeaderSpec:
    columns: tuple[str, ...]
    required: tuple[str, ...]
    what: str


def _table(records: Iterable[list[str]], spec: _HeaderSpec) -> SourceTable:
    iterator = iter(records)
    header_cells = next(iterator, None)
    headers = [_header(cell) for cell in header_cells or []]
    if not any(headers):
        example = "、".join(spec.required or spec.columns[:2])
        raise ImportFileError(f"第1行应为表头（{example}等列名），文件中没有表头。")
    named = [header for header in headers if header]
    unknown = [header for header in named if header not in spec.columns]
    problems = []
    if unknown:
        problems.append("无法识别的列：" + "、".join(unknown))
    duplicated = sorted({header for header in named if named.count(header) > 1})
    if duplicated:
        problems.append("重复的列：" + "、".join(duplicated))
    missing = [header for header in spec.required if header not in named]
    if missing:
        problems.append("缺少必需的列：" + "、".join(missing))
    if problems:
        allowed = "、".join(spec.columns)
        raise ImportFileError("表头有误。" + "；".join(problems) + f"。可用的列：{allowed}。")
    rows: list[SourceRow] = []
    for line, record in enumerate(iterator, start=2):
        if not any(record):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"文件超过 {MAX_ROWS} 行，请分批导入。")
        cells = {header: "" for header in named}
        extra = False
        for index, value in enumerate(record):
            if index < len(headers) and headers[index]:
                cells[headers[index]] = value
            elif value:
                extra = True
        if extra:
            cells[""] = "extra"
        rows.append(SourceRow(line=line, cells=cells))
    if not rows:
        raise ImportFileError(f"文件中除表头外没有{spec.what}数据。")
    return SourceTable(columns=tuple(named), rows=tuple(rows))


# Checking ---------------------------------------------------------------------------------------

_Key = tuple[str, int]  # ("db", body id) or ("row", line of a body the file creates)
_Fail = Callable[[str, str], None]  # report a message on a column of the current row


@dataclass
class _Node:
    name: str
    parent: _Key | None


@dataclass
class _Index:
    """Existing bodies plus the bodies created by the rows checked so far."""

    nodes: dict[_Key, _Node] = field(default_factory=dict)
    by_name: dict[str, list[_Key]] = field(default_factory=dict)
    by_place: dict[tuple[_Key | None, str], _Key] = field(default_factory=dict)
    values: dict[int, dict[str, Any]] = field(default_factory=dict)

    def add(self, key: _Key, name: str, parent: _Key | None) -> None:
        self.nodes[key] = _Node(name=name, parent=parent)
        self.by_name.setdefault(name, []).append(key)
        self.by_place[(parent, name)] = key

    def path(self, key: _Key) -> str:
        names: list[str] = []
        current: _Key | None = key
        while current is not None and len(names) < 50:
            node = self.nodes[current]
            names.append(node.name)
            current = node.parent
        return PATH_SEPARATOR.join(reversed(names))

    def ancestors_match(self, key: _Key, names: list[str]) -> bool:
        """Whether the parents of ``key``, nearest first, are named ``names``."""
        current = self.nodes[key].parent
        for name in names:
            if current is None or self.nodes[current].name != name:
                return False
            current = self.nodes[current].parent
        return True


def _index_existing() -> _Index:
    index = _Index()
    fields = ["pk", "parent_id", *VALUE_FIELDS]
    for row in Body.objects.order_by("pk").values(*fields):
        parent = ("db", row["parent_id"]) if row["parent_id"] is not None else None
        index.add(("db", row["pk"]), row["name"], parent)
        index.values[row["pk"]] = {name: row[name] for name in VALUE_FIELDS}
    return index


def plan_import(table: SourceTable, *, managed_ids: set[int] | None) -> ImportPlan:
    """Check every row; ``managed_ids`` are the bodies the importer manages (``None``: all)."""
    index = _index_existing()
    later_names: dict[str, int] = {}
    for row in table.rows:
        later_names.setdefault(row.cells.get("名称", ""), row.line)
    seen: dict[tuple[_Key | None, str], int] = {}
    planned: list[PlannedRow] = []
    errors: list[RowError] = []
    for row in table.rows:
        row_errors: list[RowError] = []

        def fail(column: str, message: str, line: int = row.line) -> None:
            row_errors.append(RowError(line=line, column=column, message=message))  # noqa: B023

        if "" in row.cells:
            fail("", "本行的单元格多于表头的列数。")
        values = _clean_values(row, table.columns, fail)
        name = str(values.get("name", ""))
        parent_key, parent_ok = _resolve_parent(row, index, later_names, fail)
        if not name or not parent_ok:
            errors.extend(row_errors)
            continue
        place = (parent_key, name)
        if place in seen:
            fail("名称", f"与第{seen[place]}行重复（同一上级机关下的同名机关）。")
            errors.extend(row_errors)
            continue
        seen[place] = row.line
        existing = index.by_place.get(place)
        if existing is not None and existing[0] == "db":
            body_id = existing[1]
            if not _may_manage(managed_ids, body_id):
                fail("名称", "该机关不在您管理的范围内，不能修改。")
            current = index.values[body_id]
            changes = {k: v for k, v in values.items() if k != "name" and current[k] != v}
            outcome = Outcome.UPDATE if changes else Outcome.UNCHANGED
            plan = PlannedRow(
                line=row.line, name=name, outcome=outcome, body_id=body_id, changes=changes
            )
        else:
            parent_id = parent_key[1] if parent_key and parent_key[0] == "db" else None
            parent_line = parent_key[1] if parent_key and parent_key[0] == "row" else None
            if parent_key is None and managed_ids is not None:
                fail("上级机关", "只有系统管理员可以新建顶级机关，请填写上级机关。")
            elif parent_id is not None and not _may_manage(managed_ids, parent_id):
                fail("上级机关", "上级机关不在您管理的范围内。")
            index.add(("row", row.line), name, parent_key)
            plan = PlannedRow(
                line=row.line,
                name=name,
                outcome=Outcome.CREATE,
                parent_id=parent_id,
                parent_line=parent_line,
                values={**{k: _blank(k) for k in VALUE_FIELDS}, **values},
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            planned.append(plan)
    if errors:
        return ImportPlan(rows=(), errors=tuple(errors))
    return ImportPlan(rows=tuple(planned), errors=())


def _may_manage(managed_ids: set[int] | None, body_id: int) -> bool:
    return managed_ids is None or body_id in managed_ids


def _blank(field_name: str) -> Any:
    return False if field_name == "has_regulation_power" else ""


def _clean_values(row: SourceRow, columns: tuple[str, ...], fail: _Fail) -> dict[str, Any]:
    """The row's cells as Body field values; every bad cell reported through ``fail``."""
    values: dict[str, Any] = {}
    for column in columns:
        field_name = FIELD_OF_COLUMN[column]
        if field_name != "parent":
            values[field_name] = row.cells.get(column, "")
    if not values["name"]:
        fail("名称", "名称不能为空。")
    kinds = [str(kind) for kind in BodyKind.values]
    if not values["kind"]:
        fail("类别", "类别不能为空，应为：" + "、".join(kinds) + "。")
    elif values["kind"] not in kinds:
        fail("类别", f"类别「{values['kind']}」无效，应为：" + "、".join(kinds) + "。")
    if "has_regulation_power" in values:
        power = values["has_regulation_power"]
        if power in ("", NO):
            values["has_regulation_power"] = False
        elif power == YES:
            values["has_regulation_power"] = True
        else:
            fail("有规章制定权", f"应填写“{YES}”或“{NO}”（留空视为“{NO}”）。")
    postcode = values.get("postcode", "")
    if postcode and not POSTCODE.fullmatch(postcode):
        fail("邮政编码", POSTCODE_MESSAGE)
    probe = Body(**{k: v for k, v in values.items() if k in VALUE_FIELDS})
    checked = {"name", "kind", "postcode", "has_regulation_power"}
    exclude = ["parent", *checked, *(name for name in VALUE_FIELDS if name not in values)]
    try:
        probe.clean_fields(exclude=exclude)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            for message in messages:
                fail(COLUMN_OF_FIELD.get(field_name, ""), message)
    if values["name"] and len(values["name"]) > Body._meta.get_field("name").max_length:  # type: ignore[operator]
        fail("名称", "名称过长（最多200个字）。")
    return values


def _resolve_parent(
    row: SourceRow, index: _Index, later_names: dict[str, int], fail: _Fail
) -> tuple[_Key | None, bool]:
    """The parent a row names (``None``: top of the tree) and whether it could be resolved."""
    text = row.cells.get("上级机关", "")
    if not text:
        return None, True
    segments = [segment.strip() for segment in text.split(PATH_SEPARATOR)]
    if any(not segment for segment in segments):
        fail("上级机关", f"路径「{text}」有误，应写作“上级机关名称/机关名称”。")
        return None, False
    *above, last = segments
    candidates = [
        key for key in index.by_name.get(last, []) if index.ancestors_match(key, above[::-1])
    ]
    if len(candidates) == 1:
        return candidates[0], True
    if not candidates:
        later = later_names.get(last)
        if later is not None and later > row.line:
            fail("上级机关", f"上级机关「{text}」在第{later}行，须写在本行之前。")
        else:
            fail("上级机关", f"找不到上级机关「{text}」。")
        return None, False
    paths = "、".join(f"「{index.path(key)}」" for key in candidates[:3])
    fail("上级机关", f"有多个机关名为「{text}」：{paths}，请写出上级路径以区分。")
    return None, False


# The template -----------------------------------------------------------------------------------


def template_csv() -> bytes:
    """A CSV with the header and one example row, UTF-8 with BOM so Excel opens it right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    writer.writerow(TEMPLATE_EXAMPLE)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
