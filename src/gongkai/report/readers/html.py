"""Reader for HTML reports: government web pages, Word's "save as web page", exported HTML.

The page is decoded (BOM, declared charset, else UTF-8 then GB18030), parsed leniently with
lxml and walked once. Block elements become paragraphs, data tables become rows (one token
per printed cell, spans expanded only for the grid coordinates), layout tables are walked as
containers. Site chrome is then cut away: the report is the smallest element holding nearly
all the lines that look like report structure (section headings, 第二十条 captions, table 三
and 四 labels); pure link lists, breadcrumbs and print/close buttons are dropped. The page's
title (a heading before the content, or ``<title>``) becomes ``Document.meta_title`` and, when
the content does not print it, the first paragraph.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from gongkai.report import labels
from gongkai.report.document import Document, Line, Token
from gongkai.report.errors import EmptyInputError, EncodingError
from gongkai.report.model import Location
from gongkai.report.text import squash

# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_GB_NAMES = frozenset(
    {
        "gb2312",
        "gbk",
        "gb18030",
        "x-gbk",
        "cp936",
        "windows-936",
        "euc-cn",
        "x-euc-cn",
        "gb_2312-80",
    }
)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})


def decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, then the declared charset, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise EncodingError() from error
    order = []
    declared = _declared_charset(data[:4096])
    if declared:
        order.append(declared)
    order += [name for name in ("utf-8", "gb18030") if name not in order]
    for name in order:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    # A truncated page or a stray bad byte: accept a decoding with very few replacements.
    limit = max(4, len(data) // 1000)
    for name in order:
        text = data.decode(name, errors="replace")
        if text.count("\ufffd") <= limit:
            return text
    raise EncodingError()


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore").lower()
    if name in _GB_NAMES:
        return "gb18030"
    if name in _UTF8_NAMES:
        return "utf-8"
    if name in ("big5", "big5-hkscs"):
        return name
    return None  # Western single-byte declarations on Chinese pages are wrong more often than not


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
#: Whitespace between two CJK characters (source line breaks inside Chinese text, indents).
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def _norm(text: str) -> str:
    """Collapse whitespace; drop it between Chinese characters."""
    if text.isprintable() and " " not in text:
        return text  # no whitespace at all: the common case
    return _SPACE_RE.sub(" ", _CJK_GAP_RE.sub("", text)).strip()


@lru_cache(maxsize=16384)
def _loc(
    line: int | None, table: int | None = None, row: int | None = None, col: int | None = None
) -> Location:
    """A shared :class:`Location` (frozen, so pages can share them)."""
    return Location(line=line, table=table, row=row, col=col)


_REPORT_TITLE_RE = re.compile(r"(政府信息公开|政务公开|信息公开)(工作)?(年度)?(报告|年报)")
_BREADCRUMB_RE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|您当前位置|您所在的位置|所在位置|当前的位置)"
    r"\s*[:：]"
)
#: Page buttons, when a line holds nothing else ("【打印本页】【关闭窗口】").
_BUTTONS_RE = re.compile(
    r"^(?:[【\[]?\s*(?:打印(?:本页|此页|文章|页面)?|关闭(?:窗口|本页)?|返回顶部|收藏本页|返回)"
    r"\s*[】\]]?\s*)+$"
)
#: Article metadata and sharing lines ("发布时间：…", "字号：大 中 小", "扫一扫在手机打开").
_CHROME_LINE_RE = re.compile(
    r"^[【\[]?\s*(?:(?:字号|字体|发布时间|发布日期|信息来源|来源|浏览次数|访问次数|点击次数|阅读次数"
    r"|点击数|责任编辑|上一篇|下一篇|分享到)\s*[:：]|扫一扫|分享到)"
)
_TITLE_ATTR_RE = re.compile(r"title|tit\b|biaoti|headline|article-?h", re.I)
_SEPARATORS_RE = re.compile(r"\s*(?:[_|｜]|\s[-—–]+\s)\s*")


_YEAR_RE = re.compile(r"(?:19|20)\d{2}|[二〇零○][〇零○一二三四五六七八九]{3}")
#: What may follow the report words in a title: "（全文）", "(2021年)", a site suffix is cut.
_MAX_TITLE_TAIL = 10


def is_report_title(text: str) -> bool:
    """A line naming one year's 政府信息公开工作年度报告 (not a sentence mentioning one)."""
    if len(text) > 100:
        return False
    s = squash(text)
    m = _REPORT_TITLE_RE.search(s)
    if m is None or _YEAR_RE.search(s) is None:
        return False
    tail = s[m.end() :]
    return len(tail) <= _MAX_TITLE_TAIL and "。" not in tail and len(s) <= 80


