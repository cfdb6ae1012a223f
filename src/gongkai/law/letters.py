"""The wording of 依申请公开 letters as data, each with the articles it cites (no Django).

Five kinds: the 答复告知书 (one text per leaf row of 表三, 第三十六至三十九条), the 补正告知书
(第三十条), the 延期答复告知书 (第三十三条第二款), the 征求第三方意见函 (第三十二条) and the
收费通知书 (第四十二条, 国办函〔2020〕109号). :func:`letter_compose` turns one kind and the facts
of a case into a :class:`Letter` — a title, paragraphs and the remedy clause — which the web app
writes as DOCX and PDF.

No national template set exists (regulations.md §4.1, UNCONFIRMED); the texts follow the structure
of the common local ones: an opening giving the date of receipt and the request, the decision with
its legal basis, the remedy clause (行政复议 within 60 days, 行政诉讼 within 6 months — wording an
editable per-body setting, :data:`REMEDY_DEFAULT`), the body and the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.law.rules import CONSULTATION, CORRECTION_NOTICE, EXTENSION, FEE_MEASURES, outcome

__all__ = [
    "COURT_DEFAULT",
    "LETTER_KINDS",
    "REMEDY_DEFAULT",
    "REPLY_TEXTS",
    "Letter",
    "LetterFacts",
    "LetterKind",
    "LetterSpec",
    "cn_date",
    "fee_calculation_text",
    "letter_compose",
    "letter_spec",
    "remedy_clause",
]

#: Placeholders of the remedy clause, replaced by the body's settings.
REVIEW_BODY_SLOT = "{复议机关}"
COURT_SLOT = "{法院}"
#: The default remedy clause (《行政复议法》《行政诉讼法》; the 复议机关 rule is UNCONFIRMED,
#: regulations.md §1.6 — each body names its own).
REMEDY_DEFAULT = (
    "如不服本答复，可以自收到本告知书之日起六十日内向{复议机关}申请行政复议，"
    "或者在六个月内向{法院}提起行政诉讼。"
)
#: The court named when a body has not entered one.
COURT_DEFAULT = "有管辖权的人民法院"
#: The 复议机关 named when a body has neither entered one nor has a parent body.
REVIEW_BODY_FALLBACK = "上一级行政机关"


class LetterKind(StrEnum):
    """The kinds of letter a case can produce."""

    REPLY = "reply"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"
    FEE = "fee"


@dataclass(frozen=True)
class LetterSpec:
    """One kind of letter: its name, the articles it rests on, whether it carries the remedy."""

    kind: LetterKind
    name: str
    basis: str
    #: Addressed to the applicant (and so names them and carries the remedy clause); the
    #: 征求第三方意见函 goes to the third party and names neither.
    to_applicant: bool


LETTER_KINDS: tuple[LetterSpec, ...] = (
    LetterSpec(LetterKind.REPLY, "答复告知书", "《条例》第三十六条至第三十九条", True),
    LetterSpec(LetterKind.CORRECTION, "补正告知书", CORRECTION_NOTICE.basis, True),
    LetterSpec(LetterKind.EXTENSION, "延期答复告知书", EXTENSION.basis, True),
    LetterSpec(LetterKind.CONSULTATION, "征求第三方意见函", CONSULTATION.basis, False),
    LetterSpec(LetterKind.FEE, "收费通知书", f"《条例》第四十二条、{FEE_MEASURES}", True),
)
_SPECS = {spec.kind: spec for spec in LETTER_KINDS}


def letter_spec(kind: str) -> LetterSpec:
    """The spec of ``kind``; KeyError (Chinese) if unknown."""
    try:
        return _SPECS[LetterKind(kind)]
    except ValueError:
        raise KeyError(f"未知的文书类型：{kind}") from None


#: The reply for each leaf row of 表三: (the letter's title, the decision). The articles come from
#: ``gongkai.law.rules.outcome(key).basis`` (or the basis the handler wrote).
REPLY_TEXTS: dict[str, tuple[str, str]] = {
    "3.1": (
        "政府信息公开告知书",
        "您申请获取的政府信息属于公开范围，本机关予以公开，"
        "现按照您要求的形式提供，或者告知您获取该政府信息的方式、途径和时间。",
    ),
    "3.2": (
        "政府信息部分公开告知书",
        "您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理，"
        "本机关向您提供可以公开的部分，并对不予公开的部分说明理由。",
    ),
    "3.3.1": ("政府信息不予公开告知书", "您申请获取的政府信息属于国家秘密，依法不予公开。"),
    "3.3.2": (
        "政府信息不予公开告知书",
        "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。",
    ),
    "3.3.3": (
        "政府信息不予公开告知书",
        "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
    ),
    "3.3.4": (
        "政府信息不予公开告知书",
        "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
        "本机关不予公开。",
    ),
    "3.3.5": (
        "政府信息不予公开告知书",
        "您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，依法可以不予公开。",
    ),
    "3.3.6": (
        "政府信息不予公开告知书",
        "您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
        "磋商信函、请示报告等过程性信息，依法可以不予公开。",
    ),
    "3.3.7": (
        "政府信息不予公开告知书",
        "您申请获取的信息属于行政执法案卷信息，依法可以不予公开。",
    ),
    "3.3.8": (
        "政府信息公开申请告知书",
        "您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的"
        "情形，请依照有关法律、行政法规的规定办理。",
    ),
    "3.4.1": (
        "政府信息不存在告知书",
        "经检索查找，本机关未制作或者获取您申请的政府信息，该政府信息不存在；"
        "能够确定负责公开该政府信息的行政机关的，本机关另行告知其名称、联系方式。",
    ),
    "3.4.2": (
        "政府信息公开申请告知书",
        "您申请获取的信息需要本机关对现有政府信息进行加工、分析后方能形成，本机关不予提供。",
    ),
    "3.4.3": (
        "政府信息公开申请告知书",
        "本机关已告知您补正，补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。",
    ),
    "3.5.1": (
        "不予处理告知书",
        "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请"
        "处理，您可以通过相应的渠道提出。",
    ),
    "3.5.2": (
        "不予处理告知书",
        "您此前已就同一政府信息向本机关提出公开申请，本机关已依法作出答复，现不予重复处理。",
    ),
    "3.5.3": (
        "不予处理告知书",
        "您申请获取的是政府公报、报刊、书籍等公开出版物，请通过相应的出版发行渠道获取。",
    ),
    "3.5.4": (
        "不予处理告知书",
        "您申请的数量、频次明显超过合理范围，经要求说明理由，所说明的理由不合理，本机关不予处理。",
    ),
    "3.5.5": (
        "不予处理告知书",
        "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，"
        "本机关不予处理。",
    ),
    "3.6.1": (
        "政府信息公开申请告知书",
        "本机关已一次性告知您补正申请内容，您在补正期限内无正当理由未予补正，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
    ),
    "3.6.2": (
        "政府信息公开申请告知书",
        "本机关已向您发出收费通知，您未在规定期限内缴纳信息处理费，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
    ),
    "3.6.3": ("政府信息公开申请告知书", "本机关对您的申请处理如下。"),
}


@dataclass(frozen=True)
class LetterFacts:
    """What a letter says about its case; dates from the case's ledger."""

    body_name: str
    number: str
    issued_on: date
    applicant_name: str
    request: str
    #: The case's 申请编号 (``2026-000012``), printed under the 文号.
    application_number: str = ""
    received_on: date | None = None
    due_on: date | None = None
    outcome: str = ""
    basis: str = ""
    reply_text: str = ""
    correction_items: str = ""
    correction_due: date | None = None
    extension_workdays: int = 0
    extension_reason: str = ""
    fee_amount: int = 0
    fee_payment_workdays: int = 20
    #: 按件计收 or 按量计收, and the arithmetic (``gongkai.law.fees.FeeQuote.lines``).
    fee_method: str = ""
    fee_lines: tuple[str, ...] = ()
    third_party: str = ""
    consultation_workdays: int = CONSULTATION.workdays
    remedy_template: str = REMEDY_DEFAULT
    review_body: str = REVIEW_BODY_FALLBACK
    court: str = COURT_DEFAULT


