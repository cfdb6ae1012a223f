"""Arithmetic and cell checks on 表二, 表三 and 表四.

Blank cells are never read as 0: a sum with a blank operand is not checked (the blank cell is
reported instead), so one defect gives one finding.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.report import formats
from gongkai.report.checks.finding import Findings
from gongkai.report.model import Cell, Value
from gongkai.report.text import parse_cell

_APP = "applications"
_REV = "reviews_litigation"


def run(found: Findings) -> None:
    _cells(found)
    _application_sums(found)
    _review_sums(found)


def _short_rows(found: Findings) -> set[tuple[str, str | None]]:
    return {(n.table, n.row) for n in found.report.notes if n.kind in ("row-short", "group-short")}


def _cells(found: Findings) -> None:
    report = found.report
    short = _short_rows(found)
    for key, cells in (report.applications or {}).items():
        _row_cells(found, _APP, key, cells, formats.APPLICATION_COLUMNS, short)
    for key, cells in (report.reviews_litigation or {}).items():
        _row_cells(found, _REV, key, cells, formats.REVIEW_COLUMNS, short)
    if report.proactive:
        spec = report.spec
        for key, entry in report.proactive.items():
            table, _ = spec.proactive_row(key)
            if isinstance(entry, Cell):
                _row_cells(found, "proactive", key, [entry], table.columns, short)
            else:
                cells = [entry.get(c.key, Cell(None)) for c in table.columns]
                _row_cells(found, "proactive", key, cells, table.columns, short)


def _row_cells(
    found: Findings,
    table: str,
    key: str,
    cells: list[Cell],
    columns: tuple[formats.Column, ...],
    short: set[tuple[str, str | None]],
) -> None:
    blanks: list[str] = []
    for cell, column in zip(cells, columns, strict=False):
        value = cell.value
        if value is None:
            if cell.raw and not parse_cell(cell.raw)[1] and column.kind != "text":
                found.add(
                    "cell.unreadable",
                    f"单元格内容“{cell.raw}”不是数字",
                    table=table,
                    row=key,
                    column=column.key,
                    values={"printed": cell.raw},
                    loc=cell.loc,
                )
            elif (table, key) not in short and (table, None) not in short:
                blanks.append(column.key)
            continue
        if column.kind == "text" or isinstance(value, str):
            continue
        if value < 0 and column.kind != "signed":
            found.add(
                "cell.negative",
                f"数值为负数（{_show(value)}）",
                table=table,
                row=key,
                column=column.key,
                values={"value": _show(value)},
                loc=cell.loc,
            )
        if isinstance(value, Decimal) and column.kind != "money":
            found.add(
                "cell.not-integer",
                f"件数应为整数，表中为{_show(value)}",
                table=table,
                row=key,
                column=column.key,
                values={"value": _show(value)},
                loc=cell.loc,
            )
    if blanks:
        names = "、".join(_column_name(columns, c) for c in blanks)
        first = next(c for c in cells if c.value is None)
        found.add(
            "cell.blank",
            f"有{len(blanks)}个单元格空白（{names}），应填写数字，没有的填0",
            table=table,
            row=key,
            column=blanks[0] if len(blanks) == 1 else None,
            values={"columns": blanks},
            loc=first.loc,
        )


def _column_name(columns: tuple[formats.Column, ...], key: str) -> str:
    return next(c.label for c in columns if c.key == key)


def _num(value: Value) -> int | Decimal | None:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value
    return None


def _show(value: Value | int | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _application_sums(found: Findings) -> None:
    rows = found.report.applications
    if not rows:
        return
    columns = formats.APPLICATION_COLUMNS
    numbers = {key: [_num(c.value) for c in cells] for key, cells in rows.items()}
    results = [k for k in rows if k.startswith("3.") and k != "3.7"]
    expected_results = _expected_result_keys(found, rows)
    for index, column in enumerate(columns):
        # 勾稽: 一 + 二 = 三（七） + 四
        parts = [numbers[k][index] if k in rows else None for k in ("1", "2", "3.7", "4")]
        if all(p is not None for p in parts):
            one, two, seven, four = parts
            assert one is not None and two is not None and seven is not None and four is not None
            if one + two != seven + four:
                found.add(
                    "applications.balance",
                    f"第一项加第二项（{_show(one)}+{_show(two)}={_show(one + two)}）"
                    f"不等于第三项加第四项（{_show(seven)}+{_show(four)}={_show(seven + four)}）",
                    table=_APP,
                    row="3.7",
                    column=column.key,
                    values={"一": one, "二": two, "三（七）": seven, "四": four},
                    loc=rows["3.7"][index].loc,
                )
        # 三（七） = sum of result rows
        if "3.7" in rows and set(expected_results) <= set(results):
            total = numbers["3.7"][index]
            addends = [numbers[k][index] for k in results]
            if total is not None and all(a is not None for a in addends):
                computed = sum(a for a in addends if a is not None)
                if computed != total:
                    found.add(
                        "applications.results-total",
                        f"各项办理结果之和为{_show(computed)}，“（七）总计”为{_show(total)}",
                        table=_APP,
                        row="3.7",
                        column=column.key,
                        values={"sum": computed, "printed": total},
                        loc=rows["3.7"][index].loc,
                    )
    # 总计 column = sum of the six applicant columns, every row
    for key, cells in rows.items():
        total = numbers[key][formats.TOTAL_COLUMN]
        addends = numbers[key][: formats.APPLICANT_COLUMN_COUNT]
        if total is None or any(a is None for a in addends):
            continue
        computed = sum(a for a in addends if a is not None)
        if computed != total:
            found.add(
                "applications.row-total",
                f"自然人和法人或其他组织各列之和为{_show(computed)}，“总计”列为{_show(total)}",
                table=_APP,
                row=key,
                column="total",
                values={"sum": computed, "printed": total},
                loc=cells[formats.TOTAL_COLUMN].loc,
            )


def _expected_result_keys(found: Findings, rows: dict[str, list[Cell]]) -> list[str]:
    single = "3.6" in rows and not any(k.startswith("3.6.") for k in rows)
    keys = formats.application_keys(found.report.spec, other_single=single)
    return [k for k in keys if k.startswith("3.") and k != "3.7"]


def _review_sums(found: Findings) -> None:
    groups = found.report.reviews_litigation
    if not groups:
        return
    for key, cells in groups.items():
        values = [_num(c.value) for c in cells]
        if any(v is None for v in values):
            continue
        *parts, total = values
        computed = sum(v for v in parts if v is not None)
        if computed != total:
            assert total is not None
            found.add(
                "reviews.group-total",
                f"结果维持、结果纠正、其他结果、尚未审结之和为{_show(computed)}，“总计”为{_show(total)}",
                table=_REV,
                row=key,
                column="total",
                values={"sum": computed, "printed": total},
                loc=cells[-1].loc,
            )
