"""Reader for Word (DOCX) reports: the package's XML walked in document order.

Body paragraphs become ``para`` lines (a manual line break starts a new line); every table row
becomes a ``row`` line with one token per printed cell. A horizontally merged cell (``gridSpan``,
legacy ``hMerge``) is one token; a vertically merged continuation cell (``vMerge`` without
``restart``) is an empty token, as Word's own text export prints it. A cell's text is its
paragraphs joined with no separator (a label wrapped with Enter reads as one label).

Text inside content controls (``w:sdt``, unless it shows placeholder text), tracked insertions,
hyperlinks, fields and text boxes is kept; tracked deletions and field codes are skipped. Tables
nested in cells, and one-column "frame" tables around the whole report, are walked as blocks in
document order.

The package is read with :mod:`zipfile` and :mod:`lxml` directly (no entity expansion, no
network, every part capped at :data:`MAX_PART_BYTES` uncompressed).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from posixpath import dirname, join, normpath
from typing import TypeVar

from lxml import etree

from gongkai.report.document import Document, Token
from gongkai.report.errors import CorruptFileError, UnsupportedFormatError
from gongkai.report.model import Location

#: Largest uncompressed size of any one part read from the package (zip-bomb guard).
MAX_PART_BYTES = 50 * 1024 * 1024
#: Tables nested deeper than this are read as plain cell text.
MAX_TABLE_DEPTH = 16

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_MAIN_DOC_SUFFIX = "/officeDocument"
_XPS_SUFFIX = "/fixedrepresentation"

_HEADING_NAME_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = frozenset({"title", "标题"})

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)

_BREAK = "\n"
_T = TypeVar("_T")

#: What :mod:`zipfile` and :mod:`zlib` raise on damaged archives (flags, versions, headers).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
)


def read_docx(data: bytes, *, source: str | None = None) -> Document:
    """Turn the bytes of a DOCX file into a :class:`Document`."""
    package = _Package.open(data, source)
    main = package.main_part()
    root = _parse(package.read(main), source)
    ns = root.tag[1 : root.tag.index("}")] if root.tag.startswith("{") else W_MAIN
    if ns not in (W_MAIN, W_STRICT):
        raise CorruptFileError("Word 文件的正文部件格式无法识别", source=source)
    folder = dirname(main)
    styles = _read_styles(package.read_optional(join(folder, "styles.xml")), ns)
    numbering_part = join(folder, "numbering.xml")
    walker = _Walker(ns, styles, source, lambda: package.read_optional(numbering_part))
    body = root.find(f"{{{ns}}}body")
    if body is not None:
        walker.blocks(body, depth=0)
    walker.doc.meta_title = _core_title(package, source)
    return walker.doc


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------


@dataclass
class _Package:
    zf: zipfile.ZipFile
    names: set[str]
    source: str | None

    @classmethod
    def open(cls, data: bytes, source: str | None) -> _Package:
        try:
            zf = zipfile.ZipFile(BytesIO(data))
            names = {info.filename for info in zf.infolist()}
        except _ZIP_ERRORS as error:
            raise CorruptFileError(
                "文件以 ZIP（DOCX）标记开头，但内容已损坏或不完整，无法打开", source=source
            ) from error
        return cls(zf, names, source)

    def read(self, name: str) -> bytes:
        try:
            info = self.zf.getinfo(name)
        except KeyError as error:
            raise CorruptFileError(
                f"Word 文件缺少部件 {name}，可能已损坏", source=self.source
            ) from error
        if info.file_size > MAX_PART_BYTES:
            raise CorruptFileError(
                f"Word 文件中的部件 {name} 解压后超过 {MAX_PART_BYTES // (1024 * 1024)} MB，"
                "可能已损坏或是恶意构造的文件",
                source=self.source,
            )
        try:
            with self.zf.open(info) as stream:
                return stream.read(MAX_PART_BYTES + 1)[:MAX_PART_BYTES]
        except _ZIP_ERRORS as error:
            raise CorruptFileError(
                "Word 文件已损坏或不完整（压缩数据无法解开）", source=self.source
            ) from error

    def read_optional(self, name: str) -> bytes | None:
        return self.read(name) if name in self.names else None

    def main_part(self) -> str:
        """The main document part, or raise naming what the package is instead."""
        target, reltype = self._office_target()
        if reltype is not None and reltype.endswith(_XPS_SUFFIX):
            raise UnsupportedFormatError(
                "这是 XPS 文档，不是 Word（DOCX）文件；请另存为 PDF 或 DOCX 后再读取",
                source=self.source,
            )
        if target is not None:
            other = _OFFICE_KINDS.get(target.split("/", 1)[0])
            if other is not None:
                raise UnsupportedFormatError(other, source=self.source)
            if target in self.names:
                return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        if target is not None:
            raise CorruptFileError(
                f"Word 文件缺少正文部件 {target}，可能已损坏", source=self.source
            )
        self._raise_other()
        raise AssertionError  # pragma: no cover - _raise_other always raises

    def _office_target(self) -> tuple[str | None, str | None]:
        """Target and type of the package's officeDocument (or XPS) relationship."""
        if "_rels/.rels" not in self.names:
            return None, None
        rels = _parse(self.read("_rels/.rels"), self.source)
        for rel in rels.iter(f"{{{_REL_NS}}}Relationship", "Relationship"):
            reltype = rel.get("Type") or ""
            if reltype.endswith((_MAIN_DOC_SUFFIX, _XPS_SUFFIX)):
                target = (rel.get("Target") or "").lstrip("/")
                return normpath(target) if target else None, reltype
        return None, None

    def _raise_other(self) -> None:
        names = self.names
        for prefix, message in _OFFICE_KINDS.items():
            if any(n.startswith(prefix + "/") for n in names):
                raise UnsupportedFormatError(message, source=self.source)
        if "mimetype" in names:
            mimetype = self.read("mimetype")[:100].decode("ascii", "replace").strip()
            raise UnsupportedFormatError(_odf_message(mimetype), source=self.source)
        if "OFD.xml" in names:
            raise UnsupportedFormatError(
                "这是 OFD 版式文件，暂不支持；请另存为 PDF 或 DOCX 后再读取", source=self.source
            )
        if any(n.endswith(".fdseq") for n in names):
            raise UnsupportedFormatError(
                "这是 XPS 文档，不是 Word（DOCX）文件；请另存为 PDF 或 DOCX 后再读取",
                source=self.source,
            )
        if "[Content_Types].xml" in names or any(n.startswith("word/") for n in names):
            raise CorruptFileError(
                "Word 文件缺少正文部件 word/document.xml，可能已损坏", source=self.source
            )
        raise UnsupportedFormatError(
            "这是 ZIP 压缩包，不是 Word（DOCX）文件；请解压后分别读取其中的报告", source=self.source
        )


