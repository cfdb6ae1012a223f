"""The national annual report formats as data (政府信息公开工作年度报告格式).

Two templates exist:

* ``"2021"`` — 国办公开办函〔2021〕30号, for reports on 2021 onward;
* ``"2019"`` — 国办公开办函〔2019〕60号 (试行), for reports on 2019 and 2020.

Every section, table, row and column carries its official label (as printed in the
national format) and the stable key of ``shared/spec/annual-report-json.md``. Nothing
else in the core hard-codes a label: readers match against these tables, writers print
them, checks iterate over them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TemplateId = Literal["2021", "2019"]
CellKind = Literal["count", "money", "signed", "text"]

FORMAT_ID = "gongkai.annual-report/1"

#: 《条例》第五十条 lists what a report contains; both national formats print these six headings.
SECTION_TITLES: tuple[str, ...] = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)
SECTION_NUMERALS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六")

#: Table 三's top-left header cell, the official 勾稽 note.
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Column:
    """One column of a table: stable key, official label, the kind of value it holds."""

    key: str
    label: str
    kind: CellKind = "count"


@dataclass(frozen=True)
class ProactiveRow:
    """One row of a 第二十条 sub-table in section 二."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProactiveTable:
    """A 第二十条第（N）项 sub-table of section 二.

    When ``scalar`` is true the spec stores each row as a bare number (2021 format:
    行政许可, 行政处罚, 行政强制, 行政事业性收费); otherwise as an object keyed by column.
    """

    caption: str
    article: str
    columns: tuple[Column, ...]
    rows: tuple[ProactiveRow, ...]
    scalar: bool = False


@dataclass(frozen=True)
class ApplicationRow:
    """One data row of table 三 (收到和处理政府信息公开申请情况)."""

    key: str
    label: str
    #: The label without its enumerator ("1.", "（三）", "一、"), used for matching.
    core: str
    #: The group heading the row sits under, if any (e.g. "（三）不予公开").
    group: str | None = None
    aliases: tuple[str, ...] = ()
    #: The full label a flat (one label column) rendering prints.
    flat_label: str = ""
    #: Rows that are summed into 三（七）总计.
    is_result: bool = False


@dataclass(frozen=True)
class ReviewGroup:
    """One group of table 四 (行政复议 / 行政诉讼)."""

    key: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class Template:
    id: TemplateId
    source: str
    proactive: tuple[ProactiveTable, ...]
    application_rows: tuple[ApplicationRow, ...]
    application_columns: tuple[Column, ...] = field(default=())
    review_groups: tuple[ReviewGroup, ...] = field(default=())
    review_columns: tuple[Column, ...] = field(default=())

    def application_row(self, key: str) -> ApplicationRow:
        for row in self.application_rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def application_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.application_rows)

    @property
    def result_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.application_rows if row.is_result)

    def proactive_row(self, key: str) -> tuple[ProactiveTable, ProactiveRow]:
        for table in self.proactive:
            for row in table.rows:
                if row.key == key:
                    return table, row
        raise KeyError(key)


# ---------------------------------------------------------------------------------------------
# Table 三 columns and table 四 layout: the same in both formats.
# ---------------------------------------------------------------------------------------------

#: Table 三 columns in spec order. 申请人情况 → 自然人 | 法人或其他组织 (five) | 总计.
APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_COLUMN_COUNT = 6
TOTAL_COLUMN = 6
#: Table 三's header cells above the columns: over all seven, and over the five organisations.
APPLICANT_HEADER = "申请人情况"
ORGANISATIONS_HEADER = "法人或其他组织"

#: Table 四: three groups of five cells.
REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("review", "行政复议"),
    ReviewGroup("litigation_direct", "未经复议直接起诉", parent="行政诉讼"),
    ReviewGroup("litigation_after_review", "复议后起诉", parent="行政诉讼"),
)
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

#: Table 三 header words (never row labels).
APPLICATION_HEADER_WORDS: frozenset[str] = frozenset(
    {APPLICANT_HEADER, "自然人", ORGANISATIONS_HEADER, "法人或者其他组织", "总计", "小计"}
    | {c.label for c in APPLICATION_COLUMNS}
)


def _row(
    key: str,
    label: str,
    core: str,
    group: str | None = None,
    aliases: tuple[str, ...] = (),
    *,
    result: bool = True,
) -> ApplicationRow:
    flat = f"{group}{label}" if group else label
    return ApplicationRow(key, label, core, group, aliases, flat, result)


