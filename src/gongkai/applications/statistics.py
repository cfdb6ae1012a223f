"""Table 三 (收到和处理政府信息公开申请情况) computed from the cases, for one body or many.

Counting rules, per applicant column (the case's ``applicant_kind``), for reporting year Y:

* 一 本年新收: cases received (``received_on``) in Y;
* 二 上年结转: cases received before 1 January Y and not closed before it;
* 三 leaf rows: cases closed (``closed_on``) in Y, under their outcome key — exactly one row each;
  三（七）总计 is the sum of the leaves;
* 四 结转下年度: cases received by 31 December Y and not closed by it.

A case is *received* once its date of receipt is fixed (第三十一条); an online application that
staff have not yet confirmed has no ``received_on`` and is counted nowhere yet.

撤回 (withdrawal): neither the 《条例》 nor the national format (国办公开办函〔2021〕30号, see
``shared/reference/regulations.md`` §2.1) has a row for it, while every case closed in the year
must appear under exactly one result row (the 勾稽 row1 + row2 = row(七) + row(四)). A withdrawn
case that had been received is therefore counted under 三（六）3 其他 — the outcome
``application_withdraw`` records. One withdrawn before its receipt was confirmed was never
received and is not counted at all. A closed case whose outcome is missing or unknown (not
possible through the services) is also counted under 三（六）3, so the table always reconciles.

Two aggregate queries whatever the number of cases or bodies (one GROUP BY applicant kind with a
filtered count per row, one GROUP BY applicant kind × outcome). Both read only the columns of the
index ``application_statistics`` and only the cases that can count in Y (received by its end, and
received in it or still open at its start), so they never touch the rows: 500,000 cases over 200
bodies take well under a second (``bench/bench_applications.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from gongkai.applications.models import ApplicantKind, Application
from gongkai.report import formats
from gongkai.report.formats import TEMPLATE_2021, TEMPLATES

#: Table 三's applicant columns in spec order; the seventh column (总计) is their sum.
COLUMNS: tuple[str, ...] = tuple(ApplicantKind.values)
TOTAL_COLUMN = len(COLUMNS)
#: The leaf result rows of the 2021 template (三（一）… 三（六）3).
RESULT_KEYS: tuple[str, ...] = TEMPLATE_2021.result_keys
#: Where a closed case without a known outcome (and a withdrawn one) is counted.
FALLBACK_KEY = "3.6.3"
OTHER_KEYS: tuple[str, ...] = ("3.6.1", "3.6.2", "3.6.3")


class StatisticsError(ValueError):
    """A row or column that table 三 does not have (Chinese message)."""


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _open_on(day: date) -> Q:
    """Not closed on or before ``day``."""
    return Q(closed_on__isnull=True) | Q(closed_on__gt=day)


def _base(body_ids: Collection[int]) -> QuerySet[Application]:
    return Application.objects.filter(body_id__in=list(body_ids), received_on__isnull=False)


def _row_filters(year: int) -> dict[str, Q]:
    start, end = _year_bounds(year)
    return {
        "1": Q(received_on__gte=start, received_on__lte=end),
        "2": Q(received_on__lt=start) & _open_on(start - timedelta(days=1)),
        "4": Q(received_on__lte=end) & _open_on(end),
    }


def _counted_in(year: int) -> Q:
    """Cases that rows 1, 2 or 4 may count: exactly the union of their conditions."""
    start, end = _year_bounds(year)
    return Q(received_on__lte=end) & (
        Q(received_on__gte=start) | _open_on(start - timedelta(days=1))
    )


def _closed_in(year: int) -> Q:
    start, end = _year_bounds(year)
    return Q(closed_on__gte=start, closed_on__lte=end)


def _empty_row() -> list[int]:
    return [0] * (TOTAL_COLUMN + 1)


def applications_table(
    *, body_ids: Collection[int], year: int, template: str = "2021"
) -> dict[str, list[int]]:
    """The ``applications`` object of annual-report-json.md for these bodies and year.

    Every row key of the template, 7 cells each (six applicant columns, then 总计). For the
    2019 template （六）其他处理 is the one row ``3.6``.
    """
    rows: dict[str, list[int]] = {key: _empty_row() for key in TEMPLATE_2021.application_keys}
    base = _base(body_ids)
    filters = _row_filters(year)
    # Not COUNT(id): the id is not in the index, and counting it would read the rows; every case
    # here has a date of receipt, so counting that counts the cases (a filtered COUNT(*) is not
    # available in Django).
    counts = (
        base.filter(_counted_in(year))
        .values("applicant_kind")
        .annotate(
            **{
                f"n{key}": Count("received_on", filter=condition)
                for key, condition in filters.items()
            }
        )
    )
    for line in counts.order_by():
        column = _column(line["applicant_kind"])
        for key in filters:
            rows[key][column] += line[f"n{key}"]
    closed = (
        base.filter(_closed_in(year))
        .values("applicant_kind", "outcome")
        .annotate(n=Count("*"))
        .order_by()
    )
    for line in closed:
        key = line["outcome"] if line["outcome"] in RESULT_KEYS else FALLBACK_KEY
        rows[key][_column(line["applicant_kind"])] += line["n"]
    for key in RESULT_KEYS:
        for column in range(TOTAL_COLUMN):
            rows["3.7"][column] += rows[key][column]
    for row in rows.values():
        row[TOTAL_COLUMN] = sum(row[:TOTAL_COLUMN])
    if template == "2019":
        return _as_2019(rows)
    if template != "2021":
        raise StatisticsError(f"没有“{template}”格式。")
    return rows


def _as_2019(rows: dict[str, list[int]]) -> dict[str, list[int]]:
    """（六）其他处理 as one row, in the 2019 template's key order."""
    other = [sum(rows[key][column] for key in OTHER_KEYS) for column in range(TOTAL_COLUMN + 1)]
    result: dict[str, list[int]] = {}
    for key in TEMPLATES["2019"].application_keys:
        result[key] = other if key == "3.6" else rows[key]
    return result


