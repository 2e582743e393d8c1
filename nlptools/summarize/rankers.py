"""Native sentence rankers: Lead, Random, Centroid, TextRank and LexRank.

A *ranker* scores candidate sentences; a selector (:mod:`.select`) then
picks from the scores. Every ranker has the same protocol::

    scores = ranker.rank(sentences, features)   # ndarray, shape (n,), higher is better

where ``features`` is a :class:`~.features.SentenceFeatures` of the same
sentences (built on demand when ``None``). The graph rankers build a sparse
similarity graph and run a vectorised power iteration (PageRank with
damping) on it, so cost grows with the number of non-zero similarities,
not with a Python loop over sentence pairs.

References
----------
Mihalcea, R. and Tarau, P. (2004). TextRank: Bringing order into texts. EMNLP.
Erkan, G. and Radev, D. R. (2004). LexRank: graph-based lexical centrality as
salience in text summarization. JAIR 22.
Radev, D. R. et al. (2004). Centroid-based summarization of multiple documents. IP&M 40.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.linalg.lapack import dgesv as _gesv

from ..cleaning import Sentence
from ..errors import ParameterError
from .features import SentenceFeatures

logger = logging.getLogger(__name__)

__all__ = [
    "Ranker",
    "LeadRanker",
    "RandomRanker",
    "CentroidRanker",
    "TextRankRanker",
    "LexRankRanker",
    "pagerank",
]


class Ranker:
    """Base class of sentence rankers.

    Subclasses set ``name`` and implement :meth:`rank`. ``uses_features``
    says whether :meth:`rank` reads the :class:`SentenceFeatures` (callers
    may then share one with a selector).
    """

    name: str = ""
    uses_features: bool = True

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        """Score each sentence; higher is better.

        Parameters
        ----------
        sentences : sequence of Sentence
            The candidates, in input order.
        features : SentenceFeatures, optional
            Features of exactly these sentences (built when ``None``).

        Returns
        -------
        ndarray of float, shape (n_sentences,)
        """
        raise NotImplementedError

    def get_params(self) -> dict[str, Any]:
        """The ranker's parameters."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _features(sentences: Sequence[Sentence], features: SentenceFeatures | None) -> SentenceFeatures:
        if features is None:
            return SentenceFeatures.build([s.text for s in sentences])
        if features.n != len(sentences):
            raise ParameterError(f"features: built for {features.n} sentences, got {len(sentences)} sentences")
        return features


class LeadRanker(Ranker):
    """The first sentences of each document first.

    A sentence's score is ``1 / (1 + p)`` where ``p`` is its position among
    the candidates of its own document, so a multi-document set yields the
    first sentence of every article, then the second ones, and so on.
    """

    name = "lead"
    uses_features = False

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        seen: dict[str, int] = {}
        scores = np.empty(len(sentences))
        for i, s in enumerate(sentences):
            p = seen.get(s.document, 0)
            seen[s.document] = p + 1
            scores[i] = 1.0 / (1.0 + p)
        return scores


class RandomRanker(Ranker):
    """Uniform random scores (a baseline), seeded.

    Parameters
    ----------
    random_state : int or None, default=0
        Seed of :func:`numpy.random.default_rng`; the same seed and input give the same scores.
    """

    name = "random"
    uses_features = False

    def __init__(self, *, random_state: int | None = 0) -> None:
        self.random_state = random_state

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        return np.random.default_rng(self.random_state).random(len(sentences))


class CentroidRanker(Ranker):
    """Cosine similarity of each sentence's TF-IDF vector to the centroid of all.

    Parameters
    ----------
    top_terms : int or None, default=None
        Keep only this many heaviest centroid terms (Radev et al.'s centroid
        "topic signature"); ``None`` keeps all.
    """

    name = "centroid"

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


