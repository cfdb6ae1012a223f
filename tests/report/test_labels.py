"""Recognising headings and row labels as real reports print them."""

from __future__ import annotations

import pytest

from gongkai.report.labels import match_application_label, match_section_heading


@pytest.mark.parametrize(
    ("text", "number", "numeral"),
    [
        ("一、总体情况", 1, "一"),
        ("## 一、 总体情况", 1, "一"),
        ("**二、主动公开政府信息情况**", 2, "二"),
        ("3、 收到和处理政府信息公开申请情况", 3, "3"),
        ("收到和处理政府信息公开申请情况", 3, None),
        ("四．政府信息公开行政复议、行政诉讼情况", 4, "四"),
        ("五、政府信息公开工作存在的主要问题及改进情况", 5, "五"),
        ("五、存在的主要问题及改进情况：", 5, "五"),
        ("第六部分 其他需要报告的事项", 6, "六"),
        ("六、其他需要报告的事项", 6, "六"),
    ],
)
def test_section_headings(text: str, number: int, numeral: str | None) -> None:
    match = match_section_heading(text)
    assert match is not None
    assert (match.number, match.numeral) == (number, numeral)


@pytest.mark.parametrize(
    "text",
    [
        "（一）主动公开政府信息情况",  # a sub-heading of section 一
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "本年度报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。",
        "2021年，我镇政府信息公开工作总体情况良好",
    ],
)
def test_not_section_headings(text: str) -> None:
    assert match_section_heading(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("一、本年新收政府信息公开申请数量", "row", "1"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "row", "3.2"),
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", "row", "3.2"),
        ('3．危及"三安全一稳定"', "row", "3.3.3"),
        ("1、本机关不掌握相关政府信息", "row", "3.4.1"),
        ("三、本年度办理结果（一）予以公开", "row", "3.1"),
        ("（三）不予公开 1.属于国家秘密", "row", "3.3.1"),
        ("申请人无正当理由逾期不补正、行政机关不再处理其政", "row", "3.6.1"),
        ("（六）其他处理", "group", "3.6"),
        ("（七）总计", "ambiguous", "总计"),
        ("3.其他", "ambiguous", "其他"),
        ("自然人", "header", "自然人"),
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "header", ""),
    ],
)
def test_application_labels(text: str, kind: str, key: str) -> None:
    label = match_application_label(text)
    assert label is not None
    assert label.kind == kind
    if key:
        assert label.key == key


def test_numbers_are_not_labels() -> None:
    assert match_application_label("12") is None
    assert match_application_label("") is None