# ---------------------------------------------------------------------------------------------
# Walking the tree
# ---------------------------------------------------------------------------------------------

_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "nav",
        "aside",
        "footer",
        "head",
        "map",
        "audio",
        "video",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "main",
        "form",
        "fieldset",
        "address",
        "figure",
        "figcaption",
        "center",
        "hr",
        "caption",
        "details",
        "summary",
        "menu",
        "body",
        "html",
        "legend",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
_CELL_TAGS = frozenset({"td", "th"})
#: A cell holding more text than this is prose, so its table is a layout table.
_MAX_CELL_CHARS = 200
_MAX_SPAN = 1000


@dataclass
class _Out:
    """A paragraph or table row as walked, with what content selection needs to know.

    Rows keep their cells as ``(text, row, col)``: their tokens are made once the report's
    tables are known and numbered.
    """

    #: The paragraph (None for a table row).
    line: Line | None
    #: Serial numbers of the elements enclosing the line, outermost first.
    path: tuple[int, ...]
    titleish: bool = False
    link: bool = False
    cells: list[tuple[str, int, int]] | None = None
    table: int = 0


class _Walker:
    def __init__(self) -> None:
        self.out: list[_Out] = []
        self.path: list[int] = []
        #: For each open block: whether its class/id marks a title.
        self.marks: list[bool] = []
        self.serial = 0
        self.tables = 0
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.link_depth = 0
        #: For each open <a>: whether it is a link (has an href).
        self.anchors: list[bool] = []
        self.link_chars = 0
        self.titleish = 0

    # -- paragraphs ----------------------------------------------------------------------------

    def add(self, text: str, el: etree._Element) -> None:
        """Add inline text; ``el`` is the element it was read from (for its source line)."""
        if self.buf_line is None and not text.isspace():
            self.buf_line = _source_line(el)
        self.buf.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())

    def flush(self) -> None:
        if self.buf:
            text = _norm("".join(self.buf))
            if text:
                link = self.link_chars >= 0.9 * len(text.replace(" ", ""))
                self.para(text, self.buf_line, link=link)
        self.buf = []
        self.buf_line = None
        self.link_chars = 0

    def para(self, text: str, line: int | None, *, heading: int = 0, link: bool = False) -> None:
        loc = _loc(line) if line else None
        self.out.append(
            _Out(
                Line("para", [Token(text, loc)], heading=heading),
                tuple(self.path),
                titleish=self.titleish > 0 or heading in (1, 2, 3),
                link=link,
            )
        )

    # -- elements ------------------------------------------------------------------------------

    def walk(self, root: etree._Element) -> None:
        """Walk ``root`` in document order (iteratively: badly nested pages run deep)."""
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                if self.start(el, tag):
                    walker.skip_subtree()
                continue
            self.end(tag)
            if el.tail and el is not root:
                self.add(el.tail, el)
        self.flush()

    def start(self, el: etree._Element, tag: str) -> bool:
        """Open ``el``; true when its subtree is done with (dropped, or read as a whole)."""
        if tag in _DROP_TAGS:
            return True
        if tag == "br":
            self.flush()
            return True
        if tag not in _BLOCK_TAGS:
            if tag == "a":
                is_link = bool(el.get("href"))
                self.anchors.append(is_link)
                self.link_depth += is_link
            if el.text:
                self.add(el.text, el)
            return False
        self.flush()
        self.serial += 1
        self.path.append(self.serial)
        marks = _marks_title(el)
        self.marks.append(marks)
        self.titleish += marks
        if tag == "table":
            return self.table(el)
        if tag in _HEADINGS:
            self.heading(el, _HEADINGS[tag])
            return True
        if el.text:
            self.add(el.text, el)
        return False

    def end(self, tag: str) -> None:
        if tag in _DROP_TAGS or tag == "br":
            return
        if tag not in _BLOCK_TAGS:
            if tag == "a" and self.anchors:
                self.link_depth -= self.anchors.pop()
            return
        self.flush()
        self.titleish -= self.marks.pop()
        self.path.pop()

    def heading(self, el: etree._Element, level: int) -> None:
        text = _norm(_text(el))
        if not text:
            return
        links = sum(len(_text(a).strip()) for a in el.iter("a") if a.get("href"))
        self.para(text, _source_line(el), heading=level, link=links >= 0.9 * len(text))

    # -- tables --------------------------------------------------------------------------------

    def table(self, el: etree._Element) -> bool:
        """Emit a data table's rows (true); leave a layout table to the walk (false)."""
        if el.find(".//table") is not None:
            return False  # nested tables: a layout table
        rows = _rows(el)
        cells = [[c for c in row if c.tag in _CELL_TAGS] for row in rows]
        texts = [[_cell_text(c) for c in row] for row in cells]
        if _is_layout(texts):
            return False
        for child in el:
            if child.tag == "caption" and (caption := _norm(_text(child))):
                self.para(caption, _source_line(child))
        self.tables += 1
        number = self.tables
        covered: dict[int, int] = {}  # grid column → last row a rowspan from above covers
        for r, (row_cells, row_texts) in enumerate(zip(cells, texts, strict=True), start=1):
            printed: list[tuple[str, int, int]] = []
            col = 1
            for cell, raw in zip(row_cells, row_texts, strict=True):
                while covered.get(col, 0) >= r:
                    col += 1
                colspan = _span(value, 1) if (value := cell.get("colspan")) else 1
                if value := cell.get("rowspan"):
                    rowspan = _span(value, len(rows) - r + 1)
                    if rowspan > 1:
                        for c in range(col, col + colspan):
                            covered[c] = r + rowspan - 1
                text = raw.strip()
                printed.append((text if text.isdigit() else _norm(raw), r, col))
                col += colspan
            if any(text for text, _, _ in printed):
                self.out.append(
                    _Out(None, tuple(self.path), self.titleish > 0, cells=printed, table=number)
                )
        return True


