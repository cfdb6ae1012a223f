"""The PDF reader (text-layer PDFs).

The fixtures are HTML reports in the national layout (``tests/fixtures/pdf/*.html``) rendered to
PDF with WeasyPrint at test time:

* ``ruled.html`` — bordered tables; 表二 and 表三 run over page breaks without a repeated header;
* ``unruled.html`` — the same layout without any borders;
* ``split.html`` — 表三 split over two pages with a repeated ``<thead>``, a running head and
  "- N -" page numbers;
* ``wrapped.html`` — no borders and narrow label columns, so labels wrap over up to seven lines
  with their numbers beside the middle line; "第 N 页 共 M 页" footers;
* ``report2019.html`` — a 2019-format report;
* ``gongwen.html`` — official-document style (16 pt text on a fixed 28 pt pitch, tables set
  solid with no cell padding, "— N —" page numbers left and right, a blank-cell row, a signature);
  also read with its borders removed, and with its borders redrawn the ways Word and other
  producers draw them (one filled path of thin rectangles; one stroked path of lines).

Expected values are typed by hand from the HTML sources. Errors (encrypted, image-only,
truncated, junk) must come out as the documented :class:`ReportReadError` subclasses.
"""

from __future__ import annotations

import functools
import io
import logging
import random
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import weasyprint
from PIL import Image, ImageDraw

from gongkai.report import read, render
from gongkai.report.document import Document, Line
from gongkai.report.errors import (
    CorruptFileError,
    EncryptedPdfError,
    ImageOnlyPdfError,
    ReportReadError,
)
from gongkai.report.model import Report
from gongkai.report.readers import read_document
from gongkai.report.readers.pdf import read_pdf

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pdf"
SEEDS = sorted((Path(__file__).parent.parent / "cases").glob("seed-*/input.txt"))
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def html_to_pdf(html: str) -> bytes:
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


@functools.cache
def fixture_pdf(name: str) -> bytes:
    return html_to_pdf((FIXTURES / f"{name}.html").read_text(encoding="utf-8"))


@functools.cache
def fixture_report(name: str) -> Report:
    return read(fixture_pdf(name), name=f"{name}.pdf")


@functools.cache
def fixture_document(name: str) -> Document:
    return read_document(fixture_pdf(name), name=f"{name}.pdf")


def rows(doc: Document) -> list[Line]:
    return [line for line in doc.lines if line.kind == "row"]


def row_starting(doc: Document, label: str) -> Line:
    found = [line for line in rows(doc) if line.tokens and line.tokens[0].text == label]
    assert len(found) == 1, [line.text for line in rows(doc)]
    return found[0]


def headings(report: Report) -> list[str]:
    return [report.sections[n].heading for n in sorted(report.sections)]


# ---------------------------------------------------------------------------------------------
# (1) Ruled tables
# ---------------------------------------------------------------------------------------------


def test_ruled_report_reads_to_its_canonical_json() -> None:
    assert fixture_report("ruled").to_canonical() == {
        "format": "gongkai.annual-report/1",
        "organ": "南关区长通街道办事处",
        "year": 2021,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 2, "repealed": 1, "in_force": 5},
            "licensing": 37,
            "punishment": 12,
            "coercion": 3,
            "fees": 1.25,
        },
        "applications": {
            "1": [5, 1, 0, 0, 0, 0, 6],
            "2": [1, 0, 0, 0, 0, 0, 1],
            "3.1": [2, 1, 0, 0, 0, 0, 3],
            "3.2": [1, 0, 0, 0, 0, 0, 1],
            "3.3.1": [0, 0, 0, 0, 0, 0, 0],
            "3.3.2": [0, 0, 0, 0, 0, 0, 0],
            "3.3.3": [0, 0, 0, 0, 0, 0, 0],
            "3.3.4": [1, 0, 0, 0, 0, 0, 1],
            "3.3.5": [0, 0, 0, 0, 0, 0, 0],
            "3.3.6": [0, 0, 0, 0, 0, 0, 0],
            "3.3.7": [0, 0, 0, 0, 0, 0, 0],
            "3.3.8": [0, 0, 0, 0, 0, 0, 0],
            "3.4.1": [1, 0, 0, 0, 0, 0, 1],
            "3.4.2": [0, 0, 0, 0, 0, 0, 0],
            "3.4.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.1": [0, 0, 0, 0, 0, 0, 0],
            "3.5.2": [0, 0, 0, 0, 0, 0, 0],
            "3.5.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.4": [0, 0, 0, 0, 0, 0, 0],
            "3.5.5": [0, 0, 0, 0, 0, 0, 0],
            "3.6.1": [0, 0, 0, 0, 0, 0, 0],
            "3.6.2": [0, 0, 0, 0, 0, 0, 0],
            "3.6.3": [0, 0, 0, 0, 0, 0, 0],
            "3.7": [5, 1, 0, 0, 0, 0, 6],
            "4": [1, 0, 0, 0, 0, 0, 1],
        },
        "reviews_litigation": {
            "review": [1, 0, 0, 0, 1],
            "litigation_direct": [0, 1, 0, 0, 1],
            "litigation_after_review": [0, 0, 0, 1, 1],
        },
    }