_GROUP_3 = "（三）不予公开"
_GROUP_4 = "（四）无法提供"
_GROUP_5 = "（五）不予处理"
_GROUP_6 = "（六）其他处理"
RESULTS_HEADING = "三、本年度办理结果"

_ROWS_COMMON_HEAD: tuple[ApplicationRow, ...] = (
    _row("1", "一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量", result=False),
    _row("2", "二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量", result=False),
    _row("3.1", "（一）予以公开", "予以公开", RESULTS_HEADING),
    _row(
        "3.2",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        RESULTS_HEADING,
    ),
    _row("3.3.1", "1.属于国家秘密", "属于国家秘密", _GROUP_3),
    _row("3.3.2", "2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开", _GROUP_3),
    _row("3.3.3", "3.危及“三安全一稳定”", "危及“三安全一稳定”", _GROUP_3),
    _row("3.3.4", "4.保护第三方合法权益", "保护第三方合法权益", _GROUP_3),
    _row("3.3.5", "5.属于三类内部事务信息", "属于三类内部事务信息", _GROUP_3),
    _row("3.3.6", "6.属于四类过程性信息", "属于四类过程性信息", _GROUP_3),
    _row("3.3.7", "7.属于行政执法案卷", "属于行政执法案卷", _GROUP_3),
    _row("3.3.8", "8.属于行政查询事项", "属于行政查询事项", _GROUP_3),
    _row("3.4.1", "1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息", _GROUP_4),
    _row("3.4.2", "2.没有现成信息需要另行制作", "没有现成信息需要另行制作", _GROUP_4),
    _row("3.4.3", "3.补正后申请内容仍不明确", "补正后申请内容仍不明确", _GROUP_4),
    _row("3.5.1", "1.信访举报投诉类申请", "信访举报投诉类申请", _GROUP_5),
    _row("3.5.2", "2.重复申请", "重复申请", _GROUP_5),
    _row("3.5.3", "3.要求提供公开出版物", "要求提供公开出版物", _GROUP_5),
    _row("3.5.4", "4.无正当理由大量反复申请", "无正当理由大量反复申请", _GROUP_5),
    _row(
        "3.5.5",
        "5.要求行政机关确认或重新出具已获取信息",
        "要求行政机关确认或重新出具已获取信息",
        _GROUP_5,
    ),
)
_ROWS_OTHER_SPLIT: tuple[ApplicationRow, ...] = (
    _row(
        "3.6.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _GROUP_6,
    ),
    _row(
        "3.6.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _GROUP_6,
    ),
    _row("3.6.3", "3.其他", "其他", _GROUP_6),
)
#: （六）其他处理 printed as one row: the 2019 format, and some 2021-format reports.
ROW_OTHER_SINGLE = _row("3.6", "（六）其他处理", "其他处理", RESULTS_HEADING)
_ROWS_TAIL: tuple[ApplicationRow, ...] = (
    _row("3.7", "（七）总计", "总计", RESULTS_HEADING, result=False),
    _row("4", "四、结转下年度继续办理", "结转下年度继续办理", result=False),
)

#: Group headings of table 三 that carry no values of their own (2021 format).
APPLICATION_GROUPS: tuple[str, ...] = (RESULTS_HEADING, _GROUP_3, _GROUP_4, _GROUP_5, _GROUP_6)


# ---------------------------------------------------------------------------------------------
# Section 二 (主动公开政府信息情况): 第二十条 sub-tables, different in the two formats.
# ---------------------------------------------------------------------------------------------

_PROACTIVE_2021: tuple[ProactiveTable, ...] = (
    ProactiveTable(
        "第二十条第（一）项",
        "《条例》第二十条第（一）项：行政法规、规章和规范性文件",
        (
            Column("issued", "本年制发件数"),
            Column("repealed", "本年废止件数"),
            Column("in_force", "现行有效件数"),
        ),
        (
            ProactiveRow("regulations", "规章"),
            ProactiveRow("normative_documents", "行政规范性文件", ("规范性文件",)),
        ),
    ),
    ProactiveTable(
        "第二十条第（五）项",
        "《条例》第二十条第（五）项：行政许可",
        (Column("decisions", "本年处理决定数量"),),
        (ProactiveRow("licensing", "行政许可"),),
        scalar=True,
    ),
    ProactiveTable(
        "第二十条第（六）项",
        "《条例》第二十条第（六）项：行政处罚、行政强制",
        (Column("decisions", "本年处理决定数量"),),
        (ProactiveRow("punishment", "行政处罚"), ProactiveRow("coercion", "行政强制")),
        scalar=True,
    ),
    ProactiveTable(
        "第二十条第（八）项",
        "《条例》第二十条第（八）项：行政事业性收费",
        (Column("amount", "本年收费金额（单位：万元）", "money"),),
        (ProactiveRow("fees", "行政事业性收费"),),
        scalar=True,
    ),
)