@dataclass(frozen=True)
class Letter:
    """A composed letter, ready to be laid out."""

    kind: LetterKind
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    remedy: str
    citations: tuple[str, ...]
    body_name: str
    issued_on: date
    application_number: str = ""

    @property
    def date_text(self) -> str:
        return cn_date(self.issued_on)

    @property
    def application_number_text(self) -> str:
        """``申请编号：2026-000012`` (empty without a number)."""
        return f"申请编号：{self.application_number}" if self.application_number else ""

    def text(self) -> str:
        """The letter as plain text (for tests and previews)."""
        lines = [self.title, self.number]
        if self.application_number:
            lines.append(self.application_number_text)
        lines.append(f"{self.addressee}：")
        lines += list(self.paragraphs)
        if self.remedy:
            lines.append(self.remedy)
        lines += [self.body_name, self.date_text]
        return "\n".join(lines)


def cn_date(day: date | None) -> str:
    """``2026年3月2日`` (the form official documents use); empty for ``None``."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def remedy_clause(template: str, *, review_body: str, court: str) -> str:
    """The remedy clause with the body's 复议机关 and court in their slots."""
    text = (template or REMEDY_DEFAULT).strip()
    return text.replace(REVIEW_BODY_SLOT, review_body or REVIEW_BODY_FALLBACK).replace(
        COURT_SLOT, court or COURT_DEFAULT
    )


