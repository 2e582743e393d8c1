"""Structure of what cleaning keeps: headings, paragraphs and sentences, with offsets into the source."""

from __future__ import annotations

import re
from itertools import compress

from ..document import Sentence
from ..segment import split_sentences
from .page import Page
from .shape import TERMINAL, headline_index, norm, words

__all__ = ["structure", "caption_like"]

#: A headline this long is really a caption or an unpunctuated lead: news headlines run to about 15 words.
HEADLINE_MAX_WORDS = 20

# words of picture furniture: what a caption says about a photo, a credit, a tag line
_PICTURE = re.compile(
    r"\((?:L|R|C|l|r|c|left|right|centre|center|front|back|pictured|file|above|below|top|bottom)\)|"
    r"\b(?:pictured|photographed|file photo|in this (?:photo|picture|image|handout|undated)|handout photo|"
    r"looks on|look on|is seen|are seen|poses for|posing for|gestures (?:as|during|while|to)|waves to|smiles as|"
    r"from left|left to right|photo illustration)\b|©|\b(?:photo|picture|image|credit)\s*:|"
    r"\b(?:Getty Images|Shutterstock|AP Photo|Alamy|EPA-EFE|via Reuters|via AFP)\b|\b[A-Z]{2,5}/(?:Getty|AFP|AP)\b",
)
# a line that is only a page label, or a label with a date or time
_TAG_LINE = re.compile(
    r"(?:advertisement|sponsored(?: content)?|share(?: this(?: article| story)?)?|read more|related(?: articles?)?|"
    r"listen(?: to this article)?|watch(?: now)?|video|live|breaking(?: news)?|exclusive|opinion|analysis|"
    r"subscribe|sign up|follow us|\d+\s*min(?:ute)?s?\s+read)\W*|(?:updated|published|posted|last updated)\b.*\d.*",
    re.I,
)
# a full date written out in the line ("on September 12, 2023"): captions date their photo, headlines do not
_FULL_DATE = re.compile(r"\b(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})\b")


def caption_like(line: str) -> str | None:
    """Why a first line is not a headline (a photo caption, a credit, a tag line), or None.

    The title rule: a headline is short (at most :data:`HEADLINE_MAX_WORDS`
    words) and says nothing about a picture; a line describing a photo
    (``pictured``, ``(L)``, ``looks on``, ``in this photo``), crediting one
    (``©``, ``Photo:``, ``Getty Images``, ``AFP``), dating it (``on
    September 12, 2023``) or labelling the page (``Advertisement``, ``Read
    more``, ``5 min read``) is furniture, and so is a line too long for a
    headline (a caption or an unpunctuated lead).

    >>> caption_like("Kim meets Putin in Vladivostok")
    >>> caption_like("Kim Jong Un (C) looks on during a drill")
    'picture'
    """
    if words(line) > HEADLINE_MAX_WORDS:
        return "long"
    if _TAG_LINE.fullmatch(line.strip()):
        return "tag-line"
    if _PICTURE.search(line):
        return "picture"
    if _FULL_DATE.search(line):
        return "dated"
    return None


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
        title = page.line(h) if caption_like(page.line(h)) is None else None
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