def test_ruled_report_title_sections_and_notes() -> None:
    report = fixture_report("ruled")
    assert report.kind == "pdf"
    assert report.source == "ruled.pdf"
    # The title is printed centred over two lines; they join into one paragraph.
    assert report.title == "南关区长通街道办事处2021年政府信息公开工作年度报告"
    assert headings(report) == HEADINGS
    assert report.sections[5].text == (
        "2021年，我街道政府信息公开工作虽然取得了一定成效，但仍存在公开内容不够丰富、"
        "更新不够及时等问题。\n"
        "下一步，我街道将进一步加强学习培训，提高工作人员业务能力，及时更新公开内容，"
        "不断提升政府信息公开工作水平。"
    )
    assert report.sections[6].text == "本年度未收取信息处理费。"
    assert report.notes == []


def test_ruled_paragraphs_join_their_wrapped_lines() -> None:
    paras = [line.text for line in fixture_document("ruled").lines if line.kind == "para"]
    assert paras[1] == (
        "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的有关规定编制，"
        "本报告数据统计期限为2021年1月1日至2021年12月31日止。本年度报告的电子版可在南关区政府"
        "门户网站政务公开专栏下载。如对本年度报告有疑问，请与南关区长通街道办事处办公室联系"
        "（办公地址：长春市亚泰大街1055号；咨询电话：82864536；邮政编码：130042）。"
    )
    assert paras[4:8] == [
        "（一）严格落实年度报告制度。",
        "依法按时完成长通街道2021年政府信息公开年度报告，并于2022年1月31日之前在南关区人民政府"
        "网站向社会公布，主动接受社会监督。",
        "（二）认真做好主动公开政府信息工作。",
        "一是全面完成政务公开专栏升级工作，完善政府信息公开指南、公开制度、履职依据、公开年报、"
        "机关简介、机构职能、政策文件等法定主动公开内容，按时主动公开信息，2021年我街政务公开"
        "专栏共计发布信息16条。二是完成区政府门户网站的信息报送工作任务，全年共计报送信息62篇，"
        "采用50条。",
    ]
    assert not any(text in ("- 1 -", "- 2 -", "- 3 -") for text in paras)


def test_ruled_cells_know_page_table_row_and_column() -> None:
    report = fixture_report("ruled")
    sources: dict[str, Any] = report.cell_sources()
    # 表二 starts on page 1 and its last row (行政事业性收费) runs over to page 2.
    assert sources["proactive"]["licensing"] == {"page": 1, "table": 1, "row": 7, "col": 2}
    assert sources["proactive"]["fees"] == {"page": 2, "table": 1, "row": 14, "col": 2}
    # 表三: three header rows, the label spans three grid columns, values start in column 4.
    assert sources["applications"]["1"][0] == {"page": 2, "table": 2, "row": 4, "col": 4}
    assert sources["applications"]["1"][6] == {"page": 2, "table": 2, "row": 4, "col": 10}
    # The rows after the page break keep table 2 and count on.
    assert sources["applications"]["3.6.3"][0] == {"page": 3, "table": 2, "row": 26, "col": 4}
    assert sources["applications"]["4"][6] == {"page": 3, "table": 2, "row": 28, "col": 10}
    assert sources["reviews_litigation"]["litigation_after_review"][4] == {
        "page": 3,
        "table": 3,
        "row": 4,
        "col": 15,
    }
    assert report.sections[3].loc is not None and report.sections[3].loc.page == 2
    assert report.sections[4].loc is not None and report.sections[4].loc.page == 3


