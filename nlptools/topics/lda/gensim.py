"""The gensim backend of :class:`~nlptools.topics.lda.LdaTopics`: variational Bayes, optionally guided.

``LdaModel`` (``LdaMulticore`` with ``workers > 1``). Guided by seed words:
topic ``i`` gets a larger Dirichlet prior on the ``i``-th theme's seed words
(and starts with a share of their counts), the other topics a smaller one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from ...vectorize import to_gensim
from ..base import _seed

if TYPE_CHECKING:  # pragma: no cover
    from . import LdaTopics

logger = logging.getLogger(__name__)

__all__ = ["fit", "transform"]


def _eta_matrix(est: LdaTopics, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray | float:
    """The topic-word prior: ``eta`` everywhere, raised for a theme's seed words in its topic, lowered elsewhere."""
    eta0 = est._eta0()
    if not seeds:
        return eta0
    k, V = est.n_topics, counts.shape[1]
    eta = np.full((k, V), eta0)
    totals = np.asarray(counts.sum(axis=0)).ravel()
    for t, ids in enumerate(seeds.values()):
        for j in ids:
            eta[:, j] = eta0 * est.off_seed_prior
            eta[t, j] = eta0 + est.seed_prior * totals[j]
    return eta


def fit(est: LdaTopics, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray:
    """Fit ``est`` on ``counts``, guided by ``seeds`` (topic -> seed word columns); the training topic weights."""
    from gensim.models import LdaModel, LdaMulticore

    dictionary, corpus = to_gensim(counts, list(est.feature_names_))
    alpha = est.alpha if isinstance(est.alpha, str) else float(est.alpha)
    params: dict[str, Any] = dict(
        id2word=dictionary,
        num_topics=est.n_topics,
        alpha=alpha,
        eta=_eta_matrix(est, counts, seeds),
        passes=est.passes,
        iterations=est.iterations,
        chunksize=est.chunksize or len(corpus),
        random_state=_seed(est.random_state),
        eval_every=None,
    )
    if est.workers > 1:
        model = LdaMulticore(corpus=None, workers=est.workers, **params)
    else:
        model = LdaModel(corpus=None, update_every=1, **params)
    if seeds:
        # start each seeded topic with its seed words' counts, so the first E-step already leans on them
        from gensim.matutils import dirichlet_expectation

        totals = np.asarray(counts.sum(axis=0)).ravel()
        for t, ids in enumerate(seeds.values()):
            model.state.sstats[t, ids] += est.seed_prior * totals[ids]
        model.expElogbeta = np.exp(dirichlet_expectation(model.state.sstats))
    model.update(corpus)
    est.model_ = model
    est.components_ = model.get_topics()
    return _infer(est, corpus)


def _infer(est: LdaTopics, corpus: list[list[tuple[int, float]]]) -> np.ndarray:
    # gensim starts inference from random gammas: reseed for the same answer every call
    est.model_.random_state = np.random.RandomState(_seed(est.random_state))
    if not corpus:
        return np.zeros((0, est.n_topics))
    gamma, _ = est.model_.inference(corpus)
    empty = np.asarray([len(doc) == 0 for doc in corpus])
    gamma[empty] = 0.0
    return gamma


def transform(est: LdaTopics, counts: sp.csr_matrix) -> np.ndarray:
    """Topic weights of new passages (zero for a passage with no known word)."""
    _, corpus = to_gensim(counts, list(est.feature_names_))
    return _infer(est, corpus)
