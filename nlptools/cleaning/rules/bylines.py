"""Bylines: a line naming the article's author."""

from __future__ import annotations

import re

from ..page import Cut, Page, line_start
from ..shape import title_like, words

__all__ = ["rule_byline"]

_BYLINE = re.compile(
    r"^(?:by|By|BY|Written by|Reporting by)\s+"
    r"(?!The\b|A\b|An\b|This\b|That\b|Its?\b|Their\b)"
    r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|del|van|von|der|al|bin|la|le))*"
    r"(?:\s*(?:[,|–—-]|\bin\b)\s*[A-Z][^.!?]*)?$"
)


_BYLINE_SCAN = line_start(r"[^\S\n]*(?:by|By|BY|Written by|Reporting by)\s")


def rule_byline(page: Page) -> list[Cut]:
    """``byline``: a line naming the author (``by Sead Dedovic``, ``By Jane Roe, BBC News``)."""
    cuts = []
    for i, _ in page.scan(_BYLINE_SCAN):
        line = page.line(i)
        if words(line) <= 10 and _BYLINE.match(line):
            prev = page.prev_kept(i)
            if prev is None or title_like(page.line(prev), 30):
                cuts.append(Cut(i, *page.spans[i], "byline"))
    return cuts
