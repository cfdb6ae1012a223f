"""Reads of the supervisor's dashboard: a subtree's reports, findings, overdue cases and figures.

A 监督员 of a body sees the body's whole subtree (``organizations.selectors``); the dashboard of
a subtree and a report year reads, in a fixed number of queries whatever the number of bodies:

* the subtree with names and parents (one query per tree level; kept in the cache until a body
  is saved or deleted anywhere);
* every report of the year of those bodies (one query: status, counts, findings, dates);
* open applications past their due date, counted per body (one aggregate query);
* the figures for the charts, from the records: applications received per year (one aggregate),
  table 三 of the year (two, ``applications.statistics``) and table 四 (one,
  ``remedies.statistics``). These sum every case of the subtree (100,000 cases: tens of
  milliseconds), change slowly, and are read at a glance: they are kept in the cache for
  ``FIGURES_SECONDS`` per subtree, year and day. The table of bodies is always read afresh.

Timeliness is the law's (``law.reports``, 第四十九条): a body's own report is due by 31 January,
the summary of the subtree's root by 31 March.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from hashlib import blake2b
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractYear

from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus
from gongkai.applications.models import OPEN_STATUSES, Application
from gongkai.applications.statistics import applications_table
from gongkai.law.reports import BODY_REPORT, SUMMARY_REPORT, ReportDeadline, days_late, due_on
from gongkai.law.reports import timeliness as law_timeliness
from gongkai.organizations.models import Body, BodyKind, Membership, Role, User
from gongkai.portal.selectors import directory_version
from gongkai.remedies.models import CaseKind
from gongkai.remedies.statistics import correction_rates, table_four
from gongkai.report.checks.finding import TABLE_NAMES, column_label, row_label

#: The first report year under the 2019 《条例》.
FIRST_YEAR = 2019

Cell = str | int

#: What each timeliness means on the page and in the exports.
TIMELINESS_LABELS: dict[str, str] = {
    "on_time": "按时发布",
    "late": "逾期发布",
    "missing": "未发布（已过期限）",
    "undated": "已发布（发布日期不详）",
    "pending": "尚未发布（未到期限）",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}
KIND_LABELS = dict(ReportKind.choices)
STATUS_LABELS = dict(ReportStatus.choices)
NO_REPORT = "未编制"
#: Table 三's result groups (三（一）…（六）) and the row keys each sums, by key prefix.
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("3.1", "予以公开"),
    ("3.2", "部分公开"),
    ("3.3", "不予公开"),
    ("3.4", "无法提供"),
    ("3.5", "不予处理"),
    ("3.6", "其他处理"),
)
REMEDY_CELLS = ("维持", "纠正", "其他", "尚未审结", "总计")
#: How long the charts' figures from the records are kept (the table of bodies is always live).
FIGURES_SECONDS = 300
#: How long a subtree's shape is kept for one directory version.
TREE_SECONDS = 3600


def years_open(today: date) -> range:
    """Report years a dashboard may show, newest first (a year's report is due the next year)."""
    return range(today.year - 1, FIRST_YEAR - 1, -1)


def default_year(today: date) -> int:
    """The report year supervisors work on: last year's."""
    return today.year - 1


@dataclass(frozen=True)
class Node:
    """A body of a subtree, as the dashboard reads it."""

    pk: int
    name: str
    parent_id: int | None
    kind: str
    depth: int = 0


def _walk(root_ids: set[int]) -> dict[int, Node]:
    """The bodies ``root_ids`` and every body below them (one query per tree level + one)."""
    found: dict[int, Node] = {}
    columns = ("pk", "name", "parent_id", "kind")
    rows = list(Body.objects.filter(pk__in=root_ids).values_list(*columns))
    while rows:
        level = []
        for pk, name, parent_id, kind in rows:
            if pk not in found:
                found[pk] = Node(pk, name, parent_id, kind)
                level.append(pk)
        rows = list(Body.objects.filter(parent_id__in=level).values_list(*columns)) if level else []
    return found


def _walk_kept(root_ids: set[int]) -> dict[int, Node]:
    """``_walk``, kept in the cache until the directory changes (a body saved or deleted).

    The portal's directory version changes with every saved or deleted body and is read at most
    once a second per process, so a dashboard walks the tree again only after a change.
    """
    version = directory_version()
    if version is None:
        return _walk(root_ids)
    roots = ",".join(map(str, sorted(root_ids)))
    key = f"supervision:tree:{version}:{blake2b(roots.encode(), digest_size=12).hexdigest()}"
    nodes: dict[int, Node] | None = cache.get(key)
    if nodes is None:
        nodes = _walk(root_ids)
        cache.set(key, nodes, TREE_SECONDS)
    return nodes


def _subtree(nodes: dict[int, Node], root_id: int) -> list[Node]:
    """``root_id`` and its descendants among ``nodes`` in tree order (children by name)."""
    children: dict[int, list[Node]] = {}
    for node in nodes.values():
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node)
    for kids in children.values():
        kids.sort(key=lambda n: (n.name, n.pk))
    ordered: list[Node] = []
    stack = [(nodes[root_id], 0)]
    while stack:
        node, depth = stack.pop()
        ordered.append(Node(node.pk, node.name, node.parent_id, node.kind, depth))
        stack.extend((kid, depth + 1) for kid in reversed(children.get(node.pk, [])))
    return ordered