def _opening(facts: LetterFacts) -> str:
    received = cn_date(facts.received_on) or "此前"
    return (
        f"本机关于{received}收到您提出的政府信息公开申请，"
        f"申请获取“{facts.request.strip()}”的政府信息。"
    )


def _reply(facts: LetterFacts) -> tuple[str, list[str], list[str]]:
    rule = outcome(facts.outcome)
    title, decision = REPLY_TEXTS[rule.key]
    basis = facts.basis.strip() or rule.basis
    paragraphs = [
        _opening(facts) + "经审查，现答复如下：",
        decision,
    ]
    if facts.reply_text.strip():
        paragraphs += [line.strip() for line in facts.reply_text.splitlines() if line.strip()]
    paragraphs.append(f"根据{basis}的规定，特此告知。")
    return title, paragraphs, [basis]


def _correction(facts: LetterFacts) -> tuple[str, list[str], list[str]]:
    basis = CORRECTION_NOTICE.basis
    due = cn_date(facts.correction_due) or "补正期限届满"
    paragraphs = [
        _opening(facts) + "经审查，您的申请内容不明确，根据"
        f"{basis}的规定，现一次性告知您对申请作出补正，需补正的事项如下：",
        *[line.strip() for line in facts.correction_items.splitlines() if line.strip()],
        f"请于{due}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return "补正告知书", paragraphs, [basis]


def _extension(facts: LetterFacts) -> tuple[str, list[str], list[str]]:
    basis = EXTENSION.basis
    reason = facts.extension_reason.strip().rstrip("。") or "情况复杂"
    paragraphs = [
        _opening(facts) + f"因{reason}，本机关不能在规定期限内作出答复。"
        f"经本机关政府信息公开工作机构负责人同意，根据{basis}的规定，答复期限延长{facts.extension_workdays}个工作日，"
        f"本机关将于{cn_date(facts.due_on) or '延长后的期限内'}前作出答复。",
        "特此告知。",
    ]
    return "延期答复告知书", paragraphs, [basis]


def _consultation(facts: LetterFacts) -> tuple[str, list[str], list[str]]:
    basis = "《条例》第十五条、第三十二条"
    paragraphs = [
        f"本机关收到一份政府信息公开申请，申请获取“{facts.request.strip()}”的政府信息。"
        "经审查，该政府信息的公开可能损害贵方合法权益。根据"
        f"{basis}的规定，现书面征求贵方意见。",
        f"请贵方自收到本函之日起{facts.consultation_workdays}个工作日内，"
        "就是否同意公开该政府信息书面提出意见；不同意公开的，请说明理由。"
        "逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。",
        "特此函告。",
    ]
    return "征求第三方意见函", paragraphs, [basis]


def fee_calculation_text(facts: LetterFacts) -> str:
    """The fee's arithmetic as one sentence (empty when the facts carry none)."""
    if not facts.fee_lines:
        return ""
    return f"收费计算方式为{facts.fee_method}：" + "；".join(facts.fee_lines) + "。"


def _fee(facts: LetterFacts) -> tuple[str, list[str], list[str]]:
    basis = f"《条例》第四十二条和{FEE_MEASURES}"
    paragraphs = [
        _opening(facts) + "经审查，您申请的数量、频次明显超过合理范围，根据"
        f"{basis}的规定，本机关依法收取信息处理费人民币{facts.fee_amount}元。",
        *([fee_calculation_text(facts)] if facts.fee_lines else []),
        f"请您自收到本通知书次日起{facts.fee_payment_workdays}个工作日内缴纳。"
        "本机关自收到费用之日起继续计算答复期限；"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "特此通知。",
    ]
    return "收费通知书", paragraphs, [basis]


_COMPOSERS = {
    LetterKind.REPLY: _reply,
    LetterKind.CORRECTION: _correction,
    LetterKind.EXTENSION: _extension,
    LetterKind.CONSULTATION: _consultation,
    LetterKind.FEE: _fee,
}


def letter_compose(kind: str, facts: LetterFacts) -> Letter:
    """The letter of ``kind`` for ``facts``; KeyError (Chinese) for an unknown kind or outcome."""
    spec = letter_spec(kind)
    title, paragraphs, citations = _COMPOSERS[spec.kind](facts)
    remedy = ""
    if spec.to_applicant:
        remedy = remedy_clause(
            facts.remedy_template, review_body=facts.review_body, court=facts.court
        )
    return Letter(
        kind=spec.kind,
        title=title,
        number=facts.number,
        addressee=facts.applicant_name if spec.to_applicant else (facts.third_party or "第三方"),
        paragraphs=tuple(paragraphs),
        remedy=remedy,
        citations=tuple(citations),
        body_name=facts.body_name,
        issued_on=facts.issued_on,
        application_number=facts.application_number,
    )
