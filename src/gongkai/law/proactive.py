"""The law of 主动公开 as data, each item with the article it comes from.

Source: 《中华人民共和国政府信息公开条例》 (2019, 国务院令第711号, "《条例》"), 第十二、十三、
十四、十五、十六、十九、二十、二十一、二十六条; the wording of the items is the regulation's
(``shared/reference/regulations.md`` §1.2, §1.3, checked against the full text in
``LawRefBook/Laws``). Table 二 of the annual report is taken from :mod:`gongkai.report.formats`,
never retyped.

* :data:`ARTICLE_20_ITEMS` — the fifteen items every organ discloses (第二十条), codes ``20.1`` …
  ``20.15``;
* :data:`LOCAL_ITEMS` — the local items of 第二十一条, ``21.county.*`` for 设区的市级、县级
  governments and their departments, ``21.township.*`` for 乡（镇）governments;
* :data:`DISCLOSURE_KINDS` — 公开属性 with their articles;
* :data:`WITHHOLDING_REASONS` — 不予公开 reasons (第十四、十五、十六条), each with the 表三 row
  an application withheld for that reason is counted in;
* :func:`publication_due` / :func:`is_late` — the 第二十六条 limit: 20 working days from the day
  the information is formed or changed, that day not counted;
* :func:`format_index_number` / :func:`parse_index_number` — the 索引号 (第十二条 目录: 索引);
* :func:`table_two_rows` — table 二's rows with the 第二十条 item each counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from gongkai.law.calendar import WorkCalendar
from gongkai.law.rules import Outcome, TimeLimit
from gongkai.report.formats import TEMPLATE_2021, Template

__all__ = [
    "ARTICLE_20_ITEMS",
    "CATALOGUE_FIELDS",
    "COUNTY",
    "DISCLOSURE_KINDS",
    "GUIDE_FIELDS",
    "LOCAL_ITEMS",
    "LOCAL_ITEMS_COUNTY",
    "LOCAL_ITEMS_TOWNSHIP",
    "PROACTIVE_CRITERIA",
    "PUBLICATION",
    "TOWNSHIP",
    "WITHHOLDING_REASONS",
    "DisclosureItem",
    "DisclosureKind",
    "IndexNumber",
    "TableTwoRow",
    "WithholdingReason",
    "disclosure_item",
    "format_index_number",
    "is_late",
    "parse_index_number",
    "publication_due",
    "table_two_rows",
    "withholding_reason",
]

REGULATION = "《条例》"


@dataclass(frozen=True)
class DisclosureItem:
    """One item an organ must disclose on its own initiative."""

    code: str
    label: str
    article: str
    #: Who the item binds: "" for every organ (第二十条), else :data:`COUNTY` or :data:`TOWNSHIP`.
    level: str = ""


_NUMERALS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_NUMERALS += tuple(f"十{n}" for n in _NUMERALS[:5])  # 十一 … 十五
_ARTICLE_20_LABELS = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)

#: 第二十条 (一)–(十五): what every organ discloses on its own initiative.
ARTICLE_20_ITEMS: tuple[DisclosureItem, ...] = tuple(
    DisclosureItem(f"20.{n}", label, f"{REGULATION}第二十条第（{numeral}）项")
    for n, (numeral, label) in enumerate(zip(_NUMERALS, _ARTICLE_20_LABELS, strict=True), 1)
)

COUNTY = "设区的市级、县级人民政府及其部门"
TOWNSHIP = "乡（镇）人民政府"

#: 第二十一条, first half: 设区的市级、县级 governments and their departments ("等方面").
LOCAL_ITEMS_COUNTY: tuple[DisclosureItem, ...] = tuple(
    DisclosureItem(f"21.county.{key}", label, f"{REGULATION}第二十一条（{COUNTY}）", COUNTY)
    for key, label in (
        ("municipal_construction", "市政建设"),
        ("public_services", "公共服务"),
        ("public_welfare", "公益事业"),
        ("land_expropriation", "土地征收"),
        ("housing_expropriation", "房屋征收"),
        ("public_order", "治安管理"),
        ("social_assistance", "社会救助"),
    )
)
#: 第二十一条, second half: 乡（镇）governments ("等方面").
LOCAL_ITEMS_TOWNSHIP: tuple[DisclosureItem, ...] = tuple(
    DisclosureItem(f"21.township.{key}", label, f"{REGULATION}第二十一条（{TOWNSHIP}）", TOWNSHIP)
    for key, label in (
        ("rural_policies", "贯彻落实农业农村政策"),
        ("irrigation_works", "农田水利工程建设运营"),
        ("land_contract_transfer", "农村土地承包经营权流转"),
        ("homestead_review", "宅基地使用情况审核"),
        ("land_expropriation", "土地征收"),
        ("housing_expropriation", "房屋征收"),
        ("fund_and_labour_raising", "筹资筹劳"),
        ("social_assistance", "社会救助"),
    )
)
LOCAL_ITEMS: tuple[DisclosureItem, ...] = LOCAL_ITEMS_COUNTY + LOCAL_ITEMS_TOWNSHIP

_ITEMS: Mapping[str, DisclosureItem] = {item.code: item for item in ARTICLE_20_ITEMS + LOCAL_ITEMS}


def disclosure_item(code: str) -> DisclosureItem:
    """The item with ``code``; :class:`KeyError` if there is none."""
    return _ITEMS[code]


#: 第十九条: what makes information a matter for 主动公开.
PROACTIVE_CRITERIA: tuple[str, ...] = (
    "涉及公众利益调整",
    "需要公众广泛知晓",
    "需要公众参与决策",
)
#: 第十二条第三款: the fields of the 政府信息公开目录.
CATALOGUE_FIELDS: tuple[str, ...] = ("索引", "名称", "内容概述", "生成日期")
#: 第十二条第二款: what the 政府信息公开指南 contains.
GUIDE_FIELDS: tuple[str, ...] = (
    "政府信息的分类",
    "编排体系",
    "获取方式",
    "政府信息公开工作机构的名称",
    "办公地址",
    "办公时间",
    "联系电话",
    "传真号码",
    "互联网联系方式",
)


@dataclass(frozen=True)
class DisclosureKind:
    """A 公开属性 with its basis."""

    label: str
    article: str


DISCLOSURE_KINDS: tuple[DisclosureKind, ...] = (
    DisclosureKind("主动公开", f"{REGULATION}第十三条第二款、第十九条、第二十条、第二十一条"),
    DisclosureKind("依申请公开", f"{REGULATION}第十三条第二款、第二十七条"),
    DisclosureKind("不予公开", f"{REGULATION}第十四条、第十五条、第十六条"),
)


@dataclass(frozen=True)
class WithholdingReason:
    """A reason not to disclose, with its article.

    ``mandatory``: 第十四条 and 第十五条 forbid disclosure (不予公开 / 不得公开); 第十六条 only
    permits withholding (可以不予公开) and yields where 法律、法规、规章 require disclosure.
    ``report_row``: the 表三 row (:class:`gongkai.law.rules.Outcome`) an application withheld for
    this reason is counted in.
    """

    code: str
    label: str
    article: str
    mandatory: bool
    report_row: str


_A14 = f"{REGULATION}第十四条"
_A15 = f"{REGULATION}第十五条"
WITHHOLDING_REASONS: tuple[WithholdingReason, ...] = (
    WithholdingReason(
        "state_secret", "依法确定为国家秘密", _A14, True, Outcome.WITHHELD_STATE_SECRET
    ),
    WithholdingReason(
        "prohibited_by_law", "法律、行政法规禁止公开", _A14, True, Outcome.WITHHELD_OTHER_LAW
    ),
    WithholdingReason(
        "security_stability",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
        _A14,
        True,
        Outcome.WITHHELD_SECURITY_STABILITY,
    ),
    WithholdingReason(
        "trade_secret",
        "涉及商业秘密，公开会对第三方合法权益造成损害",
        _A15,
        True,
        Outcome.WITHHELD_THIRD_PARTY,
    ),
    WithholdingReason(
        "privacy",
        "涉及个人隐私，公开会对第三方合法权益造成损害",
        _A15,
        True,
        Outcome.WITHHELD_THIRD_PARTY,
    ),
    WithholdingReason(
        "internal_affairs",
        "内部事务信息（人事管理、后勤管理、内部工作流程等）",
        f"{REGULATION}第十六条第一款",
        False,
        Outcome.WITHHELD_INTERNAL_AFFAIRS,
    ),
    WithholdingReason(
        "process_information",
        "过程性信息（讨论记录、过程稿、磋商信函、请示报告等）",
        f"{REGULATION}第十六条第二款",
        False,
        Outcome.WITHHELD_PROCESS_INFORMATION,
    ),
    WithholdingReason(
        "enforcement_files",
        "行政执法案卷信息",
        f"{REGULATION}第十六条第二款",
        False,
        Outcome.WITHHELD_ENFORCEMENT_FILE,
    ),
)

_REASONS: Mapping[str, WithholdingReason] = {reason.code: reason for reason in WITHHOLDING_REASONS}


def withholding_reason(code: str) -> WithholdingReason:
    """The reason with ``code``; :class:`KeyError` if there is none."""
    return _REASONS[code]


# ---------------------------------------------------------------------------------------------
# 第二十六条: the time limit of 主动公开
# ---------------------------------------------------------------------------------------------

#: 第二十六条: within 20 working days of the day the information is formed or changed. Other
#: periods set by 法律、法规 prevail: pass them as ``workdays``.
PUBLICATION = TimeLimit(
    "publication", 20, f"{REGULATION}第二十六条", "主动公开期限（自形成或者变更之日起）"
)


def publication_due(
    formed_on: date, calendar: WorkCalendar, *, workdays: int = PUBLICATION.workdays
) -> date:
    """The last day to publish information formed or changed on ``formed_on``: the 20th
    working day after it (the day of formation is not counted).

    Raises :class:`~gongkai.law.calendar.CalendarYearUnknownError` for a year the calendar
    does not know.
    """
    return calendar.add_workdays(formed_on, workdays)


def is_late(
    formed_on: date,
    published_on: date,
    calendar: WorkCalendar,
    *,
    workdays: int = PUBLICATION.workdays,
) -> bool:
    """Whether publishing on ``published_on`` misses the 第二十六条 limit."""
    return published_on > publication_due(formed_on, calendar, workdays=workdays)


# ---------------------------------------------------------------------------------------------
# 索引号 (第十二条: the 目录's 索引)
# ---------------------------------------------------------------------------------------------

#: Sequence numbers are written with five digits ("00071"); at most 99999 a year.
INDEX_SEQ_WIDTH = 5
_BODY_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.]*(?:-[0-9A-Za-z_.]+)*")
_INDEX_NUMBER = re.compile(rf"(?P<body>{_BODY_CODE.pattern})-(?P<year>\d{{4}})-(?P<seq>\d{{5}})")


@dataclass(frozen=True)
class IndexNumber:
    body_code: str
    year: int
    seq: int

    def __str__(self) -> str:
        return format_index_number(self.body_code, self.year, self.seq)


def format_index_number(body_code: str, year: int, seq: int) -> str:
    """``NJZ-2021-00071``: the body's code, the year, the year's sequence number (5 digits)."""
    if not _BODY_CODE.fullmatch(body_code):
        raise ValueError(f"机关代码“{body_code}”只能由字母、数字、下划线、点和连字符组成。")
    if not 1900 <= year <= 9999:
        raise ValueError(f"索引号年份{year}不合理。")
    if not 1 <= seq < 10**INDEX_SEQ_WIDTH:
        raise ValueError(f"索引号顺序号应为1至{10**INDEX_SEQ_WIDTH - 1}，现为{seq}。")
    return f"{body_code}-{year:04d}-{seq:0{INDEX_SEQ_WIDTH}d}"


def parse_index_number(value: str) -> IndexNumber:
    """The parts of an 索引号 written by :func:`format_index_number`; ValueError otherwise."""
    match = _INDEX_NUMBER.fullmatch(value.strip())
    if match is None:
        raise ValueError(
            f"索引号“{value}”格式不正确，应为“机关代码-年份-五位顺序号”，如NJZ-2021-00071。"
        )
    number = IndexNumber(match["body"], int(match["year"]), int(match["seq"]))
    format_index_number(number.body_code, number.year, number.seq)  # the same range checks
    return number


# ---------------------------------------------------------------------------------------------
# Table 二 of the annual report: which 第二十条 item each row counts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableTwoRow:
    """A row of table 二 (section 二) with the 第二十条 item its records carry."""

    key: str  # the report core's proactive key ("regulations", "licensing", …)
    label: str  # the row's label as the national format prints it
    caption: str  # the sub-table's caption ("第二十条第（一）项")
    item: DisclosureItem


def table_two_rows(template: Template = TEMPLATE_2021) -> tuple[TableTwoRow, ...]:
    """Table 二's rows in ``template``'s order, each with its 第二十条 item (from the caption)."""
    by_article = {item.article.removeprefix(REGULATION): item for item in ARTICLE_20_ITEMS}
    return tuple(
        TableTwoRow(row.key, row.label, table.caption, by_article[table.caption])
        for table in template.proactive
        for row in table.rows
    )
