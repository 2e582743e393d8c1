"""Headlines: a later line repeating the headline (scraped pages often print it twice)."""

from __future__ import annotations

from ..page import Cut, Page
from ..shape import headline_index, norm

__all__ = ["rule_repeated_headline"]


def rule_repeated_headline(page: Page) -> list[Cut]:
    """``repeated-headline``: a later line that repeats the headline (first line)."""
    h = headline_index(page)
    if h is None:
        return []
    key = norm(page.line(h))
    if not key:
        return []
    n = page.spans[h][1] - page.spans[h][0]
    lo, hi = 0.7 * n, 1.3 * n + 2
    first = key[0]
    text = page.text
    cuts = []
    for i in page.kept_idx:
        if i <= h:
            continue
        a, b = page.spans[i]
        if lo <= b - a <= hi and text[a : a + 4].casefold().lstrip("\"'“‘([")[:1] == first and norm(text[a:b]) == key:
            cuts.append(Cut(i, a, b, "repeated-headline"))
    return cuts
