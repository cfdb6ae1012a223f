"""From a :class:`~gongkai.report.document.Document` to a :class:`~gongkai.report.model.Report`.

The assembler finds the title (organ and year), the six section headings, and the three
statistical tables — each row by its printed label, never by counting numbers. A row that
prints fewer cells than the table has columns is aligned by its label (its first value is the
first column) and by the 总计 column (a last value equal to the sum of the others is the 总计),
and a :class:`~gongkai.report.model.ReadNote` records it.
"""

from __future__ import annotations

from gongkai.report import formats
from gongkai.report.assemble.applications import order_applications, read_applications
from gongkai.report.assemble.proactive import read_proactive, shape_proactive
from gongkai.report.assemble.regions import regions, table_starts
from gongkai.report.assemble.reviews import read_reviews
from gongkai.report.assemble.sections import find_headings, sections_of
from gongkai.report.assemble.title import find_title, period_year, preamble_of
from gongkai.report.document import Document, Token
from gongkai.report.errors import NotAReportError
from gongkai.report.model import ReadNote, Report


def assemble(doc: Document) -> Report:
    """Read the title, sections and tables out of ``doc``; raise if it is no report."""
    lines = doc.lines
    title, organ, year = find_title(doc)
    headings = find_headings(lines)
    starts = table_starts(lines, headings)
    end = min((headings[n][0] for n in (5, 6) if n in headings), default=len(lines))
    bounds = regions(starts, end, len(lines))
    notes: list[ReadNote] = []
    consumed: set[int] = set()

    raw_proactive: dict[str, list[Token]] | None = None
    markers: set[str] = set()
    if "t2" in bounds:
        raw_proactive, markers = read_proactive(lines, bounds["t2"], notes, consumed)
    applications = other_single = None
    if "t3" in bounds:
        applications, other_single = read_applications(lines, bounds["t3"], notes, consumed)
        if not applications:  # a heading 三 with no table: the table is absent
            applications, other_single = None, None
    reviews = None
    if "t4" in bounds:
        reviews = read_reviews(lines, bounds["t4"], notes, consumed)

    if year is None:
        year = period_year(lines)
    template = decide_template(markers, other_single, year)
    proactive = None
    if raw_proactive:
        proactive = shape_proactive(raw_proactive, template, notes)
    if applications is not None:
        applications = order_applications(applications, template, other_single)
    sections = sections_of(lines, headings, consumed)
    preamble = preamble_of(lines, headings, title)
    if not sections and applications is None and proactive is None and reviews is None:
        raise NotAReportError(source=doc.source)
    if title is None:
        notes.append(ReadNote("title-missing", "title", None, "未找到报告标题"))
    return Report(
        organ=organ,
        year=year,
        template=template,
        proactive=proactive,
        applications=applications,
        reviews_litigation=reviews,
        sections=sections,
        preamble=preamble,
        title=title,
        source=doc.source,
        kind=doc.kind,
        notes=notes,
    )


def decide_template(
    markers: set[str], other_single: bool | None, year: int | None
) -> formats.TemplateId:
    if markers == {"2019"}:
        return "2019"
    if markers == {"2021"}:
        return "2021"
    if other_single is False:
        return "2021"
    return formats.template_for_year(year).id


__all__ = ["Location", "Value", "assemble"]


__all__ = ["assemble"]
