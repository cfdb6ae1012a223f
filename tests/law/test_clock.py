"""The statutory clock: ledgers of real dates, counted by hand on the 2026 arrangement.

2026 (国办发明电〔2025〕7号): 清明 4/4–4/6 off; 中秋 9/25–9/27 off; 国庆 10/1–10/7 off;
Sun 9/20 and Sat 10/10 at work. Counting: "n" after a date is the n-th working day counted.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar, YearArrangement
from gongkai.law.clock import (
    ClockError,
    ClockEvent,
    ClockEventKind,
    compute_deadline,
    correction_notice_due,
    validate_next_event,
)
from gongkai.law.rules import ClockSettings

K = ClockEventKind
CAL = WorkCalendar()
THIRD_PARTY = "第三方征求意见"


def received(on: date) -> ClockEvent:
    return ClockEvent(K.RECEIVED, on)


def test_plain_reply_period() -> None:
    # 9/30 received: 10/8(1) 10/9(2) 10/10(3) 10/12–16(4–8) 10/19–23(9–13) 10/26–30(14–18)
    # 11/2(19) 11/3(20).
    d = compute_deadline([received(date(2026, 9, 30))], CAL, today=date(2026, 10, 12))
    assert d.due == date(2026, 11, 3)
    assert not d.stopped
    # Used by 10/12: 10/8, 10/9, 10/10, 10/12 = 4.
    assert d.workdays_used == 4
    assert d.workdays_left == 16
    assert not d.overdue
    assert [line.text for line in d.lines] == [
        "2026-09-30 收到申请（当日不计），自次日起计算答复期限20个工作日"
        "（《条例》第三十三条第二款）",
        "2026-10-01至2026-10-07 国庆节 放假，不计",
        "2026-10-10（星期六） 调休上班，计为工作日",
        "2026-10-11 周末，不计",
        "2026-10-17至2026-10-18 周末，不计",
        "2026-10-24至2026-10-25 周末，不计",
        "2026-10-31至2026-11-01 周末，不计",
        "答复期限届满日：2026-11-03（星期二）",
    ]


def test_overdue_counts_negative_days_left() -> None:
    # Due 11/3; by 11/5 two more working days (11/4, 11/5) are used.
    d = compute_deadline([received(date(2026, 9, 30))], CAL, today=date(2026, 11, 5))
    assert d.workdays_left == -2
    assert d.overdue


def test_correction_notice_within_seven_working_days() -> None:
    # 9/30: 10/8(1) 10/9(2) 10/10(3) 10/12(4) 10/13(5) 10/14(6) 10/15(7).
    assert correction_notice_due(date(2026, 9, 30), CAL) == date(2026, 10, 15)
    late = ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 16))
    with pytest.raises(ClockError, match=r"最迟2026-10-15"):
        validate_next_event([received(date(2026, 9, 30))], late, CAL)


def test_the_whole_walk_correction_consultation_extension() -> None:
    """Received 9/30, 补正 asked 10/9 and received 10/20, third party 10/27–11/5, extended."""
    events = [
        received(date(2026, 9, 30)),
        ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 9)),
    ]
    d = compute_deadline(events, CAL, today=date(2026, 10, 12))
    # Default correction period 15 working days after 10/9: 10/10(1) 10/12–16(2–6)
    # 10/19–23(7–11) 10/26(12) 10/27(13) 10/28(14) 10/29(15).
    assert d.stopped and d.due is None
    assert (d.waiting_for, d.waiting_until) == ("补正", date(2026, 10, 29))

    events.append(ClockEvent(K.CORRECTION_RECEIVED, date(2026, 10, 20)))
    # Restart from 10/20 (not counted): 10/21(1) 10/22(2) 10/23(3) 10/26–30(4–8)
    # 11/2–6(9–13) 11/9–13(14–18) 11/16(19) 11/17(20).
    d = compute_deadline(events, CAL, today=date(2026, 10, 20))
    assert d.due == date(2026, 11, 17)
    assert d.workdays_used == 0

    events.append(ClockEvent(K.PAUSE_STARTED, date(2026, 10, 27), pause_kind=THIRD_PARTY))
    d = compute_deadline(events, CAL, today=date(2026, 10, 28))
    # Window: 15 working days after 10/27: 10/28–30(1–3) 11/2–6(4–8) 11/9–13(9–13)
    # 11/16(14) 11/17(15).
    assert d.stopped and d.due is None
    assert (d.waiting_for, d.waiting_until) == (THIRD_PARTY, date(2026, 11, 17))
    # Counted before the pause: 10/21 10/22 10/23 10/26 10/27 = 5.
    assert d.workdays_used == 5

    events.append(ClockEvent(K.PAUSE_ENDED, date(2026, 11, 5)))
    # Not counted: (10/27, 11/5] = 10/28 10/29 10/30 11/2 11/3 11/4 11/5 = 7.
    # 15 left after 11/5: 11/6(1) 11/9–13(2–6) 11/16–20(7–11) 11/23(12) 11/24(13)
    # 11/25(14) 11/26(15).
    d = compute_deadline(events, CAL, today=date(2026, 11, 6))
    assert d.due == date(2026, 11, 26)
    assert d.workdays_used == 6

    events.append(ClockEvent(K.EXTENDED, date(2026, 11, 20), workdays=20, approver="李主任"))
    # 20 more after 11/26: 11/27(1) 11/30–12/4(2–6) 12/7–11(7–11) 12/14–18(12–16)
    # 12/21(17) 12/22(18) 12/23(19) 12/24(20).
    d = compute_deadline(events, CAL, today=date(2026, 11, 20))
    assert d.due == date(2026, 12, 24)
    assert d.extended
    texts = [line.text for line in d.lines]
    assert texts[:4] == [
        "2026-09-30 收到申请（当日不计），自次日起计算答复期限20个工作日"
        "（《条例》第三十三条第二款）",
        "2026-10-09 一次性告知申请人补正（《条例》第三十条，告知期限至2026-10-15），"
        "补正期限15个工作日，至2026-10-29；答复期限自收到补正后的申请之日起重新计算",
        "2026-10-20 收到补正后的申请（当日不计），自次日起重新计算答复期限20个工作日"
        "（《条例》第三十条）",
        "2026-10-24至2026-10-25 周末，不计",
    ]
    assert (
        "2026-10-27 发出征求意见书（第三方征求意见，《条例》第三十二条），对方应于2026-11-17前"
        "提出意见（15个工作日）；征求意见所需时间不计入答复期限（《条例》第三十三条第三款）"
    ) in texts
    assert (
        "2026-11-05 收到意见（当日不计），2026-10-28至2026-11-05期间7个工作日不计入答复期限，"
        "次日起恢复计算"
    ) in texts
    assert (
        "2026-11-20 经政府信息公开工作机构负责人李主任同意，延长答复期限20个工作日，"
        "并告知申请人（《条例》第三十三条第二款）"
    ) in texts
    # Weekends inside the pause are not listed as skipped; those around it are.
    assert "2026-10-31至2026-11-01 周末，不计" not in texts
    assert "2026-11-07至2026-11-08 周末，不计" in texts
    assert texts[-1] == "答复期限届满日：2026-12-24（星期四）（共40个工作日）"

    events.append(ClockEvent(K.CLOSED, date(2026, 12, 10)))
    d = compute_deadline(events, CAL, today=date(2026, 12, 30))
    assert d.closed and d.stopped
    assert d.due == date(2026, 12, 24)
    assert d.outcome_key is None
    assert "2026-12-10 办结（答复期限2026-12-24，在期限内）" in [line.text for line in d.lines]


def test_a_closed_case_lists_skipped_days_only_up_to_its_close() -> None:
    # Due 11/3 (see test_plain_reply_period); closed on 10/9: 10/10 (调休) and the weekends
    # after it no longer matter.
    events = [received(date(2026, 9, 30)), ClockEvent(K.CLOSED, date(2026, 10, 9))]
    d = compute_deadline(events, CAL, today=date(2026, 12, 30))
    assert d.closed and d.due == date(2026, 11, 3)
    assert [line.text for line in d.lines] == [
        "2026-09-30 收到申请（当日不计），自次日起计算答复期限20个工作日"
        "（《条例》第三十三条第二款）",
        "2026-10-01至2026-10-07 国庆节 放假，不计",
        "2026-10-09 办结（答复期限2026-11-03，在期限内）",
    ]


def test_a_case_closed_late_lists_skipped_days_up_to_its_due_date() -> None:
    # Due Tue 11/3; closed Mon 11/9: 11/4, 11/5, 11/6, 11/9 late; the weekend 11/7–8 falls
    # after the due date and is not listed.
    events = [received(date(2026, 9, 30)), ClockEvent(K.CLOSED, date(2026, 11, 9))]
    d = compute_deadline(events, CAL, today=date(2026, 12, 30))
    assert [line.text for line in d.lines] == [
        "2026-09-30 收到申请（当日不计），自次日起计算答复期限20个工作日"
        "（《条例》第三十三条第二款）",
        "2026-10-01至2026-10-07 国庆节 放假，不计",
        "2026-10-10（星期六） 调休上班，计为工作日",
        "2026-10-11 周末，不计",
        "2026-10-17至2026-10-18 周末，不计",
        "2026-10-24至2026-10-25 周末，不计",
        "2026-10-31至2026-11-01 周末，不计",
        "2026-11-09 办结（答复期限2026-11-03，逾期4个工作日）",
    ]


def test_an_extension_names_its_approver_and_its_reason_apart() -> None:
    # Due 11/3; 10 more working days: 11/4–6(1–3) 11/9–13(4–8) 11/16(9) 11/17(10).
    extended = ClockEvent(
        K.EXTENDED, date(2026, 10, 9), workdays=10, approver="演示审发人", note="需调取全年档案"
    )
    d = compute_deadline([received(date(2026, 9, 30)), extended], CAL, today=date(2026, 10, 9))
    assert d.due == date(2026, 11, 17)
    assert (
        "2026-10-09 经政府信息公开工作机构负责人演示审发人同意，延长答复期限10个工作日"
        "（理由：需调取全年档案），并告知申请人（《条例》第三十三条第二款）"
    ) in [line.text for line in d.lines]
    reason_only = ClockEvent(K.EXTENDED, date(2026, 10, 9), workdays=10, note="需调取全年档案")
    with pytest.raises(ClockError, match="请记录同意人"):
        validate_next_event([received(date(2026, 9, 30))], reason_only, CAL)


def test_fee_notice_stops_the_clock_until_payment() -> None:
    events = [received(date(2026, 3, 2)), ClockEvent(K.FEE_NOTICE_SENT, date(2026, 3, 10))]
    d = compute_deadline(events, CAL, today=date(2026, 3, 12))
    # Payment window: 20 working days after 3/10: 3/11–13(1–3) 3/16–20(4–8) 3/23–27(9–13)
    # 3/30–4/3(14–18) 4/4–4/6 清明 off, 4/7(19) 4/8(20).
    assert d.stopped and d.due is None
    assert (d.waiting_for, d.waiting_until) == ("缴费", date(2026, 4, 8))
    # Used before the notice: 3/3 3/4 3/5 3/6 3/9 3/10 = 6.
    assert d.workdays_used == 6

    events.append(ClockEvent(K.FEE_PAID, date(2026, 3, 20)))
    # 14 left after 3/20: 3/23–27(1–5) 3/30–4/3(6–10) 4/7(11) 4/8(12) 4/9(13) 4/10(14).
    d = compute_deadline(events, CAL, today=date(2026, 3, 20))
    assert d.due == date(2026, 4, 10)
    assert (
        "2026-03-20 申请人缴纳费用（当日不计），2026-03-11至2026-03-20期间8个工作日"
        "不计入答复期限，次日起恢复计算"
    ) in [line.text for line in d.lines]
    assert "2026-04-04至2026-04-06 清明节 放假，不计" in [line.text for line in d.lines]


def test_fee_clock_setting_when_the_fee_period_is_counted() -> None:
    # With fee_stops_clock=False the reply period runs on: 3/2 + 20 = 3/30
    # (3/3–6(1–4) 3/9–13(5–9) 3/16–20(10–14) 3/23–27(15–19) 3/30(20)).
    events = [received(date(2026, 3, 2)), ClockEvent(K.FEE_NOTICE_SENT, date(2026, 3, 10))]
    settings = ClockSettings(fee_stops_clock=False)
    d = compute_deadline(events, CAL, today=date(2026, 3, 12), settings=settings)
    assert d.due == date(2026, 3, 30)
    assert not d.stopped
    assert d.waiting_for == "缴费"


def test_fee_lapse_ends_the_case_as_row_3_6_2() -> None:
    events = [received(date(2026, 3, 2)), ClockEvent(K.FEE_NOTICE_SENT, date(2026, 3, 10))]
    with pytest.raises(ClockError, match="届满前不能认定逾期未缴费"):
        validate_next_event(events, ClockEvent(K.FEE_LAPSED, date(2026, 4, 8)), CAL)
    events.append(ClockEvent(K.FEE_LAPSED, date(2026, 4, 9)))
    d = compute_deadline(events, CAL, today=date(2026, 4, 9))
    assert d.closed and d.outcome_key == "3.6.2"
    with pytest.raises(ClockError, match="缴费期限已于2026-04-08届满"):
        compute_deadline(
            [*events[:2], ClockEvent(K.FEE_PAID, date(2026, 4, 9))], CAL, today=date(2026, 4, 9)
        )


def test_correction_lapse_ends_the_case_as_row_3_6_1() -> None:
    events = [
        received(date(2026, 9, 30)),
        # Period of 10 working days after 10/9: 10/10(1) 10/12–16(2–6) 10/19(7) 10/20(8)
        # 10/21(9) 10/22(10).
        ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 9), workdays=10),
    ]
    assert compute_deadline(events, CAL, today=date(2026, 10, 9)).waiting_until == date(
        2026, 10, 22
    )
    with pytest.raises(ClockError, match="补正期限至2026-10-22"):
        validate_next_event(events, ClockEvent(K.CORRECTION_LAPSED, date(2026, 10, 22)), CAL)
    events.append(ClockEvent(K.CORRECTION_LAPSED, date(2026, 10, 23)))
    d = compute_deadline(events, CAL, today=date(2026, 10, 23))
    assert d.closed and d.stopped and d.due is None
    assert d.outcome_key == "3.6.1"


def test_an_unanswered_consultation_resumes_after_its_window() -> None:
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(K.PAUSE_STARTED, date(2026, 3, 10), pause_kind="其他机关征求意见"),
    ]
    # Window: 15 working days after 3/10: 3/11–13(1–3) 3/16–20(4–8) 3/23–27(9–13)
    # 3/30(14) 3/31(15). Used before: 6.
    d = compute_deadline(events, CAL, today=date(2026, 3, 31))
    assert d.stopped and d.waiting_until == date(2026, 3, 31)
    # From 4/1 the clock runs again from 3/31: 4/1(1) 4/2(2) 4/3(3) 清明 off 4/7–10(4–7)
    # 4/13–17(8–12) 4/20(13) 4/21(14).
    d = compute_deadline(events, CAL, today=date(2026, 4, 1))
    assert not d.stopped
    assert d.due == date(2026, 4, 21)
    # The answer arriving late (4/3) does not buy more time than the window.
    late = [*events, ClockEvent(K.PAUSE_ENDED, date(2026, 4, 3))]
    assert compute_deadline(late, CAL, today=date(2026, 4, 3)).due == date(2026, 4, 21)
    # Without the cap, counting resumes after 4/3: 4/7–10(1–4) 4/13–17(5–9) 4/20–24(10–14).
    uncapped = ClockSettings(cap_consultation_pause=False)
    assert compute_deadline(late, CAL, today=date(2026, 4, 3), settings=uncapped).due == date(
        2026, 4, 24
    )


def test_reasonable_delay_for_mass_applications() -> None:
    # 第三十五条: 9/30 + 20 = 11/3, delayed by 10: 11/4–6(1–3) 11/9–13(4–8) 11/16(9) 11/17(10).
    events = [
        received(date(2026, 9, 30)),
        ClockEvent(K.DELAYED, date(2026, 10, 12), workdays=10, note="申请数量明显超过合理范围"),
    ]
    assert compute_deadline(events, CAL, today=date(2026, 10, 12)).due == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ClockEvent(K.PAUSE_STARTED, date(2026, 10, 9), pause_kind=THIRD_PARTY)], "应先登记"),
        ([received(date(2026, 9, 30)), received(date(2026, 10, 9))], "只能登记一次"),
        (
            [received(date(2026, 9, 30)), ClockEvent(K.CLOSED, date(2026, 9, 29))],
            "早于前一事项",
        ),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.EXTENDED, date(2026, 10, 9), workdays=10, approver="李主任"),
                ClockEvent(K.EXTENDED, date(2026, 10, 12), workdays=10, approver="李主任"),
            ],
            "只能延长一次",
        ),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.EXTENDED, date(2026, 10, 9), workdays=21, approver="李主任"),
            ],
            "最长20个工作日",
        ),
        (
            [received(date(2026, 9, 30)), ClockEvent(K.EXTENDED, date(2026, 10, 9), workdays=5)],
            "负责人同意",
        ),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.EXTENDED, date(2026, 11, 4), workdays=5, approver="李主任"),
            ],
            "答复期限已于2026-11-03届满",
        ),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.PAUSE_STARTED, date(2026, 10, 9), pause_kind="领导出差"),
            ],
            "未知的中止事由",
        ),
        ([received(date(2026, 9, 30)), ClockEvent(K.PAUSE_ENDED, date(2026, 10, 9))], "没有正在"),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 9)),
                ClockEvent(K.CORRECTION_RECEIVED, date(2026, 10, 12)),
                ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 13)),
            ],
            "一次性告知",
        ),
        (
            [received(date(2026, 9, 30)), ClockEvent(K.CORRECTION_RECEIVED, date(2026, 10, 9))],
            "未告知补正",
        ),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 9)),
                ClockEvent(K.FEE_NOTICE_SENT, date(2026, 10, 12)),
            ],
            "正在等待申请人补正",
        ),
        (
            [
                received(date(2026, 9, 30)),
                ClockEvent(K.CLOSED, date(2026, 10, 9)),
                ClockEvent(K.PAUSE_STARTED, date(2026, 10, 12), pause_kind=THIRD_PARTY),
            ],
            "已办结",
        ),
        ([received(date(2026, 9, 30)), ClockEvent(K.FEE_PAID, date(2026, 10, 9))], "没有待缴"),
    ],
)
def test_impossible_ledgers_are_refused(events: list[ClockEvent], message: str) -> None:
    with pytest.raises(ClockError, match=message):
        compute_deadline(events, CAL, today=date(2026, 12, 31))


def test_an_empty_ledger_is_refused() -> None:
    with pytest.raises(ClockError, match="尚未登记"):
        compute_deadline([], CAL, today=date(2026, 12, 31))


def test_unknown_year_reaches_the_caller() -> None:
    with pytest.raises(CalendarYearUnknownError, match="2027年"):
        compute_deadline([received(date(2026, 12, 25))], CAL, today=date(2026, 12, 25))
    entered = WorkCalendar(
        {
            2027: YearArrangement(
                2027, frozenset({date(2027, 1, 1)}), frozenset(), names={date(2027, 1, 1): "元旦"}
            )
        }
    )
    # 12/25: 12/28–31(1–4) 1/4–8(5–9) 1/11–15(10–14) 1/18–22(15–19) 1/25(20).
    d = compute_deadline([received(date(2026, 12, 25))], entered, today=date(2026, 12, 25))
    assert d.due == date(2027, 1, 25)
    assert "2027-01-01至2027-01-03 元旦 放假，不计" in [line.text for line in d.lines]


# ---------------------------------------------------------------------------------------------
# Properties (2021 – mid 2026, so every count stays inside the years the package knows).
# ---------------------------------------------------------------------------------------------

receipts = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 3, 31))
offsets = st.integers(min_value=0, max_value=40)


def _due(events: list[ClockEvent], today: date) -> date:
    due = compute_deadline(events, CAL, today=today).due
    assert due is not None
    return due


@given(receipts, offsets, offsets)
def test_a_pause_never_shortens_and_due_is_a_working_day(r: date, a: int, b: int) -> None:
    plain = _due([received(r)], r)
    start = r + timedelta(days=a)
    assume(start <= plain)
    end = start + timedelta(days=b)
    events = [
        received(r),
        ClockEvent(K.PAUSE_STARTED, start, pause_kind=THIRD_PARTY),
        ClockEvent(K.PAUSE_ENDED, end),
    ]
    paused = _due(events, end)
    assert paused >= plain
    assert CAL.is_workday(paused)


@given(receipts, st.integers(min_value=1, max_value=20), offsets)
def test_an_extension_adds_exactly_n_workdays(r: date, n: int, a: int) -> None:
    plain = _due([received(r)], r)
    on = min(r + timedelta(days=a), plain)
    extended = _due([received(r), ClockEvent(K.EXTENDED, on, workdays=n, approver="负责人")], on)
    assert extended == CAL.add_workdays(plain, n)
    assert CAL.workdays_between(plain, extended) == n


@given(receipts, st.integers(min_value=0, max_value=7), offsets)
def test_restart_after_correction_is_never_earlier(r: date, a: int, b: int) -> None:
    plain = _due([received(r)], r)
    asked = min(r + timedelta(days=a), correction_notice_due(r, CAL))
    corrected = asked + timedelta(days=b)
    events = [
        received(r),
        ClockEvent(K.CORRECTION_REQUESTED, asked),
        ClockEvent(K.CORRECTION_RECEIVED, corrected),
    ]
    restarted = _due(events, corrected)
    assert restarted >= plain
    assert restarted == CAL.add_workdays(corrected, 20)
    assert CAL.is_workday(restarted)


@given(receipts, offsets, offsets)
def test_fee_pause_never_shortens(r: date, a: int, b: int) -> None:
    plain = _due([received(r)], r)
    notice = r + timedelta(days=a)
    assume(notice <= plain)
    paid = min(notice + timedelta(days=b), CAL.add_workdays(notice, 20))
    events = [
        received(r),
        ClockEvent(K.FEE_NOTICE_SENT, notice),
        ClockEvent(K.FEE_PAID, paid),
    ]
    due = _due(events, paid)
    assert due >= plain
    assert CAL.is_workday(due)


def test_events_after_an_unanswered_window_find_the_clock_running() -> None:
    # Pause 3/10 with window to 3/31 (see above); a fee notice on 4/2 is possible because the
    # clock runs again from 3/31. Used: 6 before the pause + 4/1, 4/2 = 8.
    events = [
        received(date(2026, 3, 2)),
        ClockEvent(K.PAUSE_STARTED, date(2026, 3, 10), pause_kind="其他机关征求意见"),
        ClockEvent(K.FEE_NOTICE_SENT, date(2026, 4, 2)),
    ]
    d = compute_deadline(events, CAL, today=date(2026, 4, 2))
    assert d.stopped and d.workdays_used == 8
    assert (d.waiting_for, d.waiting_until) == ("缴费", CAL.add_workdays(date(2026, 4, 2), 20))
    assert (
        "2026-03-31 其他机关征求意见期限届满，尚未收到意见，由行政机关依法决定；"
        "2026-03-11至2026-03-31期间15个工作日不计入答复期限，次日起恢复计算"
    ) in [line.text for line in d.lines]


def test_a_pause_started_on_the_due_day_ends_no_earlier_than_its_answer() -> None:
    # Due 11/3 (all 20 days used when the pause starts that day); answer Sat 11/7: due is the
    # next working day, Mon 11/9.
    events = [
        received(date(2026, 9, 30)),
        ClockEvent(K.PAUSE_STARTED, date(2026, 11, 3), pause_kind=THIRD_PARTY),
        ClockEvent(K.PAUSE_ENDED, date(2026, 11, 7)),
    ]
    assert compute_deadline(events, CAL, today=date(2026, 11, 7)).due == date(2026, 11, 9)
    late = [received(date(2026, 9, 30))]
    with pytest.raises(ClockError, match="答复期限已于2026-11-03届满"):
        validate_next_event(
            late, ClockEvent(K.PAUSE_STARTED, date(2026, 11, 4), pause_kind=THIRD_PARTY), CAL
        )


def test_waiting_for_correction_says_the_clock_restarts() -> None:
    events = [received(date(2026, 9, 30)), ClockEvent(K.CORRECTION_REQUESTED, date(2026, 10, 9))]
    d = compute_deadline(events, CAL, today=date(2026, 10, 9))
    assert d.lines[-1].text == (
        "等待补正（补正期限至2026-10-29），答复期限自收到补正后的申请之日起重新计算20个工作日"
    )
    assert d.workdays_left is None and not d.overdue


def test_explain_false_gives_the_same_dates_without_lines() -> None:
    events = [received(date(2026, 9, 30))]
    full = compute_deadline(events, CAL, today=date(2026, 10, 12))
    bare = compute_deadline(events, CAL, today=date(2026, 10, 12), explain=False)
    assert bare.lines == ()
    assert (bare.due, bare.workdays_used, bare.workdays_left) == (
        full.due,
        full.workdays_used,
        full.workdays_left,
    )


ledger_steps = st.lists(
    st.tuples(
        st.sampled_from(
            [
                K.PAUSE_STARTED,
                K.PAUSE_ENDED,
                K.EXTENDED,
                K.FEE_NOTICE_SENT,
                K.FEE_PAID,
                K.CORRECTION_REQUESTED,
                K.CORRECTION_RECEIVED,
            ]
        ),
        st.integers(min_value=0, max_value=12),
    ),
    max_size=8,
)


@given(receipts, ledger_steps)
def test_any_accepted_ledger_has_a_working_due_day_no_earlier_than_plain(
    r: date, steps: list[tuple[ClockEventKind, int]]
) -> None:
    """Random ledgers: every event the clock accepts keeps the due day a working day."""
    plain = _due([received(r)], r)
    events = [received(r)]
    on = r
    for kind, gap in steps:
        on = on + timedelta(days=gap)
        event = ClockEvent(kind, on, pause_kind=THIRD_PARTY, workdays=5, approver="负责人")
        try:
            validate_next_event(events, event, CAL)
        except ClockError:
            continue
        events.append(event)
    d = compute_deadline(events, CAL, today=on)
    if d.due is not None:
        assert CAL.is_workday(d.due)
        assert d.due >= plain


def test_receipt_day_counted_setting() -> None:
    # Counting the receipt day (Wed 9/30) itself: 9/30(1) 10/8(2) 10/9(3) 10/10(4)
    # 10/12–16(5–9) 10/19–23(10–14) 10/26–30(15–19) 11/2(20).
    counted = ClockSettings(receipt_day_counted=True)
    d = compute_deadline(
        [received(date(2026, 9, 30))], CAL, today=date(2026, 9, 30), settings=counted
    )
    assert d.due == date(2026, 11, 2)
    assert d.lines[0].text.startswith("2026-09-30 收到申请（当日计入），自当日起计算")
    # 补正 notice: 9/30(1) 10/8(2) 10/9(3) 10/10(4) 10/12(5) 10/13(6) 10/14(7).
    assert correction_notice_due(date(2026, 9, 30), CAL, settings=counted) == date(2026, 10, 14)
