"""The DOCX reader and writer.

* Seeds round-trip: read → ``write_docx`` → read gives the same canonical JSON and section texts.
* A Word file built here the way bodies' files look (merged headers, vertically merged labels, a
  label wrapped over two paragraphs, a blank cell) reads to canonical JSON typed by hand.
* A 2019-format report round-trips; the written file has the national page and fonts.
* Word features (content controls, tracked changes, fields, nested tables …) keep their text.
* Junk (random bytes, truncated files, other ZIP formats, zip bombs) raises the documented errors.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table
from lxml import etree

from gongkai.report import read
from gongkai.report.errors import CorruptFileError, ReportReadError, UnsupportedFormatError
from gongkai.report.model import Location, Report, Section
from gongkai.report.readers import docx as docx_reader
from gongkai.report.readers.docx import read_docx
from gongkai.report.readers.structured import report_from_canonical
from gongkai.report.writers.docx import write_docx

SEEDS = sorted((Path(__file__).parent.parent / "cases").glob("seed-*/input.txt"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_DECL = nsdecls("w")


def section_texts(report: Report) -> dict[int, str]:
    return {number: s.text for number, s in report.sections.items()}


def save(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# (a) Seeds round-trip through DOCX
# ---------------------------------------------------------------------------------------------


def test_there_are_seeds() -> None:
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("path", SEEDS, ids=[p.parent.name for p in SEEDS])
def test_seed_round_trips_through_docx(path: Path) -> None:
    report = read(path)
    back = read(write_docx(report))
    assert back.kind == "docx"
    assert back.to_canonical() == report.to_canonical()
    assert section_texts(back) == section_texts(report)
    assert back.preamble == report.preamble


# ---------------------------------------------------------------------------------------------
# (b) A Word file laid out the way bodies make them
# ---------------------------------------------------------------------------------------------

ORGANISATIONS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

#: Table 三 as typed into the Word file: key, label cells (col 1 / col 2 / col 3), numbers.
APPLICATION_ROWS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("1", ("一、本年新收政府信息公开申请数量",), "20 3 0 1 2 0 26"),
    ("2", ("二、上年结转政府信息公开申请数量",), "2 1 0 0 0 0 3"),
    ("3.1", ("三、本年度办理结果", "（一）予以公开"), "10 2 0 0 1 0 13"),
    ("3.2", ("", "（二）部分公开|（区分处理的，只计这一情形，不计其他情形）"), "3 0 0 0 0 0 3"),
    ("3.3.1", ("", "（三）不予公开", "1.属于国家秘密"), "0 0 _ 0 0 0 0"),
    ("3.3.2", ("", "", "2.其他法律行政法规禁止公开"), "0 0 0 0 0 0 0"),
    ("3.3.3", ("", "", "3.危及“三安全一稳定”"), "0 0 0 0 0 0 0"),
    ("3.3.4", ("", "", "4.保护第三方合法权益"), "1 0 0 0 0 0 1"),
    ("3.3.5", ("", "", "5.属于三类内部事务信息"), "0 0 0 0 0 0 0"),
    ("3.3.6", ("", "", "6.属于四类过程性信息"), "0 0 0 0 0 0 0"),
    ("3.3.7", ("", "", "7.属于行政执法案卷"), "0 0 0 0 0 0 0"),
    ("3.3.8", ("", "", "8.属于行政查询事项"), "0 0 0 0 0 0 0"),
    ("3.4.1", ("", "（四）无法提供", "1.本机关不掌握相关政府信息"), "4 1 0 1 0 0 6"),
    ("3.4.2", ("", "", "2.没有现成信息需要另行制作"), "0 0 0 0 0 0 0"),
    ("3.4.3", ("", "", "3.补正后申请内容仍不明确"), "1 0 0 0 0 0 1"),
    ("3.5.1", ("", "（五）不予处理", "1.信访举报投诉类申请"), "0 0 0 0 0 0 0"),
    ("3.5.2", ("", "", "2.重复申请"), "1 0 0 0 0 0 1"),
    ("3.5.3", ("", "", "3.要求提供公开出版物"), "0 0 0 0 0 0 0"),
    ("3.5.4", ("", "", "4.无正当理由大量反复申请"), "0 0 0 0 0 0 0"),
    ("3.5.5", ("", "", "5.要求行政机关确认或重新出具已获取信息"), "0 0 0 0 0 0 0"),
    (
        "3.6.1",
        ("", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        "1 0 0 0 0 0 1",
    ),
    (
        "3.6.2",
        ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        "0 0 0 0 0 0 0",
    ),
    ("3.6.3", ("", "", "3.其他"), "0 0 0 0 0 0 0"),
    ("3.7", ("", "（七）总计"), "21 3 0 1 1 0 26"),
    ("4", ("四、结转下年度继续办理",), "1 1 0 0 1 0 3"),
)

#: Typed by hand from the tables above and in ``_realistic_docx``.
EXPECTED_REALISTIC: dict[str, Any] = {
    "format": "gongkai.annual-report/1",
    "organ": "临江市河西区人民政府",
    "year": 2023,
    "template": "2021",
    "proactive": {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 5},
        "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
        "licensing": 235,
        "punishment": 18,
        "coercion": 2,
        "fees": 12.35,
    },
    "applications": {
        "1": [20, 3, 0, 1, 2, 0, 26],
        "2": [2, 1, 0, 0, 0, 0, 3],
        "3.1": [10, 2, 0, 0, 1, 0, 13],
        "3.2": [3, 0, 0, 0, 0, 0, 3],
        "3.3.1": [0, 0, None, 0, 0, 0, 0],
        "3.3.2": [0, 0, 0, 0, 0, 0, 0],
        "3.3.3": [0, 0, 0, 0, 0, 0, 0],
        "3.3.4": [1, 0, 0, 0, 0, 0, 1],
        "3.3.5": [0, 0, 0, 0, 0, 0, 0],
        "3.3.6": [0, 0, 0, 0, 0, 0, 0],
        "3.3.7": [0, 0, 0, 0, 0, 0, 0],
        "3.3.8": [0, 0, 0, 0, 0, 0, 0],
        "3.4.1": [4, 1, 0, 1, 0, 0, 6],
        "3.4.2": [0, 0, 0, 0, 0, 0, 0],
        "3.4.3": [1, 0, 0, 0, 0, 0, 1],
        "3.5.1": [0, 0, 0, 0, 0, 0, 0],
        "3.5.2": [1, 0, 0, 0, 0, 0, 1],
        "3.5.3": [0, 0, 0, 0, 0, 0, 0],
        "3.5.4": [0, 0, 0, 0, 0, 0, 0],
        "3.5.5": [0, 0, 0, 0, 0, 0, 0],
        "3.6.1": [1, 0, 0, 0, 0, 0, 1],
        "3.6.2": [0, 0, 0, 0, 0, 0, 0],
        "3.6.3": [0, 0, 0, 0, 0, 0, 0],
        "3.7": [21, 3, 0, 1, 1, 0, 26],
        "4": [1, 1, 0, 0, 1, 0, 3],
    },
    "reviews_litigation": {
        "review": [1, 0, 0, 0, 1],
        "litigation_direct": [0, 1, 0, 1, 2],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}


def _merge(table: Table, top: int, left: int, bottom: int, right: int, text: str) -> None:
    cell = table.cell(top, left).merge(table.cell(bottom, right))
    lines = text.split("|")
    cell.text = lines[0]
    for line in lines[1:]:  # a label wrapped with Enter inside the cell
        cell.add_paragraph(line)


def _proactive_table(document: DocxDocument) -> None:
    layout: list[tuple[str, tuple[str, ...], list[tuple[str, tuple[str, ...]]]]] = [
        (
            "第二十条第（一）项",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            [("规章", ("1", "0", "5")), ("行政规范性文件", ("3", "1", "12"))],
        ),
        ("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", ("235",))]),
        (
            "第二十条第（六）项",
            ("本年处理决定数量",),
            [("行政处罚", ("18",)), ("行政强制", ("2",))],
        ),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", ("12.35",))]),
    ]
    rows = sum(2 + len(body) for _, _, body in layout)
    table = document.add_table(rows=rows, cols=4)
    table.style = "Table Grid"
    r = 0
    for caption, columns, body in layout:
        _merge(table, r, 0, r, 3, caption)
        for index, line in enumerate([("信息内容", columns), *body]):
            label, values = line
            table.cell(r + 1 + index, 0).text = label
            if len(values) == 1:
                _merge(table, r + 1 + index, 1, r + 1 + index, 3, values[0])
            else:
                for col, value in enumerate(values, start=1):
                    table.cell(r + 1 + index, col).text = value
        r += 2 + len(body)


def _applications_table(document: DocxDocument) -> None:
    table = document.add_table(rows=3 + len(APPLICATION_ROWS), cols=10)
    table.style = "Table Grid"
    _merge(
        table, 0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    _merge(table, 0, 3, 0, 9, "申请人情况")
    _merge(table, 1, 3, 2, 3, "自然人")
    _merge(table, 1, 4, 1, 8, "法人或其他组织")
    _merge(table, 1, 9, 2, 9, "总计")
    for col, name in enumerate(ORGANISATIONS, start=4):
        table.cell(2, col).text = name
    group_start: dict[str, int] = {}
    group_end: dict[str, int] = {}
    for index, (key, labels, numbers) in enumerate(APPLICATION_ROWS):
        r = 3 + index
        for col, value in enumerate(numbers.split(), start=3):
            table.cell(r, col).text = "" if value == "_" else value
        if len(labels) == 1:
            _merge(table, r, 0, r, 2, labels[0])
        elif len(labels) == 2:
            _merge(table, r, 1, r, 2, labels[1])
        else:
            table.cell(r, 2).text = labels[2]
        if key.count(".") == 2:
            group = key.rsplit(".", 1)[0]
            group_start.setdefault(group, r)
            group_end[group] = r
    for group, start in group_start.items():
        label = next(
            lab[1] for k, lab, _ in APPLICATION_ROWS if k.startswith(group + ".") and lab[1]
        )
        _merge(table, start, 1, group_end[group], 1, label)
    _merge(table, 5, 0, 3 + 23, 0, "三、本年度办理结果")


REVIEW_NUMBERS = "1 0 0 0 1 0 1 0 1 2 0 0 0 0 0"


def _reviews_table(document: DocxDocument) -> None:
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    _merge(table, 0, 0, 0, 4, "行政复议")
    _merge(table, 0, 5, 0, 14, "行政诉讼")
    for col, name in enumerate(outcomes):
        _merge(table, 1, col, 2, col, name)
        table.cell(2, 5 + col).text = name
        table.cell(2, 10 + col).text = name
    _merge(table, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(table, 1, 10, 1, 14, "复议后起诉")
    for col, value in enumerate(REVIEW_NUMBERS.split(" ")):
        table.cell(3, col).text = value


def _realistic_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "临江市河西区人民政府2023年政府信息公开工作年度报告"
    document.add_paragraph("临江市河西区人民政府2023年政府信息公开工作年度报告", style="Title")
    document.add_paragraph(
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限为2023年1月1日至2023年12月31日。"
    )
    document.add_paragraph("一、总体情况", style="Heading 1")
    document.add_paragraph("2023年，河西区人民政府认真贯彻落实政府信息公开条例。")
    document.add_paragraph("（一）主动公开。全年主动公开政府信息1203条。")
    document.add_paragraph("二、主动公开政府信息情况", style="Heading 1")
    _proactive_table(document)
    document.add_paragraph("三、收到和处理政府信息公开申请情况", style="Heading 1")
    _applications_table(document)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况", style="Heading 1")
    _reviews_table(document)
    document.add_paragraph("五、存在的主要问题及改进情况", style="Heading 1")
    document.add_paragraph("公开内容的规范性还需加强。")
    document.add_paragraph("六、其他需要报告的事项", style="Heading 1")
    document.add_paragraph("本年度未收取信息处理费。")
    return save(document)


@pytest.fixture(scope="module")
def realistic() -> bytes:
    return _realistic_docx()  # python-docx merges cells slowly: build it once


def test_realistic_word_file_reads_to_hand_typed_json(realistic: bytes) -> None:
    report = read(realistic)
    assert report.to_canonical() == EXPECTED_REALISTIC
    assert report.kind == "docx"
    assert report.title == "临江市河西区人民政府2023年政府信息公开工作年度报告"
    assert report.preamble == (
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限为2023年1月1日至2023年12月31日。"
    )
    assert section_texts(report) == {
        1: "2023年，河西区人民政府认真贯彻落实政府信息公开条例。\n"
        "（一）主动公开。全年主动公开政府信息1203条。",
        2: "",
        3: "",
        4: "",
        5: "公开内容的规范性还需加强。",
        6: "本年度未收取信息处理费。",
    }
    assert report.notes == []


def test_realistic_word_file_cells_carry_grid_locations(realistic: bytes) -> None:
    report = read(realistic)
    applications = report.applications or {}
    # Table 2 (the second table), first data row is row 4; 自然人 is grid column 4.
    assert applications["1"][0].loc == Location(table=2, row=4, col=4)
    assert applications["3.3.1"][2].loc == Location(table=2, row=8, col=6)
    assert applications["4"][6].loc == Location(table=2, row=28, col=10)
    reviews = report.reviews_litigation or {}
    assert reviews["litigation_direct"][4].loc == Location(table=3, row=4, col=10)


def test_realistic_word_file_document_lines(realistic: bytes) -> None:
    document = read_docx(realistic, source="河西区.docx")
    assert document.kind == "docx"
    assert document.source == "河西区.docx"
    assert document.meta_title == "临江市河西区人民政府2023年政府信息公开工作年度报告"
    first = document.lines[0]
    assert (first.kind, first.text, first.heading) == (
        "para",
        "临江市河西区人民政府2023年政府信息公开工作年度报告",
        1,
    )
    headings = [line.text for line in document.lines if line.heading == 1]
    assert headings[1:] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    rows = [line for line in document.lines if line.kind == "row" and line.table == 2]
    # Header row 2: the 勾稽 note continues (blank), 自然人, 法人或其他组织 (merged once), 总计.
    assert [t.text for t in rows[1].tokens] == ["", "自然人", "法人或其他组织", "总计"]
    assert [t.loc.col for t in rows[1].tokens if t.loc] == [1, 4, 5, 10]
    # 3.2: the results label continues (blank); the wrapped label reads as one.
    assert [t.text for t in rows[6].tokens[:2]] == [
        "",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ]
    # 3.3.2: both group labels continue (blank), then the row label and seven values.
    assert [t.text for t in rows[8].tokens] == [
        "",
        "",
        "2.其他法律行政法规禁止公开",
        *["0"] * 7,
    ]


# ---------------------------------------------------------------------------------------------
# (c) The 2019 format; money and text cells
# ---------------------------------------------------------------------------------------------

APPLICATIONS_2019: dict[str, list[int | None]] = {
    "1": [5, 1, 0, 0, 0, 0, 6],
    "2": [0, 0, 0, 0, 0, 0, 0],
    "3.1": [2, 1, 0, 0, 0, 0, 3],
    "3.2": [1, 0, 0, 0, 0, 0, 1],
    "3.3.1": [0, 0, 0, 0, 0, 0, 0],
    "3.3.2": [0, 0, 0, 0, 0, 0, 0],
    "3.3.3": [0, 0, 0, 0, 0, 0, 0],
    "3.3.4": [0, 0, 0, 0, 0, 0, 0],
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
    "3.6": [1, None, 0, 0, 0, 0, 1],
    "3.7": [5, 1, 0, 0, 0, 0, 6],
    "4": [0, 0, 0, 0, 0, 0, 0],
}

CANONICAL_2019: dict[str, Any] = {
    "format": "gongkai.annual-report/1",
    "organ": "武汉市生态环境局",
    "year": 2020,
    "template": "2019",
    "proactive": {
        "regulations": {"made": 0, "published": 0, "total_published": 2},
        "normative_documents": {"made": 4, "published": 4, "total_published": 37},
        "licensing": {"previous": 12, "change": -1, "decisions": 1530},
        "other_services": {"previous": 6, "change": 0, "decisions": 88},
        "punishment": {"previous": 30, "change": 2, "decisions": 215},
        "coercion": {"previous": 5, "change": 0, "decisions": None},
        "fees": {"previous": 1, "change": 0},
        "procurement": {"projects": 9, "amount": "356.7万元"},
    },
    "applications": APPLICATIONS_2019,
    "reviews_litigation": {
        "review": [2, 0, 0, 1, 3],
        "litigation_direct": [1, 0, 0, 0, 1],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}


def test_2019_report_round_trips() -> None:
    report = report_from_canonical(json.loads(json.dumps(CANONICAL_2019)))
    report.sections[1] = Section(1, "一、总体情况", "一", "2020年，我局扎实推进政务公开。")
    report.sections[5] = Section(5, "五、存在的主要问题及改进情况", "五", "公开质量有待提升。")
    back = read(write_docx(report))
    assert back.to_canonical() == CANONICAL_2019
    # Sections 二–四 print with empty text because their tables are there.
    assert section_texts(back) == {
        1: "2020年，我局扎实推进政务公开。",
        2: "",
        3: "",
        4: "",
        5: "公开质量有待提升。",
    }


def test_2019_tables_print_their_own_columns() -> None:
    report = report_from_canonical(json.loads(json.dumps(CANONICAL_2019)))
    text = _document_xml(write_docx(report))
    for label in (
        "本年新制作数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购总金额",
        "（六）其他处理",
    ):
        assert label in text
    for label in ("本年制发件数", "本年收费金额", "1.申请人无正当理由逾期不补正"):
        assert label not in text


def test_money_prints_as_given_and_missing_rows_are_not_printed() -> None:
    data = {
        "format": "gongkai.annual-report/1",
        "organ": None,
        "year": 2022,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": None, "in_force": 3},
            "fees": Decimal("0.50"),
        },
        "applications": {"1": [1, 0, 0, 0, 0, 0, 1], "4": [0, 0, 0, 0, 0, 0, 0]},
    }
    report = report_from_canonical(data)
    written = write_docx(report)
    text = _document_xml(written)
    assert ">0.50<" in text
    assert "行政规范性文件" not in text and "行政许可" not in text
    assert "结果维持" not in text  # no 表四
    assert "四、政府信息公开行政复议" not in text  # no text and no table: no heading
    back = read(written)
    assert back.to_canonical() == {
        "format": "gongkai.annual-report/1",
        "organ": None,
        "year": 2022,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": None, "in_force": 3},
            "fees": 0.5,
        },
        "applications": {"1": [1, 0, 0, 0, 0, 0, 1], "4": [0, 0, 0, 0, 0, 0, 0]},
    }


# ---------------------------------------------------------------------------------------------
# (d) What the written file really contains
# ---------------------------------------------------------------------------------------------


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(str(t) for t in element.itertext())


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml").decode("utf-8")


@pytest.fixture(scope="module")
def written() -> bytes:
    return write_docx(read(SEEDS[0]))


def test_page_is_a4_with_official_margins(written: bytes) -> None:
    section = _part(written, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert section is not None
    size = section.find(f"{W}pgSz")
    margins = section.find(f"{W}pgMar")
    assert size is not None and margins is not None
    twips_per_mm = 1440 / 25.4
    assert abs(int(size.get(f"{W}w", "0")) - 210 * twips_per_mm) <= 1
    assert abs(int(size.get(f"{W}h", "0")) - 297 * twips_per_mm) <= 1
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(margins.get(f"{W}{side}", "0")) - mm * twips_per_mm) <= 1


def test_table_three_header_is_merged(written: bytes) -> None:
    body = _part(written, "word/document.xml").find(f"{W}body")
    assert body is not None
    table = next(t for t in body.iter(f"{W}tbl") if "勾稽" in text_of(t))
    rows = table.findall(f"{W}tr")

    def props(cell: etree._Element) -> tuple[str, str | None, str | None]:
        span = cell.find(f"{W}tcPr/{W}gridSpan")
        merge = cell.find(f"{W}tcPr/{W}vMerge")
        return (
            text_of(cell),
            span.get(f"{W}val") if span is not None else None,
            (merge.get(f"{W}val") or "continue") if merge is not None else None,
        )

    assert [props(c) for c in rows[0].findall(f"{W}tc")] == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "3", "restart"),
        ("申请人情况", "7", None),
    ]
    assert [props(c) for c in rows[1].findall(f"{W}tc")] == [
        ("", "3", "continue"),
        ("自然人", None, "restart"),
        ("法人或其他组织", "5", None),
        ("总计", None, "restart"),
    ]
    assert [props(c)[0] for c in rows[2].findall(f"{W}tc")] == [
        "",
        "",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "",
    ]
    # 三、本年度办理结果 spans the result rows: restart on （一）, continued on （二）.
    assert props(rows[5].findall(f"{W}tc")[0]) == ("三、本年度办理结果", None, "restart")
    assert props(rows[6].findall(f"{W}tc")[0]) == ("", None, "continue")
    assert props(rows[7].findall(f"{W}tc")[1]) == ("（三）不予公开", None, "restart")


def test_fonts_sit_in_the_east_asian_slot(written: bytes) -> None:
    styles = _part(written, "word/styles.xml")

    def style_fonts(style_id: str) -> tuple[str | None, str | None]:
        style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id)
        fonts = style.find(f"{W}rPr/{W}rFonts")
        size = style.find(f"{W}rPr/{W}sz")
        assert fonts is not None and size is not None
        return fonts.get(f"{W}eastAsia"), size.get(f"{W}val")

    assert style_fonts("GKTitle") == ("方正小标宋简体", "44")  # 二号
    assert style_fonts("GKHeading") == ("黑体", "32")  # 三号
    assert style_fonts("GKBody") == ("仿宋_GB2312", "32")  # 三号
    assert style_fonts("GKTable") == ("仿宋_GB2312", "21")  # 五号
    assert style_fonts("GKTableHeader") == ("黑体", "21")
    body = _part(written, "word/document.xml").find(f"{W}body")
    assert body is not None
    paragraphs = body.findall(f"{W}p")
    first_style = paragraphs[0].find(f"{W}pPr/{W}pStyle")
    assert first_style is not None and first_style.get(f"{W}val") == "GKTitle"
    assert text_of(paragraphs[0]) == "南关区长通街道办事处2021年政府信息公开工作年度报告"
    used = {s.get(f"{W}val") for s in body.iter(f"{W}pStyle")}
    assert {"GKTitle", "GKHeading", "GKBody", "GKTable", "GKTableHeader"} <= used


def test_body_text_has_a_two_character_indent(written: bytes) -> None:
    styles = _part(written, "word/styles.xml")
    body = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "GKBody")
    indent = body.find(f"{W}pPr/{W}ind")
    assert indent is not None
    assert indent.get(f"{W}firstLineChars") == "200"


# ---------------------------------------------------------------------------------------------
# Word features the reader must keep (or drop)
# ---------------------------------------------------------------------------------------------

_FEATURES_BODY = f"""
<w:body {nsdecls("w", "r", "m")}
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
    xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xmlns:v="urn:schemas-microsoft-com:vml">
  <w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">
    <w:r><w:t>插入</w:t></w:r></w:ins><w:del w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z">
    <w:r><w:delText>删除</w:delText></w:r></w:del></w:p>
  <w:p><w:hyperlink r:id="rId99"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>
    <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
    <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>
    <w:r><w:fldChar w:fldCharType="end"/></w:r>
    <w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>
  <w:p><w:r><w:t>框外</w:t></w:r><w:r><mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
      <w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback></mc:AlternateContent></w:r>
    <m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath></w:p>
  <w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>
    <w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>
  <w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>
    <w:p><w:r><w:t>单击此处输入文字</w:t></w:r></w:p></w:sdtContent></w:sdt>
  <w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>第一行</w:t></w:r><w:r><w:br/></w:r>
    <w:r><w:t>第二行</w:t></w:r></w:p>
  <w:tbl>
    <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>
        <w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>
      <w:tc><w:p><w:sdt><w:sdtContent><w:r><w:t>1</w:t></w:r></w:sdtContent></w:sdt>
        <w:ins w:id="3" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>2</w:t></w:r></w:ins>
        <w:del w:id="4" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>9</w:delText>
        </w:r></w:del></w:p></w:tc></w:tr>
    <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc>
      <w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p>
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表</w:t></w:r></w:p></w:tc>
          <w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        <w:p/></w:tc></w:tr>
    <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
      <w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc>
      <w:tc><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc></w:tr>
  </w:tbl>
  <w:tbl><w:tr><w:tc><w:p><w:r><w:t>框内标题</w:t></w:r></w:p>
    <w:p><w:r><w:t>框内正文</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
  <w:sectPr/>
