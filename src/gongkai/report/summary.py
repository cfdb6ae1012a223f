"""The 本级政府 summary of several bodies' annual reports, and its check against its parts.

《条例》第四十九条: the 主管部门 of a 县级以上地方人民政府 publishes that government's report, which
sums the government's own work and that of its departments (and, where the province says so, of
its 乡镇 and 街道). :func:`summarise` adds the parts' tables cell by cell in the format of the
year (:func:`gongkai.report.formats.template_for_year`); :func:`check_summary` adds them again
and compares a summary — drafted, edited by hand, or collected — with the sums, cell by cell.

Decisions, each visible in the :class:`Summary`:

* a blank cell of a part, and every cell of a row or table a part lacks, counts as 0 and is
  recorded in ``blanks`` (the checks of a single report never read a blank as 0; a summary has to
  add something, so it says where it did);
* a part of another year is left out (``other_year``); a second report of the same organ is
  left out (``duplicates``); a part of an organ the caller did not expect is summed and listed
  in ``unexpected``;
* a part in the other format (``mismatched_templates``) adds its 表三 and 表四, which both
  formats print alike, but not its 表二, whose rows and columns differ;
* when any part prints （六）其他处理 as one row, the summary does too (the three rows of the
  others are added into it): one row cannot be split;
* text cells (the 2019 format's 采购总金额, printed with its own unit) are not added: the summary
  leaves them blank and records them;
* 万元 amounts add exactly (:class:`~decimal.Decimal`); a sum of whole numbers stays an ``int``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from gongkai.report import formats
from gongkai.report.checks.finding import CheckConfig, Finding, Findings
from gongkai.report.model import Cell, Report, Value
from gongkai.report.text import squash

__all__ = [
    "CellRef",
    "Summary",
    "check_summary",
    "summarise",
]

Number = int | Decimal
BlankReason = Literal["blank", "absent", "unreadable", "text"]
_REASONS: dict[str, str] = {
    "blank": "空白",
    "absent": "缺行",
    "unreadable": "不是数字",
    "text": "文字金额",
}


@dataclass(frozen=True)
class CellRef:
    """One cell of one part that the summary read as 0 (or left out), and why."""

    organ: str
    table: str
    row: str
    column: str
    reason: BlankReason = "blank"


@dataclass(frozen=True)
class Summary:
    """A summary report and what went into it."""

    report: Report
    #: Organs whose reports were summed, in input order.
    parts: tuple[str, ...]
    #: Expected organs without a report.
    missing: tuple[str, ...] = ()
    #: Cells of the parts read as 0 (blank, in a missing row or table, unreadable) or not added.
    blanks: tuple[CellRef, ...] = ()
    #: Organs whose report uses the other format: their 表二 was not summed.
    mismatched_templates: tuple[str, ...] = ()
    #: Organs whose report is of another year: left out.
    other_year: tuple[str, ...] = ()
    #: Organs with more than one report: only the first was summed.
    duplicates: tuple[str, ...] = ()
    #: Summed organs the caller did not expect.
    unexpected: tuple[str, ...] = ()


@dataclass
class _Sums:
    """Running per-cell sums; ``None`` for a cell that is not added (text)."""

    proactive: dict[str, dict[str, Number | None]] = field(default_factory=dict)
    applications: dict[str, list[Number]] = field(default_factory=dict)
    reviews: dict[str, list[Number]] = field(default_factory=dict)
    blanks: list[CellRef] = field(default_factory=list)


def _organ_name(report: Report, index: int) -> str:
    """The part's organ, or a Chinese stand-in naming its position."""
    return report.organ or f"第{index + 1}份报告（未注明机关）"


