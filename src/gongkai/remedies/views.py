"""Staff pages of a body's 复议/诉讼 cases under ``/workspace/bodies/<id>/remedies/``.

Every view fetches the body through ``body_get_for_user`` (the body's staff, or a 监督员 above
it; 403 for anybody else) and a case through ``remedy_get_for_user``; writes are one service call
with ``actor=`` the user, which checks the role again (only the body's own staff edit).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications.selectors import may_see_personal_data, roles_in_body
from gongkai.applications.services import clock_today
from gongkai.organizations.models import Body, User
from gongkai.organizations.selectors import bodies_subtree_ids, body_get_for_user
from gongkai.remedies import services
from gongkai.remedies.forms import RemedyCaseForm, initial_for
from gongkai.remedies.models import CaseKind, Result
from gongkai.remedies.selectors import (
    mask_name,
    may_edit_remedies,
    remedy_get_for_user,
    remedy_list_for_body,
    remedy_reviews_for_body,
    remedy_years_for_body,
)
from gongkai.remedies.statistics import GROUPS, correction_rates, table_four

PAGE_SIZE = 50
FIRST_YEAR = 2008  # the first year of the 《条例》 (2007年国务院令第492号, in force 2008-05-01)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _year(text: str | None, *, default: int | None) -> int | None:
    """A four-digit year from the query string within the platform's range, else ``default``."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and len(text) == 4:
        year = int(text)
        if FIRST_YEAR <= year <= clock_today().year:
            return year
    return default


def _year_choices(body: Body) -> list[int]:
    this_year = clock_today().year
    return sorted({this_year, this_year - 1, *remedy_years_for_body(body=body)}, reverse=True)


def _editor_body(request: HttpRequest, body_id: int) -> tuple[User, Body]:
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if not may_edit_remedies(user=user, body=body):
        raise PermissionDenied
    return user, body


@require_safe
@login_required
def case_list(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's cases, filtered by the year table 四 counts them in, kind and result."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    year = _year(request.GET.get("year"), default=None)
    kind = str(request.GET.get("kind", ""))
    kind = kind if kind in CaseKind.values else ""
    result = str(request.GET.get("result", ""))
    result = result if result in Result.values else ""
    cases = remedy_list_for_body(body=body, year=year, kind=kind, result=result)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "body": body,
        "page": page,
        "rows": [(case, mask_name(case.applicant_name)) for case in page],
        "year": year,
        "kind": kind,
        "result": result,
        "years": _year_choices(body),
        "kinds": CaseKind.choices,
        "results": Result.choices,
        "may_edit": may_edit_remedies(user=user, body=body),
    }
    return render(request, "remedies/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def case_new(request: HttpRequest, body_id: int) -> HttpResponse:
    """Record a new case (the body's staff only)."""
    user, body = _editor_body(request, body_id)
    form = RemedyCaseForm(
        request.POST if request.method == "POST" else None,
        body=body,
        reviews=remedy_reviews_for_body(body=body),
        initial={"result": Result.PENDING},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.remedy_case_create(body=body, actor=user, data=form.data_for_service())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "已登记复议诉讼案件。")
            return redirect("remedies:case", body.pk, case.pk)
    form.describe_errors()
    status = 400 if request.method == "POST" else 200
    context = {"body": body, "form": form, "case": None}
    return render(request, "remedies/form.html", context, status=status)


@require_safe
@login_required
def case_detail(request: HttpRequest, body_id: int, case_id: int) -> HttpResponse:
    """One case; the applicant's name in full only for the body's own staff."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    case = remedy_get_for_user(body=body, case_id=case_id)
    roles = roles_in_body(user=user, body=body)
    context = {
        "body": body,
        "case": case,
        "applicant": case.applicant_name
        if may_see_personal_data(roles=roles)
        else mask_name(case.applicant_name),
        "later_suits": list(case.later_suits.order_by("filed_on", "pk")),
        "may_edit": may_edit_remedies(user=user, body=body),
    }
    return render(request, "remedies/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def case_edit(request: HttpRequest, body_id: int, case_id: int) -> HttpResponse:
    """Edit a case; a save by someone else since the page was loaded is refused."""
    user, body = _editor_body(request, body_id)
    case = remedy_get_for_user(body=body, case_id=case_id)
    form = RemedyCaseForm(
        request.POST if request.method == "POST" else None,
        body=body,
        reviews=remedy_reviews_for_body(body=body).exclude(pk=case.pk),
        initial=initial_for(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.remedy_case_update(
                case_id=case.pk,
                actor=user,
                expected_version=form.cleaned_data["version"],
                data=form.data_for_service(),
            )
        except services.RemedyStaleError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "已保存。")
            return redirect("remedies:case", body.pk, case.pk)
    form.describe_errors()
    status = 400 if request.method == "POST" else 200
    context = {"body": body, "form": form, "case": case}
    return render(request, "remedies/form.html", context, status=status)


@require_safe
@login_required
def table_four_preview(request: HttpRequest, body_id: int) -> HttpResponse:
    """表四预览: table 四 of the year as the annual report prints it, with the 纠错率."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    year = _year(request.GET.get("year"), default=clock_today().year - 1)
    assert year is not None
    subtree = request.GET.get("subtree") == "1"
    body_ids = sorted(bodies_subtree_ids(root_ids={body.pk})) if subtree else [body.pk]
    table = table_four(body_ids, year)
    rates = correction_rates(table)
    context = {
        "body": body,
        "year": year,
        "years": _year_choices(body),
        "subtree": subtree,
        "table": table,
        "groups": [(key, dict(CaseKind.choices)[key], table[key], rates[key]) for key in GROUPS],
        "cells": [cell for group in GROUPS for cell in table[group]],
        "rate_all": rates["all"],
    }
    return render(request, "remedies/table_four.html", context)