</w:body>
"""


def _features_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "元数据标题"
    body = document.element.body
    for child in list(body):
        body.remove(child)
    for child in list(parse_xml(_FEATURES_BODY)):
        body.append(child)
    return save(document)


def test_reader_keeps_text_of_word_features() -> None:
    document = read_docx(_features_docx())
    assert document.meta_title == "元数据标题"
    lines = [(line.kind, [t.text for t in line.tokens], line.table) for line in document.lines]
    assert lines == [
        ("para", ["保留插入"], None),
        ("para", ["链接文字79"], None),
        ("para", ["框外x+1"], None),
        ("para", ["文本框"], None),  # a text box once, though Word stores it twice
        ("para", ["控件内容"], None),
        ("para", ["第一行"], None),
        ("para", ["第二行"], None),
        ("row", ["甲", "12"], 1),
        # A row holding a table reads as blocks: the cell's paragraph, then the nested table.
        ("para", ["乙"], None),
        ("row", ["内表", "5"], 2),
        ("row", ["丙", "丁"], 1),
        ("para", ["框内标题"], None),  # a one-cell frame table reads as paragraphs
        ("para", ["框内正文"], None),
    ]
    assert [line.heading for line in document.lines[:7]] == [0, 0, 0, 0, 0, 2, 2]
    rows = [line for line in document.lines if line.kind == "row"]
    assert [t.loc for t in rows[0].tokens] == [
        Location(table=1, row=1, col=1),
        Location(table=1, row=1, col=3),
    ]
    assert [t.loc for t in rows[2].tokens] == [
        Location(table=1, row=3, col=2),
        Location(table=1, row=3, col=3),
    ]


_ABSTRACT_NUM = f"""<w:abstractNum {W_DECL} w:abstractNumId="70">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>"""


def _numbered_docx() -> bytes:
    """Headings numbered by a list linked to the Heading 1 style, sub-items by direct numbering."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_ABSTRACT_NUM))
    numbering.append(
        parse_xml(f'<w:num {W_DECL} w:numId="50"><w:abstractNumId w:val="70"/></w:num>')
    )
    numbering.append(
        parse_xml(
            f'<w:num {W_DECL} w:numId="51"><w:abstractNumId w:val="70"/>'
            '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        )
    )
    heading = document.styles["Heading 1"].element.get_or_add_pPr()
    heading.append(parse_xml(f'<w:numPr {W_DECL}><w:numId w:val="50"/></w:numPr>'))

    def add(text: str, style: str | None = None, num: tuple[str, int] | None = None) -> None:
        paragraph = document.add_paragraph(text, style=style)
        if num is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {W_DECL}><w:ilvl w:val="{num[1]}"/>'
                    f'<w:numId w:val="{num[0]}"/></w:numPr>'
                )
            )

    add("南郊镇2021年政府信息公开工作年度报告")
    add("总体情况", "Heading 1")
    add("主动公开。", num=("50", 1))
    add("依申请公开。", num=("50", 1))
    add("办理要点", num=("50", 2))
    add("要点说明", num=("50", 3))
    add("", num=("50", 1))  # an empty numbered paragraph still counts, prints nothing
    add("主动公开政府信息情况", "Heading 1")
    add("规章。", num=("50", 1))
    add("另一列表", num=("51", 2))
    add("没有编号")
    return save(document)


