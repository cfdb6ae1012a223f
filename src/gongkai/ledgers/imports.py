"""Import of monthly decision counts from CSV or XLSX: 年份, 月份, 类别, 数量.

The file is read by ``gongkai.organizations.imports.read_table`` (UTF-8 with or without BOM,
GB18030/GBK, UTF-16, XLSX; 5 MB, 20,000 rows). Every row is checked here and every problem is
reported as 第N行「列」：message; only a file without any problem is imported, by
``services.decision_counts_import`` in one transaction.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.applications.services import clock_today
from gongkai.ledgers.models import YEAR_MIN, DecisionKind
from gongkai.ledgers.services import DecisionRow
from gongkai.organizations.imports import RowError, SourceTable

COLUMNS: tuple[str, ...] = ("年份", "月份", "类别", "数量")
WHAT = "处理决定数量"
KINDS = "、".join(str(kind) for kind in DecisionKind.values)
YEAR = re.compile(r"([0-9]{4})年?")
MONTH = re.compile(r"([0-9]{1,2})月?")
COUNT = re.compile(r"[+-]?[0-9]+")
_Fail = Callable[[str, str], None]  # report a message on a column of the current row
TEMPLATE_ROWS = (("2021", "1", "行政许可", "12"), ("2021", "1", "行政处罚", "3"))


@dataclass(frozen=True)
class DecisionImportPlan:
    """The checked rows of a file, or the errors of every bad row (then nothing is imported)."""

    rows: tuple[DecisionRow, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def plan_decision_import(table: SourceTable) -> DecisionImportPlan:
    """Check every row: the year, a month 1–12, a known 类别, a count ≥ 0, no repeated cell."""
    this_year = clock_today().year
    seen: dict[tuple[int, int, str], int] = {}
    rows: list[DecisionRow] = []
    errors: list[RowError] = []
    for source in table.rows:
        line = source.line
        row_errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            row_errors.append(RowError(line=line, column=column, message=message))  # noqa: B023

        if "" in source.cells:
            fail("", "本行的单元格多于表头的列数。")
        year = _year(source.cells.get("年份", ""), this_year, fail)
        month = _month(source.cells.get("月份", ""), fail)
        kind = source.cells.get("类别", "").strip()
        if not kind:
            fail("类别", f"类别不能为空，应为：{KINDS}。")
        elif kind not in DecisionKind.values:
            fail("类别", f"类别「{kind}」无效，应为：{KINDS}。")
        count = _count(source.cells.get("数量", ""), fail)
        if not row_errors and year is not None and month is not None and count is not None:
            key = (year, month, kind)
            if key in seen:
                fail("", f"与第{seen[key]}行重复（同一年份、月份、类别只能有一行）。")
            else:
                seen[key] = line
                rows.append(DecisionRow(line=line, year=year, month=month, kind=kind, count=count))
        errors.extend(row_errors)
    if errors:
        return DecisionImportPlan(rows=(), errors=tuple(errors))
    return DecisionImportPlan(rows=tuple(rows), errors=())


def _year(text: str, this_year: int, fail: _Fail) -> int | None:
    match = YEAR.fullmatch(text.strip())
    if not text.strip():
        fail("年份", "年份不能为空。")
    elif match is None:
        fail("年份", f"年份「{text}」无效，应为四位数字，如 2021。")
    elif not YEAR_MIN <= int(match.group(1)) <= this_year:
        fail("年份", f"年份应在{YEAR_MIN}年至{this_year}年之间。")
    else:
        return int(match.group(1))
    return None


def _month(text: str, fail: _Fail) -> int | None:
    match = MONTH.fullmatch(text.strip())
    if not text.strip():
        fail("月份", "月份不能为空。")
    elif match is None or not 1 <= int(match.group(1)) <= 12:
        fail("月份", f"月份「{text}」无效，应为1至12之间的整数。")
    else:
        return int(match.group(1))
    return None


def _count(text: str, fail: _Fail) -> int | None:
    value = text.strip().replace(",", "")
    if not value:
        fail("数量", "数量不能为空（没有决定的月份填0）。")
    elif COUNT.fullmatch(value) is None:
        fail("数量", f"数量「{text}」无效，应为不小于0的整数。")
    elif int(value) < 0:
        fail("数量", f"数量「{text}」不能为负数。")
    else:
        return int(value)
    return None


def template_csv() -> bytes:
    """A CSV with the header and two example rows, UTF-8 with BOM so Excel opens it right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
