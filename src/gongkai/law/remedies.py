"""行政复议 and 行政诉讼 about disclosure work as data: case kinds and how decisions count.

Table 四 of the annual report (国办公开办函〔2021〕30号, unchanged from the 2019 format; see
``shared/reference/regulations.md`` §2.1) has three groups — 行政复议, 行政诉讼 未经复议直接起诉,
行政诉讼 复议后起诉 — of five cells: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计. The format names
the columns only; which concrete decisions fall under 结果纠正 is the reading below, each with the
article of the 《中华人民共和国行政复议法》 (2023 revision, in force 2024-01-01) or the
《中华人民共和国行政诉讼法》 (2017 revision) that provides for the decision.

The article numbers of 《行政复议法》 第六十三至六十五条 (变更, 撤销, 确认违法) were checked on
2026-11-23 against a published copy of the 2023 text; the others follow that text's order of
decisions (第六十六条 履行, 第六十七条 无效, 第六十八条 维持, 第六十九条 驳回, 第七十三、七十四条
调解/和解, 第四十一条 终止, 第三十条 不予受理) and the 《行政诉讼法》's, and were not checked
against an official copy: check before quoting them in documents. The categories themselves
follow the plain meaning of the column titles: the challenged conduct stands (维持), is set
aside, changed, declared unlawful or ordered to be performed (纠正), or the case ends without a
ruling on it (其他).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.report.formats import REVIEW_COLUMNS, REVIEW_GROUPS

__all__ = [
    "CASE_KINDS",
    "DECISIONS",
    "RESULTS",
    "CaseKind",
    "Decision",
    "DecisionRule",
    "Result",
    "decision",
]


class CaseKind(StrEnum):
    """The three groups of table 四; values are the spec's group keys."""

    REVIEW = "review"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_REVIEW = "litigation_after_review"


#: Labels people read, in table order.
CASE_KINDS: dict[CaseKind, str] = {
    CaseKind.REVIEW: "行政复议",
    CaseKind.LITIGATION_DIRECT: "行政诉讼（未经复议直接起诉）",
    CaseKind.LITIGATION_AFTER_REVIEW: "行政诉讼（复议后起诉）",
}


class Result(StrEnum):
    """The four counted columns of a group (总计 is their sum)."""

    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"
    PENDING = "pending"


#: Column labels, in table order.
RESULTS: dict[Result, str] = {
    Result.UPHELD: "维持",
    Result.CORRECTED: "纠正",
    Result.OTHER: "其他",
    Result.PENDING: "尚未审结",
}

assert tuple(kind.value for kind in CaseKind) == tuple(group.key for group in REVIEW_GROUPS)
assert tuple(result.value for result in Result) == tuple(c.key for c in REVIEW_COLUMNS[:4])


class Decision(StrEnum):
    """A concrete decision or judgment (or other ending) of a case."""

    UPHOLD = "uphold"
    DISMISS_CLAIM = "dismiss_claim"
    REVOKE = "revoke"
    VARY = "vary"
    DECLARE_UNLAWFUL = "declare_unlawful"
    ORDER_PERFORMANCE = "order_performance"
    DECLARE_VOID = "declare_void"
    WITHDRAWN = "withdrawn"
    MEDIATED = "mediated"
    NOT_ACCEPTED = "not_accepted"
    OTHER = "other"


@dataclass(frozen=True)
class DecisionRule:
    """A decision, the table 四 column it is counted in, and where the law provides for it."""

    decision: Decision
    label: str
    result: Result
    review_article: str
    litigation_article: str


DECISIONS: tuple[DecisionRule, ...] = (
    DecisionRule(
        Decision.UPHOLD, "维持", Result.UPHELD, "行政复议法第六十八条", "（行政诉讼无维持判决）"
    ),
    DecisionRule(
        Decision.DISMISS_CLAIM,
        "驳回复议申请 / 驳回诉讼请求",
        Result.UPHELD,
        "行政复议法第六十九条",
        "行政诉讼法第六十九条",
    ),
    DecisionRule(
        Decision.REVOKE,
        "撤销（含部分撤销）",
        Result.CORRECTED,
        "行政复议法第六十四条",
        "行政诉讼法第七十条",
    ),
    DecisionRule(
        Decision.VARY, "变更", Result.CORRECTED, "行政复议法第六十三条", "行政诉讼法第七十七条"
    ),
    DecisionRule(
        Decision.DECLARE_UNLAWFUL,
        "确认违法",
        Result.CORRECTED,
        "行政复议法第六十五条",
        "行政诉讼法第七十四条",
    ),
    DecisionRule(
        Decision.ORDER_PERFORMANCE,
        "责令履行 / 判决履行",
        Result.CORRECTED,
        "行政复议法第六十六条",
        "行政诉讼法第七十二条",
    ),
    DecisionRule(
        Decision.DECLARE_VOID,
        "确认无效",
        Result.CORRECTED,
        "行政复议法第六十七条",
        "行政诉讼法第七十五条",
    ),
    DecisionRule(
        Decision.WITHDRAWN,
        "撤回申请终止 / 撤诉",
        Result.OTHER,
        "行政复议法第四十一条",
        "行政诉讼法第六十二条",
    ),
    DecisionRule(
        Decision.MEDIATED,
        "调解、和解",
        Result.OTHER,
        "行政复议法第七十三、七十四条",
        "行政诉讼法第六十条",
    ),
    DecisionRule(
        Decision.NOT_ACCEPTED,
        "不予受理 / 驳回起诉",
        Result.OTHER,
        "行政复议法第三十条",
        "行政诉讼法第五十一条",
    ),
    DecisionRule(Decision.OTHER, "其他方式结案", Result.OTHER, "", ""),
)

_BY_DECISION = {rule.decision: rule for rule in DECISIONS}


def decision(value: Decision | str) -> DecisionRule:
    """The rule of ``value``; ``KeyError`` for an unknown decision."""
    return _BY_DECISION[Decision(value)]