def summarise(
    reports: Sequence[Report],
    *,
    organ: str,
    year: int,
    expected: Sequence[str] = (),
) -> Summary:
    """Sum ``reports`` (the parts) into the summary of ``organ`` for ``year``."""
    template = formats.template_for_year(year)
    chosen, other_year, duplicates = _select(reports, year)
    names = [name for name, _ in chosen]
    parts = [report for _, report in chosen]
    single = template.id == "2019" or any(_prints_single_other(r) for r in parts)
    sums = _add(chosen, template, single=single)
    report = Report(
        organ=organ,
        year=year,
        template=template.id,
        proactive=_proactive_cells(template, sums),
        applications={k: [_cell(v) for v in cells] for k, cells in sums.applications.items()},
        reviews_litigation={k: [_cell(v) for v in cells] for k, cells in sums.reviews.items()},
        title=f"{organ}{year}年政府信息公开工作年度报告",
    )
    seen = {squash(n) for n in names}
    wanted = {squash(n) for n in expected}
    return Summary(
        report=report,
        parts=tuple(names),
        missing=tuple(n for n in dict.fromkeys(expected) if squash(n) not in seen),
        blanks=tuple(sums.blanks),
        mismatched_templates=tuple(n for n, r in chosen if r.template != template.id),
        other_year=tuple(other_year),
        duplicates=tuple(duplicates),
        unexpected=tuple(n for n in names if expected and squash(n) not in wanted),
    )


def _select(
    reports: Sequence[Report], year: int
) -> tuple[list[tuple[str, Report]], list[str], list[str]]:
    chosen: list[tuple[str, Report]] = []
    other_year: list[str] = []
    duplicates: list[str] = []
    seen: set[str] = set()
    for index, report in enumerate(reports):
        name = _organ_name(report, index)
        if report.year != year:
            other_year.append(name)
            continue
        if squash(name) in seen:
            duplicates.append(name)
            continue
        seen.add(squash(name))
        chosen.append((name, report))
    return chosen, other_year, duplicates


def _prints_single_other(report: Report) -> bool:
    rows = report.applications or {}
    return "3.6" in rows and not any(k.startswith("3.6.") for k in rows)


def _number(value: Value) -> tuple[Number, BlankReason | None]:
    if value is None:
        return 0, "blank"
    if isinstance(value, (bool, str)):
        return 0, "unreadable"
    return value, None


def _add(parts: Iterable[tuple[str, Report]], template: formats.Template, *, single: bool) -> _Sums:
    sums = _Sums()
    app_keys = formats.application_keys(template, other_single=single)
    width = len(formats.APPLICATION_COLUMNS)
    sums.applications = {k: [0] * width for k in app_keys}
    sums.reviews = {g.key: [0] * len(formats.REVIEW_COLUMNS) for g in formats.REVIEW_GROUPS}
    for table in template.proactive:
        for row in table.rows:
            sums.proactive[row.key] = {
                c.key: (None if c.kind == "text" else 0) for c in table.columns
            }
    for name, report in parts:
        if report.template == template.id:
            _add_proactive(sums, name, report, template)
        _add_rows(
            sums.applications,
            sums.blanks,
            name,
            "applications",
            _applications_view(report, single=single),
            formats.APPLICATION_COLUMNS,
        )
        _add_rows(
            sums.reviews,
            sums.blanks,
            name,
            "reviews_litigation",
            report.reviews_litigation or {},
            formats.REVIEW_COLUMNS,
        )
    return sums


def _add_proactive(sums: _Sums, name: str, report: Report, template: formats.Template) -> None:
    printed = report.proactive or {}
    for table in template.proactive:
        for row in table.rows:
            entry = printed.get(row.key)
            for column in table.columns:
                if isinstance(entry, Cell):
                    cell = entry if column is table.columns[0] else None
                elif entry is not None:
                    cell = entry.get(column.key)
                else:
                    cell = None
                ref = CellRef(name, "proactive", row.key, column.key)
                if column.kind == "text":
                    if cell is not None and cell.value is not None:
                        sums.blanks.append(_with(ref, "text"))
                    continue
                if cell is None:
                    sums.blanks.append(_with(ref, "absent"))
                    continue
                value, reason = _number(cell.value)
                if reason:
                    sums.blanks.append(_with(ref, reason))
                current = sums.proactive[row.key][column.key]
                sums.proactive[row.key][column.key] = (current or 0) + value


