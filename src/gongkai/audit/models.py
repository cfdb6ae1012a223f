"""Audit events: written once by the services, never changed or deleted by the application."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event through the application."""


class AuditAction(models.TextChoices):
    """What happened to the record."""

    BODY_CREATE = "body_create", "新建机关"
    BODY_UPDATE = "body_update", "修改机关"
    MEMBERSHIP_GRANT = "membership_grant", "授予角色"
    MEMBERSHIP_REVOKE = "membership_revoke", "撤销角色"
    USER_CREATE = "user_create", "新建用户"
    APPLICATION_CREATE = "application_create", "新建政府信息公开申请"
    APPLICATION_ACTION = "application_action", "办理政府信息公开申请"
    CALENDAR_YEAR_SAVE = "calendar_year_save", "录入节假日安排"
    API_TOKEN_CREATE = "api_token_create", "新建接口令牌"
    API_TOKEN_REVOKE = "api_token_revoke", "吊销接口令牌"
    PUBLICATION_CREATE = "publication_create", "新建主动公开信息"
    PUBLICATION_ACTION = "publication_action", "办理主动公开信息"
    PUBLICATION_SETUP = "publication_setup", "设置主动公开渠道与分类"
    LEDGER_DOCUMENT_CREATE = "ledger_document_create", "登记规章或规范性文件"
    LEDGER_DOCUMENT_UPDATE = "ledger_document_update", "修改规章或规范性文件登记"
    LEDGER_DOCUMENT_REPEAL = "ledger_document_repeal", "登记废止规章或规范性文件"
    LEDGER_DOCUMENT_AMEND = "ledger_document_amend", "登记修改规章或规范性文件"
    LEDGER_DECISIONS_SAVE = "ledger_decisions_save", "录入处理决定数量"
    LEDGER_DECISIONS_IMPORT = "ledger_decisions_import", "导入处理决定数量"
    LEDGER_FEES_SAVE = "ledger_fees_save", "录入行政事业性收费"
    REMEDY_CASE_CREATE = "remedy_case_create", "登记复议诉讼案件"
    REMEDY_CASE_UPDATE = "remedy_case_update", "修改复议诉讼案件"
    ANNUAL_REPORT_ACTION = "annual_report_action", "办理年度报告"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk changes are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("操作记录不能修改。")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("操作记录不能删除。")


class AuditEvent(models.Model):
    """One change to one record, with the values before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField("操作", max_length=40, choices=AuditAction.choices)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=50)
    old_values = models.JSONField("原值", default=dict, blank=True)
    new_values = models.JSONField("新值", default=dict, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["body", "-at"], name="audit_body_at")]

    def __str__(self) -> str:
        action = self.get_action_display()
        return f"{self.at:%Y-%m-%d %H:%M} {action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AuditLogIsAppendOnly("操作记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("操作记录不能删除。")
