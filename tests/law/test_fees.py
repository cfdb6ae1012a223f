"""信息处理费 at the band edges (国办函〔2020〕109号第四条、第五条), amounts typed by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.fees import (
    PAGE_BASIS,
    PIECE_SCHEDULE,
    FeeError,
    fee_by_pages,
    fee_by_pieces,
    piece_rate,
)


@pytest.mark.parametrize(
    ("pieces", "yuan"),
    [
        (0, 0),
        (10, 0),  # 1–10 free
        (11, 100),  # the 11th at 100
        (30, 2000),  # 11th–30th: 20 × 100
        (31, 2200),  # + the 31st at 200
        (40, 4000),  # 2000 + 31st–40th: 10 × 200
        (41, 4300),  # + the 41st at 300
        (50, 7000),  # 4000 + 41st–50th: 10 × 300
        (51, 7400),  # + the 51st at 400
    ],
)
def test_fee_by_pieces_band_edges(pieces: int, yuan: int) -> None:
    assert fee_by_pieces(pieces=pieces) == yuan


def test_pieces_count_cumulatively_in_the_month() -> None:
    # The applicant's 10th (free) and 11th (100) this month.
    assert fee_by_pieces(pieces=2, earlier_pieces_this_month=9) == 100
    # The 35th alone: band 31–40 → 200 (regulations.md's worked example).
    assert fee_by_pieces(pieces=1, earlier_pieces_this_month=34) == 200
    assert [piece_rate(k) for k in (1, 10, 11, 30, 31, 40, 41, 50, 51)] == [
        0,
        0,
        100,
        100,
        200,
        200,
        300,
        300,
        400,
    ]


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [
        (0, 0),
        (30, 0),  # 1–30 free
        (31, 10),  # the 31st at 10
        (100, 700),  # 31–100: 70 × 10
        (101, 720),  # + the 101st at 20
        (200, 2700),  # 700 + 101–200: 100 × 20
        (201, 2740),  # + the 201st at 40
        (250, 4700),  # 700 + 2000 + 50 × 40 (regulations.md's worked example)
    ],
)
def test_fee_by_pages_band_edges(pages: int, yuan: int) -> None:
    assert fee_by_pages(pages=pages) == yuan


def test_negative_input_is_refused_in_chinese() -> None:
    with pytest.raises(FeeError, match="页数不能为负数"):
        fee_by_pages(pages=-1)
    with pytest.raises(FeeError, match="件数不能为负数"):
        fee_by_pieces(pieces=-1)
    with pytest.raises(FeeError, match="件次"):
        piece_rate(0)


def test_rates_carry_their_citation() -> None:
    assert "国办函〔2020〕109号" in PIECE_SCHEDULE.basis and PIECE_SCHEDULE.basis.endswith("第四条")
    assert PAGE_BASIS.endswith("第五条")


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=100))
def test_fees_are_progressive(n: int, extra: int) -> None:
    assert fee_by_pages(pages=n + extra) >= fee_by_pages(pages=n)
    assert fee_by_pieces(pieces=n + extra) >= fee_by_pieces(pieces=n)
    # Splitting a month's pieces into two calls changes nothing.
    assert fee_by_pieces(pieces=n) + fee_by_pieces(
        pieces=extra, earlier_pieces_this_month=n
    ) == fee_by_pieces(pieces=n + extra)
