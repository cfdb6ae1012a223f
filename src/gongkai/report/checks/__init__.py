"""Checks: what is wrong with a report, as findings a clerk understands.

``check(report)`` runs every rule of :mod:`gongkai.report.checks.rules` and returns a list of
:class:`Finding` — each with its stable rule id, severity, location (table, row, column), the
values involved and a Chinese message. ``check_pair(old, new)`` adds the across-year rules.
"""

from __future__ import annotations

from gongkai.report.checks.finding import BodyInfo, CheckConfig, Finding, Findings
from gongkai.report.checks.rules import RULES, SEVERITIES, Rule, Severity
from gongkai.report.model import Report


def check(report: Report, config: CheckConfig | None = None) -> list[Finding]:
    """All findings for one report, errors first, in the report's order."""
    from gongkai.report.checks import plausibility, prose, structure, tables

    found = Findings(report, config or CheckConfig())
    structure.run(found)
    tables.run(found)
    prose.run(found)
    plausibility.run(found)
    return found.sorted()


def check_pair(old: Report, new: Report, config: CheckConfig | None = None) -> list[Finding]:
    """Across-year findings for two reports of one body (``old`` is the earlier year)."""
    from gongkai.report.checks import carryover

    found = Findings(new, config or CheckConfig())
    carryover.run(found, old)
    return found.sorted()


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


__all__ = [
    "RULES",
    "SEVERITIES",
    "BodyInfo",
    "CheckConfig",
    "Finding",
    "Rule",
    "Severity",
    "check",
    "check_pair",
    "has_errors",
]