def supervised_roots(*, user: User) -> list[Body]:
    """The bodies whose subtrees ``user`` supervises (a superuser: the top of every tree)."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return list(Body.objects.filter(parent__isnull=True).order_by("name", "pk"))
    memberships = Membership.objects.filter(user=user, role=Role.SUPERVISOR).select_related("body")
    return sorted({m.body for m in memberships}, key=lambda b: (b.name, b.pk))


def supervised_subtree(*, user: User, body_id: int) -> list[Node]:
    """The subtree of ``body_id`` in tree order, if ``user`` supervises it; 403 otherwise.

    A 监督员 of the body or of a body above it, or a superuser, may see it. A body outside the
    user's subtrees and a body that does not exist give the same ``PermissionDenied``.
    """
    if not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        roots = {body_id}
    else:
        roots = set(
            Membership.objects.filter(user=user, role=Role.SUPERVISOR).values_list(
                "body_id", flat=True
            )
        )
    nodes = _walk_kept(roots) if roots else {}
    if body_id not in nodes:
        raise PermissionDenied
    return _subtree(nodes, body_id)


@dataclass(frozen=True)
class ReportState:
    """Where one report stands against its due date."""

    report_id: int | None
    kind: str  # "" when there is none
    status: str  # "" when there is none
    due: date
    published_on: date | None
    timeliness: str  # TIMELINESS_LABELS' keys
    days_late: int
    errors: int
    warnings: int
    findings: list[dict[str, Any]]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, NO_REPORT)

    @property
    def timeliness_label(self) -> str:
        label = TIMELINESS_LABELS[self.timeliness]
        return f"{label}{self.days_late}天" if self.timeliness == "late" else label


def report_state(
    report: dict[str, Any] | None, deadline: ReportDeadline, year: int, today: date
) -> ReportState:
    """The state of ``report`` (a ``values()`` row, or ``None``) against ``deadline``."""
    due = due_on(deadline, year)
    if report is None:
        when = law_timeliness(deadline, year, published_on=None, today=today)
        return ReportState(None, "", "", due, None, when, 0, 0, 0, [])
    published = report["status"] == ReportStatus.PUBLISHED
    published_on: date | None = report["published_on"] if published else None
    if published and published_on is None:
        when, late = "undated", 0
    else:
        when = law_timeliness(deadline, year, published_on=published_on, today=today)
        late = days_late(deadline, year, published_on=published_on) if published_on else 0
    return ReportState(
        report_id=report["pk"],
        kind=report["kind"],
        status=report["status"],
        due=due,
        published_on=published_on,
        timeliness=when,
        days_late=late,
        errors=report["errors"],
        warnings=report["warnings"],
        findings=list(report["findings"] or []),
    )


@dataclass(frozen=True)
class BodyRow:
    """One body of the dashboard: its own report of the year and its overdue applications."""

    node: Node
    report: ReportState
    overdue: int


@dataclass(frozen=True)
class RecordFigures:
    """The numbers behind the charts drawn from the records of the subtree."""

    received_by_year: list[tuple[int, int]]
    outcomes: list[tuple[str, int]]
    remedies: dict[str, list[int]]
    rates: dict[str, str]


@dataclass(frozen=True)
class Figures(RecordFigures):
    """The numbers behind every chart: the records', and the reports' timeliness."""

    timeliness: list[tuple[str, int]]


@dataclass
class Dashboard:
    """A subtree's dashboard for one report year."""

    root: Node
    year: int
    today: date
    rows: list[BodyRow]
    summary: ReportState
    figures: Figures
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def summary_expected(self) -> bool:
        """Whether the root writes a 本级政府 summary: a 人民政府 does (第四十九条), or has one."""
        return self.root.kind == BodyKind.GOVERNMENT or bool(self.summary.status)

    @property
    def overdue_total(self) -> int:
        return sum(row.overdue for row in self.rows)