def test_ruled_merged_cells_are_one_token_in_their_first_row() -> None:
    doc = fixture_document("ruled")
    row = row_starting(doc, "三、本年度办理结果")
    labels = ["三、本年度办理结果", "（一）予以公开"]
    assert [t.text for t in row.tokens] == [*labels, "2", "1", "0", "0", "0", "0", "3"]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [t.text for t in row_starting(doc, note).tokens][1:] == ["申请人情况"]


# ---------------------------------------------------------------------------------------------
# (2) Unruled tables
# ---------------------------------------------------------------------------------------------


def test_unruled_report_reads_to_its_canonical_json() -> None:
    assert fixture_report("unruled").to_canonical() == {
        "format": "gongkai.annual-report/1",
        "organ": "洛阳市洛龙区学府街道办事处",
        "year": 2021,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 1, "repealed": 0, "in_force": 3},
            "licensing": 0,
            "punishment": 5,
            "coercion": 0,
            "fees": 0,
        },
        "applications": {
            "1": [3, 0, 1, 0, 0, 0, 4],
            "2": [0, 1, 0, 0, 0, 0, 1],
            "3.1": [1, 0, 0, 0, 0, 0, 1],
            "3.2": [0, 1, 0, 0, 0, 0, 1],
            "3.3.1": [0, 0, 0, 0, 0, 0, 0],
            "3.3.2": [0, 0, 0, 0, 0, 0, 0],
            "3.3.3": [1, 0, 0, 0, 0, 0, 1],
            "3.3.4": [0, 0, 0, 0, 0, 0, 0],
            "3.3.5": [0, 0, 0, 0, 0, 0, 0],
            "3.3.6": [0, 0, 0, 0, 0, 0, 0],
            "3.3.7": [0, 0, 0, 0, 0, 0, 0],
            "3.3.8": [0, 0, 0, 0, 0, 0, 0],
            "3.4.1": [0, 0, 0, 0, 0, 0, 0],
            "3.4.2": [0, 0, 0, 0, 0, 0, 0],
            "3.4.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.1": [0, 0, 0, 0, 0, 0, 0],
            "3.5.2": [0, 0, 1, 0, 0, 0, 1],
            "3.5.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.4": [0, 0, 0, 0, 0, 0, 0],
            "3.5.5": [0, 0, 0, 0, 0, 0, 0],
            "3.6.1": [0, 0, 0, 0, 0, 0, 0],
            "3.6.2": [0, 0, 0, 0, 0, 0, 0],
            "3.6.3": [1, 0, 0, 0, 0, 0, 1],
            "3.7": [3, 1, 1, 0, 0, 0, 5],
            "4": [0, 0, 0, 0, 0, 0, 0],
        },
        "reviews_litigation": {
            "review": [0, 0, 0, 0, 0],
            "litigation_direct": [1, 0, 0, 0, 1],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
    }


