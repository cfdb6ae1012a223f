"""Real reports' habits the seeds do not show, one hand-typed fixture each.

Every fixture under ``tests/fixtures/variants/`` was typed by hand after how bodies of one level
or another publish their reports (notices that wrap the report, web pages copied as text, CMS
pages, Word files); its ``.expected.json`` was typed from the fixture's own printed numbers.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from gongkai.report import read
from gongkai.report.checks import check
from gongkai.report.model import Report

FIXTURES = Path(__file__).parent.parent / "fixtures" / "variants"


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))
    return data


_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def word_file(name: str) -> bytes:
    """A DOCX package around a hand-typed ``word/document.xml`` (and ``numbering.xml``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", (FIXTURES / f"{name}.document.xml").read_bytes())
        numbering = FIXTURES / f"{name}.numbering.xml"
        if numbering.exists():
            zf.writestr("word/numbering.xml", numbering.read_bytes())
    return out.getvalue()


def rules(report: Report) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.row) for f in check(report))


def test_county_report_published_inside_a_notice() -> None:
    """A 县政府办公室 notice "关于印发…年度报告的通知" before the report; labels with full-width
    "１．" and spaces; sections 四 and 五 reworded in the old style; a three-level 表四 header."""
    report = read(FIXTURES / "county-notice-2022.txt")
    assert report.to_canonical() == expected("county-notice-2022")
    assert report.title == "桐溪县2022年政府信息公开工作年度报告"
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.sections[4].heading == "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况"
    assert report.sections[5].text.startswith("一是部分单位")
    assert report.notes == []
    assert rules(report) == []


def test_township_page_copied_as_text_with_blank_cells_gone() -> None:
    """A 镇 page copied from the browser: one cell per line, no tabs, the blank applicant cells
    gone (only 总计 and the non-zero cells survive), the organ above a Chinese-numeral title,
    a breadcrumb first."""
    report = read(FIXTURES / "township-webcopy-2021.txt")
    assert report.to_canonical() == expected("township-webcopy-2021")
    assert report.title == "青石镇人民政府二〇二一年度政府信息公开工作年度报告"
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    short = {n.row for n in report.notes if n.kind == "row-short"}
    assert len(short) == 25  # every row of 表三 lost its blank cells, and says so
    found = rules(report)
    assert ("structure.row-short", "2") in found
    # The short rows and the 规章 row printed "—": nothing else.
    # "—" in the 规章 row is a printed blank (spec: "—" → null): one cell.blank finding for the row.
    assert {rule for rule, _ in found} == {"structure.row-short", "cell.blank"}
    assert [row for rule, row in found if rule == "cell.blank"] == ["regulations"]


def test_cms_page_with_word_markup_and_table_three_in_two_tables() -> None:
    """A TRS page (``TRS_Editor``) pasted from Word: ``<o:p>``, ``mso-`` styles, numbers in
    ``<span lang=EN-US>``, tables inside ``<center>``; 第二十条 as one 4-column table whose
    one-value rows leave two ``&nbsp;`` cells; 表三's header and its rows in two tables."""
    report = read(FIXTURES / "trs-district-bureau-2023.html")
    assert report.to_canonical() == expected("trs-district-bureau-2023")
    assert report.title == "云岭区民政局2023年政府信息公开工作年度报告（全文）"
    assert report.sections[6].text == "本年度未收取信息处理费。"
    assert report.notes == []
    assert rules(report) == []


def test_2019_format_page_with_keyed_list_continued_table_and_transposed_table_four() -> None:
    """A 大汉 page in layout tables: 第二十条 as a two-column list "规章（本年新制作数量）| 0",
    表三 continued in a second table after "（续表）" that repeats the header (its 总计 is a
    column, not row （七）), 表四 printed one group a row."""
    report = read(FIXTURES / "dahan-city-bureau-2020.html")
    assert report.to_canonical() == expected("dahan-city-bureau-2020")
    assert report.notes == []
    assert rules(report) == []


