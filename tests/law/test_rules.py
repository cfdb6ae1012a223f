"""The law as data: time limits, outcomes keyed like the report core, applicant kinds, channels."""

from __future__ import annotations

import pytest

from gongkai.law.rules import (
    APPLICANT_KIND_COLUMNS,
    APPLICANT_KINDS,
    CHANNELS,
    CONSULTATION,
    CORRECTION_NOTICE,
    EXTENSION,
    FEE_PAYMENT,
    OUTCOMES,
    REPLY,
    Outcome,
    channel,
    outcome,
)
from gongkai.report.formats import TEMPLATE_2021


def test_time_limits_and_their_articles() -> None:
    assert (REPLY.workdays, REPLY.basis) == (20, "《条例》第三十三条第二款")
    assert (EXTENSION.workdays, EXTENSION.basis) == (20, "《条例》第三十三条第二款")
    assert (CORRECTION_NOTICE.workdays, CORRECTION_NOTICE.basis) == (7, "《条例》第三十条")
    assert (CONSULTATION.workdays, CONSULTATION.basis) == (15, "《条例》第三十二条")
    assert FEE_PAYMENT.workdays == 20 and "国办函〔2020〕109号" in FEE_PAYMENT.basis


def test_outcomes_are_exactly_the_leaf_rows_of_table_3() -> None:
    assert [rule.key for rule in OUTCOMES] == list(TEMPLATE_2021.result_keys)
    # 2 + 8 (不予公开) + 3 (无法提供) + 5 (不予处理) + 3 (其他处理) = 21 leaf rows (rows 3–23).
    assert len(OUTCOMES) == 21
    assert [rule.key for rule in OUTCOMES] == [member.value for member in Outcome]
    assert all(rule.basis for rule in OUTCOMES)


@pytest.mark.parametrize(
    ("key", "section", "label", "basis"),
    [
        ("3.1", "三（一）", "（一）予以公开", "《条例》第三十六条第（一）项、第（二）项"),
        ("3.2", "三（二）", "（二）部分公开", "《条例》第三十七条"),
        (
            "3.3.4",
            "三（三）4",
            "（三）不予公开 4.保护第三方合法权益",
            "《条例》第十五条、第三十二条、第三十六条第（三）项",
        ),
        ("3.4.1", "三（四）1", "（四）无法提供 1.本机关不掌握相关政府信息", None),
        ("3.5.1", "三（五）1", "（五）不予处理 1.信访举报投诉类申请", "《条例》第三十九条第一款"),
        ("3.6.1", "三（六）1", None, "《条例》第三十条"),
        ("3.6.3", "三（六）3", "（六）其他处理 3.其他", None),
    ],
)
def test_outcome_rules(key: str, section: str, label: str | None, basis: str | None) -> None:
    rule = outcome(key)
    assert rule.section == section
    if label is not None:
        assert rule.label == label
    if basis is not None:
        assert rule.basis == basis
    assert outcome(Outcome(key)) == rule


def test_unknown_outcome_key() -> None:
    with pytest.raises(KeyError, match="未知的办理结果类别"):
        outcome("3.6")


def test_applicant_kinds_are_the_table_columns() -> None:
    assert APPLICANT_KINDS == (
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    )
    columns = TEMPLATE_2021.application_columns
    assert list(APPLICANT_KIND_COLUMNS.values()) == [c.key for c in columns[:6]]
    assert [c.label for c in columns[:6]] == list(APPLICANT_KINDS)


def test_channels_carry_the_receipt_rule_of_article_31() -> None:
    assert [c.label for c in CHANNELS] == [
        "网上",
        "信函（挂号/EMS）",
        "信函（平信）",
        "当面",
        "传真",
        "电子邮件",
    ]
    assert all(c.basis.startswith("《条例》第三十一条") for c in CHANNELS)
    assert channel("registered_mail").receipt_rule == "以行政机关签收之日为收到申请之日"
    assert channel("ordinary_mail").needs_confirmation
    assert not channel("in_person").needs_confirmation
    with pytest.raises(KeyError, match="未知的申请渠道"):
        channel("pigeon")
