"""Long-format CSV writer: one line per printed cell, in template order.

The columns are ``organ, year, table, row_key, row_label, column, value`` — exactly what
:func:`gongkai.report.readers.structured.read_csv_all` reads. The file is UTF-8 with a BOM so
that Excel on Chinese Windows opens it with the right encoding.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal

from gongkai.report import formats
from gongkai.report.model import Cell, Report, Value
from gongkai.report.readers.structured import CSV_HEADER

Line = tuple[str, str, str, str, str, str, str]


def write_csv(report: Report | Sequence[Report]) -> bytes:
    """One report, or several in input order, as UTF-8 CSV with BOM and CRLF line ends."""
    reports = [report] if isinstance(report, Report) else list(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in reports:
        writer.writerows(csv_lines(item))
    return buffer.getvalue().encode("utf-8-sig")


def csv_lines(report: Report) -> Iterator[Line]:
    """The data lines of one report: 表二, then 表三, then 表四."""
    organ = report.organ or ""
    year = "" if report.year is None else str(report.year)

    def line(table: str, key: str, label: str, column: str, cell: Cell | None) -> Line:
        value = format_value(cell.value) if cell is not None else ""
        return (organ, year, table, key, label, column, value)

    if report.proactive is not None:
        for table in report.spec.proactive:
            for row in table.rows:
                entry = report.proactive.get(row.key)
                if entry is None:
                    continue
                for col, cell in zip(table.columns, proactive_cells(entry, table), strict=True):
                    yield line("proactive", row.key, row.label, col.label, cell)
    if report.applications is not None:
        for key in application_order(report):
            label = formats.application_row_any(key).flat_label
            for col, cell in zip(
                formats.APPLICATION_COLUMNS, report.applications[key], strict=False
            ):
                yield line("applications", key, label, col.label, cell)
    if report.reviews_litigation is not None:
        for group in formats.REVIEW_GROUPS:
            cells = report.reviews_litigation.get(group.key)
            if cells is None:
                continue
            label = f"{group.parent}：{group.label}" if group.parent else group.label
            for col, cell in zip(formats.REVIEW_COLUMNS, cells, strict=False):
                yield line("reviews_litigation", group.key, label, col.label, cell)


#: Decimals within this many places of the point print in plain digits, others as 1E+40.
_PLAIN_DIGITS = 30


def format_value(value: Value) -> str:
    """A cell value as printed: blank for ``None``, plain digits for numbers (never ``1E+2``)."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and abs(value.adjusted()) <= _PLAIN_DIGITS:
        return format(value, "f")
    return str(value)


def proactive_cells(
    entry: Cell | dict[str, Cell], table: formats.ProactiveTable
) -> list[Cell | None]:
    """A 表二 row's cells in column order (``None`` for a column the row lacks)."""
    if isinstance(entry, Cell):
        return [entry, *([None] * (len(table.columns) - 1))]
    return [entry.get(c.key) for c in table.columns]


#: Every table-三 row key of either format in print order (（六） as one row before its split rows).
_ALL_APPLICATION_KEYS: tuple[str, ...] = tuple(
    k
    for key in formats.TEMPLATE_2021.application_keys
    for k in (("3.6", key) if key == "3.6.1" else (key,))
)


def application_order(report: Report) -> list[str]:
    """The table-三 row keys a report has, in print order."""
    rows = report.applications or {}
    return [k for k in _ALL_APPLICATION_KEYS if k in rows]


__all__ = ["application_order", "csv_lines", "format_value", "proactive_cells", "write_csv"]
