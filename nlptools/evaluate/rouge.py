"""ROUGE for extractive summaries, a greedy extractive oracle, and reference matching.

Scores come from Google's ``rouge-score`` package with Porter stemming on
(offline; no NLTK data): ROUGE-1, ROUGE-2, ROUGE-L (one LCS over the whole
text) and ROUGE-Lsum (summary-level LCS over sentences, which must be
separated by newlines; give lists of sentences and they are joined so).

:func:`greedy_oracle` picks the article sentences that maximise ROUGE
against a reference, greedily (Nallapati et al., 2017): the usual upper
bound for extractive methods. :func:`match_reference` splits a reference
made of article sentences glued together without spaces (as in the BBC
News Summary corpus) back into those sentences.

Examples
--------
>>> round(rouge("the cat sat on the mat", "the cat lay on the mat")["rouge1"], 4)
0.8333
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = [
    "ROUGE_TYPES",
    "rouge",
    "rouge_scores",
    "mean_rouge",
    "greedy_oracle",
    "ReferenceMatch",
    "match_reference",
]

#: The ROUGE variants reported, in order.
ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")

_SCORERS: dict[tuple[tuple[str, ...], bool], Any] = {}


def _scorer(types: tuple[str, ...], stemmer: bool) -> Any:
    key = (types, stemmer)
    if key not in _SCORERS:
        from rouge_score import rouge_scorer

        bad = [t for t in types if t not in ROUGE_TYPES and not (t.startswith("rouge") and t[5:].isdigit())]
        if bad or not types:
            raise ParameterError(f"types: {bad or types!r} not ROUGE types; use some of {', '.join(ROUGE_TYPES)}")
        _SCORERS[key] = rouge_scorer.RougeScorer(list(types), use_stemmer=stemmer, split_summaries=False)
    return _SCORERS[key]


def _as_text(summary: str | Sequence[str], name: str) -> str:
    if isinstance(summary, str):
        return summary
    if isinstance(summary, Sequence) and all(isinstance(s, str) for s in summary):
        return "\n".join(s.strip().replace("\n", " ") for s in summary)
    raise ParameterError(f"{name}: expected a string or a list of sentence strings, got {type(summary).__name__}")


def rouge_scores(
    candidate: str | Sequence[str],
    reference: str | Sequence[str],
    *,
    types: Sequence[str] = ROUGE_TYPES,
    stemmer: bool = True,
) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of ``candidate`` against ``reference``.

    Parameters
    ----------
    candidate, reference : str or list of str
        A text, or its sentences (joined with newlines, which ROUGE-Lsum needs).
    types : sequence of str
        ROUGE variants (default: ROUGE-1, -2, -L, -Lsum).
    stemmer : bool, default=True
        Porter stemming of words longer than 3 characters (as rouge-score does).

    Returns
    -------
    dict
        ``{type: {"precision": p, "recall": r, "f1": f}}``.
    """
    scorer = _scorer(tuple(types), bool(stemmer))
    result = scorer.score(_as_text(reference, "reference"), _as_text(candidate, "candidate"))
    return {t: {"precision": s.precision, "recall": s.recall, "f1": s.fmeasure} for t, s in result.items()}


def rouge(
    candidate: str | Sequence[str],
    reference: str | Sequence[str],
    *,
    types: Sequence[str] = ROUGE_TYPES,
    stemmer: bool = True,
) -> dict[str, float]:
    """ROUGE F1 of ``candidate`` against ``reference``, one value per type (0..1).

    See :func:`rouge_scores` for the parameters.
    """
    return {t: v["f1"] for t, v in rouge_scores(candidate, reference, types=types, stemmer=stemmer).items()}


def mean_rouge(
    pairs: Iterable[tuple[str | Sequence[str], str | Sequence[str]]],
    *,
    types: Sequence[str] = ROUGE_TYPES,
    stemmer: bool = True,
) -> dict[str, float]:
    """Mean F1 over ``(candidate, reference)`` pairs (macro average), plus ``n``."""
    totals = dict.fromkeys(types, 0.0)
    n = 0
    for cand, ref in pairs:
        for t, v in rouge(cand, ref, types=types, stemmer=stemmer).items():
            totals[t] += v
        n += 1
    if n == 0:
        raise ParameterError("pairs: no (candidate, reference) pair to average")
    out: dict[str, float] = {t: v / n for t, v in totals.items()}
    out["n"] = n
    return out


# --------------------------------------------------------------------------- oracle


