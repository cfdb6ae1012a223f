"""The writers' outputs themselves: CSV lines, Markdown headings and tables, the HTML page.

Expected lines are typed by hand from seed 004 (南郊镇 2021) and the national format.
"""

from __future__ import annotations

import codecs
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
import weasyprint
from lxml import html as lxml_html

from gongkai.report import read, render
from gongkai.report.errors import InvalidDataError, ReportError
from gongkai.report.formats import TEMPLATE_2019, application_keys
from gongkai.report.model import Cell, Report, Section
from gongkai.report.readers import detect

CASES = Path(__file__).parent.parent / "cases"
SEED_004 = next(CASES.glob("seed-004*/input.txt"))


@pytest.fixture(scope="module")
def seed() -> Report:
    return read(SEED_004)


def _zeros(width: int) -> list[Cell]:
    return [Cell(0) for _ in range(width)]


def report_2019() -> Report:
    """A 2019-template report: its own 表二 columns, （六）其他处理 as one row."""
    counts = {"previous": Cell(3), "change": Cell(-1), "decisions": Cell(12)}
    return Report(
        organ="城关区民政局",
        year=2020,
        template="2019",
        proactive={
            "regulations": {"made": Cell(1), "published": Cell(1), "total_published": Cell(9)},
            "normative_documents": {
                "made": Cell(2),
                "published": Cell(None),
                "total_published": Cell(7),
            },
            "licensing": dict(counts),
            "other_services": dict(counts),
            "punishment": dict(counts),
            "coercion": dict(counts),
            "fees": {"previous": Cell(2), "change": Cell(0)},
            "procurement": {"projects": Cell(4), "amount": Cell("1,200.5万元")},
        },
        applications={k: _zeros(7) for k in application_keys(TEMPLATE_2019, other_single=True)},
        reviews_litigation={
            "review": [Cell(1), Cell(0), Cell(0), Cell(0), Cell(1)],
            "litigation_direct": _zeros(5),
            "litigation_after_review": _zeros(5),
        },
        sections={1: Section(1, "一、总体情况", "一", "全年公开信息|共计10条。")},
    )


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_crlf(seed: Report) -> None:
    data = render(seed, "csv")
    assert data.startswith(codecs.BOM_UTF8)
    assert detect(data) == "csv"
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_csv_lines_for_seed_004(seed: Report) -> None:
    lines = render(seed, "csv").decode("utf-8-sig").split("\r\n")[:-1]
    assert lines[0] == "organ,year,table,row_key,row_label,column,value"
    assert lines[1] == "南郊镇,2021,proactive,regulations,规章,本年制发件数,0"
    assert "南郊镇,2021,proactive,fees,行政事业性收费,本年收费金额（单位：万元）,0" in lines
    assert lines[11] == "南郊镇,2021,applications,1,一、本年新收政府信息公开申请数量,自然人,4"
    assert lines[17] == "南郊镇,2021,applications,1,一、本年新收政府信息公开申请数量,总计,4"
    assert (
        "南郊镇,2021,applications,3.4.1,（四）无法提供1.本机关不掌握相关政府信息,自然人,2" in lines
    )
    assert "南郊镇,2021,applications,4,四、结转下年度继续办理,自然人,1" in lines
    assert (
        lines[-1]
        == "南郊镇,2021,reviews_litigation,litigation_after_review,行政诉讼：复议后起诉,总计,0"
    )
    # 表二 10 cells, 表三 25 rows × 7, 表四 3 groups × 5, and the header.
    assert len(lines) == 1 + 10 + 25 * 7 + 3 * 5


def test_csv_prints_blanks_empty_and_quotes_text() -> None:
    lines = render(report_2019(), "csv").decode("utf-8-sig").split("\r\n")
    assert "城关区民政局,2020,proactive,normative_documents,规范性文件,本年新公开数量," in lines
    assert '城关区民政局,2020,proactive,procurement,政府集中采购,采购总金额,"1,200.5万元"' in lines
    assert "城关区民政局,2020,proactive,licensing,行政许可,本年增/减,-1" in lines
    assert "城关区民政局,2020,applications,3.6,三、本年度办理结果（六）其他处理,总计,0" in lines


