"""The statutory clock of one application, as a pure function of its ledger of events.

``compute_deadline(events, calendar, today=...)`` replays the events in order and returns the
due date with a Chinese explanation of every step. Rules (``shared/reference/regulations.md``
§1.4, §3, §5):

* The day of receipt is not counted (《民事诉讼法》第八十五条 practice); the reply is due on the
  20th working day after it (《条例》第三十三条第二款).
* 补正 (《条例》第三十条): the notice must go out within 7 working days of receipt; the clock stops;
  when the corrected application arrives the period RESTARTS from that day (not counted), a full
  20 working days; if the correction period lapses the case ends as 三（六）1.
* Consultation of a third party (第三十二条) or another body (第三十四条): the time is not counted
  (第三十三条第三款). A pause from S (征求意见书 sent) to E (answer received) excludes the days
  in (S, E]: S itself still counts (if a working day), counting resumes on the day after E —
  the same "event day not counted" rule as for receipt. With ``cap_consultation_pause`` the
  exclusion ends at the end of the 15-working-day answer window at the latest.
* Extension (第三十三条第二款): once, 1–20 working days, approved by the 政府信息公开工作机构负责人
  (named in ``approver``; the reason, if any, in ``note``); a second extension is a
  :class:`ClockError`.
* 第三十五条 reasonable delay for mass/repeated applications: once, the body sets the extra
  working days (``workdays``) and records the reason in ``note``.
* Fees (国办函〔2020〕109号): the notice is sent within the processing period; the applicant
  pays within 20 working days from the day after receiving it (``on`` of FEE_NOTICE_SENT is
  that receipt day). Whether the reply clock stops meanwhile is UNCONFIRMED (§3 (a)):
  ``ClockSettings.fee_stops_clock`` (default True) — then the days in (notice, payment] are not
  counted. Non-payment ends the case as 三（六）2.
* A due date is always a working day, and a pause never shortens a deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.law.calendar import WorkCalendar, group_skipped
from gongkai.law.rules import (
    CORRECTION_NOTICE,
    DEFAULT_SETTINGS,
    EXTENSION,
    FEE_PAYMENT,
    PAUSE_KINDS,
    REPLY,
    ClockSettings,
    Outcome,
    PauseKind,
    outcome,
)

__all__ = [
    "ClockError",
    "ClockEvent",
    "ClockEventKind",
    "Deadline",
    "LedgerLine",
    "compute_deadline",
    "correction_notice_due",
    "validate_next_event",
]


class ClockEventKind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CORRECTION_LAPSED = "correction_lapsed"
    PAUSE_STARTED = "pause_started"
    PAUSE_ENDED = "pause_ended"
    EXTENDED = "extended"
    DELAYED = "delayed"  # 第三十五条 reasonable delay set by the body
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"
    CLOSED = "closed"


@dataclass(frozen=True)
class ClockEvent:
    kind: ClockEventKind
    on: date
    #: PAUSE_STARTED: "第三方征求意见" (第三十二条) | "其他机关征求意见" (第三十四条)
    pause_kind: str = ""
    workdays: int = 0  # EXTENDED: 1..20; DELAYED: >= 1; CORRECTION_REQUESTED: period (0 = default)
    note: str = ""  # EXTENDED and DELAYED: the reason
    approver: str = ""  # EXTENDED: the name of the 工作机构负责人 who agreed


@dataclass(frozen=True)
class LedgerLine:
    on: date | None
    text: str  # Chinese, e.g. "2026-09-30 收到申请（当日不计）"


@dataclass(frozen=True)
class Deadline:
    due: date | None  # None while stopped (补正 pending, pause open, fee unpaid)
    stopped: bool
    lines: tuple[LedgerLine, ...]
    workdays_used: int  # working days counted up to ``today``
    workdays_left: int | None  # None while stopped; negative when overdue
    closed: bool = False
    outcome_key: str | None = None  # set when the clock itself ends the case (三（六）1 / 2)
    waiting_for: str = ""  # "补正" | "第三方征求意见" | "其他机关征求意见" | "缴费" | ""
    waiting_until: date | None = None  # end of the correction / answer / payment window
    extended: bool = False

    @property
    def overdue(self) -> bool:
        return self.workdays_left is not None and self.workdays_left < 0 and not self.closed


class ClockError(ValueError):
    """An impossible ledger (Chinese message): events out of order, a second extension, ..."""


def correction_notice_due(
    received: date, calendar: WorkCalendar, *, settings: ClockSettings = DEFAULT_SETTINGS
) -> date:
    """The last day to send the 补正 notice: 7 working days after receipt (第三十条)."""
    start = received - timedelta(days=1) if settings.receipt_day_counted else received
    return calendar.add_workdays(start, CORRECTION_NOTICE.workdays)


_PAUSES = {kind.label: kind for kind in PAUSE_KINDS}
_WEEKDAYS = "一二三四五六日"


def _d(day: date) -> str:
    return day.isoformat()


def _after(start: date, end: date) -> str:
    """The span (start, end] in words: the days after ``start`` up to ``end``."""
    first = start + timedelta(days=1)
    return _d(end) if first >= end else f"{_d(first)}至{_d(end)}"


def _dw(day: date) -> str:
    return f"{day.isoformat()}（星期{_WEEKDAYS[day.weekday()]}）"


class _Replay:
    """The clock's state while the events are replayed in order."""

    def __init__(self, calendar: WorkCalendar, settings: ClockSettings) -> None:
        self.cal = calendar
        self.settings = settings
        self.phase = ""  # "" (nothing yet) | running | correction | pause | fee | closed
        self.received: date | None = None
        self.last: date | None = None
        self.anchor: date | None = None  # counting runs from the day after ``anchor``
        self.used = 0  # working days counted in finished segments since the (re)start
        self.allowance = REPLY.workdays
        self.segments: list[tuple[date, date]] = []  # counted intervals (a, b]
        self.lines: list[tuple[date, int, str]] = []
        self.correction_requested = False
        self.correction_due: date | None = None
        self.pause: tuple[date, PauseKind, date] | None = None  # start, kind, window end
        self.extended = False
        self.delayed = False
        self.fee_notice: tuple[date, date] | None = None  # notice received, payment due
        self.fee_settled = False
        self.other_events = False  # pause, extension, delay or fee seen (no 补正 after those)
        self.closed_due: date | None = None
        self.outcome_key: str | None = None

    # -- helpers -----------------------------------------------------------------------------

    def say(self, on: date, text: str) -> None:
        self.lines.append((on, 0, text))

    def due(self) -> date:
        assert self.anchor is not None
        return self.cal.add_workdays(self.anchor, self.allowance - self.used)

    def stop(self, on: date) -> None:
        """Finish the running segment at ``on`` (``on`` itself is counted)."""
        assert self.anchor is not None
        self.used += self.cal.workdays_between(self.anchor, on)
        self.segments.append((self.anchor, on))
        self.anchor = None

    def require_running(self, what: str) -> None:
        if self.phase != "running":
            raise ClockError(f"{self._phase_text()}，不能{what}。")

    def require_within_due(self, on: date, what: str) -> None:
        due = self.due()
        if on > due:
            raise ClockError(f"答复期限已于{_d(due)}届满，不能在{_d(on)}{what}。")

    def _phase_text(self) -> str:
        return {
            "correction": "正在等待申请人补正",
            "pause": "正在征求意见（答复期限中止）",
            "fee": "正在等待申请人缴费（答复期限中止）",
            "closed": "本申请已办结",
        }.get(self.phase, "当前状态下")

    # -- events ------------------------------------------------------------------------------

    def apply(self, event: ClockEvent) -> None:
        on = event.on
        if self.phase == "":
            if event.kind != ClockEventKind.RECEIVED:
                raise ClockError("应先登记收到申请之日，再记录其他事项。")
        elif event.kind == ClockEventKind.RECEIVED:
            raise ClockError("收到申请之日只能登记一次。")
        if self.last is not None and on < self.last:
            raise ClockError(
                f"事项日期{_d(on)}早于前一事项的日期{_d(self.last)}，请按时间顺序记录。"
            )
        if self.phase == "closed":
            raise ClockError("本申请已办结，不能再记录其他事项。")
        self.last = on
        if event.kind != ClockEventKind.PAUSE_ENDED:
            self.resume_if_window_over(on)
        getattr(self, f"on_{event.kind.value}")(event)

    def on_received(self, event: ClockEvent) -> None:
        self.received = event.on
        self.anchor = self.start_anchor(event.on)
        self.phase = "running"
        self.say(
            event.on,
            f"{_d(event.on)} 收到申请（{self.receipt_words()}计算答复期限{REPLY.workdays}个工作日"
            f"（{REPLY.basis}）",
        )

    def start_anchor(self, on: date) -> date:
        """Counting runs from the day after the anchor: receipt day excluded unless configured."""
        return on - timedelta(days=1) if self.settings.receipt_day_counted else on

    def receipt_words(self) -> str:
        return (
            "当日计入），自当日起" if self.settings.receipt_day_counted else "当日不计），自次日起"
        )

    def on_correction_requested(self, event: ClockEvent) -> None:
        on = event.on
        self.require_running("告知补正")
        if self.correction_requested:
            raise ClockError("补正只能一次性告知（《条例》第三十条）。")
        if self.other_events:
            raise ClockError("补正应在审核阶段告知，不能在征求意见、延期或收费之后提出。")
        assert self.received is not None
        latest = correction_notice_due(self.received, self.cal, settings=self.settings)
        if on > latest:
            raise ClockError(
                f"补正告知应在收到申请之日起{CORRECTION_NOTICE.workdays}个工作日内发出"
                f"（最迟{_d(latest)}，{CORRECTION_NOTICE.basis}），{_d(on)}已超过。"
            )
        if event.workdays < 0:
            raise ClockError("补正期限不能为负数。")
        period = event.workdays or self.settings.correction_period_workdays
        self.correction_requested = True
        self.correction_due = self.cal.add_workdays(on, period)
        self.stop(on)
        self.phase = "correction"
        self.say(
            on,
            f"{_d(on)} 一次性告知申请人补正（{CORRECTION_NOTICE.basis}，告知期限至{_d(latest)}），"
            f"补正期限{period}个工作日，至{_d(self.correction_due)}；"
            "答复期限自收到补正后的申请之日起重新计算",
        )

    def on_correction_received(self, event: ClockEvent) -> None:
        if self.phase != "correction":
            raise ClockError("未告知补正，不能登记收到补正后的申请。")
        on = event.on
        self.phase = "running"
        self.anchor = self.start_anchor(on)
        self.used = 0
        self.segments = []
        self.say(
            on,
            f"{_d(on)} 收到补正后的申请（{self.receipt_words()}重新计算答复期限"
            f"{REPLY.workdays}个工作日（《条例》第三十条）",
        )

    def on_correction_lapsed(self, event: ClockEvent) -> None:
        if self.phase != "correction":
            raise ClockError("未告知补正，不能认定逾期不补正。")
        assert self.correction_due is not None
        if event.on <= self.correction_due:
            raise ClockError(f"补正期限至{_d(self.correction_due)}，届满前不能认定逾期不补正。")
        self.close(event.on, Outcome.OTHER_CORRECTION_LAPSED)
        self.say(
            event.on,
            f"{_d(event.on)} 申请人无正当理由逾期不补正，视为放弃申请，不再处理"
            f"（{outcome(Outcome.OTHER_CORRECTION_LAPSED).section}，《条例》第三十条）",
        )

    def on_pause_started(self, event: ClockEvent) -> None:
        on = event.on
        kind = _PAUSES.get(event.pause_kind)
        if kind is None:
            raise ClockError(f"未知的中止事由“{event.pause_kind}”，可选：{'、'.join(_PAUSES)}。")
        self.require_running(kind.label)
        self.require_within_due(on, f"开始{kind.label}")
        self.other_events = True
        window_end = self.cal.add_workdays(on, kind.window.workdays)
        self.stop(on)
        self.pause = (on, kind, window_end)
        self.phase = "pause"
        self.say(
            on,
            f"{_d(on)} 发出征求意见书（{kind.label}，{kind.window.basis}），对方应于"
            f"{_d(window_end)}前提出意见（{kind.window.workdays}个工作日）；"
            "征求意见所需时间不计入答复期限（《条例》第三十三条第三款）",
        )

    def resume_after_pause(self, end: date, *, received: bool) -> None:
        assert self.pause is not None
        start, kind, window_end = self.pause
        effective = end
        if self.settings.cap_consultation_pause and end > window_end:
            effective = window_end
        skipped = self.cal.workdays_between(start, effective)
        if received and effective == end:
            text = (
                f"{_d(end)} 收到意见（当日不计），{_after(start, end)}期间"
                f"{skipped}个工作日不计入答复期限，次日起恢复计算"
            )
        elif received:
            text = (
                f"{_d(end)} 收到意见；{kind.label}期限已于{_d(window_end)}届满，"
                f"{_after(start, window_end)}期间{skipped}个工作日不计入答复期限，"
                f"{_d(window_end)}次日起恢复计算"
            )
        else:
            text = (
                f"{_d(window_end)} {kind.label}期限届满，尚未收到意见，由行政机关依法决定；"
                f"{_after(start, window_end)}期间{skipped}个工作日不计入答复期限，次日起恢复计算"
            )
        self.say(end if received else window_end, text)
        self.anchor = effective
        self.pause = None
        self.phase = "running"

    def resume_if_window_over(self, on: date) -> None:
        """An unanswered consultation stops excluding time after its window (capped setting)."""
        if self.phase == "pause" and self.settings.cap_consultation_pause:
            assert self.pause is not None
            if on > self.pause[2]:
                self.resume_after_pause(self.pause[2], received=False)

    def on_pause_ended(self, event: ClockEvent) -> None:
        if self.phase != "pause":
            raise ClockError("没有正在进行的征求意见，不能登记收到意见。")
        self.resume_after_pause(event.on, received=True)

    def on_extended(self, event: ClockEvent) -> None:
        on = event.on
        if self.phase not in ("running", "pause"):
            raise ClockError(f"{self._phase_text()}，不能延长答复期限。")
        if self.extended:
            raise ClockError(f"答复期限只能延长一次（{EXTENSION.basis}）。")
        if not 1 <= event.workdays <= EXTENSION.workdays:
            raise ClockError(
                f"延长答复期限最长{EXTENSION.workdays}个工作日（{EXTENSION.basis}），"
                f"现为{event.workdays}个。"
            )
        approver = event.approver.strip()
        reason = event.note.strip()
        if not approver:
            raise ClockError(
                f"延长答复期限须经政府信息公开工作机构负责人同意，请记录同意人（{EXTENSION.basis}）。"
            )
        if self.phase == "running":
            self.require_within_due(on, "延长答复期限")
        self.other_events = True
        self.extended = True
        self.allowance += event.workdays
        self.say(
            on,
            f"{_d(on)} 经政府信息公开工作机构负责人{approver}同意，延长答复期限"
            f"{event.workdays}个工作日" + (f"（理由：{reason}）" if reason else "") + "，"
            f"并告知申请人（{EXTENSION.basis}）",
        )

    def on_delayed(self, event: ClockEvent) -> None:
        on = event.on
        if self.phase not in ("running", "pause"):
            raise ClockError(f"{self._phase_text()}，不能确定延迟答复期限。")
        if self.delayed:
            raise ClockError("延迟答复的合理期限只能确定一次（《条例》第三十五条）。")
        if event.workdays < 1:
            raise ClockError("延迟答复期限应至少为1个工作日（《条例》第三十五条）。")
        reason = event.note.strip()
        if not reason:
            raise ClockError("确定延迟答复期限须记录理由并告知申请人（《条例》第三十五条）。")
        if self.phase == "running":
            self.require_within_due(on, "确定延迟答复期限")
        self.other_events = True
        self.delayed = True
        self.allowance += event.workdays
        self.say(
            on,
            f"{_d(on)} 申请数量、频次明显超过合理范围，理由合理（{reason}），确定延迟答复"
            f"{event.workdays}个工作日并告知申请人（《条例》第三十五条）",
        )

    def on_fee_notice_sent(self, event: ClockEvent) -> None:
        on = event.on
        self.require_running("发出收费通知")
        if self.fee_notice is not None:
            raise ClockError("本申请已发出过收费通知。")
        self.require_within_due(on, "发出收费通知（应在答复期限内发出）")
        self.other_events = True
        pay_due = self.cal.add_workdays(on, FEE_PAYMENT.workdays)
        self.fee_notice = (on, pay_due)
        stops = self.settings.fee_stops_clock
        if stops:
            self.stop(on)
            self.phase = "fee"
        self.say(
            on,
            f"{_d(on)} 申请人收到收费通知（当日不计），应于{_d(pay_due)}前缴费"
            f"（{FEE_PAYMENT.workdays}个工作日，{FEE_PAYMENT.basis}）"
            + ("；缴费期间不计入答复期限" if stops else ""),
        )

    def _require_fee_pending(self, what: str) -> tuple[date, date]:
        if self.fee_notice is None or self.fee_settled:
            raise ClockError(f"没有待缴的收费通知，不能{what}。")
        if self.phase == "closed":  # pragma: no cover - apply() refuses events after closing
            raise ClockError("本申请已办结。")
        return self.fee_notice

    def on_fee_paid(self, event: ClockEvent) -> None:
        on = event.on
        notice, pay_due = self._require_fee_pending("登记缴费")
        if on > pay_due:
            raise ClockError(f"缴费期限已于{_d(pay_due)}届满，{_d(on)}的缴费不能恢复计算。")
        self.fee_settled = True
        if self.phase == "fee":
            skipped = self.cal.workdays_between(notice, on)
            self.anchor = on
            self.phase = "running"
            self.say(
                on,
                f"{_d(on)} 申请人缴纳费用（当日不计），{_after(notice, on)}期间"
                f"{skipped}个工作日不计入答复期限，次日起恢复计算",
            )
        else:
            self.say(on, f"{_d(on)} 申请人缴纳费用")

    def on_fee_lapsed(self, event: ClockEvent) -> None:
        on = event.on
        _, pay_due = self._require_fee_pending("认定逾期未缴费")
        if on <= pay_due:
            raise ClockError(f"缴费期限至{_d(pay_due)}，届满前不能认定逾期未缴费。")
        self.fee_settled = True
        self.close(on, Outcome.OTHER_FEE_UNPAID)
        self.say(
            on,
            f"{_d(on)} 申请人逾期未按收费通知要求缴纳费用，视为放弃申请，不再处理"
            f"（{outcome(Outcome.OTHER_FEE_UNPAID).section}，{FEE_PAYMENT.basis}）",
        )

    def on_closed(self, event: ClockEvent) -> None:
        on = event.on
        was_running = self.phase == "running"
        if was_running:
            due = self.due()
            late = self.cal.workdays_between(due, on)
            timing = f"逾期{late}个工作日" if late else "在期限内"
            self.say(on, f"{_d(on)} 办结（答复期限{_d(due)}，{timing}）")
        else:
            self.say(on, f"{_d(on)} 办结")
        self.close(on, None)

    def close(self, on: date, key: Outcome | None) -> None:
        if self.phase == "running":
            self.closed_due = self.due()
            # the days skipped after the case ended no longer matter: list them up to the close
            # (or up to the due date, if the case closed late)
            self.segments.append((self._anchor(), min(self.closed_due, on)))
        self.phase = "closed"
        self.outcome_key = key.value if key is not None else None

    def _anchor(self) -> date:
        assert self.anchor is not None
        return self.anchor

    # -- result ------------------------------------------------------------------------------

    def explain(
        self, due: date | None, waiting_for: str, waiting_until: date | None
    ) -> list[LedgerLine]:
        """The ledger in words: events, skipped and make-up days, then the outcome, by date."""
        lines = list(self.lines)  # (date, order within the day, text)
        skipped: list[tuple[date, str]] = []
        for a, b in self.segments:
            skipped.extend(self.cal.skipped_days(a, b))
            for day in _weekend_workdays(self.cal, a, b):
                lines.append((day, 1, f"{_dw(day)} 调休上班，计为工作日"))
        lines.extend((run.first, 1, run.text) for run in group_skipped(skipped))
        if self.phase == "running" and due is not None:
            total = f"（共{self.allowance}个工作日）" if self.allowance != REPLY.workdays else ""
            lines.append((due, 2, f"答复期限届满日：{_dw(due)}{total}"))
        elif self.phase == "correction" and waiting_until is not None:
            lines.append(
                (
                    waiting_until,
                    2,
                    f"等待补正（补正期限至{_d(waiting_until)}），答复期限自收到补正后的申请之日起"
                    f"重新计算{REPLY.workdays}个工作日",
                )
            )
        elif self.phase in ("pause", "fee") and waiting_until is not None:
            lines.append(
                (
                    waiting_until,
                    2,
                    f"答复期限中止（等待{waiting_for}，至{_d(waiting_until)}），已计"
                    f"{self.used}个工作日，尚余{self.allowance - self.used}个工作日",
                )
            )
        lines.sort(key=lambda line: (line[0], line[1]))
        return [LedgerLine(on, text) for on, _, text in lines]

    def result(self, today: date, *, explain: bool = True) -> Deadline:
        if self.phase == "":
            raise ClockError("尚未登记收到申请之日。")
        self.resume_if_window_over(today)
        waiting_for, waiting_until = "", None
        due: date | None = None
        used_to_date = self.used
        left: int | None = None
        if self.phase == "running":
            due = self.due()
            self.segments.append((self._anchor(), due))
            if today > self._anchor():
                used_to_date += self.cal.workdays_between(self._anchor(), today)
            left = self.allowance - used_to_date
        elif self.phase == "closed":
            due = self.closed_due
        elif self.phase == "correction":
            waiting_for, waiting_until = "补正", self.correction_due
        elif self.phase == "pause":
            assert self.pause is not None
            waiting_for, waiting_until = self.pause[1].label, self.pause[2]
        elif self.phase == "fee":
            assert self.fee_notice is not None
            waiting_for, waiting_until = "缴费", self.fee_notice[1]
        if self.fee_notice is not None and not self.fee_settled and self.phase == "running":
            waiting_for, waiting_until = "缴费", self.fee_notice[1]
        lines = self.explain(due, waiting_for, waiting_until) if explain else []
        return Deadline(
            due=due,
            stopped=self.phase != "running",
            lines=tuple(lines),
            workdays_used=used_to_date,
            workdays_left=left,
            closed=self.phase == "closed",
            outcome_key=self.outcome_key,
            waiting_for=waiting_for,
            waiting_until=waiting_until,
            extended=self.extended,
        )


def _weekend_workdays(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    return [day for day in days if day.weekday() >= 5 and calendar.is_workday(day)]


def compute_deadline(
    events: Sequence[ClockEvent],
    calendar: WorkCalendar,
    *,
    today: date,
    settings: ClockSettings = DEFAULT_SETTINGS,
    explain: bool = True,
) -> Deadline:
    """Replay ``events`` and compute the deadline; :class:`ClockError` for an impossible ledger.

    ``explain=False`` leaves ``lines`` empty (for batch jobs that need only the dates).

    ``today`` is the clock's one seam: it decides how many working days are used and whether an
    unanswered consultation window has ended. A year the calendar does not know raises
    :class:`~gongkai.law.calendar.CalendarYearUnknownError`.
    """
    replay = _Replay(calendar, settings)
    for event in events:
        replay.apply(event)
    return replay.result(today, explain=explain)


def validate_next_event(
    events: Sequence[ClockEvent],
    event: ClockEvent,
    calendar: WorkCalendar,
    *,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> None:
    """Raise :class:`ClockError` if ``event`` cannot follow ``events``."""
    compute_deadline([*events, event], calendar, today=event.on, settings=settings, explain=False)
