"""Topic models with one result shape: LDA (gensim, scikit-learn or tomotopy), NMF, TF-IDF clustering.

Every model here is a scikit-learn estimator over texts, sentences, passages
or clean documents (``fit``/``transform``, keyword-only parameters,
``random_state``, learned state ending in ``_``, ``clone``-able, the last step
of a ``Pipeline``; see :mod:`~nlptools.topics.base`). Each vectorises its
input with a counting :class:`~nlptools.vectorize.BowVectorizer` (its
``vectorizer`` parameter), and after ``fit`` every model exposes the same
attributes:

``components_`` : ndarray, shape (n_topics, n_features)
    Topic-term weights (LDA: word probabilities; NMF: ``H``; clustering:
    class-based TF-IDF).
``feature_names_`` : ndarray of str, shape (n_features,)
``doc_topic_`` : ndarray, shape (n_samples, n_topics)
    Topic weights of the training passages; rows sum to 1 (or are all zero
    for a passage with no known word).
``topic_labels_`` : list of str
    A name per topic: a seed theme's name for guided models, else its top words.

``transform(X)`` gives the topic weights of new passages and ``result()``
packs the fitted state into a :class:`TopicResult`.

Modules
-------
:mod:`~nlptools.topics.base`
    :class:`TopicModel` (the contract) and :class:`TopicResult`.
:mod:`~nlptools.topics.registry`
    The methods by name, one table: :func:`topic_methods`,
    :func:`topic_method`, :func:`make_topic_model`.
:mod:`~nlptools.topics.lda`
    :class:`LdaTopics`, latent Dirichlet allocation, one module per backend
    (gensim, scikit-learn, tomotopy); guided by seed words (gensim, tomotopy).
:mod:`~nlptools.topics.nmf`
    :class:`NmfTopics`, non-negative matrix factorisation of TF-IDF.
:mod:`~nlptools.topics.cluster`
    :class:`ClusterTopics`, k-means (guided) or agglomerative clustering of TF-IDF.
:mod:`~nlptools.topics.ctfidf`
    :func:`class_tfidf`, which names clusters.
:mod:`~nlptools.topics.quality`
    Coherence (NPMI, C_V) and topic diversity.
:mod:`~nlptools.topics.sweep`
    :func:`sweep_k` fits one model per ``k`` and keeps the best by (1 + NPMI) / 2 x TD@10;
    :func:`choose_k` chooses the number of clusters by silhouette x stability.
:mod:`~nlptools.topics.ensemble`
    :class:`EnsembleTopics`, a consensus of k-means and NMF over TF-IDF/LSA and static embeddings.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "TopicResult",
    "TopicModel",
    "LdaTopics",
    "NmfTopics",
    "ClusterTopics",
    "EnsembleTopics",
    "class_tfidf",
    "TopicMethod",
    "topic_methods",
    "topic_method",
    "make_topic_model",
    "make_model",
    "METHODS",
    "sweep_k",
    "choose_k",
    "default_ks",
    "KSweep",
]

_LAZY = {
    "TopicResult": "base",
    "TopicModel": "base",
    "class_tfidf": "ctfidf",
    "LdaTopics": "lda",
    "NmfTopics": "nmf",
    "ClusterTopics": "cluster",
    "EnsembleTopics": "ensemble",
    "TopicMethod": "registry",
    "topic_methods": "registry",
    "topic_method": "registry",
    "make_topic_model": "registry",
    "make_model": "registry",
    "METHODS": "registry",
    "sweep_k": "sweep",
    "choose_k": "sweep",
    "default_ks": "sweep",
    "KSweep": "sweep",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
