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

from ..document import Sentence
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

    def rank_many(
        self, sentence_sets: Sequence[Sequence[Sentence]], features: Sequence[SentenceFeatures] | None = None
    ) -> list[np.ndarray]:
        """Score several candidate sets (one array per set); equal to ``[rank(s, f) for ...]``.

        Parameters
        ----------
        sentence_sets : sequence of sequence of Sentence
        features : sequence of SentenceFeatures, optional
            Features of each set (built in one batch when ``None`` and the ranker uses them).
        """
        feats = self._features_many(sentence_sets, features) if self.uses_features else [None] * len(sentence_sets)
        return [self.rank(s, f) for s, f in zip(sentence_sets, feats)]

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

    @staticmethod
    def _features_many(
        sentence_sets: Sequence[Sequence[Sentence]], features: Sequence[SentenceFeatures] | None
    ) -> list[SentenceFeatures]:
        if features is None:
            return SentenceFeatures.build_many([[s.text for s in ss] for ss in sentence_sets])
        if len(features) != len(sentence_sets):
            raise ParameterError(f"features: {len(features)} feature sets for {len(sentence_sets)} sentence sets")
        for f, ss in zip(features, sentence_sets):
            if f.n != len(ss):
                raise ParameterError(f"features: built for {f.n} sentences, got {len(ss)} sentences")
        return list(features)


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
            g = g.copy()
            g.data = (g.data >= self.threshold - 1e-12).astype(np.float64)
            g.eliminate_zeros()
            return g
        return (g >= self.threshold - 1e-12).astype(np.float64)
