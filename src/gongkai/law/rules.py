"""The law of 依申请公开 as data, each rule with the article it comes from.

Sources: 《中华人民共和国政府信息公开条例》 (2019, 国务院令第711号, "《条例》") and
《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号); facts and their confidence in
``shared/reference/regulations.md`` §1.4, §3, §5. Items the reference marks UNCONFIRMED are
fields of :class:`ClockSettings` with a documented default, never hard-coded rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.report.formats import RESULTS_HEADING, TEMPLATE_2021

__all__ = [
    "APPLICANT_KINDS",
    "APPLICANT_KIND_COLUMNS",
    "CHANNELS",
    "CONSULTATION",
    "CONSULTATION_OTHER_BODY",
    "CORRECTION_NOTICE",
    "CORRECTION_PERIOD_DEFAULT",
    "DEFAULT_SETTINGS",
    "EXTENSION",
    "FEE_PAYMENT",
    "OUTCOMES",
    "PAUSE_KINDS",
    "REPLY",
    "TIME_LIMITS",
    "Channel",
    "ClockSettings",
    "Outcome",
    "OutcomeRule",
    "PauseKind",
    "TimeLimit",
    "channel",
    "outcome",
]

REGULATION = "《条例》"
FEE_MEASURES = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"


@dataclass(frozen=True)
class TimeLimit:
    """A statutory period counted in working days."""

    key: str
    workdays: int
    basis: str
    description: str


#: 第三十三条第二款: reply within 20 working days of receipt.
REPLY = TimeLimit("reply", 20, "《条例》第三十三条第二款", "答复期限")
#: 第三十三条第二款: one extension of at most 20 working days, approved by the 工作机构负责人.
EXTENSION = TimeLimit("extension", 20, "《条例》第三十三条第二款", "延长答复期限（最长）")
#: 第三十条: the 补正 notice goes out, once, within 7 working days of receipt.
CORRECTION_NOTICE = TimeLimit("correction_notice", 7, "《条例》第三十条", "一次性告知补正")
#: 第三十二条: the third party answers within 15 working days of receiving the 征求意见书.
CONSULTATION = TimeLimit("consultation", 15, "《条例》第三十二条", "第三方提出意见")
#: 第三十四条: co-making bodies answer within 15 working days of receiving the 征求意见书.
CONSULTATION_OTHER_BODY = TimeLimit(
    "consultation_other_body", 15, "《条例》第三十四条", "其他机关提出意见"
)
#: 109号: payment within 20 working days from the day after the fee notice is received (§3;
#: the article number, probably 第七条, is UNCONFIRMED).
FEE_PAYMENT = TimeLimit("fee_payment", 20, FEE_MEASURES, "缴费期限（自收到收费通知次日起）")
#: 第三十条 leaves the correction period to the body (合理的补正期限); this is only the default
#: the body may change per case. UNCONFIRMED as any national figure.
CORRECTION_PERIOD_DEFAULT = TimeLimit(
    "correction_period", 15, "《条例》第三十条（期限由行政机关确定）", "补正期限（默认）"
)

TIME_LIMITS: tuple[TimeLimit, ...] = (
    REPLY,
    EXTENSION,
    CORRECTION_NOTICE,
    CONSULTATION,
    CONSULTATION_OTHER_BODY,
    FEE_PAYMENT,
    CORRECTION_PERIOD_DEFAULT,
)


@dataclass(frozen=True)
class ClockSettings:
    """The clock's choices where regulations.md marks the law UNCONFIRMED; defaults documented.

    * ``correction_period_workdays`` — default 补正期限 when a notice names none (第三十条 leaves
      it to the body).
    * ``fee_stops_clock`` — the reply period stops from the fee notice until payment (§3 (a),
      UNCONFIRMED; the reference believes 109号 excludes the interval). Default True.
    * ``cap_consultation_pause`` — a consultation pause excludes at most its 15-working-day
      answer window (第三十二条、第三十四条 set the window; 第三十三条第三款 excludes the time
      "所需"). Default True: after the window the body decides and the clock runs again.
    * ``receipt_day_counted`` — the day of receipt (and of the corrected application's
      receipt) counts as the first day. Default False: "自收到申请次日起算", the general
      procedural rule (《民事诉讼法》第八十五条) and common practice; §5 marks applying it to the
      条例 UNCONFIRMED as national guidance.
    """

    correction_period_workdays: int = CORRECTION_PERIOD_DEFAULT.workdays
    fee_stops_clock: bool = True
    cap_consultation_pause: bool = True
    receipt_day_counted: bool = False


DEFAULT_SETTINGS = ClockSettings()


@dataclass(frozen=True)
class PauseKind:
    """A reason the reply period stops (第三十三条第三款)."""

    label: str
    basis: str
    window: TimeLimit


PAUSE_KINDS: tuple[PauseKind, ...] = (
    PauseKind("第三方征求意见", "《条例》第三十二条、第三十三条第三款", CONSULTATION),
    PauseKind("其他机关征求意见", "《条例》第三十四条、第三十三条第三款", CONSULTATION_OTHER_BODY),
)


# ---------------------------------------------------------------------------------------------
# Outcomes: the leaf rows of table 三, section 三 (国办公开办函〔2021〕30号), keyed exactly as
# gongkai.report.formats keys them. The mapping of article to row is derived (regulations.md,
# "Implications") and not an official table.
# ---------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """One leaf category of 表三 三、本年度办理结果; the value is the report core's row key."""

    DISCLOSED = "3.1"
    PARTIALLY_DISCLOSED = "3.2"
    WITHHELD_STATE_SECRET = "3.3.1"
    WITHHELD_OTHER_LAW = "3.3.2"
    WITHHELD_SECURITY_STABILITY = "3.3.3"
    WITHHELD_THIRD_PARTY = "3.3.4"
    WITHHELD_INTERNAL_AFFAIRS = "3.3.5"
    WITHHELD_PROCESS_INFORMATION = "3.3.6"
    WITHHELD_ENFORCEMENT_FILE = "3.3.7"
    WITHHELD_ADMINISTRATIVE_QUERY = "3.3.8"
    UNAVAILABLE_NOT_HELD = "3.4.1"
    UNAVAILABLE_WOULD_NEED_CREATING = "3.4.2"
    UNAVAILABLE_STILL_UNCLEAR = "3.4.3"
    NOT_PROCESSED_PETITION = "3.5.1"
    NOT_PROCESSED_REPEAT = "3.5.2"
    NOT_PROCESSED_PUBLICATION = "3.5.3"
    NOT_PROCESSED_EXCESSIVE = "3.5.4"
    NOT_PROCESSED_CONFIRMATION = "3.5.5"
    OTHER_CORRECTION_LAPSED = "3.6.1"
    OTHER_FEE_UNPAID = "3.6.2"
    OTHER = "3.6.3"


