"""Drafted prose: the seeds' figures as the seeds state them, zero cases, every figure printed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import valid_reports

from gongkai.report import read
from gongkai.report.checks import check
from gongkai.report.checks.prose import statements_of
from gongkai.report.draft import (
    SUB_PARTS,
    ApplicationFacts,
    BodyNotes,
    ChannelFacts,
    DraftError,
    FeeFacts,
    ProactiveFacts,
    ReviewFacts,
    application_facts,
    draft_section_one,
    draft_section_six,
    has_placeholders,
    review_facts,
)
from gongkai.report.model import Section

CASES = Path(__file__).parent.parent / "cases"

# 南郊镇2021年度政府信息公开工作年度报告 (seed 004), 一（一）, typed from the seed.
NANJIAO_CATEGORIES = (
    ("部门单位职能配置及内设机构", 1),
    ("专题会议和部门会议", 13),
    ("业务工作", 5),
    ("人大、政协代表建议提案", 4),
    ("财政信息", 4),
    ("重大建设项目批准和实施、环境保护等重点领域信息", 39),
    ("其他信息", 5),
)
NANJIAO = ProactiveFacts(
    total=71,
    by_category=NANJIAO_CATEGORIES,
    channels=[ChannelFacts(name="幸福南郊", kind="微信公众号", count=429)],
)
# 一（二）: 共接到依申请公开办件4件，按要求答复3件，1件转接至2022年答复.
NANJIAO_APPLICATIONS = ApplicationFacts(received=4, carried_in=0, answered=3, carried_over=1)


def _nanjiao() -> str:
    return draft_section_one(
        organ="南郊镇",
        year=2021,
        proactive=NANJIAO,
        applications=NANJIAO_APPLICATIONS,
        notes=BodyNotes(management="建立健全政府信息管理动态调整机制。"),
    )


def _seed(prefix: str) -> Path:
    return next(CASES.glob(f"seed-{prefix}_*")) / "input.txt"


def test_nanjiao_section_one_states_the_seed_figures() -> None:
    text = _nanjiao()
    assert "2021年，南郊镇通过政府信息公开专栏主动公开政府信息71条。" in text
    for label, count in NANJIAO_CATEGORIES:
        assert f"{label}{count}条" in text
    assert "“幸福南郊”发布信息429条" in text
    assert "收到政府信息公开申请4件" in text
    assert "答复3件" in text
    assert "1件结转下年度继续办理" in text
    assert "建立健全政府信息管理动态调整机制。" in text


def test_section_one_has_the_five_sub_parts_in_order() -> None:
    paragraphs = _nanjiao().split("\n\n")
    positions = [paragraphs.index(heading) for heading in SUB_PARTS]
    assert positions == sorted(positions)
    assert paragraphs[0] == "（一）主动公开"
    assert all(p.strip() == p and p for p in paragraphs)


def test_missing_notes_are_prompts_not_boilerplate() -> None:
    text = _nanjiao()
    assert has_placeholders(text)
    section_three = text.split("（三）政府信息管理")[1].split("（四）")[0]
    assert not has_placeholders(section_three)
    section_five = text.split("（五）监督保障")[1]
    assert has_placeholders(section_five)
    full = draft_section_one(
        organ="南郊镇",
        year=2021,
        proactive=NANJIAO,
        applications=NANJIAO_APPLICATIONS,
        notes=BodyNotes(management="甲。", platform="乙。", supervision="丙。"),
    )
    assert not has_placeholders(full)


def test_the_drafted_prose_agrees_with_the_seed_tables() -> None:
    """南郊镇's own tables, read by the core: the draft passes the prose checks."""
    report = read(_seed("004"))
    facts = application_facts(report)
    assert facts is not None
    # 表三 总计 column of seed 004: 一 4, 二 0, 三（七） 3, 四 1; 三（四）1 2, 三（五）1 1.
    assert (facts.received, facts.carried_in, facts.answered, facts.carried_over) == (4, 0, 3, 1)
    assert dict(facts.outcomes)["无法提供"] == 2
    assert dict(facts.outcomes)["不予处理"] == 1
    assert review_facts(report) == ReviewFacts(review=0, litigation=0)
    text = draft_section_one(
        organ="南郊镇",
        year=2021,
        proactive=NANJIAO,
        applications=facts,
        reviews=review_facts(report),
    )
    assert "无法提供2件" in text and "不予处理1件" in text
    assert "予以公开" not in text  # zero outcomes are left out
    report.sections[1] = Section(1, "一、总体情况", "一", text)
    findings = check(report)
    assert not [f for f in findings if f.rule.startswith("prose.")]
    # and a wrong figure is caught, so the check did read the draft
    report.sections[1] = Section(1, "一、总体情况", "一", text.replace("申请4件", "申请5件"))
    assert any(f.rule == "prose.number-mismatch" for f in check(report))
    report.sections[1] = Section(1, "一、总体情况", "一", text.replace("答复3件", "答复2件"))
    assert any(f.rule == "prose.number-mismatch" for f in check(report))


