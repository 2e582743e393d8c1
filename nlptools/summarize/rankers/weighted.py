"""A ranker's scores scaled by a weight per sentence (e.g. how strongly it belongs to a theme)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np

from ...document import Sentence
from ..features import SentenceFeatures
from ..types import Ranker

logger = logging.getLogger(__name__)

__all__ = ["WeightedRanker"]


class WeightedRanker(Ranker):
    """Another ranker's scores, max-normalised, times a weight per sentence.

    Centrality alone favours sentences that are typical of the whole pool;
    multiplying the (max-normalised) score by a sentence's weight, such as
    its theme weight in a digest, prefers sentences that are both central
    and clearly about the theme. Non-finite scores count as 0; a sentence
    without a weight gets 0. The wrapper keeps the base ranker's ``name``,
    ``uses_features`` and ``linear``.

    Parameters
    ----------
    base : Ranker
        The ranker whose scores are weighted.
    weights : mapping of (str, int) to float
        Weight of each sentence, keyed by ``(sentence.document, sentence.index)``.
    """

    def __init__(self, base: Ranker, weights: Mapping[tuple[str, int], float]) -> None:
        self.base = base
        self.weights = weights

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.base.name

    @property
    def uses_features(self) -> bool:  # type: ignore[override]
        return self.base.uses_features

    @property
    def linear(self) -> bool:  # type: ignore[override]
        return self.base.linear

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        scores = np.asarray(self.base.rank(sentences, features), dtype=np.float64)
        scores = np.where(np.isfinite(scores), scores, 0.0)
        top = float(scores.max()) if scores.size else 0.0
        if top > 0:
            scores = scores / top
        w = np.asarray([self.weights.get((s.document, s.index), 0.0) for s in sentences], dtype=np.float64)
        return scores * w

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base={self.base!r}, weights=<{len(self.weights)} sentences>)"