@dataclass(frozen=True)
class OutcomeRule:
    key: str
    label: str  # e.g. "（二）部分公开", "（三）不予公开 1.属于国家秘密"
    basis: str  # the article(s)
    section: str  # "三（一）", "三（三）1", ...
    name: str = ""  # the row's core words, e.g. "属于国家秘密"
    note: str = ""  # caveats (e.g. an UNCONFIRMED mapping)


_S36 = "第三十六条第（三）项"
_BASES: dict[str, tuple[str, str]] = {
    "3.1": ("《条例》第三十六条第（一）项、第（二）项", ""),
    "3.2": ("《条例》第三十七条", "区分处理的，只计部分公开"),
    "3.3.1": (f"《条例》第十四条、{_S36}", ""),
    "3.3.2": (f"《条例》第十四条、{_S36}", ""),
    "3.3.3": (f"《条例》第十四条、{_S36}", ""),
    "3.3.4": (f"《条例》第十五条、第三十二条、{_S36}", ""),
    "3.3.5": (f"《条例》第十六条第一款、{_S36}", ""),
    "3.3.6": (f"《条例》第十六条第二款、{_S36}", ""),
    "3.3.7": (f"《条例》第十六条第二款、{_S36}", ""),
    "3.3.8": ("《条例》第三十六条第（七）项", "与第三十六条第（七）项的对应关系未经核实"),
    "3.4.1": ("《条例》第三十六条第（四）项、第（五）项", ""),
    "3.4.2": ("《条例》第三十八条", ""),
    "3.4.3": ("《条例》第三十条", ""),
    "3.5.1": ("《条例》第三十九条第一款", ""),
    "3.5.2": ("《条例》第三十六条第（六）项", ""),
    "3.5.3": ("《条例》第三十九条第二款", ""),
    "3.5.4": ("《条例》第三十五条", ""),
    "3.5.5": ("《条例》第三十八条", "条文依据未经核实，请按实际情形注明"),
    "3.6.1": ("《条例》第三十条", "视为放弃申请"),
    "3.6.2": (f"《条例》第四十二条、{FEE_MEASURES}", "视为放弃申请"),
    "3.6.3": ("按实际情形注明（如申请人撤回申请）", ""),
}
_GROUP_NUMERAL = {"3.3": "三", "3.4": "四", "3.5": "五", "3.6": "六"}


