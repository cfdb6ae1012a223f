"""Markdown writer: the title, the six sections and the three tables as GitHub pipe tables.

Each 第二十条 sub-table of 表二 prints its caption as the table's first row (the national
format merges it across the table), then 信息内容 and the column labels. 表三 prints one line per
row with the row's full flat label (``（三）不予公开1.属于国家秘密``); 表四 one line per group.
The text reader (:mod:`gongkai.report.readers.text`) reads the output back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from gongkai.report import formats
from gongkai.report.model import Report, Value
from gongkai.report.writers.csv import application_order, format_value, proactive_cells

#: The header of table 四's label columns.
_REVIEW_LABEL_HEADERS = ("类别", "情形")


def write_markdown(report: Report) -> bytes:
    """The report as UTF-8 Markdown."""
    return ("\n".join(markdown_lines(report)) + "\n").encode("utf-8")


def markdown_lines(report: Report) -> Iterator[str]:
    yield f"# {escape(report_title(report))}"
    for paragraph in paragraphs(report.preamble):
        yield ""
        yield escape(paragraph)
    tables = {2: _proactive_tables, 3: _applications_table, 4: _reviews_table}
    for number, numeral in enumerate(formats.SECTION_NUMERALS, start=1):
        yield ""
        yield f"## {numeral}、{formats.SECTION_TITLES[number - 1]}"
        section = report.sections.get(number)
        for paragraph in paragraphs(section.text if section else ""):
            yield ""
            yield escape(paragraph)
        if number in tables:
            yield from tables[number](report)


def report_title(report: Report) -> str:
    """``<organ><year>年政府信息公开工作年度报告``, leaving out what the report does not say."""
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.organ or ''}{year}政府信息公开工作年度报告"


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a section's (or the preamble's) text."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def escape(text: str) -> str:
    """Escape the pipe, which would otherwise split a table cell or make a line a table row."""
    return text.replace("|", "\\|")


def _cell(value: Value) -> str:
    return escape(format_value(value))


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
    yield ""
    yield _row(header)
    yield _row(["---"] * len(header))
    for row in rows:
        yield _row(row)


def _proactive_tables(report: Report) -> Iterator[str]:
    if report.proactive is None:
        return
    for table in report.spec.proactive:
        rows: list[list[str]] = [["信息内容", *(c.label for c in table.columns)]]
        for prow in table.rows:
            entry = report.proactive.get(prow.key)
            if entry is None:
                continue
            cells = proactive_cells(entry, table)
            rows.append([prow.label, *(_cell(c.value if c else None) for c in cells)])
        if len(rows) > 1:
            header = [table.caption] + [""] * len(table.columns)
            yield from _table(header, rows)


def _applications_table(report: Report) -> Iterator[str]:
    if report.applications is None:
        return
    header = [formats.BALANCE_NOTE, *(c.label for c in formats.APPLICATION_COLUMNS)]
    rows = [
        [
            formats.application_row_any(key).flat_label,
            *(_cell(c.value) for c in report.applications[key]),
        ]
        for key in application_order(report)
    ]
    yield from _table(header, rows)


def _reviews_table(report: Report) -> Iterator[str]:
    if report.reviews_litigation is None:
        return
    header = [*_REVIEW_LABEL_HEADERS, *(c.label for c in formats.REVIEW_COLUMNS)]
    rows = [
        [group.parent or group.label, group.label if group.parent else "", *map(_cell, cells)]
        for group in formats.REVIEW_GROUPS
        if (cells := [c.value for c in report.reviews_litigation.get(group.key, [])])
    ]
    yield from _table(header, rows)


__all__ = ["escape", "markdown_lines", "paragraphs", "report_title", "write_markdown"]
