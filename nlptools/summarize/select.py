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
- with ``paraphrase=c`` and unit ``vectors`` (:mod:`nlptools.embed`), skips a
  sentence whose semantic cosine with one already chosen reaches ``c``: a
  restatement *in other words* ("The Russian president visited the capital
  of North Korea" after "Putin has accepted an invitation ... to visit North
  Korea"), which word overlap does not see. The default cap,
  :data:`PARAPHRASE` = 0.75, was measured on real pairs (see its comment);
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

__all__ = ["select", "check_selection_params", "PARAPHRASE"]

#: Semantic cosine (default embedder) at which two sentences count as one fact told twice. Measured on
#: the 403,184 same-article sentence pairs of the 1,485 BBC articles: 0.06 % reach 0.75 (0.57 is the
#: 99th percentile), and in a hand-read sample of 8 pairs per band, those at 0.60-0.75 were different
#: facts (1 of 24 a restatement) while 0.75-0.80 were mostly restatements (5 of 8: "Eriksson has
#: revealed Wright-Phillips will start" / "'Wright-Phillips will probably start,' said Eriksson").
#: On the seeds the restatements of Putin's visit to Pyongyang across articles sit at 0.77-0.87.
#: Static mean vectors ignore word order, so some pairs above it are lists of the same names.
PARAPHRASE = 0.75


def check_selection_params(
    redundancy: float | None, diversity: float, min_words: int, paraphrase: float | str | None = None
) -> None:
    """Raise :class:`ParameterError` for an out-of-range selection parameter."""
    if (
        paraphrase is not None
        and paraphrase != "auto"
        and (isinstance(paraphrase, bool) or not isinstance(paraphrase, (int, float)) or not 0 < paraphrase <= 1)
    ):
        raise ParameterError(f"paraphrase: must be a cosine in (0, 1], 'auto' or None, got {paraphrase!r}")
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
    vectors: np.ndarray | None = None,
    paraphrase: float | None = None,
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
    vectors : ndarray of shape (n, dim), optional
        Unit semantic vectors of the sentences (needed for ``paraphrase``).
    paraphrase : float in (0, 1] or None
        Semantic cosine at which a candidate restates a chosen sentence and is
        skipped (a dependent sentence's antecedents are checked too).

    Returns
    -------
    list of int
        Indices of the chosen sentences, ascending.
    """
    check_selection_params(redundancy, diversity, min_words, paraphrase)
    if paraphrase is not None and vectors is None:
        raise ParameterError("paraphrase: needs the sentences' vectors")
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
        if isinstance(antecedents, list) and all(a == () for a in antecedents):
            antecedents = None
    semantic = paraphrase is not None and n > 1
    cap = float(paraphrase) if paraphrase is not None else 1.0
    if semantic:
        assert vectors is not None
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != n:
            raise ParameterError(f"vectors: expected {n} rows, got shape {vectors.shape}")
    if (
        budget is None
        and redundancy is None
        and diversity == 0
        and min_words == 0
        and antecedents is None
        and not semantic
    ):
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
    # a candidate's antecedents are read only when it is about to be picked (most never are: see
    # faithful.Antecedents); the pick is the same as reading them all first, since they only ever
    # rule a candidate out or raise its cost, never change its key
    dependent: dict[int, tuple[int, ...]] = {}  # a quotable dependent sentence -> its antecedents
    resolved = np.zeros(n, dtype=bool) if antecedents is not None else np.ones(n, dtype=bool)

    def resolve(i: int) -> None:
        resolved[i] = True
        assert antecedents is not None
        a = antecedents[i]
        if a is None:
            eligible[i] = False
            available[i] = False
        elif a:
            dependent[i] = tuple(a)

    if diversity > 0:
        lo, hi = scores.min(), scores.max()
        scaled = (scores - lo) / (hi - lo) if hi > lo else np.ones(n)
    max_sim = np.zeros(n)
    max_cos = np.full(n, -1.0, dtype=np.float32)  # semantic cosine to the closest chosen sentence
    available = eligible.copy()
    chosen: list[int] = []
    chosen_set: set[int] = set()
    used_words = 0
    if budget is None and not need_sim and not semantic:
        # a sentence count and nothing else: one pass in score order. A candidate passed over (its unit
        # would overflow the count) stays over, since each antecedent it lacks joins the chosen when it
        # leaves the unit, so this is the loop below without re-scanning
        for i in np.lexsort((np.arange(n), -scores)).tolist():
            if len(chosen) >= limit:
                break
            if not available[i]:
                continue
            if not resolved[i]:
                resolve(i)
                if not available[i]:
                    continue
            new = [j for j in dependent.get(i, ()) if j not in chosen_set]
            if len(chosen) + len(new) + 1 > limit:
                continue
            for j in new + [i]:
                chosen.append(j)
                chosen_set.add(j)
                available[j] = False
        limit = 0  # done: skip the loop
    while len(chosen) < limit:
        mask = available.copy()
        if redundancy is not None:
            mask &= max_sim < redundancy
        if semantic:
            mask &= max_cos < cap
        if budget is not None:
            mask &= used_words + n_words <= budget
        key = (1.0 - diversity) * scaled - diversity * max_sim if diversity > 0 else scores
        pick, pick_cost = -1, 0
        while mask.any():
            i = int(np.argmax(np.where(mask, key, -np.inf)))  # ties: the earlier sentence
            if not resolved[i]:
                resolve(i)
            if not available[i]:
                mask[i] = False
                continue
            chain = dependent.get(i)
            if chain is None:
                pick, pick_cost = i, int(n_words[i])
                break
            # a dependent sentence brings its antecedents: its unit must fit and repeat nothing
            new = [j for j in chain if j not in chosen_set]
            cost_i = int(n_words[i]) + sum(int(n_words[j]) for j in new)
            if (
                len(chosen) + len(new) + 1 > limit
                or (redundancy is not None and any(max_sim[j] >= redundancy for j in new))
                or (semantic and any(max_cos[j] >= cap for j in new))
                or (budget is not None and used_words + cost_i > budget)
            ):
                mask[i] = False
                continue
            pick, pick_cost = i, cost_i
            break
        if pick < 0:
            break
        unit = [j for j in dependent.get(pick, ()) if j not in chosen_set] + [pick]
        for j in unit:
            chosen.append(j)
            chosen_set.add(j)
            available[j] = False
            if need_sim:
                assert features is not None
                np.maximum(max_sim, features.containment_to(j), out=max_sim)
            if semantic:
                assert vectors is not None
                np.maximum(max_cos, vectors @ vectors[j], out=max_cos)
        used_words += pick_cost
        if budget is not None and used_words >= budget:
            break

    if not chosen:
        # a word budget smaller than every sentence: take the best one that stands alone anyway
        alone = eligible.copy()
        alone[list(dependent)] = False
        while alone.any():
            i = int(np.argmax(np.where(alone, scores, -np.inf)))
            if not resolved[i]:
                resolve(i)
            if eligible[i] and i not in dependent:
                chosen.append(i)
                break
            alone[i] = False
    return sorted(chosen)
