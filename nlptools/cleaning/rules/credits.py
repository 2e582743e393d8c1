"""Picture furniture: photo credits and captions, found together by :func:`rule_credits`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..page import Cut, Page, line_start
from ..shape import TERMINAL, title_like, words

__all__ = ["rule_credits"]

_CREDIT_MARK = re.compile(
    r"©|\(c\)\s|\b(?:PHOTO|Photo|PICTURE|Picture|IMAGE|Image|Photograph|CREDIT|Credit|Photo credit)\s*(?::|by\b)"
)
_CREDIT_AGENCY = re.compile(
    r"(?:Getty Images|Shutterstock|AFP via Getty|AP Photo|EPA-EFE|Reuters/|/Reuters|Alamy|Xinhua via|Sipa USA|Bloomberg via)[\w /.-]*$"
)


# literal strings one of which every credit line holds (found with str.find, much faster than a regex scan)
_CREDIT_KEYS = (
    "©",
    "(c)",
    "PHOTO",
    "Photo",
    "PICTURE",
    "Picture",
    "IMAGE",
    "Image",
    "CREDIT",
    "Credit",
    "Getty Images",
    "Shutterstock",
    "EPA-EFE",
    "Reuters",
    "Alamy",
    "Xinhua via",
    "Sipa USA",
    "Bloomberg via",
)


_CREDIT_CONNECTORS = frozenset({"via", "for", "and", "of", "the", "by", "de", "van", "von", "from", "courtesy"})


def _credit_like(after: str) -> bool:
    """A credit names people and agencies: at most two lower-case words (``appears on every frame`` is prose)."""
    return sum(1 for w in after.split() if w[:1].islower() and w not in _CREDIT_CONNECTORS) <= 2


def _credit_lines(page: Page) -> Iterator[tuple[int, str]]:
    """Kept lines carrying a photo credit, each with its label: ``photo-credit`` or ``caption``."""
    for i in page.find_lines(_CREDIT_KEYS):
        line = page.line(i)
        m = _CREDIT_MARK.search(line)
        if m is None:
            m = _CREDIT_AGENCY.search(line)
            if m is None or TERMINAL.search(line):
                continue
        after = line[m.end() :]
        if words(after) > 15 or not _credit_like(after):
            continue
        before = line[: m.start()].strip()
        yield i, "photo-credit" if not before or title_like(before, 10) else "caption"


_CAPTION_SCAN = line_start(
    r"[^\S\n]*(?:FILE PHOTO|PHOTO|Photo|Pictured|PICTURED|Caption|CAPTION|Above|ABOVE)[^\S\n]*[:|-]"
)


def _captions(page: Page) -> list[Cut]:
    """Caption lines: a label line sitting directly on a removed photo credit, or a ``Photo: ...`` line."""
    cuts = []
    starts = {i for i, _ in page.scan(_CAPTION_SCAN)}
    n = len(page.spans)
    above_credit = (
        [j - 1 for j in range(1, n) if page.removed_by[j] == "photo-credit" and page.kept[j - 1]]
        if "photo-credit" in page.removed_by
        else []
    )
    for i in sorted(starts.union(above_credit)):
        if i in starts or title_like(page.line(i), 10):
            cuts.append(Cut(i, *page.spans[i], "caption"))
    return cuts


def rule_credits(page: Page) -> list[Cut]:
    """``photo-credit`` and ``caption``: photo credits, then the captions they leave behind.

    A credit alone, or after a short label (``Joe Biden© Win McNamee/Getty
    Images``), is a ``photo-credit``; a paragraph of prose that ends with a
    credit (``... on Thursday. PHOTO: YONHAP``) is a picture ``caption``.
    Once the credits are gone, a label line that sat directly on one
    (``Joe Biden``) is a ``caption`` too, as is a line opening with
    ``Photo:`` (``PICTURED -``, ``Caption |``). One rule records both labels,
    since captions are found by the credits removed.
    """
    cuts = [Cut(i, *page.spans[i], label) for i, label in _credit_lines(page)]
    if cuts:
        page = page.apply(cuts)
    return cuts + _captions(page)
