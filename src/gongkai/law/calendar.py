"""The statutory working-day calendar (工作日).

A working day is Monday to Friday, minus the 法定节假日 and their 调休 days off, plus the
weekend days the State Council's yearly notice (国务院办公厅 放假安排通知) turns into working
days (调休上班);
see ``shared/reference/regulations.md`` §5 and 《全国年节及纪念日放假办法》.

Where a year comes from, in this order:

1. a :class:`YearArrangement` entered by an administrator from that year's notice (wins);
2. the ``chinese-calendar`` package, for the years it knows (1.11: 2004–2026);
3. otherwise :class:`CalendarYearUnknownError`, naming the year — never a guess.

Periods are counted the way 《民事诉讼法》第八十五条 counts them: the starting day is not counted,
so ``add_workdays(start, n)`` is the n-th working day *after* ``start``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no types

__all__ = [
    "ArrangementError",
    "CalendarYearUnknownError",
    "SkippedRun",
    "WorkCalendar",
    "YearArrangement",
    "arrangement_from_mapping",
    "arrangement_to_mapping",
    "group_skipped",
]

WEEKEND = "周末"
MAKE_UP_WORKDAY = "调休上班"
HOLIDAY = "节假日"

#: ``chinese-calendar``'s holiday names in Chinese.
PACKAGE_HOLIDAY_NAMES: Mapping[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class CalendarYearUnknownError(Exception):
    """No holiday arrangement is known for ``year``; the message is Chinese and names the year."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"尚未录入{year}年的节假日安排，请管理员按国务院办公厅通知录入。")


class ArrangementError(ValueError):
    """An entered :class:`YearArrangement` contradicts itself (Chinese message)."""


