"""Consensus clustering of lexical and semantic views: the default for discovered themes.

Twelve base clusterings of the passages, each into ``n_topics`` groups:

- k-means on the static embeddings (unit rows, :mod:`nlptools.embed`);
- k-means on LSA of TF-IDF (truncated SVD, rows L2-normalised);
- k-means on ``[LSA, embedding]``, each block L2-normalised, concatenated
  and re-normalised (equal weight to the lexical and the semantic view);
- NMF of TF-IDF, each passage in its heaviest component;

each under ``runs_per_base`` random states derived from ``random_state``.
Their one-hot memberships are concatenated (n x 12k, a scalable stand-in for
the n x n co-association matrix) and clustered once more by k-means: the
consensus. The consensus clusters are then refined to a fixed point of
nearest-centroid assignment in the ``[LSA, embedding]`` space, so that
:meth:`EnsembleTopics.transform` (a softmax over the cosine similarities to
the centroids) puts every training passage in its own cluster. Clusters are
named by class-based TF-IDF (:func:`~nlptools.topics.ctfidf.class_tfidf`).

On news (BBC, AG News, 20 Newsgroups, Reuters) no single base method is
best everywhere and each collapses on some corpus; the consensus is best or
close to best on all of them (research note in ``scratch/themes``).

The feature helpers here (:func:`fit_lexical`, :func:`lexical_features`,
:func:`embed_texts`, :func:`combine`) are shared with
:func:`nlptools.topics.sweep.choose_k`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..embed import Embedder, as_embedder
from ..errors import ParameterError
from ..vectorize import BowVectorizer, _as_text
from .base import TopicModel, _check_int, _seed
from .ctfidf import class_tfidf
from .nmf import tfidf_weights

logger = logging.getLogger(__name__)

__all__ = ["EnsembleTopics", "BASES", "fit_lexical", "lexical_features", "embed_texts", "combine", "kmeans_labels"]

#: The base clusterings of the ensemble, in run order.
BASES = ("emb-kmeans", "lsa-kmeans", "combo-kmeans", "nmf")

_MAX_SEED = 2**32


# --------------------------------------------------------------------------- features


def fit_lexical(counts: sp.csr_matrix, *, lsa_dims: int, random_state: int) -> tuple[Any, Any | None]:
    """Fit the lexical view: sublinear TF-IDF (L2 rows) and LSA on it.

    Parameters
    ----------
    counts : sparse matrix, shape (n_samples, n_features)
    lsa_dims : int
        Wanted LSA dimensions; capped at ``min(lsa_dims, n_samples - 1, n_features - 1)``, at least 1.
    random_state : int

    Returns
    -------
    tfidf : sklearn TfidfTransformer
    svd : sklearn TruncatedSVD or None
        None when the vocabulary has fewer than two terms (the embedding is then used alone).
    """
    from sklearn.decomposition import TruncatedSVD

    tfidf = tfidf_weights(sublinear_tf=True, norm="l2").fit(counts)
    n, v = counts.shape
    if v < 2:
        return tfidf, None
    dims = max(1, min(lsa_dims, n - 1, v - 1))
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=5, random_state=random_state)
    svd.fit(tfidf.transform(counts))
    return tfidf, svd


def lexical_features(counts: sp.csr_matrix, tfidf: Any, svd: Any | None) -> tuple[sp.csr_matrix, np.ndarray | None]:
    """TF-IDF rows and their unit LSA rows (None without LSA); a passage with no known word gives zeros."""
    from sklearn.preprocessing import normalize

    T = sp.csr_matrix(tfidf.transform(counts), dtype=np.float64)
    if svd is None:
        return T, None
    return T, normalize(np.asarray(svd.transform(T), dtype=np.float64))


def embed_texts(embedder: Embedder | None, texts: Sequence[str]) -> np.ndarray:
    """Unit embedding rows of ``texts`` (float64; zero rows stay zero)."""
    from sklearn.preprocessing import normalize

    E = np.asarray(as_embedder(embedder).encode(list(texts)), dtype=np.float64)
    if E.ndim != 2 or E.shape[0] != len(texts):
        raise ParameterError(f"embedder: encode returned shape {E.shape} for {len(texts)} texts")
    return normalize(E)


def combine(Z: np.ndarray | None, E: np.ndarray) -> np.ndarray:
    """``[LSA, embedding]``, each block unit-length, concatenated and re-normalised (``E`` alone without LSA)."""
    from sklearn.preprocessing import normalize

    if Z is None:
        return E
    return normalize(np.hstack([Z, E]))


def kmeans_labels(X: np.ndarray, k: int, random_state: int, n_init: int = 5) -> np.ndarray:
    """k-means labels of the rows of ``X`` (fixed ``n_init`` and seed: deterministic)."""
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        labels = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit_predict(X)
    return np.asarray(labels, dtype=np.int64)


def _lexical_terms(counts: sp.csr_matrix, names: Sequence[str] | np.ndarray, max_df: float) -> np.ndarray:
    """Indices of the terms the lexical view keeps: words (no digit), in at most ``max_df`` of the passages.

    Terms in most passages and tokens with digits say little about what sets a group
    apart; they are left out of the TF-IDF/LSA view (naming still sees every term).
    With fewer than 10 passages every word is kept.
    """
    n = counts.shape[0]
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    wordlike = np.array([not any(ch.isdigit() for ch in str(w)) for w in names], dtype=bool)
    common = df > max_df * n if n >= 10 else np.zeros_like(wordlike)
    keep = np.flatnonzero(wordlike & ~common)
    return keep if keep.size >= 2 else np.arange(counts.shape[1])


def _nmf_labels(T: sp.csr_matrix, k: int, random_state: int) -> np.ndarray:
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    init = "nndsvda" if k <= min(T.shape) else "random"
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):  # sqrt of a rounding-negative error
        warnings.simplefilter("ignore", ConvergenceWarning)
        W = NMF(n_components=k, init=init, max_iter=300, random_state=random_state).fit_transform(T)
    return np.asarray(W.argmax(axis=1), dtype=np.int64)


def _centroids(X: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit mean of each cluster's rows (a zero row for an empty cluster)."""
    from sklearn.preprocessing import normalize

    member = sp.csr_matrix((np.ones(labels.size), (labels, np.arange(labels.size))), shape=(k, labels.size))
    return normalize(np.asarray(member @ X))