_OFFICE_KINDS: dict[str, str] = {
    "xl": "这是 Excel 工作簿（XLSX），不是 Word 文档；请将年度报告保存为 DOCX、PDF 或文本后再读取",
    "ppt": "这是 PowerPoint 演示文稿（PPTX），不是 Word 文档；请将报告保存为 DOCX 或 PDF 后再读取",
    "visio": "这是 Visio 绘图（VSDX），不是 Word 文档",
}


def _odf_message(mimetype: str) -> str:
    kinds = {
        "application/vnd.oasis.opendocument.text": "OpenDocument 文本（ODT）",
        "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument 电子表格（ODS）",
        "application/vnd.oasis.opendocument.presentation": "OpenDocument 演示文稿（ODP）",
        "application/epub+zip": "EPUB 电子书",
    }
    what = kinds.get(mimetype, "OpenDocument 或其他 ZIP 格式的文件")
    return f"这是 {what}，不是 Word（DOCX）文件；请在 WPS 或 Word 中另存为 DOCX 后再读取"


def _parse(data: bytes, source: str | None) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CorruptFileError("Word 文件中的 XML 已损坏或不完整", source=source) from error


def _core_title(package: _Package, source: str | None) -> str | None:
    data = package.read_optional("docProps/core.xml")
    if data is None:
        return None
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None  # damaged metadata is no reason to reject the body
    node = root.find(_DC_TITLE)
    text = (node.text or "").strip() if node is not None else ""
    return text or None


# ---------------------------------------------------------------------------------------------
# Styles: which paragraph styles are headings, and of what level
# ---------------------------------------------------------------------------------------------


@dataclass
class _Styles:
    """What paragraph styles say: heading levels and automatic numbering (``numId``, level)."""

    levels: dict[str, int] = field(default_factory=dict)
    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)


