"""Readers for gongkai's own structured outputs: canonical JSON and long-format CSV.

They make every writer's output readable again (round trips) and let the checks run on
tables that other tools produced in the interchange format.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from gongkai.report import formats
from gongkai.report.errors import InvalidDataError
from gongkai.report.model import Cell, Report, Value

CSV_HEADER = ("organ", "year", "table", "row_key", "row_label", "column", "value")


def _load_json(text: str, source: str | None) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InvalidDataError(
            f"JSON 格式错误（第{error.lineno}行第{error.colno}列）", source=source
        ) from error
    except ValueError as error:  # an integer with more digits than int() accepts
        raise InvalidDataError("JSON 中含有位数过多的数字", source=source) from error


def read_json(text: str, *, source: str | None = None) -> Report:
    """Read one canonical JSON object (or an array holding exactly one)."""
    data = _load_json(text, source)
    if isinstance(data, list):
        if len(data) != 1:
            raise InvalidDataError(
                f"JSON 数组含有{len(data)}份报告，请逐份读取（gongkai.report.read_all）",
                source=source,
            )
        data = data[0]
    return report_from_canonical(data, source=source)


def read_json_all(text: str, *, source: str | None = None) -> list[Report]:
    """Read a canonical JSON object or array of objects."""
    data = _load_json(text, source)
    items = data if isinstance(data, list) else [data]
    return [report_from_canonical(item, source=source) for item in items]


def report_from_canonical(data: Any, *, source: str | None = None) -> Report:
    """Build a :class:`Report` from canonical JSON data, checking its shape."""

    def fail(message: str) -> InvalidDataError:
        return InvalidDataError(f"数据不符合 {formats.FORMAT_ID} 格式：{message}", source=source)

    if not isinstance(data, dict):
        raise fail("顶层应为对象")
    if data.get("format") != formats.FORMAT_ID:
        raise fail(f"format 字段应为 “{formats.FORMAT_ID}”")
    template = data.get("template")
    if template not in tuple(formats.TEMPLATES):  # a tuple: the value may be unhashable
        raise fail("template 字段应为 “2021” 或 “2019”")
    organ = data.get("organ")
    year = data.get("year")
    if organ is not None and not isinstance(organ, str):
        raise fail("organ 应为字符串或 null")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise fail("year 应为整数")
    spec = formats.TEMPLATES[template]
    report = Report(organ=organ, year=year, template=template, source=source, kind="json")

    if "proactive" in data:
        proactive = data["proactive"]
        if not isinstance(proactive, dict):
            raise fail("proactive 应为对象")
        out: dict[str, Cell | dict[str, Cell]] = {}
        for table in spec.proactive:
            for row in table.rows:
                if row.key not in proactive:
                    continue
                entry = proactive[row.key]
                if table.scalar:
                    out[row.key] = Cell(_value(entry, fail, f"proactive.{row.key}"))
                else:
                    if not isinstance(entry, dict):
                        raise fail(f"proactive.{row.key} 应为对象")
                    out[row.key] = {
                        col.key: Cell(
                            _value(
                                entry.get(col.key),
                                fail,
                                f"proactive.{row.key}.{col.key}",
                                text=col.kind == "text",
                            )
                        )
                        for col in table.columns
                    }
        unknown = set(proactive) - set(out)
        if unknown:
            raise fail(f"proactive 含有未知的键 {sorted(unknown)}")
        report.proactive = out
    if "applications" in data:
        report.applications = _rows(
            data["applications"],
            len(formats.APPLICATION_COLUMNS),
            "applications",
            fail,
            allowed={*spec.application_keys, "3.6", "3.6.1", "3.6.2", "3.6.3"},
        )
    if "reviews_litigation" in data:
        report.reviews_litigation = _rows(
            data["reviews_litigation"],
            len(formats.REVIEW_COLUMNS),
            "reviews_litigation",
            fail,
            allowed={g.key for g in formats.REVIEW_GROUPS},
        )
    return report


def _rows(
    data: Any, width: int, name: str, fail: Any, *, allowed: set[str]
) -> dict[str, list[Cell]]:
    if not isinstance(data, dict):
        raise fail(f"{name} 应为对象")
    out: dict[str, list[Cell]] = {}
    for key, cells in data.items():
        if key not in allowed:
            raise fail(f"{name} 含有未知的行键 “{key}”")
        if not isinstance(cells, list) or len(cells) != width:
            raise fail(f"{name}.{key} 应为 {width} 个单元格的数组")
        out[key] = [Cell(_value(v, fail, f"{name}.{key}")) for v in cells]
    return out


def _value(value: Any, fail: Any, where: str, *, text: bool = False) -> Value:
    if value is None:
        return None
    if text and isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise fail(f"{where} 应为数字或 null")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and _in_range(value):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else value
    if isinstance(value, float) and _in_range(Decimal(str(value))):
        return Decimal(str(value))
    raise fail(f"{where} 应为数字或 null")


#: Decimal exponents beyond any count or amount (``1e999999999`` would hang int()).
_MAX_EXPONENT = 30


def _in_range(value: Decimal) -> bool:
    """A finite number of sane magnitude (not NaN, Infinity or 1E+999999999)."""
    return value.is_finite() and value.adjusted() <= _MAX_EXPONENT


def read_csv(text: str, *, source: str | None = None) -> Report:
    """Read long-format CSV holding exactly one report."""
    reports = read_csv_all(text, source=source)
    if len(reports) != 1:
        raise InvalidDataError(
            f"CSV 含有{len(reports)}份报告，请逐份读取（gongkai.report.read_all）", source=source
        )
    return reports[0]


def read_csv_all(text: str, *, source: str | None = None) -> list[Report]:
    """Read long-format CSV (``organ, year, table, row_key, row_label, column, value``)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as error:  # a stray carriage return, an over-long field
        raise InvalidDataError(f"CSV 格式错误（第{reader.line_num}行）", source=source) from error
    if not rows or tuple(rows[0]) != CSV_HEADER:
        raise InvalidDataError(f"CSV 表头应为 {','.join(CSV_HEADER)}", source=source)
    grouped: dict[tuple[str, str], list[list[str]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(CSV_HEADER):
            raise InvalidDataError(f"CSV 第{number}行应有{len(CSV_HEADER)}列", source=source)
        grouped.setdefault((row[0], row[1]), []).append(row)
    return [
        _report_from_csv(organ, year, items, source) for (organ, year), items in grouped.items()
    ]


def _report_from_csv(
    organ: str, year_text: str, items: list[list[str]], source: str | None
) -> Report:
    def fail(message: str) -> InvalidDataError:
        return InvalidDataError(f"CSV 数据有误：{message}", source=source)

    try:
        year = int(year_text) if year_text else None
    except ValueError as error:
        raise fail(f"年份“{year_text}”不是整数") from error
    proactive_rows = {i[3] for i in items if i[2] == "proactive"}
    template: formats.TemplateId
    keys_2019 = {r.key for t in formats.TEMPLATE_2019.proactive for r in t.rows}
    cols_2019 = {c.label for t in formats.TEMPLATE_2019.proactive for c in t.columns}
    cols_2021 = {c.label for t in formats.TEMPLATE_2021.proactive for c in t.columns}
    used_cols = {i[5] for i in items if i[2] == "proactive"}
    if proactive_rows & (
        keys_2019
        - {"regulations", "normative_documents", "licensing", "punishment", "coercion", "fees"}
    ) or (used_cols and used_cols <= cols_2019 and not used_cols <= cols_2021):
        template = "2019"
    elif used_cols:
        template = "2021"
    else:
        template = formats.template_for_year(year).id
    spec = formats.TEMPLATES[template]
    report = Report(organ=organ or None, year=year, template=template, source=source, kind="csv")
    app_labels = {c.label: i for i, c in enumerate(formats.APPLICATION_COLUMNS)}
    review_labels = {c.label: i for i, c in enumerate(formats.REVIEW_COLUMNS)}
    for _, _, table, row_key, _, column, raw in items:
        value: Value
        if table == "proactive":
            try:
                ptable, prow = spec.proactive_row(row_key)
            except KeyError as error:
                raise fail(f"未知的主动公开行“{row_key}”") from error
            col = next((c for c in ptable.columns if c.label == column), None)
            if col is None:
                raise fail(f"未知的列“{column}”")
            value = _csv_value(raw, fail, text=col.kind == "text")
            proactive = report.proactive if report.proactive is not None else {}
            report.proactive = proactive
            if ptable.scalar:
                proactive[row_key] = Cell(value)
            else:
                entry = proactive.setdefault(row_key, {})
                assert isinstance(entry, dict)
                entry[col.key] = Cell(value)
        elif table in ("applications", "reviews_litigation"):
            names = app_labels if table == "applications" else review_labels
            if column not in names:
                raise fail(f"未知的列“{column}”")
            width = len(names)
            target = getattr(report, table) or {}
            setattr(report, table, target)
            cells = target.setdefault(row_key, [Cell(None)] * width)
            cells[names[column]] = Cell(_csv_value(raw, fail))
        else:
            raise fail(f"未知的表“{table}”")
    if report.proactive is not None:
        # Fill columns a row printed blank so each row has all its columns, in template order.
        ordered: dict[str, Cell | dict[str, Cell]] = {}
        for ptable in spec.proactive:
            for prow in ptable.rows:
                if prow.key in report.proactive:
                    entry = report.proactive[prow.key]
                    if isinstance(entry, dict):
                        ordered[prow.key] = {
                            c.key: entry.get(c.key, Cell(None)) for c in ptable.columns
                        }
                    else:
                        ordered[prow.key] = entry
        report.proactive = ordered
    if report.applications is not None:
        single = "3.6" in report.applications
        order = formats.application_keys(spec, other_single=single)
        report.applications = {
            k: report.applications[k]
            for k in (*order, *report.applications)
            if k in report.applications
        }
    if report.reviews_litigation is not None:
        report.reviews_litigation = {
            g.key: report.reviews_litigation[g.key]
            for g in formats.REVIEW_GROUPS
            if g.key in report.reviews_litigation
        }
    return report


def _csv_value(raw: str, fail: Any, *, text: bool = False) -> Value:
    if raw == "":
        return None
    if text:
        return raw
    try:
        if "." in raw:
            number = Decimal(raw)
            if not _in_range(number):
                raise ValueError(raw)
            return number
        return int(raw)
    except (ValueError, ArithmeticError) as error:
        raise fail(f"“{raw}”不是数字") from error
