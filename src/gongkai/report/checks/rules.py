"""Every check's stable id, default severity, Chinese title and basis — the catalogue.

Severities: ``error`` — the report is wrong and must be corrected; ``warning`` — probably
wrong or non-conforming, a person should look; ``notice`` — a deviation worth knowing.
A :class:`~gongkai.report.checks.CheckConfig` may override any default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    basis: str


_FORMAT = "国办公开办函〔2021〕30号（2019年格式：国办公开办函〔2019〕60号）"
_SUMMARY = "《条例》第四十九条：本级人民政府年度报告汇总本级政府及其部门的政府信息公开工作"

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # 表三 and 表四 arithmetic
        Rule(
            "applications.balance",
            "error",
            "表三勾稽关系：第一项加第二项之和，等于第三项加第四项之和（每一列）",
            f"{_FORMAT} 表三左上角注明的勾稽关系",
        ),
        Rule(
            "applications.results-total",
            "error",
            "表三“（七）总计”等于各项办理结果之和（每一列）",
            f"{_FORMAT} 表三“三、本年度办理结果”的分项与总计",
        ),
        Rule(
            "applications.row-total",
            "error",
            "表三“总计”列等于自然人和五类法人或其他组织之和（每一行）",
            f"{_FORMAT} 表三“申请人情况”与“总计”列",
        ),
        Rule(
            "reviews.group-total",
            "error",
            "表四每组“总计”等于结果维持、结果纠正、其他结果、尚未审结之和",
            f"{_FORMAT} 表四",
        ),
        # cells
        Rule(
            "cell.blank",
            "error",
            "统计表单元格为空白（空白不等于0）",
            f"{_FORMAT} 各统计表须逐项填写",
        ),
        Rule("cell.unreadable", "error", "统计表单元格不是数字", f"{_FORMAT} 各统计表"),
        Rule("cell.negative", "error", "数量或金额为负数", f"{_FORMAT} 各统计表"),
        Rule("cell.not-integer", "error", "件数不是整数（只有收费金额可以有小数）", f"{_FORMAT}"),
        # structure
        Rule(
            "structure.section-missing",
            "error",
            "缺少规定的章节",
            "《条例》第五十条；" + _FORMAT + " 规定的六个部分",
        ),
        Rule("structure.section-order", "warning", "章节顺序与规定格式不一致", _FORMAT),
        Rule(
            "structure.heading-numeral-missing", "warning", "章节标题缺少序号（如“三、”）", _FORMAT
        ),
        Rule(
            "structure.heading-numeral-style", "notice", "章节序号未使用“一、二、三”格式", _FORMAT
        ),
        Rule("structure.heading-numeral-wrong", "warning", "章节序号与章节内容不对应", _FORMAT),
        Rule("structure.table-missing", "error", "缺少规定的统计表", _FORMAT),
        Rule("structure.rows-missing", "error", "统计表缺少规定的行", _FORMAT),
        Rule("structure.row-short", "error", "统计表某行的单元格少于规定的列数", _FORMAT),
        Rule("structure.row-extra", "warning", "统计表某行的单元格多于规定的列数", _FORMAT),
        Rule("structure.row-duplicate", "warning", "统计表某行重复出现", _FORMAT),
        Rule("structure.title-missing", "warning", "未找到报告标题", _FORMAT),
        Rule("structure.year-missing", "error", "无法确定报告年度", "《条例》第四十九条、第五十条"),
        Rule(
            "structure.template-outdated",
            "warning",
            "2021年及以后的年度报告应使用2021年格式",
            "国办公开办函〔2021〕30号",
        ),
        # prose against tables
        Rule(
            "prose.number-mismatch",
            "error",
            "正文所述数字与统计表不一致",
            "《条例》第五十条；年度报告正文与统计表应一致",
        ),
        Rule("prose.percentage", "warning", "正文中的百分比与其所依据的数字不符", "正文自洽"),
        Rule("prose.inconsistent", "warning", "正文多处提到同一数字但说法不一", "正文自洽"),
        # plausibility
        Rule(
            "plausibility.regulations-without-power",
            "error",
            "没有规章制定权的机关填报了规章",
            "《立法法》第九十三条：规章由省、自治区、直辖市和设区的市、自治州的人民政府制定",
        ),
        Rule(
            "plausibility.year-mismatch",
            "error",
            "标题年度与统计期限不一致",
            "《条例》第五十条；统计期限为报告年度1月1日至12月31日",
        ),
        Rule(
            "plausibility.foreign-body",
            "warning",
            "正文出现其他机关的名称，可能套用了其他机关的报告",
            "国办公开办函〔2021〕30号：年度报告内容雷同的，依法追究责任",
        ),
        # across years
        Rule(
            "carryover.mismatch",
            "error",
            "本年“上年结转”不等于上一年度报告的“结转下年度继续办理”",
            f"{_FORMAT} 表三第二项与上年第四项",
        ),
        Rule(
            "carryover.in-force",
            "warning",
            "现行有效件数与上年现行有效件数、本年制发件数和废止件数不衔接",
            "现行有效件数(本年) = 现行有效件数(上年) + 本年制发 − 本年废止（经验规则，非官方）",
        ),
        Rule("carryover.organ", "warning", "两份报告的机关名称不同", "跨年度比对应为同一机关"),
        # the 本级政府 summary against its parts
        Rule(
            "summary.cell-mismatch",
            "error",
            "汇总报告的统计数不等于各机关报告之和",
            _SUMMARY,
        ),
        Rule("summary.row-missing", "error", "汇总报告缺少规定的统计表或行", _SUMMARY),
        Rule("summary.part-missing", "warning", "应汇总的机关没有年度报告", _SUMMARY),
        Rule("summary.part-year", "warning", "被汇总的报告不是汇总年度的，未计入", _SUMMARY),
        Rule("summary.part-duplicate", "warning", "同一机关有多份报告，只汇总了第一份", _SUMMARY),
        Rule(
            "summary.part-template",
            "notice",
            "被汇总的报告使用另一种格式，其表二未计入汇总",
            f"{_SUMMARY}；{_FORMAT}",
        ),
        Rule(
            "summary.part-blank",
            "notice",
            "被汇总的报告有空白单元格或缺行，汇总时按0计",
            f"{_SUMMARY}；空白不等于0，须由报送机关补正",
        ),
    )
}
