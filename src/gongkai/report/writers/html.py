"""HTML writer: a standalone printable page laid out like the national format.

The page has no external assets at all (the stylesheet ``report.css`` is inlined, fonts are
local). The tables follow the national format's merged cells: 表二 as its 第二十条 sub-tables,
表三 with the three-row header (the 勾稽 note top left) and three label columns whose group cells
span their rows, 表四 with the three-row header over one row of fifteen cells. Header rows sit
in ``<thead>`` so they repeat on every printed page. The HTML reader reads the page back.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from html import escape
from importlib import resources

from gongkai.report import formats
from gongkai.report.model import Cell, Report, Value
from gongkai.report.writers.csv import application_order, format_value, proactive_cells
from gongkai.report.writers.markdown import paragraphs, report_title

#: Grid columns of 表二: 信息内容 and at most three value columns (both formats).
_PROACTIVE_GRID = 4


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The print stylesheet shipped with the package."""
    return resources.files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def write_html(report: Report) -> bytes:
    """The report as one UTF-8 HTML page."""
    return "\n".join(html_lines(report)).encode("utf-8") + b"\n"


def html_lines(report: Report) -> Iterator[str]:
    title = escape(report_title(report))
    yield "<!DOCTYPE html>"
    yield '<html lang="zh-CN">'
    yield "<head>"
    yield '<meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield '<meta name="generator" content="gongkai">'
    yield f"<title>{title}</title>"
    yield f"<style>\n{stylesheet()}</style>"
    yield "</head>"
    yield "<body>"
    yield "<main>"
    yield f"<h1>{title}</h1>"
    yield from _paragraphs(report.preamble)
    tables = {2: _proactive_tables, 3: _applications_table, 4: _reviews_table}
    for number, numeral in enumerate(formats.SECTION_NUMERALS, start=1):
        yield f'<h2 id="s{number}">{numeral}、{formats.SECTION_TITLES[number - 1]}</h2>'
        section = report.sections.get(number)
        yield from _paragraphs(section.text if section else "")
        if number in tables:
            yield from tables[number](report)
    yield "</main>"
    yield "</body>"
    yield "</html>"


def _paragraphs(text: str) -> Iterator[str]:
    for paragraph in paragraphs(text):
        yield f"<p>{escape(paragraph)}</p>"


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------


def _attrs(rowspan: int = 1, colspan: int = 1, scope: str | None = None, cls: str = "") -> str:
    parts = []
    if cls:
        parts.append(f'class="{cls}"')
    if scope:
        parts.append(f'scope="{scope}"')
    if rowspan > 1:
        parts.append(f'rowspan="{rowspan}"')
    if colspan > 1:
        parts.append(f'colspan="{colspan}"')
    return "".join(f" {p}" for p in parts)


def _th(
    text: str, *, rowspan: int = 1, colspan: int = 1, scope: str | None = None, cls: str = ""
) -> str:
    return f"<th{_attrs(rowspan, colspan, scope, cls)}>{escape(text)}</th>"


def _td(value: Value, colspan: int = 1) -> str:
    return f"<td{_attrs(colspan=colspan)}>{escape(format_value(value))}</td>"


def _tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


# ---------------------------------------------------------------------------------------------
# 表二 — 第二十条 sub-tables
# ---------------------------------------------------------------------------------------------


def _proactive_tables(report: Report) -> Iterator[str]:
    if report.proactive is None:
        return
    for number, table in enumerate(report.spec.proactive, start=1):
        present = [r for r in table.rows if r.key in report.proactive]
        if not present:
            continue
        caption_id = f"t2-{number}"
        # The last column widens to fill the grid, as the national format merges it.
        spans = [1] * (len(table.columns) - 1) + [_PROACTIVE_GRID - len(table.columns)]
        yield f'<table class="t2" aria-labelledby="{caption_id}">'
        yield '<colgroup><col style="width:34%"><col><col><col></colgroup>'
        yield "<thead>"
        caption = f'<th id="{caption_id}" class="caption" scope="colgroup" colspan="4">'
        yield f"<tr>{caption}{escape(table.caption)}</th></tr>"
        yield _tr(
            [
                _th("信息内容", scope="col"),
                *(
                    _th(c.label, scope="col", colspan=span)
                    for c, span in zip(table.columns, spans, strict=True)
                ),
            ]
        )
        yield "</thead>"
        yield "<tbody>"
        for row in present:
            entry = report.proactive[row.key]
            cells = proactive_cells(entry, table)
            yield _tr(
                [
                    _th(row.label, scope="row"),
                    *(
                        _td(c.value if c else None, span)
                        for c, span in zip(cells, spans, strict=True)
                    ),
                ]
            )
        yield "</tbody>"
        yield "</table>"