def pagerank(
    graph: np.ndarray | sp.spmatrix, *, damping: float = 0.85, tol: float = 1e-8, max_iter: int = 200
) -> np.ndarray:
    """Stationary distribution of a random walk on a weighted graph (power iteration).

    Parameters
    ----------
    graph : ndarray or sparse matrix of shape (n, n)
        Non-negative edge weights; row ``i`` holds the edges out of ``i``.
        A dense array is solved exactly (a linear system: the fixed point of
        the iteration); a sparse matrix by power iteration with sparse products.
    damping : float, default=0.85
        Probability of following an edge (else jump uniformly).
    tol : float
        Power iteration stops when the L1 change falls below this.
    max_iter : int
        At most this many power iterations.

    Returns
    -------
    ndarray of shape (n,)
        Scores summing to 1. Rows without edges spread their mass uniformly.
    """
    if not 0 < damping < 1:
        raise ParameterError(f"damping: must be in (0, 1), got {damping!r}")
    n = graph.shape[0]
    if n == 0:
        return np.zeros(0)
    if sp.issparse(graph):
        g = sp.csr_matrix(graph, dtype=np.float64)
        out = np.asarray(g.sum(axis=1)).ravel()
    else:
        g = np.asarray(graph, dtype=np.float64)
        out = g.sum(axis=1)
    dangling = out <= 0
    any_dangling = bool(dangling.any())
    if not sp.issparse(g):
        # small graph: solve (I - d M^T) p = (1 - d) / n exactly, M row-stochastic
        # with rows of dangling nodes uniform (the fixed point of the iteration below)
        if any_dangling:
            m = g * np.divide(1.0, out, out=np.zeros(n), where=~dangling)[:, None]
            m[dangling] = 1.0 / n
        else:
            m = g / out[:, None]
        a = m.T * -damping
        a.flat[:: n + 1] += 1.0
        # LAPACK's gesv directly: numpy.linalg.solve's set-up costs more than the solve at this size
        _, _, p, info = _gesv(a, np.full(n, (1.0 - damping) / n))
        if info != 0:  # pragma: no cover - I - d M^T is strictly diagonally dominant, never singular
            raise np.linalg.LinAlgError(f"pagerank: singular system (LAPACK info {info})")
        return p / p.sum()
    inv = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    # large graph: power iteration on the sparse transition matrix
    g = g.copy()
    g.data *= np.repeat(inv, np.diff(g.indptr))
    transition_t = sp.csr_matrix(g.T)
    p = np.full(n, 1.0 / n)
    jump = (1.0 - damping) / n
    for _ in range(max_iter):
        nxt = transition_t @ p
        if any_dangling:
            nxt += p[dangling].sum() / n
        nxt = damping * nxt + jump
        delta = np.abs(nxt - p).sum()
        p = nxt
        if delta < tol:
            break
    return p / p.sum()


class TextRankRanker(Ranker):
    """TextRank (Mihalcea and Tarau, 2004) for sentences.

    The weight of the edge between sentences ``i`` and ``j`` is the number
    of content words they share divided by ``log|S_i| + log|S_j|`` (their
    token counts); the scores are the PageRank of that graph.

    Parameters
    ----------
    damping : float, default=0.85
    tol : float, default=1e-8
    max_iter : int, default=200
    """

    name = "textrank"

    def __init__(self, *, damping: float = 0.85, tol: float = 1e-8, max_iter: int = 200) -> None:
        self.damping = damping
        self.tol = tol
        self.max_iter = max_iter

    def graph(self, features: SentenceFeatures) -> np.ndarray | sp.csr_matrix:
        """The TextRank similarity graph, no self-loops (dense for small inputs, else sparse)."""
        logs = np.log(np.maximum(features.n_tokens, 1.0))
        overlap = features.overlap()
        if not sp.issparse(overlap):
            denom = logs[:, None] + logs[None, :]
            g = np.divide(overlap, denom, out=overlap.astype(np.float64), where=denom > 0)
            np.fill_diagonal(g, 0.0)
            return g
        coo = sp.coo_matrix(overlap)
        keep = coo.row != coo.col
        rows, cols, shared = coo.row[keep], coo.col[keep], coo.data[keep]
        denom = logs[rows] + logs[cols]
        weights = np.divide(shared, denom, out=shared.copy(), where=denom > 0)
        return sp.csr_matrix((weights, (rows, cols)), shape=coo.shape)

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        f = self._features(sentences, features)
        return pagerank(self.graph(f), damping=self.damping, tol=self.tol, max_iter=self.max_iter)


class LexRankRanker(Ranker):
    """LexRank (Erkan and Radev, 2004), continuous by default.

    The graph holds the IDF-modified cosine similarity of every pair of
    sentences (IDF over the candidates); continuous LexRank weights edges
    by the similarity itself, thresholded LexRank keeps unit edges where
    the similarity reaches ``threshold``. Scores are the PageRank of the graph.

    Parameters
    ----------
    threshold : float or None, default=None
        ``None`` for continuous LexRank, else a cosine threshold in (0, 1].
    damping : float, default=0.85
    tol : float, default=1e-8
    max_iter : int, default=200
    """

    name = "lexrank"

    def __init__(
        self, *, threshold: float | None = None, damping: float = 0.85, tol: float = 1e-8, max_iter: int = 200
    ) -> None:
        self.threshold = threshold
        self.damping = damping
        self.tol = tol
        self.max_iter = max_iter

    def graph(self, features: SentenceFeatures) -> np.ndarray | sp.csr_matrix:
        """The LexRank graph: cosine similarities, self-similarity included as in the paper."""
        g = features.cosine()
        if self.threshold is None:
            return g
        if not 0 < self.threshold <= 1:
            raise ParameterError(f"threshold: must be in (0, 1] or None, got {self.threshold!r}")
        if sp.issparse(g):
            g = g.copy()
            g.data = (g.data >= self.threshold - 1e-12).astype(np.float64)
            g.eliminate_zeros()
            return g
        return (g >= self.threshold - 1e-12).astype(np.float64)

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        f = self._features(sentences, features)
        return pagerank(self.graph(f), damping=self.damping, tol=self.tol, max_iter=self.max_iter)