def test_unruled_report_title_sections_and_rows() -> None:
    report = fixture_report("unruled")
    # The title wraps after 年; its two centred lines join.
    assert report.title == "洛阳市洛龙区学府街道办事处2021年政府信息公开工作年度报告"
    assert headings(report) == HEADINGS
    assert report.notes == []
    doc = fixture_document("unruled")
    # A label wrapped over two lines with the numbers between them is one row.
    row = row_starting(doc, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert [t.text for t in row.tokens][1:] == ["0", "1", "0", "0", "0", "0", "1"]
    assert all(t.loc is not None and t.loc.page == 2 for t in row.tokens)
    assert all(t.x is not None and t.y is not None for t in row.tokens)
    # 表三's header is on page 1, its rows on page 2: one table.
    tables = {line.table for line in rows(doc) if "勾稽" in line.text or "（七）总计" in line.text}
    assert len(tables) == 1


def test_running_heads_and_footers_around_an_unruled_table_are_dropped() -> None:
    html = (FIXTURES / "unruled.html").read_text(encoding="utf-8")
    furniture = (
        '@page { @top-left { content: "学府街道办事处"; font-size: 9pt; } '
        '@top-right { content: "政府信息公开工作年度报告"; font-size: 9pt; } '
        '@bottom-left { content: "学府街道党政办公室 编印"; font-size: 9pt; } '
        '@bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; '
        "font-size: 9pt; } }</style>"
    )
    data = html_to_pdf(html.replace("</style>", furniture, 1))
    assert read(data).to_canonical() == fixture_report("unruled").to_canonical()
    texts = [line.text for line in read_pdf(data).lines]
    assert texts[0] == "洛阳市洛龙区学府街道办事处2021年政府信息公开工作年度报告"
    assert not any(word in text for text in texts for word in ("编印", "页 共", "页共"))
    assert "学府街道办事处" not in texts and "政府信息公开工作年度报告" not in texts


def test_two_columns_of_key_value_pairs_stay_prose() -> None:
    html = (FIXTURES / "unruled.html").read_text(encoding="utf-8")
    left = '<td style="text-align: left">'
    contact = (
        f'<table style="width: 80%"><tr>{left}联系人：王明</td>{left}联系电话：0379-65588123</td>'
        f"</tr><tr>{left}通讯地址：洛阳市洛龙区学府街道</td>{left}邮政编码：471000</td></tr></table>"
    )
    report = read(html_to_pdf(html.replace("<p>无</p>", contact)))
    assert report.sections[6].text == (
        "联系人：王明 联系电话：0379-65588123\n通讯地址：洛阳市洛龙区学府街道 邮政编码：471000"
    )
    assert report.to_canonical() == fixture_report("unruled").to_canonical()


# ---------------------------------------------------------------------------------------------
# (3) A table split over two pages with a repeated header and page furniture
# ---------------------------------------------------------------------------------------------


def test_split_report_reads_to_its_canonical_json() -> None:
    assert fixture_report("split").to_canonical() == {
        "format": "gongkai.annual-report/1",
        "organ": "徐家营街道办事处",
        "year": 2021,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 3, "repealed": 0, "in_force": 8},
            "licensing": 120,
            "punishment": 46,
            "coercion": 2,
            "fees": 0.56,
        },
        "applications": {
            "1": [12, 3, 0, 1, 0, 0, 16],
            "2": [2, 0, 0, 0, 0, 0, 2],
            "3.1": [6, 1, 0, 0, 0, 0, 7],
            "3.2": [2, 1, 0, 0, 0, 0, 3],
            "3.3.1": [0, 0, 0, 0, 0, 0, 0],
            "3.3.2": [0, 0, 0, 0, 0, 0, 0],
            "3.3.3": [0, 0, 0, 0, 0, 0, 0],
            "3.3.4": [1, 0, 0, 0, 0, 0, 1],
            "3.3.5": [0, 0, 0, 0, 0, 0, 0],
            "3.3.6": [1, 0, 0, 0, 0, 0, 1],
            "3.3.7": [0, 0, 0, 0, 0, 0, 0],
            "3.3.8": [0, 0, 0, 0, 0, 0, 0],
            "3.4.1": [2, 0, 0, 1, 0, 0, 3],
            "3.4.2": [1, 0, 0, 0, 0, 0, 1],
            "3.4.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.1": [0, 0, 0, 0, 0, 0, 0],
            "3.5.2": [0, 1, 0, 0, 0, 0, 1],
            "3.5.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.4": [0, 0, 0, 0, 0, 0, 0],
            "3.5.5": [0, 0, 0, 0, 0, 0, 0],
            "3.6.1": [1, 0, 0, 0, 0, 0, 1],
            "3.6.2": [0, 0, 0, 0, 0, 0, 0],
            "3.6.3": [0, 0, 0, 0, 0, 0, 0],
            "3.7": [14, 3, 0, 1, 0, 0, 18],
            "4": [0, 0, 0, 0, 0, 0, 0],
        },
        "reviews_litigation": {
            "review": [1, 1, 0, 0, 2],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
    }


def test_split_table_continues_without_its_repeated_header() -> None:
    report = fixture_report("split")
    assert headings(report) == HEADINGS
    assert report.notes == []
    sources: dict[str, Any] = report.cell_sources()
    assert sources["applications"]["3.6.3"][0] == {"page": 2, "table": 2, "row": 26, "col": 4}
    # After the break the repeated three header rows are skipped: 总计 is row 27, not row 30.
    assert sources["applications"]["3.7"][0] == {"page": 3, "table": 2, "row": 27, "col": 4}
    doc = fixture_document("split")
    assert sum(1 for line in rows(doc) if "申请人情况" in line.text) == 1
    texts = [line.text for line in doc.lines]
    assert not any("徐家营街道办事处政务公开" in text for text in texts)
    assert not any(text.startswith("- ") for text in texts)


def test_split_report_keeps_paragraphs_whole() -> None:
    report = fixture_report("split")
    assert report.sections[1].text.split("\n")[0] == (
        "2021年，徐家营街道办事处在区委、区政府的正确领导下，认真贯彻落实《中华人民共和国政府信息"
        "公开条例》，坚持以公开为常态、不公开为例外，紧紧围绕街道中心工作，不断加大政府信息公开"
        "力度，推进政府信息公开工作规范化、制度化。"
    )
    assert len(report.sections[1].text.split("\n")) == 6


