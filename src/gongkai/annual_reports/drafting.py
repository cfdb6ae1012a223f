"""The facts a report's prose starts from, read from the records (the core writes the prose).

Section 一: items released in the year on the 政府网站专栏 by 主题分类 and on every other channel
(``publications.selectors.release_counts``), applications received / carried in / answered /
carried over and the 复议/诉讼 counts (from the compiled tables, so the prose and table 三 can
never disagree). Section 六: the 信息处理费 paid in the year (the applications' 缴纳费用 entries).
What the records do not hold (政府信息管理, 平台建设 beyond the channels, 监督保障) is left as a
【待填写】 prompt that blocks submission until staff write it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from gongkai.applications.models import Application, ClockEntry, ClockEventKind
from gongkai.organizations.models import Body
from gongkai.publications.models import ChannelKind
from gongkai.publications.selectors import release_counts
from gongkai.report import draft
from gongkai.report.formats import FORMAT_ID, template_for_year
from gongkai.report.readers.structured import report_from_canonical


def proactive_facts(*, body: Body, year: int) -> draft.ProactiveFacts:
    """Releases of ``year``: the 专栏's by 主题分类, and every other channel's count."""
    counts = release_counts(body=body, year=year)
    website = next((c for c in counts if c.kind == ChannelKind.WEBSITE), None)
    others = [c for c in counts if c.kind != ChannelKind.WEBSITE and c.count]
    return draft.ProactiveFacts(
        total=website.count if website else 0,
        by_category=[(t.name, t.count) for t in website.topics] if website else [],
        channels=[draft.ChannelFacts(name=c.name, kind=c.kind, count=c.count) for c in others],
    )


def fee_facts(*, body: Body, year: int) -> draft.FeeFacts:
    """信息处理费 paid in ``year``: the applications with a 缴纳费用 entry that year."""
    paid = ClockEntry.objects.filter(
        application__body=body,
        kind=ClockEventKind.FEE_PAID,
        on__gte=date(year, 1, 1),
        on__lte=date(year, 12, 31),
    ).values_list("application_id", flat=True)
    totals = Application.objects.filter(pk__in=paid).aggregate(
        amount=Sum("fee_amount"), count=Count("pk")
    )
    return draft.FeeFacts(amount_yuan=Decimal(totals["amount"] or 0), count=totals["count"])


def drafted_sections(*, body: Body, year: int, tables: dict[str, Any]) -> dict[str, str]:
    """Sections 一 and 六 drafted from the records (``tables`` as compiled for the year)."""
    core = report_from_canonical(
        {
            "format": FORMAT_ID,
            "organ": body.name,
            "year": year,
            "template": template_for_year(year).id,
            **tables,
        }
    )
    applications = draft.application_facts(core) or draft.ApplicationFacts(received=0)
    one = draft.draft_section_one(
        organ=body.name,
        year=year,
        proactive=proactive_facts(body=body, year=year),
        applications=applications,
        reviews=draft.review_facts(core),
    )
    six = draft.draft_section_six(organ=body.name, year=year, fees=fee_facts(body=body, year=year))
    return {"1": one, "6": six}
