"""Collected reports: a 监督员 adds the published report of a body that does not use gongkai.

The file as published (HTML, DOCX, PDF or text; pasted text is kept as a text file) is the
source of truth: ``report_collect`` reads it with the core (``gongkai.report.read``), stores its
title, preamble, six sections and three tables (``Report.to_canonical``) as a 已发布 report of
kind 收集, with the file and its SHA-256. ``report_cell_correct`` corrects one misread cell; the
correction keeps the value read beside the new value.

Whenever a collected report changes, its tables and findings are derived again from one place,
:func:`collected_reading`: the stored file read by the core, with the corrections applied. The
findings are the core's checks of that reading (``gongkai.report.check`` with the body's
``check_config``, plus the across-year checks against the previous year's report), so they are
exactly what the core reports for the file — including what only a reader sees (short rows,
headings printed without numerals) — with the corrected cells' values.

A correction may also fill a cell of a row the reader did not find (the row is added, its other
cells blank; ``value_read`` is ``""``). Uploading again for the same body and year replaces the
reading in one transaction: the same bytes change nothing (no new version); another file keeps
a correction only when the new file reads the same there as the old one did (the same value, or
the row still missed: the misreading persists), and drops the others (the new file speaks for
itself); the step and the page say which.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from gongkai.annual_reports.models import (
    AnnualReport,
    CellCorrection,
    ReportKind,
    ReportStatus,
    StepAction,
)
from gongkai.annual_reports.selectors import (
    TABLE_KEYS,
    check_config,
    core_report,
    previous_report,
    value_text,
)
from gongkai.annual_reports.services import report_locked, report_title, step_record
from gongkai.applications import services as clock
from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.selectors import bodies_subtree_ids
from gongkai.portal.services import body_version_bump
from gongkai.report import ReportReadError, read
from gongkai.report.checks import Finding, check, check_pair
from gongkai.report.formats import (
    APPLICATION_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TEMPLATES,
    Column,
    application_keys,
)
from gongkai.report.model import Cell, Report, Value, json_value
from gongkai.report.readers import detect

FIRST_YEAR = 2019
#: Largest accepted file by default (a published report with scanned annexes is a few MB);
#: the setting ``GONGKAI_COLLECT_MAX_BYTES`` changes it.
MAX_BYTES = 20 * 1024 * 1024
#: Input kinds a published report comes in (structured JSON/CSV are data, not a publication).
PUBLISHED_KINDS = {"pdf": "PDF", "docx": "Word（DOCX）", "html": "网页（HTML）", "text": "文本"}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "text": "txt"}
PASTED_NAME = "粘贴的文本"
FORBIDDEN_MESSAGE = "只有上级机关的监督员可以收集本机关的年度报告。"
#: ``CellCorrection.value_read`` of a cell in a row the reader did not find.
NOT_READ = ""
REPLACED_MESSAGE = "该报告的原始文件已被替换，请刷新页面后再更正。"


@dataclass(frozen=True)
class CollectOutcome:
    """What ``report_collect`` did: the report, and whether anything changed."""

    report: AnnualReport
    created: bool
    changed: bool
    dropped: tuple[str, ...] = ()


def collect_body_get_for_user(*, user: User, body_id: int) -> Body:
    """The body ``body_id`` if ``user`` is a 监督员 of it or of a body above it (or a superuser).

    A body's own clerk may see its pages but does not collect its report: collecting is the
    supervisor's record of what the body published elsewhere. A missing body answers the same.
    """
    if not user.is_active:
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    if not user.is_superuser:
        roots = set(
            Membership.objects.filter(user=user, role=Role.SUPERVISOR).values_list(
                "body_id", flat=True
            )
        )
        if not roots or body_id not in bodies_subtree_ids(root_ids=roots):
            raise PermissionDenied(FORBIDDEN_MESSAGE)
    body = Body.objects.filter(pk=body_id).first()
    if body is None:
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    return body


def may_collect(*, user: User, body: Body) -> bool:
    """Whether ``user`` may collect and correct ``body``'s reports."""
    try:
        collect_body_get_for_user(user=user, body_id=body.pk)
    except PermissionDenied:
        return False
    return True


# --- reading ----------------------------------------------------------------------------------


def upload_limit() -> int:
    """Largest accepted file or pasted text, in bytes."""
    return int(getattr(settings, "GONGKAI_COLLECT_MAX_BYTES", MAX_BYTES))


def limit_text() -> str:
    """The limit as staff read it: ``20 MB``."""
    limit = upload_limit()
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit} 字节"


