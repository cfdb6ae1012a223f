"""Table 二 (主动公开政府信息情况) computed from the ledgers, for one body or many.

For reporting year Y and each register (规章, 行政规范性文件):

* 本年制发件数 (``issued``): documents whose 制发日期 falls in Y;
* 本年废止件数 (``repealed``): documents whose 废止日期 falls in Y;
* 现行有效件数 (``in_force``): documents issued on or before 31 December Y and not repealed on or
  before it. A 修改 changes none of the three.

行政许可 / 行政处罚 / 行政强制 are the sums of the monthly counts of Y; 行政事业性收费 the sum of
the monthly amounts of Y in 万元 (a JSON number, an integer when it has no fractional part).

The 2019 format (reports on 2019 and 2020) asks for other columns. From the registers:
本年新制作数量 (``made``) = 本年新公开数量 (``published``) = documents issued in Y (a registered
document is a published one until the registers link to publications); 对外公开总数量
(``total_published``) = documents issued on or before 31 December Y, repealed ones included (they
were published). 处理决定数量 (``decisions``) from the counts. 上一年项目数量 / 本年增/减 (item
catalogues), 其他对外管理服务事项 and 政府集中采购 are not recorded: they are 0.

Three aggregate queries whatever the number of bodies or records.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from gongkai.ledgers.models import (
    DecisionCount,
    DecisionKind,
    DocumentKind,
    FeeAmount,
    RegisteredDocument,
)
from gongkai.report.formats import template_for_year
from gongkai.report.model import json_value

#: Spec keys of the registers and the decision kinds.
REGISTER_KEYS: dict[str, str] = {
    DocumentKind.REGULATION: "regulations",
    DocumentKind.NORMATIVE: "normative_documents",
}
DECISION_KEYS: dict[str, str] = {
    DecisionKind.LICENSING: "licensing",
    DecisionKind.PUNISHMENT: "punishment",
    DecisionKind.COERCION: "coercion",
}


def register_counts(*, body_ids: Collection[int], year: int) -> dict[str, dict[str, int]]:
    """Per register key: issued, repealed and in force in ``year``, and issued up to its end."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    conditions = {
        "issued": Q(issued_on__gte=start, issued_on__lte=end),
        "repealed": Q(repealed_on__gte=start, repealed_on__lte=end),
        "in_force": Q(issued_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)),
        "to_date": Q(issued_on__lte=end),
    }
    counts: dict[str, Any] = {}
    for kind in DocumentKind:
        for name, condition in conditions.items():
            counts[f"{kind.name}_{name}"] = Count("id", filter=condition & Q(kind=kind))
    totals = RegisteredDocument.objects.filter(body_id__in=list(body_ids)).aggregate(**counts)
    return {
        REGISTER_KEYS[kind]: {name: totals[f"{kind.name}_{name}"] or 0 for name in conditions}
        for kind in DocumentKind
    }


def decision_totals(*, body_ids: Collection[int], year: int) -> dict[str, int]:
    """Per decision key: the sum of the year's monthly counts."""
    result = dict.fromkeys(DECISION_KEYS.values(), 0)
    rows = (
        DecisionCount.objects.filter(body_id__in=list(body_ids), year=year)
        .values("kind")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for row in rows:
        if row["kind"] in DECISION_KEYS:
            result[DECISION_KEYS[row["kind"]]] += row["total"] or 0
    return result


def fee_total(*, body_ids: Collection[int], year: int) -> Decimal:
    """The year's 行政事业性收费 in 万元 (Decimal, four decimals)."""
    total = FeeAmount.objects.filter(body_id__in=list(body_ids), year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or 0).quantize(Decimal("0.0001"))


def table_two(body_ids: Sequence[int], year: int) -> dict[str, Any]:
    """The ``proactive`` object of annual-report-json.md for these bodies (summed) and year.

    2021 format for years from 2021, the 2019 format before (see the module's docstring).
    """
    registers = register_counts(body_ids=body_ids, year=year)
    decisions = decision_totals(body_ids=body_ids, year=year)
    fees = json_value(fee_total(body_ids=body_ids, year=year))
    if template_for_year(year).id == "2021":
        return {
            "regulations": _columns(registers["regulations"], ("issued", "repealed", "in_force")),
            "normative_documents": _columns(
                registers["normative_documents"], ("issued", "repealed", "in_force")
            ),
            "licensing": decisions["licensing"],
            "punishment": decisions["punishment"],
            "coercion": decisions["coercion"],
            "fees": fees,
        }
    return {
        "regulations": _as_2019(registers["regulations"]),
        "normative_documents": _as_2019(registers["normative_documents"]),
        "licensing": {"previous": 0, "change": 0, "decisions": decisions["licensing"]},
        "other_services": {"previous": 0, "change": 0, "decisions": 0},
        "punishment": {"previous": 0, "change": 0, "decisions": decisions["punishment"]},
        "coercion": {"previous": 0, "change": 0, "decisions": decisions["coercion"]},
        "fees": {"previous": 0, "change": 0},
        "procurement": {"projects": 0, "amount": 0},
    }


def _columns(counts: dict[str, int], names: tuple[str, ...]) -> dict[str, int]:
    return {name: counts[name] for name in names}


def _as_2019(counts: dict[str, int]) -> dict[str, int]:
    return {
        "made": counts["issued"],
        "published": counts["issued"],
        "total_published": counts["to_date"],
    }


def power_warnings(*, body_ids: Collection[int], year: int) -> list[RegisteredDocument]:
    """规章 of the year's counts (issued, repealed or in force) entered with a power warning."""
    end = date(year, 12, 31)
    return list(
        RegisteredDocument.objects.filter(
            body_id__in=list(body_ids), kind=DocumentKind.REGULATION, issued_on__lte=end
        )
        .exclude(power_warning="")
        .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gte=date(year, 1, 1)))
        .select_related("body")
        .order_by("body__name", "issued_on", "id")
    )
