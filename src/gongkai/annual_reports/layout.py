"""The three tables of a stored report laid out as the national format prints them, for templates.

The staff editor and the public page print the same layout (表二 as its 第二十条 sub-tables, 表三
with its three-row header and group cells spanning rows, 表四 with its three-row header). On the
staff side a cell links to the records behind it where a page lists them: 表二's registers and
monthly counts (ledgers), 表三's cases (the statistics screen's cell list), 表四's cases
(复议诉讼 list filtered by year, kind and result). Values come from the core's reading of the
stored tables (``core_report``), printed by the core's ``format_value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode

from gongkai.applications.statistics import LabelCell, applications_table_lines
from gongkai.ledgers.models import DocumentKind
from gongkai.remedies.models import CaseKind
from gongkai.report import formats
from gongkai.report.model import Cell, Report
from gongkai.report.writers.csv import application_order, format_value, proactive_cells

#: Grid columns of 表二: 信息内容 and at most three value columns (both formats).
PROACTIVE_GRID = 4
#: 表二 rows whose records a ledger page lists: register rows by kind, monthly counts by year.
_REGISTER_KINDS = {
    "regulations": DocumentKind.REGULATION,
    "normative_documents": DocumentKind.NORMATIVE,
}
_DECISION_ROWS = frozenset({"licensing", "punishment", "coercion"})
#: 表四 columns filtered on the 复议诉讼 list (总计 lists the whole group).
_REVIEW_RESULTS = ("upheld", "corrected", "other", "pending", "")


@dataclass(frozen=True)
class ValueCell:
    """One value cell: its printed text, the page listing its records (if any), its span."""

    text: str
    link: str = ""
    colspan: int = 1
    label: str = ""


@dataclass(frozen=True)
class ProactiveLine:
    label: str
    cells: tuple[ValueCell, ...]


@dataclass(frozen=True)
class ProactiveBlock:
    """One 第二十条 sub-table of 表二."""

    caption: str
    headers: tuple[ValueCell, ...]
    lines: tuple[ProactiveLine, ...]


@dataclass(frozen=True)
class ApplicationsLine:
    key: str
    headers: tuple[LabelCell, ...]
    cells: tuple[ValueCell, ...]


@dataclass(frozen=True)
class ReportTables:
    """Everything a template needs to print the three tables."""

    proactive: tuple[ProactiveBlock, ...] = ()
    applications: tuple[ApplicationsLine, ...] = ()
    reviews: tuple[ValueCell, ...] = ()
    has_proactive: bool = False
    has_applications: bool = False
    has_reviews: bool = False
    application_columns: tuple[formats.Column, ...] = formats.APPLICATION_COLUMNS
    organisations: tuple[formats.Column, ...] = formats.APPLICATION_COLUMNS[
        1 : formats.APPLICANT_COLUMN_COUNT
    ]
    review_columns: tuple[formats.Column, ...] = formats.REVIEW_COLUMNS
    litigation: tuple[formats.ReviewGroup, ...] = formats.REVIEW_GROUPS[1:]
    litigation_span: int = len(formats.REVIEW_COLUMNS) * (len(formats.REVIEW_GROUPS) - 1)
    notes: dict[str, str] = field(default_factory=dict)


def _text(cell: Cell | None) -> str:
    return format_value(cell.value if cell is not None else None)


def _nonzero(text: str) -> bool:
    return text not in ("", "0")


class _Links:
    """Where the records behind a cell are listed (none for the public page)."""

    def __init__(self, *, body_id: int, year: int, enabled: bool) -> None:
        self.body_id = body_id
        self.year = year
        self.enabled = enabled

    def proactive(self, row: str, text: str) -> str:
        if not self.enabled or not _nonzero(text):
            return ""
        if row in _REGISTER_KINDS:
            url = reverse("ledgers:documents", args=[self.body_id])
            return f"{url}?{urlencode({'kind': _REGISTER_KINDS[row]})}"
        if row in _DECISION_ROWS:
            return reverse("ledgers:decisions", args=[self.body_id, self.year])
        if row == "fees":
            return reverse("ledgers:fees", args=[self.body_id, self.year])
        return ""

    def applications(self, row: str, column: int, text: str) -> str:
        if not self.enabled or not _nonzero(text):
            return ""
        url = reverse("applications:statistics_cases", args=[self.body_id, self.year])
        return f"{url}?{urlencode({'row': row, 'col': str(column)})}"

    def reviews(self, group: str, column: int, text: str) -> str:
        if not self.enabled or not _nonzero(text) or group not in CaseKind.values:
            return ""
        params = {"year": str(self.year), "kind": group}
        if _REVIEW_RESULTS[column]:
            params["result"] = _REVIEW_RESULTS[column]
        return f"{reverse('remedies:list', args=[self.body_id])}?{urlencode(params)}"


def report_tables(core: Report, *, body_id: int, year: int, links: bool) -> ReportTables:
    """The core report's tables 二, 三 and 四 in print order; ``links`` on the staff side."""
    linker = _Links(body_id=body_id, year=year, enabled=links)
    return ReportTables(
        proactive=_proactive(core, linker),
        applications=_applications(core, linker),
        reviews=_reviews(core, linker),
        has_proactive=core.proactive is not None,
        has_applications=core.applications is not None,
        has_reviews=core.reviews_litigation is not None,
        notes={
            "balance": formats.BALANCE_NOTE,
            "applicants": formats.APPLICANT_HEADER,
            "organisations": formats.ORGANISATIONS_HEADER,
            "review": formats.REVIEW_GROUPS[0].label,
            "litigation": formats.REVIEW_GROUPS[1].parent or "",
        },
    )