def source_read(data: bytes, *, name: str) -> tuple[Report, str]:
    """The core's reading of a published report's bytes, and their input kind.

    ``ValidationError`` with the core's Chinese message for anything it cannot read, and for
    structured data files (they are not a publication).
    """
    if len(data) > upload_limit():
        raise ValidationError(f"文件过大（上限{limit_text()}）。")
    try:
        kind = detect(data)
        if kind not in PUBLISHED_KINDS:
            raise ValidationError(
                "这是结构化数据文件，不是发布的报告；请上传报告发布时的网页、Word（DOCX）、"
                "PDF 或文本，或粘贴报告全文。"
            )
        report = read(data, name=name)
    except ReportReadError as error:
        raise ValidationError(f"无法读取该报告：{error.message}。") from error
    return report, kind


def _column_keys(report: Report, table: str, row: str) -> tuple[Column, ...]:
    """The columns of one row of ``table`` in ``report``'s template."""
    template = TEMPLATES[report.template]
    if table == "applications":
        return APPLICATION_COLUMNS
    if table == "reviews_litigation":
        return REVIEW_COLUMNS
    return template.proactive_row(row)[0].columns


def cell_get(report: Report, table: str, row: str, column: str) -> Cell | None:
    """The cell at (``table``, ``row``, ``column``) of a reading; ``None`` when it has none.

    ``column`` is the column key of ``gongkai.report.formats`` (``natural_person``, ``upheld``,
    ``issued``…); a 2021 scalar row of 表二 (行政许可…) has the empty column ``""``.
    """
    if table == "proactive":
        entry = (report.proactive or {}).get(row)
        if isinstance(entry, Cell):
            return entry if column == "" else None
        if entry is None:
            return None
        return entry.get(column)
    rows = report.applications if table == "applications" else report.reviews_litigation
    if table not in ("applications", "reviews_litigation") or not rows or row not in rows:
        return None
    keys = [c.key for c in _column_keys(report, table, row)]
    if column not in keys or keys.index(column) >= len(rows[row]):
        return None
    return rows[row][keys.index(column)]


def cell_in_format(report: Report, table: str, row: str, column: str) -> bool:
    """Whether the reading's national format has the cell (read or not)."""
    template = TEMPLATES[report.template]
    if table == "proactive":
        try:
            sub, _ = template.proactive_row(row)
        except KeyError:
            return False
        return column == "" if sub.scalar else column in {c.key for c in sub.columns}
    if table == "applications":
        single = "3.6" in (report.applications or {})
        keys = application_keys(template, other_single=single)
        return row in keys and column in {c.key for c in APPLICATION_COLUMNS}
    if table == "reviews_litigation":
        groups = {group.key for group in REVIEW_GROUPS}
        return row in groups and column in {c.key for c in REVIEW_COLUMNS}
    return False


def cell_read_text(report: Report, table: str, row: str, column: str) -> str | None:
    """What the reading holds at a cell, as a correction stores it.

    JSON text of the value read (``null`` for a blank); ``""`` when the reader found no such
    row (a row of the format it missed); ``None`` when the format has no such cell.
    """
    cell = cell_get(report, table, row, column)
    if cell is not None:
        return cell_text(cell.value)
    return NOT_READ if cell_in_format(report, table, row, column) else None


def _row_add(report: Report, table: str, row: str) -> None:
    """A row the reader missed, blank (a correction fills one of its cells)."""
    if table == "proactive":
        sub, _ = TEMPLATES[report.template].proactive_row(row)
        entry: Cell | dict[str, Cell] = (
            Cell(None) if sub.scalar else {c.key: Cell(None) for c in sub.columns}
        )
        report.proactive = {**(report.proactive or {}), row: entry}
    elif table == "applications":
        report.applications = {**(report.applications or {}), row: [Cell(None)] * 7}
    else:
        report.reviews_litigation = {**(report.reviews_litigation or {}), row: [Cell(None)] * 5}


def _cell_set(report: Report, table: str, row: str, column: str, value: Any) -> None:
    old = cell_get(report, table, row, column)
    if old is None:
        _row_add(report, table, row)
        old = Cell(None)
    cell = Cell(value=value, raw=old.raw, loc=old.loc)
    if table == "proactive":
        assert report.proactive is not None
        entry = report.proactive[row]
        if isinstance(entry, Cell):
            report.proactive[row] = cell
        else:
            entry[column] = cell
        return
    rows = report.applications if table == "applications" else report.reviews_litigation
    assert rows is not None
    keys = [c.key for c in _column_keys(report, table, row)]
    cells = list(rows[row])
    cells[keys.index(column)] = cell
    rows[row] = cells