def _source_line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


_STRING = etree.XPath("string()")


def _text(el: etree._Element) -> str:
    """All text of ``el``; block pieces are joined with no separator (wrapped Chinese labels)."""
    return str(_STRING(el))


@lru_cache(maxsize=65536)
def _number_token(text: str, table: int, row: int, col: int) -> Token:
    """A shared token for a number cell (tokens are frozen; most cells of most reports are 0)."""
    return Token(text, _loc(None, table, row, col))


def _cell_text(cell: etree._Element) -> str:
    if len(cell) == 0:
        return cell.text or ""
    return str(_STRING(cell))


def _marks_title(el: etree._Element) -> bool:
    """A block whose class or id says it holds a title (``class="article-title"``)."""
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return False
    return _TITLE_ATTR_RE.search(f"{cls or ''} {ident or ''}") is not None


def _rows(table: etree._Element) -> list[etree._Element]:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _SECTION_TAGS:
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def _is_layout(texts: list[list[str]]) -> bool:
    """A layout table (no nested tables) holds prose, or is one single box."""
    if sum(len(row) for row in texts) <= 1:
        return True
    return any(len(t) > _MAX_CELL_CHARS for row in texts for t in row)


_DIGITS_RE = re.compile(r"\d+")


def _span(value: str, rest: int) -> int:
    """A rowspan/colspan attribute as an int in [1, _MAX_SPAN]; 0 means "to the end"."""
    m = _DIGITS_RE.search(value)
    if not m:
        return 1
    n = int(m.group(0)[:6])
    if n == 0:
        return max(rest, 1)
    return max(1, min(n, _MAX_SPAN))


# ---------------------------------------------------------------------------------------------
# Finding the report in the page
# ---------------------------------------------------------------------------------------------

_REVIEW_MARKS = frozenset({"行政复议", "行政诉讼", "结果维持", "未经复议直接起诉", "复议后起诉"})


_HAS_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _is_marker(text: str) -> bool:
    """Text that only a report prints: a section heading, a caption, a table label."""
    if not text or len(text) > 60 or not _HAS_CJK_RE.search(text):
        return False
    return _is_marker_label(text)


@lru_cache(maxsize=8192)
def _is_marker_label(text: str) -> bool:
    s = squash(text)
    if "勾稽" in s or s in _REVIEW_MARKS or labels.CAPTION_RE.search(s):
        return True
    label = labels.match_application_label(s)
    if label is not None and label.kind in ("row", "group"):
        return True
    return labels.match_section_heading(s) is not None


def _weight(out: _Out) -> int:
    if out.line is not None:
        return 0 if out.link else _is_marker(out.line.text)
    return sum(1 for text, _, _ in out.cells or () if _is_marker(text))


