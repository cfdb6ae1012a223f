"""The PDF reader on layouts Word, WPS and browsers produce (``tests/fixtures/pdf_variants``).

Each ``<name>.html`` imitates one producer's habits and is rendered to PDF with WeasyPrint at
test time; ``<name>.expected.json`` holds its canonical JSON, typed from the HTML:

* ``word_cells`` — every cell draws its own borders (side by side, not collapsed), padded
  cells, centred numbers, headings and title letter-spaced with CSS, "- N -" page numbers,
  表三 running on over a page without a repeated header;
* ``spaced_headings`` — headings typed with blanks between characters ("一、总 体 情 况"),
  header words spread with blanks ("自 然 人", "总　　计"), a running head with a rule under it;
* ``two_column_head`` — a two-column running head (organ left, report name right, ruled),
  "第 N 页" footers, justified text, 表三 broken before （四） with no header repeated;
* ``row_split`` — rows may break over a page: 表三's row 3.（三）3 prints its label's first
  line and numbers on one page and the label's last line on the next; "— N —" numbers;
* ``t4_header_split`` — 表四's header rows at the foot of one page, its numbers on the next;
* ``web_print`` — printed from a browser: date, page title, URL and "1/N" in the margins, the
  site's banner, navigation, breadcrumb, article meta line and footer around the report;
* ``unruled_padded`` — no borders at all, padded cells, 表三 broken before （五） with no
  header repeated, "第 N 页 共 M 页" footers and a running head;
* ``letter_spaced_cells`` — letter-spaced table text (numbers too: "1 2" is 12), 1.5 pt
  borders drawn as one filled frame per cell, and a row whose numbers stay on one page while
  its label moves to the next.
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from gongkai.report import read
from gongkai.report.document import Document, Line
from gongkai.report.model import Report
from gongkai.report.readers import read_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pdf_variants"
VARIANTS = sorted(path.stem for path in FIXTURES.glob("*.html"))
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
#: Headings as ``spaced_headings`` types them, blanks and all.
SPACED_HEADINGS = [
    "一、总 体 情 况",
    "二、主 动 公 开 政 府 信 息 情 况",
    "三、收 到 和 处 理 政 府 信 息 公 开 申 请 情 况",
    "四、政 府 信 息 公 开 行 政 复 议 、 行 政 诉 讼 情 况",
    "五、存 在 的 主 要 问 题 及 改 进 情 况",
    "六、其 他 需 要 报 告 的 事 项",
]
TITLES = {
    "letter_spaced_cells": "江北区教育局2022年政府信息公开工作年度报告",
    "row_split": "长安镇人民政府2023年政府信息公开工作年度报告",
    "spaced_headings": "西湖区卫生健康局2023年政府信息公开工作年度报告",
    "t4_header_split": "龙华区司法局2022年政府信息公开工作年度报告",
    "two_column_head": "南山区住房和城乡建设局2022年政府信息公开工作年度报告",
    "unruled_padded": "高新区管委会2023年政府信息公开工作年度报告",
    "web_print": "临平区人民政府2022年政府信息公开工作年度报告",
    "word_cells": "东城区人民政府办公室2022年政府信息公开工作年度报告",
}
#: Running heads, footers and page numbers each variant prints: none may be read as text.
FURNITURE = {
    "letter_spaced_cells": ["- 1 -", "- 2 -", "- 3 -"],
    "row_split": ["— 1 —", "— 2 —", "— 3 —"],
    "spaced_headings": ["- 1 -", "- 2 -"],
    "t4_header_split": ["- 1 -", "- 3 -", "- 4 -"],
    "two_column_head": ["第 1 页", "第 2 页", "第 3 页", "建设局 2022年"],
    "unruled_padded": ["高新区管委会办公室", "第 1 页 共", "第 2 页 共"],
    "web_print": [
        "2023/1/18 10:23",
        "https://www.linping.gov.cn",
        "年度报告_临平区人民政府",
        "1/2",
        "2/2",
    ],
    "word_cells": ["- 1 -", "- 2 -", "- 3 -"],
}

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@functools.cache
def variant_pdf(name: str) -> bytes:
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


@functools.cache
def variant_report(name: str) -> Report:
    return read(variant_pdf(name), name=f"{name}.pdf")


@functools.cache
def variant_document(name: str) -> Document:
    return read_document(variant_pdf(name), name=f"{name}.pdf")


def row_with(doc: Document, label: str) -> Line:
    found = [line for line in doc.lines if line.kind == "row" and label in line.text]
    assert len(found) == 1, [line.text for line in doc.lines if line.kind == "row"]
    return found[0]


def test_there_are_eight_variants() -> None:
    assert sorted(TITLES) == VARIANTS
    assert len(VARIANTS) == 8


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_reads_to_its_canonical_json(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    report = variant_report(name)
    assert report.to_canonical() == expected
    assert report.notes == []


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_title_and_section_headings(name: str) -> None:
    report = variant_report(name)
    assert report.title == TITLES[name]
    headings = [report.sections[n].heading for n in sorted(report.sections)]
    assert headings == (SPACED_HEADINGS if name == "spaced_headings" else HEADINGS)


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_page_furniture_is_not_read(name: str) -> None:
    texts = [line.text for line in variant_document(name).lines]
    for furniture in FURNITURE[name]:
        assert not any(furniture in text for text in texts), furniture


def test_running_head_with_a_rule_under_it_is_dropped_on_every_page() -> None:
    # The rule under the head must not join the table below it into one grid either.
    texts = [line.text for line in variant_document("spaced_headings").lines]
    assert "西湖区卫生健康局" not in texts
    assert texts[0] == "西湖区卫生健康局2023年政府信息公开工作年度报告"


def test_two_column_running_head_is_dropped_even_close_above_the_title() -> None:
    texts = [line.text for line in variant_document("two_column_head").lines]
    assert texts[0] == "南山区住房和城乡建设局2022年政府信息公开工作年度报告"
    assert not any(text.startswith("南山区住房和城乡建设局 ") for text in texts)


def test_letter_spaced_headings_read_without_gaps() -> None:
    doc = variant_document("word_cells")
    paras = [line.text for line in doc.lines if line.kind == "para"]
    assert paras[0] == "东城区人民政府办公室2022年政府信息公开工作年度报告"
    # A heading wrapped by its letter spacing joins its last line again.
    assert "三、收到和处理政府信息公开申请情况" in paras
    assert "四、政府信息公开行政复议、行政诉讼情况" in paras


def test_letter_spaced_cells_read_as_printed_words_and_numbers() -> None:
    doc = variant_document("letter_spaced_cells")
    row = row_with(doc, "1.本机关不掌握相关政府信息")
    assert [t.text for t in row.tokens][-7:] == ["12", "0", "0", "0", "0", "0", "12"]
    assert [t.text for t in row_with(doc, "行政事业性收费").tokens] == ["行政事业性收费", "12.5"]


def test_row_whose_label_moves_to_the_next_page_is_one_row() -> None:
    doc = variant_document("letter_spaced_cells")
    row = row_with(doc, "8.属于行政查询事项")
    texts = [t.text for t in row.tokens if t.text]
    assert texts == ["8.属于行政查询事项", "0", "0", "0", "0", "0", "0", "0"]
    pages = {t.text: t.loc.page for t in row.tokens if t.loc is not None and t.text}
    assert pages["8.属于行政查询事项"] == 3 and pages["0"] == 2


def test_row_split_over_a_page_break_is_one_row() -> None:
    doc = variant_document("row_split")
    row = row_with(doc, "3.危及“三安全一稳定”")
    assert [t.text for t in row.tokens if t.text] == ["3.危及“三安全一稳定”", *["0"] * 7]
    assert not any(line.text == "定”" for line in doc.lines)
    sources: dict[str, Any] = variant_report("row_split").cell_sources()
    assert sources["applications"]["3.3.3"][0]["page"] == 2
    assert sources["applications"]["3.3.4"][0]["page"] == 3


def test_table_four_header_and_numbers_on_two_pages_are_one_table() -> None:
    report = variant_report("t4_header_split")
    sources: dict[str, Any] = report.cell_sources()
    review = sources["reviews_litigation"]["review"]
    assert {cell["table"] for cell in review} == {3}
    assert review[0]["page"] == 4
    assert report.sections[4].loc is not None and report.sections[4].loc.page == 3


def test_table_three_without_repeated_header_keeps_counting_rows() -> None:
    for name, first_after_break in (("two_column_head", "3.4.1"), ("unruled_padded", "3.5.1")):
        sources: dict[str, Any] = variant_report(name).cell_sources()
        apps = sources["applications"]
        before = apps["3.3.8" if name == "two_column_head" else "3.4.3"][0]
        after = apps[first_after_break][0]
        assert after["table"] == before["table"]
        assert after["page"] == before["page"] + 1


def test_web_page_print_keeps_the_report_and_drops_browser_margins() -> None:
    report = variant_report("web_print")
    assert report.organ == "临平区人民政府"
    assert report.sections[5].text == (
        "一是政策解读质量有待提升。二是基层政务公开标准化规范化建设需进一步深化。"
    )
    # The site's navigation and footer are not the report's text.
    assert report.sections[6].text == "本年度未收取信息处理费。"
    assert "首页" not in report.preamble