@dataclass(frozen=True)
class YearArrangement:
    """One year's State Council holiday notice, as entered by an administrator.

    ``holidays`` are the 放假 days (weekdays and weekends alike), ``make_up_workdays`` the
    调休上班 weekend days. ``names`` optionally names holiday days ("春节") for the explanations.
    """

    year: int
    holidays: frozenset[date]
    make_up_workdays: frozenset[date]
    source: str = ""
    names: Mapping[date, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        strays = sorted(d for d in self.holidays | self.make_up_workdays if d.year != self.year)
        if strays:
            raise ArrangementError(
                f"{self.year}年的节假日安排中含有其他年份的日期：{strays[0].isoformat()}。"
            )
        both = sorted(self.holidays & self.make_up_workdays)
        if both:
            raise ArrangementError(f"{both[0].isoformat()}不能既是放假日又是调休上班日。")
        weekdays = sorted(d for d in self.make_up_workdays if d.weekday() < 5)
        if weekdays:
            raise ArrangementError(f"调休上班日应为周六或周日，{weekdays[0].isoformat()}是工作日。")


def arrangement_to_mapping(arrangement: YearArrangement) -> dict[str, object]:
    """A JSON-ready dict (ISO dates), the inverse of :func:`arrangement_from_mapping`."""
    return {
        "year": arrangement.year,
        "holidays": sorted(d.isoformat() for d in arrangement.holidays),
        "make_up_workdays": sorted(d.isoformat() for d in arrangement.make_up_workdays),
        "source": arrangement.source,
        "names": {d.isoformat(): name for d, name in sorted(arrangement.names.items())},
    }


def arrangement_from_mapping(data: Mapping[str, object]) -> YearArrangement:
    """Build an arrangement from JSON-like data; :class:`ArrangementError` (Chinese) if bad."""

    def dates(key: str) -> frozenset[date]:
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise ArrangementError(f"“{key}”应为日期列表。")
        return frozenset(_parse_date(item) for item in raw)

    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise ArrangementError("节假日安排缺少年份（year）。")
    source = data.get("source", "")
    names = data.get("names", {})
    if not isinstance(source, str) or not isinstance(names, dict):
        raise ArrangementError("节假日安排的来源（source）或名称（names）格式不正确。")
    return YearArrangement(
        year=year,
        holidays=dates("holidays"),
        make_up_workdays=dates("make_up_workdays"),
        source=source,
        names={_parse_date(k): str(v) for k, v in names.items()},
    )


def _parse_date(value: object) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ArrangementError(f"“{value}”不是有效日期（应为YYYY-MM-DD）。") from None


@dataclass(frozen=True)
class SkippedRun:
    """Consecutive non-working days, with their reasons (for the ledger)."""

    first: date
    last: date
    reasons: tuple[str, ...]

    @property
    def span(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}至{self.last.isoformat()}"

    @property
    def text(self) -> str:
        """E.g. "2026-10-01至2026-10-07 国庆节 放假，不计" or "2026-10-11 周末，不计"."""
        holidays = [r for r in self.reasons if r != WEEKEND]
        if holidays:
            return f"{self.span} {'、'.join(holidays)} 放假，不计"
        return f"{self.span} {WEEKEND}，不计"


def group_skipped(days: list[tuple[date, str]]) -> list[SkippedRun]:
    """Group consecutive skipped days (as from :meth:`WorkCalendar.skipped_days`) into runs."""
    runs: list[SkippedRun] = []
    for day, reason in sorted(days):
        if runs and runs[-1].last + _ONE_DAY == day:
            last = runs[-1]
            reasons = last.reasons if reason in last.reasons else (*last.reasons, reason)
            runs[-1] = SkippedRun(last.first, day, reasons)
        else:
            runs.append(SkippedRun(day, day, (reason,)))
    return runs


@functools.lru_cache(maxsize=4096)
def _package_day(day: date) -> tuple[bool, str | None]:
    """(holiday, name) of ``day`` in the packaged calendar, which never changes while running.

    Cached for the process: a lookup costs some 15 µs, and a work queue page asks about every
    day between its cases' due dates and today. ``NotImplementedError`` (a year the package
    does not know) is raised again each time, never cached.
    """
    holiday, name = chinese_calendar.get_holiday_detail(day)
    return bool(holiday), name


class WorkCalendar:
    """Working days by the State Council's arrangements; entered arrangements win."""

    def __init__(self, arrangements: Mapping[int, YearArrangement] | None = None) -> None:
        self._arrangements: dict[int, YearArrangement] = dict(arrangements or {})
        self._days: dict[date, tuple[bool, str]] = {}  # memo: a calendar is immutable

    @property
    def arrangements(self) -> Mapping[int, YearArrangement]:
        return dict(self._arrangements)

    def knows(self, year: int) -> bool:
        """Whether the calendar has an arrangement for ``year`` (entered or packaged)."""
        if year in self._arrangements:
            return True
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def day_info(self, day: date) -> tuple[bool, str]:
        """(is working day, Chinese reason).

        The reason of a non-working day is the holiday's name or "周末"; of a working weekend
        day "调休上班"; of an ordinary working day "".
        """
        info = self._days.get(day)
        if info is None:
            info = self._days[day] = self._day_info(day)
        return info

    def _day_info(self, day: date) -> tuple[bool, str]:
        arrangement = self._arrangements.get(day.year)
        weekend = day.weekday() >= 5
        if arrangement is not None:
            if day in arrangement.holidays:
                return False, arrangement.names.get(day, HOLIDAY)
            if day in arrangement.make_up_workdays:
                return True, MAKE_UP_WORKDAY
            return (False, WEEKEND) if weekend else (True, "")
        try:
            holiday, name = _package_day(day)
        except NotImplementedError:
            raise CalendarYearUnknownError(day.year) from None
        label = PACKAGE_HOLIDAY_NAMES.get(name, HOLIDAY) if name else ""
        if holiday:
            # The package marks ordinary weekends as holidays without a name.
            return False, label or WEEKEND
        if weekend:
            return True, MAKE_UP_WORKDAY
        return True, ""

    def is_workday(self, day: date) -> bool:
        return self.day_info(day)[0]

    def add_workdays(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``add_workdays(d, 0)`` is ``d`` if it is a working day, else the next working day.
        """
        if count < 0:
            raise ValueError("工作日数不能为负数。")
        day = start
        if count == 0:
            while not self.is_workday(day):
                day += _ONE_DAY
            return day
        while count:
            day += _ONE_DAY
            if self.is_workday(day):
                count -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when ``end <= start``."""
        return sum(1 for day in _days(start, end) if self.is_workday(day))

    def skipped_days(self, start: date, end: date) -> list[tuple[date, str]]:
        """Non-working days in (start, end] with a Chinese reason ("春节", "周末", ...)."""
        skipped = []
        for day in _days(start, end):
            working, reason = self.day_info(day)
            if not working:
                skipped.append((day, reason))
        return skipped


_ONE_DAY = dt.timedelta(days=1)


def _days(start: date, end: date) -> list[date]:
    """The days in (start, end]."""
    return [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
