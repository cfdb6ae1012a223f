"""Reads of the ledgers: who may edit, permission-checked fetches, a year's monthly cells."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from gongkai.applications.selectors import STAFF_ROLES, roles_in_body
from gongkai.ledgers.models import (
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeAmount,
    LedgerSheet,
    RegisteredDocument,
    SheetKind,
)
from gongkai.organizations.models import Body, User

MONTHS = tuple(range(1, 13))


def ledgers_may_edit(*, user: User, body: Body) -> bool:
    """The body's 经办人, 审核人, 审发人 and 机关管理员 keep its ledgers; a 监督员 reads."""
    return bool(roles_in_body(user=user, body=body) & STAFF_ROLES)


def document_list_for_body(*, body: Body, kind: str = "") -> QuerySet[RegisteredDocument]:
    """A body's registered documents, newest first, optionally of one kind."""
    documents = RegisteredDocument.objects.filter(body=body)
    if kind:
        documents = documents.filter(kind=kind)
    return documents.order_by("-issued_on", "-id")


def document_get_for_body(*, body: Body, document_id: int) -> RegisteredDocument:
    """The document ``document_id`` of ``body`` (the caller has checked the body); 403 otherwise."""
    document = RegisteredDocument.objects.filter(pk=document_id, body=body).first()
    if document is None:
        raise PermissionDenied
    return document


def sheet_version(*, body: Body, year: int, kind: SheetKind) -> int:
    """The version of a body's year of counts or fees (0 before its first save)."""
    sheet = LedgerSheet.objects.filter(body=body, year=year, kind=kind).first()
    return sheet.version if sheet is not None else 0


def decision_cells(*, body: Body, year: int) -> dict[tuple[int, str], int]:
    """The entered counts of a year by (month, kind); months not entered are absent."""
    rows = DecisionCount.objects.filter(body=body, year=year).values_list("month", "kind", "count")
    return {(month, kind): count for month, kind, count in rows}


def fee_cells(*, body: Body, year: int) -> dict[int, Decimal]:
    """The entered fee amounts of a year by month (万元)."""
    rows = FeeAmount.objects.filter(body=body, year=year).values_list("month", "amount")
    return dict(rows)


DOCUMENT_KINDS = tuple(DocumentKind)
DECISION_KINDS = tuple(DecisionKind)
