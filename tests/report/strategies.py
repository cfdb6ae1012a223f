"""Hypothesis strategies for annual reports.

* :func:`valid_reports` — reports as a body should print them: every row of its template, every
  cell a number, and the numbers reconcile (一+二 = 三（七）+四 per column, 总计 = the six applicant
  columns, （七） = the sum of the results, 表四 总计 = the four outcomes).
* :func:`loose_reports` — reports as bodies do print them: blank cells, missing rows and tables,
  no organ or no year; numbers need not reconcile.

Organ names and section texts are Chinese and already in the form the readers give back (no
leading or trailing blanks, paragraphs of prose joined by ``\\n``).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from gongkai.report import formats
from gongkai.report.model import Cell, Report, Section

Draw = st.DrawFn

PLACES = (
    "南关",
    "长通",
    "学府",
    "徐家营",
    "南郊",
    "洛龙",
    "朝阳",
    "海淀",
    "江北",
    "城关",
    "东城",
    "西湖",
    "青山",
    "黄浦",
    "武侯",
    "天河",
    "龙岗",
    "滨海",
    "鼓楼",
    "雁塔",
)
LEVELS = ("省", "市", "区", "县", "镇", "乡", "街道")
BODIES = (
    "人民政府",
    "街道办事处",
    "人民政府办公室",
    "民政局",
    "财政局",
    "教育局",
    "司法局",
    "生态环境局",
    "卫生健康委员会",
    "自然资源和规划局",
    "市场监督管理局",
    "交通运输局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
)
#: Sentences of report prose; a paragraph joins three or more, so it is longer than any label.
SENTENCES = (
    "本机关认真贯彻落实上级关于政务公开工作的部署要求，扎实推进各项工作。",
    "进一步完善制度机制，加大公开力度，拓宽公开渠道，取得了较好成效。",
    "严格落实信息发布前审核审查制度，做到涉密信息不上网，上网信息不涉密。",
    "通过门户网站、微信公众号和政务公开栏等渠道及时发布各类信息。",
    "指定专人负责日常维护，确保信息发布及时、准确、完整。",
    "工作人员的业务能力和政策水平仍需进一步提高，学习培训有待加强。",
    "下一步将持续加强组织领导，细化工作分工，压实工作责任。",
    "积极开展政策解读和工作宣传，及时回应公众关切，增进社会认同。",
    "本机关依法提供政府信息，未收取任何费用。",
    "全年承办人大代表建议和政协委员提案，均已按时办结并予以答复。",
)


@st.composite
def organs(draw: Draw) -> str:
    """An organ name such as 南关区民政局 or 洛龙区学府街道办事处."""
    parts = [draw(st.sampled_from(PLACES)), draw(st.sampled_from(LEVELS))]
    if draw(st.booleans()):
        parts += [draw(st.sampled_from(PLACES)), draw(st.sampled_from(LEVELS))]
    parts.append(draw(st.sampled_from(BODIES)))
    return "".join(parts)


@st.composite
def paragraphs(draw: Draw) -> str:
    """One paragraph of prose, sometimes with a number in it."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=6))
    if draw(st.booleans()):
        count = draw(st.integers(0, 999))
        sentences.insert(draw(st.integers(0, len(sentences))), f"全年共主动公开政府信息{count}条。")
    return "".join(sentences)


def section_texts() -> st.SearchStrategy[str]:
    return st.lists(paragraphs(), max_size=3).map("\n".join)


def _sections(texts: list[str]) -> dict[int, Section]:
    return {
        number: Section(
            number=number,
            heading=f"{numeral}、{title}",
            numeral=numeral,
            text=text,
        )
        for number, (numeral, title, text) in enumerate(
            zip(formats.SECTION_NUMERALS, formats.SECTION_TITLES, texts, strict=True), start=1
        )
    }


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------

COUNTS = st.integers(0, 60) | st.just(0)
SIGNED = st.integers(-30, 30)


