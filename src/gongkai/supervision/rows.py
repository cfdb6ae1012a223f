"""The dashboard's table of bodies as HTML, written in Python rather than in a template.

A subtree has hundreds of bodies; Django's template engine spent about half a millisecond on each
row (ten cells, findings in a ``<details>``), more than every query of the page together
(``bench/bench_dashboard.py``). Here every value is escaped with the standard library's
``html.escape`` (the same five characters as Django's ``escape``, without its lazy-string
wrapper, which cost more than the escaping) and the markup is fixed, so the result is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from gongkai.supervision.selectors import SEVERITY_LABELS, BodyRow, finding_place

_SENTINEL = 987654321


def url_maker(name: str) -> Callable[[int], str]:
    """``pk → reverse(name, args=[pk])``, resolving the URL pattern once for all the rows."""
    url = reverse(name, args=[_SENTINEL])
    return lambda pk: url.replace(str(_SENTINEL), str(pk))


def _finding_item(finding: dict[str, object]) -> str:
    severity = str(finding.get("severity") or "")
    place = " ".join(part for part in finding_place(finding) if part)
    where = f' <span class="kind">（{escape(place)}）</span>' if place else ""
    return (
        f'<li class="severity-{escape(severity)}">'
        f"{escape(SEVERITY_LABELS.get(severity, severity))}："
        f"{escape(str(finding.get('message') or ''))}{where}</li>"
    )


def _findings_cell(row: BodyRow) -> str:
    report = row.report
    if not report.status:
        return "—"
    counts = (
        f'错误 <span class="errors">{report.errors}</span> · '
        f'警告 <span class="warnings">{report.warnings}</span>'
    )
    if not report.findings:
        return counts
    items = "".join(_finding_item(f) for f in report.findings)
    return f"<details><summary>{counts}</summary><ul>{items}</ul></details>"


def _overdue_cell(row: BodyRow, queue: Callable[[int], str]) -> str:
    if not row.overdue:
        return "0"
    return f'<a href="{escape(queue(row.node.pk))}?due=overdue">{row.overdue}件</a>'


def _status_cell(row: BodyRow, editor: Callable[[int], str]) -> str:
    report = row.report
    if report.report_id is None:
        return escape(report.status_label)
    return f'<a href="{escape(editor(report.report_id))}">{escape(report.status_label)}</a>'


def body_rows_html(rows: list[BodyRow]) -> SafeString:
    """One ``<tr>`` per body: name (indented by depth), report, timeliness, findings, overdue."""
    queue = url_maker("applications:queue")
    editor = url_maker("annual_reports_staff:editor")
    lines = []
    for row in rows:
        report = row.report
        published = report.published_on.isoformat() if report.published_on else "—"
        lines.append(
            f'<tr id="body-{row.node.pk}" class="timeliness-{report.timeliness}">'
            f'<th scope="row" class="depth-{min(row.node.depth, 6)}">{escape(row.node.name)}</th>'
            f"<td>{escape(report.kind_label or '—')}</td>"
            f"<td>{_status_cell(row, editor)}</td>"
            f'<td class="timeliness">{escape(report.timeliness_label)}</td>'
            f"<td>{report.due.isoformat()}</td>"
            f"<td>{published}</td>"
            f'<td class="findings">{_findings_cell(row)}</td>'
            f'<td class="overdue-cell">{_overdue_cell(row, queue)}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(lines))  # every value above is escaped
