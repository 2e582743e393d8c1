"""The shape of a line, read by rules and by the structure pass: words, title-likeness, the headline."""

from __future__ import annotations

import re

from .page import Page

__all__ = ["TERMINAL", "headline_index", "norm", "title_like", "words"]

#: Sentence-final punctuation, with any closing quotes or brackets, at the end of a line.
TERMINAL = re.compile(r"""[.!?…]['"”’)\]]*$""")

_PUNCT = re.compile(r"[^\w\s]")


def words(s: str) -> int:
    """The number of white-space separated words in ``s``."""
    return len(s.split())


def title_like(s: str, max_words: int = 12) -> bool:
    """Short, and not ending like a sentence or a clause."""
    return 0 < words(s) <= max_words and not TERMINAL.search(s) and s[-1:] not in ",;:"


def norm(s: str) -> str:
    """``s`` case-folded, punctuation turned to spaces, white space collapsed (to compare headlines)."""
    return " ".join(_PUNCT.sub(" ", s.casefold()).split())


def headline_index(page: Page) -> int | None:
    """The headline's line: the first kept line, when it stands alone and does not read like a sentence."""
    kept = page.kept_idx
    if len(kept) < 2:
        return None
    first = page.line(kept[0])
    if words(first) > 30 or first.endswith((".", ",", ";", ":")):
        return None
    nxt = kept[0] + 1
    if nxt < len(page.kept) and page.kept[nxt] and page.spans[kept[0]][1] - page.spans[kept[0]][0] <= 100:
        # the first line of a hard-wrapped paragraph, not a headline standing alone
        return None
    return kept[0]
