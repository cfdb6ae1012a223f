"""DOCX writer: a report laid out like the national template (国办公开办函〔2021〕30号).

The page is A4 with 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). The title is
centred in 方正小标宋简体 二号; section headings in 黑体 三号; body text in 仿宋_GB2312 三号 with a
two-character first-line indent; tables in 仿宋_GB2312 五号 with 黑体 headers. Chinese font names
sit in the East Asian slot (``w:rFonts w:eastAsia``), where Word looks for them.

The three tables print as the national format does: 表二 as one table of 第二十条 sub-tables
(caption rows merged across), 表三 with its three-row merged header and vertically merged group
labels, 表四 with its three-row merged header. Blank cells print empty; rows and tables the report
lacks are not printed; a 2019-template report prints the 2019 tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from gongkai.report import formats
from gongkai.report.model import Cell, Report

FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"
FONT_BODY = "仿宋_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"

#: Text width in twips: 210 mm − 28 mm − 26 mm.
_TEXT_WIDTH = round((210 - 28 - 26) / 25.4 * 1440)
#: Exact line pitch of body text (twips): 22 lines in the 225 mm text block, as 公文 prints.
_LINE_PITCH = 580

_W = nsdecls("w")
_INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def write_docx(report: Report) -> bytes:
    """Render ``report`` as a Word document; returns the DOCX bytes."""
    document = docx.Document()
    title = report_title(report)
    _setup_package(document, report, title)
    _setup_styles(document)
    _setup_page(document)
    parts = [_paragraph(title, "GKTitle")]
    parts.extend(_paragraph(line, "GKBody") for line in _lines(report.preamble))
    for number in range(1, 7):
        parts.extend(_section(report, number))
    body = parse_xml(f"<w:body {_W}>{''.join(parts)}</w:body>")
    target = document.element.body
    for child in list(body):
        target.insert_element_before(child, "w:sectPr")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def report_title(report: Report) -> str:
    """``<organ><year>年政府信息公开工作年度报告`` (either part left out when unknown)."""
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.organ or ''}{year}政府信息公开工作年度报告"


# ---------------------------------------------------------------------------------------------
# Package, styles, page
# ---------------------------------------------------------------------------------------------


def _setup_package(document: DocxDocument, report: Report, title: str) -> None:
    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.author = report.organ or ""
    props.last_modified_by = ""
    props.comments = ""
    props.created = now
    props.modified = now
    props.language = "zh-CN"
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package_rels.pop(rid)  # the template's thumbnail shows a blank page


def _fonts(east_asia: str, latin: str) -> str:
    """Latin and East Asian fonts; the hint sets “”、… in the Chinese font, as 公文 prints them."""
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" '
        'w:hint="eastAsia"/>'
    )


def _run_props(east_asia: str, latin: str, half_points: int) -> str:
    return (
        f'<w:rPr>{_fonts(east_asia, latin)}<w:b w:val="0"/><w:color w:val="000000"/>'
        f'<w:kern w:val="0"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def _style(style_id: str, name: str, ppr: str, rpr: str, *, based_on: str = "Normal") -> str:
    return (
        f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


_INDENT_2 = '<w:ind w:firstLine="640" w:firstLineChars="200"/>'
_NO_INDENT = '<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{_LINE_PITCH}" w:lineRule="exact"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'

_STYLES: tuple[str, ...] = (
    _style(
        "GKTitle",
        "报告标题",
        '<w:keepNext/><w:spacing w:before="0" w:after="580" w:line="240" w:lineRule="auto"/>'
        f'{_NO_INDENT}<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
        _run_props(FONT_TITLE, FONT_TITLE, 44),
    ),
    _style(
        "GKHeading",
        "一级标题",
        f'<w:keepNext/>{_EXACT}{_INDENT_2}<w:jc w:val="both"/><w:outlineLvl w:val="1"/>',
        _run_props(FONT_HEADING, FONT_HEADING, 32),
    ),
    _style(
        "GKBody",
        "正文文字",
        f'{_EXACT}{_INDENT_2}<w:jc w:val="both"/>',
        _run_props(FONT_BODY, FONT_LATIN, 32),
    ),
    _style(
        "GKTable",
        "表格文字",
        f'{_SINGLE}{_NO_INDENT}<w:jc w:val="center"/>',
        _run_props(FONT_BODY, FONT_LATIN, 21),
    ),
    _style(
        "GKTableHeader",
        "表格表头",
        f'{_SINGLE}{_NO_INDENT}<w:jc w:val="center"/>',
        _run_props(FONT_HEADING, FONT_HEADING, 21),
    ),
    _style(
        "GKPageNumber",
        "页码",
        f'{_SINGLE}{_NO_INDENT}<w:jc w:val="center"/>',
        _run_props(FONT_PAGE_NUMBER, FONT_LATIN, 28),
    ),
)


#: Template styles kept besides the defaults (Normal, Default Paragraph Font, Table Normal …).
_KEEP_STYLES = frozenset({"Header", "Footer"})


def _setup_styles(document: DocxDocument) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {_W}><w:rPrDefault><w:rPr>{_fonts(FONT_BODY, FONT_LATIN)}"
            '<w:sz w:val="32"/><w:szCs w:val="32"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f"<w:pPrDefault><w:pPr>{_SINGLE}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1" and style.get(qn("w:styleId")) not in _KEEP_STYLES:
            styles.remove(style)  # the template's hundred unused styles slow every reader down
    for xml in _STYLES:
        styles.append(parse_xml(xml))


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(25)
    footer = section.footer
    footer.is_linked_to_previous = False
    element = footer._element
    for p in element.findall(qn("w:p")):
        element.remove(p)
    element.append(
        parse_xml(
            f'<w:p {_W}><w:pPr><w:pStyle w:val="GKPageNumber"/></w:pPr>'
            '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'
        )
    )


# ---------------------------------------------------------------------------------------------
# Paragraphs and sections
# ---------------------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return escape(_INVALID_XML_RE.sub("", text.replace("\t", " ")))


def _paragraph(text: str, style: str, jc: str | None = None) -> str:
    align = f'<w:jc w:val="{jc}"/>' if jc else ""
    run = f'<w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>' if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr>{run}</w:p>'


def _lines(text: str) -> list[str]:
    """The non-empty lines of a section's (or the preamble's) text: one paragraph each."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _section(report: Report, number: int) -> list[str]:
    section = report.sections.get(number)
    tables: list[str] = []
    if number == 2 and report.proactive:
        tables.append(_proactive_table(report))
    elif number == 3 and report.applications:
        tables.append(_applications_table(report))
    elif number == 4 and report.reviews_litigation:
        tables.append(_reviews_table(report))
    if section is None and not tables:
        return []
    numeral = formats.SECTION_NUMERALS[number - 1]
    parts = [_paragraph(f"{numeral}、{formats.SECTION_TITLES[number - 1]}", "GKHeading")]
    if section is not None:
        parts.extend(_paragraph(line, "GKBody") for line in _lines(section.text))
    for table in tables:
        parts.append(table)
        parts.append(_paragraph("", "GKBody"))  # Word needs a paragraph between tables
    return parts


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    """One printed cell: text, horizontal span, vertical merge state, style."""

    text: str = ""
    span: int = 1
    #: None, "restart" (first cell of a vertical merge) or "continue".
    vmerge: str | None = None
    header: bool = False
    jc: str | None = None


