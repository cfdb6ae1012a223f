"""Personal data and sensitive words in a text about to be published (审查 before 主动公开).

What is found, each hit with its offsets in the scanned text and a masked excerpt:

* ``身份证号`` — 18-character 居民身份证号码 whose region, birth date and GB 11643 check
  character are right (the check from :mod:`gongkai.law.identity`), and 15-digit old numbers
  (region + a valid 19YYMMDD birth date; they carry no check digit);
* ``手机号`` — mainland mobile numbers ``1[3-9]`` + 9 digits, optionally ``+86``/``86`` and
  written 3-4-4 with spaces or hyphens; never a piece of a longer digit run;
* ``银行卡号`` — 16 to 19 digits (or groups of four separated by one space or hyphen) whose
  Luhn digit is right, never a piece of a longer digit run and not a valid 身份证号;
* ``地址`` — a street address down to the house: a road, street or lane name followed by a
  number and ``号`` (``…路12号``, ``…巷3号``), a 小区/村 with a building and a room
  (``…小区3栋2单元501室``), a 村/组 with a house number (``…村3组12号``). The 省/市/区/县/镇
  before it is part of the hit. A road name alone, an organisation's name or a 文号 do not fire;
  an office address in a 指南 (``…路1号``) does, on purpose: the approver decides;
* ``敏感词`` — the caller's words, case-insensitive, longest first.

Offsets index the text as given (no normalisation), so ``text[hit.start:hit.end]`` is the hit.
Personal-data hits never overlap each other (身份证号 > 银行卡号 > 手机号 > 地址); sensitive-word
hits are reported on their own.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from gongkai.law.identity import ID_PROVINCES, resident_id_check
from gongkai.publishing.sniff import detect_kind

__all__ = [
    "ADDRESS",
    "BANK_CARD",
    "KINDS",
    "MOBILE",
    "RESIDENT_ID",
    "SENSITIVE_WORD",
    "ExtractionError",
    "ScanHit",
    "extract_text",
    "is_bank_card",
    "is_resident_id",
    "luhn_ok",
    "mask",
    "scan_text",
]

RESIDENT_ID = "身份证号"
MOBILE = "手机号"
BANK_CARD = "银行卡号"
ADDRESS = "地址"
SENSITIVE_WORD = "敏感词"
KINDS: tuple[str, ...] = (RESIDENT_ID, MOBILE, BANK_CARD, ADDRESS, SENSITIVE_WORD)
#: Overlapping personal-data hits: the kind listed first wins.
_PRIORITY: tuple[str, ...] = (RESIDENT_ID, BANK_CARD, MOBILE, ADDRESS)

#: Characters of context on each side of a hit in its excerpt.
EXCERPT_CONTEXT = 12

_ID18 = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dA-Za-z])")
_ID15 = re.compile(r"(?<!\d)\d{15}(?!\d)")
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d(?:\d{8}|([ -])\d{4}\1\d{4})(?!\d)")
_CARD_RUN = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
_CARD_GROUPED = re.compile(
    r"(?<!\d)(?<!\d[ -])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?!\d)(?![ -]\d)"
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]"
#: Administrative places before the street: 省, 自治区, 市, 区, 县, 旗, 镇, 乡, 街道.
_PLACE = rf"(?:[{_HAN}]{{1,8}}?(?:省|自治区|市|区|县|旗|镇|乡|街道))"
_STREET = rf"[{_HAN}A-Za-z0-9]{{1,6}}?(?:大道|大街|路|街|巷|弄|胡同|里)"
_HOUSE = r"\d{1,5}(?:[-－之]\d{1,4})?号"
_UNIT = r"(?:(?:\d{1,4}(?:号楼|栋|幢|座|号院))?(?:\d{1,3}单元)?(?:\d{1,5}(?:室|房|号房))?)"
_ADDRESS = re.compile(
    rf"{_PLACE}*"
    rf"(?:"
    rf"{_STREET}{_HOUSE}{_UNIT}"
    rf"|[{_HAN}]{{1,10}}?(?:小区|花园|家园|公寓|新村|苑)\d{{1,4}}(?:号楼|栋|幢|座)"
    rf"(?:\d{{1,3}}单元)?\d{{1,5}}(?:室|房|号)"
    rf"|[{_HAN}]{{1,8}}?村{_NUM}{{1,3}}组\d{{1,4}}号"
    rf")"
)

#: Words that introduce an address and are not part of it.
_ADDRESS_LEAD = re.compile(
    r"(?:现|原)?(?:家住|居住|住|户籍|籍贯|地址|住址|住所|位于|坐落于|坐落在|地处)"
    r"(?:地|地址|在|于|址)?"
)


class ExtractionError(ValueError):
    """The attachment's text cannot be read (Chinese message)."""


@dataclass(frozen=True)
class ScanHit:
    kind: str
    start: int
    end: int
    excerpt: str
    where: str


def _digits(value: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in value if ch.isdigit())


def _birth_date_ok(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return year >= 1900


def is_resident_id(value: str) -> bool:
    """An 18-character 居民身份证号码 with a known region, a valid birth date and its check
    character; or a 15-digit old number with a known region and a valid 19YYMMDD date."""
    number = value.upper()
    if len(number) == 18:
        if not (number[:17].isascii() and number[:17].isdigit()):
            return False
        if number[:2] not in ID_PROVINCES:
            return False
        if not _birth_date_ok(int(number[6:10]), int(number[10:12]), int(number[12:14])):
            return False
        return resident_id_check(number[:17]) == number[17]
    if len(number) == 15 and number.isascii() and number.isdigit():
        return number[:2] in ID_PROVINCES and _birth_date_ok(
            1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])
        )
    return False


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over a string of ASCII digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_bank_card(value: str) -> bool:
    """16–19 digits (separators ignored) with a right Luhn digit that are not a 身份证号."""
    digits = _digits(value)
    return 16 <= len(digits) <= 19 and luhn_ok(digits) and not is_resident_id(digits)


