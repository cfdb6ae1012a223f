"""编制汇总报告: a supervisor compiles the 本级政府 summary of a subtree for a finished year.

``POST /workspace/bodies/<id>/annual-reports/summary/`` with ``year``: the summary is compiled
(or counted again while a draft) by ``summaries.summary_compile`` and the editor opens on it;
a refusal (no bodies below, a year not finished, a summary already submitted) comes back to the
page it was asked from as a Chinese message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.annual_reports.summaries import SUMMARY_WRITERS, summary_compile
from gongkai.organizations.models import User
from gongkai.organizations.selectors import body_get_for_user_with_roles


def _back(request: HttpRequest, body_id: int) -> str:
    target = str(request.POST.get("next", ""))
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return f"/workspace/bodies/{body_id}/annual-reports/"


@require_POST
@login_required
def summary_compile_view(request: HttpRequest, body_id: int) -> HttpResponse:
    """Compile the body's summary of ``year`` and open it in the editor."""
    user = request.user
    assert isinstance(user, User)
    body, roles = body_get_for_user_with_roles(user=user, body_id=body_id)
    if not roles & SUMMARY_WRITERS:
        raise PermissionDenied
    year_text = str(request.POST.get("year", ""))
    if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
        messages.error(request, "请选择要汇总的年度。")
        return redirect(_back(request, body.pk))
    try:
        report = summary_compile(actor=user, roles=roles, body=body, year=int(year_text))
    except ValidationError as error:
        messages.error(request, "；".join(str(m) for m in error.messages))
        return redirect(_back(request, body.pk))
    missing = report.coverage.get("missing", [])
    note = f"，{len(missing)}个机关的报告尚未发布、未计入" if missing else ""
    messages.success(request, f"已汇总{len(report.coverage.get('parts', []))}份年度报告{note}。")
    return redirect("annual_reports_staff:editor", report.pk)