def _f1(overlap: int, cand: int, ref: int) -> float:
    if overlap == 0 or cand == 0 or ref == 0:
        return 0.0
    p, r = overlap / cand, overlap / ref
    return 2 * p * r / (p + r)


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def greedy_oracle(
    sentences: Sequence[str],
    reference: str | Sequence[str],
    *,
    n_sentences: int | None = None,
    stemmer: bool = True,
) -> list[int]:
    """The extractive oracle: sentences chosen greedily to maximise ROUGE against a reference.

    At each step the sentence that most raises the mean of ROUGE-1 and
    ROUGE-2 F1 (rouge-score's tokenizer and stemmer; bigrams within
    sentences) is added.

    Parameters
    ----------
    sentences : sequence of str
        The article's sentences.
    reference : str or list of str
    n_sentences : int, optional
        Choose exactly this many (at most all); when ``None``, stop as soon
        as no sentence raises the score.
    stemmer : bool, default=True

    Returns
    -------
    list of int
        Indices of the chosen sentences, ascending.
    """
    from rouge_score.tokenizers import DefaultTokenizer

    if n_sentences is not None and (
        isinstance(n_sentences, bool) or not isinstance(n_sentences, int) or n_sentences < 0
    ):
        raise ParameterError(f"n_sentences: must be a non-negative integer or None, got {n_sentences!r}")
    tok = DefaultTokenizer(use_stemmer=stemmer)
    ref_tokens = [tok.tokenize(s) for s in _as_text(reference, "reference").split("\n")]
    ref1: Counter[tuple[str, ...]] = Counter()
    ref2: Counter[tuple[str, ...]] = Counter()
    for t in ref_tokens:
        ref1 += _ngrams(t, 1)
        ref2 += _ngrams(t, 2)
    n_ref1, n_ref2 = sum(ref1.values()), sum(ref2.values())
    cands = []
    for s in sentences:
        t = tok.tokenize(s)
        cands.append((_ngrams(t, 1), _ngrams(t, 2)))
    limit = len(sentences) if n_sentences is None else min(n_sentences, len(sentences))
    chosen: list[int] = []
    cur1: Counter[tuple[str, ...]] = Counter()
    cur2: Counter[tuple[str, ...]] = Counter()
    best_score = 0.0
    while len(chosen) < limit:
        best_i, best_val = -1, -1.0
        for i, (c1, c2) in enumerate(cands):
            if i in chosen:
                continue
            new1, new2 = cur1 + c1, cur2 + c2
            o1 = sum(min(v, ref1[g]) for g, v in new1.items() if g in ref1)
            o2 = sum(min(v, ref2[g]) for g, v in new2.items() if g in ref2)
            val = (_f1(o1, sum(new1.values()), n_ref1) + _f1(o2, sum(new2.values()), n_ref2)) / 2
            if val > best_val:
                best_i, best_val = i, val
        if best_i < 0 or (n_sentences is None and best_val <= best_score):
            break
        chosen.append(best_i)
        cur1 += cands[best_i][0]
        cur2 += cands[best_i][1]
        best_score = best_val
    return sorted(chosen)


# --------------------------------------------------------------------------- references glued without spaces


@dataclass(frozen=True)
class ReferenceMatch:
    """A reference summary split back into article sentences.

    Attributes
    ----------
    indices : tuple of int
        Article sentences found in the reference, in the reference's order.
    pieces : tuple of str
        The reference cut at those sentences, in its order: matched
        sentences and any unmatched stretch between them.
    coverage : float
        Fraction of the reference's non-space characters covered by matched sentences.
    """

    indices: tuple[int, ...]
    pieces: tuple[str, ...]
    coverage: float


def match_reference(reference: str, sentences: Sequence[str], *, min_chars: int = 1) -> ReferenceMatch:
    """Find which article sentences a reference is glued together from.

    Summaries like the BBC corpus's concatenate copied sentences without a
    space (``...in that time.She said...``), so splitting on whitespace or
    punctuation fails. Instead each article sentence is searched for in the
    reference, longest first, each occurrence claiming its characters, so
    a short sentence that also occurs inside a longer one is not matched
    twice.

    Parameters
    ----------
    reference : str
    sentences : sequence of str
        The article's sentences (any segmentation; matching is by text).
    min_chars : int, default=1
        Ignore sentences shorter than this.

    Returns
    -------
    ReferenceMatch
    """
    ref = reference
    claimed = bytearray(len(ref))
    found: list[tuple[int, int, int]] = []  # (start, end, sentence index)
    order = sorted(range(len(sentences)), key=lambda i: (-len(sentences[i].strip()), i))
    for i in order:
        text = sentences[i].strip()
        if len(text) < min_chars or not text:
            continue
        pos = ref.find(text)
        while pos >= 0:
            if not any(claimed[pos : pos + len(text)]):
                claimed[pos : pos + len(text)] = b"\x01" * len(text)
                found.append((pos, pos + len(text), i))
                break
            pos = ref.find(text, pos + 1)
    found.sort()
    pieces: list[str] = []
    cursor = 0
    for a, b, _ in found:
        gap = ref[cursor:a].strip()
        if gap:
            pieces.append(gap)
        pieces.append(ref[a:b])
        cursor = b
    tail = ref[cursor:].strip()
    if tail:
        pieces.append(tail)
    total = sum(1 for ch in ref if not ch.isspace())
    covered = sum(1 for k, ch in enumerate(ref) if claimed[k] and not ch.isspace())
    return ReferenceMatch(
        indices=tuple(i for _, _, i in found),
        pieces=tuple(pieces),
        coverage=covered / total if total else 0.0,
    )
