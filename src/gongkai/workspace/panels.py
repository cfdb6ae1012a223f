"""The workspace's panels: placeholders that later issues fill."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    """One panel of a body's workspace page."""

    slug: str
    title: str
    summary: str


PANELS = (
    Panel("publications", "主动公开", "本机关主动公开的政府信息的登记、审核与发布。"),
    Panel("applications", "依申请公开", "政府信息公开申请的登记、办理、答复与期限提醒。"),
    Panel("cases", "复议诉讼", "因政府信息公开引起的行政复议和行政诉讼案件。"),
    Panel("annual-reports", "年度报告", "政府信息公开工作年度报告的编制、检查与发布。"),
)
