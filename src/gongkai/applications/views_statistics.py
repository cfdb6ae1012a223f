"""Staff screen of 表三 from the cases: a body's table by year, every non-zero cell linked.

``?scope=subtree`` sums the body and every body below it, for whoever may see all of them (a
监督员 at or above the body, a superuser); the cells then link to the union of the subtree's cases.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from gongkai.applications import services
from gongkai.applications.statistics import (
    StatisticsError,
    applications_table,
    applications_table_cases,
    applications_table_lines,
    cell_label,
)
from gongkai.law.rules import outcome as outcome_rule
from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.selectors import body_get_for_user, body_subtree_ids
from gongkai.report import formats

#: The first year of 表三 under the 2019 《条例》 (国办公开办函〔2019〕60号 format).
FIRST_YEAR = 2019
PAGE_SIZE = 50
SUBTREE = "subtree"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _years() -> range:
    return range(services.clock_today().year, FIRST_YEAR - 1, -1)


def _year_checked(year: int) -> int:
    if year not in _years():
        raise Http404("没有该年度的统计。")
    return year


def _supervises(user: User, body: Body) -> bool:
    """Whether ``user`` sees ``body``'s whole subtree: a superuser, or a 监督员 at or above it."""
    if user.is_superuser:
        return True
    chain = [body.pk]
    parent_id = body.parent_id
    while parent_id is not None and parent_id not in chain:  # one query per level above
        chain.append(parent_id)
        parent_id = Body.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return Membership.objects.filter(user=user, role=Role.SUPERVISOR, body_id__in=chain).exists()


def _scope(request: HttpRequest, user: User, body: Body) -> tuple[bool, set[int], bool]:
    """(subtree asked for, the body ids counted, whether the subtree total may be shown)."""
    wanted = request.GET.get("scope") == SUBTREE
    subtree = body_subtree_ids(body=body) if _supervises(user, body) else {body.pk}
    may_subtree = len(subtree) > 1
    if wanted and not may_subtree:
        raise PermissionDenied
    return wanted, (subtree if wanted else {body.pk}), may_subtree


@require_safe
@login_required
def statistics_index(request: HttpRequest, body_id: int) -> HttpResponse:
    """The year picker's target: ``?year=`` (default this year) → that year's page."""
    body = body_get_for_user(user=_user(request), body_id=body_id)
    raw = str(request.GET.get("year", ""))
    year = int(raw) if raw.isdigit() else services.clock_today().year
    url = reverse("applications:statistics", args=[body.pk, _year_checked(year)])
    if request.GET.get("scope") == SUBTREE:
        url += "?" + urlencode({"scope": SUBTREE})
    return redirect(url)


@require_safe
@login_required
def statistics(request: HttpRequest, body_id: int, year: int) -> HttpResponse:
    """表三 of the body (or its subtree) for ``year``, laid out as the national format."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    _year_checked(year)
    subtree, body_ids, may_subtree = _scope(request, user, body)
    template = formats.template_for_year(year)
    table = applications_table(body_ids=body_ids, year=year, template=template.id)
    context = {
        "body": body,
        "year": year,
        "years": _years(),
        "subtree": subtree,
        "may_subtree": may_subtree,
        "bodies": len(body_ids),
        "template": template,
        "lines": applications_table_lines(table),
        "columns": formats.APPLICATION_COLUMNS,
        "person_column": formats.APPLICATION_COLUMNS[0],
        "total_column": formats.APPLICATION_COLUMNS[formats.TOTAL_COLUMN],
        "organisations": formats.APPLICATION_COLUMNS[1 : formats.APPLICANT_COLUMN_COUNT],
        "applicant_header": formats.APPLICANT_HEADER,
        "organisations_header": formats.ORGANISATIONS_HEADER,
        "balance_note": formats.BALANCE_NOTE,
        "scope_query": f"&scope={SUBTREE}" if subtree else "",
    }
    return render(request, "applications/statistics.html", context)


@require_safe
@login_required
def statistics_cases(request: HttpRequest, body_id: int, year: int) -> HttpResponse:
    """The cases behind one cell (``?row=3.1&col=0``): as many as the cell counts."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    _year_checked(year)
    subtree, body_ids, _may = _scope(request, user, body)
    row = str(request.GET.get("row", ""))
    raw_column = str(request.GET.get("col", ""))
    template = formats.template_for_year(year)
    if row not in template.application_keys or not raw_column.isdigit():
        raise Http404("表三没有这一格。")
    column = int(raw_column)
    try:
        label = cell_label(row=row, column=column)
        cases = applications_table_cases(body_ids=body_ids, year=year, row=row, column=column)
    except StatisticsError as error:
        raise Http404(str(error)) from error
    page = Paginator(cases.select_related("body"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(case, _outcome_label(case.outcome)) for case in page]
    params = {"row": row, "col": str(column)}
    if subtree:
        params["scope"] = SUBTREE
    context = {
        "body": body,
        "year": year,
        "subtree": subtree,
        "label": label,
        "page": page,
        "rows": rows,
        "query": urlencode(params),
    }
    return render(request, "applications/statistics_cases.html", context)


def _outcome_label(key: str) -> str:
    if not key:
        return ""
    try:
        rule = outcome_rule(key)
    except KeyError:
        return key
    return f"{rule.section} {rule.name}"