def _read_styles(data: bytes | None, ns: str) -> _Styles:
    """Heading levels and numbering of paragraph styles, following ``basedOn``."""
    if data is None:
        return _Styles()
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return _Styles()  # damaged styles cost the heading levels, not the text
    w = f"{{{ns}}}"
    levels: dict[str, int | None] = {}
    numbering: dict[str, tuple[str, int] | None] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{w}style"):
        sid = style.get(f"{w}styleId")
        if not sid or style.get(f"{w}type") not in (None, "paragraph"):
            continue
        name = style.find(f"{w}name")
        levels[sid] = _level_from_name((name.get(f"{w}val") or "") if name is not None else "")
        ppr = style.find(f"{w}pPr")
        outline = ppr.find(f"{w}outlineLvl") if ppr is not None else None
        if levels[sid] is None and outline is not None:
            levels[sid] = _outline_level(outline.get(f"{w}val"))
        numbering[sid] = _num_pr(ppr.find(f"{w}numPr") if ppr is not None else None, w)
        parent = style.find(f"{w}basedOn")
        if parent is not None and parent.get(f"{w}val"):
            based[sid] = parent.get(f"{w}val") or ""
    return _Styles(
        {k: v for k, v in _inherit(levels, based).items() if v},
        {k: v for k, v in _inherit(numbering, based).items() if v[0] != "0"},
    )


def _inherit(own: dict[str, _T | None], based: dict[str, str]) -> dict[str, _T]:
    """Each style's own value, else the nearest ``basedOn`` ancestor's."""
    out: dict[str, _T] = {}
    for sid in own:
        current: str | None = sid
        for _ in range(12):  # basedOn chains are short; this also stops cycles
            if current is None or current not in own:
                break
            value = own[current]
            if value is not None:
                out[sid] = value
                break
            current = based.get(current)
    return out


def _num_pr(numpr: etree._Element | None, w: str) -> tuple[str, int] | None:
    """``(numId, ilvl)`` of a ``w:numPr``; numId ``""`` when only the level is given."""
    if numpr is None:
        return None
    num_id = numpr.find(f"{w}numId")
    ilvl = numpr.find(f"{w}ilvl")
    level = _int_val(ilvl, None, f"{w}val") if ilvl is not None else 0
    return ((num_id.get(f"{w}val") or "") if num_id is not None else "", min(level, 8))


def _level_from_name(name: str) -> int | None:
    m = _HEADING_NAME_RE.match(name)
    if m:
        return int(m.group(1))
    if name.lower() in _TITLE_NAMES:
        return 1
    return None


def _outline_level(value: str | None) -> int:
    try:
        level = int(value or "9")
    except ValueError:
        return 0
    return level + 1 if 0 <= level < 9 else 0


