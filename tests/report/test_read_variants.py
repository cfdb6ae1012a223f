"""Layouts the seeds do not show, typed by hand after real reports' habits."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.report import read
from gongkai.report.checks import check

FIXTURES = Path(__file__).parent.parent / "fixtures" / "text"


def test_markdown_from_a_pdf_converter() -> None:
    source = FIXTURES / "markdown-converter-2021.md"
    expected = json.loads((FIXTURES / "markdown-converter-2021.expected.json").read_text("utf-8"))
    report = read(source)
    assert report.to_canonical() == expected
    assert report.title == "二〇二一年度北郊区交通运输局政府信息公开工作的年度报告"
    assert [(f.rule, f.row) for f in check(report)] == [("cell.blank", "coercion")]


def test_2019_format_tab_separated_with_a_vertical_table_four() -> None:
    source = FIXTURES / "tsv-2019-vertical-review.txt"
    expected = json.loads((FIXTURES / "tsv-2019-vertical-review.expected.json").read_text("utf-8"))
    report = read(source)
    assert report.to_canonical() == expected
    assert check(report) == []  # its prose (15 received, 8 disclosed) agrees with the tables


def _with_subtotal_and_single_other() -> str:
    """A 2021 report whose 表三 adds a 小计 column and prints （六）其他处理 as one row."""
    head = (
        "2022年度东湖街道办事处政府信息公开工作年度报告\n"
        "三、收到和处理政府信息公开申请情况\n"
        "|（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况||||||||\n"
        "||自然人|法人或其他组织||||||总计|\n"
        "|||商业企业|科研机构|社会公益组织|法律服务机构|其他|小计||\n"
    )
    rows = {
        "一、本年新收政府信息公开申请数量": "3|1|0|0|0|0|1|4",
        "二、上年结转政府信息公开申请数量": "0|0|0|0|0|0|0|0",
        "三、本年度办理结果（一）予以公开": "2|1|0|0|0|0|1|3",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "0|0|0|0|0|0|0|0",
        "（三）不予公开 1.属于国家秘密": "0|0|0|0|0|0|0|0",
        "（六）其他处理": "1|0|0|0|0|0|0|1",
        "（七）总计": "3|1|0|0|0|0|1|4",
        "四、结转下年度继续办理": "0|0|0|0|0|0|0|0",
    }
    return head + "".join(f"|{label}|{values}|\n" for label, values in rows.items())


def test_subtotal_column_is_dropped_and_single_other_row_is_3_6() -> None:
    report = read(_with_subtotal_and_single_other())
    assert report.template == "2021"
    assert report.applications is not None
    values = {k: [c.value for c in v] for k, v in report.applications.items()}
    assert values == {
        "1": [3, 1, 0, 0, 0, 0, 4],
        "2": [0, 0, 0, 0, 0, 0, 0],
        "3.1": [2, 1, 0, 0, 0, 0, 3],
        "3.2": [0, 0, 0, 0, 0, 0, 0],
        "3.3.1": [0, 0, 0, 0, 0, 0, 0],
        "3.6": [1, 0, 0, 0, 0, 0, 1],
        "3.7": [3, 1, 0, 0, 0, 0, 4],
        "4": [0, 0, 0, 0, 0, 0, 0],
    }
    assert report.notes == []


def test_a_2019_city_page_with_zeros_left_blank() -> None:
    """Modelled on the 上海市人民政府办公厅 2019 page: 2019 format, a rowspan=20 group cell,
    "<br/>" in headers, zero cells left blank (&nbsp;), a longer title of section 五."""
    folder = FIXTURES.parent / "real"
    expected = json.loads((folder / "shanghai-2019-style.expected.json").read_text("utf-8"))
    report = read(folder / "shanghai-2019-style.html")
    assert report.to_canonical() == expected
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    findings = check(report)
    assert {f.rule for f in findings} == {"cell.blank"}
    assert len(findings) == 23 + 3  # each row with a blank cell, once: all 23 of 表三, 3 of 表四
