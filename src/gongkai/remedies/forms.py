"""The form of a 复议/诉讼 case (create and edit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from gongkai.organizations.models import Body
from gongkai.remedies.models import DECISION_CHOICES, CaseKind, RemedyCase, Result
from gongkai.remedies.selectors import application_find_in_body
from gongkai.remedies.services import RemedyCaseData

REQUIRED = {"required": "此项为必填项。"}
DATE_ERRORS = {"required": "此项为必填项。", "invalid": "请按“年-月-日”填写日期，如 2025-03-18。"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReviewChoiceField(forms.ModelChoiceField[RemedyCase]):
    """A 行政复议 case of the body, shown by date, 案号 and 复议机关."""

    def label_from_instance(self, obj: RemedyCase) -> str:
        number = obj.case_number or f"登记号 {obj.pk}"
        return f"{obj.filed_on:%Y-%m-%d} {number}（{obj.deciding_organ}）"


class RemedyCaseForm(forms.Form):
    """Every field of a case; the service checks the rules that span fields."""

    kind = forms.ChoiceField(label="案件类型", choices=CaseKind.choices, error_messages=REQUIRED)
    application_number = forms.CharField(
        label="所涉申请编号",
        max_length=20,
        required=False,
        help_text="因本机关办理的政府信息公开申请引起的，填写申请编号（如 2025-000123）。",
    )
    subject = forms.CharField(
        label="所涉事项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不涉及申请的（如主动公开工作），简要写明所涉事项。",
    )
    applicant_name = forms.CharField(
        label="申请人（原告）", max_length=200, error_messages=REQUIRED
    )
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    filed_on = forms.DateField(
        label="申请（立案）日期", widget=DateInput(), error_messages=DATE_ERRORS
    )
    deciding_organ = forms.CharField(
        label="复议机关（人民法院）", max_length=200, error_messages=REQUIRED
    )
    result = forms.ChoiceField(label="结果", choices=Result.choices, error_messages=REQUIRED)
    decision = forms.ChoiceField(
        label="决定（裁判）方式",
        choices=[("", "（未选择）"), *DECISION_CHOICES],
        required=False,
        help_text="可选；选择后须与“结果”一致（撤销、变更、确认违法、责令履行、确认无效均为纠正）。",
    )
    decided_on = forms.DateField(
        label="决定（裁判）日期",
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text="尚未审结的案件不填。",
    )
    review_case = ReviewChoiceField(
        label="此前的行政复议案件",
        queryset=RemedyCase.objects.none(),
        required=False,
        empty_label="（无）",
        help_text="仅“行政诉讼（复议后起诉）”案件填写。",
        error_messages={"invalid_choice": "只能选择本机关的行政复议案件。"},
    )
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        body: Body,
        reviews: QuerySet[RemedyCase],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        review_field = self.fields["review_case"]
        assert isinstance(review_field, forms.ModelChoiceField)
        review_field.queryset = reviews

    def clean_application_number(self) -> str:
        number = str(self.cleaned_data.get("application_number", "")).strip()
        if number and application_find_in_body(body=self.body, number=number) is None:
            raise ValidationError(f"本机关没有编号为“{number}”的申请。")
        return number

    def data_for_service(self) -> RemedyCaseData:
        """The cleaned values as the service takes them."""
        values = self.cleaned_data
        number = values["application_number"]
        application = application_find_in_body(body=self.body, number=number) if number else None
        return RemedyCaseData(
            kind=values["kind"],
            applicant_name=values["applicant_name"],
            filed_on=values["filed_on"],
            deciding_organ=values["deciding_organ"],
            application=application,
            subject=values["subject"],
            case_number=values["case_number"],
            decided_on=values["decided_on"],
            decision=values["decision"],
            result=values["result"],
            review_case=values["review_case"],
            notes=values["notes"],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ``ValidationError`` on the fields it names (others above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = "application_number" if field == "application" else field
            self.add_error(target if target in self.fields else None, messages)

    def describe_errors(self) -> None:
        """Point each invalid field at its error text (``aria-describedby``)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-describedby"] = f"id_{name}-errors"
                widget.attrs["aria-invalid"] = "true"


def initial_for(case: RemedyCase) -> dict[str, Any]:
    """The form's initial values for editing ``case``."""
    return {
        "kind": case.kind,
        "application_number": case.application.number if case.application else "",
        "subject": case.subject,
        "applicant_name": case.applicant_name,
        "case_number": case.case_number,
        "filed_on": case.filed_on,
        "deciding_organ": case.deciding_organ,
        "result": case.result,
        "decision": case.decision,
        "decided_on": case.decided_on,
        "review_case": case.review_case_id,
        "notes": case.notes,
        "version": case.version,
    }