def _softmax_scores(X: np.ndarray, centroids: np.ndarray, temperature: float) -> np.ndarray:
    """Softmax over the cosine similarities / temperature; zero rows of ``X`` give zero rows; empty clusters 0."""
    S = X @ centroids.T
    alive = np.linalg.norm(centroids, axis=1) > 0
    S = np.where(alive[None, :], S / temperature, -np.inf)
    S = S - S.max(axis=1, keepdims=True)
    P = np.exp(S)
    P /= P.sum(axis=1, keepdims=True)
    P[np.linalg.norm(X, axis=1) == 0] = 0.0
    return P


# --------------------------------------------------------------------------- the model


class EnsembleTopics(TopicModel):
    """Consensus of k-means and NMF over TF-IDF/LSA and static embeddings, named by class-based TF-IDF.

    See :mod:`nlptools.topics.ensemble` for the method. The input may be
    texts, sentences, passages or clean documents: the ``vectorizer`` counts
    them (TF-IDF, LSA, NMF and the names use the counts) and the embedder
    encodes their text.

    Parameters
    ----------
    n_topics : int, default=10
        Number of clusters.
    lsa_dims : int, default=100
        LSA dimensions (capped by the numbers of passages and terms).
    max_df : float, default=0.5
        The lexical view (TF-IDF, LSA, NMF) leaves out terms in more than this share of the passages, and
        tokens with digits (from 10 passages on); names still use every term.
    runs_per_base : int, default=3
        Random states per base clustering (4 bases: 12 runs by default).
    temperature : float, default=0.05
        Softmax temperature of the soft weights over cosine similarities to
        the centroids (smaller: closer to one-hot).
    max_iter : int, default=100
        Most refinement rounds (nearest-centroid reassignment) after the consensus.
    relevance : float in [0, 1], optional
        Rank a topic's top terms by relevance with this lambda instead of
        by weight (see :meth:`~nlptools.topics.base.TopicModel.term_scores`).
    vectorizer : BowVectorizer, optional
        Counts the passages (default ``BowVectorizer()``); cloned at fit.
    embedder : Embedder, optional
        Encodes the passages' text (default: :func:`nlptools.embed.default_embedder`).
    random_state : int, RandomState or None, default=0
        The seed (``None``: fresh, not reproducible; see :mod:`nlptools.topics.base`);
        base run ``r`` uses ``100 * seed + r``.

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_samples,)
        Cluster of each training passage (clusters ordered by size, largest first).
    doc_topic_ : ndarray, shape (n_samples, n_topics)
        Soft weights of the training passages (as :meth:`transform`); the
        argmax is ``labels_``.
    components_ : ndarray, shape (n_topics, n_features)
        Class-based TF-IDF of each cluster (non-negative).
    centroids_ : ndarray, shape (n_topics, n_dimensions)
        Unit centroids in the ``[LSA, embedding]`` space.
    base_labels_ : ndarray of int, shape (n_runs, n_samples)
        The labels of every base run.
    consensus_labels_ : ndarray of int, shape (n_samples,)
        The consensus before refinement (cluster ids as in ``labels_``).
    tfidf_ : sklearn TfidfTransformer
    svd_ : sklearn TruncatedSVD or None
        None when the vocabulary is too small for LSA.
    """

    def __init__(
        self,
        *,
        n_topics: int = 10,
        lsa_dims: int = 100,
        max_df: float = 0.5,
        runs_per_base: int = 3,
        temperature: float = 0.05,
        max_iter: int = 100,
        relevance: float | None = None,
        vectorizer: BowVectorizer | None = None,
        embedder: Embedder | None = None,
        random_state: int | None = 0,
    ) -> None:
        self.n_topics = n_topics
        self.lsa_dims = lsa_dims
        self.max_df = max_df
        self.runs_per_base = runs_per_base
        self.temperature = temperature
        self.max_iter = max_iter
        self.relevance = relevance
        self.vectorizer = vectorizer
        self.embedder = embedder
        self.random_state = random_state

    def _check_params(self) -> None:
        super()._check_params()
        _check_int("lsa_dims", self.lsa_dims)
        _check_int("runs_per_base", self.runs_per_base)
        _check_int("max_iter", self.max_iter, low=0)
        t = self.temperature
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not t > 0:
            raise ParameterError(f"temperature: must be a number > 0, got {t!r}")

    # -- fitting ---------------------------------------------------------------------
    def _fit(self, X: Iterable[Any]) -> None:
        items = _items(X)
        self._texts = [_as_text(x) for x in items]
        try:
            super()._fit(items)
        finally:
            del self._texts

    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        seed = _seed(self.random_state)
        k = self.n_topics
        self.lexical_terms_ = _lexical_terms(counts, self.feature_names_, self.max_df)
        counts = counts[:, self.lexical_terms_]
        self.tfidf_, self.svd_ = fit_lexical(counts, lsa_dims=self.lsa_dims, random_state=seed)
        T, Z = lexical_features(counts, self.tfidf_, self.svd_)
        E = embed_texts(self.embedder, self._texts)
        X = combine(Z, E)

        runs = []
        for base in BASES:
            if Z is None and base != "emb-kmeans":
                continue  # too small a vocabulary: the embedding alone
            for r in range(self.runs_per_base):
                rs = (seed * 100 + r) % _MAX_SEED
                if base == "emb-kmeans":
                    runs.append(kmeans_labels(E, k, rs))
                elif base == "lsa-kmeans":
                    runs.append(kmeans_labels(np.asarray(Z), k, rs))
                elif base == "combo-kmeans":
                    runs.append(kmeans_labels(X, k, rs))
                else:
                    runs.append(_nmf_labels(T, k, rs))
        self.base_labels_ = np.vstack(runs)
        M = np.hstack([np.eye(k)[lab] for lab in runs]) / np.sqrt(len(runs))
        consensus = kmeans_labels(M, k, seed % _MAX_SEED, n_init=10)
        labels = self._refine(X, consensus)

        # clusters by size, largest first (ties: first passage seen)
        sizes = np.bincount(labels, minlength=k)
        first = np.array([np.flatnonzero(labels == c)[0] if sizes[c] else labels.size for c in range(k)])
        order = np.lexsort((first, -sizes))
        rank = np.empty(k, dtype=np.int64)
        rank[order] = np.arange(k)
        self.labels_ = rank[labels]
        self.consensus_labels_ = rank[consensus]
        self.centroids_ = _centroids(X, self.labels_, k)
        self.components_ = class_tfidf(counts, self.labels_, k)
        return _softmax_scores(X, self.centroids_, float(self.temperature))

    def _refine(self, X: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Nearest-centroid reassignment until nothing moves (passages with zero features keep their cluster)."""
        k = self.n_topics
        live = np.linalg.norm(X, axis=1) > 0
        labels = labels.copy()
        for _ in range(self.max_iter):
            C = _centroids(X, labels, k)
            alive = np.linalg.norm(C, axis=1) > 0
            S = np.where(alive[None, :], X @ C.T, -np.inf)
            new = np.where(live, S.argmax(axis=1), labels)
            if np.array_equal(new, labels):
                break
            labels = new
        else:
            if self.max_iter:
                logger.info("ensemble: refinement stopped after max_iter=%d rounds", self.max_iter)
        return labels

    # -- using -----------------------------------------------------------------------
    def _features(self, items: list[Any]) -> np.ndarray:
        counts = sp.csr_matrix(self.vectorizer_.transform(items))[:, self.lexical_terms_]
        _, Z = lexical_features(counts, self.tfidf_, self.svd_)
        return combine(Z, embed_texts(self.embedder, [_as_text(x) for x in items]))

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        """Soft weights of passages ``X``, shape (n_samples, n_topics).

        A softmax over the cosine similarities to the centroids divided by
        ``temperature``; rows sum to 1, or 0 for a passage with no known word
        and no embedding.
        """
        self._check_fitted()
        return _softmax_scores(self._features(_items(X)), self.centroids_, float(self.temperature))

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:  # pragma: no cover - transform overrides
        raise NotImplementedError("EnsembleTopics needs the passages' text: use transform")


def _items(X: Iterable[Any]) -> list[Any]:
    if isinstance(X, (str, bytes)):
        raise ParameterError("X: expected an iterable of texts, got a single string (wrap it in a list)")
    return list(X)
