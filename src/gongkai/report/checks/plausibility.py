"""Plausibility: what the body may report at all, the year, and traces of another body's report."""

from __future__ import annotations

import re

from gongkai.report.checks.finding import Findings
from gongkai.report.checks.prose import texts_of
from gongkai.report.model import Cell
from gongkai.report.text import squash

#: Bodies below the 设区的市 level: 街道, 乡镇, and 区/县/旗 governments and their departments.
_TOWNSHIP_RE = re.compile(
    r"(街道办事处|街道办|街道|镇人民政府|乡人民政府|镇政府|乡政府|镇|乡|苏木)$"
)
_COUNTY_GOVERNMENT_RE = re.compile(r"(区|县|旗)(人民政府|政府)(办公室)?$")
_COUNTY_DEPARTMENT_RE = re.compile(
    r"(区|县|旗)(?P<dept>[^区县旗]{1,16}(局|委员会|委|办公室|办|中心|队|所|站|院|馆|署|处))$"
)
_PERIOD_RE = re.compile(r"统计期限?[^0-9。；]{0,12}((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
#: Full official names of 街道 and 乡镇 bodies: "和平街道办事处", "北郊镇人民政府".
_PEER_RE = re.compile(r"([\u4e00-\u9fa5]{2,5}?)(街道办事处|镇人民政府|乡人民政府)")
_PEER_HINT_RE = re.compile(r"街道办事处|镇人民政府|乡人民政府")
_DEPARTMENT_RE = re.compile(r"^(?P<place>.*?[区县旗市])(?P<dept>[^区县旗市]{2,12}(?:局|委员会))$")


def run(found: Findings) -> None:
    _regulations(found)
    _year(found)
    _foreign_body(found)


def regulation_power(found: Findings) -> tuple[bool | None, str]:
    """Whether the body may make 规章, and why we think so."""
    body = found.config.body
    if body and body.has_regulation_power is not None:
        return body.has_regulation_power, "机关信息"
    organ = squash(found.report.organ or "")
    if not organ:
        return None, ""
    if _TOWNSHIP_RE.search(organ):
        return False, "街道办事处和乡镇人民政府没有规章制定权"
    if _COUNTY_GOVERNMENT_RE.search(organ):
        return False, "区、县人民政府没有规章制定权"
    if _COUNTY_DEPARTMENT_RE.search(organ):
        return False, "区、县人民政府的工作部门没有规章制定权"
    return None, ""


def _regulations(found: Findings) -> None:
    report = found.report
    entry = (report.proactive or {}).get("regulations")
    if not isinstance(entry, dict):
        return
    power, why = regulation_power(found)
    if power is not False:
        return
    printed = {k: c.value for k, c in entry.items() if isinstance(c, Cell)}
    nonzero = {k: v for k, v in printed.items() if isinstance(v, int) and v > 0}
    if not nonzero:
        return
    first = next(iter(nonzero))
    found.add(
        "plausibility.regulations-without-power",
        f"“{report.organ}”填报了规章（"
        + "，".join(f"{_col(k)}{v}" for k, v in nonzero.items())
        + f"），但{why}；规章应为0，本机关制发的文件应填入“行政规范性文件”行",
        table="proactive",
        row="regulations",
        column=first,
        values={"organ": report.organ, **{k: v for k, v in nonzero.items()}},
        loc=entry[first].loc,
    )


def _col(key: str) -> str:
    return {
        "issued": "本年制发",
        "repealed": "本年废止",
        "in_force": "现行有效",
        "made": "本年新制作",
        "published": "本年新公开",
        "total_published": "对外公开总数",
    }.get(key, key)


def _year(found: Findings) -> None:
    report = found.report
    if report.year is None:
        return
    for _section, text in texts_of(report):
        for m in _PERIOD_RE.finditer(squash(text)):
            period = int(m.group(1))
            if period != report.year:
                found.add(
                    "plausibility.year-mismatch",
                    f"标题为{report.year}年度，正文统计期限却从{period}年1月1日开始",
                    values={"title_year": report.year, "period_year": period},
                )
                return


def _foreign_body(found: Findings) -> None:
    report = found.report
    organ = squash(report.organ or "")
    names: dict[str, str] = {}
    body = found.config.body
    for name in body.other_names if body else ():
        for _section, text in texts_of(report):
            if name and name in text and name not in organ:
                names.setdefault(name, name)
    own = _TOWNSHIP_RE.sub("", organ)[-2:]
    department = _DEPARTMENT_RE.match(organ)
    for _section, text in texts_of(report):
        compact = squash(text)
        if own and _TOWNSHIP_RE.search(organ) and _PEER_HINT_RE.search(compact):
            for m in _PEER_RE.finditer(compact):
                if own not in m.group(0):
                    names.setdefault(m.group(0), m.group(0))
        if department and department.group("dept") in compact:
            dept = re.escape(department.group("dept"))
            for m in re.finditer(r"([\u4e00-\u9fa5]{1,4}[区县旗])" + dept, compact):
                place, other = department.group("place"), m.group(1)
                if place[-3:] not in other and other not in place:
                    names.setdefault(m.group(0), m.group(0))
    for name in names:
        found.add(
            "plausibility.foreign-body",
            f"正文出现了其他机关的名称“{name}”，请核实是否套用了其他机关的报告",
            values={"name": name, "organ": report.organ},
        )
