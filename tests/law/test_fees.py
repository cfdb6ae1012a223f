"""信息处理费 at the band edges (国办函〔2020〕109号第四条、第五条), amounts typed by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.fees import (
    PAGE_BASIS,
    PIECE_SCHEDULE,
    FeeError,
    fee_by_pages,
    fee_by_pieces,
    fee_quote,
    fee_schedule_lines,
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


def test_quote_by_pieces_spells_out_each_band() -> None:
    quote = fee_quote(method="pieces", count=5, earlier_pieces=8)  # 件次 9–13
    assert quote.amount == 300
    assert quote.lines == (
        "同一申请人本自然月此前已累计申请8件，本申请计5件，为本月第9—13件",
        "第9—10件：2件，不收费",
        "第11—13件：3件 × 100元/件 = 300元",
        "合计：300元",
    )
    assert quote.basis.endswith("第四条")


def test_quote_by_pages_spells_out_each_band() -> None:
    quote = fee_quote(method="pages", count=250)
    assert quote.amount == 4700
    assert quote.lines == (
        "本申请提供政府信息共250页",
        "第1—30页：30页，不收费",
        "第31—100页：70页 × 10元/页 = 700元",
        "第101—200页：100页 × 20元/页 = 2000元",
        "第201—250页：50页 × 40元/页 = 2000元",
        "合计：4700元",
    )
    assert quote.basis.endswith("第五条")


def test_schedules_in_words() -> None:
    assert fee_schedule_lines("pages") == (
        "1—30页：不收费",
        "31—100页：10元/页",
        "101—200页：20元/页",
        "201页以上：40元/页",
    )
    assert fee_schedule_lines("pieces")[1] == "第11—30件：100元/件"
    assert "第31—40件200元/件，第41—50件300元/件" in fee_schedule_lines("pieces")[2]


def test_quote_refuses_bad_input_in_chinese() -> None:
    with pytest.raises(FeeError, match="请选择计费方式"):
        fee_quote(method="both", count=1)
    with pytest.raises(FeeError, match="按量计收只计本申请的页数"):
        fee_quote(method="pages", count=40, earlier_pieces=3)
    with pytest.raises(FeeError, match="1至1000件"):
        fee_quote(method="pieces", count=1001)


@given(
    st.sampled_from(["pieces", "pages"]),
    st.integers(min_value=1, max_value=600),
    st.integers(min_value=0, max_value=80),
)
def test_quote_lines_add_up_to_the_amount(method: str, count: int, earlier: int) -> None:
    earlier = earlier if method == "pieces" else 0
    quote = fee_quote(method=method, count=count, earlier_pieces=earlier)
    expected = (
        fee_by_pieces(pieces=count, earlier_pieces_this_month=earlier)
        if method == "pieces"
        else fee_by_pages(pages=count)
    )
    assert quote.amount == expected
    band_sums = [int(m.group(1)) for m in map(re.compile(r"= (\d+)元$").search, quote.lines) if m]
    units = [int(m.group(1)) for m in map(re.compile(r"：(\d+)[件页]").search, quote.lines) if m]
    assert sum(band_sums) == quote.amount
    assert sum(units) == count