def test_minzhengju_figures() -> None:
    """南关区民政局 2021 (seed 003): 163条, “南关民政” 32条, no application."""
    text = draft_section_one(
        organ="南关区民政局",
        year=2021,
        proactive=ProactiveFacts(
            total=163,
            channels=[ChannelFacts(name="南关民政", kind="微信公众号", count=32)],
        ),
        applications=ApplicationFacts(received=0),
    )
    assert "主动公开政府信息163条" in text
    assert "微信公众号“南关民政”发布信息32条" in text
    assert "2021年，南关区民政局未收到政府信息公开申请。" in text


def test_zero_and_empty_facts_read_naturally() -> None:
    text = draft_section_one(
        organ="徐家营街道办事处",
        year=2021,
        proactive=ProactiveFacts(
            total=0,
            by_category=[("财政信息", 0)],
            channels=[ChannelFacts(name="", kind="政务公开栏", count=0)],
        ),
        applications=ApplicationFacts(received=0, outcomes=[("予以公开", 0)]),
        reviews=ReviewFacts(),
    )
    assert "未通过政府信息公开专栏主动公开政府信息" in text
    assert "政务公开栏本年度未发布信息" in text
    assert "未收到政府信息公开申请" in text
    assert "未发生因政府信息公开引起的行政复议、行政诉讼" in text
    for bad in ("0条", "0件", "（）", "其中，。", "，。", "。。", "财政信息", "予以公开"):
        assert bad not in text


def test_carried_in_without_new_applications() -> None:
    text = draft_section_one(
        organ="南郊镇",
        year=2022,
        proactive=ProactiveFacts(total=3),
        applications=ApplicationFacts(received=0, carried_in=1, answered=1),
    )
    assert "未收到新的政府信息公开申请，上年结转政府信息公开申请1件，已办结并答复1件" in text
    assert "全部办结" in text
    assert "结转下年度" not in text


def test_reviews_nonzero_and_zero_kept_apart() -> None:
    text = draft_section_one(
        organ="南关区人民政府",
        year=2021,
        proactive=ProactiveFacts(total=1),
        applications=ApplicationFacts(received=2, answered=2),
        reviews=ReviewFacts(review=0, litigation=1),
    )
    assert "行政诉讼1件。未发生因政府信息公开引起的行政复议。" in text


def test_section_six_fees() -> None:
    none = draft_section_six(organ="南郊镇", year=2021, fees=FeeFacts(Decimal(0), 0))
    assert none == "2021年，南郊镇依申请提供政府信息，未收取信息处理费。"
    charged = draft_section_six(
        organ="南郊镇",
        year=2021,
        fees=FeeFacts(Decimal("4700"), 2),
        other="（二）2021年，我镇承办区政协提案3件，均已按时办结。\n\n",
    )
    assert "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）" in charged
    assert "对2件政府信息公开申请收取信息处理费，共计4700元。" in charged
    assert charged.endswith("\n\n（二）2021年，我镇承办区政协提案3件，均已按时办结。")
    cents = draft_section_six(organ="甲", year=2021, fees=FeeFacts(Decimal("100.5"), 1))
    assert "共计100.50元" in cents
    # charged applications without an amount on record: a prompt, not a made-up figure
    unknown = draft_section_six(organ="甲", year=2021, fees=FeeFacts(Decimal(0), 2))
    assert "对2件政府信息公开申请收取信息处理费" in unknown
    assert has_placeholders(unknown) and "0元" not in unknown


def test_channel_kinds_read_naturally() -> None:
    text = draft_section_one(
        organ="甲",
        year=2021,
        proactive=ProactiveFacts(
            total=0,
            channels=[
                ChannelFacts(name="“甲发布”", kind="其他", count=2),
                ChannelFacts(name="幸福南郊微信公众号", kind="微信公众号", count=3),
                ChannelFacts(name="", kind="政府公报", count=4),
            ],
        ),
        applications=ApplicationFacts(received=0),
    )
    assert "通过“甲发布”发布信息2条" in text
    assert "通过“幸福南郊微信公众号”发布信息3条" in text
    assert "通过政府公报发布信息4条" in text
    assert "同时" not in text  # nothing on the 专栏 to add to


@pytest.mark.parametrize(
    "make",
    [
        lambda: FeeFacts(Decimal(-1), 0),
        lambda: ApplicationFacts(received=-1),
        lambda: ProactiveFacts(total=3, by_category=[("财政信息", 4)]),
        lambda: ProactiveFacts(total=1, by_category=[("财政信息", -2)]),
        lambda: ChannelFacts(name="幸福南郊", kind="微信公众号", count=-1),
    ],
)
def test_impossible_facts_are_refused(make: object) -> None:
    with pytest.raises(DraftError) as error:
        make()  # type: ignore[operator]
    assert not str(error.value).isascii()


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

LABELS = st.text(alphabet="财政信息会议规划重点领域建设项目其他工作动态", min_size=2, max_size=8)
COUNTS = st.integers(0, 5000)