def test_automatic_numbers_are_printed_as_word_shows_them() -> None:
    document = read_docx(_numbered_docx())
    assert [line.text for line in document.lines] == [
        "南郊镇2021年政府信息公开工作年度报告",
        "一、总体情况",
        "（一）主动公开。",
        "（二）依申请公开。",
        "1.办理要点",
        "要点说明",  # a bullet prints no number
        "二、主动公开政府信息情况",
        "（一）规章。",
        "5.另一列表",
        "没有编号",
    ]
    assert [line.heading for line in document.lines][:3] == [0, 1, 0]
    report = read(_numbered_docx())
    assert report.sections[1].text == "（一）主动公开。\n（二）依申请公开。\n1.办理要点\n要点说明"


def test_vertical_merge_continuation_is_an_empty_token() -> None:
    body = f"""<w:body {nsdecls("w")}><w:tbl>
      <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>组</w:t></w:r></w:p>
        </w:tc><w:tc><w:p><w:r><w:t>一</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>残留</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>二</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>横</w:t></w:r></w:p>
        </w:tc><w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc></w:tr>
    </w:tbl><w:sectPr/></w:body>"""
    document = docx.Document()
    element = document.element.body
    for child in list(element):
        element.remove(child)
    for child in list(parse_xml(body)):
        element.append(child)
    lines = read_docx(save(document)).lines
    assert [[t.text for t in line.tokens] for line in lines] == [["组", "一"], ["", "二"], ["横"]]