def _content_root(outs: list[_Out]) -> int | None:
    """Serial of the smallest element holding nearly all marker lines (None: no report found)."""
    weights = [_weight(out) for out in outs]
    total = sum(weights)
    if total < 3:
        return None
    return _deepest(outs, weights, total - max(1, total // 10))


def _mass_root(outs: list[_Out]) -> int | None:
    """Without report markers: the smallest element holding most of the page's prose."""
    weights = [
        len(o.line.text) if o.line is not None and _keep(o) and not o.titleish else 0 for o in outs
    ]
    total = sum(weights)
    if not total:
        return None
    return _deepest(outs, weights, (total + 1) // 2)


def _deepest(outs: list[_Out], weights: list[int], need: int) -> int | None:
    """The deepest element whose lines weigh at least ``need``."""
    counts: dict[int, int] = {}
    depth: dict[int, int] = {}
    for out, w in zip(outs, weights, strict=True):
        if not w:
            continue
        for d, serial in enumerate(out.path):
            counts[serial] = counts.get(serial, 0) + w
            depth[serial] = d
    best: int | None = None
    for serial, count in counts.items():
        if count >= need and (best is None or depth[serial] > depth[best]):
            best = serial
    return best


def _page_title(root: etree._Element) -> str | None:
    """The report title a page states in its head: ``<meta name="ArticleTitle">``, ``<title>``."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle":
            text = _norm(meta.get("content") or "")
            if is_report_title(text):
                return text
    for el in root.iter("title"):
        text = _norm(_text(el))
        if not text:
            return None
        parts = [p for p in _SEPARATORS_RE.split(text) if p]
        return next((p for p in parts if is_report_title(p)), text)
    return None


def _keep(out: _Out) -> bool:
    if out.line is None:
        return True
    if out.link:
        return False
    text = out.line.text
    if _BREADCRUMB_RE.match(text):
        return False
    return len(text) > 60 or not (_CHROME_LINE_RE.match(text) or _BUTTONS_RE.match(text))


def _lines(outs: list[_Out], title: Line | None = None) -> list[Line]:
    """The document's lines: ``title`` first, the kept tables numbered 1, 2, … in page order."""
    numbers: dict[int, int] = {}
    lines = [title] if title is not None else []
    for out in outs:
        if out.line is not None:
            lines.append(out.line)
            continue
        n = numbers.setdefault(out.table, len(numbers) + 1)
        tokens = [
            _number_token(text, n, row, col)
            if text.isdigit()
            else Token(text, _loc(None, n, row, col))
            for text, row, col in out.cells or ()
        ]
        lines.append(Line("row", tokens, table=n))
    return lines


def _select(outs: list[_Out], page_title: str | None) -> tuple[list[Line], str | None]:
    """The report's lines (title first) and the title the page states for it.

    A page with no report structure keeps its main text only when a heading or its
    ``<title>`` names a year's report; otherwise nothing is kept, and the assembler says the
    page is no report.
    """
    root = _content_root(outs)
    found = root is not None
    if root is None:
        root = _mass_root(outs)
        if root is None:
            return [], None
    kept = [o for o in outs if root in o.path and _keep(o)]
    # The title printed inside the content, before the first section heading.
    for out in kept[:15]:
        if out.line is None or labels.match_section_heading(out.line.text):
            break
        if is_report_title(out.line.text):
            return _lines(kept), out.line.text
    # A heading just before the content (article pages put the title above the body).
    first = next(i for i, o in enumerate(outs) if root in o.path)
    for out in reversed(outs[:first]):
        line = out.line
        if line is not None and out.titleish and _keep(out) and is_report_title(line.text):
            return _lines(kept, line), line.text
    if page_title and is_report_title(page_title):
        return _lines(kept, Line("para", [Token(page_title)], heading=1)), page_title
    if not found:
        return [], None
    return _lines(kept), page_title


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def read_html(data: bytes, *, source: str | None = None) -> Document:
    """Turn an HTML page into a :class:`Document` holding only the report it shows."""
    doc = Document(kind="html", source=source)
    text = decode_html(data)
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return doc
    if root is None:
        return doc
    _drop_hidden(root)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    page_title = _page_title(root)
    if not walker.out and not page_title:
        raise EmptyInputError("网页中没有任何文字内容", source=source)
    doc.lines, doc.meta_title = _select(walker.out, page_title)
    return doc


_LOWER_STYLE = "translate(@style, ' ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_HIDDEN = etree.XPath(
    f"//*[@style][contains({_LOWER_STYLE}, 'display:none')"
    f" or contains({_LOWER_STYLE}, 'mso-hide:all')]"
)


def _drop_hidden(root: etree._Element) -> None:
    """Remove elements a browser does not show (``display:none``), keeping their tail text."""
    result = _HIDDEN(root)
    hidden = (
        [el for el in result if isinstance(el, etree._Element)] if isinstance(result, list) else []
    )
    for el in hidden:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            previous = el.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


__all__ = ["decode_html", "is_report_title", "read_html"]