@st.composite
def proactive_facts(draw: st.DrawFn) -> ProactiveFacts:
    categories = draw(st.lists(st.tuples(LABELS, COUNTS), max_size=6))
    return ProactiveFacts(
        total=sum(c for _, c in categories) + draw(COUNTS),
        by_category=categories,
        channels=draw(
            st.lists(
                st.builds(
                    ChannelFacts,
                    name=LABELS,
                    kind=st.sampled_from(("政府网站专栏", "政务新媒体", "公开栏", "政府公报", "")),
                    count=COUNTS,
                ),
                max_size=4,
            )
        ),
        interpretations=draw(COUNTS),
    )


@st.composite
def application_facts_(draw: st.DrawFn) -> ApplicationFacts:
    outcomes = draw(st.lists(st.tuples(LABELS, COUNTS), max_size=4))
    answered = sum(c for _, c in outcomes) + draw(COUNTS)
    carried_over = draw(COUNTS)
    carried_in = draw(st.integers(0, answered + carried_over))
    return ApplicationFacts(
        received=answered + carried_over - carried_in,
        carried_in=carried_in,
        answered=answered,
        carried_over=carried_over,
        outcomes=outcomes,
    )


def _stated(text: str, value: int, unit: str) -> bool:
    return re.search(rf"(?<![\d.]){value}{unit}", text) is not None


@given(
    proactive=proactive_facts(),
    applications=application_facts_(),
    review=st.integers(0, 20),
    litigation=st.integers(0, 20),
)
def test_every_nonzero_figure_is_stated(
    proactive: ProactiveFacts, applications: ApplicationFacts, review: int, litigation: int
) -> None:
    text = draft_section_one(
        organ="南郊镇",
        year=2021,
        proactive=proactive,
        applications=applications,
        reviews=ReviewFacts(review, litigation),
    )
    received, carried_in = applications.received, applications.carried_in
    answered, carried_over = applications.answered, applications.carried_over
    if proactive.total:
        assert _stated(text, proactive.total, "条")
    for label, count in proactive.by_category:
        if count:
            assert f"{label}{count}条" in text
    for channel in proactive.channels:
        if channel.count:
            assert _stated(text, channel.count, "条") and channel.name in text
    if proactive.interpretations:
        assert _stated(text, proactive.interpretations, "篇")
    for value in (received, carried_in, answered, review, litigation):
        if value:
            assert _stated(text, value, "件")
    if carried_over:
        assert f"{carried_over}件结转下年度继续办理" in text
    for label, count in applications.outcomes:
        if count:
            assert f"{label}{count}件" in text
    assert not re.search(r"(?<![\d.])0(?:条|件|篇)", text)
    assert "（）" not in text and "。。" not in text and "，，" not in text


@given(amount=st.decimals("0.01", 100000, places=2), count=st.integers(1, 50))
def test_fees_are_stated(amount: Decimal, count: int) -> None:
    text = draft_section_six(organ="南郊镇", year=2021, fees=FeeFacts(amount, count))
    if amount == 0:
        return
    assert f"对{count}件政府信息公开申请" in text
    figure = re.search(r"共计([\d.]+)元", text)
    assert figure is not None and Decimal(figure.group(1)) == amount


@given(report=valid_reports())
def test_drafts_from_a_reports_tables_pass_its_prose_checks(report: object) -> None:
    from gongkai.report.model import Report

    assert isinstance(report, Report)
    facts = application_facts(report)
    assert facts is not None
    text = draft_section_one(
        organ=report.organ or "",
        year=report.year or 2021,
        proactive=ProactiveFacts(total=12),
        applications=facts,
        reviews=review_facts(report),
    )
    report.preamble = ""
    for number in report.sections:
        report.sections[number].text = ""
    report.sections[1].text = text
    assert [f for f in check(report) if f.rule.startswith("prose.")] == []
    # the checks did read the figures (a sentence they skip would pass vacuously)
    read_back = {s.quantity: s.value for s in statements_of(report)}
    assert read_back.get("received") == facts.received
    if facts.answered:
        assert read_back.get("answered") == facts.answered
    if facts.carried_over:
        assert read_back.get("carried") == facts.carried_over


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_drafted_sections_survive_writers_and_readers(fmt: str) -> None:
    """The sub-part headings stay inside section 一; paragraphs come back one per line."""
    from gongkai.report import render

    report = read(_seed("004"))
    facts = application_facts(report)
    assert facts is not None
    one = draft_section_one(
        organ="南郊镇",
        year=2021,
        proactive=NANJIAO,
        applications=facts,
        reviews=review_facts(report),
        notes=BodyNotes(management="甲。", platform="乙。", supervision="丙。"),
    )
    six = draft_section_six(organ="南郊镇", year=2021, fees=FeeFacts(Decimal(0), 0))
    report.sections[1] = Section(1, "一、总体情况", "一", one)
    report.sections[6] = Section(6, "六、其他需要报告的事项", "六", six)
    data = render(report, fmt)
    back = read(data if isinstance(data, bytes) else data.encode())
    assert sorted(back.sections) == [1, 2, 3, 4, 5, 6]
    assert back.sections[1].text.splitlines() == one.split("\n\n")
    assert back.sections[6].text == six
    assert back.to_canonical() == report.to_canonical()
    assert check(back) == []
