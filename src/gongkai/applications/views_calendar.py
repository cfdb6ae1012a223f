"""节假日安排: the years the platform knows, and entering a year's arrangement (superusers only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications.models import CalendarYear
from gongkai.applications.services import calendar_year_save, clock_today
from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar
from gongkai.organizations.models import User

YEAR_MIN = 2000
YEAR_MAX = 2100
#: "2027-02-10至2027-02-17 春节": one date or a range, then an optional note (not stored).
_LINE = re.compile(
    r"^(?P<start>\S+?)(?:\s*(?:至|~|～|—|到)\s*(?P<end>\d{4}-\d{1,2}-\d{1,2}))?(?:\s+.*)?$"
)


def _superuser(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied("只有系统管理员可以管理节假日安排。")
    return user


def parse_date_lines(text: str, *, year: int, label: str) -> list[date]:
    """The dates of ``text``: one date or range per line; Chinese ``ValidationError`` if bad."""
    days: set[date] = set()
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        try:
            if match is None:
                raise ValueError
            start = date.fromisoformat(_pad(match["start"]))
            end = date.fromisoformat(_pad(match["end"])) if match["end"] else start
        except ValueError:
            errors.append(f"{label}第{number}行：“{line}”不是有效日期（应为2027-01-01或范围）。")
            continue
        if end < start:
            errors.append(f"{label}第{number}行：结束日期早于开始日期。")
            continue
        if start.year != year or end.year != year:
            errors.append(f"{label}第{number}行：日期不在{year}年内。")
            continue
        days.update(start + timedelta(days=i) for i in range((end - start).days + 1))
    if errors:
        raise ValidationError(errors)
    return sorted(days)


def _pad(value: str) -> str:
    parts = value.split("-")
    if len(parts) != 3:
        raise ValueError(value)
    return f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"


def date_lines(days: list[date]) -> str:
    """Dates as lines, consecutive days folded into one range (the form's initial text)."""
    lines: list[str] = []
    run: list[date] = []
    for day in sorted(days):
        if run and day - run[-1] == timedelta(days=1):
            run.append(day)
            continue
        if run:
            lines.append(_run_text(run))
        run = [day]
    if run:
        lines.append(_run_text(run))
    return "\n".join(lines)


def _run_text(run: list[date]) -> str:
    if len(run) == 1:
        return run[0].isoformat()
    return f"{run[0].isoformat()}至{run[-1].isoformat()}"


class CalendarYearForm(forms.Form):
    holidays = forms.CharField(
        label="放假日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每行一个日期或范围，如 2027-01-01 或 2027-02-10至2027-02-17 春节（含周末）。",
    )
    make_up_workdays = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个日期，须为周六或周日。",
    )
    source = forms.CharField(
        label="依据（文号）",
        max_length=200,
        required=False,
        help_text="如 国办发明电〔2026〕×号",
    )

    def __init__(self, *args: object, year: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.year = year

    def clean_holidays(self) -> list[date]:
        return parse_date_lines(self.cleaned_data["holidays"], year=self.year, label="放假日期")

    def clean_make_up_workdays(self) -> list[date]:
        return parse_date_lines(
            self.cleaned_data["make_up_workdays"], year=self.year, label="调休上班日期"
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        both = sorted(
            set(cleaned.get("holidays") or []) & set(cleaned.get("make_up_workdays") or [])
        )
        if both:
            raise ValidationError(f"{both[0].isoformat()}不能既是放假日又是调休上班日。")
        return cleaned


@dataclass(frozen=True)
class YearRow:
    year: int
    entered: CalendarYear | None
    packaged: bool


def _package_days(year: int) -> tuple[list[date], list[date]]:
    """The built-in calendar's weekday holidays and weekend workdays of ``year`` (or none)."""
    calendar = WorkCalendar()
    holidays: list[date] = []
    workdays: list[date] = []
    day = date(year, 1, 1)
    try:
        while day.year == year:
            working, reason = calendar.day_info(day)
            if not working and reason != "周末":
                holidays.append(day)
            elif working and day.weekday() >= 5:
                workdays.append(day)
            day += timedelta(days=1)
    except CalendarYearUnknownError:
        return [], []
    return holidays, workdays


@require_safe
@login_required
def calendar_years(request: HttpRequest) -> HttpResponse:
    """Every year the platform knows: entered arrangements and the built-in calendar's years."""
    _superuser(request)
    entered = {row.year: row for row in CalendarYear.objects.all()}
    builtin = WorkCalendar()
    this_year = clock_today().year
    years = sorted(
        set(entered)
        | {y for y in range(YEAR_MIN, this_year + 2) if builtin.knows(y)}
        | {this_year, this_year + 1}
    )
    rows = [YearRow(y, entered.get(y), builtin.knows(y)) for y in reversed(years)]
    return render(request, "applications/calendar_years.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def calendar_year_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Enter or replace one year's arrangement; due dates waiting on it are computed."""
    user = _superuser(request)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise PermissionDenied(f"年份应在{YEAR_MIN}至{YEAR_MAX}年之间。")
    row = CalendarYear.objects.filter(year=year).first()
    status = 200
    if request.method == "POST":
        form = CalendarYearForm(request.POST, year=year)
        if form.is_valid():
            try:
                calendar_year_save(
                    actor=user,
                    year=year,
                    holidays=form.cleaned_data["holidays"],
                    make_up_workdays=form.cleaned_data["make_up_workdays"],
                    source=form.cleaned_data["source"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"{year}年节假日安排已保存，相关申请的答复期限已重新计算。"
                )
                return redirect("applications:calendar_years")
        status = 400
    elif row is not None:
        form = CalendarYearForm(
            initial={
                "holidays": date_lines([date.fromisoformat(d) for d in row.holidays]),
                "make_up_workdays": date_lines(
                    [date.fromisoformat(d) for d in row.make_up_workdays]
                ),
                "source": row.source,
            },
            year=year,
        )
    else:
        holidays, workdays = _package_days(year)
        form = CalendarYearForm(
            initial={
                "holidays": date_lines(holidays),
                "make_up_workdays": date_lines(workdays),
                "source": "",
            },
            year=year,
        )
    context = {"year": year, "row": row, "form": form, "packaged": WorkCalendar().knows(year)}
    return render(request, "applications/calendar_year.html", context, status=status)
