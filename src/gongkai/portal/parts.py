"""The standard parts of a body's 政府信息公开专栏, as data (later issues fill each part)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One part of the 专栏: its URL slug, title, and what it holds under the 条例."""

    slug: str
    title: str
    summary: str


PARTS = (
    Part(
        "guide",
        "信息公开指南",
        "政府信息的分类、编排体系、获取方式，政府信息公开工作机构的名称、办公地址、"
        "办公时间、联系电话、传真号码、互联网联系方式等（《条例》第十二条）。",
    ),
    Part(
        "rules",
        "信息公开制度",
        "本机关政府信息公开审查、发布、协调等工作制度（《条例》第八条、第十七条）。",
    ),
    Part(
        "proactive",
        "法定主动公开内容",
        "机关职能、规范性文件、规划计划、行政许可和行政处罚、预算决算等应当主动公开的政府信息"
        "（《条例》第十九条、第二十条）。",
    ),
    Part(
        "on-request",
        "依申请公开",
        "向本机关申请获取政府信息的方式、申请表和办理流程（《条例》第二十七条至第三十三条）。",
    ),
    Part(
        "annual-reports",
        "政府信息公开年报",
        "本机关每年1月31日前公布的上一年度政府信息公开工作年度报告（《条例》第四十九条、第五十条）。",
    ),
)

PARTS_BY_SLUG = {part.slug: part for part in PARTS}
