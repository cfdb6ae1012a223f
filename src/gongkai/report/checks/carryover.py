"""Across years: two reports of one body must hand over their open applications."""

from __future__ import annotations

from gongkai.report import formats
from gongkai.report.checks.finding import Findings
from gongkai.report.model import Cell, Report
from gongkai.report.text import squash


def run(found: Findings, old: Report) -> None:
    new = found.report
    if old.organ and new.organ and squash(old.organ) != squash(new.organ):
        found.add(
            "carryover.organ",
            f"两份报告的机关名称不同：“{old.organ}”与“{new.organ}”",
            values={"old": old.organ, "new": new.organ},
        )
    _carryover(found, old)
    _in_force(found, old)


def _carryover(found: Findings, old: Report) -> None:
    new = found.report
    if not (old.applications and new.applications):
        return
    if "4" not in old.applications or "2" not in new.applications:
        return
    for index, column in enumerate(formats.APPLICATION_COLUMNS):
        before = old.applications["4"][index].value
        now = new.applications["2"][index].value
        if not isinstance(before, int) or not isinstance(now, int) or before == now:
            continue
        found.add(
            "carryover.mismatch",
            f"本年“二、上年结转”为{now}，{old.year}年度报告“四、结转下年度继续办理”为{before}",
            table="applications",
            row="2",
            column=column.key,
            values={"previous_year": old.year, "carried_out": before, "carried_in": now},
            loc=new.applications["2"][index].loc,
        )


def _in_force(found: Findings, old: Report) -> None:
    new = found.report
    if new.template != "2021" or old.template != "2021":
        return
    for key, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        before = (old.proactive or {}).get(key)
        now = (new.proactive or {}).get(key)
        if not isinstance(before, dict) or not isinstance(now, dict):
            continue
        values = [
            _int(before.get("in_force")),
            _int(now.get("issued")),
            _int(now.get("repealed")),
            _int(now.get("in_force")),
        ]
        if any(v is None for v in values):
            continue
        previous, issued, repealed, current = (v or 0 for v in values)
        expected = previous + issued - repealed
        if expected != current:
            found.add(
                "carryover.in-force",
                f"{name}：上年现行有效{previous}件 + 本年制发{issued}件 − 本年废止{repealed}件"
                f" = {expected}件，本年现行有效却为{current}件",
                table="proactive",
                row=key,
                column="in_force",
                values={
                    "previous": previous,
                    "issued": issued,
                    "repealed": repealed,
                    "expected": expected,
                    "printed": current,
                },
            )


def _int(cell: Cell | None) -> int | None:
    if cell is None or not isinstance(cell.value, int):
        return None
    return cell.value
