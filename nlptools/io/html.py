"""Extracting an article's text from a saved HTML page (standard library only).

This module is ``nlptools.io.html``; the imports below are absolute, so
``html`` and ``html.parser`` are always the standard library's.
"""

from __future__ import annotations

import logging
import re
from html import unescape
from html.parser import HTMLParser

from ..errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["html_to_text"]

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "svg",
        "iframe",
        "template",
        "button",
        "select",
        "figure",
        "figcaption",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "blockquote",
        "section",
        "article",
        "pre",
        "ul",
        "ol",
        "table",
        "main",
        "dd",
        "dt",
    }
)
# "Headline | Site name", "Headline - BBC News": the site part of a <title>
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,40}$")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._lines: list[str] = []
        self._buf: list[str] = []
        self._skip = 0
        self._breaks = 0
        self.title: str | None = None
        self.h1: str | None = None
        self._in_title = False
        self._in_h1 = False

    def _end_line(self) -> None:
        line = " ".join("".join(self._buf).split())
        if line:
            self._lines.append(line)
        self._buf = []

    def _flush(self) -> None:
        self._end_line()
        if self._lines:
            self.blocks.append("\n".join(self._lines))
        self._lines = []
        self._breaks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.title is None and not self._skip:  # not an <svg> icon's title
            self._in_title = True
            self.title = ""
            return
        if tag in _SKIP:
            self._skip += 1
        elif tag == "br":
            # one <br> breaks a line; two in a row break a paragraph
            self._breaks += 1
            if self._breaks >= 2:
                self._flush()
            else:
                self._end_line()
        elif tag in _BLOCK:
            self._flush()
            if tag == "h1" and not self._skip and self.h1 is None:
                self._in_h1 = True
                self.h1 = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self._flush()
            if tag == "h1":
                self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data
            return
        if not self._skip:
            if data.strip():
                self._breaks = 0
            self._buf.append(data)
            if self._in_h1:
                self.h1 = (self.h1 or "") + data


def html_to_text(markup: str, *, name: str = "<html>") -> str:
    """The readable text of an HTML page, one block (paragraph, heading) a paragraph.

    Scripts, styles, navigation, headers, footers, forms and figures (with
    their captions) are dropped; each block element becomes a paragraph
    separated by a blank line (a single ``<br>`` breaks a line, two break a
    paragraph). The page's ``<h1>`` is its headline; without one, the
    ``<title>`` (less a trailing ``| Site name``) becomes the first line.
    Offsets downstream index into this extracted text, not into the markup.

    Parameters
    ----------
    markup : str
        The page.
    name : str
        Shown in errors.

    Raises
    ------
    InputError
        If the page holds no readable text.
    """
    parser = _Extractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # HTMLParser is lenient; anything here is malformed input
        raise InputError(f"{name}: cannot be parsed as HTML ({exc})") from exc
    parser._flush()
    blocks = parser.blocks
    title = " ".join(unescape(parser.title or "").split())
    if title and not (parser.h1 or "").strip():
        # no <h1>: the page title (without its "| Site name" part) is the headline
        short = _SITE_SUFFIX.sub("", title)
        title = short if len(short.split()) >= 3 else title
        if not blocks or blocks[0] != title:
            blocks = [title, *blocks]
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(f"{name}: an HTML page with no readable text")
    return text + "\n"
