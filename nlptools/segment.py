"""Sentence segmentation with character offsets, tuned for news text.

The segmenter is rule based and offline. A boundary *candidate* is sentence
punctuation (``.``, ``!``, ``?``, ``…``, optionally followed by closing quotes
or brackets) followed by white space. A candidate becomes a boundary only
when the next word starts with a capital, a digit or a currency sign (after
any opening quotes or brackets), and, for a single full stop, when the token
it ends is not an abbreviation that goes on:

- titles (``Mr.``, ``Dr.``, ``Gen.``, ``St.``), written with a capital, never
  end a sentence;
- ``No.``, ``Vol.``, ``Fig.``, ``p.`` are abbreviations only before a number
  (``No. 10``); otherwise they are words (``replied: "No. Definitely not."``);
- month and day abbreviations (``Sept.``, ``Jan.``) only before a number
  (``Sept. 11``);
- a single capital is an initial (``George W. Bush``) unless a usual
  sentence-opening word follows (``World War I. The``);
- dotted acronyms (``U.S.``, ``U.S.S.R.``) and company or list endings
  (``Corp.``, ``Inc.``, ``Jr.``, ``etc.``) end a sentence only when a usual
  sentence-opening word follows (``... in the U.S. The next day``);
- an abbreviation written in capitals (``the SEC.``) is an acronym, a word.

Decimals and money (``$1.13bn``, ``47.3%``) have no white space after the
point, so they are never candidates. Quotes that span sentences are split at
their inner sentence boundaries, as news style guides and most gold standards
do. Every span is trimmed of white space, so ``text[start:end]`` is the
sentence exactly as it stands in the source.

:func:`nlptools.evaluate.segmentation.boundary_scores` measures a
segmentation against a gold one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "ABBREVIATIONS",
    "SENTENCE_STARTERS",
    "sentences_of",
    "split_sentences",
    "trim_span",
]

#: Titles and name parts written with a capital (``Mr.``, ``Gen.``, ``St.``):
#: a full stop after them never ends a sentence. Lower case, no dot.
_TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof gen col lt maj sgt capt cpl pvt cmdr adm brig gov sen rep rev fr hon
    pres supt det insp atty amb ald asst assoc dept univ
    st ste mt ft ave blvd rd
    """.split()
)

#: Abbreviations that are followed by a number (``No. 10``, ``Vol. 2``, ``p. 31``,
#: ``Sept. 11``); before anything else they are ordinary words.
_NUMBERED: frozenset[str] = frozenset(
    """
    no nos vol vols fig figs art pp p ch sec para op nr pt pts est ca
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

#: Abbreviations that never end a sentence, in any case (``vs.``, ``cf.``).
_NEVER_FINAL: frozenset[str] = frozenset("vs v cf approx viz".split())

#: Abbreviations after which a full stop may or may not end a sentence (lower case, no dot).
ABBREVIATIONS: frozenset[str] = _TITLES | _NUMBERED | _NEVER_FINAL

#: Abbreviations that may end a sentence: split after them only when a usual
#: sentence-opening word follows (``... Corp. The next day``).
_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    "inc corp ltd co plc llc llp bros jr sr esq etc al ag sa nv bv gmbh".split()
)

#: Capitalised words that usually open a sentence (used after ``U.S.``, ``Inc.``, initials).
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    The A An This That These Those There Their They Them He She It Its His Her We Our Us I You Your
    But And Or So Yet If When While Whilst Although Though Because Since After Before As At In On Of For To
    From By With Without However Meanwhile Moreover Furthermore Still Also Then Now Later Earlier Last
    Next One Some Many Most Much More All Both Each Every No Not Such What Which Who Whose Why How Where
    Mr Mrs Ms Dr Asked Under Over According Despite During Yesterday Today Tomorrow Instead Indeed
    Besides Former Several Few Any Another Other Others Here Nor Unlike Until Unless Whether Once Even
    Only Perhaps Maybe Yes Thus Hence Therefore Otherwise Nevertheless Nonetheless Overall Currently
    Recently Finally First Second Third
    """.split()
)

_CANDIDATE = re.compile(r"""(?<![.!?…])[.!?…]++['"”’)\]]*+(?=\s)""")  # linear: see below
#: a candidate with the white space after it: group 1 is the punctuation, ``m.end()`` the next word.
#: (``[.!?…][.!?…]*``, not ``[.!?…]+``: a pattern opening with a plain character set lets ``re``
#: skip ahead to the next punctuation mark quickly instead of trying a match at every position.)
#: Linear on runs of punctuation without white space (``"." * 80_000``): every run matches whole, at its
#: first mark (the white space is optional: a match without it is no candidate, and the caller skips it),
#: and the possessive ``*+`` never gives back, so no position inside a run is tried again. Requiring the
#: white space in the pattern made ``re`` retry the rest of the run from every mark in it: quadratic.
_CANDIDATE_WS = re.compile(r"""([.!?…][.!?…]*+['"”’)\]]*+)(\s*)""")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_WS = re.compile(r"\s+")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_WORD_AFTER = re.compile(r"""["'“‘(\[]*([^\s"'”’.,;:!?)\]]*)""")
_NUMBER_AFTER = re.compile(r"[0-9]|[IVXLC]+\b")
#: what may open the next word (``_WORD_AFTER`` skips them) and what ends it at once
_OPENERS = "\"'“‘(["
_NOT_IN_WORD = "”’.,;:!?)]"
_CLOSERS = "'\"”’)]"
#: tokens before a full stop that need a closer look (the rest are plain words)
_SPECIAL_TOKENS: frozenset[str] = ABBREVIATIONS | _FINAL_ABBREVIATIONS


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_sentence(first: str) -> bool:
    """True when a word starting with ``first`` can open a sentence."""
    # capitals, digits, currency, and letters of scripts without case (Hangul, CJK, Arabic...)
    return first.isupper() or first.isdigit() or first in "$£€¥" or (first.isalpha() and not first.islower())