# ---------------------------------------------------------------------------------------------
# (e) Junk
# ---------------------------------------------------------------------------------------------


def _zip(files: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_with_a_zip_signature_are_corrupt(seed: int) -> None:
    noise = random.Random(seed).randbytes(4000)
    with pytest.raises(CorruptFileError):
        read(b"PK\x03\x04" + noise)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_docx_is_corrupt(written: bytes, fraction: float) -> None:
    with pytest.raises(CorruptFileError):
        read(written[: int(len(written) * fraction)])


def test_damaged_compressed_data_is_corrupt(written: bytes) -> None:
    damaged = bytearray(written)
    with zipfile.ZipFile(io.BytesIO(written)) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 100, start + 400):
        damaged[offset] ^= 0x5A
    with pytest.raises(CorruptFileError):
        read(bytes(damaged))


def test_broken_xml_is_corrupt() -> None:
    data = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": f"<w:document {nsdecls('w')}><w:body><w:p>",
        }
    )
    with pytest.raises(CorruptFileError):
        read(data)


def test_word_package_without_its_document_is_corrupt() -> None:
    data = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/styles.xml": "<styles/>",
        }
    )
    with pytest.raises(CorruptFileError, match=r"document\.xml"):
        read(data)


@pytest.mark.parametrize(
    ("files", "named"),
    [
        (
            {
                "[Content_Types].xml": "<Types/>",
                "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
                "xl/workbook.xml": "<workbook/>",
                "xl/worksheets/sheet1.xml": "<worksheet/>",
            },
            "Excel",
        ),
        ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}, "XLSX"),
        (
            {
                "[Content_Types].xml": "<Types/>",
                "_rels/.rels": _RELS.format(target="ppt/presentation.xml"),
                "ppt/presentation.xml": "<p/>",
            },
            "PowerPoint",
        ),
        ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}, "ODT"),
        ({"mimetype": "application/epub+zip", "content.opf": "<x/>"}, "EPUB"),
        ({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<x/>"}, "OFD"),
        ({"报告.txt": "南郊镇2021年政府信息公开工作年度报告"}, "ZIP 压缩包"),
    ],
    ids=["xlsx", "xlsx-without-rels", "pptx", "odt", "epub", "ofd", "plain-zip"],
)
def test_other_zip_formats_are_named(files: dict[str, bytes | str], named: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=named):
        read(_zip(files))


