"""Centroid ranking: each sentence's similarity to the centroid of all.

References
----------
Radev, D. R. et al. (2004). Centroid-based summarization of multiple documents. IP&M 40.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from ...document import Sentence
from ...errors import ParameterError
from ..features import SentenceFeatures
from ..types import Ranker

logger = logging.getLogger(__name__)

__all__ = ["CentroidRanker"]


class CentroidRanker(Ranker):
    """Cosine similarity of each sentence's TF-IDF vector to the centroid of all.

    Parameters
    ----------
    top_terms : int or None, default=None
        Keep only this many heaviest centroid terms (Radev et al.'s centroid
        "topic signature"); ``None`` keeps all.
    """

    name = "centroid"
    linear = True

    def __init__(self, *, top_terms: int | None = None) -> None:
        self.top_terms = top_terms

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        if self.top_terms is not None and (not isinstance(self.top_terms, int) or self.top_terms < 1):
            raise ParameterError(f"top_terms: must be a positive integer or None, got {self.top_terms!r}")
        f = self._features(sentences, features)
        if f.n == 0:
            return np.zeros(0)
        centroid = np.asarray(f.tfidf.mean(axis=0)).ravel()
        if self.top_terms is not None and self.top_terms < centroid.size:
            cut = np.argpartition(-centroid, self.top_terms)[: self.top_terms]
            kept = np.zeros_like(centroid)
            kept[cut] = centroid[cut]
            centroid = kept
        norm = np.linalg.norm(centroid)
        if norm == 0:
            return np.zeros(f.n)
        return np.asarray(f.tfidf @ (centroid / norm)).ravel()
