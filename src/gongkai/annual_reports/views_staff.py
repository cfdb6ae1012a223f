"""Staff pages of annual reports: a body's reports by year, and the report editor.

``/workspace/bodies/<id>/annual-reports/`` lists the body's reports and compiles a finished
year from the records; ``/workspace/annual-reports/<id>/`` is the editor: the six sections, the
tables as the national format prints them (each cell linked to its records), the core's
findings beside them with a box per warning for its written explanation, and the steps
(提交审核, 审核通过, 退回, 审发并发布) the user's roles allow in the report's status.

Every view fetches the body or report through the permission-checked selectors (403 for a body
the user may not see); every write is one service call, which checks the roles and the status
again. A service's refusal (wrong status, errors left, a save by someone else meanwhile) is
shown on the page in Chinese, with what the user typed kept. 检查 re-runs the checks on the
unsaved text: htmx swaps the findings panel; without JavaScript the button posts the form and
the whole editor comes back with the new findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.annual_reports import services
from gongkai.annual_reports.forms import (
    EXPLAIN_PREFIX,
    CompileForm,
    ReportEditForm,
    initial_for,
)
from gongkai.annual_reports.layout import report_tables
from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus, StepAction
from gongkai.annual_reports.selectors import (
    APPROVER_ROLES,
    REVIEWER_ROLES,
    WRITER_ROLES,
    core_report,
    finding_key,
    report_findings,
    report_get_for_user,
    reports_for_body,
)
from gongkai.applications.services import clock_today
from gongkai.organizations.models import Body, Role, User
from gongkai.organizations.selectors import body_get_for_user_with_roles
from gongkai.report.checks import Finding
from gongkai.report.errors import ReportError

#: How many finished years the list page offers to compile (the last one is due by 31 January).
COMPILE_YEARS = 2
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _writer_roles(report: AnnualReport) -> frozenset[str]:
    """Who writes the report (as the services decide): a summary also its 监督员."""
    if report.kind == ReportKind.SUMMARY:
        return WRITER_ROLES | {Role.SUPERVISOR}
    return WRITER_ROLES


def _compile_years() -> list[int]:
    last = clock_today().year - 1
    return [y for y in range(last, last - COMPILE_YEARS, -1) if y >= services.FIRST_YEAR]


def _messages_of(error: ValidationError) -> str:
    return "；".join(str(m) for m in error.messages)


# ---------------------------------------------------------------------------------------------
# A body's reports
# ---------------------------------------------------------------------------------------------


@require_safe
@login_required
def report_list(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's reports by year with status and findings, and 编制 for the finished years."""
    body, roles = body_get_for_user_with_roles(user=_user(request), body_id=body_id)
    return _list_page(request, body=body, roles=roles)


