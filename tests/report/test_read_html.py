"""The HTML reader: decoding, site chrome, data and layout tables, 2019/2021 formats, junk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.report import read
from gongkai.report.assemble import assemble
from gongkai.report.document import Document
from gongkai.report.errors import (
    EmptyInputError,
    EncodingError,
    NotAReportError,
    ReportReadError,
)
from gongkai.report.model import Location
from gongkai.report.readers import detect, read_document
from gongkai.report.readers.html import decode_html, is_report_title, read_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

ZERO7 = [0, 0, 0, 0, 0, 0, 0]

#: district_bureau_2021.html, typed from the page.
DISTRICT_2021: dict[str, Any] = {
    "format": "gongkai.annual-report/1",
    "organ": "安平区教育局",
    "year": 2021,
    "template": "2021",
    "proactive": {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 9},
        "licensing": 356,
        "punishment": 12,
        "coercion": 0,
        "fees": 1.25,
    },
    "applications": {
        "1": [18, 3, 0, 1, 2, 0, 24],
        "2": [2, 0, 0, 0, 0, 0, 2],
        "3.1": [8, 1, 0, 1, 1, 0, 11],
        "3.2": [2, 1, 0, 0, 0, 0, 3],
        "3.3.1": ZERO7,
        "3.3.2": ZERO7,
        "3.3.3": ZERO7,
        "3.3.4": [1, 0, 0, 0, 0, 0, 1],
        "3.3.5": ZERO7,
        "3.3.6": [0, 1, 0, 0, 0, 0, 1],
        "3.3.7": ZERO7,
        "3.3.8": ZERO7,
        "3.4.1": [4, 0, 0, 0, 1, 0, 5],
        "3.4.2": [1, 0, 0, 0, 0, 0, 1],
        "3.4.3": ZERO7,
        "3.5.1": ZERO7,
        "3.5.2": [1, 0, 0, 0, 0, 0, 1],
        "3.5.3": [0, 0, None, 0, 0, 0, 0],
        "3.5.4": ZERO7,
        "3.5.5": ZERO7,
        "3.6.1": [1, 0, 0, 0, 0, 0, 1],
        "3.6.2": ZERO7,
        "3.6.3": ZERO7,
        "3.7": [18, 3, 0, 1, 2, 0, 24],
        "4": [2, 0, 0, 0, 0, 0, 2],
    },
    "reviews_litigation": {
        "review": [1, 0, 0, 1, 2],
        "litigation_direct": [0, 1, 0, 0, 1],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}

#: township_layout_2022.html, typed from the page.
TOWNSHIP_2022: dict[str, Any] = {
    "format": "gongkai.annual-report/1",
    "organ": "青石镇",
    "year": 2022,
    "template": "2021",
    "proactive": {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 3},
        "licensing": 45,
        "punishment": 7,
        "coercion": 0,
        "fees": 0,
    },
    "applications": {
        "1": [5, 0, 0, 0, 0, 1, 6],
        "2": [1, 0, 0, 0, 0, 0, 1],
        "3.1": [3, 0, 0, 0, 0, 1, 4],
        "3.2": [1, 0, 0, 0, 0, 0, 1],
        "3.3.1": ZERO7,
        "3.3.2": ZERO7,
        "3.3.3": ZERO7,
        "3.3.4": ZERO7,
        "3.3.5": ZERO7,
        "3.3.6": ZERO7,
        "3.3.7": [0, 0, None, 0, 0, 0, 0],
        "3.3.8": ZERO7,
        "3.4.1": [1, 0, 0, 0, 0, 0, 1],
        "3.4.2": ZERO7,
        "3.4.3": ZERO7,
        "3.5.1": ZERO7,
        "3.5.2": ZERO7,
        "3.5.3": ZERO7,
        "3.5.4": ZERO7,
        "3.5.5": ZERO7,
        "3.6.1": ZERO7,
        "3.6.2": ZERO7,
        "3.6.3": ZERO7,
        "3.7": [5, 0, 0, 0, 0, 1, 6],
        "4": [1, 0, 0, 0, 0, 0, 1],
    },
    "reviews_litigation": {
        "review": [0, 0, 0, 1, 1],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}

#: city_bureau_2020_format2019.html (2019 format), typed from the page.
CITY_2020: dict[str, Any] = {
    "format": "gongkai.annual-report/1",
    "organ": "临川市生态环境局",
    "year": 2020,
    "template": "2019",
    "proactive": {
        "regulations": {"made": 0, "published": 0, "total_published": 0},
        "normative_documents": {"made": 3, "published": 3, "total_published": 27},
        "licensing": {"previous": 15, "change": 2, "decisions": 486},
        "other_services": {"previous": 6, "change": 0, "decisions": 120},
        "punishment": {"previous": 48, "change": -3, "decisions": 97},
        "coercion": {"previous": 4, "change": 0, "decisions": 11},
        "fees": {"previous": 2, "change": 0},
        "procurement": {"projects": 5, "amount": "326.8"},
    },
    "applications": {
        "1": [31, 2, 0, 0, 1, 0, 34],
        "2": [3, 0, 0, 0, 0, 0, 3],
        "3.1": [12, 1, 0, 0, 0, 0, 13],
        "3.2": [5, 0, 0, 0, 1, 0, 6],
        "3.3.1": ZERO7,
        "3.3.2": ZERO7,
        "3.3.3": [1, 0, 0, 0, 0, 0, 1],
        "3.3.4": ZERO7,
        "3.3.5": ZERO7,
        "3.3.6": ZERO7,
        "3.3.7": [2, 0, 0, 0, 0, 0, 2],
        "3.3.8": ZERO7,
        "3.4.1": [7, 1, 0, 0, 0, 0, 8],
        "3.4.2": ZERO7,
        "3.4.3": ZERO7,
        "3.5.1": [2, 0, 0, 0, 0, 0, 2],
        "3.5.2": ZERO7,
        "3.5.3": ZERO7,
        "3.5.4": ZERO7,
        "3.5.5": ZERO7,
        "3.6": [1, 0, 0, 0, 0, 0, 1],
        "3.7": [30, 2, 0, 0, 1, 0, 33],
        "4": [4, 0, 0, 0, 0, 0, 4],
    },
    "reviews_litigation": {
        "review": [3, 1, 0, 0, 4],
        "litigation_direct": [1, 0, 0, 1, 2],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def row_texts(doc: Document, table: int) -> list[list[str]]:
    return [[t.text for t in line.tokens] for line in doc.lines if line.table == table]


# ---------------------------------------------------------------------------------------------
# A full government page (UTF-8) with site chrome and the national tables
# ---------------------------------------------------------------------------------------------


def test_district_page_reads_to_canonical_json() -> None:
    report = read(FIXTURES / "district_bureau_2021.html")
    assert report.to_canonical() == DISTRICT_2021
    assert report.kind == "html"
    assert report.title == "安平区教育局2021年政府信息公开工作年度报告"
    assert [report.sections[n].heading for n in range(1, 7)] == SECTION_HEADINGS
    assert report.notes == []


def test_district_page_sections_hold_only_report_text() -> None:
    report = read(FIXTURES / "district_bureau_2021.html")
    assert report.sections[5].text.startswith("一是政策解读形式较为单一")
    # Section 六 ends with the signature; the print/close buttons and footer are gone.
    assert report.sections[6].text == "本年度未收取信息处理费。\n安平区教育局\n2022年1月24日"
    # A source line break inside Chinese text leaves no space behind.
    assert "围绕教育重点工作，全面推进" in report.sections[1].text


def test_district_page_cell_locations() -> None:
    report = read(FIXTURES / "district_bureau_2021.html")
    assert report.applications is not None
    assert report.reviews_litigation is not None
    assert isinstance(report.proactive, dict)
    # 3.3.4 保护第三方合法权益: table 2, grid row 11, first value in grid column 4.
    assert report.applications["3.3.4"][0].loc == Location(table=2, row=11, col=4)
    # The blank 科研机构 cell of 3.5.3.
    assert report.applications["3.5.3"][2].loc == Location(table=2, row=21, col=6)
    assert report.applications["4"][6].loc == Location(table=2, row=28, col=10)
    fees = report.proactive["fees"]
    assert not isinstance(fees, dict)
    assert fees.loc == Location(table=1, row=14, col=2)
    assert report.reviews_litigation["litigation_direct"][4].loc == Location(table=3, row=4, col=10)


def test_district_page_document_drops_chrome() -> None:
    doc = read_document(FIXTURES / "district_bureau_2021.html")
    assert doc.kind == "html"
    assert doc.meta_title == "安平区教育局2021年政府信息公开工作年度报告"
    first = doc.lines[0]
    assert (first.kind, first.text, first.heading) == (
        "para",
        "安平区教育局2021年政府信息公开工作年度报告",
        1,
    )
    texts = [line.text for line in doc.lines]
    # The sidebar and "related articles" links are gone.
    assert texts.count("安平区教育局2021年政府信息公开工作年度报告") == 1
    joined = "\n".join(texts)
    chrome_words = ("当前位置", "首页", "发布时间", "打印本页", "相关文章", "主办", "隐藏", "var ")
    for chrome in chrome_words:
        assert chrome not in joined
    assert texts[-1] == "2022年1月24日"  # <br> splits the signature block


def test_district_page_rowspans_are_not_repeated() -> None:
    doc = read_document(FIXTURES / "district_bureau_2021.html")
    rows = row_texts(doc, 2)
    assert rows[0] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
    ]
    assert rows[1] == ["自然人", "法人或其他组织", "总计"]
    assert rows[2] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert rows[5] == ["三、本年度办理结果", "（一）予以公开", "8", "1", "0", "1", "1", "0", "11"]
    assert rows[6][0] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert rows[7] == ["（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]
    assert rows[8] == ["2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"]
    group_row = [line for line in doc.lines if line.table == 2][7]
    assert [t.loc.col for t in group_row.tokens if t.loc] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert {t.loc.row for t in group_row.tokens if t.loc} == {8}
    header = [line for line in doc.lines if line.table == 2][1]
    assert [t.loc.col for t in header.tokens if t.loc] == [4, 5, 10]
    review_header = row_texts(doc, 3)[1]
    assert review_header[5:] == ["未经复议直接起诉", "复议后起诉"]


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["district_bureau_2021.gbk.html", "district_bureau_2021.gb2312.html"]
)
def test_gbk_pages_read_like_the_utf8_page(name: str) -> None:
    data = fixture(name)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read(data).to_canonical() == DISTRICT_2021


def test_gbk_page_without_declaration_falls_back_to_gb18030() -> None:
    data = fixture("district_bureau_2021.gbk.html").replace(b'<meta charset="gbk">', b"")
    assert b"charset" not in data
    assert read(data).to_canonical() == DISTRICT_2021


def test_gbk_page_that_claims_utf8_still_decodes() -> None:
    data = fixture("district_bureau_2021.gbk.html").replace(b'charset="gbk"', b'charset="utf-8"')
    assert read(data).to_canonical() == DISTRICT_2021


def test_bom_and_xml_declaration() -> None:
    page = "<p>一、总体情况</p>"
    assert decode_html(b"\xef\xbb\xbf" + page.encode("utf-8")) == page
    assert decode_html(b"\xff\xfe" + page.encode("utf-16-le")) == page
    xml = '<?xml version="1.0" encoding="gb2312"?><html><body>' + page + "</body></html>"
    assert decode_html(xml.encode("gb2312")) == xml


def test_undecodable_page_raises_encoding_error() -> None:
    data = b"<html><body><p>" + bytes(range(0x80, 0x100)) * 8 + b"</p></body></html>"
    with pytest.raises(EncodingError):
        read_html(data)


def test_a_truncated_multibyte_character_is_tolerated() -> None:
    page = fixture("district_bureau_2021.html")
    data = page[: page.index("信息处理费".encode()) + 2]  # cut inside 信
    report = assemble(read_html(data))
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.sections[6].text == "本年度未收取\ufffd"
    assert report.to_canonical() == DISTRICT_2021


# ---------------------------------------------------------------------------------------------
# A report inside a layout table, with Word markup
# ---------------------------------------------------------------------------------------------


def test_layout_table_page_reads_to_canonical_json() -> None:
    report = read(FIXTURES / "township_layout_2022.html")
    assert report.to_canonical() == TOWNSHIP_2022
    assert report.title == "青石镇2022年政府信息公开工作年度报告"
    assert [report.sections[n].heading for n in range(1, 7)] == SECTION_HEADINGS
    assert report.notes == []
    improvement = "公开内容更新不够及时。下一步将落实专人负责，每月检查栏目更新情况。"
    assert report.sections[5].text == improvement


def test_layout_table_page_document() -> None:
    doc = read_document(FIXTURES / "township_layout_2022.html")
    # <title> names only the site; the title cell above the content names the report.
    assert doc.meta_title == "青石镇2022年政府信息公开工作年度报告"
    assert doc.lines[0].text == "青石镇2022年政府信息公开工作年度报告"
    texts = [line.text for line in doc.lines]
    assert "一、总体情况" in texts  # split over two <b><span>
    joined = "\n".join(texts)
    chrome_words = (
        "您现在的位置",
        "网站首页",
        "政府信息公开指南",
        "浏览次数",
        "版权所有",
        "打印此页",
    )
    for chrome in chrome_words:
        assert chrome not in joined
    # Four 第二十条 tables, then 三 and 四: numbered 1…6 among the report's data tables only.
    assert {line.table for line in doc.lines if line.kind == "row"} == {1, 2, 3, 4, 5, 6}
    rows = row_texts(doc, 5)
    # Blank header cells are printed (as empty text); wrapped labels are joined.
    assert rows[2] == ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert rows[22][0] == "5.要求行政机关确认或重新出具已获取信息"
    assert row_texts(doc, 6)[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_layout_table_cell_locations() -> None:
    report = read(FIXTURES / "township_layout_2022.html")
    assert report.applications is not None
    assert report.applications["3.3.7"][2].loc == Location(table=5, row=14, col=6)
    assert report.applications["3.3.7"][2].raw == "—"
    assert isinstance(report.proactive, dict)
    licensing = report.proactive["licensing"]
    assert not isinstance(licensing, dict)
    assert licensing.loc == Location(table=2, row=3, col=2)


# ---------------------------------------------------------------------------------------------
# The 2019 format
# ---------------------------------------------------------------------------------------------


def test_2019_format_page_reads_to_canonical_json() -> None:
    report = read(FIXTURES / "city_bureau_2020_format2019.html")
    assert report.to_canonical() == CITY_2020
    assert report.title == "临川市生态环境局2020年政府信息公开工作年度报告"
    assert [report.sections[n].heading for n in range(1, 7)] == SECTION_HEADINGS
    assert report.notes == []


def test_2019_format_page_document() -> None:
    doc = read_document(FIXTURES / "city_bureau_2020_format2019.html")
    # The title is the content's own <h1>: not repeated from <title>.
    assert [line.text for line in doc.lines].count(
        "临川市生态环境局2020年政府信息公开工作年度报告"
    ) == 1
    assert (doc.lines[0].heading, doc.lines[2].heading) == (1, 2)
    # The metadata table (索引号 …) above the article is not part of the report.
    assert all("索引号" not in line.text for line in doc.lines)
    rows = row_texts(doc, 2)
    assert rows[0][1] == "申请人情况"  # <thead> rows with <th> cells
    assert rows[-3] == ["（六）其他处理", "1", "0", "0", "0", "0", "0", "1"]


# ---------------------------------------------------------------------------------------------
# Junk
# ---------------------------------------------------------------------------------------------


def test_page_without_report_is_not_a_report() -> None:
    with pytest.raises(NotAReportError):
        read(FIXTURES / "no_report_news.html")


def test_empty_html_page() -> None:
    with pytest.raises(EmptyInputError):
        read(FIXTURES / "empty.html")
    with pytest.raises(EmptyInputError):
        read_html(b"<html><head><script>var a = 1;</script></head><body>  </body></html>")


def test_truncated_page_reads_what_it_prints() -> None:
    report = read(FIXTURES / "district_bureau_2021.truncated.html")
    assert sorted(report.sections) == [1, 2, 3]
    assert report.proactive is not None
    assert report.applications is not None
    assert list(report.applications)[-1] == "3.3.4"
    assert report.to_canonical()["applications"]["3.3.4"] == [1, 0, None, None, None, None, None]
    assert report.reviews_litigation is None
    assert [n.kind for n in report.notes] == ["row-short"]


def _outcome(data: bytes) -> str:
    """The input kind of a report read from ``data``, or the code of the read error."""
    try:
        return read(data).kind or ""
    except ReportReadError as error:
        return error.code


@pytest.mark.parametrize("cut", range(0, 13000, 499))
def test_any_prefix_of_a_page_reads_or_raises_a_read_error(cut: int) -> None:
    # Straight to the HTML reader: a prefix may end inside a UTF-8 character.
    data = fixture("district_bureau_2021.html")[:cut]
    try:
        outcome = assemble(read_html(data)).kind
    except ReportReadError as error:
        outcome = error.code
    assert outcome in ("html", "empty", "not-a-report")


@pytest.mark.parametrize(
    "page",
    [
        b"<html><body><table><tr><td rowspan='abc' colspan='-3'>x</td></table></body>",
        b"<table><tr><td rowspan=0>a</td><td colspan=99999999>1</td></tr><tr><td>2</td></tr>",
        b"<div><p>" * 400 + "一、总体情况".encode(),
        b"<html><body></table></tr></td><p>\x00</p>",
        b"<frameset><frame src='a.html'></frameset>",
        b"<?xml version='1.0'?><html><body><p>text</p></body></html>",
    ],
)
def test_malformed_html_never_crashes(page: bytes) -> None:
    assert _outcome(page) in ("html", "empty", "not-a-report", "binary")


# ---------------------------------------------------------------------------------------------
# Small pages: blocks, inline markup, tables
# ---------------------------------------------------------------------------------------------


def _doc(body: str) -> Document:
    """A page with enough report structure to be selected as content."""
    page = (
        "<html><head><title>甲县2021年政府信息公开工作年度报告</title></head><body><div id='zoom'>"
        "<p>一、总体情况</p><p>二、主动公开政府信息情况</p>"
        f"{body}<p>五、存在的主要问题及改进情况</p></div></body></html>"
    )
    return read_html(page.encode("utf-8"))


def test_title_comes_from_title_tag_when_no_heading_names_it() -> None:
    doc = _doc("")
    assert doc.meta_title == "甲县2021年政府信息公开工作年度报告"
    assert (doc.lines[0].text, doc.lines[0].heading) == ("甲县2021年政府信息公开工作年度报告", 1)


def test_inline_markup_is_flattened_and_br_splits_paragraphs() -> None:
    doc = _doc(
        "<p><span style='color:red'>全年</span><font face='仿宋'>公开</font><strong>信息</strong>"
        "<a href='/x'>12</a><b>条</b>。第一行<br>第二行<br/>&nbsp;第三行&nbsp;</p>"
        "<h3>（一）<span>小标题</span></h3>"
    )
    texts = [(line.text, line.heading) for line in doc.lines]
    assert ("全年公开信息12条。第一行", 0) in texts
    assert ("第二行", 0) in texts
    assert ("第三行", 0) in texts
    assert ("（一）小标题", 3) in texts


def test_layout_table_cells_are_containers() -> None:
    prose = "本机关全年主动公开政府信息若干条，" * 15
    doc = _doc(
        "<table><tr><td><p>" + prose + "</p><table><tr><td>规章</td><td>1</td></tr></table>"
        "</td><td>侧栏</td></tr></table>"
    )
    kinds = [(line.kind, line.text[:4]) for line in doc.lines]
    assert ("para", "本机关全") in kinds
    assert ("row", "规章1") in kinds
    assert ("para", "侧栏") in kinds
    row = next(line for line in doc.lines if line.kind == "row")
    assert row.table == 1
    assert [t.loc for t in row.tokens] == [
        Location(table=1, row=1, col=1),
        Location(table=1, row=1, col=2),
    ]


def test_rowspan_and_colspan_grid_columns() -> None:
    doc = _doc(
        "<table>"
        "<tr><td rowspan='2' colspan='2'>甲</td><td>乙</td><td rowspan='3'>丙</td></tr>"
        "<tr><td>1</td></tr>"
        "<tr><td>丁</td><td colspan='2'>2</td></tr>"
        "<tr><td></td><td>3</td><td>&nbsp;</td><td>4</td></tr>"
        "<tr><td>&nbsp;</td><td> </td></tr>"
        "</table>"
    )
    rows = [line for line in doc.lines if line.kind == "row"]
    got = [[(t.text, t.loc.row, t.loc.col) for t in line.tokens if t.loc] for line in rows]
    assert got == [
        [("甲", 1, 1), ("乙", 1, 3), ("丙", 1, 4)],
        [("1", 2, 3)],
        [("丁", 3, 1), ("2", 3, 2)],
        [("", 4, 1), ("3", 4, 2), ("", 4, 3), ("4", 4, 4)],
    ]  # the all-blank fifth row is left out


def test_pure_link_lists_and_breadcrumbs_are_dropped_inside_content() -> None:
    doc = _doc(
        "<p>当前位置：首页 &gt; 政务公开</p>"
        "<ul><li><a href='/a'>乙县2020年政府信息公开工作年度报告</a></li></ul>"
        "<p>附件：<a href='/f.pdf'>统计表</a>见正文</p>"
    )
    texts = [line.text for line in doc.lines]
    assert "附件：统计表见正文" in texts
    assert not any("当前位置" in t or "乙县" in t for t in texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("安平区教育局2021年政府信息公开工作年度报告", True),
        ("关于二〇二一年度政务公开工作年度报告（全文）", True),
        ("政府信息公开年报", False),  # a column name, no year
        (
            "会议通报了2021年度全区政务公开工作考核情况，对各单位政府信息公开工作年度报告"
            "编制发布情况进行了点评。",
            False,
        ),
    ],
)
def test_is_report_title(text: str, expected: bool) -> None:
    assert is_report_title(text) is expected


def test_detects_fixtures_as_html() -> None:
    for name in (
        "district_bureau_2021.html",
        "district_bureau_2021.gbk.html",
        "township_layout_2022.html",
        "city_bureau_2020_format2019.html",
    ):
        assert detect(fixture(name)) == "html"


def test_article_title_meta_names_the_report() -> None:
    page = (
        "<html><head><meta name='ArticleTitle' content='丙镇2023年政府信息公开工作年度报告'>"
        "<title>丙镇人民政府</title></head><body><div class='content'>"
        "<p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>"
        "<p>五、存在的主要问题及改进情况</p><p>【字体：大 中 小】</p><p>扫一扫在手机打开当前页</p>"
        "<p>上一篇：丙镇2022年政府信息公开工作年度报告</p></div></body></html>"
    )
    doc = read_html(page.encode("utf-8"))
    assert doc.meta_title == "丙镇2023年政府信息公开工作年度报告"
    assert [line.text for line in doc.lines] == [
        "丙镇2023年政府信息公开工作年度报告",
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "五、存在的主要问题及改进情况",
    ]


def test_report_lines_that_begin_like_buttons_are_kept() -> None:
    doc = _doc("<p>打印宣传资料1000份。</p><p>关闭网站栏目2个。</p><p>【打印】 【关闭】</p>")
    texts = [line.text for line in doc.lines]
    assert "打印宣传资料1000份。" in texts
    assert "关闭网站栏目2个。" in texts
    assert "【打印】 【关闭】" not in texts


def test_deeply_nested_unclosed_inline_tags_lose_no_text() -> None:
    """Old pages open a <font> per line and never close it: 600 levels deep."""
    lines = "".join(f"<font face='宋体'>第{i}行<br>" for i in range(600))
    doc = _doc(lines)
    texts = [line.text for line in doc.lines]
    assert texts[3:5] == ["第0行", "第1行"]
    assert texts[-2:] == ["第599行", "五、存在的主要问题及改进情况"]
