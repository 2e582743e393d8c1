"""Extracting an article's text from a saved HTML page (standard library only)."""

from __future__ import annotations

import html as _html
import logging
from html.parser import HTMLParser

from .errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["html_to_text"]

_SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "iframe", "template", "button", "select"})
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "blockquote", "section", "article", "figcaption", "pre", "title"})


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._buf: list[str] = []
        self._skip = 0
        self.title: str | None = None
        self._in_title = False

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self._flush()
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self._flush()
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data
            return
        if not self._skip:
            self._buf.append(data)


def html_to_text(markup: str, *, name: str = "<html>") -> str:
    """The readable text of an HTML page, one block (paragraph, heading) a paragraph.

    Scripts, styles, navigation, headers, footers and forms are dropped;
    each block element becomes a paragraph separated by a blank line. The
    page title, when present, becomes the first line (a headline). Offsets
    downstream index into this extracted text, not into the markup.

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
    title = " ".join(_html.unescape(parser.title or "").split())
    if title and (not blocks or blocks[0] != title):
        blocks = [title, *blocks]
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(f"{name}: an HTML page with no readable text")
    return text + "\n"
