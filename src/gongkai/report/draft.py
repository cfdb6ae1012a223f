"""Draft the prose of an annual report from what the platform knows, as editable Chinese text.

The national format (国办公开办函〔2021〕30号) wants section 一 总体情况 to summarise 主动公开,
依申请公开, 政府信息管理, 政府信息公开平台建设 and 监督保障, and section 六 is where real reports
state the 信息处理费 collected (《政府信息公开信息处理费管理办法》，国办函〔2020〕109号). The
drafts state every figure in Arabic digits, as the published reports do (e.g. 南郊镇2021年度报告:
“共主动公开政府信息71条……同时，利用微信公众号……公开信息429条”), so the prose checks of
:mod:`gongkai.report.checks.prose` can read them back against the tables.

A draft is plain text: paragraphs separated by a blank line, sub-part headings such as
``（一）主动公开`` each a paragraph of their own. Zero figures read as sentences (“未收到政府信息
公开申请”), never as ``0件``; what the platform cannot know (how the body manages its information,
its supervision) comes from :class:`BodyNotes` or is left as a 【待填写：…】 prompt for the clerk,
never as invented boilerplate (copied prose is what the format warns against as 内容雷同).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gongkai.report import formats
from gongkai.report.errors import ReportError
from gongkai.report.model import Report

__all__ = [
    "PLACEHOLDER_MARK",
    "SUB_PARTS",
    "ApplicationFacts",
    "BodyNotes",
    "ChannelFacts",
    "DraftError",
    "FeeFacts",
    "ProactiveFacts",
    "ReviewFacts",
    "application_facts",
    "draft_section_one",
    "draft_section_six",
    "has_placeholders",
    "review_facts",
    "yuan",
]

#: Section 一's sub-parts in the order the national format lists them.
SUB_PARTS: tuple[str, ...] = (
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
)
#: Every prompt left for the clerk starts with this mark; a report still holding one is unfinished.
PLACEHOLDER_MARK = "【待填写"
_FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
_QUOTES = '“”"「」『』'


class DraftError(ReportError, ValueError):
    """The facts given cannot be drafted (a negative count, fees without a charged application)."""


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DraftError(f"{name}应为非负整数，得到{value!r}")


@dataclass(frozen=True)
class ChannelFacts:
    """A channel other than the 专栏 and the items released on it in the year.

    ``kind`` is what the channel is (政府网站专栏, 政务新媒体, 公开栏, 政府公报 …), ``name`` its own
    name (the WeChat account 幸福南郊); either may be empty.
    """

    name: str
    kind: str
    count: int

    def __post_init__(self) -> None:
        _check_count(f"渠道“{self.name or self.kind}”的信息条数", self.count)


@dataclass(frozen=True)
class ProactiveFacts:
    """主动公开 in the year: items on the 专栏 (``venue``), by category, and on other channels.

    ``by_category`` pairs a category label (主题 or 第二十条 item, as the body wants it printed)
    with its count, in the order to print. ``interpretations`` counts 政策解读 materials.
    """

    total: int
    by_category: Sequence[tuple[str, int]] = ()
    channels: Sequence[ChannelFacts] = ()
    interpretations: int = 0
    venue: str = "政府信息公开专栏"

    def __post_init__(self) -> None:
        _check_count("主动公开政府信息条数", self.total)
        _check_count("政策解读数量", self.interpretations)
        for label, count in self.by_category:
            _check_count(f"“{label}”类信息条数", count)
        object.__setattr__(self, "by_category", tuple(self.by_category))
        object.__setattr__(self, "channels", tuple(self.channels))
        for label, count in self.by_category:
            if count > self.total:
                raise DraftError(f"“{label}”类信息{count}条，多于主动公开总数{self.total}条")


@dataclass(frozen=True)
class ApplicationFacts:
    """依申请公开 in the year, as 表三 counts it.

    ``received`` 本年新收 (row 一), ``carried_in`` 上年结转 (row 二), ``answered`` 办结
    (row 三（七）), ``carried_over`` 结转下年度继续办理 (row 四). ``outcomes`` pairs an outcome
    label (予以公开, 无法提供 …) with its count, in the order to print.
    """

    received: int
    carried_in: int = 0
    answered: int = 0
    carried_over: int = 0
    outcomes: Sequence[tuple[str, int]] = ()

    def __post_init__(self) -> None:
        _check_count("本年新收申请数", self.received)
        _check_count("上年结转申请数", self.carried_in)
        _check_count("办结申请数", self.answered)
        _check_count("结转下年度申请数", self.carried_over)
        for label, count in self.outcomes:
            _check_count(f"办理结果“{label}”件数", count)
        object.__setattr__(self, "outcomes", tuple(self.outcomes))


@dataclass(frozen=True)
class ReviewFacts:
    """行政复议 and 行政诉讼 (both kinds) arising from disclosure work in the year (表四 总计)."""

    review: int = 0
    litigation: int = 0

    def __post_init__(self) -> None:
        _check_count("行政复议件数", self.review)
        _check_count("行政诉讼件数", self.litigation)


@dataclass(frozen=True)
class BodyNotes:
    """What the body wrote about 政府信息管理, 平台建设 and 监督保障 (printed as given)."""

    management: str = ""
    platform: str = ""
    supervision: str = ""


@dataclass(frozen=True)
class FeeFacts:
    """信息处理费 collected in the year: the amount in 元 and the applications charged."""

    amount_yuan: Decimal
    count: int

    def __post_init__(self) -> None:
        _check_count("收费申请件数", self.count)
        if not isinstance(self.amount_yuan, (Decimal, int)) or self.amount_yuan < 0:
            raise DraftError(f"信息处理费金额应为非负数，得到{self.amount_yuan!r}")


# ---------------------------------------------------------------------------------------------
# Section 一
# ---------------------------------------------------------------------------------------------


def draft_section_one(
    *,
    organ: str,
    year: int,
    proactive: ProactiveFacts,
    applications: ApplicationFacts,
    notes: BodyNotes | None = None,
    reviews: ReviewFacts | None = None,
) -> str:
    """Section 一 总体情况 with its five sub-parts （一）…（五）."""
    notes = notes or BodyNotes()
    parts = [
        (SUB_PARTS[0], [_proactive(organ, year, proactive)]),
        (SUB_PARTS[1], [_applications(organ, year, applications, reviews)]),
        (
            SUB_PARTS[2],
            _given(notes.management)
            or [
                _prompt(
                    "本机关政府信息管理情况，如公开属性源头认定、政府信息管理动态调整、"
                    "公开指南和公开目录的编制与更新等"
                )
            ],
        ),
        (SUB_PARTS[3], _platform(organ, proactive, notes.platform)),
        (
            SUB_PARTS[4],
            _given(notes.supervision)
            or [
                _prompt(
                    "监督保障情况，如组织领导、制度建设、教育培训；"
                    "人民政府还应报告工作考核、社会评议和责任追究结果"
                )
            ],
        ),
    ]
    return _join(p for heading, body in parts for p in (heading, *body))


def _proactive(organ: str, year: int, facts: ProactiveFacts) -> str:
    sentences = []
    if facts.total:
        sentences.append(f"{year}年，{organ}通过{facts.venue}主动公开政府信息{facts.total}条")
        listed = [f"{label}{count}条" for label, count in facts.by_category if count]
        if listed:
            sentences.append("其中，" + "，".join(listed))
    else:
        sentences.append(f"{year}年，{organ}未通过{facts.venue}主动公开政府信息")
    released = [c for c in facts.channels if c.count]
    if released:
        lead = "同时，" if facts.total else ""
        sentences.append(
            lead + "，".join(f"通过{_channel(c)}发布信息{c.count}条" for c in released)
        )
    idle = [c for c in facts.channels if not c.count]
    if idle:
        sentences.append("、".join(_channel(c) for c in idle) + "本年度未发布信息")
    if facts.interpretations:
        sentences.append(f"全年发布政策解读材料{facts.interpretations}篇")
    return "。".join(sentences) + "。"


def _channel(channel: ChannelFacts) -> str:
    name = channel.name.strip().strip(_QUOTES)
    kind = channel.kind.strip()
    if not name:
        return kind or "其他渠道"
    if not kind or kind == "其他" or kind in name:
        return f"“{name}”"
    return f"{kind}“{name}”"


def _applications(
    organ: str, year: int, facts: ApplicationFacts, reviews: ReviewFacts | None
) -> str:
    sentences = []
    if facts.received:
        first = f"{year}年，{organ}共收到政府信息公开申请{facts.received}件"
    elif facts.carried_in:
        first = f"{year}年，{organ}未收到新的政府信息公开申请"
    else:
        first = f"{year}年，{organ}未收到政府信息公开申请"
    if facts.carried_in:
        first += f"，上年结转政府信息公开申请{facts.carried_in}件"
    open_total = facts.received + facts.carried_in
    if facts.answered:
        first += f"，已办结并答复{facts.answered}件"
        if not facts.carried_over and facts.answered >= open_total:
            first += "，全部办结" if open_total else ""
    elif open_total:
        first += "，本年度尚未办结"
    if facts.carried_over:
        # the table's own words; a second year in the sentence would hide it from the checks
        first += f"，{facts.carried_over}件结转下年度继续办理"
    sentences.append(first)
    outcomes = [f"{label}{count}件" for label, count in facts.outcomes if count]
    if outcomes:
        sentences.append("从办理结果看，" + "，".join(outcomes))
    if reviews is not None:
        sentences.extend(_reviews(reviews))
    return "。".join(sentences) + "。"


def _reviews(facts: ReviewFacts) -> list[str]:
    """Nonzero counts first, each kind a sentence of its own (a 未发生 clause never spans both)."""
    cause = "因政府信息公开引起"
    if not facts.review and not facts.litigation:
        return [f"全年未发生{cause}的行政复议、行政诉讼"]
    out = []
    if facts.review:
        out.append(f"全年{cause}行政复议{facts.review}件")
    if facts.litigation:
        out.append(f"全年{cause}行政诉讼{facts.litigation}件")
    if not facts.review:
        out.append(f"未发生{cause}的行政复议")
    if not facts.litigation:
        out.append(f"未发生{cause}的行政诉讼")
    return out


def _platform(organ: str, facts: ProactiveFacts, note: str) -> list[str]:
    venues = []
    if facts.total:
        venues.append(facts.venue)
    venues += [_channel(c) for c in facts.channels]
    out = []
    if venues:
        joined = "、".join(dict.fromkeys(venues))
        tail = "等平台" if len(venues) > 1 else ""
        out.append(f"{organ}依托{joined}{tail}公开政府信息。")
    out += _given(note)
    return out or [
        _prompt("政府信息公开平台建设情况，如政府网站专栏、政务新媒体、公开栏的建设和管理")
    ]


# ---------------------------------------------------------------------------------------------
# Section 六
# ---------------------------------------------------------------------------------------------


def draft_section_six(*, organ: str, year: int, fees: FeeFacts, other: str = "") -> str:
    """Section 六 其他需要报告的事项: the 信息处理费 collected, then the body's other matters."""
    if not fees.amount_yuan and not fees.count:
        fee = f"{year}年，{organ}依申请提供政府信息，未收取信息处理费。"
    elif not fees.amount_yuan:
        # the records name charged applications but no amount: the clerk must say how much
        fee = (
            f"{year}年，{organ}依据{_FEE_RULES}对{fees.count}件政府信息公开申请收取信息处理费，"
            f"共计{PLACEHOLDER_MARK}：收费金额】元。"
        )
    else:
        charged = f"对{fees.count}件政府信息公开申请" if fees.count else ""
        fee = (
            f"{year}年，{organ}依据{_FEE_RULES}{charged}收取信息处理费，"
            f"共计{yuan(fees.amount_yuan)}元。"
        )
    return _join([fee, *_given(other)])


