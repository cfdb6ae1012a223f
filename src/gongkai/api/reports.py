"""``GET /api/v1/bodies/{id}/reports/{year}``: a body's published annual report (public).

The body's own report of that year — written on the platform and published, or collected from
where the body published it and read by the core — as one ``annual-report-json.md`` object
(``opendata.canonical_document``: the core's ``to_canonical``, keys in print order; a collected
report has ``null`` for its blank cells and lacks what its file lacks). Summaries are not a
body's own report and are not served here. 404 in the error shape when there is none.
Rate-limited with the other public reads; cacheable with an ``ETag``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from gongkai.annual_reports.opendata import canonical_document
from gongkai.annual_reports.selectors import published_report
from gongkai.api.publications import _public, _throttled
from gongkai.api.responses import json_error
from gongkai.api.views import get_only
from gongkai.organizations.models import Body

NOT_FOUND_BODY = "没有这个机关。"
NOT_FOUND_REPORT = "该机关没有已发布的该年度政府信息公开工作年度报告。"


@get_only
def body_report(request: HttpRequest, body_id: int, year: str) -> HttpResponse:
    """The published report of ``body_id`` for ``year``, or 404."""
    throttled = _throttled(request, "read")
    if throttled is not None:
        return throttled
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return json_error(400, "invalid_year", "年份应为四位数字，例如 2021。")
    body = Body.objects.filter(pk=body_id).only("id", "name").first() if body_id < 2**31 else None
    if body is None:
        return json_error(404, "not_found", NOT_FOUND_BODY)
    report = published_report(body=body, year=int(year))
    if report is None:
        return json_error(404, "not_found", NOT_FOUND_REPORT)
    return _public(request, canonical_document(report))
