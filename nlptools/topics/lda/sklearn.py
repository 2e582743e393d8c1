"""The scikit-learn backend of :class:`~nlptools.topics.lda.LdaTopics`: ``LatentDirichletAllocation``.

Batch variational Bayes (online with ``chunksize``); unguided (a scalar
topic-word prior only).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ..base import _seed

if TYPE_CHECKING:  # pragma: no cover
    from . import LdaTopics

logger = logging.getLogger(__name__)

__all__ = ["fit", "transform"]


def fit(est: LdaTopics, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray:
    """Fit ``est`` on ``counts`` (``seeds`` is always empty here); the training passages' topic weights."""
    from sklearn.decomposition import LatentDirichletAllocation

    alpha = None if isinstance(est.alpha, str) else float(est.alpha)
    model = LatentDirichletAllocation(
        n_components=est.n_topics,
        doc_topic_prior=alpha,
        topic_word_prior=est._eta0(),
        learning_method="batch" if est.chunksize is None else "online",
        batch_size=est.chunksize or 128,
        max_iter=est.passes,
        max_doc_update_iter=est.iterations,
        random_state=_seed(est.random_state),
    )
    doc_topic = model.fit_transform(counts)
    est.model_ = model
    comp = model.components_
    est.components_ = comp / comp.sum(axis=1, keepdims=True)
    return doc_topic


def transform(est: LdaTopics, counts: sp.csr_matrix) -> np.ndarray:
    """Topic weights of new passages (zero for a passage with no known word)."""
    W = est.model_.transform(counts)
    W[np.asarray(counts.sum(axis=1)).ravel() == 0] = 0.0
    return W