def test_csv_writes_decimals_in_plain_digits() -> None:
    report = Report(
        organ="南郊镇", year=2022, template="2021", proactive={"fees": Cell(Decimal("1E+2"))}
    )
    assert render(report, "csv").decode("utf-8-sig").splitlines()[1].endswith(",100")
    report.proactive = {"fees": Cell(Decimal("12.50"))}
    assert render(report, "csv").decode("utf-8-sig").splitlines()[1].endswith(",12.50")


def test_csv_of_a_report_without_tables_is_only_the_header() -> None:
    data = render(Report(organ="南郊镇", year=2021, template="2021"), "csv")
    assert data.decode("utf-8-sig") == "organ,year,table,row_key,row_label,column,value\r\n"
    with pytest.raises(InvalidDataError):
        read(data)


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

SECTION_HEADINGS = [
    "## 一、总体情况",
    "## 二、主动公开政府信息情况",
    "## 三、收到和处理政府信息公开申请情况",
    "## 四、政府信息公开行政复议、行政诉讼情况",
    "## 五、存在的主要问题及改进情况",
    "## 六、其他需要报告的事项",
]


def test_markdown_headings(seed: Report) -> None:
    lines = render(seed, "md").decode("utf-8").splitlines()
    assert lines[0] == "# 南郊镇2021年政府信息公开工作年度报告"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == SECTION_HEADINGS


def test_markdown_tables(seed: Report) -> None:
    lines = render(seed, "md").decode("utf-8").splitlines()
    start = lines.index("| 第二十条第（一）项 |  |  |  |")
    assert lines[start + 1] == "| --- | --- | --- | --- |"
    assert lines[start + 2] == "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
    assert lines[start + 3] == "| 规章 | 0 | 0 | 0 |"
    assert "| 行政事业性收费 | 0 |" in lines
    assert "| 一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |" in lines
    assert "| （三）不予公开1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| （四）无法提供1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |" in lines
    assert "| （六）其他处理3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| 三、本年度办理结果（七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |" in lines
    assert "| 类别 | 情形 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |" in lines
    assert "| 行政复议 |  | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| 行政诉讼 | 复议后起诉 | 0 | 0 | 0 | 0 | 0 |" in lines
    header = next(i for i, line in enumerate(lines) if line.startswith("| （本列数据的勾稽关系"))
    assert lines[header].endswith(
        "| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
    )
    end = lines.index("", header)
    assert end - header == 2 + 25  # header, separator, 25 rows


def test_markdown_2019_blanks_and_escapes() -> None:
    text = render(report_2019(), "md").decode("utf-8")
    assert "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |" in text
    assert "| 规范性文件 | 2 |  | 7 |" in text
    assert "| 其他对外管理服务事项 | 3 | -1 | 12 |" in text
    assert "| 政府集中采购 | 4 | 1,200.5万元 |" in text
    assert "| 三、本年度办理结果（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "（六）其他处理1." not in text
    assert "全年公开信息\\|共计10条。" in text


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


def _grid_widths(table: lxml_html.HtmlElement) -> list[int]:
    """Width of every row once rowspans and colspans are laid out."""
    covered: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(table.iter("tr")):
        col = 0
        for cell in row:
            while covered.get((r, col)):
                col += 1
            rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, col + dc)] = True
            col += colspan
        widths.append(max([c for (rr, c) in covered if rr == r], default=-1) + 1)
    return widths


def _tables(data: bytes) -> list[lxml_html.HtmlElement]:
    return list(lxml_html.fromstring(data).iter("table"))