def _word_after(text: str, nxt: int) -> str:
    """The word starting at ``nxt``, after any opening quotes or brackets."""
    return _WORD_AFTER.match(text, nxt).group(1)  # type: ignore[union-attr]  # all optional: always matches


def _is_boundary(text: str, seg_start: int, punct_start: int, punct: str, nxt: int) -> bool:
    """Decide whether the candidate ``punct`` at ``punct_start`` ends a sentence."""
    if nxt >= len(text):
        return True
    first = text[nxt]
    if first in _OPENERS:
        first = _word_after(text, nxt)[:1]
    elif first in _NOT_IN_WORD or first.isspace():
        first = ""
    if not first or first.islower() or not _opens_sentence(first):
        return False  # "U.S.S.R. bloc", '"Why?" he asked', "Salaam Bombay! - nominated ..."
    if punct.rstrip(_CLOSERS) != ".":
        return True  # "?", "!", "...", "…" and runs like "?!" before a capital or digit
    # a single full stop: look at the token it ends (at most 40 characters back, not before seg_start)
    before = text[max(seg_start, punct_start - 40) : punct_start]
    if not before or before[-1].isspace():
        return True
    token = before.rsplit(None, 1)[-1].lstrip("\"'“‘([")
    if not token:
        return True
    low = token.lower()
    if len(token) > 1 and low not in _SPECIAL_TOKENS and "." not in token:
        return True  # the common case: a plain word ("said.", "CIA.")
    if low in ABBREVIATIONS:
        capitalised = token[0].isupper() and (len(token) == 1 or not token[1:].isupper())
        if low in _NEVER_FINAL:
            return False
        if low in _TITLES and capitalised:
            return False  # "Mr. Kim", "St. Louis"
        if low in _NUMBERED and (token[0].islower() or capitalised) and _NUMBER_AFTER.match(_word_after(text, nxt)):
            return False  # "No. 10", "Sept. 11", "p. 31"
        return True  # a word after all: "replied: No. Definitely", "the SEC. The", "Ant and Dec. She"
    if len(token) == 1 and token.isupper():
        # an initial ("George W. Bush"), unless the sentence ends with it ("World War I. The")
        word = _word_after(text, nxt)
        return len(word) > 1 and word in SENTENCE_STARTERS
    if _DOTTED.match(token) or (low in _FINAL_ABBREVIATIONS and not (len(token) > 1 and token.isupper())):
        return _word_after(text, nxt) in SENTENCE_STARTERS  # "U.S. Army" / "the U.S. The"; "Co. said" / "Corp. The"
    return True  # a word, or an acronym in capitals ("the CIA. Officials", "in SA. Police")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences.

    A blank line always ends a sentence, so a headline or heading without a
    full stop stays apart from the paragraph below it.

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
    >>> split_sentences("Big news\\n\\nIt rained.")
    [(0, 8), (10, 20)]
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    if text.find("\n", start, end) < 0:  # one line (how cleaning calls it): no paragraph break
        _split_paragraph(text, start, end, spans)
        return spans
    pos = start
    for m in _BLANK_LINE.finditer(text, start, end):
        _split_paragraph(text, pos, m.start(), spans)
        pos = m.end()
    _split_paragraph(text, pos, end, spans)
    return spans


def _split_paragraph(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of ``text[start:end]`` (no blank line inside) to ``spans``."""
    # Trimmed first, the span starts and ends with a non-space, so every sentence found inside it
    # starts with one (the word after a candidate's white space) and ends with one (its punctuation):
    # no sentence needs trimming.
    start, end = trim_span(text, start, end)
    seg_start = start
    for m in _CANDIDATE_WS.finditer(text, start, end):
        if m.end(2) == m.start(2):
            continue  # punctuation inside a word or a run ("U.S", "1.13", "..."): no candidate
        nxt = m.end()  # < end: the white space after the candidate cannot run to the (trimmed) end
        if _is_boundary(text, seg_start, m.start(), m.group(1), nxt):
            spans.append((seg_start, m.end(1)))
            seg_start = nxt
    if seg_start < end:
        spans.append((seg_start, end))


def sentences_of(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The sentence strings for ``spans`` (a convenience for notebooks)."""
    return [text[a:b] for a, b in spans]