def _outcome_rules() -> tuple[OutcomeRule, ...]:
    rules = []
    for key in TEMPLATE_2021.result_keys:
        row = TEMPLATE_2021.application_row(key)
        basis, note = _BASES[key]
        if row.group == RESULTS_HEADING or row.group is None:
            numeral = row.label[1]  # "（一）予以公开" -> "一"
            section = f"三（{numeral}）"
            label = f"（{numeral}）{row.core}"
        else:
            numeral = _GROUP_NUMERAL[key.rsplit(".", 1)[0]]
            leaf = key.rsplit(".", 1)[1]
            section = f"三（{numeral}）{leaf}"
            label = f"{row.group} {row.label}"
        rules.append(OutcomeRule(key, label, basis, section, row.core, note))
    return tuple(rules)


#: Every leaf row of 表三 section 三 in report order (21 rows: 三（一）…三（六）3).
OUTCOMES: tuple[OutcomeRule, ...] = _outcome_rules()
_OUTCOMES_BY_KEY = {rule.key: rule for rule in OUTCOMES}


def outcome(key: str) -> OutcomeRule:
    """The rule for a row key ("3.2") or :class:`Outcome`; KeyError (Chinese) if unknown."""
    try:
        return _OUTCOMES_BY_KEY[str(key)]
    except KeyError:
        raise KeyError(f"未知的办理结果类别：{key}") from None


# ---------------------------------------------------------------------------------------------
# Applicants (表三's columns) and channels (第三十一条).
# ---------------------------------------------------------------------------------------------

#: 表三's six applicant columns (第二十七条: 公民、法人或者其他组织).
APPLICANT_KINDS: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)
#: Applicant kind -> the report core's table-三 column key.
APPLICANT_KIND_COLUMNS: dict[str, str] = dict(
    zip(
        APPLICANT_KINDS,
        (c.key for c in TEMPLATE_2021.application_columns[: len(APPLICANT_KINDS)]),
        strict=True,
    )
)


@dataclass(frozen=True)
class Channel:
    """A way an application arrives, with the 第三十一条 rule for its date of receipt."""

    key: str
    label: str
    receipt_rule: str
    basis: str
    #: The receipt date is a confirmation with the applicant, to be evidenced.
    needs_confirmation: bool


CHANNELS: tuple[Channel, ...] = (
    Channel(
        "online",
        "网上",
        "以双方确认之日为收到申请之日",
        "《条例》第三十一条第（三）项",
        True,
    ),
    Channel(
        "registered_mail",
        "信函（挂号/EMS）",
        "以行政机关签收之日为收到申请之日",
        "《条例》第三十一条第（二）项",
        False,
    ),
    Channel(
        "ordinary_mail",
        "信函（平信）",
        "政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日",
        "《条例》第三十一条第（二）项",
        True,
    ),
    Channel(
        "in_person",
        "当面",
        "以提交之日为收到申请之日",
        "《条例》第三十一条第（一）项",
        False,
    ),
    Channel(
        "fax",
        "传真",
        "以双方确认之日为收到申请之日",
        "《条例》第三十一条第（三）项",
        True,
    ),
    Channel(
        "email",
        "电子邮件",
        "以双方确认之日为收到申请之日（电子邮件属于互联网渠道）",
        "《条例》第三十一条第（三）项",
        True,
    ),
)
_CHANNELS_BY_KEY = {c.key: c for c in CHANNELS}


def channel(key: str) -> Channel:
    """The channel with ``key``; KeyError (Chinese) if unknown."""
    try:
        return _CHANNELS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"未知的申请渠道：{key}") from None
