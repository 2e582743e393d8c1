"""The tomotopy backend of :class:`~nlptools.topics.lda.LdaTopics`: collapsed Gibbs sampling, optionally guided.

``tomotopy.LDAModel`` (Griffiths and Steyvers, 2004) in C++. Guided by seed
words through word priors: a theme's seed words weigh more in its topic and
less in the others.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from ..base import _seed

if TYPE_CHECKING:  # pragma: no cover
    from . import LdaTopics

logger = logging.getLogger(__name__)

__all__ = ["fit", "transform"]


def _words(est: LdaTopics, counts: sp.csr_matrix) -> list[list[str]]:
    """Each passage as its list of words, each repeated as often as counted."""
    names = est.feature_names_
    return [
        list(np.repeat(names[counts.indices[a:b]], counts.data[a:b].astype(np.int64)))
        for a, b in zip(counts.indptr[:-1], counts.indptr[1:])
    ]


def _run(est: LdaTopics) -> dict[str, Any]:
    import tomotopy as tp

    # one thread and no parallel scheme: the only bit-for-bit reproducible setting
    scheme = tp.ParallelScheme.NONE if est.workers == 1 else tp.ParallelScheme.DEFAULT
    return {"workers": est.workers, "parallel": scheme}


def fit(est: LdaTopics, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray:
    """Fit ``est`` on ``counts``, guided by ``seeds`` (topic -> seed word columns); the training topic weights."""
    import tomotopy as tp

    k = est.n_topics
    alpha = 1.0 / k if isinstance(est.alpha, str) else float(est.alpha)
    eta0 = est._eta0()
    model = tp.LDAModel(k=k, alpha=alpha, eta=eta0, seed=_seed(est.random_state))
    model.optim_interval = 10 if est.alpha == "auto" else 0
    if seeds:
        totals = np.asarray(counts.sum(axis=0)).ravel()
        for t, ids in enumerate(seeds.values()):
            for j in ids:
                prior = [eta0 * est.off_seed_prior] * k
                prior[t] = eta0 + est.seed_prior * float(totals[j])
                model.set_word_prior(str(est.feature_names_[j]), prior)
    words = _words(est, counts)
    kept = [i for i, w in enumerate(words) if w]  # tomotopy drops empty documents
    for i in kept:
        model.add_doc(words[i])
    model.train(est.sweeps, **_run(est))
    est.model_ = model
    column = {str(w): j for j, w in enumerate(est.feature_names_)}
    cols = np.asarray([column[w] for w in model.used_vocabs], dtype=np.int64)
    comp = np.zeros((k, len(est.feature_names_)))
    for t in range(k):
        comp[t, cols] = model.get_topic_word_dist(t)
    est.components_ = comp / comp.sum(axis=1, keepdims=True)
    doc_topic = np.zeros((counts.shape[0], k))
    for i, doc in zip(kept, model.docs):
        doc_topic[i] = doc.get_topic_dist()
    return doc_topic


def transform(est: LdaTopics, counts: sp.csr_matrix) -> np.ndarray:
    """Topic weights of new passages (zero for a passage with no known word)."""
    words = _words(est, counts)
    kept = [i for i, w in enumerate(words) if w]
    out = np.zeros((counts.shape[0], est.n_topics))
    if kept:
        docs = [est.model_.make_doc(words[i]) for i in kept]
        dists, _ = est.model_.infer(docs, iterations=est.iterations, **_run(est))
        out[kept] = np.asarray(dists, dtype=np.float64)
    return out