def yuan(amount: Decimal | int) -> str:
    """An amount in 元 as reports print it: ``4700``, ``4700.50``, never ``4.7E+3``."""
    value = Decimal(amount)
    if value == value.to_integral_value():
        return str(int(value))
    if value == value.quantize(Decimal("0.01")):
        return format(value.quantize(Decimal("0.01")), "f")
    return format(value.normalize(), "f")


# ---------------------------------------------------------------------------------------------
# Facts from a report's tables (a compiled or stored report)
# ---------------------------------------------------------------------------------------------

_OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("3.1", "予以公开"),
    ("3.2", "部分公开"),
    ("3.3", "不予公开"),
    ("3.4", "无法提供"),
    ("3.5", "不予处理"),
    ("3.6", "其他处理"),
)


def application_facts(report: Report) -> ApplicationFacts | None:
    """表三's 总计 column as facts, outcomes by group (予以公开 … 其他处理); blanks count as 0.

    ``None`` when the report has no 表三.
    """
    rows = report.applications
    if not rows:
        return None

    def total(key: str) -> int:
        cells = rows.get(key)
        value = cells[formats.TOTAL_COLUMN].value if cells else None
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    outcomes = []
    for prefix, label in _OUTCOME_GROUPS:
        keys = [k for k in rows if k == prefix or k.startswith(prefix + ".")]
        outcomes.append((label, sum(total(k) for k in keys)))
    return ApplicationFacts(
        received=max(total("1"), 0),
        carried_in=max(total("2"), 0),
        answered=max(total("3.7"), 0),
        carried_over=max(total("4"), 0),
        outcomes=[(label, max(count, 0)) for label, count in outcomes],
    )


def review_facts(report: Report) -> ReviewFacts | None:
    """表四's 总计 cells as facts (行政诉讼: both kinds together); ``None`` without 表四."""
    groups = report.reviews_litigation
    if not groups:
        return None

    def total(key: str) -> int:
        cells = groups.get(key)
        value = cells[-1].value if cells else None
        return value if isinstance(value, int) and value > 0 else 0

    return ReviewFacts(
        review=total("review"),
        litigation=total("litigation_direct") + total("litigation_after_review"),
    )


def has_placeholders(text: str) -> bool:
    """Whether a drafted text still holds a 【待填写：…】 prompt."""
    return PLACEHOLDER_MARK in text


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------


def _given(text: str) -> list[str]:
    """Free text as paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _prompt(what: str) -> str:
    return f"{PLACEHOLDER_MARK}：{what}。】"


def _join(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p)