_CONTINUE = _Cell(vmerge="continue")


def _value_text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _table(widths: Sequence[int], rows: Sequence[Sequence[_Cell]], *, header_rows: int = 0) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    props = (
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/>"
        f"<w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    )
    body = [f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>"]
    for index, row in enumerate(rows):
        repeat = "<w:tblHeader/>" if index < header_rows else ""
        body.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
        col = 0
        for cell in row:
            width = sum(widths[col : col + cell.span])
            col += cell.span
            body.append(_table_cell(cell, width))
        body.append("</w:tr>")
    body.append("</w:tbl>")
    return "".join(body)


def _table_cell(cell: _Cell, width: int) -> str:
    span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
    merge = ""
    if cell.vmerge == "restart":
        merge = '<w:vMerge w:val="restart"/>'
    elif cell.vmerge == "continue":
        merge = "<w:vMerge/>"
    style = "GKTableHeader" if cell.header else "GKTable"
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{_paragraph(cell.text, style, cell.jc)}</w:tc>'
    )


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


# -- 表二 ---------------------------------------------------------------------------------------

_PROACTIVE_COLUMNS = 4


def _proactive_table(report: Report) -> str:
    proactive = report.proactive or {}
    label_width = 2844
    widths = [label_width, *_split(_TEXT_WIDTH - label_width, _PROACTIVE_COLUMNS - 1)]
    rows: list[list[_Cell]] = []
    for table in report.spec.proactive:
        present = [row for row in table.rows if row.key in proactive]
        if not present:
            continue
        rows.append([_Cell(table.caption, span=_PROACTIVE_COLUMNS, header=True)])
        headers = _spread([c.label for c in table.columns], header=True)
        rows.append([_Cell("信息内容", header=True), *headers])
        for row in present:
            values = _proactive_values(proactive[row.key], table)
            rows.append([_Cell(row.label), *_spread(values)])
    return _table(widths, rows)


def _spread(texts: Sequence[str], *, header: bool = False) -> list[_Cell]:
    """Cells for the value columns of 表二; the last one spans the columns left over."""
    cells = [_Cell(t, header=header) for t in texts[:-1]]
    last = _PROACTIVE_COLUMNS - 1 - len(cells)
    cells.append(_Cell(texts[-1] if texts else "", span=max(1, last), header=header))
    return cells


def _proactive_values(entry: Cell | dict[str, Cell], table: formats.ProactiveTable) -> list[str]:
    if isinstance(entry, Cell):
        cells: list[Cell | None] = [entry] + [None] * (len(table.columns) - 1)
    else:
        cells = [entry.get(column.key) for column in table.columns]
    return [_value_text(c) for c in cells]


# -- 表三 ---------------------------------------------------------------------------------------

#: Every table-三 key of either format, in print order (``3.6`` where （六） is one row).
_APPLICATION_ORDER: tuple[str, ...] = tuple(
    key
    for row in formats.TEMPLATE_2021.application_rows
    for key in (("3.6", row.key) if row.key == "3.6.1" else (row.key,))
)
_LABEL_WIDTHS = (600, 1000, 2504)


def _applications_table(report: Report) -> str:
    applications = report.applications or {}
    columns = len(formats.APPLICATION_COLUMNS)
    label_total = sum(_LABEL_WIDTHS)
    widths = [*_LABEL_WIDTHS, *_split(_TEXT_WIDTH - label_total, columns)]
    organisations = [c.label for c in formats.APPLICATION_COLUMNS[1 : formats.TOTAL_COLUMN]]
    rows: list[list[_Cell]] = [
        [
            _Cell(formats.BALANCE_NOTE, span=3, vmerge="restart", header=True),
            _Cell("申请人情况", span=columns, header=True),
        ],
        [
            _Cell(span=3, vmerge="continue"),
            _Cell(formats.APPLICATION_COLUMNS[0].label, vmerge="restart", header=True),
            _Cell("法人或其他组织", span=len(organisations), header=True),
            _Cell(formats.APPLICATION_COLUMNS[-1].label, vmerge="restart", header=True),
        ],
        [
            _Cell(span=3, vmerge="continue"),
            _CONTINUE,
            *(_Cell(label, header=True) for label in organisations),
            _CONTINUE,
        ],
    ]
    results_open = False
    group_open: str | None = None
    for key in _APPLICATION_ORDER:
        if key not in applications:
            continue
        definition = formats.application_row_any(key)
        values = [_Cell(_value_text(c)) for c in applications[key][:columns]]
        values += [_Cell()] * (columns - len(values))
        depth = key.count(".")
        if depth == 0:
            labels = [_Cell(definition.label, span=3, jc="left")]
        else:
            results = (
                _CONTINUE if results_open else _Cell(formats.RESULTS_HEADING, vmerge="restart")
            )
            results_open = True
            if depth == 1:
                labels = [results, _Cell(definition.label, span=2, jc="left")]
            else:
                group = key.rsplit(".", 1)[0]
                same = group_open == group
                group_cell = _CONTINUE if same else _Cell(definition.group or "", vmerge="restart")
                labels = [results, group_cell, _Cell(definition.label, jc="left")]
        group_open = key.rsplit(".", 1)[0] if depth == 2 else None
        rows.append(labels + values)
    return _table(widths, rows, header_rows=3)


# -- 表四 ---------------------------------------------------------------------------------------


def _reviews_table(report: Report) -> str:
    reviews = report.reviews_litigation or {}
    groups = formats.REVIEW_GROUPS
    last = max(i for i, g in enumerate(groups) if g.key in reviews)
    printed = groups[: last + 1]  # a missing group before a present one prints blank
    width = len(formats.REVIEW_COLUMNS)
    labels = [c.label for c in formats.REVIEW_COLUMNS]
    top: list[_Cell] = []
    middle: list[_Cell] = []
    bottom: list[_Cell] = []
    litigation = [g for g in printed if g.parent is not None]
    for group in printed:
        if group.parent is None:
            top.append(_Cell(group.label, span=width, header=True))
            middle += [_Cell(label, vmerge="restart", header=True) for label in labels]
            bottom += [_CONTINUE] * width
        else:
            middle.append(_Cell(group.label, span=width, header=True))
            bottom += [_Cell(label, header=True) for label in labels]
    if litigation:
        top.append(_Cell(litigation[0].parent or "", span=width * len(litigation), header=True))
    values: list[_Cell] = []
    for group in printed:
        cells = reviews.get(group.key, [])
        texts = [_value_text(c) for c in cells[:width]]
        values += [_Cell(t) for t in texts + [""] * (width - len(texts))]
    widths = _split(_TEXT_WIDTH, width * len(printed))
    return _table(widths, [top, middle, bottom, values], header_rows=3)


__all__ = ["report_title", "write_docx"]