def _column(kind: str) -> int:
    """The column of an applicant kind; an unknown kind (not possible via the services) → 其他."""
    try:
        return COLUMNS.index(kind)
    except ValueError:
        return COLUMNS.index(ApplicantKind.OTHER)


def applications_table_cases(
    *, body_ids: Collection[int], year: int, row: str, column: int
) -> QuerySet[Application]:
    """The cases behind one cell of :func:`applications_table` (``column`` 0–6; 6 is 总计).

    The same conditions as the table, so ``.count()`` equals the cell.
    """
    if not 0 <= column <= TOTAL_COLUMN:
        raise StatisticsError("表三只有7列。")
    base = _base(body_ids)
    filters = _row_filters(year)
    if row in filters:
        cases = base.filter(filters[row])
    elif row == "3.7":
        cases = base.filter(_closed_in(year))
    elif row in RESULT_KEYS or row == "3.6":
        closed = base.filter(_closed_in(year))
        keys = OTHER_KEYS if row == "3.6" else (row,)
        condition = Q(outcome__in=keys)
        if FALLBACK_KEY in keys:
            condition |= ~Q(outcome__in=RESULT_KEYS)
        cases = closed.filter(condition)
    else:
        raise StatisticsError(f"表三没有“{row}”这一行。")
    if column < TOTAL_COLUMN:
        kind = COLUMNS[column]
        if kind == ApplicantKind.OTHER:
            cases = cases.filter(Q(applicant_kind=kind) | ~Q(applicant_kind__in=COLUMNS))
        else:
            cases = cases.filter(applicant_kind=kind)
    return cases.order_by("received_on", "id")


# --- table 三 laid out as the national format prints it ----------------------------------------

#: Label columns on the left of 表三: the item, the result group, the result.
LABEL_COLUMNS = 3


@dataclass(frozen=True)
class LabelCell:
    """A row-header cell of 表三 (a group heading spanning rows, or the row's own label)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class TableLine:
    """One printed row of 表三: its key, its header cells, its seven values and their labels."""

    key: str
    headers: tuple[LabelCell, ...]
    values: tuple[int, ...]
    #: The row's full label (groups and row), for naming a cell.
    label: str


def _label_path(key: str) -> tuple[str, ...]:
    row = formats.application_row_any(key)
    if row.group is None:
        return ()
    if row.group == formats.RESULTS_HEADING:
        return (row.group,)
    return (formats.RESULTS_HEADING, row.group)


def _row_label(key: str) -> str:
    """The row's label under its group (e.g. "（三）不予公开 1.属于国家秘密")."""
    return " ".join((*_label_path(key)[1:], formats.application_row_any(key).label))


def _run_lengths(paths: list[tuple[str, ...]], depth: int) -> list[int]:
    """Rows each group cell at ``depth`` spans (0: covered by the cell above)."""
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


def applications_table_lines(table: dict[str, list[int]]) -> list[TableLine]:
    """The rows of :func:`applications_table`'s answer with the format's labels and spans.

    Labels come from ``gongkai.report.formats`` (the 2021 or the 2019 rows, whichever keys the
    table has), never typed here.
    """
    keys = list(table)
    paths = [_label_path(key) for key in keys]
    spans = [_run_lengths(paths, depth) for depth in range(LABEL_COLUMNS - 1)]
    lines = []
    for index, key in enumerate(keys):
        path = paths[index]
        row = formats.application_row_any(key)
        headers = [
            LabelCell(group, rowspan=spans[depth][index])
            for depth, group in enumerate(path)
            if spans[depth][index]
        ]
        headers.append(LabelCell(row.label, colspan=LABEL_COLUMNS - len(path)))
        lines.append(TableLine(key, tuple(headers), tuple(table[key]), _row_label(key)))
    return lines


def column_label(column: int) -> str:
    """A column's name as the format prints it (an organisation under 法人或其他组织)."""
    if not 0 <= column <= TOTAL_COLUMN:
        raise StatisticsError("表三只有7列。")
    label = formats.APPLICATION_COLUMNS[column].label
    if 0 < column < formats.APPLICANT_COLUMN_COUNT:
        return f"{formats.ORGANISATIONS_HEADER} {label}"
    return label


def cell_label(*, row: str, column: int) -> str:
    """The cell's name: its row label (with its groups) and its column."""
    try:
        row_label = _row_label(row)
    except KeyError:
        raise StatisticsError(f"表三没有“{row}”这一行。") from None
    return f"{row_label} · {column_label(column)}"
