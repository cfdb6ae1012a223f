"""Writes of the ledgers: one keyword-only service per change, each in one transaction.

Every service checks that the actor keeps the body's ledgers (``ledgers_may_edit``), locks what
it changes (``select_for_update``: the document, or the ``LedgerSheet`` of the body's year),
refuses a stale edit (the version the form was loaded with), validates, writes and appends an
audit event — so bad input or a race leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications.services import clock_today
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record, audit_values
from gongkai.ledgers.models import (
    YEAR_MIN,
    Amendment,
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeAmount,
    LedgerSheet,
    RegisteredDocument,
    SheetKind,
)
from gongkai.ledgers.selectors import MONTHS, ledgers_may_edit
from gongkai.organizations.models import Body, User

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"
FORBIDDEN_MESSAGE = "您没有登记本机关台账的权限。"
DOCUMENT_FIELDS = ("kind", "title", "number", "issued_on", "effective_on")
REPEAL_FIELDS = ("repealed_on", "repeal_reason")
FEE_MAX = Decimal("9999999999.9999")  # max_digits 14, decimal_places 4
FEE_QUANTUM = Decimal("0.0001")


class LedgerStaleError(Exception):
    """Somebody saved the same record (or the same year) since the actor's form was loaded."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


def regulation_power_warning(body: Body) -> str:
    """The warning recorded with a 规章 entered by a body without 规章-making power."""
    return (
        f"{body.name}未登记为有规章制定权的机关（《中华人民共和国立法法》第九十一条、第九十三条），"
        "却登记了规章。记录已保存，年度报告将显示此提示；请核实该文件是否应登记为行政规范性文件。"
    )


def _check_actor(*, actor: User, body: Body) -> None:
    if not ledgers_may_edit(user=actor, body=body):
        raise PermissionDenied(FORBIDDEN_MESSAGE)


def year_check(year: int, field: str = "year") -> None:
    """A ledger year: from 2000 to the current year."""
    this_year = clock_today().year
    if not YEAR_MIN <= year <= this_year:
        raise ValidationError({field: f"年份应在{YEAR_MIN}年至{this_year}年之间。"})


# --- the registers of 规章 and 行政规范性文件 -------------------------------------------------


def _document_clean(
    *,
    kind: str,
    title: str,
    number: str,
    issued_on: date,
    effective_on: date | None,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title, number = title.strip(), number.strip()
    if kind not in DocumentKind.values:
        errors["kind"] = "类别应为规章或行政规范性文件。"
    if not title:
        errors["title"] = "标题不能为空。"
    if not number:
        errors["number"] = "文号不能为空。"
    if issued_on > clock_today():
        errors["issued_on"] = "制发日期不能晚于今天。"
    elif issued_on.year < YEAR_MIN:
        errors["issued_on"] = f"制发日期应在{YEAR_MIN}年以后。"
    if effective_on is not None and effective_on < issued_on:
        errors["effective_on"] = "施行日期不能早于制发日期。"
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "number": number,
        "issued_on": issued_on,
        "effective_on": effective_on,
    }


def _warning_for(body: Body, kind: str) -> str:
    if kind == DocumentKind.REGULATION and not body.has_regulation_power:
        return regulation_power_warning(body)
    return ""


@transaction.atomic
def document_create(
    *,
    body: Body,
    actor: User,
    kind: str,
    title: str,
    number: str,
    issued_on: date,
    effective_on: date | None = None,
) -> RegisteredDocument:
    """Register a 规章 or 行政规范性文件; a 规章 of a body without the power keeps a warning."""
    _check_actor(actor=actor, body=body)
    values = _document_clean(
        kind=kind, title=title, number=number, issued_on=issued_on, effective_on=effective_on
    )
    document = RegisteredDocument.objects.create(
        body=body,
        created_by=actor,
        power_warning=_warning_for(body, values["kind"]),
        **values,
    )
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.LEDGER_DOCUMENT_CREATE,
        instance=document,
        new_values=audit_values(document, (*DOCUMENT_FIELDS, "power_warning")),
    )
    return document


