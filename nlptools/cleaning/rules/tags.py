"""Agency and place tags: an agency glued to a paragraph's end, a dateline, source and tag lines ending the article."""

from __future__ import annotations

import re

from ..page import Cut, Page
from ..shape import TERMINAL, title_like, words

__all__ = ["rule_agency_tag", "rule_dateline", "rule_trailing"]

_AGENCIES = (
    r"AFP|Reuters|AP|Xinhua|Yonhap|Tass|TASS|Bloomberg|dpa|DPA|UPI|ANI|IANS|PTI|Kyodo|EFE|ANSA|Interfax|"
    r"RIA Novosti|KCNA|BBC|CNN|Agencies|agencies"
)

_AGENCY_TAG_SCAN = re.compile(
    rf"[.!?\"”’][^\S\n]+(?:(?:{_AGENCIES})(?:[^\S\n]+News)?|[A-Z][A-Za-z]+[^\S\n]+News(?:[^\S\n]+Agency)?"
    rf"|[A-Z]{{2,6}}/[A-Z]{{2,6}})[^\S\n]*$",
    re.M,
)


def rule_agency_tag(page: Page) -> list[Cut]:
    """``agency-tag``: an agency name glued to a paragraph's end (``... to Vladivostok. AFP News``)."""
    cuts = []
    text = page.text
    for m in _AGENCY_TAG_SCAN.finditer(text):
        i = page.line_at(m.start())
        if not page.kept[i]:
            continue
        a, b = page.spans[i]
        if a < m.start() and m.end() >= b:
            cuts.append(Cut(i, m.start() + 1, b, "agency-tag", whole=False))
    return cuts


_DATELINE = re.compile(
    rf"(?P<dl>[A-Z][A-Z.'’ -]{{1,30}}[A-Z.](?:,\s*[A-Z][A-Za-z. ]{{1,25}})?"
    rf"(?:,?\s*[A-Z][a-z]{{2,4}}\.?\s+\d{{1,2}})?\s*(?:\((?:{_AGENCIES}|[A-Z][A-Za-z. ]{{1,20}})\)\s*)?[–—-]{{1,2}}\s+)(?=[A-Z\"“‘'])"
)


def rule_dateline(page: Page) -> list[Cut]:
    """``dateline``: a place prefix opening the story (``SEOUL –``, ``LONDON (Reuters) -``)."""
    for i in page.kept_idx[:4]:
        if not page.starts_block(i):
            continue  # a dateline opens a paragraph, never a wrapped line inside one
        a, b = page.spans[i]
        m = _DATELINE.match(page.text, a, b)
        if m and words(m.group("dl")) <= 8:
            return [Cut(i, a, m.end(), "dateline", whole=False)]
    return []


_SOURCE_WORDS = re.compile(
    rf"/|\b(?:{_AGENCIES}|News|Network|Press|Agency|Herald|Times|Post|Journal|Daily|Tribune|Gazette|"
    r"Telegraph|Guardian|Observer|Independent|Insider|Wire|Media|Service|Report|Today)\b"
)


def rule_trailing(page: Page) -> list[Cut]:
    """``source-line`` / ``tag-line``: short unpunctuated lines ending the article.

    Nothing follows them, so they cannot be headings: an agency or
    publication (``Asia News Network/The Korea Herald``) is a source line,
    anything else (``Ukraine Vladimir Putin``) a tag line. One rule records
    both labels: the last two lines are judged together (at most two go,
    and only when prose stands above them), so it is registered under both.
    """
    kept = page.kept_idx
    if len(kept) < 2:
        return []
    cuts: list[Cut] = []
    k = len(kept) - 1
    while k >= 1 and len(cuts) < 2:
        line = page.line(kept[k])
        if not title_like(line, 8) or line.endswith("?"):
            break
        rule = "source-line" if _SOURCE_WORDS.search(line) else "tag-line"
        cuts.append(Cut(kept[k], *page.spans[kept[k]], rule))
        k -= 1
    # furniture follows prose: after a list of short lines (a results table) the last items are content
    if cuts and not TERMINAL.search(page.line(kept[k])):
        return []
    return cuts[::-1]
