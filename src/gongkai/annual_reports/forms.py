"""Forms of the annual report pages: compiling a year and the editor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from gongkai.annual_reports.selectors import section_heading
from gongkai.annual_reports.services import ReportEdit

#: Prefix of an explanation box's name; the rest of the name is the warning's ``finding_key``.
EXPLAIN_PREFIX = "explain:"


def section_field(number: int) -> str:
    return f"section_{number}"


class CompileForm(forms.Form):
    """编制某年度报告: one of the years the page offers."""

    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, f"{year}年") for year in years]
        field.error_messages["invalid_choice"] = "只能编制页面上列出的年度。"


class ReportEditForm(forms.Form):
    """The editor: 导语, the six sections, the version the page was loaded at.

    Explanations of warnings come as ``explain:<finding key>`` fields (one per warning shown),
    read by :meth:`explanations` so that a warning's text survives a check that moves it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    preamble = forms.CharField(
        label="导语（统计期限、联系方式等）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, 7):
            self.fields[section_field(number)] = forms.CharField(
                label=section_heading(number),
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8 if number in (1, 5, 6) else 3}),
            )
        self.fields["preamble"].strip = False  # type: ignore[attr-defined]

    def section_fields(self) -> list[forms.BoundField]:
        return [self[section_field(number)] for number in range(1, 7)]

    def explanations(self) -> dict[str, str]:
        data = self.data if isinstance(self.data, QueryDict) else QueryDict()
        return {
            name.removeprefix(EXPLAIN_PREFIX): str(data.get(name, ""))
            for name in data
            if name.startswith(EXPLAIN_PREFIX) and len(name) > len(EXPLAIN_PREFIX)
        }

    def edit(self) -> ReportEdit:
        """What the service saves (call after ``is_valid``)."""
        data = self.cleaned_data
        return ReportEdit(
            sections={str(n): str(data.get(section_field(n)) or "") for n in range(1, 7)},
            preamble=str(data.get("preamble") or ""),
            explanations=self.explanations(),
        )


def initial_for(*, version: int, preamble: str, sections: dict[str, Any]) -> dict[str, Any]:
    """The editor's initial values from a stored report."""
    initial: dict[str, Any] = {"version": version, "preamble": preamble}
    for number in range(1, 7):
        initial[section_field(number)] = str(sections.get(str(number), ""))
    return initial
