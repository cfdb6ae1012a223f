"""The working-day calendar against the State Council's holiday notices, counted by hand.

Every expected date below was counted on the official arrangement (国务院办公厅 放假安排通知 for
the year), never computed by the code. The count is written next to each row: "n" after a
date is the n-th working day after the receipt day (which is not counted).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.calendar import (
    ArrangementError,
    CalendarYearUnknownError,
    WorkCalendar,
    YearArrangement,
    arrangement_from_mapping,
    arrangement_to_mapping,
    group_skipped,
)

CAL = WorkCalendar()

# (received, expected reply due = 20th working day after receipt)
REPLY_DUE_TABLE = [
    # 2021 春节 (国办发明电〔2020〕27号): 2/11–2/17 off; Sun 2/7 and Sat 2/20 work.
    # Fri 2/5 received. 2/7 Sun(1) 2/8(2) 2/9(3) 2/10(4); 2/18(5) 2/19(6) Sat 2/20(7);
    # 2/22–26(8–12); 3/1–5(13–17); 3/8(18) 3/9(19) 3/10(20).
    (date(2021, 2, 5), date(2021, 3, 10)),
    # 2022 国庆 (国办发明电〔2021〕11号): 10/1–10/7 off; Sat 10/8 and Sun 10/9 work.
    # Fri 9/30 received. 10/8(1) 10/9(2); 10/10–14(3–7); 10/17–21(8–12); 10/24–28(13–17);
    # 10/31(18) 11/1(19) 11/2(20).
    (date(2022, 9, 30), date(2022, 11, 2)),
    # Year end 2022 → 2023 (国办发明电〔2022〕16号): 元旦 12/31–1/2 off; 春节 1/21–1/27 off,
    # Sat 1/28 and Sun 1/29 work. Fri 12/30 received. 1/3(1) 1/4(2) 1/5(3) 1/6(4);
    # 1/9–13(5–9); 1/16–20(10–14); 1/28(15) 1/29(16) 1/30(17) 1/31(18) 2/1(19) 2/2(20).
    (date(2022, 12, 30), date(2023, 2, 2)),
    # 2023 中秋国庆 (国办发明电〔2022〕16号): 9/29–10/6 off; Sat 10/7 and Sun 10/8 work.
    # Thu 9/28 received. 10/7(1) 10/8(2); 10/9–13(3–7); 10/16–20(8–12); 10/23–27(13–17);
    # 10/30(18) 10/31(19) 11/1(20).
    (date(2023, 9, 28), date(2023, 11, 1)),
    # 2024 春节 (国办发明电〔2023〕7号): 2/10–2/17 off (除夕 2/9 is a working day); Sun 2/4 and
    # Sun 2/18 work. Thu 2/8 received. 2/9(1); 2/18(2); 2/19–23(3–7); 2/26–3/1(8–12);
    # 3/4–8(13–17); 3/11(18) 3/12(19) 3/13(20).
    (date(2024, 2, 8), date(2024, 3, 13)),
    # Year end 2024 → 2025 (国办发明电〔2024〕12号): 元旦 1/1 off; 春节 1/28–2/4 off, Sun 1/26
    # and Sat 2/8 work. Tue 12/31 received. 1/2(1) 1/3(2); 1/6–10(3–7); 1/13–17(8–12);
    # 1/20–24(13–17); Sun 1/26(18) 1/27(19); 2/5(20).
    (date(2024, 12, 31), date(2025, 2, 5)),
    # 2025 春节, received Fri 1/24: Sun 1/26(1) 1/27(2); 2/5(3) 2/6(4) 2/7(5) Sat 2/8(6);
    # 2/10–14(7–11); 2/17–21(12–16); 2/24(17) 2/25(18) 2/26(19) 2/27(20).
    (date(2025, 1, 24), date(2025, 2, 27)),
    # 2025 国庆中秋: 10/1–10/8 off; Sun 9/28 and Sat 10/11 work. Tue 9/30 received.
    # 10/9(1) 10/10(2) Sat 10/11(3); 10/13–17(4–8); 10/20–24(9–13); 10/27–31(14–18);
    # 11/3(19) 11/4(20).
    (date(2025, 9, 30), date(2025, 11, 4)),
    # 2026 春节 (国办发明电〔2025〕7号): 2/15–2/23 off; Sat 2/14 and Sat 2/28 work.
    # Fri 2/13 received. Sat 2/14(1); 2/24(2) 2/25(3) 2/26(4) 2/27(5) Sat 2/28(6);
    # 3/2–6(7–11); 3/9–13(12–16); 3/16(17) 3/17(18) 3/18(19) 3/19(20).
    (date(2026, 2, 13), date(2026, 3, 19)),
    # Received ON the 调休 Saturday 2026-02-14 (a working day; still not counted itself).
    # 2/24(1) 2/25(2) 2/26(3) 2/27(4) Sat 2/28(5); 3/2–6(6–10); 3/9–13(11–15);
    # 3/16(16) 3/17(17) 3/18(18) 3/19(19) 3/20(20).
    (date(2026, 2, 14), date(2026, 3, 20)),
    # 2026 国庆: 10/1–10/7 off (中秋 is 9/25–9/27); Sun 9/20 and Sat 10/10 work.
    # Wed 9/30 received. 10/8(1) 10/9(2) Sat 10/10(3); 10/12–16(4–8); 10/19–23(9–13);
    # 10/26–30(14–18); 11/2(19) 11/3(20).
    (date(2026, 9, 30), date(2026, 11, 3)),
    # Received on a holiday (2026-10-03, e.g. confirmed online): counting is the same as from
    # 9/30, because 10/4–10/7 are off too.
    (date(2026, 10, 3), date(2026, 11, 3)),
]


@pytest.mark.parametrize(("received", "due"), REPLY_DUE_TABLE)
def test_reply_due_dates_counted_by_hand(received: date, due: date) -> None:
    assert CAL.add_workdays(received, 20) == due
    assert CAL.workdays_between(received, due) == 20


@pytest.mark.parametrize(
    ("day", "working", "reason"),
    [
        (date(2026, 10, 1), False, "国庆节"),
        (date(2026, 10, 7), False, "国庆节"),
        (date(2026, 9, 25), False, "中秋节"),  # a Friday off
        (date(2026, 10, 10), True, "调休上班"),  # a Saturday at work
        (date(2026, 9, 20), True, "调休上班"),  # a Sunday at work
        (date(2026, 10, 11), False, "周末"),
        (date(2026, 10, 8), True, ""),
        (date(2024, 2, 9), True, ""),  # 除夕 2024 was a working day
        (date(2025, 1, 1), False, "元旦"),
        (date(2021, 2, 12), False, "春节"),
        (date(2015, 9, 3), False, "抗战胜利70周年纪念日"),
    ],
)
def test_day_info(day: date, working: bool, reason: str) -> None:
    assert CAL.day_info(day) == (working, reason)
    assert CAL.is_workday(day) is working


def test_add_zero_workdays_is_the_day_itself_or_the_next_working_day() -> None:
    assert CAL.add_workdays(date(2026, 10, 8), 0) == date(2026, 10, 8)
    assert CAL.add_workdays(date(2026, 10, 1), 0) == date(2026, 10, 8)
    with pytest.raises(ValueError, match="不能为负数"):
        CAL.add_workdays(date(2026, 10, 8), -1)


def test_skipped_days_are_grouped_with_reasons() -> None:
    # (2026-09-30, 2026-11-03]: 国庆 10/1–10/7, Sunday 10/11, then four whole weekends.
    runs = group_skipped(CAL.skipped_days(date(2026, 9, 30), date(2026, 11, 3)))
    assert [run.text for run in runs] == [
        "2026-10-01至2026-10-07 国庆节 放假，不计",
        "2026-10-11 周末，不计",
        "2026-10-17至2026-10-18 周末，不计",
        "2026-10-24至2026-10-25 周末，不计",
        "2026-10-31至2026-11-01 周末，不计",
    ]
    # 2025: 国庆 and 中秋 in one run (10/6 is 中秋节 in the notice).
    runs = group_skipped(CAL.skipped_days(date(2025, 9, 30), date(2025, 10, 8)))
    assert [run.text for run in runs] == ["2025-10-01至2025-10-08 国庆节、中秋节 放假，不计"]


def test_unknown_year_is_an_error_naming_the_year() -> None:
    with pytest.raises(CalendarYearUnknownError) as info:
        CAL.is_workday(date(2027, 1, 4))
    assert info.value.year == 2027
    assert str(info.value) == "尚未录入2027年的节假日安排，请管理员按国务院办公厅通知录入。"
    # Counting across the year end runs into the unknown year, never guesses.
    with pytest.raises(CalendarYearUnknownError, match="2027年"):
        CAL.add_workdays(date(2026, 12, 25), 20)
    with pytest.raises(CalendarYearUnknownError, match="2003年"):
        CAL.is_workday(date(2003, 12, 31))
    assert not CAL.knows(2027)
    assert CAL.knows(2026)


# A 2027 arrangement as an administrator would enter it (test data, not the real notice):
# 元旦 Friday 2027-01-01 off.
ARRANGEMENT_2027 = YearArrangement(
    year=2027,
    holidays=frozenset({date(2027, 1, 1)}),
    make_up_workdays=frozenset(),
    source="测试用安排",
    names={date(2027, 1, 1): "元旦"},
)


def test_an_entered_arrangement_makes_the_year_work() -> None:
    cal = WorkCalendar({2027: ARRANGEMENT_2027})
    assert cal.knows(2027)
    # Thu 2026-12-31 → 1/1 off, 1/2–1/3 weekend → Mon 2027-01-04.
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # Fri 2026-12-25: 12/28–31(1–4); 1/4–8(5–9); 1/11–15(10–14); 1/18–22(15–19); 1/25(20).
    assert cal.add_workdays(date(2026, 12, 25), 20) == date(2027, 1, 25)
    assert cal.day_info(date(2027, 1, 1)) == (False, "元旦")
    assert cal.day_info(date(2027, 1, 2)) == (False, "周末")


def test_entered_arrangements_win_over_the_package() -> None:
    # An administrator's correction for 2026: 10/8 off as well, Sunday 10/11 at work.
    corrected = YearArrangement(
        year=2026,
        holidays=frozenset(date(2026, 10, d) for d in range(1, 9)),
        make_up_workdays=frozenset({date(2026, 10, 11)}),
    )
    cal = WorkCalendar({2026: corrected})
    assert not cal.is_workday(date(2026, 10, 8))
    assert cal.day_info(date(2026, 10, 8)) == (False, "节假日")
    assert cal.day_info(date(2026, 10, 11)) == (True, "调休上班")
    # Without the package's 9/20 and 10/10 make-up days, those are weekends again.
    assert not cal.is_workday(date(2026, 10, 10))
    assert CAL.is_workday(date(2026, 10, 8))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"holidays": frozenset({date(2026, 1, 1)})}, "其他年份"),
        (
            {
                "holidays": frozenset({date(2027, 1, 2)}),
                "make_up_workdays": frozenset({date(2027, 1, 2)}),
            },
            "既是放假日又是调休上班日",
        ),
        ({"make_up_workdays": frozenset({date(2027, 1, 4)})}, "应为周六或周日"),
    ],
)
def test_contradictory_arrangements_are_refused(kwargs: dict[str, object], message: str) -> None:
    data: dict[str, object] = {"holidays": frozenset(), "make_up_workdays": frozenset()}
    data.update(kwargs)
    with pytest.raises(ArrangementError, match=message):
        YearArrangement(2027, **data)  # type: ignore[arg-type]


def test_arrangement_round_trips_through_json_data() -> None:
    data = arrangement_to_mapping(ARRANGEMENT_2027)
    assert data == {
        "year": 2027,
        "holidays": ["2027-01-01"],
        "make_up_workdays": [],
        "source": "测试用安排",
        "names": {"2027-01-01": "元旦"},
    }
    assert arrangement_from_mapping(data) == ARRANGEMENT_2027
    with pytest.raises(ArrangementError, match="不是有效日期"):
        arrangement_from_mapping({"year": 2027, "holidays": ["2027-02-30"]})
    with pytest.raises(ArrangementError, match="年份"):
        arrangement_from_mapping({"holidays": []})


# ---------------------------------------------------------------------------------------------
# Properties over the years the package knows (2021–2026).
# ---------------------------------------------------------------------------------------------

days = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 6, 30))
counts = st.integers(min_value=0, max_value=60)


@given(days, counts)
def test_add_workdays_lands_on_a_working_day(start: date, n: int) -> None:
    due = CAL.add_workdays(start, n)
    assert CAL.is_workday(due)
    assert due >= start
    if n:
        assert due > start
        assert CAL.workdays_between(start, due) == n


@given(days, days, counts, counts)
def test_add_workdays_is_monotonic(a: date, b: date, m: int, n: int) -> None:
    a, b = min(a, b), max(a, b)
    m, n = min(m, n), max(m, n)
    assert CAL.add_workdays(a, n) <= CAL.add_workdays(b, n)
    assert CAL.add_workdays(a, m) <= CAL.add_workdays(a, n)


@given(days, st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=20))
def test_adding_in_two_steps_is_adding_at_once(start: date, m: int, n: int) -> None:
    assert CAL.add_workdays(CAL.add_workdays(start, m), n) == CAL.add_workdays(start, m + n)