def _applications_view(report: Report, *, single: bool) -> dict[str, list[Cell]]:
    """表三 as the summary prints it: （六） collapsed to one row when ``single``."""
    rows = report.applications or {}
    if not single or "3.6" in rows:
        return rows
    split = [rows[k] for k in ("3.6.1", "3.6.2", "3.6.3") if k in rows]
    if not split:
        return rows
    out = {k: v for k, v in rows.items() if not k.startswith("3.6.")}
    collapsed = []
    for column in zip(*split, strict=True):
        values = [c.value for c in column]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            collapsed.append(Cell(sum(v for v in values if isinstance(v, int))))
        else:
            collapsed.append(Cell(None))
    out["3.6"] = collapsed
    return out


def _add_rows(
    sums: dict[str, list[Number]],
    blanks: list[CellRef],
    name: str,
    table: str,
    rows: dict[str, list[Cell]],
    columns: tuple[formats.Column, ...],
) -> None:
    for key, totals in sums.items():
        cells = rows.get(key)
        for index, column in enumerate(columns):
            ref = CellRef(name, table, key, column.key)
            if cells is None or index >= len(cells):
                blanks.append(_with(ref, "absent"))
                continue
            value, reason = _number(cells[index].value)
            if reason:
                blanks.append(_with(ref, reason))
            totals[index] += value


def _with(ref: CellRef, reason: BlankReason) -> CellRef:
    return CellRef(ref.organ, ref.table, ref.row, ref.column, reason)


def _cell(value: Number | None) -> Cell:
    if value is None:
        return Cell(None)
    return Cell(value, _show(value))


