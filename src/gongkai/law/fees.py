"""信息处理费 (国办函〔2020〕109号《政府信息公开信息处理费管理办法》), rates as data.

Two methods, one per application (第三条), both 超额累进 (progressive by excess):

* 按件计收 (第四条): by the applicant's cumulative applications (件) in one 自然月 —
  1–10 free; 11–30 at 100 元/件; from the 31st, each further band of 10 件 adds 100 元/件
  (31–40 at 200, 41–50 at 300, ...). The band reading is the common one; regulations.md §3
  marks it UNCONFIRMED, so the schedule is data that can be replaced.
* 按量计收 (第五条): by pages of one application — 1–30 free; 31–100 at 10 元/页;
  101–200 at 20 元/页; from 201 at 40 元/页.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "PAGE_SCHEDULE",
    "PIECE_SCHEDULE",
    "FeeError",
    "PageBand",
    "PieceSchedule",
    "fee_by_pages",
    "fee_by_pieces",
    "piece_rate",
]

BASIS = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"


class FeeError(ValueError):
    """Bad fee input (Chinese message)."""


@dataclass(frozen=True)
class PieceSchedule:
    """按件计收: free up to ``free``, ``first_rate`` up to ``first_band_end``, then bands."""

    free: int
    first_band_end: int
    first_rate: int
    band_size: int
    band_step: int
    basis: str


PIECE_SCHEDULE = PieceSchedule(
    free=10, first_band_end=30, first_rate=100, band_size=10, band_step=100, basis=f"{BASIS}第四条"
)


@dataclass(frozen=True)
class PageBand:
    """按量计收: pages ``first``..``last`` (None = no upper bound) cost ``rate`` 元 each."""

    first: int
    last: int | None
    rate: int


PAGE_SCHEDULE: tuple[PageBand, ...] = (
    PageBand(1, 30, 0),
    PageBand(31, 100, 10),
    PageBand(101, 200, 20),
    PageBand(201, None, 40),
)
PAGE_BASIS = f"{BASIS}第五条"


def piece_rate(k: int, schedule: PieceSchedule = PIECE_SCHEDULE) -> int:
    """The fee in 元 for the applicant's ``k``-th application (件) in the month (k >= 1)."""
    if k < 1:
        raise FeeError("件次应从1开始计算。")
    if k <= schedule.free:
        return 0
    if k <= schedule.first_band_end:
        return schedule.first_rate
    band = -(-(k - schedule.first_band_end) // schedule.band_size)  # ceil: 31–40 -> 1
    return schedule.first_rate + band * schedule.band_step


def fee_by_pieces(*, pieces: int, earlier_pieces_this_month: int = 0) -> int:
    """元 for ``pieces`` 件 after ``earlier_pieces_this_month`` 件 of the same applicant.

    109号第四条 counts each applicant's cumulative 件 in one 自然月; the caller counts the
    earlier 件 of the same month (after splitting by 一事一申请).
    """
    if pieces < 0 or earlier_pieces_this_month < 0:
        raise FeeError("件数不能为负数。")
    first = earlier_pieces_this_month + 1
    return sum(piece_rate(k) for k in range(first, first + pieces))


def fee_by_pages(*, pages: int) -> int:
    """元 for one application of ``pages`` pages (109号第五条, 超额累进)."""
    if pages < 0:
        raise FeeError("页数不能为负数。")
    total = 0
    for band in PAGE_SCHEDULE:
        last = pages if band.last is None else min(pages, band.last)
        if last >= band.first:
            total += (last - band.first + 1) * band.rate
    return total