_CHANGE_COLUMNS = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", "signed"),
    Column("decisions", "处理决定数量"),
)

_PROACTIVE_2019: tuple[ProactiveTable, ...] = (
    ProactiveTable(
        "第二十条第（一）项",
        "《条例》第二十条第（一）项：行政法规、规章和规范性文件",
        (
            Column("made", "本年新制作数量"),
            Column("published", "本年新公开数量"),
            Column("total_published", "对外公开总数量"),
        ),
        (
            ProactiveRow("regulations", "规章"),
            ProactiveRow("normative_documents", "规范性文件", ("行政规范性文件",)),
        ),
    ),
    ProactiveTable(
        "第二十条第（五）项",
        "《条例》第二十条第（五）项：行政许可和其他对外管理服务事项",
        _CHANGE_COLUMNS,
        (
            ProactiveRow("licensing", "行政许可"),
            ProactiveRow("other_services", "其他对外管理服务事项"),
        ),
    ),
    ProactiveTable(
        "第二十条第（六）项",
        "《条例》第二十条第（六）项：行政处罚、行政强制",
        _CHANGE_COLUMNS,
        (ProactiveRow("punishment", "行政处罚"), ProactiveRow("coercion", "行政强制")),
    ),
    ProactiveTable(
        "第二十条第（八）项",
        "《条例》第二十条第（八）项：行政事业性收费",
        _CHANGE_COLUMNS[:2],
        (ProactiveRow("fees", "行政事业性收费"),),
    ),
    ProactiveTable(
        "第二十条第（九）项",
        "《条例》第二十条第（九）项：政府集中采购",
        (Column("projects", "采购项目数量"), Column("amount", "采购总金额", "text")),
        (ProactiveRow("procurement", "政府集中采购"),),
    ),
)

TEMPLATE_2021 = Template(
    id="2021",
    source="国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
    proactive=_PROACTIVE_2021,
    application_rows=_ROWS_COMMON_HEAD + _ROWS_OTHER_SPLIT + _ROWS_TAIL,
    application_columns=APPLICATION_COLUMNS,
    review_groups=REVIEW_GROUPS,
    review_columns=REVIEW_COLUMNS,
)

TEMPLATE_2019 = Template(
    id="2019",
    source="国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    proactive=_PROACTIVE_2019,
    application_rows=(*_ROWS_COMMON_HEAD, ROW_OTHER_SINGLE, *_ROWS_TAIL),
    application_columns=APPLICATION_COLUMNS,
    review_groups=REVIEW_GROUPS,
    review_columns=REVIEW_COLUMNS,
)

TEMPLATES: dict[str, Template] = {"2021": TEMPLATE_2021, "2019": TEMPLATE_2019}

#: First reporting year of the 2021 format (国办公开办函〔2021〕30号 applies from the 2021 reports).
FIRST_YEAR_2021_FORMAT = 2021

#: Column labels that only the 2019 format prints in section 二.
MARKERS_2019: frozenset[str] = frozenset(
    {
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
    }
)
#: Column labels that only the 2021 format prints in section 二.
MARKERS_2021: frozenset[str] = frozenset(
    {"本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"}
)


def template_for_year(year: int | None) -> Template:
    """The format a report on ``year`` must follow."""
    if year is not None and year < FIRST_YEAR_2021_FORMAT:
        return TEMPLATE_2019
    return TEMPLATE_2021


def application_keys(template: Template, *, other_single: bool) -> tuple[str, ...]:
    """Row keys of table 三; ``other_single`` when （六） is printed as one row."""
    keys = []
    for key in template.application_keys:
        if other_single and key.startswith("3.6."):
            if "3.6" not in keys:
                keys.append("3.6")
            continue
        keys.append(key)
    return tuple(keys)


def application_row_any(key: str) -> ApplicationRow:
    """The row definition for any table-三 key of either format (including ``3.6``)."""
    if key == "3.6":
        return ROW_OTHER_SINGLE
    return TEMPLATE_2021.application_row(key)