def _show(value: Number) -> str:
    """A summed value as printed: ``3``, ``1.2345`` (never ``1.2345E+1``)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _proactive_cells(template: formats.Template, sums: _Sums) -> dict[str, Cell | dict[str, Cell]]:
    out: dict[str, Cell | dict[str, Cell]] = {}
    for table in template.proactive:
        for row in table.rows:
            values = sums.proactive[row.key]
            if table.scalar:
                out[row.key] = _cell(values[table.columns[0].key])
            else:
                out[row.key] = {c.key: _cell(values[c.key]) for c in table.columns}
    return out


# ---------------------------------------------------------------------------------------------
# Checking a summary against its parts
# ---------------------------------------------------------------------------------------------


def check_summary(
    summary: Report,
    parts: Sequence[Report],
    *,
    expected: Sequence[str] = (),
    config: CheckConfig | None = None,
) -> list[Finding]:
    """Findings where ``summary``'s tables differ from the sums of ``parts``, cell by cell.

    Also reports the parts left out (another year, a second report of an organ), the cells the
    sums read as 0, the parts whose 表二 could not be added, and the ``expected`` organs without a
    report.
    """
    found = Findings(summary, config or CheckConfig())
    year = summary.year if summary.year is not None else _common_year(parts)
    if year is None:
        found.add("structure.year-missing", "汇总报告和各机关报告都没有注明年度，无法核对汇总数")
        return found.sorted()
    single = _prints_single_other(summary)
    result = summarise(parts, organ=summary.organ or "", year=year, expected=expected)
    sums = result.report
    if not single and "3.6" in (sums.applications or {}):
        summary_apps = _applications_view(summary, single=True)
    else:
        summary_apps = summary.applications or {}
        if single and "3.6" not in (sums.applications or {}):
            sums.applications = _applications_view(sums, single=True)
    _compare_rows(found, "applications", summary_apps, sums.applications or {}, len(result.parts))
    _compare_rows(
        found,
        "reviews_litigation",
        summary.reviews_litigation or {},
        sums.reviews_litigation or {},
        len(result.parts),
    )
    if summary.template == sums.template:
        _compare_proactive(found, summary, sums)
    _about_parts(found, result)
    return found.sorted()


def _common_year(parts: Sequence[Report]) -> int | None:
    years = {r.year for r in parts if r.year is not None}
    return years.pop() if len(years) == 1 else None


def _compare_rows(
    found: Findings,
    table: str,
    printed: dict[str, list[Cell]],
    summed: dict[str, list[Cell]],
    count: int,
) -> None:
    columns = formats.APPLICATION_COLUMNS if table == "applications" else formats.REVIEW_COLUMNS
    if not printed and summed:
        found.add("summary.row-missing", "汇总报告缺少该统计表", table=table)
        return
    for key, cells in summed.items():
        if key not in printed:
            found.add("summary.row-missing", "汇总报告缺少该行", table=table, row=key)
            continue
        for index, column in enumerate(columns):
            target = cells[index].value
            have = printed[key][index] if index < len(printed[key]) else Cell(None)
            _compare_cell(found, table, key, column.key, have, target, count)


def _compare_proactive(found: Findings, summary: Report, sums: Report) -> None:
    printed = summary.proactive or {}
    spec = sums.spec
    for table in spec.proactive:
        for row in table.rows:
            summed = (sums.proactive or {}).get(row.key)
            entry = printed.get(row.key)
            if entry is None:
                found.add("summary.row-missing", "汇总报告缺少该行", table="proactive", row=row.key)
                continue
            for column in table.columns:
                if column.kind == "text":
                    continue
                if isinstance(summed, Cell):
                    target = summed.value
                else:
                    target = (summed or {}).get(column.key, Cell(None)).value
                if isinstance(entry, Cell):
                    have = entry if column is table.columns[0] else Cell(None)
                else:
                    have = entry.get(column.key, Cell(None))
                _compare_cell(found, "proactive", row.key, column.key, have, target, 0)


def _compare_cell(
    found: Findings,
    table: str,
    row: str,
    column: str,
    have: Cell,
    target: Value,
    count: int,
) -> None:
    if target is None or have.value == target:
        return
    if isinstance(target, str):  # pragma: no cover - sums are numbers or blank
        return
    parts = f"{count}份报告" if count else "各机关报告"
    if have.value is None:
        message = f"汇总报告该单元格空白，{parts}之和为{_show(target)}"
    else:
        printed = _show(have.value) if not isinstance(have.value, str) else have.value
        message = f"汇总报告为{printed}，{parts}之和为{_show(target)}"
    found.add(
        "summary.cell-mismatch",
        message,
        table=table,
        row=row,
        column=column,
        values={
            "printed": None if have.value is None else str(have.value),
            "sum": _show(target),
        },
        loc=have.loc,
    )


def _about_parts(found: Findings, result: Summary) -> None:
    for name in result.missing:
        found.add(
            "summary.part-missing",
            f"应汇总的“{name}”没有年度报告",
            values={"organ": name},
        )
    for name in result.other_year:
        found.add(
            "summary.part-year",
            f"“{name}”的报告不是{result.report.year}年度的，未计入汇总",
            values={"organ": name},
        )
    for name in result.duplicates:
        found.add(
            "summary.part-duplicate",
            f"“{name}”有多份报告，只汇总了第一份",
            values={"organ": name},
        )
    for name in result.mismatched_templates:
        found.add(
            "summary.part-template",
            f"“{name}”的报告使用另一种格式，其表二未计入汇总",
            table="proactive",
            values={"organ": name},
        )
    by_organ: dict[str, list[CellRef]] = {}
    for ref in result.blanks:
        by_organ.setdefault(ref.organ, []).append(ref)
    for name, refs in by_organ.items():
        reasons = "、".join(
            f"{_REASONS[r]}{sum(1 for x in refs if x.reason == r)}个"
            for r in dict.fromkeys(x.reason for x in refs)
        )
        found.add(
            "summary.part-blank",
            f"“{name}”的报告有{len(refs)}个单元格汇总时按0计（{reasons}），应由报送机关补正",
            values={"organ": name, "cells": len(refs)},
        )
