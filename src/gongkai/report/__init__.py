"""gongkai.report — read, check and write 政府信息公开工作年度报告 in the national format.

The public API::

    from gongkai.report import read, check, render
    report = read("report.docx")          # any supported input kind, detected by content
    findings = check(report)              # list[Finding], each with rule id and severity
    data = report.to_canonical()          # canonical JSON (gongkai.annual-report/1)
    render(report, "docx")                # bytes in json | csv | md | html | docx

Nothing in this package imports Django; the web platform wraps it.
"""

from __future__ import annotations

from gongkai.report.errors import ReportError, ReportReadError
from gongkai.report.formats import TEMPLATE_2019, TEMPLATE_2021, TEMPLATES, Template
from gongkai.report.model import Cell, Location, Report, Section
from gongkai.report.readers import read
from gongkai.report.writers import render

__all__ = [
    "TEMPLATES",
    "TEMPLATE_2019",
    "TEMPLATE_2021",
    "Cell",
    "Location",
    "Report",
    "ReportError",
    "ReportReadError",
    "Section",
    "Template",
    "read",
    "render",
]
