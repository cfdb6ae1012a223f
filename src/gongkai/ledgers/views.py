"""Ledger screens under ``/workspace/bodies/<id>/ledgers/``.

Every view fetches the body through ``body_get_for_user`` (a body's staff, a 监督员 above it,
a superuser; 403 for anybody else); pages that write also need ``ledgers_may_edit`` (the body's
经办人, 审核人, 审发人, 机关管理员), and every write is one service call with ``actor=``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications.forms import form_errors_add
from gongkai.applications.services import clock_today
from gongkai.ledgers import services
from gongkai.ledgers.forms import (
    DECISION_KINDS,
    AmendForm,
    DecisionYearForm,
    DocumentForm,
    FeeYearForm,
    RepealForm,
    YearForm,
)
from gongkai.ledgers.imports import COLUMNS, WHAT, plan_decision_import, template_csv
from gongkai.ledgers.models import YEAR_MIN, DocumentKind, RegisteredDocument, SheetKind
from gongkai.ledgers.selectors import (
    decision_cells,
    document_get_for_body,
    document_list_for_body,
    fee_cells,
    ledgers_may_edit,
    sheet_version,
)
from gongkai.ledgers.statistics import fee_total, power_warnings, table_two
from gongkai.organizations.forms import ImportForm
from gongkai.organizations.imports import MAX_ROWS, ImportFileError, read_table
from gongkai.organizations.models import Body, User
from gongkai.organizations.selectors import bodies_subtree_ids, bodies_visible_to, body_get_for_user
from gongkai.report.formats import template_for_year

PAGE_SIZE = 50
TEMPLATE_NAME = "处理决定数量导入模板.csv"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _body(request: HttpRequest, body_id: int, *, edit: bool = False) -> tuple[User, Body, bool]:
    """The user, the body (403 unless visible) and whether the user keeps its ledgers."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    may_edit = ledgers_may_edit(user=user, body=body)
    if edit and not may_edit:
        raise PermissionDenied
    return user, body, may_edit


def _year_or_404(year: int) -> int:
    if not YEAR_MIN <= year <= clock_today().year:
        raise Http404
    return year


# --- 表二预览 ------------------------------------------------------------------------------------


@require_safe
@login_required
def overview(request: HttpRequest, body_id: int) -> HttpResponse:
    """The ledgers' hub: table 二 of a year computed from the records (this body or its subtree)."""
    user, body, may_edit = _body(request, body_id)
    today = clock_today()
    form = YearForm(request.GET or None)
    year, subtree = today.year - 1, False
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        subtree = form.cleaned_data["subtree"]
    body_ids = [body.pk]
    if subtree:
        below = bodies_subtree_ids(root_ids={body.pk})
        body_ids = list(
            bodies_visible_to(user=user).filter(pk__in=below).values_list("pk", flat=True)
        )
    template = template_for_year(year)
    table = table_two(body_ids, year)
    context = {
        "body": body,
        "form": form,
        "year": year,
        "subtree": subtree,
        "bodies_summed": len(body_ids),
        "template": template,
        "sections": _sections(template.proactive, table),
        "warnings": power_warnings(body_ids=body_ids, year=year),
        "may_edit": may_edit,
        "this_year": today.year,
        "nav": "overview",
    }
    return render(request, "ledgers/overview.html", context)


