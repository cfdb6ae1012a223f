"""The law core's public names, as agreed with the applications app, are pinned."""

from __future__ import annotations

import gongkai.law
from gongkai.law import calendar, clock, fees, identity, rules


def test_exported_members() -> None:
    assert sorted(gongkai.law.__all__) == sorted(
        [
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
    )


def test_the_agreed_interface_exists() -> None:
    for module, names in [
        (calendar, ["CalendarYearUnknownError", "YearArrangement", "WorkCalendar"]),
        (
            rules,
            [
                "TimeLimit",
                "REPLY",
                "EXTENSION",
                "CORRECTION_NOTICE",
                "CONSULTATION",
                "FEE_PAYMENT",
                "Outcome",
                "OUTCOMES",
                "OutcomeRule",
                "outcome",
                "APPLICANT_KINDS",
                "CHANNELS",
            ],
        ),
        (
            clock,
            [
                "ClockEvent",
                "ClockEventKind",
                "LedgerLine",
                "Deadline",
                "ClockError",
                "compute_deadline",
                "correction_notice_due",
                "validate_next_event",
            ],
        ),
        (fees, ["fee_by_pieces", "fee_by_pages"]),
        (identity, ["IdentityError", "validate_resident_id", "validate_credit_code"]),
    ]:
        for name in names:
            assert hasattr(module, name), f"{module.__name__}.{name}"
    assert {k.name for k in clock.ClockEventKind} >= {
        "RECEIVED",
        "CORRECTION_REQUESTED",
        "CORRECTION_RECEIVED",
        "CORRECTION_LAPSED",
        "PAUSE_STARTED",
        "PAUSE_ENDED",
        "EXTENDED",
        "FEE_NOTICE_SENT",
        "FEE_PAID",
        "FEE_LAPSED",
        "CLOSED",
    }
    assert issubclass(clock.ClockError, ValueError)
    assert issubclass(identity.IdentityError, ValueError)