def _json_value(text: str) -> Any:
    value = json.loads(text)
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def collected_reading(report: AnnualReport, data: bytes | None = None) -> Report:
    """The stored file read by the core, with the report's corrections applied."""
    if data is None:
        with report.source_file.open("rb") as handle:
            data = handle.read()
    core, _ = source_read(data, name=report.source_name or report.title)
    _corrections_apply(report, core)
    return core


def _corrections_apply(report: AnnualReport, core: Report) -> None:
    for fix in report.corrections.all():
        if cell_in_format(core, fix.table, fix.row, fix.column):
            _cell_set(core, fix.table, fix.row, fix.column, _json_value(fix.value))


def _findings(report: AnnualReport, core: Report) -> list[Finding]:
    config = check_config(report.body)
    found = check(core, config)
    earlier = previous_report(report)
    if earlier is not None:
        found += check_pair(core_report(earlier), core, config)
    return found


def _store_reading(report: AnnualReport, core: Report) -> None:
    """Tables, findings and counts of ``report`` from ``core`` (the caller saves)."""
    canonical = core.to_canonical()
    report.tables = {key: canonical[key] for key in TABLE_KEYS if key in canonical}
    found = _findings(report, core)
    report.findings = [f.to_json() for f in found]
    report.errors = sum(1 for f in found if f.severity == "error")
    report.warnings = sum(1 for f in found if f.severity == "warning")


# --- collect ----------------------------------------------------------------------------------


def year_check(year: int, core: Report) -> None:
    today = clock.clock_today()
    if year < FIRST_YEAR:
        raise ValidationError(f"平台收集2019年起按国家格式发布的年度报告，不能收集{year}年的。")
    if year >= today.year:
        raise ValidationError(f"{year}年尚未结束，还没有该年度的年度报告。")
    if core.year is not None and core.year != year:
        raise ValidationError(
            f"文件是{core.year}年度的报告，与所选的{year}年度不符，请核对后再上传。"
        )


def _sections(core: Report) -> dict[str, str]:
    return {str(n): core.sections[n].text if n in core.sections else "" for n in range(1, 7)}


def cell_text(value: Value) -> str:
    """A cell value as a correction stores it (JSON text; money as a JSON number)."""
    return value_text(json_value(value))


def _kept(report: AnnualReport, new: Report) -> list[str]:
    """Drop corrections whose cell is gone or reads differently now; the dropped cells' names."""
    dropped: list[str] = []
    for correction in list(report.corrections.all()):
        where = (correction.table, correction.row, correction.column)
        if cell_read_text(new, *where) != correction.value_read:
            dropped.append(cell_name(*where))
            correction.delete()
    return dropped


def report_collect(
    *,
    actor: User,
    body: Body,
    year: int,
    data: bytes,
    name: str,
    published_on: date | None = None,
    source_url: str = "",
) -> CollectOutcome:
    """Store (or replace) the collected report of ``body`` for ``year`` from its published file.

    The caller has checked that ``actor`` may collect for ``body``
    (:func:`collect_body_get_for_user`). Nothing is stored when the file cannot be read.
    """
    if not may_collect(user=actor, body=body):
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    core, kind = source_read(data, name=name)
    year_check(year, core)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        if AnnualReport.objects.filter(body=body, year=year, kind=ReportKind.WRITTEN).exists():
            raise ValidationError(
                f"{body.name}已在平台上编制{year}年度报告，不能再收集该年度在别处发布的报告。"
            )
        created = False
        try:
            with transaction.atomic():
                AnnualReport.objects.create(
                    body=body,
                    year=year,
                    kind=ReportKind.COLLECTED,
                    status=ReportStatus.PUBLISHED,
                    template=core.template,
                    title=(core.title or report_title(body=body, year=year, kind="collected"))[
                        :200
                    ],
                    created_by=actor,
                )
                created = True
        except IntegrityError:  # collected before (or by someone else meanwhile)
            pass
        pk = AnnualReport.objects.get(body=body, year=year, kind=ReportKind.COLLECTED).pk
        report = report_locked(pk)
        meta_changed = (published_on is not None and report.published_on != published_on) or (
            bool(source_url) and report.source_url != source_url
        )
        if not created and report.source_sha256 == digest and not meta_changed:
            return CollectOutcome(report=report, created=False, changed=False)
        if published_on is not None:
            report.published_on = published_on
        if source_url:
            report.source_url = source_url
        dropped: list[str] = []
        replaced = not created and report.source_sha256 != digest
        if created or replaced:
            if replaced:
                dropped = _kept(report, core)
                _corrections_apply(report, core)
            report.template = core.template
            report.title = (core.title or report.title)[:200]
            report.preamble = core.preamble
            report.sections = _sections(core)
            report.source_name = name[:255]
            report.source_kind = kind
            report.source_sha256 = digest
            stem = f"{body.pk}-{year}-collected-{digest[:12]}.{EXTENSIONS[kind]}"
            report.source_file.save(stem, ContentFile(data), save=False)
            _store_reading(report, core)
        if not created:
            report.version += 1
        report.save()
        comment = "" if created else "替换原始文件。" if replaced else "更新发布日期或网址。"
        if dropped:
            comment += f"新文件在这些单元格读取的值不同，原有更正已撤销：{'、'.join(dropped)}。"
        step_record(report, StepAction.COLLECT, actor, comment)
        body_version_bump(body_id=report.body_id)  # the 专栏's 年报 part lists it
    return CollectOutcome(report=report, created=created, changed=True, dropped=tuple(dropped))


