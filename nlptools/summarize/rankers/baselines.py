"""Baseline rankers: Lead (the first sentences first) and Random (seeded)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from ..._random import int_seed as _seed
from ...document import Sentence
from ..features import SentenceFeatures
from ..types import Ranker

logger = logging.getLogger(__name__)

__all__ = ["LeadRanker", "RandomRanker"]


class LeadRanker(Ranker):
    """The first sentences of each document first.

    A sentence's score is ``1 / (1 + p)`` where ``p`` is its position among
    the candidates of its own document, so a multi-document set yields the
    first sentence of every article, then the second ones, and so on.
    """

    name = "lead"
    uses_features = False
    linear = True

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        seen: dict[str, int] = {}
        scores = np.empty(len(sentences))
        for i, s in enumerate(sentences):
            p = seen.get(s.document, 0)
            seen[s.document] = p + 1
            scores[i] = 1.0 / (1.0 + p)
        return scores


class RandomRanker(Ranker):
    """Uniform random scores (a baseline), seeded.

    Parameters
    ----------
    random_state : int, numpy.random.RandomState or None, default=0
        An int seeds :func:`numpy.random.default_rng`: the same seed and input
        give the same scores. A ``RandomState`` (``None``: numpy's global one)
        gives a seed drawn from it on every call, so scores are fresh (see
        :class:`~nlptools.summarize.types.Ranker`).
    """

    name = "random"
    uses_features = False
    linear = True

    def __init__(self, *, random_state: int | None = 0) -> None:
        self.random_state = random_state

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        return np.random.default_rng(_seed(self.random_state)).random(len(sentences))
