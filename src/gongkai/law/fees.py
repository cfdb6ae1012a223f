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
from enum import StrEnum

__all__ = [
    "MAX_PAGES",
    "MAX_PIECES",
    "PAGE_SCHEDULE",
    "PIECE_SCHEDULE",
    "FeeError",
    "FeeMethod",
    "FeeQuote",
    "PageBand",
    "PieceSchedule",
    "fee_by_pages",
    "fee_by_pieces",
    "fee_quote",
    "fee_schedule_lines",
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


# ---------------------------------------------------------------------------------------------
# One application's fee with the arithmetic in words, for the clerk and the 收费通知书.
# ---------------------------------------------------------------------------------------------


class FeeMethod(StrEnum):
    """The one method chosen for an application (109号第三条: never both)."""

    PIECES = "pieces"
    PAGES = "pages"

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.PIECES else "按量计收"

    @property
    def unit(self) -> str:
        return "件" if self is FeeMethod.PIECES else "页"

    @property
    def basis(self) -> str:
        return PIECE_SCHEDULE.basis if self is FeeMethod.PIECES else PAGE_BASIS


#: Upper bounds of one application's count: far above any real case, low enough that a typing
#: slip (an extra zero or three) is caught instead of billed.
MAX_PIECES = 1000
MAX_PAGES = 100_000


@dataclass(frozen=True)
class FeeQuote:
    """The fee of one application: the inputs, the amount and how it was reached (Chinese)."""

    method: FeeMethod
    count: int
    #: 按件: the applicant's 件 earlier in the same 自然月 (0 for 按量).
    earlier_pieces: int
    amount: int
    #: One line per band used, then the total.
    lines: tuple[str, ...]
    basis: str


def _span(first: int, last: int, unit: str) -> str:
    return f"第{first}{unit}" if first == last else f"第{first}—{last}{unit}"


def _band_line(first: int, last: int, rate: int, unit: str) -> str:
    n = last - first + 1
    where = _span(first, last, unit)
    if rate == 0:
        return f"{where}：{n}{unit}，不收费"
    return f"{where}：{n}{unit} × {rate}元/{unit} = {n * rate}元"


def _piece_runs(first: int, last: int) -> list[tuple[int, int, int]]:
    """(first k, last k, rate) for the 件次 ``first``..``last``, grouped by rate."""
    runs: list[tuple[int, int, int]] = []
    k = first
    s = PIECE_SCHEDULE
    while k <= last:
        if k <= s.free:
            band_end = s.free
        elif k <= s.first_band_end:
            band_end = s.first_band_end
        else:
            band = -(-(k - s.first_band_end) // s.band_size)
            band_end = s.first_band_end + band * s.band_size
        end = min(band_end, last)
        runs.append((k, end, piece_rate(k)))
        k = end + 1
    return runs


def fee_quote(*, method: FeeMethod | str, count: int, earlier_pieces: int = 0) -> FeeQuote:
    """The fee of one application of ``count`` 件 or 页, with one line per band used.

    按件 (第四条): ``earlier_pieces`` are the same applicant's 件 earlier in the same 自然月; this
    application's 件 are the next ``count`` 件次 of the month, each at its band's rate.
    按量 (第五条): the pages of this application alone (``earlier_pieces`` must be 0).
    """
    try:
        chosen = FeeMethod(method)
    except ValueError:
        raise FeeError("请选择计费方式（按件计收或按量计收）。") from None
    limit = MAX_PIECES if chosen is FeeMethod.PIECES else MAX_PAGES
    if not 1 <= count <= limit:
        raise FeeError(f"{chosen.label}的数量应为1至{limit}{chosen.unit}。")
    if earlier_pieces < 0:
        raise FeeError("件数不能为负数。")
    lines: list[str] = []
    if chosen is FeeMethod.PIECES:
        first = earlier_pieces + 1
        last = earlier_pieces + count
        lines.append(
            f"同一申请人本自然月此前已累计申请{earlier_pieces}件，"
            f"本申请计{count}件，为本月{_span(first, last, '件')}"
        )
        lines += [_band_line(a, b, rate, "件") for a, b, rate in _piece_runs(first, last)]
        amount = fee_by_pieces(pieces=count, earlier_pieces_this_month=earlier_pieces)
    else:
        if earlier_pieces:
            raise FeeError("按量计收只计本申请的页数。")
        lines.append(f"本申请提供政府信息共{count}页")
        for band in PAGE_SCHEDULE:
            last_page = count if band.last is None else min(count, band.last)
            if last_page >= band.first:
                lines.append(_band_line(band.first, last_page, band.rate, "页"))
        amount = fee_by_pages(pages=count)
    lines.append(f"合计：{amount}元")
    return FeeQuote(chosen, count, earlier_pieces, amount, tuple(lines), chosen.basis)


def fee_schedule_lines(method: FeeMethod | str) -> tuple[str, ...]:
    """The bands of ``method`` in words, from the schedule data (shown next to the form)."""
    chosen = FeeMethod(method)
    if chosen is FeeMethod.PAGES:
        lines = []
        for band in PAGE_SCHEDULE:
            where = f"{band.first}页以上" if band.last is None else f"{band.first}—{band.last}页"
            lines.append(f"{where}：" + ("不收费" if band.rate == 0 else f"{band.rate}元/页"))
        return tuple(lines)
    s = PIECE_SCHEDULE
    second_first = s.first_band_end + 1
    second_last = s.first_band_end + s.band_size
    return (
        f"同一申请人一个自然月内累计第1—{s.free}件：不收费",
        f"第{s.free + 1}—{s.first_band_end}件：{s.first_rate}元/件",
        f"第{second_first}件起：以{s.band_size}件为一档，每增加一档提高{s.band_step}元/件"
        f"（第{second_first}—{second_last}件{piece_rate(second_first)}元/件，"
        f"第{second_last + 1}—{second_last + s.band_size}件"
        f"{piece_rate(second_last + 1)}元/件，依此类推）",
    )