def test_html_is_standalone_and_printable(seed: Report) -> None:
    page = render(seed, "html").decode("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.IGNORECASE)
    for external in ("<link", "<script", "<img", "@import", "url(", "@font-face"):
        assert external not in page
    assert "size: A4;" in page
    assert "margin: 37mm 26mm 35mm 28mm;" in page
    assert '仿宋_GB2312, FangSong, "Noto Serif CJK SC", serif' in page
    assert '黑体, SimHei, "Noto Sans CJK SC"' in page
    assert "<title>南郊镇2021年政府信息公开工作年度报告</title>" in page
    assert "<h1>南郊镇2021年政府信息公开工作年度报告</h1>" in page
    assert "display: table-header-group" in page


def test_html_tables_follow_the_national_layout(seed: Report) -> None:
    data = render(seed, "html")
    tables = _tables(data)
    assert len(tables) == 4 + 1 + 1
    for table in tables:
        assert table.find("thead") is not None
        assert table.get("aria-labelledby")
        widths = _grid_widths(table)
        assert len(set(widths)) == 1, widths
    assert [_grid_widths(t)[0] for t in tables] == [4, 4, 4, 4, 10, 15]
    t3, t4 = tables[4], tables[5]
    note = t3.find("thead/tr/th")
    assert (
        note.text_content()
        == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    assert (note.get("rowspan"), note.get("colspan")) == ("3", "3")
    assert len(t3.findall("thead/tr")) == 3
    spans = {th.text_content(): th.get("rowspan") for th in t3.iter("th") if th.get("rowspan")}
    assert spans["三、本年度办理结果"] == "22"
    assert spans["（三）不予公开"] == "8"
    assert spans["（四）无法提供"] == "3"
    assert spans["（五）不予处理"] == "5"
    assert spans["（六）其他处理"] == "3"
    assert len(t3.findall("tbody/tr")) == 25
    assert len(t4.findall("thead/tr")) == 3
    assert [td.text_content() for td in t4.findall("tbody/tr/td")] == ["0"] * 15
    litigation = next(th for th in t4.iter("th") if th.text_content() == "行政诉讼")
    assert litigation.get("colspan") == "10"
    for th in t3.iter("th"):
        if th.getparent().getparent().tag == "tbody":
            assert th.get("scope") == "row"


def test_html_2019_layout() -> None:
    tables = _tables(render(report_2019(), "html"))
    assert len(tables) == 5 + 1 + 1
    captions = [t.find("thead/tr/th").text_content() for t in tables[:5]]
    assert captions[-1] == "第二十条第（九）项"
    procurement = tables[4].find("tbody/tr")
    assert [c.text_content() for c in procurement] == ["政府集中采购", "4", "1,200.5万元"]
    assert procurement[2].get("colspan") == "2"
    t3 = tables[5]
    spans = {th.text_content(): th for th in t3.iter("th")}
    assert spans["三、本年度办理结果"].get("rowspan") == "20"
    assert spans["（六）其他处理"].get("colspan") == "2"
    assert spans["（六）其他处理"].get("rowspan") is None
    assert set(_grid_widths(t3)) == {10}


def test_html_2021_with_other_handling_as_one_row(seed: Report) -> None:
    assert seed.applications is not None
    rows = dict(seed.applications)
    for key in ("3.6.1", "3.6.2", "3.6.3"):
        del rows[key]
    rows["3.6"] = _zeros(7)
    seed_single = Report(organ="南郊镇", year=2021, template="2021", applications=rows)
    t3 = _tables(render(seed_single, "html"))[0]
    spans = {th.text_content(): th for th in t3.iter("th")}
    assert spans["三、本年度办理结果"].get("rowspan") == "20"
    assert spans["（六）其他处理"].get("colspan") == "2"
    assert set(_grid_widths(t3)) == {10}
    assert read(render(seed_single, "html")).to_canonical() == seed_single.to_canonical()


def test_html_escapes_text() -> None:
    report = report_2019()
    report.sections[1] = Section(1, "一、总体情况", "一", "<script>alert(1)</script>&amp;")
    page = render(report, "html").decode("utf-8")
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;</p>" in page
    assert "<script>" not in page


def test_html_prints_to_a4_pdf_that_reads_back(seed: Report) -> None:
    pdf = weasyprint.HTML(string=render(seed, "html").decode("utf-8")).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    back = read(pdf)
    assert back.to_canonical() == seed.to_canonical()


# ---------------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_page_formats_take_one_report(seed: Report, fmt: str) -> None:
    with pytest.raises(ReportError):
        render([seed, seed], fmt)