@st.composite
def money(draw: Draw) -> int | Decimal:
    """万元 with up to two decimals, as reports print fees."""
    cents = draw(st.integers(0, 999_999))
    places = draw(st.sampled_from((0, 1, 2)))
    if places == 0:
        return cents // 100
    return Decimal(cents // 10 ** (2 - places)).scaleb(-places)


@st.composite
def amount_texts(draw: Draw) -> str:
    """A 2019 采购总金额 as printed (a text column): ``12.5万元``, ``300``."""
    value = draw(money())
    return f"{value}{draw(st.sampled_from(('', '万元', '元')))}"


def _value(draw: Draw, kind: formats.CellKind) -> int | Decimal | str:
    if kind == "money":
        return draw(money())
    if kind == "signed":
        return draw(SIGNED)
    if kind == "text":
        return draw(amount_texts())
    return draw(COUNTS)


def _proactive(draw: Draw, template: formats.Template) -> dict[str, Cell | dict[str, Cell]]:
    out: dict[str, Cell | dict[str, Cell]] = {}
    for table in template.proactive:
        for row in table.rows:
            cells = {c.key: Cell(_value(draw, c.kind)) for c in table.columns}
            out[row.key] = cells[table.columns[0].key] if table.scalar else cells
    return out


def _applications(draw: Draw, keys: tuple[str, ...]) -> dict[str, list[Cell]]:
    """Table 三 whose numbers reconcile in every column."""
    results = [k for k in keys if formats.application_row_any(k).is_result]
    columns: dict[str, list[int]] = {k: [] for k in keys}
    for _ in range(formats.APPLICANT_COLUMN_COUNT):
        idle = draw(st.booleans())  # most bodies receive nothing from most applicant kinds
        for key in results:
            columns[key].append(0 if idle else draw(st.integers(0, 12)))
        handled = sum(columns[k][-1] for k in results)
        carried = 0 if idle else draw(st.integers(0, 5))
        new = draw(st.integers(0, handled + carried))
        columns["1"].append(new)
        columns["2"].append(handled + carried - new)
        columns["3.7"].append(handled)
        columns["4"].append(carried)
    return {k: [Cell(v) for v in (*columns[k], sum(columns[k]))] for k in keys}


def _reviews() -> st.SearchStrategy[dict[str, list[Cell]]]:
    group = st.lists(st.integers(0, 9), min_size=4, max_size=4).map(
        lambda v: [Cell(x) for x in (*v, sum(v))]
    )
    return st.fixed_dictionaries({g.key: group for g in formats.REVIEW_GROUPS})


def years(template: formats.TemplateId) -> st.SearchStrategy[int]:
    """Reporting years a template is used for."""
    if template == "2019":
        return st.integers(2019, 2020)
    return st.integers(formats.FIRST_YEAR_2021_FORMAT, 2030)


@st.composite
def valid_reports(draw: Draw, template: formats.TemplateId | None = None) -> Report:
    """A complete report whose tables reconcile, in the 2021 or 2019 template."""
    template_id: formats.TemplateId = (
        template if template is not None else draw(st.sampled_from(("2021", "2019")))
    )
    spec = formats.TEMPLATES[template_id]
    other_single = template_id == "2019" or draw(st.integers(0, 4)) == 0
    keys = formats.application_keys(spec, other_single=other_single)
    return Report(
        organ=draw(organs()),
        year=draw(years(template_id)),
        template=template_id,
        proactive=_proactive(draw, spec),
        applications=_applications(draw, keys),
        reviews_litigation=draw(_reviews()),
        sections=_sections(draw(st.lists(section_texts(), min_size=6, max_size=6))),
        preamble=draw(st.lists(paragraphs(), max_size=2).map("\n".join)),
    )


# ---------------------------------------------------------------------------------------------
# Loose reports: blanks, missing rows and tables
# ---------------------------------------------------------------------------------------------


def _blanked(draw: Draw, cells: list[Cell], rate: int) -> list[Cell]:
    return [Cell(None) if draw(st.integers(0, 99)) < rate else c for c in cells]


@st.composite
def loose_reports(draw: Draw) -> Report:
    """A report with blank cells, missing rows and tables, perhaps no organ or year."""
    report = draw(valid_reports())
    rate = draw(st.sampled_from((0, 10, 50, 100)))
    if draw(st.integers(0, 5)) == 0:
        report.organ = None
    if report.template == "2021" and draw(st.integers(0, 5)) == 0:
        report.year = None
    if report.proactive is not None:
        kept: dict[str, Cell | dict[str, Cell]] = {}
        for key, entry in report.proactive.items():
            if draw(st.integers(0, 5)) == 0:
                continue
            if isinstance(entry, Cell):
                kept[key] = _blanked(draw, [entry], rate)[0]
            else:
                blanked = _blanked(draw, list(entry.values()), rate)
                kept[key] = dict(zip(entry, blanked, strict=True))
        report.proactive = kept or None
    if report.applications is not None:
        report.applications = {
            k: _blanked(draw, v, rate)
            for k, v in report.applications.items()
            if draw(st.integers(0, 5)) != 0
        } or None
    if report.reviews_litigation is not None:
        report.reviews_litigation = {
            k: _blanked(draw, v, rate)
            for k, v in report.reviews_litigation.items()
            if draw(st.integers(0, 3)) != 0
        } or None
    for name in ("proactive", "applications", "reviews_litigation"):
        if draw(st.integers(0, 4)) == 0:
            setattr(report, name, None)
    for number in list(report.sections):
        if draw(st.integers(0, 3)) == 0:
            del report.sections[number]
    return report


def printed_ambiguity(report: Report, *, grid: bool) -> str | None:
    """Why a printed page of ``report`` reads back differently, or None when it does not.

    A page cannot show everything the structured formats (JSON, CSV) carry. ``grid`` says 表四
    is printed in the national layout, one row of fifteen cells (HTML, DOCX), rather than one
    row per group (Markdown).
    """
    reviews = report.reviews_litigation
    if reviews is not None:
        blank = [all(c.value is None for c in cells) for cells in reviews.values()]
        if grid and len(reviews) < len(formats.REVIEW_GROUPS):
            return "the national 表四 grid prints a group the report lacks as blank cells"
        if grid and all(blank):
            return "a 表四 grid whose fifteen cells are all blank reads as no table"
    if (
        report.template == "2019"
        and report.proactive is None
        and report.applications is not None
        and "3.6" not in report.applications
    ):
        return "without 表二 and （六）其他处理 the page does not show it is a 2019 report"
    return None


__all__ = [
    "loose_reports",
    "organs",
    "paragraphs",
    "printed_ambiguity",
    "valid_reports",
    "years",
]
