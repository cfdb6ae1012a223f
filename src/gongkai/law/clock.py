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
  (recorded in ``note``); a second extension is a :class:`ClockError`.
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
from datetime import date
from enum import StrEnum

from gongkai.law.calendar import WorkCalendar
from gongkai.law.rules import DEFAULT_SETTINGS, ClockSettings

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
    note: str = ""  # EXTENDED: the approver; DELAYED: the reason


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


def correction_notice_due(received: date, calendar: WorkCalendar) -> date:
    """The last day to send the 补正 notice: 7 working days after receipt (第三十条)."""
    raise NotImplementedError


def compute_deadline(
    events: Sequence[ClockEvent],
    calendar: WorkCalendar,
    *,
    today: date,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Deadline:
    """Replay ``events`` and compute the deadline; :class:`ClockError` for an impossible ledger."""
    raise NotImplementedError


def validate_next_event(
    events: Sequence[ClockEvent],
    event: ClockEvent,
    calendar: WorkCalendar,
    *,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> None:
    """Raise :class:`ClockError` if ``event`` cannot follow ``events``."""
    compute_deadline([*events, event], calendar, today=event.on, settings=settings)