_REPORT_FIELDS = (
    "pk",
    "body_id",
    "kind",
    "status",
    "published_on",
    "errors",
    "warnings",
    "findings",
)


def _own_report(candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A body's own report of the year: a published one first, then the one on the platform."""
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda r: (r["status"] != ReportStatus.PUBLISHED, r["kind"] != ReportKind.WRITTEN),
    )


def dashboard_read(*, nodes: list[Node], year: int, today: date) -> Dashboard:
    """The dashboard of the subtree ``nodes`` (tree order, root first) for report ``year``."""
    root = nodes[0]
    ids = [node.pk for node in nodes]
    own: dict[int, list[dict[str, Any]]] = {}
    summary: dict[str, Any] | None = None
    for report in AnnualReport.objects.filter(body_id__in=ids, year=year).values(*_REPORT_FIELDS):
        if report["kind"] == ReportKind.SUMMARY:
            if report["body_id"] == root.pk:
                summary = report
        else:
            own.setdefault(report["body_id"], []).append(report)
    overdue = dict(
        Application.objects.filter(body_id__in=ids, status__in=OPEN_STATUSES, due_on__lt=today)
        .values("body_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("body_id", "n")
    )
    rows = [
        BodyRow(
            node=node,
            report=report_state(_own_report(own.get(node.pk, [])), BODY_REPORT, year, today),
            overdue=overdue.get(node.pk, 0),
        )
        for node in nodes
    ]
    counts = {key: 0 for key in TIMELINESS_LABELS}
    for row in rows:
        counts[row.report.timeliness] += 1
    return Dashboard(
        root=root,
        year=year,
        today=today,
        rows=rows,
        summary=report_state(summary, SUMMARY_REPORT, year, today),
        figures=_figures(ids, year, today, counts),
        counts=counts,
    )


def _figures(ids: list[int], year: int, today: date, counts: dict[str, int]) -> Figures:
    subtree = blake2b(",".join(map(str, sorted(ids))).encode(), digest_size=12).hexdigest()
    cache_key = f"supervision:figures:{subtree}:{year}:{today.isoformat()}"
    records: RecordFigures | None = cache.get(cache_key)
    if records is None:
        records = _record_figures(ids, year)
        cache.set(cache_key, records, FIGURES_SECONDS)
    return Figures(
        received_by_year=records.received_by_year,
        outcomes=records.outcomes,
        remedies=records.remedies,
        rates=records.rates,
        timeliness=[(label, counts[key]) for key, label in TIMELINESS_LABELS.items()],
    )


def _record_figures(ids: list[int], year: int) -> RecordFigures:
    received = dict(
        Application.objects.filter(
            body_id__in=ids,
            received_on__gte=date(FIRST_YEAR, 1, 1),
            received_on__lte=date(year, 12, 31),
        )
        .annotate(y=ExtractYear("received_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("y", "n")
    )
    table = applications_table(body_ids=ids, year=year)
    total = len(table["3.7"]) - 1
    outcomes = [
        (
            label,
            sum(
                cells[total]
                for key, cells in table.items()
                if key == prefix or key.startswith(prefix + ".")
            ),
        )
        for prefix, label in OUTCOME_GROUPS
    ]
    remedies = table_four(ids, year)
    rates = {group: rate.percent for group, rate in correction_rates(remedies).items()}
    return RecordFigures(
        received_by_year=[(y, received.get(y, 0)) for y in range(FIRST_YEAR, year + 1)],
        outcomes=outcomes,
        remedies=remedies,
        rates=rates,
    )


# --- the tables of the page, as exported ----------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One table of the dashboard: what the page shows and the XLSX/CSV exports hold."""

    slug: str
    title: str
    headers: tuple[str, ...]
    rows: list[list[Cell]]


def _date(day: date | None) -> str:
    return day.isoformat() if day else ""


def finding_place(finding: dict[str, Any]) -> tuple[str, str, str]:
    """A stored finding's table, row and column as the national format names them."""
    table = str(finding.get("table") or "")
    row = str(finding.get("row") or "")
    column = str(finding.get("column") or "")
    return (
        TABLE_NAMES.get(table, table).split("（")[0],
        row_label(table, row) if row else "",
        column_label(table, column) if column else "",
    )


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    """Every table of the dashboard, with Chinese headers, in the page's order."""
    year = dashboard.year
    bodies = Table(
        "bodies",
        f"{year}年度各机关年度报告",
        (
            "机关",
            "层级",
            "报告来源",
            "状态",
            "应发布日期",
            "发布日期",
            "按时情况",
            "逾期天数",
            "错误数",
            "警告数",
            "逾期未办结申请（件）",
        ),
        [
            [
                row.node.name,
                row.node.depth,
                row.report.kind_label,
                row.report.status_label,
                _date(row.report.due),
                _date(row.report.published_on),
                TIMELINESS_LABELS[row.report.timeliness],
                row.report.days_late,
                row.report.errors,
                row.report.warnings,
                row.overdue,
            ]
            for row in dashboard.rows
        ],
    )
    summary = dashboard.summary
    summary_table = Table(
        "summary",
        f"{dashboard.root.name}{year}年度本级政府年度报告（汇总）",
        ("机关", "状态", "应发布日期", "发布日期", "按时情况", "逾期天数", "错误数", "警告数"),
        [
            [
                dashboard.root.name,
                summary.status_label,
                _date(summary.due),
                _date(summary.published_on),
                TIMELINESS_LABELS[summary.timeliness],
                summary.days_late,
                summary.errors,
                summary.warnings,
            ]
        ]
        if dashboard.summary_expected
        else [],
    )
    findings = Table(
        "findings",
        f"{year}年度报告检查发现",
        ("机关", "级别", "规则", "表", "行", "列", "说明"),
        [
            [
                row.node.name,
                SEVERITY_LABELS.get(str(f.get("severity")), str(f.get("severity"))),
                str(f.get("rule") or ""),
                *finding_place(f),
                str(f.get("message") or ""),
            ]
            for row in dashboard.rows
            for f in row.report.findings
        ],
    )
    figures = dashboard.figures
    received = Table(
        "received",
        "历年收到政府信息公开申请",
        ("年度", "本年新收申请（件）"),
        [[str(y), n] for y, n in figures.received_by_year],
    )
    outcomes = Table(
        "outcomes",
        f"{year}年度申请办理结果",
        ("办理结果", "件数"),
        [[label, n] for label, n in figures.outcomes],
    )
    remedies = Table(
        "remedies",
        f"{year}年度行政复议、行政诉讼及纠错率",
        ("类别", *REMEDY_CELLS, "纠错率"),
        [
            [label, *figures.remedies.get(group, [0] * 5), figures.rates[group]]
            for group, label in CaseKind.choices
        ],
    )
    timeliness = Table(
        "timeliness",
        f"{year}年度报告按时发布情况",
        ("情况", "机关数"),
        [[label, n] for label, n in figures.timeliness],
    )
    return [bodies, summary_table, findings, received, outcomes, remedies, timeliness]
