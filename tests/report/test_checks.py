"""The checks on reports built from hand-typed tables and prose."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gongkai.report.checks import BodyInfo, CheckConfig, check, check_pair, has_errors
from gongkai.report.model import Report, Section
from gongkai.report.readers.structured import report_from_canonical

ZERO7 = [0, 0, 0, 0, 0, 0, 0]
ROWS_2021 = [
    "1",
    "2",
    "3.1",
    "3.2",
    *(f"3.3.{i}" for i in range(1, 9)),
    "3.4.1",
    "3.4.2",
    "3.4.3",
    *(f"3.5.{i}" for i in range(1, 6)),
    "3.6.1",
    "3.6.2",
    "3.6.3",
    "3.7",
    "4",
]
TITLES = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
]


def canonical(**changes: Any) -> dict[str, Any]:
    """A valid 2021 report of 南郊镇: 6 received (5 natural persons, 1 firm), 1 carried in,
    answered 5 (3 disclosed, 1 partly, 1 not held), 2 carried over; one review upheld."""
    apps = {k: list(ZERO7) for k in ROWS_2021}
    apps["1"] = [5, 1, 0, 0, 0, 0, 6]
    apps["2"] = [1, 0, 0, 0, 0, 0, 1]
    apps["3.1"] = [2, 1, 0, 0, 0, 0, 3]
    apps["3.2"] = [1, 0, 0, 0, 0, 0, 1]
    apps["3.4.1"] = [1, 0, 0, 0, 0, 0, 1]
    apps["3.7"] = [4, 1, 0, 0, 0, 0, 5]
    apps["4"] = [2, 0, 0, 0, 0, 0, 2]
    data: dict[str, Any] = {
        "format": "gongkai.annual-report/1",
        "organ": "南郊镇",
        "year": 2021,
        "template": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 2, "repealed": 1, "in_force": 7},
            "licensing": 3,
            "punishment": 0,
            "coercion": 0,
            "fees": 1.25,
        },
        "applications": apps,
        "reviews_litigation": {
            "review": [1, 0, 0, 0, 1],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_review": [0, 0, 0, 0, 0],
        },
    }
    data.update(changes)
    return data


def build(
    data: dict[str, Any] | None = None, texts: dict[int, str] | None = None, preamble: str = ""
) -> Report:
    report = report_from_canonical(copy.deepcopy(data or canonical()))
    for number, title in enumerate(TITLES, start=1):
        numeral = "一二三四五六"[number - 1]
        report.sections[number] = Section(
            number, f"{numeral}、{title}", numeral, (texts or {}).get(number, ""), index=number
        )
    report.preamble = preamble
    return report


def rules(
    report: Report, config: CheckConfig | None = None
) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.row, f.column) for f in check(report, config)]


def test_a_valid_report_has_no_findings() -> None:
    assert check(build()) == []


def test_balance_per_column() -> None:
    data = canonical()
    data["applications"]["4"] = [3, 0, 0, 0, 0, 0, 3]  # carried over 3 instead of 2
    found = check(build(data))
    balance = [f for f in found if f.rule == "applications.balance"]
    assert [(f.column, f.severity) for f in balance] == [
        ("natural_person", "error"),
        ("total", "error"),
    ]
    assert balance[0].values == {"一": 5, "二": 1, "三（七）": 4, "四": 3}
    assert "5+1=6" in balance[0].message and "4+3=7" in balance[0].message


def test_results_total_and_row_total() -> None:
    data = canonical()
    data["applications"]["3.1"] = [2, 1, 0, 0, 0, 0, 4]  # 总计 4 but the row sums to 3
    assert rules(build(data)) == [
        ("applications.results-total", "3.7", "total"),
        ("applications.row-total", "3.1", "total"),
    ]


def test_review_group_total() -> None:
    data = canonical()
    data["reviews_litigation"]["litigation_direct"] = [1, 1, 0, 0, 1]
    found = check(build(data))
    assert [(f.rule, f.row, f.values) for f in found] == [
        ("reviews.group-total", "litigation_direct", {"sum": 2, "printed": 1})
    ]


def test_cells_negative_fractional_and_blank() -> None:
    data = canonical()
    data["applications"]["3.3.1"] = [-1, 0, 0, 0, 0, 0, -1]
    data["applications"]["3.3.2"] = [0.5, 0, 0, 0, 0, 0, 0.5]
    data["applications"]["3.3.3"] = [None, 0, 0, 0, 0, 0, 0]
    found = rules(build(data))
    assert ("cell.negative", "3.3.1", "natural_person") in found
    assert ("cell.negative", "3.3.1", "total") in found
    assert ("cell.not-integer", "3.3.2", "natural_person") in found
    assert ("cell.blank", "3.3.3", "natural_person") in found
    # Money may have decimals: fees 1.25 万元 is fine.
    assert not any(r[1] == "fees" for r in found)


def test_blank_operand_skips_the_sum() -> None:
    data = canonical()
    data["applications"]["1"] = [None, 1, 0, 0, 0, 0, 6]
    assert rules(build(data)) == [("cell.blank", "1", "natural_person")]


def test_missing_rows_and_tables() -> None:
    data = canonical()
    del data["reviews_litigation"]
    for key in ("3.6.3", "3.7", "4"):
        del data["applications"][key]
    report = build(data)
    del report.sections[4]
    found = check(report)
    assert [(f.rule, f.table, f.row) for f in found] == [
        ("structure.section-missing", None, None),
        ("structure.table-missing", "reviews_litigation", None),
        ("structure.rows-missing", "applications", "3.6.3"),
    ]
    assert found[2].values == {"rows": ["3.6.3", "3.7", "4"]}


def test_heading_numerals() -> None:
    report = build()
    report.sections[3] = Section(3, "收到和处理政府信息公开申请情况", None, "", index=3)
    report.sections[4] = Section(4, "4、政府信息公开行政复议、行政诉讼情况", "4", "", index=4)
    report.sections[5] = Section(5, "三、存在的主要问题及改进情况", "三", "", index=5)
    assert [(f.rule, f.severity) for f in check(report)] == [
        ("structure.heading-numeral-missing", "warning"),
        ("structure.heading-numeral-wrong", "warning"),
        ("structure.heading-numeral-style", "notice"),
    ]


def test_section_order() -> None:
    report = build()
    report.sections[5].index, report.sections[6].index = 6, 5
    assert rules(report) == [("structure.section-order", None, None)]


PROSE_OK = (
    "2021年，我镇共收到政府信息公开申请6件，上年结转1件，已按时答复5件，"
    "其中予以公开3件，部分公开1件，无法提供1件，2件结转至2022年继续办理。"
    "全年发生政府信息公开行政复议1件，未发生行政诉讼。"
)


def test_prose_that_agrees_with_the_tables() -> None:
    assert check(build(texts={1: PROSE_OK})) == []


def test_prose_mismatch_every_mention() -> None:
    text = PROSE_OK + "本年度共受理依申请公开8件。"
    found = check(build(texts={1: "一季度共受理依申请公开6件。", 3: text}))
    mismatches = [f for f in found if f.rule == "prose.number-mismatch"]
    assert [
        (f.row, f.values["stated"], f.values["table"], f.values["section"]) for f in mismatches
    ] == [("1", 8, 6, 3)]
    assert mismatches[0].severity == "error"


def test_prose_zero_claims_and_reviews() -> None:
    found = check(
        build(
            texts={
                1: "2021年，我镇没有收到依申请公开的申请。",
                4: "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
            }
        )
    )
    assert [(f.row, f.values["stated"], f.values["table"]) for f in found] == [
        ("1", 0, 6),
        ("review", 0, 1),
    ]


def test_prose_outcome_counts_and_chinese_numerals() -> None:
    found = check(build(texts={3: "收到政府信息公开申请六件，其中予以公开两件，不予公开1件。"}))
    assert [(f.row, f.values["stated"], f.values["table"]) for f in found] == [
        ("3.1", 2, 3),
        ("3.3.1", 1, 0),
    ]


def test_prose_about_other_applications_is_not_read() -> None:
    text = "全年受理低保申请120件，办结人大代表建议5件；司法所办理行政复议案件12件。"
    assert check(build(texts={1: text})) == []


def test_received_may_include_the_carry_over() -> None:
    assert check(build(texts={1: "共办理依申请公开申请7件（含上年结转1件）。"})) == []


def test_percentages_are_recomputed() -> None:
    good = "全年共计报送信息59篇，采用48条，总采用率达到81%以上。"
    bad = "全年共计报送信息59篇，采用40条，采用率为81%。"
    assert check(build(texts={1: good})) == []
    found = check(build(texts={1: bad}))
    assert [(f.rule, f.severity, f.values["computed"]) for f in found] == [
        ("prose.percentage", "warning", "67.8")
    ]


def test_proactive_count_stated_differently() -> None:
    text = "全年主动公开政府信息71条。……截至年底，累计主动公开政府信息80条。"
    assert rules(build(texts={1: text})) == [("prose.inconsistent", None, None)]


def test_regulations_without_power() -> None:
    data = canonical()
    data["proactive"]["regulations"] = {"issued": 1, "repealed": 0, "in_force": 1}
    for organ in ("南郊镇", "长通街道办事处", "南关区民政局", "洛龙区人民政府"):
        data["organ"] = organ
        assert rules(build(data)) == [
            ("plausibility.regulations-without-power", "regulations", "issued")
        ]
    for organ in ("长春市人民政府", "吉林省人民政府"):
        data["organ"] = organ
        assert check(build(data)) == []
    data["organ"] = "某某委员会"
    told = CheckConfig(body=BodyInfo(has_regulation_power=False))
    assert rules(build(data), told) == [
        ("plausibility.regulations-without-power", "regulations", "issued")
    ]


def test_title_year_against_the_period() -> None:
    preamble = "本报告数据统计期限为2020年1月1日至2020年12月31日止。"
    found = check(build(preamble=preamble))
    assert [(f.rule, f.values) for f in found] == [
        ("plausibility.year-mismatch", {"title_year": 2021, "period_year": 2020})
    ]


def test_another_body_named_in_the_text() -> None:
    text = "北郊镇人民政府高度重视政务公开工作。南郊镇人民政府按时发布年报。"
    found = check(build(texts={1: text}))
    assert [(f.rule, f.values["name"]) for f in found] == [
        ("plausibility.foreign-body", "北郊镇人民政府")
    ]
    data = canonical(organ="南关区民政局")
    found = check(build(data, texts={1: "朝阳区民政局认真落实……南关区民政局按时公开。"}))
    assert [(f.rule, f.values["name"]) for f in found] == [
        ("plausibility.foreign-body", "朝阳区民政局")
    ]


def test_severity_override_and_disable() -> None:
    data = canonical()
    data["applications"]["1"] = [None, 1, 0, 0, 0, 0, 6]
    report = build(data)
    assert has_errors(check(report))
    relaxed = check(report, CheckConfig(severity={"cell.blank": "warning"}))
    assert [(f.rule, f.severity) for f in relaxed] == [("cell.blank", "warning")]
    assert check(report, CheckConfig(disabled=frozenset({"cell.blank"}))) == []


def last_year(**changes: Any) -> dict[str, Any]:
    """2020: carried over one application of a natural person; 5 normative documents in force."""
    data = canonical(year=2020, **changes)
    data["applications"]["4"] = [1, 0, 0, 0, 0, 0, 1]
    data["proactive"]["normative_documents"]["in_force"] = 6
    return data


def test_carry_over_between_years() -> None:
    old = build(last_year())
    new_data = canonical()
    new_data["applications"]["2"] = [0, 1, 0, 0, 0, 0, 1]
    new = build(new_data)
    assert check_pair(old, build()) == []
    found = check_pair(old, new)
    assert [(f.rule, f.column, f.values["carried_out"], f.values["carried_in"]) for f in found] == [
        ("carryover.mismatch", "natural_person", 1, 0),
        ("carryover.mismatch", "business", 0, 1),
    ]


def test_in_force_continuity_is_a_warning() -> None:
    # 6 in force last year + 2 issued − 1 repealed = 7, as printed this year.
    assert check_pair(build(last_year()), build()) == []
    old_data = last_year()
    old_data["proactive"]["normative_documents"]["in_force"] = 5
    found = check_pair(build(old_data), build())
    assert [(f.rule, f.severity, f.values["expected"], f.values["printed"]) for f in found] == [
        ("carryover.in-force", "warning", 6, 7)
    ]


@pytest.mark.parametrize("year", [2019, 2020])
def test_2019_template_checks(year: int) -> None:
    apps = {k: list(ZERO7) for k in ROWS_2021 if not k.startswith("3.6.")}
    apps["3.6"] = [1, 0, 0, 0, 0, 0, 1]
    apps["1"] = [1, 0, 0, 0, 0, 0, 1]
    apps["3.7"] = [1, 0, 0, 0, 0, 0, 1]
    data = canonical(
        year=year,
        template="2019",
        applications=apps,
        proactive={
            "regulations": {"made": 0, "published": 0, "total_published": 0},
            "normative_documents": {"made": 1, "published": 1, "total_published": 9},
            "licensing": {"previous": 10, "change": -2, "decisions": 30},
            "other_services": {"previous": 3, "change": 1, "decisions": 4},
            "punishment": {"previous": 1, "change": 0, "decisions": 2},
            "coercion": {"previous": 0, "change": 0, "decisions": 0},
            "fees": {"previous": 2, "change": 0},
            "procurement": {"projects": 3, "amount": "12.5万元"},
        },
    )
    report = build(data)
    assert check(report) == []  # a negative 本年增/减 is allowed
    apps["3.7"] = [0, 0, 0, 0, 0, 0, 0]
    assert sorted((f.rule, f.column) for f in check(build(data))) == [
        ("applications.balance", "natural_person"),
        ("applications.balance", "total"),
        ("applications.results-total", "natural_person"),
        ("applications.results-total", "total"),
    ]


def test_2019_template_in_a_2021_report_is_outdated() -> None:
    data = canonical(year=2022, template="2019")
    del data["proactive"]
    report = build(data)
    assert "structure.template-outdated" in [f.rule for f in check(report)]


def test_prose_about_other_periods_is_not_read() -> None:
    text = (
        "自《条例》实施以来共受理依申请公开申请120件。"
        "2020年收到政府信息公开申请10件，2021年收到政府信息公开申请6件。"
    )
    assert check(build(texts={1: text})) == []


def test_combined_outcome_statements_are_not_read_as_one_row() -> None:
    text = "共受理政府信息公开申请6件，较去年回落12.3%；予以公开及部分公开4件，占66.7%。"
    assert check(build(texts={1: text})) == []
