"""The audit page's filter: body, action and a date range (all optional)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from gongkai.audit.models import AuditAction


class AuditFilterForm(forms.Form):
    """Read from the query string; ``body`` offers only the bodies the reader may see."""

    body = forms.TypedChoiceField(label="机关", required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部操作"), *AuditAction.choices]
    )
    since = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效的日期，如 2026-01-31。"},
    )
    until = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效的日期，如 2026-01-31。"},
    )

    def __init__(self, *args: Any, bodies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "全部机关"), *bodies]
        field.error_messages["invalid_choice"] = "请从列表中选择机关。"
        action = self.fields["action"]
        action.error_messages["invalid_choice"] = "请从列表中选择操作。"

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        assert data is not None
        since: dt.date | None = data.get("since")
        until: dt.date | None = data.get("until")
        if since and until and since > until:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data