# ---------------------------------------------------------------------------------------------
# (4) Labels wrapped in narrow columns, no borders
# ---------------------------------------------------------------------------------------------


def test_wrapped_report_reads_to_its_canonical_json() -> None:
    assert fixture_report("wrapped").to_canonical() == {
        "format": "gongkai.annual-report/1",
        "organ": "南关区民政局",
        "year": 2021,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
            "licensing": 215,
            "punishment": 0,
            "coercion": 0,
            "fees": 0,
        },
        "applications": {
            "1": [8, 0, 0, 0, 1, 0, 9],
            "2": [0, 0, 0, 0, 0, 0, 0],
            "3.1": [4, 0, 0, 0, 1, 0, 5],
            "3.2": [1, 0, 0, 0, 0, 0, 1],
            "3.3.1": [0, 0, 0, 0, 0, 0, 0],
            "3.3.2": [0, 0, 0, 0, 0, 0, 0],
            "3.3.3": [0, 0, 0, 0, 0, 0, 0],
            "3.3.4": [0, 0, 0, 0, 0, 0, 0],
            "3.3.5": [1, 0, 0, 0, 0, 0, 1],
            "3.3.6": [0, 0, 0, 0, 0, 0, 0],
            "3.3.7": [0, 0, 0, 0, 0, 0, 0],
            "3.3.8": [0, 0, 0, 0, 0, 0, 0],
            "3.4.1": [0, 0, 0, 0, 0, 0, 0],
            "3.4.2": [0, 0, 0, 0, 0, 0, 0],
            "3.4.3": [1, 0, 0, 0, 0, 0, 1],
            "3.5.1": [0, 0, 0, 0, 0, 0, 0],
            "3.5.2": [0, 0, 0, 0, 0, 0, 0],
            "3.5.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.4": [0, 0, 0, 0, 0, 0, 0],
            "3.5.5": [1, 0, 0, 0, 0, 0, 1],
            "3.6.1": [0, 0, 0, 0, 0, 0, 0],
            "3.6.2": [0, 0, 0, 0, 0, 0, 0],
            "3.6.3": [0, 0, 0, 0, 0, 0, 0],
            "3.7": [8, 0, 0, 0, 1, 0, 9],
            "4": [0, 0, 0, 0, 0, 0, 0],
        },
        "reviews_litigation": {
            "review": [0, 1, 0, 0, 1],
            "litigation_direct": [0, 0, 1, 0, 1],
            "litigation_after_review": [1, 0, 0, 0, 1],
        },
    }


@pytest.mark.parametrize(
    ("label", "values"),
    [
        ("一、本年新收政府信息公开申请数量", ["8", "0", "0", "0", "1", "0", "9"]),
        ("2.其他法律行政法规禁止公开", ["0", "0", "0", "0", "0", "0", "0"]),
        ("5.属于三类内部事务信息", ["1", "0", "0", "0", "0", "0", "1"]),
        ("5.要求行政机关确认或重新出具已获取信息", ["1", "0", "0", "0", "0", "0", "1"]),
        (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ["0", "0", "0", "0", "0", "0", "0"],
        ),
        (
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ["0", "0", "0", "0", "0", "0", "0"],
        ),
    ],
)
def test_wrapped_label_and_its_numbers_are_one_row(label: str, values: list[str]) -> None:
    row = row_starting(fixture_document("wrapped"), label)
    assert [t.text for t in row.tokens][1:] == values


def test_wrapped_report_sections_and_footers() -> None:
    report = fixture_report("wrapped")
    assert headings(report) == HEADINGS
    assert report.notes == []
    doc = fixture_document("wrapped")
    assert not any("页 共" in line.text or "页共" in line.text for line in doc.lines)
    # 表三 runs over three pages and stays one table.
    tables = {line.table for line in rows(doc) if line.tokens[0].text[:2] in ("一、", "四、")}
    assert tables == {2}


# ---------------------------------------------------------------------------------------------
# (5) The 2019 format
# ---------------------------------------------------------------------------------------------