def test_zip_bomb_is_refused_without_inflating_it() -> None:
    bomb = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": b"<" + b" " * (docx_reader.MAX_PART_BYTES + 10),
        }
    )
    assert len(bomb) < 200_000
    with pytest.raises(CorruptFileError, match="MB"):
        read(bomb)


def test_entity_expansion_is_not_performed() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document ['
        '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefg", "bcdefgh", strict=True)
        )
        + f"]><w:document {nsdecls('w')}><w:body><w:p><w:r><w:t>&h;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    data = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": laughs,
        }
    )
    with pytest.raises(ReportReadError):
        read(data)


def _nested_tables(depth: int) -> bytes:
    inner = "<w:p><w:r><w:t>南郊镇2021年政府信息公开工作年度报告</w:t></w:r></w:p>"
    heading = "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": (
                f"<w:document {W_DECL}><w:body>{inner}{heading}</w:body></w:document>"
            ),
        }
    )


def test_deeply_nested_tables_are_read_as_cell_text() -> None:
    report = read(_nested_tables(40))  # deeper than MAX_TABLE_DEPTH, within libxml2's limit
    assert (report.organ, report.year) == ("南郊镇", 2021)
    assert report.sections[1].heading == "一、总体情况"


def test_nesting_beyond_the_xml_depth_limit_is_corrupt() -> None:
    with pytest.raises(CorruptFileError):
        read(_nested_tables(100))
