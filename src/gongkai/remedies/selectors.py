"""Reads of 复议/诉讼 cases: permission-checked fetches and the lists of the screens."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from gongkai.applications.models import Application
from gongkai.applications.selectors import STAFF_ROLES, roles_in_body
from gongkai.organizations.models import Body, User
from gongkai.remedies.models import CaseKind, RemedyCase, Result


def counted_in_year(year: int) -> Q:
    """The cases table 四 of ``year`` counts (see ``statistics``): filed in the year, or filed
    earlier, still pending on 1 January and decided in the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Q(filed_on__gte=start, filed_on__lte=end) | Q(
        filed_on__lt=start, decided_on__gte=start, decided_on__lte=end
    )


def may_edit_remedies(*, user: User, body: Body) -> bool:
    """The body's own staff record and edit its cases; a 监督员 above it only reads."""
    return bool(roles_in_body(user=user, body=body) & STAFF_ROLES)


def remedy_list_for_body(
    *, body: Body, year: int | None = None, kind: str = "", result: str = ""
) -> QuerySet[RemedyCase]:
    """A body's cases, newest filing first; ``year`` keeps the cases table 四 of that year counts.

    ``result`` filters on the stored result (尚未审结 = not decided yet).
    """
    cases = RemedyCase.objects.filter(body=body).select_related("application")
    if year is not None:
        cases = cases.filter(counted_in_year(year))
    if kind in CaseKind.values:
        cases = cases.filter(kind=kind)
    if result in Result.values:
        cases = cases.filter(result=result)
    return cases.order_by("-filed_on", "-pk")


def remedy_get_for_user(*, body: Body, case_id: int) -> RemedyCase:
    """Case ``case_id`` of ``body`` (the caller checked the user's right to the body).

    A case of another body and a missing one give the same ``PermissionDenied``.
    """
    case = (
        RemedyCase.objects.filter(pk=case_id, body=body)
        .select_related("body", "application", "review_case")
        .first()
    )
    if case is None:
        raise PermissionDenied
    return case


def remedy_reviews_for_body(*, body: Body) -> QuerySet[RemedyCase]:
    """The body's 行政复议 cases, which a 复议后起诉 case may name as its earlier review."""
    return RemedyCase.objects.filter(body=body, kind=CaseKind.REVIEW).order_by("-filed_on", "-pk")


def remedy_cases_for_application(*, application: Application) -> QuerySet[RemedyCase]:
    """The cases about ``application``, oldest first."""
    return RemedyCase.objects.filter(application=application).order_by("filed_on", "pk")


def remedy_years_for_body(*, body: Body) -> list[int]:
    """The years in which the body has cases filed or decided, newest first."""
    years: set[int] = set()
    for filed, decided in RemedyCase.objects.filter(body=body).values_list(
        "filed_on", "decided_on"
    ):
        years.add(filed.year)
        if decided is not None:
            years.add(decided.year)
    return sorted(years, reverse=True)


def application_find_in_body(*, body: Body, number: str) -> Application | None:
    """The application of ``body`` with 申请编号 ``number``."""
    return Application.objects.filter(body=body, number=number.strip()).first()


def mask_name(name: str) -> str:
    """A name for lists: the first character (and the last of a long name) kept: ``张*``."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) <= 3:
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]