def test_word_file_with_title_in_a_text_box_numbered_headings_and_a_split_table() -> None:
    """A 街道 Word file: the title in a text box (organ on its own line), section headings
    numbered by Word (the text has no "一、"), 表三 vertically merged and cut in two at a page
    break, 表四 with 行政诉讼 over two header levels, cells "０" and "0 "."""
    report = read(word_file("street-office-2024"))
    assert report.kind == "docx"
    assert report.to_canonical() == expected("street-office-2024")
    assert report.title == "云岭区翠湖街道办事处2024年度政府信息公开工作年度报告"
    assert [s.heading for s in report.sections.values()][:2] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
    ]
    assert report.notes == []
    assert rules(report) == []


def test_text_copied_from_a_pdf_viewer_with_space_separated_cells() -> None:
    """A 市政府 PDF copied as text: each row on one line, cells separated by spaces; labels and
    headers wrapped over lines ("三、本年/度办理/结果", "…行政机关不/再处理…"); page numbers
    "— 3 —" between the tables."""
    report = read(FIXTURES / "pdf-copy-city-2022.txt")
    assert report.to_canonical() == expected("pdf-copy-city-2022")
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.sections[6].text.startswith("（一）收取信息处理费情况。")
    assert report.notes == []
    assert rules(report) == []


def test_2019_format_township_with_parenthesised_section_headings_copied_as_text() -> None:
    """A 乡 page in the 2019 format copied one cell a line, its six sections numbered
    "（一）…（六）" and its sub-headings "1.…"; column headers and two row labels wrapped
    ("（二）部分公开（…，" / "不计其他情形）")."""
    report = read(FIXTURES / "township-paren-headings-2020.txt")
    assert report.to_canonical() == expected("township-paren-headings-2020")
    assert [s.heading for s in report.sections.values()] == [
        "（一）总体情况",
        "（二）主动公开政府信息情况",
        "（三）收到和处理政府信息公开申请情况",
        "（四）政府信息公开行政复议、行政诉讼情况",
        "（五）存在的主要问题及改进情况",
        "（六）其他需要报告的事项",
    ]
    assert "2.依申请公开情况" in report.sections[1].text
    assert report.notes == []
    # "（一）总体情况" at the top level: one notice per heading that the format prints "一、".
    assert rules(report) == [("structure.heading-numeral-style", None)] * 6


def test_parenthesised_numbers_stay_sub_headings_when_sections_are_numbered() -> None:
    """With "一、…" headings, "（二）主动公开政府信息情况" inside 总体情况 is a sub-heading."""
    text = (FIXTURES / "county-notice-2022.txt").read_text("utf-8")
    text = text.replace("（一）主动公开。", "（二）主动公开政府信息情况\n（一）主动公开。")
    report = read(text)
    assert report.sections[2].heading == "二、主动公开政府信息情况"
    assert "（二）主动公开政府信息情况" in report.sections[1].text
    assert report.to_canonical() == expected("county-notice-2022")


def test_intensive_platform_page_with_tables_pasted_as_paragraphs() -> None:
    """A 政府网站集约化平台 page: 第二十条 as a 2-column keyed table ("行政许可（本年处理决定
    数量）| 412"), then 表三 and 表四 pasted from a PDF as ``<p>`` lines, cells separated by
    ``&nbsp;&nbsp;``, 表四's header words run together (the page lost the gaps)."""
    report = read(FIXTURES / "jiyue-county-bureau-2021.html")
    assert report.to_canonical() == expected("jiyue-county-bureau-2021")
    assert report.sections[2].text == "全年主动公开政府信息352条，其中疫情防控信息196条。"
    assert report.notes == []
    assert rules(report) == []


def test_converter_markdown_with_label_variants() -> None:
    """Markdown from a PDF converter, title "二〇二四年度<organ>…" (organ after the year),
    labels "1、…", "其他法律、行政法规…", "危及‘三安全一稳定’" in single quotes, "相关的政府信息",
    and "（七）合计" for （七）总计."""
    report = read(FIXTURES / "converter-label-variants-2024.md")
    assert report.to_canonical() == expected("converter-label-variants-2024")
    assert report.notes == []
    assert rules(report) == []
