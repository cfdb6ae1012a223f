"""Forms of the public application page, the tracking page and the staff intake."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from gongkai.applications.models import (
    ApplicantKind,
    Channel,
    Delivery,
    IdType,
    InfoForm,
)

APPLICANT_FIELDS = (
    "applicant_kind",
    "name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "form",
    "delivery",
)
REQUIRED = {"required": "此项为必填项。"}


class ApplicantForm(forms.Form):
    """What 《条例》第二十九条 requires of an application."""

    applicant_kind = forms.ChoiceField(
        label="申请人类型", choices=ApplicantKind.choices, error_messages=REQUIRED
    )
    name = forms.CharField(label="申请人姓名或名称", max_length=200, error_messages=REQUIRED)
    id_type = forms.ChoiceField(
        label="身份证明类型", choices=IdType.choices, error_messages=REQUIRED
    )
    id_number = forms.CharField(
        label="证件号码",
        max_length=50,
        error_messages=REQUIRED,
        help_text="自然人填写居民身份证号码；法人或其他组织填写统一社会信用代码。",
    )
    contact_person = forms.CharField(
        label="联系人", max_length=100, required=False, help_text="法人或其他组织填写。"
    )
    phone = forms.CharField(label="联系电话", max_length=50, error_messages=REQUIRED)
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不正确。"}
    )
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为6位数字。"},
    )
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "请填写所需政府信息的名称、文号或其他特征性描述。"},
    )
    purpose = forms.CharField(
        label="备注", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    form = forms.ChoiceField(
        label="所需信息的载体形式",
        choices=InfoForm.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    delivery = forms.ChoiceField(
        label="获取信息的方式",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    attachment = forms.FileField(
        label="附件（可选）",
        required=False,
        help_text="PDF、图片、Word 或文本文件，不超过10MB。",
    )

    def applicant_data(self) -> dict[str, Any]:
        """The cleaned values the services take."""
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}


class ApplyForm(ApplicantForm):
    """The public form, with a field robots fill and people never see, and a small sum."""

    website = forms.CharField(label="网址（请勿填写）", required=False)
    challenge = forms.IntegerField(
        label="验证题",
        error_messages={"required": "请回答验证题。", "invalid": "请填写数字。"},
    )
    token = forms.CharField(widget=forms.HiddenInput)


class IntakeForm(ApplicantForm):
    """Staff registration of an application that came by letter, in person, fax or e-mail."""

    channel = forms.ChoiceField(
        label="申请渠道",
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        error_messages=REQUIRED,
    )
    received_on = forms.DateField(
        label="收到申请日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写收到申请日期。", "invalid": "日期格式不正确。"},
        help_text="当面提交以提交日、挂号信以签收日、平信/传真/电子邮件以与申请人确认日为准"
        "（《条例》第三十一条）。",
    )
    receipt_evidence = forms.CharField(
        label="确认情况",
        max_length=300,
        required=False,
        help_text="如：2026年3月2日电话与申请人确认，经办人某某。",
    )

    field_order = ("channel", "received_on", "receipt_evidence", *APPLICANT_FIELDS, "attachment")


class TrackForm(forms.Form):
    """申请编号 and 查询码."""

    number = forms.CharField(label="申请编号", max_length=20, error_messages=REQUIRED)
    code = forms.CharField(
        label="查询码",
        max_length=20,
        error_messages=REQUIRED,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


def form_errors_add(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form's fields (or the form) it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
