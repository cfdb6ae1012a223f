"""Completeness: the six sections in order with their numerals, every table and row present."""

from __future__ import annotations

from gongkai.report import formats
from gongkai.report.checks.finding import Findings, row_label

_NOTE_RULES = {
    "row-short": "structure.row-short",
    "group-short": "structure.row-short",
    "row-extra": "structure.row-extra",
    "row-duplicate": "structure.row-duplicate",
    "cell-unreadable": None,  # reported by the cell checks from the cell itself
    "title-missing": "structure.title-missing",
}


def run(found: Findings) -> None:
    _sections(found)
    _tables(found)
    _notes(found)
    _year_and_template(found)


def _sections(found: Findings) -> None:
    sections = found.report.sections
    for number, title in enumerate(formats.SECTION_TITLES, start=1):
        numeral = formats.SECTION_NUMERALS[number - 1]
        section = sections.get(number)
        if section is None:
            found.add(
                "structure.section-missing",
                f"缺少第{numeral}部分“{numeral}、{title}”",
                values={"section": number},
            )
            continue
        if section.numeral is None:
            found.add(
                "structure.heading-numeral-missing",
                f"章节标题“{section.heading}”缺少序号，应为“{numeral}、{title}”",
                values={"section": number, "heading": section.heading},
                loc=section.loc,
            )
        elif section.numeral not in (numeral, str(number)):
            found.add(
                "structure.heading-numeral-wrong",
                f"章节标题“{section.heading}”的序号应为“{numeral}”",
                values={"section": number, "heading": section.heading},
                loc=section.loc,
            )
        elif section.numeral == str(number) or section.style == "paren":
            found.add(
                "structure.heading-numeral-style",
                f"章节标题“{section.heading}”应使用“{numeral}、”作为序号",
                values={"section": number, "heading": section.heading},
                loc=section.loc,
            )
    placed = sorted((s.index, s.number) for s in sections.values() if s.index >= 0)
    order = [number for _, number in placed]
    if order != sorted(order):
        found.add(
            "structure.section-order",
            "章节顺序为"
            + "、".join(formats.SECTION_NUMERALS[n - 1] for n in order)
            + "，应为一至六依次排列",
            values={"order": order},
        )


def _tables(found: Findings) -> None:
    report = found.report
    spec = report.spec
    tables = {
        "proactive": report.proactive,
        "applications": report.applications,
        "reviews_litigation": report.reviews_litigation,
    }
    for name, table in tables.items():
        if table is None:
            found.add("structure.table-missing", "报告中没有这张统计表", table=name)
    if report.applications is not None:
        single = "3.6" in report.applications and not any(
            k.startswith("3.6.") for k in report.applications
        )
        expected = formats.application_keys(spec, other_single=single)
        _missing_rows(found, "applications", expected, report.applications.keys())
    if report.reviews_litigation is not None:
        expected = tuple(g.key for g in formats.REVIEW_GROUPS)
        _missing_rows(found, "reviews_litigation", expected, report.reviews_litigation.keys())
    if report.proactive is not None:
        expected = tuple(r.key for t in spec.proactive for r in t.rows)
        _missing_rows(found, "proactive", expected, report.proactive.keys())


def _missing_rows(found: Findings, table: str, expected: tuple[str, ...], present: object) -> None:
    keys = set(present)  # type: ignore[call-overload]
    missing = [k for k in expected if k not in keys]
    if not missing:
        return
    labels = "、".join(f"“{row_label(table, k)}”" for k in missing[:6])
    more = f"等{len(missing)}行" if len(missing) > 6 else ""
    found.add(
        "structure.rows-missing",
        f"缺少{labels}{more}",
        table=table,
        row=missing[0],
        values={"rows": missing},
    )


def _notes(found: Findings) -> None:
    for note in found.report.notes:
        rule = _NOTE_RULES.get(note.kind)
        if rule is None:
            continue
        found.add(
            rule,
            note.message,
            table=note.table if note.table != "title" else None,
            row=note.row,
            values={"printed": list(note.values)} if note.values else {},
            loc=note.loc,
        )


def _year_and_template(found: Findings) -> None:
    report = found.report
    if report.year is None:
        found.add("structure.year-missing", "标题和正文中都没有找到报告年度")
        return
    if report.template == "2019" and report.year >= formats.FIRST_YEAR_2021_FORMAT:
        found.add(
            "structure.template-outdated",
            f"{report.year}年度报告仍使用2019年试行格式，应使用国办公开办函〔2021〕30号格式",
            values={"year": report.year, "template": report.template},
        )
