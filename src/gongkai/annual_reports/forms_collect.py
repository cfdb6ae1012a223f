"""Forms of the collect pages: the published file (or its text) and a cell's correction."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.annual_reports.services_collect import PASTED_NAME, limit_text, upload_limit
from gongkai.applications.services import clock_today

REQUIRED = {"required": "此项为必填项。"}
DATE_ERRORS = {"invalid": "请按“年-月-日”填写日期，如 2022-01-28。"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CollectForm(forms.Form):
    """A body's published report of one year: a file, or its text pasted."""

    year = forms.TypedChoiceField(label="报告年度", coerce=int, error_messages=REQUIRED)
    file = forms.FileField(
        label="报告文件",
        required=False,
        help_text="报告发布时的网页（HTML）、Word（DOCX）、PDF 或文本文件；文件类型按内容识别。",
    )
    text = forms.CharField(
        label="或粘贴报告全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="没有文件时，从发布页面复制报告全文（含统计表）粘贴在此。",
    )
    published_on = forms.DateField(
        label="发布日期",
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    source_url = forms.URLField(
        label="发布网址",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "请填写完整的网址，如 https://www.example.gov.cn/…"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        last = clock_today().year - 1
        self.fields["file"].help_text += f"不超过{limit_text()}。"
        self.fields["year"].choices = [(y, f"{y}年") for y in range(last, 2018, -1)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = str(data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError("请上传报告文件，或粘贴报告全文。")
        if upload is not None and text:
            raise forms.ValidationError("请只上传文件或只粘贴全文，不要同时提供。")
        if upload is not None and upload.size is not None and upload.size > upload_limit():
            self.add_error("file", f"文件过大（上限{limit_text()}）。")
        if len(text.encode("utf-8")) > upload_limit():
            self.add_error("text", f"粘贴的内容过长（上限{limit_text()}）。")
        return data

    def source(self) -> tuple[bytes, str]:
        """The bytes to read and the name they are kept under."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read(), str(upload.name or "报告文件")
        return str(self.cleaned_data["text"]).strip().encode("utf-8"), PASTED_NAME


class CorrectionForm(forms.Form):
    """One cell's corrected value and why; ``cells`` are the reading's (key, name) pairs."""

    cell = forms.ChoiceField(label="单元格", error_messages=REQUIRED)
    value = forms.CharField(
        label="更正为",
        max_length=40,
        required=False,
        help_text="不小于0的整数（收费金额可带小数）；留空表示该格为空。",
    )
    reason = forms.CharField(
        label="更正理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REQUIRED,
        help_text="如：原文该格为 3，读取为 8。",
    )

    def __init__(self, *args: Any, cells: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [("", "（选择单元格）"), *cells]  # type: ignore[attr-defined]

    def address(self) -> tuple[str, str, str]:
        """``(table, row, column)`` of the chosen cell."""
        table, row, column = str(self.cleaned_data["cell"]).split("|", 2)
        return table, row, column
