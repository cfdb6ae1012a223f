"""主动公开 as data: the items of 第二十条/第二十一条, withholding reasons, 第二十六条, 索引号."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.calendar import WorkCalendar
from gongkai.law.proactive import (
    ARTICLE_20_ITEMS,
    LOCAL_ITEMS,
    LOCAL_ITEMS_COUNTY,
    LOCAL_ITEMS_TOWNSHIP,
    WITHHOLDING_REASONS,
    IndexNumber,
    disclosure_item,
    format_index_number,
    is_late,
    parse_index_number,
    publication_due,
    table_two_rows,
    withholding_reason,
)
from gongkai.report.formats import TEMPLATE_2019, TEMPLATE_2021

CAL = WorkCalendar()


def test_article_20_has_fifteen_items_in_order() -> None:
    assert [item.code for item in ARTICLE_20_ITEMS] == [f"20.{n}" for n in range(1, 16)]
    first, *_, last = ARTICLE_20_ITEMS
    assert (first.label, first.article) == (
        "行政法规、规章和规范性文件",
        "《条例》第二十条第（一）项",
    )
    assert last.article == "《条例》第二十条第（十五）项"
    assert last.label == "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"
    assert disclosure_item("20.11").article == "《条例》第二十条第（十一）项"
    assert disclosure_item("20.7").label == "财政预算、决算信息"
    assert all(item.level == "" for item in ARTICLE_20_ITEMS)


def test_local_items_of_article_21() -> None:
    assert [item.label for item in LOCAL_ITEMS_COUNTY] == [
        "市政建设",
        "公共服务",
        "公益事业",
        "土地征收",
        "房屋征收",
        "治安管理",
        "社会救助",
    ]
    assert [item.label for item in LOCAL_ITEMS_TOWNSHIP] == [
        "贯彻落实农业农村政策",
        "农田水利工程建设运营",
        "农村土地承包经营权流转",
        "宅基地使用情况审核",
        "土地征收",
        "房屋征收",
        "筹资筹劳",
        "社会救助",
    ]
    assert all(item.code.startswith("21.county.") for item in LOCAL_ITEMS_COUNTY)
    assert all(item.code.startswith("21.township.") for item in LOCAL_ITEMS_TOWNSHIP)
    township = disclosure_item("21.township.homestead_review")
    assert township.article == "《条例》第二十一条（乡（镇）人民政府）"
    assert township.level == "乡（镇）人民政府"
    codes = [item.code for item in (*ARTICLE_20_ITEMS, *LOCAL_ITEMS)]
    assert len(codes) == len(set(codes)) == 15 + 7 + 8
    assert max(len(code) for code in codes) <= 40  # the publications model's field length


def test_withholding_reasons() -> None:
    table = {r.code: (r.article, r.mandatory, r.report_row) for r in WITHHOLDING_REASONS}
    assert table == {
        "state_secret": ("《条例》第十四条", True, "3.3.1"),
        "prohibited_by_law": ("《条例》第十四条", True, "3.3.2"),
        "security_stability": ("《条例》第十四条", True, "3.3.3"),
        "trade_secret": ("《条例》第十五条", True, "3.3.4"),
        "privacy": ("《条例》第十五条", True, "3.3.4"),
        "internal_affairs": ("《条例》第十六条第一款", False, "3.3.5"),
        "process_information": ("《条例》第十六条第二款", False, "3.3.6"),
        "enforcement_files": ("《条例》第十六条第二款", False, "3.3.7"),
    }
    assert withholding_reason("state_secret").label == "依法确定为国家秘密"
    for reason in WITHHOLDING_REASONS:
        TEMPLATE_2021.application_row(reason.report_row)  # a row of 表三
    with pytest.raises(KeyError):
        withholding_reason("nope")


# 2021 National Day: 10-01 … 10-07 off; Sunday 09-26 and Saturday 10-09 are 调休 working days.
# Formed Tuesday 2021-09-28 (not counted): 09-29 (1), 09-30 (2), 10-08 (3), 10-09 Sat (4),
# 10-11 … 10-15 (5–9), 10-18 … 10-22 (10–14), 10-25 … 10-29 (15–19), Monday 11-01 (20).
# Formed Saturday 2021-03-06: 03-08 … 03-12 (1–5), 03-15 … 19 (6–10), 03-22 … 26 (11–15),
# 03-29 … 04-02 (16–20); 清明 (04-03 … 04-05) comes after.
@pytest.mark.parametrize(
    ("formed", "due"),
    [
        (date(2021, 9, 28), date(2021, 11, 1)),
        (date(2021, 3, 6), date(2021, 4, 2)),
    ],
    ids=["national-day", "weekend-start"],
)
def test_publication_due_counts_twenty_working_days(formed: date, due: date) -> None:
    assert publication_due(formed, CAL) == due


def test_is_late() -> None:
    formed = date(2021, 9, 28)
    assert not is_late(formed, date(2021, 9, 28), CAL)
    assert not is_late(formed, date(2021, 11, 1), CAL)
    assert is_late(formed, date(2021, 11, 2), CAL)
    # A statute's own period: 5 working days → 09-29, 09-30, 10-08, 10-09, 10-11.
    assert publication_due(formed, CAL, workdays=5) == date(2021, 10, 11)
    assert is_late(formed, date(2021, 10, 12), CAL, workdays=5)


def test_index_numbers() -> None:
    assert format_index_number("NJZ", 2021, 71) == "NJZ-2021-00071"
    assert format_index_number("11220100-MB1", 2022, 99999) == "11220100-MB1-2022-99999"
    assert parse_index_number("NJZ-2021-00071") == IndexNumber("NJZ", 2021, 71)
    assert parse_index_number(" 11220100-MB1-2022-00001 ") == IndexNumber("11220100-MB1", 2022, 1)
    assert str(IndexNumber("NJZ", 2021, 5)) == "NJZ-2021-00005"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", 2021, 1), "机关代码"),
        (("南郊", 2021, 1), "机关代码"),
        (("NJZ", 2021, 0), "顺序号应为1至99999"),
        (("NJZ", 2021, 100000), "顺序号应为1至99999"),
        (("NJZ", 21, 1), "年份21不合理"),
    ],
    ids=["empty", "chinese", "zero", "too-big", "year"],
)
def test_index_number_format_refuses(args: tuple[str, int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        format_index_number(*args)


@pytest.mark.parametrize(
    "value", ["NJZ-2021-71", "NJZ2021-00071", "NJZ-2021-000071", "-2021-00001", "NJZ-2021-00000"]
)
def test_index_number_parse_refuses(value: str) -> None:
    with pytest.raises(ValueError, match=r"索引号|顺序号"):
        parse_index_number(value)


def test_table_two_rows_2021() -> None:
    rows = [(row.key, row.label, row.caption, row.item.code) for row in table_two_rows()]
    assert rows == [
        ("regulations", "规章", "第二十条第（一）项", "20.1"),
        ("normative_documents", "行政规范性文件", "第二十条第（一）项", "20.1"),
        ("licensing", "行政许可", "第二十条第（五）项", "20.5"),
        ("punishment", "行政处罚", "第二十条第（六）项", "20.6"),
        ("coercion", "行政强制", "第二十条第（六）项", "20.6"),
        ("fees", "行政事业性收费", "第二十条第（八）项", "20.8"),
    ]


def test_table_two_rows_2019_add_services_and_procurement() -> None:
    extra = {row.key: row.item.code for row in table_two_rows(TEMPLATE_2019)}
    assert extra["other_services"] == "20.5"
    assert extra["procurement"] == "20.9"
    assert len(extra) == 8