def test_2019_report_reads_to_its_canonical_json() -> None:
    assert fixture_report("report2019").to_canonical() == {
        "format": "gongkai.annual-report/1",
        "organ": "南郊镇",
        "year": 2020,
        "template": "2019",
        "proactive": {
            "regulations": {"made": 0, "published": 0, "total_published": 0},
            "normative_documents": {"made": 1, "published": 1, "total_published": 4},
            "licensing": {"previous": 12, "change": -2, "decisions": 10},
            "other_services": {"previous": 3, "change": 0, "decisions": 5},
            "punishment": {"previous": 0, "change": 0, "decisions": 7},
            "coercion": {"previous": 0, "change": 0, "decisions": 0},
            "fees": {"previous": 0, "change": 0},
            "procurement": {"projects": 2, "amount": "15.6万元"},
        },
        "applications": {
            "1": [6, 0, 0, 0, 0, 2, 8],
            "2": [1, 0, 0, 0, 0, 0, 1],
            "3.1": [3, 0, 0, 0, 0, 1, 4],
            "3.2": [1, 0, 0, 0, 0, 0, 1],
            "3.3.1": [0, 0, 0, 0, 0, 0, 0],
            "3.3.2": [0, 0, 0, 0, 0, 0, 0],
            "3.3.3": [0, 0, 0, 0, 0, 0, 0],
            "3.3.4": [0, 0, 0, 0, 0, 0, 0],
            "3.3.5": [0, 0, 0, 0, 0, 0, 0],
            "3.3.6": [0, 0, 0, 0, 0, 0, 0],
            "3.3.7": [0, 0, 0, 0, 0, 0, 0],
            "3.3.8": [1, 0, 0, 0, 0, 0, 1],
            "3.4.1": [0, 0, 0, 0, 0, 1, 1],
            "3.4.2": [0, 0, 0, 0, 0, 0, 0],
            "3.4.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.1": [0, 0, 0, 0, 0, 0, 0],
            "3.5.2": [0, 0, 0, 0, 0, 0, 0],
            "3.5.3": [0, 0, 0, 0, 0, 0, 0],
            "3.5.4": [0, 0, 0, 0, 0, 0, 0],
            "3.5.5": [0, 0, 0, 0, 0, 0, 0],
            "3.6": [1, 0, 0, 0, 0, 0, 1],
            "3.7": [6, 0, 0, 0, 0, 2, 8],
            "4": [1, 0, 0, 0, 0, 0, 1],
        },
        "reviews_litigation": {
            "review": [0, 0, 0, 1, 1],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
    }


def test_2019_report_sections() -> None:
    report = fixture_report("report2019")
    assert report.title == "南郊镇2020年政府信息公开工作年度报告"
    assert headings(report) == HEADINGS
    assert report.sections[3].loc is not None and report.sections[3].loc.page == 2
    assert report.notes == []


# ---------------------------------------------------------------------------------------------
# (6) Official-document style
# ---------------------------------------------------------------------------------------------

GONGWEN = {
    "format": "gongkai.annual-report/1",
    "organ": "洛阳市洛龙区人力资源和社会保障局",
    "year": 2022,
    "template": "2021",
    "proactive": {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 4, "repealed": 2, "in_force": 17},
        "licensing": 1568,
        "punishment": 23,
        "coercion": 0,
        "fees": 0,
    },
    "applications": {
        "1": [20, 2, 0, 0, 1, 0, 23],
        "2": [1, 0, 0, 0, 0, 0, 1],
        "3.1": [10, 1, 0, 0, 0, 0, 11],
        "3.2": [3, 0, 0, 0, 0, 0, 3],
        "3.3.1": [0, 0, 0, 0, 0, 0, 0],
        "3.3.2": [0, 0, 0, 0, 0, 0, 0],
        "3.3.3": [1, 0, 0, 0, 0, 0, 1],
        "3.3.4": [0, 0, 0, 0, 0, 0, 0],
        "3.3.5": [0, 1, 0, 0, 0, 0, 1],
        "3.3.6": [0, 0, 0, 0, 0, 0, 0],
        "3.3.7": [0, 0, 0, 0, 0, 0, 0],
        "3.3.8": [None, None, None, None, None, None, 0],
        "3.4.1": [4, 0, 0, 0, 1, 0, 5],
        "3.4.2": [0, 0, 0, 0, 0, 0, 0],
        "3.4.3": [0, 0, 0, 0, 0, 0, 0],
        "3.5.1": [0, 0, 0, 0, 0, 0, 0],
        "3.5.2": [1, 0, 0, 0, 0, 0, 1],
        "3.5.3": [0, 0, 0, 0, 0, 0, 0],
        "3.5.4": [0, 0, 0, 0, 0, 0, 0],
        "3.5.5": [0, 0, 0, 0, 0, 0, 0],
        "3.6.1": [0, 0, 0, 0, 0, 0, 0],
        "3.6.2": [0, 0, 0, 0, 0, 0, 0],
        "3.6.3": [1, 0, 0, 0, 0, 0, 1],
        "3.7": [20, 2, 0, 0, 1, 0, 23],
        "4": [1, 0, 0, 0, 0, 0, 1],
    },
    "reviews_litigation": {
        "review": [2, 0, 1, 0, 3],
        "litigation_direct": [1, 0, 0, 1, 2],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}


def test_official_document_reads_to_its_canonical_json() -> None:
    assert fixture_report("gongwen").to_canonical() == GONGWEN


def test_official_document_paragraphs_on_a_fixed_pitch() -> None:
    report = fixture_report("gongwen")
    assert report.title == "洛阳市洛龙区人力资源和社会保障局2022年政府信息公开工作年度报告"
    assert headings(report) == HEADINGS
    assert report.notes == []
    assert report.sections[1].text.split("\n") == [
        "2022年，我局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级"
        "关于政务公开工作的部署要求，围绕就业创业、社会保险、劳动关系等重点领域，持续深化政府"
        "信息公开，不断提升公开质量和实效。",
        "（一）主动公开情况",
        "全年通过区政府门户网站主动公开政府信息286条，其中就业创业类信息97条，社会保险类信息"
        "84条，劳动关系类信息41条，人事人才类信息64条。通过“洛龙人社”微信公众号发布信息312条，"
        "累计阅读量超过45万人次。",
        "（二）依申请公开情况",
        "全年新收政府信息公开申请23件，上年结转1件，已办结23件，结转下年度继续办理1件。所有申请"
        "均在法定期限内答复，未发生因依申请公开被纠错的情况。",
    ]
    assert report.sections[6].text == (
        "本年度未收取信息处理费。\n洛阳市洛龙区人力资源和社会保障局\n2023年1月18日"
    )
    assert not any("—" in line.text for line in fixture_document("gongwen").lines)


def test_official_document_without_borders_reads_the_same() -> None:
    html = (FIXTURES / "gongwen.html").read_text(encoding="utf-8")
    # Rows set solid, no borders; rows kept whole on a page (WeasyPrint otherwise prints a
    # tall row's numbers and its label on different pages).
    plain = "<style>td, th { border: none; } tr { break-inside: avoid; }</style></head>"
    report = read(html_to_pdf(html.replace("</head>", plain)))
    assert report.to_canonical() == GONGWEN
    assert headings(report) == HEADINGS


def redraw_borders(data: bytes, *, filled: bool) -> bytes:
    """Every page's border lines replaced by one path: thin filled rectangles (as Word draws
    them) or, with ``filled=False``, stroked lines."""
    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        page = pdf[index]
        boxes = []
        for obj in list(page.get_objects()):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                boxes.append(obj.get_bounds())
                page.remove_obj(obj)
        path = pdfium_c.FPDFPageObj_CreateNewPath(0, 0)
        for left, bottom, right, top in boxes:
            if filled:
                pdfium_c.FPDFPath_MoveTo(path, left, bottom)
                pdfium_c.FPDFPath_LineTo(path, right, bottom)
                pdfium_c.FPDFPath_LineTo(path, right, top)
                pdfium_c.FPDFPath_LineTo(path, left, top)
                pdfium_c.FPDFPath_Close(path)
            elif right - left > top - bottom:
                pdfium_c.FPDFPath_MoveTo(path, left, (bottom + top) / 2)
                pdfium_c.FPDFPath_LineTo(path, right, (bottom + top) / 2)
            else:
                pdfium_c.FPDFPath_MoveTo(path, (left + right) / 2, bottom)
                pdfium_c.FPDFPath_LineTo(path, (left + right) / 2, top)
        pdfium_c.FPDFPath_SetDrawMode(
            path, pdfium_c.FPDF_FILLMODE_WINDING if filled else 0, not filled
        )
        pdfium_c.FPDFPage_InsertObject(page.raw, path)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("filled", [True, False], ids=["filled-rectangles", "stroked-lines"])
def test_borders_drawn_as_one_path_still_make_grids(filled: bool) -> None:
    doc = read_pdf(redraw_borders(fixture_pdf("gongwen"), filled=filled))
    assert doc.lines == fixture_document("gongwen").lines


# ---------------------------------------------------------------------------------------------
# Pages drawn sideways
# ---------------------------------------------------------------------------------------------


def rotated_content(data: bytes) -> bytes:
    """Every page's content turned a quarter to the left on a landscape page (no /Rotate)."""
    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        matrix = pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0)
        for obj in list(page.get_objects()):
            obj.transform(matrix)
        page.set_mediabox(0, 0, height, width)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_text_drawn_sideways_reads_the_same() -> None:
    back = read(rotated_content(fixture_pdf("ruled")))
    assert back.to_canonical() == fixture_report("ruled").to_canonical()
    assert headings(back) == HEADINGS


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


