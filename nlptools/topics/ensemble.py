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
named by class-based TF-IDF (:func:`~nlptools.topics.ctfidf.class_tfidf`)
over the counts of the model's ``vectorizer`` (merged names, lemmas, lexicon seeds).

The lexical view (TF-IDF, LSA, NMF) has its own tokens, built as
scikit-learn's ``TfidfVectorizer(stop_words="english", min_df=2,
max_df=0.5, sublinear_tf=True)`` would, with words of two or more letters
(no digits) and no pruning below 10 passages. It separates subjects better
than the naming vocabulary (merged names, lemmas, seeds) did: see the
README "Themes" table for the NMI on BBC and 20 Newsgroups before and after.

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
from ..vectorize import BowVectorizer, model_text
from .base import TopicModel, _check_int, _seed
from .ctfidf import class_tfidf
from .nmf import tfidf_weights

logger = logging.getLogger(__name__)

__all__ = ["EnsembleTopics", "BASES", "fit_lexical", "lexical_features", "embed_texts", "combine", "kmeans_labels"]

#: The base clusterings of the ensemble, in run order.
BASES = ("emb-kmeans", "lsa-kmeans", "combo-kmeans", "nmf")

_MAX_SEED = 2**32


# --------------------------------------------------------------------------- features


#: The lexical view's tokens: runs of 2+ letters (any script; no digit or underscore), lower-cased.
#: As the prototype of issue #15; scikit-learn's default ``\w\w+`` (digits kept) measured about the same
#: (NMI BBC samples 0.823 vs 0.802, all BBC 0.877 vs 0.879, 20 Newsgroups 0.460 vs 0.458).
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"
#: From this many passages on, the lexical view keeps terms in at least 2 passages and at most ``max_df`` of them.
MIN_PASSAGES_TO_PRUNE = 10


def lexical_counter(vocabulary: Sequence[str]) -> Any:
    """The lexical view's counter over a fixed vocabulary (terms in column order).

    A scikit-learn ``CountVectorizer`` with :data:`TOKEN_PATTERN`, lower-casing and its English stop
    list; the same object at fit and after :class:`~nlptools.themes.ThemeModel` load.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        stop_words="english",
        vocabulary={str(t): j for j, t in enumerate(vocabulary)},
        dtype=np.float64,
    )


def _lexical_vocabulary(texts: Sequence[str], max_df: float) -> list[str]:
    """The lexical view's terms (sorted): English stop words out; pruned by document frequency from 10 texts on.

    From :data:`MIN_PASSAGES_TO_PRUNE` texts on, a term must be in at least 2 texts and in at most
    ``max_df`` of them; when that leaves nothing (or below that size) every term is kept.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    settings = [(2, max_df), (1, 1.0)] if len(texts) >= MIN_PASSAGES_TO_PRUNE else [(1, 1.0)]
    for min_df, top in settings:
        counter = CountVectorizer(
            token_pattern=TOKEN_PATTERN, lowercase=True, stop_words="english", min_df=min_df, max_df=top
        )
        try:
            counter.fit(texts)
        except ValueError:  # "empty vocabulary": only stop words, or nothing survives the pruning
            continue
        return [str(t) for t in counter.get_feature_names_out()]
    return []


def fit_lexical(
    texts: Sequence[str], *, lsa_dims: int, max_df: float = 0.5, random_state: int
) -> tuple[Any | None, Any | None, Any | None]:
    """Fit the lexical view of ``texts``: scikit-learn tokens, sublinear TF-IDF (L2 rows) and LSA on it.

    The view is built as scikit-learn's ``TfidfVectorizer(stop_words="english", min_df=2,
    max_df=max_df, sublinear_tf=True)`` would (:data:`TOKEN_PATTERN`; pruning only from
    :data:`MIN_PASSAGES_TO_PRUNE` texts on), independently of the tokenizer that names the themes:
    on news it separates subjects better (issue #15; README "Themes").

    Parameters
    ----------
    texts : sequence of str
    lsa_dims : int
        Wanted LSA dimensions; capped at ``min(lsa_dims, n_samples - 1, n_features - 1)``, at least 1.
    max_df : float, default=0.5
        From 10 texts on, terms in more than this share of the texts are left out.
    random_state : int

    Returns
    -------
    counter : sklearn CountVectorizer or None
        Over the view's fixed vocabulary (:func:`lexical_counter`); None when no term is left (only
        stop words): the embedding is then used alone.
    tfidf : sklearn TfidfTransformer or None
    svd : sklearn TruncatedSVD or None
        None with fewer than two terms or texts (the embedding is then used alone).
    """
    from sklearn.decomposition import TruncatedSVD

    if isinstance(max_df, bool) or not isinstance(max_df, (int, float)) or not 0 < max_df <= 1:
        raise ParameterError(f"max_df: must be a share of the passages in (0, 1], got {max_df!r}")
    vocabulary = _lexical_vocabulary(texts, float(max_df))
    if not vocabulary:
        return None, None, None
    counter = lexical_counter(vocabulary)
    counts = sp.csr_matrix(counter.transform(texts))
    tfidf = tfidf_weights(sublinear_tf=True, norm="l2").fit(counts)
    n, v = counts.shape
    if v < 2 or n < 2:  # no LSA dimension to fit
        return counter, tfidf, None
    dims = max(1, min(lsa_dims, n - 1, v - 1))
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=5, random_state=random_state)
    svd.fit(tfidf.transform(counts))
    return counter, tfidf, svd