def _proactive(core: Report, links: _Links) -> tuple[ProactiveBlock, ...]:
    if core.proactive is None:
        return ()
    blocks = []
    for table in core.spec.proactive:
        present = [row for row in table.rows if row.key in core.proactive]
        if not present:
            continue
        # The last column widens to fill the grid, as the national format merges it.
        spans = [1] * (len(table.columns) - 1) + [PROACTIVE_GRID - len(table.columns)]
        headers = tuple(
            ValueCell(c.label, colspan=span) for c, span in zip(table.columns, spans, strict=True)
        )
        lines = []
        for row in present:
            cells = proactive_cells(core.proactive[row.key], table)
            values = []
            for cell, column, span in zip(cells, table.columns, spans, strict=True):
                text = _text(cell)
                values.append(
                    ValueCell(
                        text,
                        links.proactive(row.key, text),
                        span,
                        f"{row.label} · {column.label}",
                    )
                )
            lines.append(ProactiveLine(row.label, tuple(values)))
        blocks.append(ProactiveBlock(table.caption, headers, tuple(lines)))
    return tuple(blocks)


def _applications(core: Report, links: _Links) -> tuple[ApplicationsLine, ...]:
    if core.applications is None:
        return ()
    keys = application_order(core)
    shapes = applications_table_lines({key: [0] * len(formats.APPLICATION_COLUMNS) for key in keys})
    lines = []
    for shape in shapes:
        cells = []
        for column, cell in enumerate(core.applications[shape.key]):
            text = _text(cell)
            name = formats.APPLICATION_COLUMNS[column].label
            cells.append(
                ValueCell(
                    text,
                    links.applications(shape.key, column, text),
                    label=f"{shape.label} · {name}",
                )
            )
        lines.append(ApplicationsLine(shape.key, shape.headers, tuple(cells)))
    return tuple(lines)


def _reviews(core: Report, links: _Links) -> tuple[ValueCell, ...]:
    if core.reviews_litigation is None:
        return ()
    width = len(formats.REVIEW_COLUMNS)
    cells = []
    for group in formats.REVIEW_GROUPS:
        values = core.reviews_litigation.get(group.key) or [Cell(None)] * width
        name = f"{group.parent}（{group.label}）" if group.parent else group.label
        for column, cell in enumerate(values):
            text = _text(cell)
            cells.append(
                ValueCell(
                    text,
                    links.reviews(group.key, column, text),
                    label=f"{name} · {formats.REVIEW_COLUMNS[column].label}",
                )
            )
    return tuple(cells)
