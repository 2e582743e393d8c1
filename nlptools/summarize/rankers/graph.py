"""Graph rankers: TextRank and LexRank, and the PageRank solver they share.

Each builds a similarity graph of the candidates (dense for small inputs,
sparse for large ones) and scores the sentences by its PageRank with
damping: an exact linear solve for a small dense graph, a vectorised power
iteration for a sparse one, so cost grows with the number of non-zero
similarities, not with a Python loop over sentence pairs.

References
----------
Mihalcea, R. and Tarau, P. (2004). TextRank: Bringing order into texts. EMNLP.
Erkan, G. and Radev, D. R. (2004). LexRank: graph-based lexical centrality as
salience in text summarization. JAIR 22.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import cast

import numpy as np
import scipy.sparse as sp
from scipy.linalg.lapack import dgesv as _gesv

from ...document import Sentence
from ...errors import ParameterError
from ..features import SentenceFeatures
from ..types import Ranker

logger = logging.getLogger(__name__)

__all__ = ["TextRankRanker", "LexRankRanker", "pagerank"]


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
    if not sp.issparse(graph):  # small graph: solved exactly
        return _pagerank_dense(np.asarray(graph, dtype=np.float64)[None], damping)[0]
    g = sp.csr_matrix(graph, dtype=np.float64)
    out = np.asarray(g.sum(axis=1)).ravel()
    dangling = out <= 0
    any_dangling = bool(dangling.any())
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


def _pagerank_dense(graphs: np.ndarray, damping: float) -> np.ndarray:
    """Exact PageRank of a stack of dense graphs of one size, shape (b, n, n) -> (b, n).

    Solves ``(I - d M^T) p = (1 - d) / n`` for each graph, ``M`` row-stochastic with the
    rows of dangling nodes uniform (the fixed point of the power iteration). Every graph
    is solved alone, so its scores do not depend on the others in the stack.
    """
    b, n, _ = graphs.shape
    out = graphs.sum(axis=2)
    dangling = out <= 0
    m = graphs / np.where(dangling, 1.0, out)[:, :, None]
    if dangling.any():
        m[dangling] = 1.0 / n
    a = m.transpose(0, 2, 1) * -damping  # each a[i] is Fortran-ordered, as LAPACK wants it
    diag = np.arange(n)
    a[:, diag, diag] += 1.0
    rhs = np.full(n, (1.0 - damping) / n)
    scores = np.empty((b, n))
    for i in range(b):
        # LAPACK's gesv directly: numpy.linalg.solve's set-up costs more than the solve at this size
        _, _, p, info = _gesv(a[i], rhs)
        if info != 0:  # pragma: no cover - I - d M^T is strictly diagonally dominant, never singular
            raise np.linalg.LinAlgError(f"pagerank: singular system (LAPACK info {info})")
        scores[i] = p
    return scores / scores.sum(axis=1, keepdims=True)


class _GraphRanker(Ranker):
    """A ranker scoring sentences by the PageRank of a similarity graph (``graph(features)``)."""

    damping: float
    tol: float
    max_iter: int

    def graph(self, features: SentenceFeatures) -> np.ndarray | sp.csr_matrix:  # pragma: no cover - abstract
        raise NotImplementedError

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        f = self._features(sentences, features)
        return pagerank(self.graph(f), damping=self.damping, tol=self.tol, max_iter=self.max_iter)

    def _graphs(self, features: Sequence[SentenceFeatures]) -> np.ndarray:
        """The dense graphs of same-sized small sets, stacked: shape (b, n, n)."""
        return np.stack([self.graph(f) for f in features])

    def rank_many(
        self, sentence_sets: Sequence[Sequence[Sentence]], features: Sequence[SentenceFeatures] | None = None
    ) -> list[np.ndarray]:
        """Scores of several candidate sets, equal to ``[rank(s, f) for ...]``.

        Small sets of the same size are solved as one stack (one vectorised
        pass instead of a dozen small array operations per set).
        """
        feats = self._features_many(sentence_sets, features)
        if not 0 < self.damping < 1:
            raise ParameterError(f"damping: must be in (0, 1), got {self.damping!r}")
        out: list[np.ndarray | None] = [None] * len(feats)
        by_size: dict[int, list[int]] = {}
        for i, f in enumerate(feats):
            if f.n and f.dense:
                by_size.setdefault(f.n, []).append(i)
            else:
                out[i] = self.rank(sentence_sets[i], f)
        for idx in by_size.values():
            stack = self._graphs([feats[i] for i in idx])
            for i, p in zip(idx, _pagerank_dense(stack, self.damping)):
                out[i] = p
        return out  # type: ignore[return-value]


class TextRankRanker(_GraphRanker):
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

    def _graphs(self, features: Sequence[SentenceFeatures]) -> np.ndarray:
        # shared-word counts of the whole stack in one product: the presence matrices are 0/1, so
        # the counts are exact integers whatever the padding, and every graph equals graph(f)
        n = features[0].n
        width = max(max(f.n_terms for f in features), 1)
        presence = np.zeros((len(features), n, width))
        for j, f in enumerate(features):
            presence[j, :, : f.n_terms] = f._dense("presence")
        overlap = presence @ presence.transpose(0, 2, 1)
        logs = np.log(np.maximum(np.stack([f.n_tokens for f in features]), 1.0))
        denom = logs[:, :, None] + logs[:, None, :]
        g = np.divide(overlap, denom, out=overlap.copy(), where=denom > 0)
        diag = np.arange(n)
        g[:, diag, diag] = 0.0
        return g


class LexRankRanker(_GraphRanker):
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
            edges = cast(sp.csr_matrix, g).copy()
            edges.data = (edges.data >= self.threshold - 1e-12).astype(np.float64)
            edges.eliminate_zeros()
            return edges
        return (g >= self.threshold - 1e-12).astype(np.float64)
