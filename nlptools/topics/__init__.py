"""Topic models with one result shape: LDA (gensim or scikit-learn), NMF, TF-IDF clustering.

Every model here is a scikit-learn estimator over texts, sentences, passages
or clean documents (``fit``/``transform``, keyword-only parameters,
``random_state``, learned state ending in ``_``, ``clone``-able, the last step
of a ``Pipeline``). Each vectorises its input with a counting
:class:`~nlptools.vectorize.BowVectorizer` (its ``vectorizer`` parameter),
and after ``fit`` every model exposes the same attributes:

``components_`` : ndarray, shape (n_topics, n_features)
    Topic-term weights (LDA: word probabilities; NMF: ``H``; clustering:
    class-based TF-IDF).
``feature_names_`` : ndarray of str, shape (n_features,)
``doc_topic_`` : ndarray, shape (n_samples, n_topics)
    Topic weights of the training passages; rows sum to 1 (or are all zero
    for a passage with no known word).
``topic_labels_`` : list of str
    A name per topic: a seed theme's name for guided LDA, else its top words.

``transform(X)`` gives the topic weights of new passages and ``result()``
packs the fitted state into a :class:`TopicResult`.

Models
------
:class:`LdaTopics`
    Latent Dirichlet allocation, ``backend="gensim"`` (``LdaModel``, or
    ``LdaMulticore`` with ``workers > 1``), ``"sklearn"``
    (``LatentDirichletAllocation``) or ``"tomotopy"`` (collapsed Gibbs
    sampling); ``seed_words`` turns the gensim and tomotopy backends into
    guided LDA (priors on the topic-word distribution).
:class:`NmfTopics`
    Non-negative matrix factorisation of TF-IDF.
:class:`ClusterTopics`
    k-means (or agglomerative) clustering of TF-IDF, clusters named by
    class-based TF-IDF.

:func:`sweep_k` fits one model per ``k`` and scores it by coherence and
diversity (:mod:`nlptools.evaluate.topics`).
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
    "class_tfidf",
    "make_model",
    "sweep_k",
    "KSweep",
    "METHODS",
]

_LAZY = {
    "TopicResult": "_base",
    "TopicModel": "_base",
    "class_tfidf": "_base",
    "LdaTopics": "lda",
    "NmfTopics": "nmf",
    "ClusterTopics": "cluster",
    "make_model": "select",
    "sweep_k": "select",
    "KSweep": "select",
    "METHODS": "select",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