def _sections(tables: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Table 二 as the template prints it: each 第二十条 item with its columns and rows."""
    sections = []
    for table in tables:
        rows = []
        for row in table.rows:
            value = values[row.key]
            cells = [value] if table.scalar else [value[column.key] for column in table.columns]
            rows.append({"label": row.label, "cells": cells})
        sections.append(
            {
                "caption": table.caption,
                "article": table.article,
                "columns": table.columns,
                "rows": rows,
            }
        )
    return sections


# --- registers --------------------------------------------------------------------------------


@require_safe
@login_required
def documents(request: HttpRequest, body_id: int) -> HttpResponse:
    """The register of 规章 and 行政规范性文件, newest first, one kind or both."""
    _, body, may_edit = _body(request, body_id)
    kind = str(request.GET.get("kind", ""))
    kind = kind if kind in DocumentKind.values else ""
    rows = document_list_for_body(body=body, kind=kind).annotate(
        amendment_count=Count("amendments")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "body": body,
        "page": page,
        "kind": kind,
        "kinds": DocumentKind.choices,
        "may_edit": may_edit,
        "nav": "documents",
    }
    return render(request, "ledgers/documents.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_new(request: HttpRequest, body_id: int) -> HttpResponse:
    """Register a 规章 or 行政规范性文件."""
    user, body, _ = _body(request, body_id, edit=True)
    kind = str(request.GET.get("kind", ""))
    initial = {"kind": kind} if kind in DocumentKind.values else {}
    form = DocumentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                body=body,
                actor=user,
                kind=data["kind"],
                title=data["title"],
                number=data["number"],
                issued_on=data["issued_on"],
                effective_on=data["effective_on"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, f"已登记{document.kind}「{document.title}」。")
            if document.power_warning:
                messages.warning(request, document.power_warning)
            return redirect("ledgers:document", body_id=body.pk, document_id=document.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "body": body,
        "form": form,
        "title": "登记规章或行政规范性文件",
        "power": _power(body),
        "nav": "documents",
    }
    return render(request, "ledgers/document_form.html", context, status=status)


def _power(body: Body) -> str:
    if body.has_regulation_power:
        return ""
    return f"{body.name}未登记为有规章制定权的机关；登记规章时将记录提示，并在年度报告中显示。"


@require_safe
@login_required
def document(request: HttpRequest, body_id: int, document_id: int) -> HttpResponse:
    """One registered document with its 修改 history."""
    _, body, may_edit = _body(request, body_id)
    found = document_get_for_body(body=body, document_id=document_id)
    context = {
        "body": body,
        "document": found,
        "amendments": list(found.amendments.order_by("amended_on", "id")),
        "may_edit": may_edit,
        "nav": "documents",
    }
    return render(request, "ledgers/document.html", context)


def _document_action(
    request: HttpRequest,
    body_id: int,
    document_id: int,
    *,
    form_class: Any,
    title: str,
    call: Any,
    done: str,
) -> HttpResponse:
    user, body, _ = _body(request, body_id, edit=True)
    found = document_get_for_body(body=body, document_id=document_id)
    if form_class is DocumentForm:
        form = DocumentForm(_posted(request), document=found)
    else:
        form = form_class(_posted(request), initial={"version": found.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                call(user, found, form)
            except services.LedgerStaleError:
                form.add_error(None, services.STALE_MESSAGE)
                status = 409
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, done)
                return redirect("ledgers:document", body_id=body.pk, document_id=found.pk)
    context = {"body": body, "form": form, "document": found, "title": title, "nav": "documents"}
    return render(request, "ledgers/document_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_edit(request: HttpRequest, body_id: int, document_id: int) -> HttpResponse:
    """Correct a registered document (its repeal too, if it has one)."""

    def call(user: User, found: RegisteredDocument, form: DocumentForm) -> None:
        data = form.cleaned_data
        services.document_update(
            document_id=found.pk,
            actor=user,
            expected_version=form.expected_version(),
            kind=data["kind"],
            title=data["title"],
            number=data["number"],
            issued_on=data["issued_on"],
            effective_on=data["effective_on"],
            repealed_on=data.get("repealed_on"),
            repeal_reason=data.get("repeal_reason", ""),
        )

    return _document_action(
        request,
        body_id,
        document_id,
        form_class=DocumentForm,
        title="修改登记",
        call=call,
        done="已保存修改。",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_repeal(request: HttpRequest, body_id: int, document_id: int) -> HttpResponse:
    """Record the repeal (废止) of a document."""

    def call(user: User, found: RegisteredDocument, form: RepealForm) -> None:
        services.document_repeal(
            document_id=found.pk,
            actor=user,
            expected_version=form.expected_version(),
            repealed_on=form.cleaned_data["repealed_on"],
            reason=form.cleaned_data["reason"],
        )

    return _document_action(
        request,
        body_id,
        document_id,
        form_class=RepealForm,
        title="登记废止",
        call=call,
        done="已登记废止。",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_amend(request: HttpRequest, body_id: int, document_id: int) -> HttpResponse:
    """Add a 修改 to a document's history."""

    def call(user: User, found: RegisteredDocument, form: AmendForm) -> None:
        services.document_amend(
            document_id=found.pk,
            actor=user,
            expected_version=form.expected_version(),
            amended_on=form.cleaned_data["amended_on"],
            number=form.cleaned_data["number"],
            note=form.cleaned_data["note"],
        )

    return _document_action(
        request,
        body_id,
        document_id,
        form_class=AmendForm,
        title="登记修改",
        call=call,
        done="已登记修改。",
    )


# --- monthly counts and fees ----------------------------------------------------------------------


@require_safe
@login_required
def decisions_now(request: HttpRequest, body_id: int) -> HttpResponse:
    _body(request, body_id)
    return redirect("ledgers:decisions", body_id=body_id, year=clock_today().year)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decisions(request: HttpRequest, body_id: int, year: int) -> HttpResponse:
    """A year of 行政许可/行政处罚/行政强制 decision counts, 12 months at once."""
    user, body, may_edit = _body(request, body_id, edit=request.method == "POST")
    _year_or_404(year)
    cells = decision_cells(body=body, year=year)
    version = sheet_version(body=body, year=year, kind=SheetKind.DECISIONS)
    form = DecisionYearForm(_posted(request), cells=cells, initial={"version": version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changes = services.decision_counts_save(
                    body=body,
                    actor=user,
                    year=year,
                    counts=form.counts(),
                    expected_version=form.expected_version(),
                )
            except services.LedgerStaleError:
                form.add_error(None, services.STALE_MESSAGE)
                status = 409
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, f"已保存{year}年的处理决定数量：{changes.summary()}。")
                return redirect("ledgers:decisions", body_id=body.pk, year=year)
    totals = [sum(cells.get((month, kind), 0) for month in range(1, 13)) for kind in DECISION_KINDS]
    context = {
        "body": body,
        "year": year,
        "form": form,
        "kinds": DECISION_KINDS,
        "totals": totals,
        "may_edit": may_edit,
        "years": _years_nav(year),
        "nav": "decisions",
    }
    return render(request, "ledgers/decisions.html", context, status=status)


def _years_nav(year: int) -> dict[str, int | None]:
    this_year = clock_today().year
    return {
        "previous": year - 1 if year > YEAR_MIN else None,
        "next": year + 1 if year < this_year else None,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decisions_import(request: HttpRequest, body_id: int) -> HttpResponse:
    """Upload 年份, 月份, 类别, 数量 rows: every bad row is reported and nothing written, or all."""
    user, body, _ = _body(request, body_id, edit=True)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(
                upload.read(), upload.name or "", columns=COLUMNS, required=COLUMNS, what=WHAT
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            plan = plan_decision_import(table)
            if plan.ok and not form.cleaned_data["dry_run"]:
                try:
                    changes = services.decision_counts_import(
                        body=body, actor=user, rows=plan.rows, filename=upload.name or ""
                    )
                except (ValidationError, IntegrityError):
                    form.add_error(None, "导入时数据发生变化，未导入任何数据，请重新上传。")
                else:
                    messages.success(request, f"导入完成：{changes.summary()}。")
                    return redirect("ledgers:decisions_import", body_id=body.pk)
    context = {
        "body": body,
        "form": form,
        "plan": plan,
        "columns": COLUMNS,
        "max_rows": MAX_ROWS,
        "dry_run": bool(form.is_bound and form.is_valid() and form.cleaned_data.get("dry_run")),
        "nav": "decisions",
    }
    status = 400 if plan is not None and not plan.ok else 200
    return render(request, "ledgers/import.html", context, status=status)


@require_safe
@login_required
def decisions_template(request: HttpRequest, body_id: int) -> HttpResponse:
    """The CSV template of the import, UTF-8 with BOM."""
    _body(request, body_id, edit=True)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f"attachment; filename=\"decisions-template.csv\"; filename*=UTF-8''{quote(TEMPLATE_NAME)}"
    )
    return response


@require_safe
@login_required
def fees_now(request: HttpRequest, body_id: int) -> HttpResponse:
    _body(request, body_id)
    return redirect("ledgers:fees", body_id=body_id, year=clock_today().year)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def fees(request: HttpRequest, body_id: int, year: int) -> HttpResponse:
    """A year of 行政事业性收费 by month (万元) and the year's total."""
    user, body, may_edit = _body(request, body_id, edit=request.method == "POST")
    _year_or_404(year)
    cells = fee_cells(body=body, year=year)
    version = sheet_version(body=body, year=year, kind=SheetKind.FEES)
    form = FeeYearForm(_posted(request), cells=cells, initial={"version": version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changes = services.fee_amounts_save(
                    body=body,
                    actor=user,
                    year=year,
                    amounts=form.amounts(),
                    expected_version=form.expected_version(),
                )
            except services.LedgerStaleError:
                form.add_error(None, services.STALE_MESSAGE)
                status = 409
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, f"已保存{year}年的行政事业性收费：{changes.summary()}。")
                return redirect("ledgers:fees", body_id=body.pk, year=year)
    context = {
        "body": body,
        "year": year,
        "form": form,
        "total": fee_total(body_ids=[body.pk], year=year),
        "may_edit": may_edit,
        "years": _years_nav(year),
        "nav": "fees",
    }
    return render(request, "ledgers/fees.html", context, status=status)
