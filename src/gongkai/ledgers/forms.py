"""Forms of the ledger screens: Chinese labels and messages, no writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from gongkai.ledgers.models import DecisionKind, DocumentKind, RegisteredDocument
from gongkai.ledgers.selectors import MONTHS

REQUIRED = {"required": "此项为必填项。"}
DATE_ERRORS = {"required": "此项为必填项。", "invalid": "请按 年-月-日 填写日期，如 2021-12-31。"}
DECISION_KINDS: tuple[DecisionKind, ...] = tuple(DecisionKind)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class VersionForm(forms.Form):
    """Carries the version the page was loaded with (stale edits are refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def expected_version(self) -> int | None:
        value = self.cleaned_data.get("version")
        return int(value) if value is not None else None


class DocumentForm(VersionForm):
    """A 规章 or 行政规范性文件; on an existing repealed document, its repeal too."""

    kind = forms.ChoiceField(label="类别", choices=DocumentKind.choices, error_messages=REQUIRED)
    title = forms.CharField(label="标题", max_length=300, error_messages=REQUIRED)
    number = forms.CharField(
        label="文号", max_length=100, error_messages=REQUIRED, help_text="如：南关府规〔2021〕1号"
    )
    issued_on = _date("制发日期")
    effective_on = _date("施行日期", required=False, help_text="与制发日期相同可不填。")

    def __init__(self, *args: Any, document: RegisteredDocument | None = None, **kwargs: Any):
        if document is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": document.version,
                "kind": document.kind,
                "title": document.title,
                "number": document.number,
                "issued_on": document.issued_on,
                "effective_on": document.effective_on,
                "repealed_on": document.repealed_on,
                "repeal_reason": document.repeal_reason,
            }
        super().__init__(*args, **kwargs)
        if document is not None and document.repealed_on is not None:
            self.fields["repealed_on"] = _date(
                "废止日期", required=False, help_text="清空废止日期和原因即撤销废止登记。"
            )
            self.fields["repeal_reason"] = forms.CharField(
                label="废止原因", max_length=500, required=False, widget=forms.Textarea({"rows": 2})
            )


class RepealForm(VersionForm):
    """The day a document was repealed and why."""

    repealed_on = _date("废止日期")
    reason = forms.CharField(
        label="废止原因",
        max_length=500,
        error_messages={"required": "请填写废止原因。"},
        widget=forms.Textarea({"rows": 3}),
        help_text="如：被《……》（文号）废止；有效期届满；上位法修改。",
    )


class AmendForm(VersionForm):
    """One 修改 of a document."""

    amended_on = _date("修改日期")
    number = forms.CharField(label="修改文号", max_length=100, required=False)
    note = forms.CharField(
        label="修改说明",
        max_length=500,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text="修改文号和修改说明至少填写一项。",
    )


def decision_field(month: int, index: int) -> str:
    return f"m{month}_{index}"


class DecisionYearForm(VersionForm):
    """A year of counts: 12 months × 行政许可/行政处罚/行政强制; a blank cell is not entered."""

    def __init__(self, *args: Any, cells: dict[tuple[int, str], int] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for month in MONTHS:
            for index, kind in enumerate(DECISION_KINDS):
                self.fields[decision_field(month, index)] = forms.IntegerField(
                    label=f"{month}月{kind}",
                    required=False,
                    min_value=0,
                    error_messages={
                        "invalid": "请填写整数。",
                        "min_value": "数量不能为负数。",
                    },
                    initial=(cells or {}).get((month, kind)),
                    widget=forms.NumberInput({"min": "0", "step": "1", "inputmode": "numeric"}),
                )

    def counts(self) -> dict[tuple[int, str], int | None]:
        return {
            (month, str(kind)): self.cleaned_data.get(decision_field(month, index))
            for month in MONTHS
            for index, kind in enumerate(DECISION_KINDS)
        }

    def rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        """The fields month by month, for the table."""
        return [
            (month, [self[decision_field(month, index)] for index in range(len(DECISION_KINDS))])
            for month in MONTHS
        ]


class FeeYearForm(VersionForm):
    """A year of 行政事业性收费 by month, in 万元."""

    def __init__(self, *args: Any, cells: dict[int, Decimal] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for month in MONTHS:
            self.fields[f"m{month}"] = forms.DecimalField(
                label=f"{month}月收费金额（万元）",
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=4,
                error_messages={
                    "invalid": "请填写金额，如 1.2345。",
                    "min_value": "金额不能为负数。",
                    "max_decimal_places": "金额以万元为单位，最多4位小数。",
                    "max_digits": "金额过大。",
                    "max_whole_digits": "金额过大。",
                },
                initial=(cells or {}).get(month),
                widget=forms.NumberInput({"min": "0", "step": "0.0001", "inputmode": "decimal"}),
            )

    def amounts(self) -> dict[int, Decimal | None]:
        return {month: self.cleaned_data.get(f"m{month}") for month in MONTHS}

    def months(self) -> list[tuple[int, forms.BoundField]]:
        return [(month, self[f"m{month}"]) for month in MONTHS]


class YearForm(forms.Form):
    """The year (and whether to sum the subtree) of the 表二 preview."""

    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, required=False)
    subtree = forms.BooleanField(label="含下级机关", required=False)


def this_or(year: int | None, today: date) -> int:
    return year if year is not None else today.year
