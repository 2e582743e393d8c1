"""Sentence segmentation with character offsets, tuned for news text.

The segmenter is rule based and offline: a boundary candidate is sentence
punctuation (``.``, ``!``, ``?``, ``…``, optionally followed by closing quotes
or brackets) followed by white space; a candidate is rejected when it ends an
abbreviation (``Mr.``, ``Sept.``, ``Corp.``), an initial (``George W. Bush``),
a dotted acronym inside a sentence (``the U.S. Army``, ``U.S.S.R. bloc``) or
when the next word starts in lower case. Decimals and money (``$1.13bn``,
``170 millimeter``) never have white space after the point, so they are never
candidates. Quotes that span sentences are split at their inner sentence
boundaries, as news style guides and most gold standards do.

All functions return ``(start, end)`` offsets into the string they were
given, with surrounding white space trimmed, so ``text[start:end]`` is the
sentence exactly as it stands in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "ABBREVIATIONS",
    "SENTENCE_STARTERS",
    "split_sentences",
    "trim_span",
]

#: Abbreviations after which a full stop never ends a sentence (lower case, no dot).
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof gen col lt maj sgt capt cpl pvt cmdr adm brig gov sen rep rev fr hon
    pres supt det insp insp gen atty amb ald asst assoc
    st ste mt ft ave blvd rd
    no nos vol vols fig figs art pp ch sec ss para ed eds trans est approx dept div
    vs v cf al
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

#: Abbreviations that may end a sentence: split after them only when a usual
#: sentence-opening word follows (``... in the U.S. The next day``).
_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    "inc corp ltd co plc llc llp bros jr sr esq etc ag sa nv bv gmbh".split()
)

#: Capitalised words that usually open a sentence (used after ``U.S.``, ``Inc.``).
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    The A An This That These Those There Their They Them He She It Its His Her We Our Us I You Your
    But And Or So Yet If When While Although Though Because Since After Before As At In On Of For To
    From By With Without However Meanwhile Moreover Furthermore Still Also Then Now Later Earlier Last
    Next One Some Many Most Much More All Both Each Every No Not Such What Which Who Whose Why How Where
    Mr Mrs Ms Dr Asked Under Over According Despite During Yesterday Today Tomorrow Instead Indeed
    """.split()
)

_CANDIDATE = re.compile(r"""[.!?…]+['"”’)\]]*(?=\s)""")
_WS = re.compile(r"\s+")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_WORD_AFTER = re.compile(r"""["'“‘(\[]*([^\s"'”’.,;:!?)\]]*)""")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_boundary(text: str, seg_start: int, punct_start: int, punct: str, nxt: int) -> bool:
    """Decide whether the candidate ``punct`` at ``punct_start`` ends a sentence."""
    if nxt >= len(text):
        return True
    c = text[nxt]
    word_m = _WORD_AFTER.match(text, nxt)
    word = word_m.group(1) if word_m else ""
    first = word[:1]
    if first.islower():
        return False  # "U.S.S.R. bloc", "e.g. the", '"Why?" he asked'
    core = punct.rstrip("'\"”’)]")
    if core != ".":
        # "?", "!", "...", "…" and runs like "?!": a boundary before a capital, digit or quote
        return bool(first) or c in "\"'“‘(["
    # a single full stop: look at the token it ends
    j = punct_start
    lo = max(seg_start, punct_start - 40)
    while j > lo and not text[j - 1].isspace():
        j -= 1
    token = text[j:punct_start].lstrip("\"'“‘([")
    if not token:
        return True
    low = token.lower()
    if low in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "George W. Bush"
    if _DOTTED.match(token) or low in _FINAL_ABBREVIATIONS:
        return word in SENTENCE_STARTERS
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences.

    Parameters
    ----------
    text : str
        The source text.
    start, end : int
        The span to split (default: all of ``text``).

    Returns
    -------
    list of (int, int)
        Sentence spans as offsets into ``text``, in order, non-overlapping,
        trimmed of white space; empty when the span is blank.

    Examples
    --------
    >>> s = "Mr. Kim met U.S. officials. The talks ended."
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['Mr. Kim met U.S. officials.', 'The talks ended.']
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    seg_start = start
    for m in _CANDIDATE.finditer(text, start, end):
        punct_end = m.end()
        ws = _WS.match(text, punct_end, end)
        nxt = ws.end() if ws else punct_end
        if nxt >= end:
            break
        if _is_boundary(text, seg_start, m.start(), m.group(0), nxt):
            a, b = trim_span(text, seg_start, punct_end)
            if a < b:
                spans.append((a, b))
            seg_start = nxt
    a, b = trim_span(text, seg_start, end)
    if a < b:
        spans.append((a, b))
    return spans


def sentences_of(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The sentence strings for ``spans`` (a convenience for notebooks)."""
    return [text[a:b] for a, b in spans]