def lexical_features(
    texts: Sequence[str], counter: Any | None, tfidf: Any | None, svd: Any | None
) -> tuple[sp.csr_matrix | None, np.ndarray | None]:
    """TF-IDF rows and their unit LSA rows (None without them); a text with no known word gives zeros."""
    from sklearn.preprocessing import normalize

    if counter is None or tfidf is None:
        return None, None
    T = sp.csr_matrix(tfidf.transform(counter.transform(list(texts))), dtype=np.float64)
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


def _base_labels(base: str, view: Any, k: int, random_state: int) -> np.ndarray:
    """One clustering of the ensemble: NMF on TF-IDF, or k-means on a dense view."""
    if base == "nmf":
        return _nmf_labels(view, k, random_state)
    return kmeans_labels(np.asarray(view), k, random_state)


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
    texts, sentences, passages or clean documents. Their text goes through
    the lexical view (:func:`fit_lexical`: scikit-learn tokens, English stop
    words out, sublinear TF-IDF, LSA; the TF-IDF, LSA and NMF bases) and the
    embedder; the ``vectorizer`` counts them for the names only (class-based
    TF-IDF ``components_`` over its vocabulary: merged names, lemmas, seeds).

    Parameters
    ----------
    n_topics : int, default=10
        Number of clusters.
    lsa_dims : int, default=100
        LSA dimensions (capped by the numbers of passages and terms).
    max_df : float, default=0.5
        From 10 passages on, the lexical view (TF-IDF, LSA, NMF) keeps the terms in at least 2 passages
        and at most this share of them (below 10: every term); the names use the ``vectorizer``'s terms.
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
        Counts the passages for the names (default ``BowVectorizer()``); cloned at fit.
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
    lexical_ : sklearn CountVectorizer or None
        The lexical view's counter over its fixed vocabulary (:func:`lexical_counter`); None when the
        passages hold only stop words (the embedding alone is used).
    tfidf_ : sklearn TfidfTransformer or None
    svd_ : sklearn TruncatedSVD or None
        None when the lexical view has fewer than two terms (the embedding alone is used).
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
        self._texts = [model_text(x) for x in items]
        try:
            super()._fit(items)
        finally:
            del self._texts

    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        from joblib import Parallel, delayed

        seed = _seed(self.random_state)
        k = self.n_topics
        self.lexical_, self.tfidf_, self.svd_ = fit_lexical(
            self._texts, lsa_dims=self.lsa_dims, max_df=self.max_df, random_state=seed
        )
        T, Z = lexical_features(self._texts, self.lexical_, self.tfidf_, self.svd_)
        E = embed_texts(self.embedder, self._texts)
        X = combine(Z, E)

        views: dict[str, Any] = {"emb-kmeans": E, "lsa-kmeans": Z, "combo-kmeans": X, "nmf": T}
        jobs = [
            (base, views[base], k, (seed * 100 + r) % _MAX_SEED)
            for base in BASES
            if Z is not None or base == "emb-kmeans"  # too small a vocabulary: the embedding alone
            for r in range(self.runs_per_base)
        ]
        # each clustering is seeded on its own: the same labels on any number of threads (joblib's setting)
        runs = Parallel(prefer="threads")(delayed(_base_labels)(*job) for job in jobs)
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
        self.components_ = class_tfidf(counts, self.labels_, k)  # the naming vocabulary's counts
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
        texts = [model_text(x) for x in items]
        _, Z = lexical_features(texts, self.lexical_, self.tfidf_, self.svd_)
        return combine(Z, embed_texts(self.embedder, texts))

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