def test_password_protected_pdf_is_refused() -> None:
    data = (FIXTURES / "encrypted.pdf").read_bytes()
    with pytest.raises(EncryptedPdfError) as caught:
        read_pdf(data)
    assert "密码" in caught.value.message
    with pytest.raises(EncryptedPdfError):
        read(data, name="encrypted.pdf")


def test_pdf_with_only_an_owner_password_is_read() -> None:
    doc = read_pdf((FIXTURES / "owner-password-only.pdf").read_bytes())
    assert [line.text for line in doc.lines] == [
        "Annual report on government information disclosure Password protected test file"
    ]


def image_only_pdf() -> bytes:
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for y in range(200, 1500, 60):
        draw.rectangle((150, y, 1090, y + 24), fill="black")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150)
    return out.getvalue()


def test_scanned_pdf_needs_ocr() -> None:
    data = image_only_pdf()
    with pytest.raises(ImageOnlyPdfError) as caught:
        read_pdf(data)
    assert "OCR" in caught.value.message
    with pytest.raises(ImageOnlyPdfError):
        read(data)


def test_truncated_pdf_is_corrupt() -> None:
    data = fixture_pdf("ruled")
    for cut in (len(data) // 3, len(data) * 2 // 3, len(data) - 200):
        with pytest.raises(CorruptFileError):
            read_pdf(data[:cut])


def test_bytes_around_a_whole_pdf_do_no_harm() -> None:
    data = fixture_pdf("ruled")
    rng = random.Random(5)
    debris = bytes(rng.randrange(256) for _ in range(3000))
    expected = fixture_report("ruled").to_canonical()
    for padded in (data + b"\x00" * 9000, data + debris, b"From: office\r\n" * 20 + data):
        assert read(padded).to_canonical() == expected


def test_junk_after_a_pdf_signature_is_corrupt() -> None:
    rng = random.Random(20240611)
    junk = bytes(rng.randrange(256) for _ in range(5000))
    for data in (b"%PDF-1.7\n" + junk, b"%PDF-1.7\n" + junk + b"\n%%EOF\n", b"%PDF-1.4\n%%EOF"):
        with pytest.raises(CorruptFileError):
            read_pdf(data)
        with pytest.raises(CorruptFileError):
            read(data)


def test_damaged_pdfs_raise_only_read_errors() -> None:
    data = fixture_pdf("unruled")
    rng = random.Random(7)
    outcomes = []
    for _ in range(25):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 40)):
            position = rng.randrange(len(damaged) - 16)
            damaged[position : position + 8] = bytes(rng.randrange(256) for _ in range(8))
        try:
            doc = read_pdf(bytes(damaged))
        except ReportReadError as error:
            outcomes.append(type(error).__name__)
        else:
            assert isinstance(doc, Document)
            outcomes.append("read")
    assert len(outcomes) == 25
    assert set(outcomes) <= {"read", "CorruptFileError", "ImageOnlyPdfError"}


def test_blank_pdf_has_no_text_layer() -> None:
    data = html_to_pdf("<html><body></body></html>")
    with pytest.raises(ImageOnlyPdfError):
        read_pdf(data)


# ---------------------------------------------------------------------------------------------
# Round trip through the HTML writer
# ---------------------------------------------------------------------------------------------


def section_texts(report: Report) -> dict[str, str]:
    out = {"preamble": report.preamble}
    for number in range(1, 7):
        section = report.sections.get(number)
        out[f"section {number}"] = section.text if section else ""
    return out


@pytest.mark.parametrize("path", SEEDS, ids=[p.parent.name for p in SEEDS])
def test_seed_printed_to_pdf_reads_back(path: Path) -> None:
    report = read(path)
    pdf = html_to_pdf(render(report, "html").decode("utf-8"))
    back = read(pdf)
    assert back.to_canonical() == report.to_canonical()
    assert section_texts(back) == section_texts(report)