# --- corrections ------------------------------------------------------------------------------


def cell_name(table: str, row: str, column: str) -> str:
    """A cell's address as staff read it: ``表三 3.1 自然人``."""
    numeral = {"proactive": "表二", "applications": "表三", "reviews_litigation": "表四"}
    label = {
        c.key: c.label
        for c in (
            *APPLICATION_COLUMNS,
            *REVIEW_COLUMNS,
            *(
                col
                for template in TEMPLATES.values()
                for t in template.proactive
                for col in t.columns
            ),
        )
    }.get(column, column)
    return " ".join(part for part in (numeral.get(table, table), row, label) if part)


def cell_value_parse(text: str, *, money: bool) -> int | Decimal | None:
    """A corrected value as typed: blank for an empty cell, else a whole number (money: decimal)."""
    text = text.strip().replace(",", "").replace("，", "")
    if text in ("", "—", "-", "/", "无"):
        return None
    if money:
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValidationError("请填写金额（万元），如 12.5；留空表示该格为空。") from error
        if not amount.is_finite() or amount < 0:
            raise ValidationError("金额不能为负数。")
        return amount
    if not (text.isascii() and text.isdigit()):
        raise ValidationError("请填写不小于0的整数；留空表示该格为空。")
    return int(text)


def cell_is_money(report: Report, table: str, row: str, column: str) -> bool:
    """Whether a cell holds money (表二 行政事业性收费 of the 2021 format)."""
    if table != "proactive":
        return False
    columns = _column_keys(report, table, row)
    if column == "":
        return columns[0].kind == "money"
    return any(c.key == column and c.kind in ("money", "text") for c in columns)


def report_cell_correct(
    *,
    actor: User,
    report_id: int,
    table: str,
    row: str,
    column: str,
    value: str,
    reason: str,
) -> AnnualReport:
    """Correct one misread cell of a collected report, keeping the value read beside it.

    Correcting a cell back to the value read removes its correction.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明更正理由（如：原文该格为 3，读取为 8）。")
    report = AnnualReport.objects.select_related("body").filter(pk=report_id).first()
    if report is None or report.kind != ReportKind.COLLECTED:
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    if not may_collect(user=actor, body=report.body):
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    with report.source_file.open("rb") as handle:
        data = handle.read()
    plain, _ = source_read(data, name=report.source_name or report.title)
    value_read = cell_read_text(plain, table, row, column)
    if value_read is None:
        raise ValidationError("国家格式中没有这一格。")
    parsed = cell_value_parse(value, money=cell_is_money(plain, table, row, column))
    sha = report.source_sha256
    with transaction.atomic():
        report = report_locked(report_id)
        if report.source_sha256 != sha:
            raise ValidationError(REPLACED_MESSAGE)
        new_value = cell_text(parsed)
        existing = CellCorrection.objects.filter(
            report=report, table=table, row=row, column=column
        ).first()
        if new_value == value_read:
            if existing is not None:
                existing.delete()
        elif existing is not None:
            existing.value = new_value
            existing.reason = reason
            existing.corrected_by = actor
            existing.corrected_at = clock.clock_now()
            existing.save()
        else:
            CellCorrection.objects.create(
                report=report,
                table=table,
                row=row,
                column=column,
                value_read=value_read,
                value=new_value,
                reason=reason,
                corrected_by=actor,
                corrected_at=clock.clock_now(),
            )
        _store_reading(report, collected_reading(report, data))
        report.version += 1
        report.save()
        step_record(
            report,
            StepAction.CORRECT,
            actor,
            f"{cell_name(table, row, column)}：{value_read} → {new_value}。{reason}",
        )
        body_version_bump(body_id=report.body_id)
    return report


__all__ = [
    "MAX_BYTES",
    "CollectOutcome",
    "cell_get",
    "cell_name",
    "collect_body_get_for_user",
    "collected_reading",
    "may_collect",
    "report_cell_correct",
    "report_collect",
    "source_read",
]