# ---------------------------------------------------------------------------------------------
# Automatic paragraph numbering ("一、", "（一）", "1.") as Word prints it
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_PLACEHOLDER_RE = re.compile(r"%([1-9])")


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    head = "" if tens == 1 else digits[tens]
    return head + ten + (digits[ones] if ones else "")


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    """One level's number in a ``w:numFmt`` (the formats Chinese documents use)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional" and 0 < n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 0 < n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 0 < n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return str(n)


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


class _Numbering:
    """Word's list numbering (``numbering.xml``), counted in document order.

    Counters belong to the abstract list, as in Word: list instances sharing one continue its
    numbering unless they override a level's start.
    """

    def __init__(self, data: bytes | None, ns: str) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        root = None
        if data is not None:
            try:
                root = etree.fromstring(data, _PARSER)
            except (etree.XMLSyntaxError, ValueError):
                root = None
        if root is not None:
            self._load(root, f"{{{ns}}}")

    def _load(self, root: etree._Element, w: str) -> None:
        val = f"{w}val"
        for abstract in root.iter(f"{w}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(f"{w}lvl"):
                ilvl = _int_val(lvl, None, f"{w}ilvl")
                fmt, text = lvl.find(f"{w}numFmt"), lvl.find(f"{w}lvlText")
                levels[min(ilvl, 8)] = _Level(
                    _int_val(lvl, f"{w}start", val, default=1),
                    (fmt.get(val) or "decimal") if fmt is not None else "decimal",
                    (text.get(val) or "") if text is not None else "",
                )
            self.abstract[abstract.get(f"{w}abstractNumId") or ""] = levels
        for num in root.iter(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            overrides = {
                min(_int_val(o, None, f"{w}ilvl"), 8): _int_val(o, f"{w}startOverride", val)
                for o in num.iter(f"{w}lvlOverride")
                if o.find(f"{w}startOverride") is not None
            }
            abstract_id = (ref.get(val) or "") if ref is not None else ""
            self.nums[num.get(f"{w}numId") or ""] = (abstract_id, overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The number a paragraph of list ``num_id`` at level ``ilvl`` prints ("" for bullets)."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if levels[ilvl].fmt in ("bullet", "none"):
            return ""

        def place(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k, _Level(1, "decimal", ""))
            value = counters[k]
            return _format_number(level.start if value is None else value, level.fmt)

        return _PLACEHOLDER_RE.sub(place, levels[ilvl].text)


# ---------------------------------------------------------------------------------------------
# The body walk
# ---------------------------------------------------------------------------------------------


@dataclass
class _Inline:
    """Text gathered from one paragraph; text boxes found in it are walked afterwards."""

    parts: list[str] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)


class _Walker:
    """Walks block content (paragraphs, tables, content controls) into a Document."""

    def __init__(
        self,
        ns: str,
        styles: _Styles,
        source: str | None,
        numbering: Callable[[], bytes | None],
    ) -> None:
        w = f"{{{ns}}}"
        self.w = w
        self.ns = ns
        self.styles = styles
        self.load_numbering = numbering
        self.numbering: _Numbering | None = None
        self.doc = Document(kind="docx", source=source)
        self.paragraphs = 0
        self.tables = 0
        self.t_p, self.t_tbl, self.t_sdt = f"{w}p", f"{w}tbl", f"{w}sdt"
        self.t_tr, self.t_tc = f"{w}tr", f"{w}tc"
        self.t_tr_pr, self.t_tc_pr, self.t_val = f"{w}trPr", f"{w}tcPr", f"{w}val"
        self.t_grid_before, self.t_grid_span = f"{w}gridBefore", f"{w}gridSpan"
        self.t_vmerge, self.t_hmerge = f"{w}vMerge", f"{w}hMerge"
        self.t_del = f"{w}del"
        self.t_ppr, self.t_pstyle, self.t_outline = f"{w}pPr", f"{w}pStyle", f"{w}outlineLvl"
        self.t_num_pr = f"{w}numPr"
        self.t_sdt_content, self.t_sdt_pr = f"{w}sdtContent", f"{w}sdtPr"
        self.t_placeholder = f"{w}showingPlcHdr"
        self.t_r, self.t_t = f"{w}r", f"{w}t"
        self.t_tab, self.t_ptab = f"{w}tab", f"{w}ptab"
        self.t_br, self.t_cr = f"{w}br", f"{w}cr"
        self.t_nbh = f"{w}noBreakHyphen"
        self.t_txbx = f"{w}txbxContent"
        self.t_math_t = f"{{{_MATH}}}t"
        #: Tags that need the careful walk (:meth:`_inline`) instead of plain text gathering.
        self.slow_cell = (
            f"{w}del",
            f"{w}moveFrom",
            f"{w}sdt",
            f"{w}ruby",
            f"{w}noBreakHyphen",
            f"{{{_MC}}}AlternateContent",
        )
        self.slow_para = (
            *self.slow_cell,
            self.t_tab,
            self.t_ptab,
            self.t_br,
            self.t_cr,
            self.t_txbx,
        )
        self.skip = frozenset(
            {
                f"{w}del",
                f"{w}moveFrom",
                f"{w}rt",
                f"{w}instrText",
                f"{w}delText",
                f"{w}delInstrText",
                f"{w}pPr",
                f"{w}rPr",
                f"{w}sdtPr",
                f"{w}sdtEndPr",
                f"{w}fldChar",
                f"{w}footnoteReference",
                f"{w}endnoteReference",
                f"{w}commentReference",
                f"{{{_MC}}}Fallback",
                f"{w}tblPr",
                f"{w}tblGrid",
                f"{w}trPr",
                f"{w}tcPr",
            }
        )

    # -- blocks ----------------------------------------------------------------------------

    def blocks(self, parent: etree._Element, depth: int) -> None:
        """Walk the paragraphs and tables under ``parent`` in document order."""
        for child in self._block_children(parent):
            if child.tag == self.t_p:
                self.paragraph(child, depth)
            elif child.tag == self.t_tbl:
                self.table(child, depth)

    def _block_children(self, parent: etree._Element) -> Iterator[etree._Element]:
        for child in parent:
            tag = child.tag
            if tag == self.t_p or tag == self.t_tbl:
                yield child
            elif tag == self.t_sdt:
                content = self._sdt_content(child)
                if content is not None:
                    yield from self._block_children(content)
            elif isinstance(tag, str) and tag not in self.skip and tag.startswith(self.w):
                # customXml, moveTo, ins … wrap blocks too.
                yield from self._block_children(child)

    def _sdt_content(self, sdt: etree._Element) -> etree._Element | None:
        props = _child(sdt, self.t_sdt_pr)
        if props is not None and _child(props, self.t_placeholder) is not None:
            return None  # still showing its placeholder prompt: nothing was filled in
        return _child(sdt, self.t_sdt_content)

    def paragraph(self, p: etree._Element, depth: int) -> None:
        self.paragraphs += 1
        number = self.paragraphs
        inline = _Inline()
        if next(p.iter(*self.slow_para), None) is None:
            inline.parts.append(self._plain_text(p))
        else:
            self._inline(p, inline)
        level, number_label = self._paragraph_props(p)
        text = "".join(inline.parts)
        if number_label and text.strip():
            joiner = " " if number_label[-1].isalnum() else ""
            text = number_label + joiner + text.lstrip()
        for piece in text.split(_BREAK):
            if piece.strip():
                self.doc.para(piece.strip(), Location(line=number), heading=level)
        for box in inline.boxes:
            self.blocks(box, depth)

    def _paragraph_props(self, p: etree._Element) -> tuple[int, str]:
        """The paragraph's heading level and its automatic number ("" when none)."""
        ppr = _child(p, self.t_ppr)
        if ppr is None:
            return 0, ""
        style_el = _child(ppr, self.t_pstyle)
        style = (style_el.get(self.t_val) or "") if style_el is not None else ""
        outline = _child(ppr, self.t_outline)
        if outline is not None:
            level = _outline_level(outline.get(self.t_val))
        else:
            level = self.styles.levels.get(style, 0)
        num = _num_pr(_child(ppr, self.t_num_pr), self.w) or self.styles.numbering.get(style)
        if num is None:
            return level, ""
        num_id, ilvl = num
        if not num_id:  # only the level given: the list comes from the style
            num_id = self.styles.numbering.get(style, ("", 0))[0]
        if not num_id or num_id == "0":
            return level, ""
        if self.numbering is None:
            self.numbering = _Numbering(self.load_numbering(), self.ns)
        return level, self.numbering.label(num_id, ilvl)

    # -- inline text ----------------------------------------------------------------------

    def _inline(self, el: etree._Element, out: _Inline) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag == self.t_t or tag == self.t_math_t:
                if child.text:
                    out.parts.append(child.text)
            elif tag == self.t_tab or tag == self.t_ptab:
                out.parts.append("\t")
            elif tag == self.t_br or tag == self.t_cr:
                out.parts.append(_BREAK)
            elif tag == self.t_nbh:
                out.parts.append("-")
            elif tag == self.t_txbx:
                out.boxes.append(child)
            elif tag == self.t_sdt:
                content = self._sdt_content(child)
                if content is not None:
                    self._inline(content, out)
            elif len(child):
                self._inline(child, out)

    # -- tables ---------------------------------------------------------------------------

    def table(self, tbl: etree._Element, depth: int) -> None:
        self.tables += 1
        number = self.tables
        rows = [(tr, list(self._cells(tr))) for tr in self._rows(tbl)]
        nested = depth < MAX_TABLE_DEPTH and next(tbl.iterdescendants(self.t_tbl), None) is not None
        # Plain runs only (the common case): lxml gathers each cell's text in one call.
        plain = next(tbl.iter(*self.slow_cell), None) is None
        if depth < MAX_TABLE_DEPTH and self._is_frame(rows):
            for _, cells in rows:
                self.blocks(cells[0], depth + 1)
            return
        for index, (tr, cells) in enumerate(rows, start=1):
            if nested and any(self._has_table(tc) for tc in cells):
                for tc in cells:  # a layout row holding tables: read its cells as blocks
                    self.blocks(tc, depth + 1)
                continue
            self.doc.row(self._row_tokens(tr, cells, number, index, plain=plain), number)

    def _rows(self, tbl: etree._Element) -> Iterator[etree._Element]:
        for child in tbl:
            if child.tag == self.t_tr:
                trpr = _child(child, self.t_tr_pr)
                if trpr is not None and _child(trpr, self.t_del) is not None:
                    continue  # a row deleted with tracked changes
                yield child
            elif child.tag == self.t_sdt:
                content = self._sdt_content(child)
                if content is not None:
                    yield from self._rows(content)
            elif isinstance(child.tag, str) and child.tag not in self.skip:
                yield from self._rows(child)

    def _cells(self, tr: etree._Element) -> Iterator[etree._Element]:
        for child in tr:
            if child.tag == self.t_tc:
                yield child
            elif child.tag == self.t_sdt:
                content = self._sdt_content(child)
                if content is not None:
                    yield from self._cells(content)
            elif isinstance(child.tag, str) and child.tag not in self.skip:
                yield from self._cells(child)

    def _has_table(self, tc: etree._Element) -> bool:
        return next(tc.iter(self.t_tbl), None) is not None

    def _is_frame(self, rows: list[tuple[etree._Element, list[etree._Element]]]) -> bool:
        """A one-column table used as a frame around content: every row is a single cell."""
        return bool(rows) and all(
            len(cells) == 1
            and _int_val(_child(tr, self.t_tr_pr), self.t_grid_before, self.t_val) == 0
            for tr, cells in rows
        )

    def _row_tokens(
        self,
        tr: etree._Element,
        cells: list[etree._Element],
        table: int,
        row: int,
        *,
        plain: bool,
    ) -> list[Token]:
        col = 1 + _int_val(_child(tr, self.t_tr_pr), self.t_grid_before, self.t_val)
        tokens: list[Token] = []
        for tc in cells:
            span, merged = self._cell_props(tc)
            if merged == "h":
                col += span
                continue  # legacy horizontal merge: the first cell printed it
            text = "" if merged == "v" else self._cell_text(tc, plain=plain)
            tokens.append(Token(text, Location(table=table, row=row, col=col)))
            col += span
        return tokens

    def _cell_props(self, tc: etree._Element) -> tuple[int, str | None]:
        """The cell's grid span, and "h"/"v" when it continues a horizontal/vertical merge."""
        tcpr = _child(tc, self.t_tc_pr)
        span, merged = 1, None
        if tcpr is None:
            return span, merged
        for prop in tcpr:
            tag = prop.tag
            if tag == self.t_grid_span:
                span = max(1, _int_val(prop, None, self.t_val, default=1))
            elif tag == self.t_hmerge and prop.get(self.t_val) != "restart":
                merged = "h"
            elif tag == self.t_vmerge and prop.get(self.t_val) != "restart" and merged is None:
                merged = "v"
        return span, merged

    def _plain_text(self, el: etree._Element) -> str:
        """The text of every ``w:t`` (and math ``m:t``) under ``el``."""
        return "".join([t.text or "" for t in el.iter(self.t_t, self.t_math_t)])

    def _cell_text(self, tc: etree._Element, *, plain: bool) -> str:
        if plain:
            text = self._plain_text(tc)
        else:
            inline = _Inline()
            self._cell_inline(tc, inline)
            text = "".join(inline.parts)
        return text.replace(_BREAK, "").replace("\t", "").strip()

    def _cell_inline(self, parent: etree._Element, out: _Inline) -> None:
        """All paragraph text of a cell, nested content included, joined with no separator."""
        for child in self._block_children(parent):
            if child.tag == self.t_p:
                self._inline(child, out)
                boxes, out.boxes = out.boxes, []
                for box in boxes:
                    self._cell_inline(box, out)
            else:  # a table nested beyond MAX_TABLE_DEPTH: its text, row by row
                for tr in self._rows(child):
                    for tc in self._cells(tr):
                        self._cell_inline(tc, out)


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child of ``el`` named ``tag`` (properties come first: usually one step)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _int_val(el: etree._Element | None, child: str | None, val: str, default: int = 0) -> int:
    """The integer ``w:val`` of ``el`` (or of its ``child``), clamped to 0…1000."""
    if el is not None and child is not None:
        el = _child(el, child)
    if el is None:
        return default
    try:
        return min(max(int(el.get(val) or default), 0), 1000)
    except ValueError:
        return default


__all__ = ["MAX_PART_BYTES", "read_docx"]
