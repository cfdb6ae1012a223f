"""gongkai.law — the law of 依申请公开 as pure functions and data (no Django).

* :mod:`gongkai.law.calendar` — working days by the State Council's holiday arrangements;
* :mod:`gongkai.law.rules` — time limits, outcomes (表三 rows), applicant kinds, channels;
* :mod:`gongkai.law.clock` — the statutory clock of one application from its ledger;
* :mod:`gongkai.law.fees` — 信息处理费 (国办函〔2020〕109号);
* :mod:`gongkai.law.identity` — 居民身份证 and 统一社会信用代码 check characters.
"""

from __future__ import annotations

from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar, YearArrangement
from gongkai.law.clock import (
    ClockError,
    ClockEvent,
    ClockEventKind,
    Deadline,
    LedgerLine,
    compute_deadline,
    correction_notice_due,
    validate_next_event,
)
from gongkai.law.fees import fee_by_pages, fee_by_pieces
from gongkai.law.identity import IdentityError, validate_credit_code, validate_resident_id
from gongkai.law.rules import OUTCOMES, ClockSettings, Outcome, OutcomeRule, TimeLimit, outcome

__all__ = [
    "OUTCOMES",
    "CalendarYearUnknownError",
    "ClockError",
    "ClockEvent",
    "ClockEventKind",
    "ClockSettings",
    "Deadline",
    "IdentityError",
    "LedgerLine",
    "Outcome",
    "OutcomeRule",
    "TimeLimit",
    "WorkCalendar",
    "YearArrangement",
    "compute_deadline",
    "correction_notice_due",
    "fee_by_pages",
    "fee_by_pieces",
    "outcome",
    "validate_credit_code",
    "validate_next_event",
    "validate_resident_id",
]