def _lock(*, document_id: int, actor: User, expected_version: int | None) -> RegisteredDocument:
    document = (
        RegisteredDocument.objects.select_for_update()
        .select_related("body")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise PermissionDenied
    _check_actor(actor=actor, body=document.body)
    if expected_version is not None and document.version != expected_version:
        raise LedgerStaleError
    return document


def _save_changes(
    document: RegisteredDocument,
    *,
    actor: User,
    action: AuditAction,
    values: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> RegisteredDocument:
    """Write the changed fields, raise the version and record old and new values."""
    fields = [name for name, value in values.items() if getattr(document, name) != value]
    if not fields and not extra:
        return document
    old = audit_values(document, fields)
    for name in fields:
        setattr(document, name, values[name])
    document.version += 1
    document.save(update_fields=[*fields, "version", "updated_at"])
    new = audit_values(document, fields)
    new.update(extra or {})
    audit_event_record(
        actor=actor,
        body=document.body,
        action=action,
        instance=document,
        old_values=old,
        new_values=new,
    )
    return document


def _repeal_clean(
    document: RegisteredDocument, *, repealed_on: date | None, reason: str
) -> dict[str, Any]:
    reason = reason.strip()
    errors: dict[str, str] = {}
    if repealed_on is None:
        if reason:
            errors["repealed_on"] = "填写了废止原因，请同时填写废止日期。"
    else:
        if repealed_on < document.issued_on:
            errors["repealed_on"] = "废止日期不能早于制发日期。"
        last = document.amendments.order_by("-amended_on").values_list("amended_on", flat=True)
        latest = last.first()
        if latest is not None and repealed_on < latest:
            errors["repealed_on"] = f"废止日期不能早于最近一次修改日期（{latest:%Y-%m-%d}）。"
        if not reason:
            errors["repeal_reason"] = "请填写废止原因。"
    if errors:
        raise ValidationError(errors)
    return {"repealed_on": repealed_on, "repeal_reason": reason if repealed_on else ""}


@transaction.atomic
def document_update(
    *,
    document_id: int,
    actor: User,
    expected_version: int | None,
    kind: str,
    title: str,
    number: str,
    issued_on: date,
    effective_on: date | None = None,
    repealed_on: date | None = None,
    repeal_reason: str = "",
) -> RegisteredDocument:
    """Correct a registered document; the repeal fields may be corrected or cleared too.

    Changing the kind re-evaluates the 规章-making-power warning.
    """
    document = _lock(document_id=document_id, actor=actor, expected_version=expected_version)
    values = _document_clean(
        kind=kind, title=title, number=number, issued_on=issued_on, effective_on=effective_on
    )
    probe = RegisteredDocument(pk=document.pk, issued_on=values["issued_on"])
    values.update(_repeal_clean(probe, repealed_on=repealed_on, reason=repeal_reason))
    first = document.amendments.order_by("amended_on").values_list("amended_on", flat=True).first()
    if first is not None and values["issued_on"] > first:
        raise ValidationError({"issued_on": f"制发日期不能晚于修改日期（{first:%Y-%m-%d}）。"})
    if values["kind"] != document.kind:
        values["power_warning"] = _warning_for(document.body, values["kind"])
    return _save_changes(
        document, actor=actor, action=AuditAction.LEDGER_DOCUMENT_UPDATE, values=values
    )


@transaction.atomic
def document_repeal(
    *,
    document_id: int,
    actor: User,
    expected_version: int | None,
    repealed_on: date,
    reason: str,
) -> RegisteredDocument:
    """Record that a document was repealed (废止), on which day and why."""
    document = _lock(document_id=document_id, actor=actor, expected_version=expected_version)
    if document.repealed_on is not None:
        raise ValidationError(
            f"该文件已于{document.repealed_on:%Y年%m月%d日}废止；如需更正，请编辑该文件。"
        )
    values = _repeal_clean(document, repealed_on=repealed_on, reason=reason)
    return _save_changes(
        document, actor=actor, action=AuditAction.LEDGER_DOCUMENT_REPEAL, values=values
    )


@transaction.atomic
def document_amend(
    *,
    document_id: int,
    actor: User,
    expected_version: int | None,
    amended_on: date,
    number: str = "",
    note: str = "",
) -> Amendment:
    """Add a 修改 to a document's history (the counts of table 二 do not change)."""
    document = _lock(document_id=document_id, actor=actor, expected_version=expected_version)
    number, note = number.strip(), note.strip()
    errors: dict[str, str] = {}
    if amended_on < document.issued_on:
        errors["amended_on"] = "修改日期不能早于制发日期。"
    elif document.repealed_on is not None and amended_on > document.repealed_on:
        errors["amended_on"] = "文件已废止，修改日期不能晚于废止日期。"
    elif amended_on > clock_today():
        errors["amended_on"] = "修改日期不能晚于今天。"
    if not number and not note:
        errors["note"] = "请填写修改文号或修改说明。"
    if errors:
        raise ValidationError(errors)
    amendment = Amendment.objects.create(
        document=document, amended_on=amended_on, number=number, note=note, created_by=actor
    )
    extra = {
        "amendment": amendment.pk,
        "amended_on": amended_on.isoformat(),
        "amendment_number": number,
        "note": note,
    }
    _save_changes(
        document, actor=actor, action=AuditAction.LEDGER_DOCUMENT_AMEND, values={}, extra=extra
    )
    return amendment


# --- monthly counts and fees --------------------------------------------------------------------


def _sheet_lock(*, body: Body, year: int, kind: SheetKind) -> LedgerSheet:
    """The body's year of one ledger, locked (created on first use)."""
    try:
        with transaction.atomic():
            LedgerSheet.objects.get_or_create(body=body, year=year, kind=kind)
    except IntegrityError:  # created meanwhile by a concurrent save
        pass
    return LedgerSheet.objects.select_for_update().get(body=body, year=year, kind=kind)


def _sheet_bump(sheet: LedgerSheet, expected_version: int | None) -> None:
    if expected_version is not None and sheet.version != expected_version:
        raise LedgerStaleError
    sheet.version += 1
    sheet.save(update_fields=["version"])


def _cell_key(year: int, month: int, kind: str = "") -> str:
    return f"{year}-{month:02d}" + (f" {kind}" if kind else "")


@dataclass(frozen=True)
class CellChanges:
    """What a save or an import did to the monthly cells."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def summary(self) -> str:
        text = f"新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"
        return text + (f"，清除 {self.deleted} 条" if self.deleted else "")


def _decision_cells_write(
    *, body: Body, year_cells: Mapping[tuple[int, int, str], int | None]
) -> tuple[CellChanges, dict[str, Any], dict[str, Any]]:
    """Write the (year, month, kind) cells: a number replaces, ``None`` clears."""
    years = sorted({year for year, _, _ in year_cells})
    existing = {
        (row.year, row.month, row.kind): row
        for row in DecisionCount.objects.select_for_update().filter(body=body, year__in=years)
    }
    created: list[DecisionCount] = []
    updated: list[DecisionCount] = []
    deleted: list[int] = []
    unchanged = 0
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for (year, month, kind), count in sorted(year_cells.items()):
        row = existing.get((year, month, kind))
        key = _cell_key(year, month, kind)
        if row is None and count is None:
            continue
        if row is None:
            assert count is not None
            created.append(DecisionCount(body=body, year=year, month=month, kind=kind, count=count))
            new[key] = count
        elif count is None:
            deleted.append(row.pk)
            old[key] = row.count
        elif row.count != count:
            old[key], new[key] = row.count, count
            row.count = count
            row.updated_at = timezone.now()  # bulk_update does not apply auto_now
            updated.append(row)
        else:
            unchanged += 1
    DecisionCount.objects.bulk_create(created)
    DecisionCount.objects.bulk_update(updated, ["count", "updated_at"])
    DecisionCount.objects.filter(pk__in=deleted).delete()
    changes = CellChanges(
        created=len(created), updated=len(updated), unchanged=unchanged, deleted=len(deleted)
    )
    return changes, old, new


def _count_check(value: int | None, field: str, errors: dict[str, str]) -> None:
    if value is not None and value < 0:
        errors[field] = "数量不能为负数。"


@transaction.atomic
def decision_counts_save(
    *,
    body: Body,
    actor: User,
    year: int,
    counts: Mapping[tuple[int, str], int | None],
    expected_version: int | None,
) -> CellChanges:
    """Save a year's counts of 行政许可/行政处罚/行政强制 decisions, 12 months × 3 kinds.

    ``counts`` maps (month, kind) to a count, or ``None`` for a month not entered (a stored
    count there is cleared). Months and kinds not in ``counts`` stay as they are.
    """
    _check_actor(actor=actor, body=body)
    year_check(year)
    errors: dict[str, str] = {}
    for (month, kind), count in counts.items():
        if month not in MONTHS or kind not in DecisionKind.values:
            raise ValidationError(f"没有{month}月的“{kind}”。")
        _count_check(count, f"m{month}_{DecisionKind.values.index(kind)}", errors)
    if errors:
        raise ValidationError(errors)
    sheet = _sheet_lock(body=body, year=year, kind=SheetKind.DECISIONS)
    _sheet_bump(sheet, expected_version)
    cells = {(year, month, kind): count for (month, kind), count in counts.items()}
    changes, old, new = _decision_cells_write(body=body, year_cells=cells)
    if old or new:
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.LEDGER_DECISIONS_SAVE,
            instance=sheet,
            old_values=old,
            new_values=new,
        )
    return changes


@dataclass(frozen=True)
class DecisionRow:
    """One checked row of an import: a year, a month, a kind and its count."""

    line: int
    year: int
    month: int
    kind: str
    count: int


@transaction.atomic
def decision_counts_import(
    *, body: Body, actor: User, rows: Sequence[DecisionRow], filename: str = ""
) -> CellChanges:
    """Apply a checked import: each (year, month, kind) of the file replaces the stored count.

    Importing the same file again changes nothing. The versions of the years it touches are
    raised, so a monthly form loaded before the import is refused when it is saved.
    """
    _check_actor(actor=actor, body=body)
    cells: dict[tuple[int, int, str], int | None] = {}
    for row in rows:
        year_check(row.year)
        if row.month not in MONTHS or row.kind not in DecisionKind.values or row.count < 0:
            raise ValidationError(f"第{row.line}行的数据有误。")
        key = (row.year, row.month, row.kind)
        if key in cells:
            raise ValidationError(f"第{row.line}行与前面的行重复。")
        cells[key] = row.count
    years = sorted({year for year, _, _ in cells})
    sheets = [_sheet_lock(body=body, year=year, kind=SheetKind.DECISIONS) for year in years]
    changes, _, _ = _decision_cells_write(body=body, year_cells=cells)
    if changes.created or changes.updated:
        for sheet in sheets:
            _sheet_bump(sheet, None)
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.LEDGER_DECISIONS_IMPORT,
            instance=sheets[0],
            new_values={
                "file": filename,
                "years": years,
                "rows": len(rows),
                "created": changes.created,
                "updated": changes.updated,
                "unchanged": changes.unchanged,
            },
        )
    return changes


@transaction.atomic
def fee_amounts_save(
    *,
    body: Body,
    actor: User,
    year: int,
    amounts: Mapping[int, Decimal | None],
    expected_version: int | None,
) -> CellChanges:
    """Save a year's 行政事业性收费 by month, in 万元 (at most four decimals; ``None`` clears)."""
    _check_actor(actor=actor, body=body)
    year_check(year)
    errors: dict[str, str] = {}
    for month, amount in amounts.items():
        if month not in MONTHS:
            raise ValidationError(f"没有{month}月。")
        if amount is None:
            continue
        if amount < 0:
            errors[f"m{month}"] = "金额不能为负数。"
        elif amount != amount.quantize(FEE_QUANTUM) or amount > FEE_MAX:
            errors[f"m{month}"] = "金额以万元为单位，最多4位小数。"
    if errors:
        raise ValidationError(errors)
    amounts = {m: None if a is None else a.quantize(FEE_QUANTUM) for m, a in amounts.items()}
    sheet = _sheet_lock(body=body, year=year, kind=SheetKind.FEES)
    _sheet_bump(sheet, expected_version)
    existing = {
        row.month: row for row in FeeAmount.objects.select_for_update().filter(body=body, year=year)
    }
    created: list[FeeAmount] = []
    updated: list[FeeAmount] = []
    deleted: list[int] = []
    unchanged = 0
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for month, amount in sorted(amounts.items()):
        row = existing.get(month)
        key = _cell_key(year, month)
        if row is None and amount is None:
            continue
        if row is None:
            assert amount is not None
            created.append(FeeAmount(body=body, year=year, month=month, amount=amount))
            new[key] = str(amount)
        elif amount is None:
            deleted.append(row.pk)
            old[key] = str(row.amount)
        elif row.amount != amount:
            old[key], new[key] = str(row.amount), str(amount)
            row.amount = amount
            row.updated_at = timezone.now()  # bulk_update does not apply auto_now
            updated.append(row)
        else:
            unchanged += 1
    FeeAmount.objects.bulk_create(created)
    FeeAmount.objects.bulk_update(updated, ["amount", "updated_at"])
    FeeAmount.objects.filter(pk__in=deleted).delete()
    if old or new:
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.LEDGER_FEES_SAVE,
            instance=sheet,
            old_values=old,
            new_values=new,
        )
    return CellChanges(
        created=len(created), updated=len(updated), unchanged=unchanged, deleted=len(deleted)
    )