# ---------------------------------------------------------------------------------------------
# 表三 — 收到和处理政府信息公开申请情况
# ---------------------------------------------------------------------------------------------

#: Label columns of 表三: the item, the result group, the result.
_LABEL_COLUMNS = 3


def _label_path(key: str) -> tuple[str, ...]:
    """The group cells a row sits under, outermost first (三、本年度办理结果, （三）不予公开)."""
    row = formats.application_row_any(key)
    if row.group is None:
        return ()
    if row.group == formats.RESULTS_HEADING:
        return (row.group,)
    return (formats.RESULTS_HEADING, row.group)


def _run_lengths(paths: list[tuple[str, ...]], depth: int) -> list[int]:
    """For each row, how many rows its group cell at ``depth`` spans (0: covered from above)."""
    spans = [0] * len(paths)
    start = 0
    while start < len(paths):
        end = start + 1
        if len(paths[start]) > depth:
            prefix = paths[start][: depth + 1]
            while end < len(paths) and paths[end][: depth + 1] == prefix:
                end += 1
        spans[start] = end - start
        start = end
    return spans


def _applications_header() -> Iterator[str]:
    columns = formats.APPLICATION_COLUMNS
    organisations = columns[1 : formats.APPLICANT_COLUMN_COUNT]
    yield "<thead>"
    yield _tr(
        [
            _th(formats.BALANCE_NOTE, rowspan=3, colspan=_LABEL_COLUMNS, cls="note"),
            _th(formats.APPLICANT_HEADER, colspan=len(columns), scope="colgroup"),
        ]
    )
    yield _tr(
        [
            _th(columns[0].label, rowspan=2, scope="col"),
            _th(formats.ORGANISATIONS_HEADER, colspan=len(organisations), scope="colgroup"),
            _th(columns[formats.TOTAL_COLUMN].label, rowspan=2, scope="col"),
        ]
    )
    yield _tr([_th(c.label, scope="col") for c in organisations])
    yield "</thead>"


def _applications_table(report: Report) -> Iterator[str]:
    if report.applications is None:
        return
    keys = application_order(report)
    paths = [_label_path(k) for k in keys]
    spans = [_run_lengths(paths, depth) for depth in range(_LABEL_COLUMNS - 1)]
    yield '<table class="t3" aria-labelledby="s3">'
    yield '<colgroup><col style="width:7%"><col style="width:9%"><col style="width:26%">'
    yield "<col><col><col><col><col><col><col></colgroup>"
    yield from _applications_header()
    yield "<tbody>"
    for index, key in enumerate(keys):
        path = paths[index]
        cells = [
            _th(group, rowspan=spans[depth][index], scope="row")
            for depth, group in enumerate(path)
            if spans[depth][index]
        ]
        row = formats.application_row_any(key)
        cells.append(_th(row.label, colspan=_LABEL_COLUMNS - len(path), scope="row"))
        cells += [_td(c.value) for c in report.applications[key]]
        yield _tr(cells)
    yield "</tbody>"
    yield "</table>"


# ---------------------------------------------------------------------------------------------
# 表四 — 政府信息公开行政复议、行政诉讼情况
# ---------------------------------------------------------------------------------------------


def _reviews_table(report: Report) -> Iterator[str]:
    if report.reviews_litigation is None:
        return
    width = len(formats.REVIEW_COLUMNS)
    review, *litigation = formats.REVIEW_GROUPS
    yield '<table class="t4" aria-labelledby="s4">'
    yield "<thead>"
    yield _tr(
        [
            _th(review.label, colspan=width, scope="colgroup"),
            _th(litigation[0].parent or "", colspan=width * len(litigation), scope="colgroup"),
        ]
    )
    yield _tr(
        [
            *(_th(c.label, rowspan=2, scope="col") for c in formats.REVIEW_COLUMNS),
            *(_th(g.label, colspan=width, scope="colgroup") for g in litigation),
        ]
    )
    yield _tr([_th(c.label, scope="col") for _ in litigation for c in formats.REVIEW_COLUMNS])
    yield "</thead>"
    yield "<tbody>"
    cells: list[str] = []
    for group in formats.REVIEW_GROUPS:
        values = report.reviews_litigation.get(group.key) or [Cell(None)] * width
        cells += [_td(c.value) for c in values]
    yield _tr(cells)
    yield "</tbody>"
    yield "</table>"


__all__ = ["html_lines", "stylesheet", "write_html"]
