"""Rich-text HTML of a publication through an allow-list, and its plain text.

:func:`sanitize_html` runs ``nh3`` (the Rust ``ammonia`` sanitizer) with the allow-list below and
nothing else: no script or style (their content is dropped), no event handlers, no ``style`` or
``class`` attributes, links only to http, https and mailto (``rel="noopener"``), images only from
relative, http or https addresses. Comments are removed.

:func:`html_to_text` gives the text for scanning and for the search index: one line per block
(paragraph, heading, list item, table row; cells separated by a tab), blank-free, entities
decoded, script and style content dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "html_to_text", "sanitize_html"]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "h2", "h3", "h4", "strong", "em", "u", "ol", "ul", "li", "blockquote"}
    | {"table", "thead", "tbody", "tr", "th", "td", "a", "img"}
)
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
#: Elements removed together with their content.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math"}
)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("colspan", "rowspan"):
        return value if value.isascii() and value.isdigit() and 0 < int(value) <= 100 else None
    if tag == "img" and attribute == "src":
        scheme = urlsplit(value.strip()).scheme.lower()
        return value if scheme in ("", "http", "https") else None
    return value


def sanitize_html(html: str) -> str:
    """``html`` with only the allowed tags and attributes left."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        strip_comments=True,
        link_rel="noopener",
        url_schemes=set(URL_SCHEMES),
        generic_attribute_prefixes=set(),
    )


_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol"}
    | {"blockquote", "pre", "section", "article", "header", "footer", "dt", "dd", "caption"}
)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def html_to_text(html: str) -> str:
    """The text of ``html``: one line per paragraph, heading, list item or table row."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines: list[str] = []
    for raw in "".join(collector.parts).split("\n"):
        line = re.sub(r"[ \t\r\f\v\u00a0\u3000]*\t[ \t\r\f\v\u00a0\u3000]*", "\t", raw)
        line = re.sub(r"[ \r\f\v\u00a0]+", " ", line).strip(" \t\u3000")
        if line:
            lines.append(line)
    return "\n".join(lines)
