"""Table 四 (政府信息公开行政复议、行政诉讼情况) from the recorded cases, and the 纠错率.

Which cases the table of year Y counts (``docs/decisions.md``, 主动公开):

* every case **filed** (申请/立案日期) in Y, in the column of its result as of 31 December Y —
  a case decided after that day is 尚未审结 in Y;
* every case filed **before** Y that was still pending on 1 January Y and is **decided** in Y, in
  the column of its result.

So a case is counted in its filing year and, when it is decided in a later year, once more in the
year it is decided; a case pending through a whole year (filed earlier, decided later) is not
counted in that year — it was already reported as 尚未审结. 总计 of a group is the sum of its four
cells. One aggregate query, whatever the number of cases or bodies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q

from gongkai.remedies.models import CaseKind, RemedyCase, Result
from gongkai.remedies.selectors import counted_in_year

#: Group keys and the order of the five cells, as in ``shared/spec/annual-report-json.md``.
GROUPS: tuple[str, ...] = tuple(CaseKind.values)
CELLS: tuple[str, ...] = (Result.UPHELD, Result.CORRECTED, Result.OTHER, Result.PENDING, "total")
DECIDED: tuple[str, ...] = (Result.UPHELD, Result.CORRECTED, Result.OTHER)


def table_four(body_ids: Sequence[int], year: int) -> dict[str, list[int]]:
    """The ``reviews_litigation`` object of the bodies in ``body_ids`` for ``year``.

    ``{"review": [维持, 纠正, 其他, 尚未审结, 总计], "litigation_direct": [...],
    "litigation_after_review": [...]}``; every cell an integer.
    """
    end = date(year, 12, 31)
    decided_by_end = Q(decided_on__isnull=False, decided_on__lte=end)
    rows = (
        RemedyCase.objects.filter(body_id__in=list(body_ids))
        .filter(counted_in_year(year))
        .values("kind")
        .annotate(
            upheld=Count("pk", filter=decided_by_end & Q(result=Result.UPHELD)),
            corrected=Count("pk", filter=decided_by_end & Q(result=Result.CORRECTED)),
            other=Count("pk", filter=decided_by_end & Q(result=Result.OTHER)),
            pending=Count("pk", filter=~decided_by_end | Q(result=Result.PENDING)),
        )
        .order_by()
    )
    table = {group: [0, 0, 0, 0, 0] for group in GROUPS}
    for row in rows:
        cells = [row["upheld"], row["corrected"], row["other"], row["pending"]]
        table[row["kind"]] = [*cells, sum(cells)]
    return table


@dataclass(frozen=True)
class CorrectionRate:
    """纠错率 of a group: 纠正 over decided (维持 + 纠正 + 其他); none when nothing was decided."""

    corrected: int
    decided: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.corrected, self.decided) if self.decided else None

    @property
    def percent(self) -> str:
        """``"33.3%"`` (one decimal), or ``"—"`` when nothing was decided."""
        rate = self.rate
        if rate is None:
            return "—"
        return f"{float(rate * 100):.1f}%"


def correction_rates(table: Mapping[str, Sequence[int | None]]) -> dict[str, CorrectionRate]:
    """纠错率 per group of a ``reviews_litigation`` object, and ``"all"`` over the three groups.

    Blank cells (``None``, as printed reports may have) count as 0.
    """
    rates: dict[str, CorrectionRate] = {}
    corrected_all = decided_all = 0
    for group in GROUPS:
        cells = [cell or 0 for cell in table.get(group, [])] + [0] * 5
        corrected = cells[1]
        decided = cells[0] + cells[1] + cells[2]
        rates[group] = CorrectionRate(corrected=corrected, decided=decided)
        corrected_all += corrected
        decided_all += decided
    rates["all"] = CorrectionRate(corrected=corrected_all, decided=decided_all)
    return rates


def correction_rate(body_ids: Sequence[int], year: int) -> dict[str, CorrectionRate]:
    """纠错率 of the bodies for ``year``, from their table 四."""
    return correction_rates(table_four(body_ids, year))
