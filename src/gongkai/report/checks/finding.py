"""The finding record, the options of a check run, and the collector the rules write to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.report import formats
from gongkai.report.checks.rules import RULES, SEVERITIES, Severity
from gongkai.report.model import Location, Report

TABLE_NAMES = {
    "proactive": "表二（主动公开政府信息情况）",
    "applications": "表三（收到和处理政府信息公开申请情况）",
    "reviews_litigation": "表四（政府信息公开行政复议、行政诉讼情况）",
}


@dataclass(frozen=True)
class BodyInfo:
    """What the caller knows about the reporting body (the platform knows it exactly)."""

    #: 人民政府 / 政府部门 / 街道办事处 / 乡镇人民政府 / 其他
    kind: str | None = None
    #: Whether the body may make 规章 (《立法法》第九十三条); None: infer from the organ's name.
    has_regulation_power: bool | None = None
    #: Names of other bodies whose appearance in the text suggests copying.
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckConfig:
    """Options of a check run: severity overrides and what is known of the body."""

    severity: dict[str, Severity] = field(default_factory=dict)
    body: BodyInfo | None = None
    #: Rules to leave out entirely.
    disabled: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Finding:
    """One thing wrong (or worth a look) in a report."""

    rule: str
    severity: Severity
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    loc: Location | None = None
    source: str | None = None

    @property
    def where(self) -> str:
        """Chinese location: table, row label, column label."""
        parts = []
        if self.table:
            parts.append(TABLE_NAMES.get(self.table, self.table))
        if self.row:
            parts.append(row_label(self.table, self.row))
        if self.column:
            parts.append(f"“{column_label(self.table, self.column)}”列")
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "values": self.values,
            "loc": self.loc.to_json() if self.loc else None,
        }

    def format(self) -> str:
        """One line for a terminal: ``错误 applications.balance 表三 … ：message``."""
        label = {"error": "错误", "warning": "警告", "notice": "提示"}[self.severity]
        where = self.where
        loc = f"（{self.loc.describe()}）" if self.loc and self.loc.describe() else ""
        return f"{label} [{self.rule}] {where + '：' if where else ''}{self.message}{loc}"


def row_label(table: str | None, key: str) -> str:
    if table == "applications":
        try:
            return formats.application_row_any(key).flat_label or key
        except KeyError:
            return key
    if table == "reviews_litigation":
        for group in formats.REVIEW_GROUPS:
            if group.key == key:
                return f"{group.parent}（{group.label}）" if group.parent else group.label
    if table == "proactive":
        for template in (formats.TEMPLATE_2021, formats.TEMPLATE_2019):
            try:
                return template.proactive_row(key)[1].label
            except KeyError:
                continue
    return key


def column_label(table: str | None, key: str) -> str:
    columns: tuple[formats.Column, ...] = ()
    if table == "applications":
        columns = formats.APPLICATION_COLUMNS
    elif table == "reviews_litigation":
        columns = formats.REVIEW_COLUMNS
    elif table == "proactive":
        columns = tuple(
            c
            for t in (*formats.TEMPLATE_2021.proactive, *formats.TEMPLATE_2019.proactive)
            for c in t.columns
        )
    return next((c.label for c in columns if c.key == key), key)


class Findings:
    """Collects findings for one report, applying the run's severity overrides."""

    def __init__(self, report: Report, config: CheckConfig) -> None:
        self.report = report
        self.config = config
        self.items: list[Finding] = []

    def add(
        self,
        rule: str,
        message: str,
        *,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        values: dict[str, Any] | None = None,
        loc: Location | None = None,
        severity: Severity | None = None,
    ) -> None:
        if rule in self.config.disabled:
            return
        base = RULES[rule].severity
        chosen = self.config.severity.get(rule, severity or base)
        self.items.append(
            Finding(
                rule, chosen, message, table, row, column, values or {}, loc, self.report.source
            )
        )

    def sorted(self) -> list[Finding]:
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(self.items, key=lambda f: rank[f.severity])
