"""Structure of what cleaning keeps: headings, paragraphs and sentences, with offsets into the source."""

from __future__ import annotations

from itertools import compress

from ..document import Sentence
from ..segment import split_sentences
from .page import Page
from .shape import TERMINAL, headline_index, norm, words

__all__ = ["structure"]


def _heading_candidate(line: str) -> bool:
    """A line that may be a heading: short, capitalised, not ending like a sentence (``!``/``?`` in title case)."""
    if not line or words(line) > 12 or line[-1] in ".,;:":
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"):
        return False
    if line.endswith(("!", "?")):
        alpha = [w for w in line.split() if w[:1].isalpha()]
        caps = sum(1 for w in alpha if w[0].isupper())
        return bool(alpha) and caps / len(alpha) >= 0.5 and words(line) <= 8
    return not TERMINAL.search(line)


def structure(page: Page, doc_id: str, known_title: str | None) -> tuple[list[Sentence], str | None]:
    """Headings, paragraphs and sentences of the kept lines, in one pass.

    A *block* is a run of consecutive kept lines (a blank or removed line
    ends it). The headline (first line, see :func:`~.shape.headline_index`) and
    any one-line block that looks like a heading are headings. A block of
    several lines is either hard-wrapped text (every line but the last at most
    100 characters: one paragraph, newlines are spaces, except after a
    deliberately short line) or one paragraph per line (news scrapes).
    """
    text = page.text
    kept = page.kept
    spans = page.spans
    n = len(kept)
    kept_idx = page.kept_idx
    title: str | None = None
    headings: set[int] = set()
    h = headline_index(page)
    if h is not None:
        headings.add(h)
        title = page.line(h)
    elif kept_idx and known_title and norm(page.line(kept_idx[0])) == norm(known_title):
        headings.add(kept_idx[0])
    last_kept = kept_idx[-1] if kept_idx else -1

    sentences: list[Sentence] = []
    append = sentences.append
    paragraph = -1

    def add(a: int, b: int) -> None:
        for x, y in split_sentences(text, a, b):
            append(Sentence(doc_id, len(sentences), x, y, text[x:y], paragraph))

    block_ends = (*kept, False)  # with a sentinel: the last block ends too
    i = 0
    while i < n:
        try:
            i = kept.index(True, i)  # the next block runs from line i to line j
        except ValueError:
            break
        j = block_ends.index(False, i) - 1
        if i in headings:  # the headline may open a block
            paragraph += 1
            a, b = spans[i]
            append(Sentence(doc_id, len(sentences), a, b, text[a:b], paragraph, heading=True))
            i += 1
            if i > j:
                continue
        if i == j:
            a, b = spans[i]
            paragraph += 1
            if i != last_kept and b - a <= 120 and _heading_candidate(text[a:b]):
                append(Sentence(doc_id, len(sentences), a, b, text[a:b], paragraph, heading=True))
            else:
                add(a, b)
            i = j + 1
            continue
        widths = [b - a for a, b in spans[i : j + 1]]
        widest = max(widths[:-1])
        if widest > 100:  # one paragraph per line
            for k in range(i, j + 1):
                paragraph += 1
                add(*spans[k])
        else:  # hard-wrapped: one paragraph, broken only after a deliberately short line
            paragraph += 1
            limit = 0.5 * widest
            breaks = list(compress(range(i, j), map(limit.__gt__, widths)))  # lines shorter than the limit
            cut = page.shortened
            if cut:  # a shortened line ends the run too (its removed part must stay out of every sentence)
                breaks = sorted({*breaks, *(k for k in range(i, j) if k in cut or k + 1 in cut)})
            breaks.append(j)
            seg_start = spans[i][0]
            for k in breaks:
                add(seg_start, spans[k][1])
                if k < j:
                    seg_start = spans[k + 1][0]
        i = j + 1
    return sentences, title