def _list_page(
    request: HttpRequest,
    *,
    body: Body,
    roles: frozenset[str],
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    reports = list(reports_for_body(body=body))
    written = {r.year: r for r in reports if r.kind == ReportKind.WRITTEN}
    offers = []
    if roles & WRITER_ROLES:
        for year in _compile_years():
            existing = written.get(year)
            if existing is None or existing.status == ReportStatus.DRAFT:
                offers.append((year, existing))
    context = {
        "body": body,
        "reports": reports,
        "offers": offers,
        "error": error,
    }
    return render(request, "annual_reports/list.html", context, status=status)


@require_POST
@login_required
def report_compile(request: HttpRequest, body_id: int) -> HttpResponse:
    """编制 (or re-count) the body's report of a finished year from the records."""
    user = _user(request)
    body, roles = body_get_for_user_with_roles(user=user, body_id=body_id)
    if not roles & WRITER_ROLES:
        raise PermissionDenied
    form = CompileForm(request.POST, years=_compile_years())
    if not form.is_valid():
        error = "；".join(str(e) for errors in form.errors.values() for e in errors)
        return _list_page(request, body=body, roles=roles, error=error, status=400)
    year = form.cleaned_data["year"]
    try:
        report = services.report_compile(actor=user, roles=roles, body=body, year=year, sections={})
    except ValidationError as error:
        return _list_page(request, body=body, roles=roles, error=_messages_of(error), status=400)
    messages.success(request, f"已按本平台的记录统计{year}年度报告的表格。")
    return redirect("annual_reports_staff:editor", report.pk)


# ---------------------------------------------------------------------------------------------
# The editor
# ---------------------------------------------------------------------------------------------


def _finding_rows(
    findings: list[dict[str, Any]], explanations: dict[str, str]
) -> list[dict[str, Any]]:
    """The stored findings as the panel prints them: errors first, then warnings, then notices."""
    order = {"error": 0, "warning": 1, "notice": 2}
    rows = []
    counts: dict[str, int] = {}
    for index, data in enumerate(
        sorted(findings, key=lambda f: order.get(str(f.get("severity")), 3))
    ):
        key = finding_key(data)
        finding = Finding(
            rule=str(data.get("rule", "")),
            severity=data.get("severity", "notice"),
            message=str(data.get("message", "")),
            table=data.get("table"),
            row=data.get("row"),
            column=data.get("column"),
        )
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        rows.append(
            {
                "index": index,
                "number": counts[finding.severity],
                "severity": finding.severity,
                "label": SEVERITY_LABELS.get(finding.severity, finding.severity),
                "message": finding.message,
                "where": finding.where,
                "key": key,
                "field": f"{EXPLAIN_PREFIX}{key}",
                "explanation": explanations.get(key, ""),
            }
        )
    return rows


def _panel_context(
    report: AnnualReport, findings: list[dict[str, Any]], explanations: dict[str, str]
) -> dict[str, Any]:
    rows = _finding_rows(findings, explanations)
    return {
        "findings": rows,
        "errors": sum(1 for f in rows if f["severity"] == "error"),
        "warnings": sum(1 for f in rows if f["severity"] == "warning"),
        "unexplained": sum(
            1 for f in rows if f["severity"] == "warning" and not f["explanation"].strip()
        ),
    }


def _actions(report: AnnualReport, roles: frozenset[str]) -> list[str]:
    """The steps the user may take now (the services check again)."""
    status = report.status
    allowed = []
    if status == ReportStatus.DRAFT and roles & _writer_roles(report):
        allowed.append("submit")
    if status == ReportStatus.IN_REVIEW and roles & REVIEWER_ROLES:
        allowed += ["review", "return"]
    if status == ReportStatus.IN_APPROVAL and roles & APPROVER_ROLES:
        allowed += ["approve", "return"]
    return allowed


def _editor(
    request: HttpRequest,
    report: AnnualReport,
    roles: frozenset[str],
    *,
    form: ReportEditForm | None = None,
    findings: list[dict[str, Any]] | None = None,
    explanations: dict[str, str] | None = None,
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    editable = report.status == ReportStatus.DRAFT and bool(roles & _writer_roles(report))
    if form is None:
        form = ReportEditForm(
            initial=initial_for(
                version=report.version, preamble=report.preamble, sections=report.sections
            )
        )
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    core = core_report(report)
    tables = report_tables(core, body_id=report.body_id, year=report.year, links=True)
    shown = report.findings if findings is None else findings
    kept = dict(report.explanations) if explanations is None else explanations
    steps = list(report.steps.select_related("actor"))
    moves = [s for s in steps if s.action in (StepAction.SUBMIT, StepAction.RETURN)]
    returned = moves[-1] if moves and moves[-1].action == StepAction.RETURN else None
    context = {
        "report": report,
        "body": report.body,
        "form": form,
        "sections": form.section_fields(),
        "tables": tables,
        "editable": editable,
        "actions": _actions(report, roles),
        "steps": steps,
        "returned": returned,
        "error": error,
        "notice": notice,
        **_panel_context(report, shown, kept),
    }
    return render(request, "annual_reports/editor.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_editor(request: HttpRequest, report_id: int) -> HttpResponse:
    """The editor; a POST saves the text (refused when someone saved meanwhile)."""
    user = _user(request)
    report, roles = report_get_for_user(user=user, report_id=report_id)
    if request.method != "POST":
        return _editor(request, report, roles)
    if not roles & _writer_roles(report):
        raise PermissionDenied
    form = ReportEditForm(request.POST)
    explanations = form.explanations()
    if not form.is_valid():
        return _editor(
            request,
            report,
            roles,
            form=form,
            explanations=explanations,
            error="页面已过期，请刷新后再改。",
            status=400,
        )
    try:
        services.report_update(
            actor=user,
            roles=roles,
            report_id=report.pk,
            version=form.cleaned_data["version"],
            edit=form.edit(),
        )
    except services.ReportStaleError as stale:
        error, status = f"{stale} 您刚才写的内容仍在下面，请复制保存后刷新页面。", 409
    except ValidationError as refused:
        error, status = _messages_of(refused), 400
    else:
        messages.success(request, "已保存。")
        return redirect("annual_reports_staff:editor", report.pk)
    return _editor(
        request, report, roles, form=form, explanations=explanations, error=error, status=status
    )


@require_POST
@login_required
def report_check(request: HttpRequest, report_id: int) -> HttpResponse:
    """检查: the core's checks of the unsaved text (nothing is saved).

    An htmx request gets the findings panel; a plain post gets the whole editor back with the
    text as typed.
    """
    user = _user(request)
    report, roles = report_get_for_user(user=user, report_id=report_id)
    if not roles & _writer_roles(report):
        raise PermissionDenied
    form = ReportEditForm(request.POST)
    explanations = form.explanations()
    if report.status != ReportStatus.DRAFT:
        return _editor(request, report, roles, error=services.NOT_DRAFT_MESSAGE, status=400)
    if not form.is_valid():
        return _editor(
            request,
            report,
            roles,
            form=form,
            explanations=explanations,
            error="页面已过期，请刷新后再改。",
            status=400,
        )
    edit = form.edit()
    report.sections = {k: v.replace("\r\n", "\n") for k, v in edit.sections.items()}
    report.preamble = edit.preamble.replace("\r\n", "\n")
    findings = [f.to_json() for f in report_findings(report)]  # the row is not saved
    if request.headers.get("HX-Request") == "true":
        context = {
            "report": report,
            "editable": True,
            **_panel_context(report, findings, explanations),
        }
        return render(request, "annual_reports/_findings.html", context)
    return _editor(
        request,
        report,
        roles,
        form=form,
        findings=findings,
        explanations=explanations,
        notice="以下检查结果按页面上尚未保存的文字得出；请保存。",
    )


Step = Callable[..., AnnualReport]
_STEPS: dict[str, tuple[Step, str]] = {
    "submit": (services.report_submit, "已提交审核。"),
    "review": (services.report_review, "已审核通过，待审发。"),
    "approve": (services.report_approve, "已审发，报告已在政府信息公开专栏发布。"),
}


@require_POST
@login_required
def report_step(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    """提交审核 / 审核通过 / 审发并发布 / 退回 (with comments)."""
    user = _user(request)
    report, roles = report_get_for_user(user=user, report_id=report_id)
    try:
        if action == "return":
            services.report_return(
                actor=user,
                roles=roles,
                report_id=report.pk,
                comment=str(request.POST.get("comment", "")),
            )
            done = "已退回，报告回到草稿。"
        else:
            step, done = _STEPS[action]
            step(actor=user, roles=roles, report_id=report.pk)
    except ValidationError as refused:
        report.refresh_from_db()
        return _editor(request, report, roles, error=_messages_of(refused), status=400)
    except ReportError as failed:  # the DOCX or PDF could not be written: nothing was published
        report.refresh_from_db()
        return _editor(request, report, roles, error=f"报告文件生成失败：{failed}", status=500)
    messages.success(request, done)
    return redirect("annual_reports_staff:editor", report.pk)
