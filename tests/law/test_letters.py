"""The wording of letters: every 表三 outcome has a reply, each letter cites its article, and the
remedy clause takes the body's names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from gongkai.law.letters import (
    REMEDY_DEFAULT,
    REPLY_TEXTS,
    LetterFacts,
    LetterKind,
    letter_compose,
    remedy_clause,
)
from gongkai.law.rules import OUTCOMES, OutcomeRule

FACTS = LetterFacts(
    body_name="乙镇人民政府",
    number="乙镇公开〔2026〕第3号",
    issued_on=date(2026, 3, 2),
    applicant_name="张三",
    request="道路维修工程的招标公告",
    received_on=date(2026, 2, 2),
    due_on=date(2026, 3, 16),
    review_body="甲县人民政府",
)


def test_every_leaf_outcome_has_a_reply_text() -> None:
    assert set(REPLY_TEXTS) == {rule.key for rule in OUTCOMES}


@pytest.mark.parametrize("rule", OUTCOMES, ids=lambda rule: rule.key)
def test_each_reply_cites_its_article_and_carries_the_remedy(rule: OutcomeRule) -> None:
    key = rule.key
    letter = letter_compose(LetterKind.REPLY, replace(FACTS, outcome=key))
    text = letter.text()
    assert rule.basis in text
    assert REPLY_TEXTS[key][1] in text and letter.title == REPLY_TEXTS[key][0]
    assert "本机关于2026年2月2日收到您提出的政府信息公开申请" in text
    assert "六十日内向甲县人民政府申请行政复议" in letter.remedy


def test_a_written_basis_replaces_the_default() -> None:
    facts = replace(FACTS, outcome="3.6.3", basis="《条例》第二十七条")
    assert "根据《条例》第二十七条的规定" in letter_compose("reply", facts).text()


def test_remedy_clause_slots_and_defaults() -> None:
    assert remedy_clause(REMEDY_DEFAULT, review_body="", court="") == (
        "如不服本答复，可以自收到本告知书之日起六十日内向上一级行政机关申请行政复议，"
        "或者在六个月内向有管辖权的人民法院提起行政诉讼。"
    )
    own = "对本告知书不服的，可向{复议机关}申请行政复议，或向{法院}提起行政诉讼。"
    assert remedy_clause(own, review_body="甲县人民政府", court="丁区人民法院") == (
        "对本告知书不服的，可向甲县人民政府申请行政复议，或向丁区人民法院提起行政诉讼。"
    )


def test_unknown_kind_or_outcome_is_a_chinese_key_error() -> None:
    with pytest.raises(KeyError, match="未知的文书类型"):
        letter_compose("memo", FACTS)
    with pytest.raises(KeyError, match="未知的办理结果类别"):
        letter_compose("reply", replace(FACTS, outcome="9.9"))


@pytest.mark.parametrize("kind", [kind.value for kind in LetterKind])
def test_every_letter_carries_the_application_number_under_its_number(kind: str) -> None:
    facts = replace(FACTS, application_number="2026-000012", outcome="3.1", third_party="丙公司")
    letter = letter_compose(kind, facts)
    assert letter.application_number == "2026-000012"
    lines = letter.text().splitlines()
    assert lines[1:3] == ["乙镇公开〔2026〕第3号", "申请编号：2026-000012"]
    without = letter_compose(kind, replace(facts, application_number=""))
    assert "申请编号" not in without.text()
