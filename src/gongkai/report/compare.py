"""What changed between two years' reports of one body, cell by cell.

Rows that only one report prints are one change each (not seven). When the two years use
different formats, 表二 is not compared item by item (its columns differ), and a 2019-format
（六）其他处理 row is compared with the sum of the 2021 format's three （六） rows.
"""

from __future__ import annotations

from typing import Any

from gongkai.report.checks.finding import column_label, row_label
from gongkai.report.formats import APPLICATION_COLUMNS, REVIEW_COLUMNS, Column

Canonical = dict[str, Any]
ABSENT = "absent"


def changed_cells(old: Canonical, new: Canonical) -> list[dict[str, Any]]:
    """Changes from ``old`` to ``new`` (canonical JSON objects): table, row, column, old, new."""
    changes: list[dict[str, Any]] = []
    apps_old, apps_new = _single_other(old.get("applications") or {}, new.get("applications") or {})
    _rows(changes, "applications", APPLICATION_COLUMNS, apps_old, apps_new)
    _rows(
        changes,
        "reviews_litigation",
        REVIEW_COLUMNS,
        old.get("reviews_litigation") or {},
        new.get("reviews_litigation") or {},
    )
    if old.get("template") != new.get("template"):
        if old.get("proactive") or new.get("proactive"):
            changes.append(
                _change(
                    "proactive",
                    None,
                    None,
                    f"{old.get('template')}年格式",
                    f"{new.get('template')}年格式",
                    where="表二格式不同，不逐项比较",
                )
            )
        return changes
    before, after = old.get("proactive") or {}, new.get("proactive") or {}
    for key in dict.fromkeys([*before, *after]):
        x, y = before.get(key, ABSENT), after.get(key, ABSENT)
        if isinstance(x, dict) and isinstance(y, dict):
            for col in dict.fromkeys([*x, *y]):
                if x.get(col) != y.get(col):
                    where = f"{row_label('proactive', key)} {column_label('proactive', col)}"
                    changes.append(_change("proactive", key, col, x.get(col), y.get(col), where))
        elif x != y:
            changes.append(_change("proactive", key, None, x, y, row_label("proactive", key)))
    return changes


def _single_other(old: Canonical, new: Canonical) -> tuple[Canonical, Canonical]:
    """Make both sides print （六） the same way: one row ``3.6`` if either does."""
    if ("3.6" in old) == ("3.6" in new):
        return old, new
    return _collapse(old), _collapse(new)


def _collapse(rows: Canonical) -> Canonical:
    parts = [rows[k] for k in ("3.6.1", "3.6.2", "3.6.3") if k in rows]
    if "3.6" in rows or not parts:
        return rows
    out = {k: v for k, v in rows.items() if not k.startswith("3.6.")}
    summed = []
    for cells in zip(*parts, strict=True):
        summed.append(sum(cells) if all(isinstance(c, int) for c in cells) else None)
    position = list(rows).index(next(k for k in rows if k.startswith("3.6.")))
    items = list(out.items())
    items.insert(position, ("3.6", summed))
    return dict(items)


def _rows(
    changes: list[dict[str, Any]],
    table: str,
    columns: tuple[Column, ...],
    before: Canonical,
    after: Canonical,
) -> None:
    for key in dict.fromkeys([*before, *after]):
        if key not in before or key not in after:
            x = ABSENT if key not in before else "printed"
            y = ABSENT if key not in after else "printed"
            changes.append(_change(table, key, None, x, y, row_label(table, key)))
            continue
        for column, x, y in zip(columns, before[key], after[key], strict=True):
            if x != y:
                where = f"{row_label(table, key)} {column.label}"
                changes.append(_change(table, key, column.key, x, y, where))


def _change(
    table: str, row: str | None, column: str | None, old: Any, new: Any, where: str
) -> dict[str, Any]:
    return {"table": table, "row": row, "column": column, "where": where, "old": old, "new": new}
