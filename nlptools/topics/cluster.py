"""TF-IDF clustering (k-means or agglomerative), clusters named by class-based TF-IDF."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
import scipy.sparse as sp

from ..errors import ParameterError
from ..vectorize import BowVectorizer
from .base import TopicModel, _check_choice, _check_int, _seed
from .ctfidf import class_tfidf
from .nmf import tfidf_weights

logger = logging.getLogger(__name__)

__all__ = ["ClusterTopics", "ALGORITHMS"]

#: The clustering algorithms :class:`ClusterTopics` offers.
ALGORITHMS = ("kmeans", "agglomerative")


class ClusterTopics(TopicModel):
    """Cluster passages on TF-IDF; each cluster is a topic named by class-based TF-IDF.

    Passages are TF-IDF weighted and L2-normalised, optionally reduced by
    LSA (truncated SVD, re-normalised), and clustered. A cluster's
    topic-term weights are the class-based TF-IDF of its passages' counts
    (:func:`~nlptools.topics.ctfidf.class_tfidf`): the words that set it apart.
    Soft weights (``transform``) are the cosine similarities of a passage to
    the cluster centroids, clipped at zero and scaled to sum to 1.

    Parameters
    ----------
    n_topics : int, default=10
        Number of clusters.
    algorithm : {"kmeans", "agglomerative"}, default="kmeans"
        k-means on unit vectors (close to spherical k-means), or Ward
        agglomerative clustering (deterministic; needs ``n_components``
        because it works on dense vectors, and memory grows with the square
        of the number of passages).
    n_components : int, optional
        LSA dimensions before clustering (default: none for k-means, 100 for
        agglomerative).
    sublinear_tf : bool, default=True
        TF-IDF with ``1 + log(tf)``.
    n_init : int, default=10
        k-means restarts (the best inertia wins; when seeded, restarts of
        the unseeded starting centroids).
    seed_words : mapping of str to sequence of str, optional
        Guided k-means (``algorithm="kmeans"`` only): cluster ``i`` starts at
        the ``i``-th theme's seed words (their IDF-weighted unit vector), the
        other clusters from k-means++; the clusters then move with the data,
        and the seeded ones are named after their themes.
    max_iter : int, default=300
    relevance : float in [0, 1], optional
        Rank a topic's top terms by relevance with this lambda instead of
        by weight (see :meth:`~nlptools.topics.base.TopicModel.term_scores`).
    vectorizer : BowVectorizer, optional
        Counts the passages (default ``BowVectorizer()``); cloned at fit.
    random_state : int, RandomState or None, default=0
        The seed (``None``: fresh, not reproducible; see :mod:`nlptools.topics.base`).

    Attributes
    ----------
    components_ : ndarray, shape (n_topics, n_features)
        Class-based TF-IDF of each cluster.
    labels_ : ndarray of int, shape (n_samples,)
        Cluster of each training passage.
    cluster_centers_ : ndarray, shape (n_topics, n_dimensions)
        Unit-length centroids in the clustering space.
    doc_topic_ : ndarray, shape (n_samples, n_topics)
    """

    def __init__(
        self,
        *,
        n_topics: int = 10,
        algorithm: str = "kmeans",
        n_components: int | None = None,
        sublinear_tf: bool = True,
        n_init: int = 10,
        max_iter: int = 300,
        seed_words: Mapping[str, Sequence[str]] | None = None,
        relevance: float | None = None,
        vectorizer: BowVectorizer | None = None,
        random_state: int | None = 0,
    ) -> None:
        self.n_topics = n_topics
        self.algorithm = algorithm
        self.n_components = n_components
        self.sublinear_tf = sublinear_tf
        self.n_init = n_init
        self.max_iter = max_iter
        self.seed_words = seed_words
        self.relevance = relevance
        self.vectorizer = vectorizer
        self.random_state = random_state

    def _check_params(self) -> None:
        super()._check_params()
        _check_choice("algorithm", self.algorithm, ALGORITHMS)
        if self.n_components is not None:
            _check_int("n_components", self.n_components, low=2)
        _check_int("n_init", self.n_init)
        _check_int("max_iter", self.max_iter)
        if self.seed_words is not None:
            if self.algorithm != "kmeans":
                raise ParameterError("seed_words: guided clustering needs algorithm='kmeans'")
            if not isinstance(self.seed_words, Mapping):
                raise ParameterError("seed_words: must map theme names to lists of words")
            if len(self.seed_words) > self.n_topics:
                raise ParameterError(f"n_topics: {self.n_topics} is fewer than the {len(self.seed_words)} seed themes")

    def _space(self, counts: sp.csr_matrix, fit: bool) -> np.ndarray | sp.csr_matrix:
        from sklearn.preprocessing import normalize

        if fit:
            self.tfidf_ = tfidf_weights(sublinear_tf=self.sublinear_tf, norm="l2").fit(counts)
        X = self.tfidf_.transform(counts)
        n_comp = self.n_components or (100 if self.algorithm == "agglomerative" else None)
        if n_comp is None:
            return X
        if fit:
            from sklearn.decomposition import TruncatedSVD

            n_comp = min(n_comp, X.shape[1] - 1, X.shape[0] - 1)
            if n_comp < 2:
                raise ParameterError(f"n_components: too few passages or terms for LSA ({X.shape})")
            self.svd_ = TruncatedSVD(n_components=n_comp, random_state=_seed(self.random_state)).fit(X)
        return normalize(self.svd_.transform(X))

    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        from sklearn.preprocessing import normalize

        Z = self._space(counts, fit=True)
        k = self.n_topics
        if self.algorithm == "kmeans":
            from sklearn.cluster import KMeans
            from sklearn.exceptions import ConvergenceWarning

            seeds = self._resolve_seeds() if self.seed_words else {}
            if not self.seed_words:
                self.seed_words_ = {}
            if seeds:
                # n_init continuations of the seeded start; the lowest inertia wins
                rng = np.random.RandomState(_seed(self.random_state))
                km: Any = None
                for _ in range(self.n_init):
                    trial = KMeans(
                        n_clusters=k,
                        init=self._seeded_init(Z, seeds, rng),
                        n_init=1,
                        max_iter=self.max_iter,
                        random_state=_seed(self.random_state),
                    )
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", ConvergenceWarning)
                        trial.fit(Z)
                    if km is None or trial.inertia_ < km.inertia_ - 1e-12:
                        km = trial
                labels = km.labels_
            else:
                km = KMeans(
                    n_clusters=k, n_init=self.n_init, max_iter=self.max_iter, random_state=_seed(self.random_state)
                )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    labels = km.fit_predict(Z)
            self.model_ = km
            centers = km.cluster_centers_
        else:
            from sklearn.cluster import AgglomerativeClustering

            model = AgglomerativeClustering(n_clusters=k, linkage="ward")
            labels = model.fit_predict(np.asarray(Z))
            self.model_ = model
            centers = np.vstack([np.asarray(Z[labels == c].mean(axis=0)).ravel() for c in range(k)])
        self.labels_ = np.asarray(labels)
        self.cluster_centers_ = normalize(np.asarray(centers))
        self.components_ = class_tfidf(counts, self.labels_, k)
        return self._similarities(Z)

    def _seeded_init(
        self, Z: np.ndarray | sp.csr_matrix, seeds: dict[str, list[int]], rng: np.random.RandomState
    ) -> np.ndarray:
        """Starting centroids: the seed themes' unit vectors, then k-means++ for the rest."""
        from sklearn.preprocessing import normalize

        V = len(self.feature_names_)
        idf = getattr(self.tfidf_, "idf_", np.ones(V))
        rows = np.zeros((len(seeds), V))
        for i, ids in enumerate(seeds.values()):
            rows[i, ids] = idf[ids]
        start = normalize(rows)
        if hasattr(self, "svd_"):
            start = normalize(self.svd_.transform(start))
        # the other centroids: k-means++ continued from the seeded ones (D^2 sampling)
        centers = list(start)
        sq = (
            np.asarray(cast(sp.csr_matrix, Z).multiply(Z).sum(axis=1)).ravel()
            if sp.issparse(Z)
            else (np.asarray(Z) ** 2).sum(axis=1)
        )
        for _ in range(self.n_topics - len(seeds)):
            C = np.vstack(centers)
            d2 = np.clip(sq[:, None] + (C**2).sum(axis=1)[None, :] - 2 * np.asarray(Z @ C.T), 0.0, None).min(axis=1)
            total = d2.sum()
            i = int(rng.choice(len(d2), p=d2 / total)) if total > 0 else int(rng.randint(len(d2)))
            row = Z[i].toarray().ravel() if sp.issparse(Z) else np.asarray(Z[i]).ravel()
            centers.append(row)
        return np.vstack(centers)

    def _similarities(self, Z: np.ndarray | sp.csr_matrix) -> np.ndarray:
        S = Z @ self.cluster_centers_.T
        return np.clip(np.asarray(S), 0.0, None)

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        return self._similarities(self._space(counts, fit=False))
