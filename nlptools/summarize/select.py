"""Selecting sentences from scores: length control and redundancy control.

:func:`select` works on top of any ranker's scores. It walks the
candidates best-first (ties: earlier first) and

- stops at a sentence count, or fills a word budget (a sentence that would
  overflow the budget is skipped; a shorter one may still fit);
- with ``redundancy=t``, skips a sentence whose similarity to one already
  chosen reaches ``t`` (IDF-weighted containment, see
  :meth:`SentenceFeatures.containment_to`), so a near-duplicate pair (a
  repeated paragraph, a standfirst restated in the body, the same wire
  sentence in two articles) never both appear;
- with ``diversity=lam > 0``, picks by maximal marginal relevance
  (Carbonell and Goldstein, 1998): ``(1 - lam) * score - lam * max_sim``,
  scores min-max scaled to [0, 1];
- with ``antecedents`` (see :func:`.faithful.antecedents`), never quotes a
  sentence without the sentences it leans on: picking a dependent sentence
  picks its antecedents with it (one unit: all its words count in the
  budget, each of its new sentences in a sentence count, and none may repeat
  a chosen sentence), and a dependent sentence with no quotable antecedent is
  never chosen.

The chosen indices come back in ascending (document) order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from ..errors import ParameterError
from .features import SentenceFeatures
from .types import Length, word_count

logger = logging.getLogger(__name__)

__all__ = ["select", "check_selection_params"]


def check_selection_params(redundancy: float | None, diversity: float, min_words: int) -> None:
    """Raise :class:`ParameterError` for an out-of-range selection parameter."""
    if redundancy is not None and (
        isinstance(redundancy, bool) or not isinstance(redundancy, (int, float)) or not 0 < redundancy <= 1
    ):
        raise ParameterError(f"redundancy: must be a similarity threshold in (0, 1] or None, got {redundancy!r}")
    if isinstance(diversity, bool) or not isinstance(diversity, (int, float)) or not 0 <= diversity < 1:
        raise ParameterError(f"diversity: must be in [0, 1), got {diversity!r}")
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise ParameterError(f"min_words: must be a non-negative integer, got {min_words!r}")


def select(
    scores: np.ndarray,
    texts: Sequence[str],
    length: Length,
    *,
    features: SentenceFeatures | None = None,
    redundancy: float | None = None,
    diversity: float = 0.0,
    min_words: int = 0,
    antecedents: Sequence[tuple[int, ...] | None] | None = None,
) -> list[int]:
    """Choose sentences from their scores.

    Parameters
    ----------
    scores : ndarray of shape (n,)
        Higher is better (NaN counts as lowest).
    texts : sequence of str, length n
        The sentences' texts (for word counts).
    length : Length
        Sentence count, word budget or ratio.
    features : SentenceFeatures, optional
        Needed for ``redundancy`` or ``diversity``; built from ``texts`` when missing.
    redundancy : float or None
        Similarity at which a candidate counts as a repeat of a chosen sentence.
    diversity : float in [0, 1), default=0
        MMR trade-off; 0 picks purely by score.
    min_words : int, default=0
        Candidates with fewer words are never chosen (unless nothing else is left).
    antecedents : sequence of (tuple of int) or None, optional
        Per candidate: ``()`` when it stands alone, the positions of the
        candidates it must be quoted with, or ``None`` when it may not be
        chosen (:func:`.faithful.antecedents`). Default: every candidate
        stands alone.

    Returns
    -------
    list of int
        Indices of the chosen sentences, ascending.
    """
    check_selection_params(redundancy, diversity, min_words)
    scores = np.asarray(scores, dtype=np.float64)
    n = scores.shape[0]
    if len(texts) != n:
        raise ParameterError(f"scores: {n} scores for {len(texts)} sentences")
    if n == 0:
        return []
    finite = np.isfinite(scores)
    if not finite.all():
        floor = (scores[finite].min() - 1.0) if finite.any() else 0.0
        scores = np.where(finite, scores, floor)  # NaN/inf count as lowest
    limit = length.max_sentences(n)
    budget = length.words
    if antecedents is not None:
        if len(antecedents) != n:
            raise ParameterError(f"antecedents: {len(antecedents)} entries for {n} sentences")
        if all(a == () for a in antecedents):
            antecedents = None
    if budget is None and redundancy is None and diversity == 0 and min_words == 0 and antecedents is None:
        # plain top-k: best first, ties to the earlier sentence
        return np.sort(np.lexsort((np.arange(n), -scores))[:limit]).tolist()
    if budget is not None or min_words > 0:
        n_words = np.fromiter((word_count(t) for t in texts), dtype=np.int64, count=n)
    else:
        n_words = np.zeros(n, dtype=np.int64)
    need_sim = redundancy is not None or diversity > 0
    if need_sim and features is None:
        features = SentenceFeatures.build(list(texts))
    if features is not None and features.n != n:
        raise ParameterError(f"features: built for {features.n} sentences, got {n}")

    eligible = n_words >= min_words
    if not eligible.any():
        eligible = np.ones(n, dtype=bool)
    dependent: dict[int, tuple[int, ...]] = {}  # a quotable dependent sentence -> its antecedents
    if antecedents is not None:
        for i, a in enumerate(antecedents):
            if a is None:
                eligible[i] = False
            elif a:
                dependent[i] = tuple(a)
    if diversity > 0:
        lo, hi = scores.min(), scores.max()
        scaled = (scores - lo) / (hi - lo) if hi > lo else np.ones(n)
    max_sim = np.zeros(n)
    available = eligible.copy()
    chosen: list[int] = []
    chosen_set: set[int] = set()
    used_words = 0
    while len(chosen) < limit:
        mask = available.copy()
        if redundancy is not None:
            mask &= max_sim < redundancy
        cost = n_words
        if dependent:
            # a dependent sentence brings its antecedents: its unit must fit and repeat nothing
            cost = n_words.copy()
            for i, chain in dependent.items():
                if not mask[i]:
                    continue
                new = [j for j in chain if j not in chosen_set]
                if len(chosen) + len(new) + 1 > limit or (
                    redundancy is not None and any(max_sim[j] >= redundancy for j in new)
                ):
                    mask[i] = False
                cost[i] += sum(int(n_words[j]) for j in new)
        if budget is not None:
            mask &= used_words + cost <= budget
        if not mask.any():
            break
        key = (1.0 - diversity) * scaled - diversity * max_sim if diversity > 0 else scores
        pick = int(np.argmax(np.where(mask, key, -np.inf)))  # ties: the earlier sentence
        unit = [j for j in dependent.get(pick, ()) if j not in chosen_set] + [pick]
        for j in unit:
            chosen.append(j)
            chosen_set.add(j)
            available[j] = False
            if need_sim:
                assert features is not None
                np.maximum(max_sim, features.containment_to(j), out=max_sim)
        used_words += int(cost[pick])
        if budget is not None and used_words >= budget:
            break

    if not chosen:
        # a word budget smaller than every sentence: take the best one that stands alone anyway
        alone = eligible.copy()
        alone[list(dependent)] = False
        if alone.any():
            chosen.append(int(np.argmax(np.where(alone, scores, -np.inf))))
    return sorted(chosen)