def mask(kind: str, value: str) -> str:
    """The hit as shown to people: 身份证号 and 银行卡号 keep their first and last four
    characters, 手机号 its first three and last four digits, 地址 loses every digit, a sensitive
    word keeps its first character."""
    if kind in (RESIDENT_ID, BANK_CARD):
        keep = [i for i, ch in enumerate(value) if ch.isdigit() or ch in "Xx"]
        shown = set(keep[:4] + keep[-4:])
        return "".join(ch if i in shown or i not in keep else "*" for i, ch in enumerate(value))
    if kind == MOBILE:
        positions = [i for i, ch in enumerate(value) if ch.isdigit()]
        hidden = set(positions[-8:-4])
        return "".join("*" if i in hidden else ch for i, ch in enumerate(value))
    if kind == ADDRESS:
        return "".join(
            "*" if ch.isdigit() or ch in "一二三四五六七八九十百零〇" else ch for ch in value
        )
    return value[:1] + "*" * (len(value) - 1)


def _excerpt(masked: str, start: int, end: int) -> str:
    """The hit and its context from the text with every hit masked (masks keep lengths)."""
    lead = "…" if start > EXCERPT_CONTEXT else ""
    tail = "…" if end + EXCERPT_CONTEXT < len(masked) else ""
    excerpt = f"{lead}{masked[max(0, start - EXCERPT_CONTEXT) : end + EXCERPT_CONTEXT]}{tail}"
    return re.sub(r"\s+", " ", excerpt)


def _personal_spans(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for match in _ID18.finditer(text):
        if is_resident_id(match.group()):
            found.append((RESIDENT_ID, match.start(), match.end()))
    for match in _ID15.finditer(text):
        if is_resident_id(match.group()):
            found.append((RESIDENT_ID, match.start(), match.end()))
    for pattern in (_CARD_RUN, _CARD_GROUPED):
        for match in pattern.finditer(text):
            if match.group().isascii() and is_bank_card(match.group()):
                found.append((BANK_CARD, match.start(), match.end()))
    for match in _MOBILE.finditer(text):
        if match.group().replace(" ", "").replace("-", "").lstrip("+").isascii():
            found.append((MOBILE, match.start(), match.end()))
    for match in _ADDRESS.finditer(text):
        head = re.split(r"\d", match.group(), maxsplit=1)[0]
        leads = [lead.end() for lead in _ADDRESS_LEAD.finditer(head)]
        start = match.start() + (leads[-1] if leads else 0)
        if start < match.end():
            found.append((ADDRESS, start, match.end()))
    kept: list[tuple[str, int, int]] = []
    for span in sorted(found, key=lambda s: (_PRIORITY.index(s[0]), s[1])):
        if all(span[2] <= other[1] or other[2] <= span[1] for other in kept):
            kept.append(span)
    return kept


def _word_spans(text: str, words: Iterable[str]) -> list[tuple[str, int, int]]:
    cleaned = sorted({w.strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    if not cleaned:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in cleaned), re.IGNORECASE)
    return [(SENSITIVE_WORD, m.start(), m.end()) for m in pattern.finditer(text)]


def scan_text(
    text: str, *, where: str = "正文", sensitive_words: Iterable[str] = ()
) -> list[ScanHit]:
    """Every hit in ``text``, ordered by position. Excerpts mask every hit, not only their own."""
    spans = _personal_spans(text) + _word_spans(text, sensitive_words)
    spans.sort(key=lambda s: (s[1], s[2], KINDS.index(s[0])))
    chars = list(text)
    for kind, start, end in spans:
        chars[start:end] = mask(kind, "".join(chars[start:end]))
    masked = "".join(chars)
    return [
        ScanHit(kind, start, end, _excerpt(masked, start, end), where) for kind, start, end in spans
    ]


# ---------------------------------------------------------------------------------------------
# Text of attachments
# ---------------------------------------------------------------------------------------------

TEXT_EXTENSIONS = frozenset({".txt", ".csv", ".md", ".html", ".htm", ".xml", ".json"})
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})


def extract_text(data: bytes, filename: str) -> str:
    """The text to scan and index from an attachment: PDF (pdfplumber), DOCX (paragraphs and
    tables, python-docx), XLSX (every cell, openpyxl read-only), plain text (UTF-8, else GBK).
    Images have no text: ``""``. Anything else, or a broken file: :class:`ExtractionError`."""
    kind = detect_kind(data)
    try:
        if kind == "pdf":
            return _pdf_text(data)
        if kind == "docx":
            return _docx_text(data)
        if kind == "xlsx":
            return _xlsx_text(data)
    except ExtractionError:
        raise
    except Exception as error:  # the readers raise many kinds on broken files
        raise ExtractionError(f"无法读取附件“{filename}”的文字内容，文件可能已损坏。") from error
    if kind in IMAGE_KINDS:
        return ""
    if kind is None and PurePosixPath(filename).suffix.lower() in TEXT_EXTENSIONS:
        return _plain_text(data, filename)
    raise ExtractionError(f"无法读取附件“{filename}”的文字内容：不支持的文件格式。")


def _plain_text(data: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError(f"无法识别附件“{filename}”的文字编码（应为 UTF-8 或 GBK）。")


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return "\n\n".join(pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                if not cells or cells[-1] != cell.text:  # merged cells repeat
                    cells.append(cell.text)
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines: list[str] = []
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                values = ["" if value is None else str(value) for value in row]
                if any(values):
                    lines.append("\t".join(values).rstrip("\t"))
    finally:
        workbook.close()
    return "\n".join(lines)
