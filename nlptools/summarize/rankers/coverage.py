"""Coverage summarisers: submodular coverage + diversity (Lin and Bilmes) and the ICSI concept ILP.

These methods *select* under a length rather than score sentences one by
one: :meth:`CoverageRanker.choose` returns the chosen sentences for a
:class:`~nlptools.summarize.types.Length` (a word budget, a sentence count
or a ratio), solving the method's objective (:mod:`nlptools.summarize.coverage`).
:meth:`~CoverageRanker.rank` gives the protocol's scores, for callers that
only rank: the order in which the greedy, without a budget and one
sentence at a time, takes the sentences (1 for the first, falling to 0).
With a sentence count that order *is* the greedy's answer (the greedy
under a cardinality constraint is nested); with a word budget, or for the
ILP, only :meth:`~CoverageRanker.choose` solves the budgeted problem.

Redundancy by meaning: the objectives discount repeated content (a
concept pays once; coverage saturates), and, with ``paraphrase`` set, two
sentences whose semantic vectors (:mod:`nlptools.embed`) have a cosine of
at least ``paraphrase`` are never both chosen; nor, with ``redundancy``
given to :meth:`~CoverageRanker.choose`, two whose IDF-weighted
containment (:meth:`~nlptools.summarize.features.SentenceFeatures.containment_to`)
reaches it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..._random import int_seed
from ...document import Sentence
from ...errors import ParameterError
from ...tokens import STOP_WORDS, Tokenizer
from ..coverage import ConceptObjective, SubmodularObjective, budgeted_greedy, concept_ilp
from ..features import SentenceFeatures
from ..select import PARAPHRASE as _PARAPHRASE
from ..types import Length, Ranker, word_count

logger = logging.getLogger(__name__)

__all__ = ["CoverageRanker", "SubmodularRanker", "ConceptRanker", "concepts", "paraphrase_pairs"]

#: Default semantic-cosine cap: two sentences at least this similar in meaning are never both chosen
#: (measured: see :data:`nlptools.summarize.select.PARAPHRASE`).
PARAPHRASE = _PARAPHRASE


def paraphrase_pairs(vectors: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Pairs ``(a, b)``, ``a < b``, of unit rows whose cosine reaches ``threshold``."""
    v = np.asarray(vectors, dtype=np.float32)
    n = v.shape[0]
    out: list[tuple[int, int]] = []
    block = 512
    for a0 in range(0, n, block):
        sims = v[a0 : a0 + block] @ v.T
        ia, ib = np.nonzero(sims >= threshold)
        keep = ib > ia + a0
        out.extend(zip((ia[keep] + a0).tolist(), ib[keep].tolist()))
    return out


def _containment_pairs(features: SentenceFeatures, threshold: float) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in range(features.n):
        sims = features.containment_to(i)
        out.extend((i, int(j)) for j in np.flatnonzero(sims[i + 1 :] >= threshold) + i + 1)
    return out


_BIGRAM_TOKENIZER: Tokenizer | None = None


def concepts(
    sentences: Sequence[Sentence], *, min_df: int | None = None
) -> tuple[sp.csr_matrix, np.ndarray, list[tuple[str, str]]]:
    """ICSI concepts: word bigrams (lemmas), weighted by the number of documents holding them.

    Bigrams of adjacent words (case folded, lemmatised: the offline
    stand-in for the paper's Porter stems); a bigram of two stop words is
    dropped. The weight is the number of distinct documents
    (``Sentence.document``) the bigram occurs in, and only bigrams in at
    least ``min_df`` documents are concepts. By default ``min_df`` is 3 with
    three documents or more (Gillick and Favre's multi-document setting);
    with fewer, the unit is the sentence and a concept must recur in 2
    sentences (one article: its repeated phrases). If nothing passes, every
    bigram is a concept (weight: its count).

    Returns
    -------
    occurrence : csr_matrix of shape (n_sentences, n_concepts)
    weights : ndarray of shape (n_concepts,)
    names : list of (str, str)
    """
    global _BIGRAM_TOKENIZER
    if _BIGRAM_TOKENIZER is None:
        _BIGRAM_TOKENIZER = Tokenizer(stop_words=None, numbers="keep", min_length=1)
    tok = _BIGRAM_TOKENIZER
    docs = {s.document for s in sentences}
    by_document = len(docs) >= 3
    if min_df is None:
        min_df = 3 if by_document else 2
    index: dict[tuple[str, str], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    units: dict[int, set[Any]] = {}
    for i, s in enumerate(sentences):
        t = tok(s.text)
        seen = set()
        for a, b in zip(t, t[1:]):
            if a in STOP_WORDS and b in STOP_WORDS:
                continue
            j = index.setdefault((a, b), len(index))
            if j not in seen:
                seen.add(j)
                rows.append(i)
                cols.append(j)
                units.setdefault(j, set()).add(s.document if by_document else i)
    names = list(index)
    df = np.array([len(units[j]) for j in range(len(names))], dtype=np.float64)
    occ = sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(sentences), len(names)),
    )
    keep = np.flatnonzero(df >= min_df)
    if keep.size == 0:
        return occ, df, names
    return sp.csr_matrix(occ[:, keep]), df[keep], [names[j] for j in keep.tolist()]


class CoverageRanker(Ranker):
    """Base of the summarisers that select under a length (see the module docstring).

    Subclasses implement :meth:`_solve`.
    """

    linear = False  # a sentence-similarity graph: long documents are narrowed to MAX_RANKED first
    #: Marks a ranker whose :meth:`choose` solves the budgeted selection itself.
    selects = True

    paraphrase: float | None
    embedder: Any

    def _check_paraphrase(self) -> None:
        p = self.paraphrase
        if p is not None and (isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 < p <= 1):
            raise ParameterError(f"paraphrase: must be a cosine in (0, 1] or None, got {p!r}")

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        from ...embed import as_embedder

        return np.asarray(as_embedder(self.embedder).encode(list(texts)), dtype=np.float32)

    def _conflicts(
        self, texts: Sequence[str], features: SentenceFeatures, redundancy: float | None, vectors: np.ndarray | None
    ) -> list[tuple[int, int]]:
        self._check_paraphrase()
        pairs: list[tuple[int, int]] = []
        if self.paraphrase is not None and len(texts) > 1:
            v = vectors if vectors is not None else self._vectors(texts)
            pairs += paraphrase_pairs(v, float(self.paraphrase))
        if redundancy is not None and len(texts) > 1:
            pairs += _containment_pairs(features, float(redundancy))
        return sorted(set(pairs))

    def choose(
        self,
        sentences: Sequence[Sentence],
        features: SentenceFeatures | None,
        length: Length,
        *,
        redundancy: float | None = None,
    ) -> list[int]:
        """The chosen sentences under ``length``, ascending.

        Parameters
        ----------
        sentences : sequence of Sentence
        features : SentenceFeatures, optional
            Features of exactly these sentences (built when ``None``).
        length : Length
            A word budget (cost: words per sentence), a sentence count or a ratio (cost 1 each).
        redundancy : float, optional
            Also never choose two sentences whose containment similarity reaches this.

        Returns
        -------
        list of int
            At least one sentence when there is any with words.
        """
        n = len(sentences)
        if n == 0:
            return []
        f = self._features(sentences, features)
        texts = [s.text for s in sentences]
        words = np.fromiter((word_count(t) for t in texts), dtype=np.float64, count=n)
        allowed = words > 0
        if not allowed.any():
            return [0]
        if length.words is not None:
            costs, budget, max_items = np.maximum(words, 1.0), float(length.words), None
            if not (allowed & (words <= budget)).any():
                # a budget smaller than every sentence: the shortest one, as the selector does
                return [int(np.argmin(np.where(allowed, words, np.inf)))]
        else:
            k = length.max_sentences(n)
            costs, budget, max_items = np.ones(n), float(k), k
        picked = self._solve(sentences, texts, f, costs, budget, max_items, allowed, redundancy)
        return sorted(picked)

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        """Scores from the greedy's order without a budget (1 for the first taken, falling linearly)."""
        n = len(sentences)
        if n == 0:
            return np.zeros(0)
        f = self._features(sentences, features)
        texts = [s.text for s in sentences]
        words = np.fromiter((word_count(t) for t in texts), dtype=np.float64, count=n)
        order = self._order(sentences, texts, f, words > 0)
        scores = np.zeros(n)
        scores[order] = 1.0 - np.arange(len(order)) / n
        return scores

    def _solve(
        self,
        sentences: Sequence[Sentence],
        texts: list[str],
        features: SentenceFeatures,
        costs: np.ndarray,
        budget: float,
        max_items: int | None,
        allowed: np.ndarray,
        redundancy: float | None,
    ) -> list[int]:
        raise NotImplementedError

    def _order(
        self, sentences: Sequence[Sentence], texts: list[str], features: SentenceFeatures, allowed: np.ndarray
    ) -> list[int]:
        n = len(texts)
        return self._solve(sentences, texts, features, np.ones(n), float(n), None, allowed, None)


class SubmodularRanker(CoverageRanker):
    """Lin and Bilmes (2011): saturated coverage plus a clustered diversity reward, budgeted greedy.

    ``F(S) = sum_i min(C_i(S), alpha C_i(V)) + lambda sum_k sqrt(sum_{j in S & P_k} r_j)``
    with ``w_ij`` the cosine of the sentences' TF-IDF vectors (IDF over the
    candidates; or of their semantic vectors, clipped at 0), ``alpha = a / N``,
    ``r_j`` the mean similarity of ``j`` to all sentences and ``P_k`` the
    k-means clusters of the same vectors (``K = cluster_ratio * N``).

    Parameters
    ----------
    a : float, default=5.0
        ``alpha = a / N`` (the paper's parametrisation; a around 5).
    lam : float, default=6.0
        Weight of the diversity reward (the paper's 6).
    r : float, default=0.3
        Cost scaling of the greedy (``gain / words**r``; the paper's 0.3).
    cluster_ratio : float, default=0.2
        Clusters per sentence (the paper: ``K = 0.2 N``).
    similarity : {"tfidf", "semantic"}, default="tfidf"
        The vectors behind ``w`` and the clusters.
    paraphrase : float or None, default=0.75
        Never choose two sentences whose semantic cosine reaches this (``None``: no cap).
    embedder : Embedder, optional
        For ``similarity="semantic"`` and ``paraphrase`` (default: :func:`nlptools.embed.as_embedder`).
    random_state : int, RandomState or None, default=0
        Seed of k-means.

    Notes
    -----
    Cost: the similarity matrix (sparse for many sentences), k-means on the
    sentence vectors, then the lazy greedy, close to linear in the non-zero
    similarities.
    """

    name = "submodular"

    def __init__(
        self,
        *,
        a: float = 5.0,
        lam: float = 6.0,
        r: float = 0.3,
        cluster_ratio: float = 0.2,
        similarity: str = "tfidf",
        paraphrase: float | None = PARAPHRASE,
        embedder: Any = None,
        random_state: int | None = 0,
    ) -> None:
        self.a = a
        self.lam = lam
        self.r = r
        self.cluster_ratio = cluster_ratio
        self.similarity = similarity
        self.paraphrase = paraphrase
        self.embedder = embedder
        self.random_state = random_state

    def _check(self) -> None:
        for name, lo in (("a", 0.0), ("lam", -1e-300), ("r", -1e-300)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= lo:
                raise ParameterError(f"{name}: must be a {'positive' if lo == 0 else 'non-negative'} number, got {v!r}")
        c = self.cluster_ratio
        if isinstance(c, bool) or not isinstance(c, (int, float)) or not 0 < c <= 1:
            raise ParameterError(f"cluster_ratio: must be in (0, 1], got {c!r}")
        if self.similarity not in ("tfidf", "semantic"):
            raise ParameterError(f"similarity: {self.similarity!r} is not one of tfidf, semantic")

    def objective(self, texts: Sequence[str], features: SentenceFeatures | None = None) -> SubmodularObjective:
        """The objective ``F`` over ``texts`` (features built when ``None``)."""
        obj, _ = self._objective(list(texts), features or SentenceFeatures.build(list(texts)))
        return obj

    def _objective(self, texts: list[str], features: SentenceFeatures) -> tuple[SubmodularObjective, np.ndarray | None]:
        self._check()
        n = len(texts)
        vectors = None
        if self.similarity == "semantic" or self.paraphrase is not None:
            vectors = self._vectors(texts)
        if self.similarity == "semantic":
            assert vectors is not None
            v64 = vectors.astype(np.float64)
            w: np.ndarray | sp.spmatrix = np.maximum(v64 @ v64.T, 0.0)
            x: Any = v64
        else:
            w = features.cosine()
            x = features.tfidf
        k = max(1, min(n, int(round(self.cluster_ratio * n))))
        labels = _kmeans(x, k, int_seed(self.random_state), sim=w)
        alpha = min(1.0, float(self.a) / max(n, 1))
        return SubmodularObjective(w, labels, alpha=alpha, lam=float(self.lam)), vectors

    def _solve(self, sentences, texts, features, costs, budget, max_items, allowed, redundancy):  # type: ignore[no-untyped-def]
        obj, vectors = self._objective(texts, features)
        conflicts = self._conflicts(texts, features, redundancy, vectors)
        return budgeted_greedy(
            obj, costs, budget, r=float(self.r), max_items=max_items, conflicts=conflicts, allowed=allowed
        )


def _kmeans(x: Any, k: int, seed: int, *, sim: Any = None, iterations: int = 20) -> np.ndarray:
    """Spherical k-means labels of the unit rows of ``x`` (dense or sparse): k-means++ seeding, seeded.

    On unit vectors the squared Euclidean distance is ``2 - 2 cos``, so
    points go to the centre of highest cosine; centres are the normalised
    means of their members (Dhillon and Modha, 2001). ``sim``, the cosine
    matrix of the rows when already known, serves the seeding. Cost per
    iteration: the non-zeros of ``x`` times ``k``.
    """
    n = x.shape[0]
    if k <= 1 or n <= 1:
        return np.zeros(n, dtype=np.int64)
    if k >= n:
        return np.arange(n, dtype=np.int64)
    rng = np.random.default_rng(seed)
    sparse = sp.issparse(x)
    x = sp.csr_matrix(x, dtype=np.float64) if sparse else np.asarray(x, dtype=np.float64)

    if sim is None:
        sim = x @ x.T
    if sp.issparse(sim):
        sim = sp.csr_matrix(sim)

    def sim_to(c: int) -> np.ndarray:  # cos(x_i, x_c) for every i (the matrix is symmetric)
        if isinstance(sim, np.ndarray):
            return sim[c]
        row = np.zeros(n)
        a, b = sim.indptr[c], sim.indptr[c + 1]
        row[sim.indices[a:b]] = sim.data[a:b]
        return row

    # k-means++ (Arthur and Vassilvitskii, 2007) on the distance 1 - cos
    centres = [int(rng.integers(n))]
    best = sim_to(centres[0]).copy()
    labels = np.zeros(n, dtype=np.int64)
    for i in range(1, k):
        dist = np.maximum(1.0 - best, 0.0)
        total = dist.sum()
        c = int(rng.choice(n, p=dist / total)) if total > 0 else int(rng.integers(n))
        centres.append(c)
        s_c = sim_to(c)
        closer = s_c > best
        labels[closer] = i
        best = np.where(closer, s_c, best)
    for _ in range(iterations):
        member = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
        c = member @ x
        if sp.issparse(c):
            c = sp.csr_matrix(c)
            norms = np.sqrt(np.asarray(c.multiply(c).sum(axis=1)).ravel())
            c = sp.diags(np.divide(1.0, norms, out=np.zeros(k), where=norms > 0)) @ c
            s = np.asarray((x @ c.T).todense())
        else:
            norms = np.linalg.norm(c, axis=1)
            c = c / np.where(norms > 0, norms, 1.0)[:, None]
            s = x @ c.T
        empty = np.diff(member.indptr) == 0
        s[:, empty] = -np.inf
        new = np.argmax(s, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    _, labels = np.unique(labels, return_inverse=True)
    return labels.astype(np.int64).reshape(-1)


class ConceptRanker(CoverageRanker):
    """Gillick and Favre (2009), ICSISumm: the summary covering the heaviest word bigrams, as an ILP.

    Concepts and weights come from :func:`concepts`; the ILP is solved by
    :func:`nlptools.summarize.coverage.concept_ilp` (HiGHS, ``time_limit``
    seconds, then the cost-scaled greedy on the same objective).

    Parameters
    ----------
    min_df : int, optional
        Documents a bigram must occur in to be a concept (default: 3 with
        three documents or more; else 2 sentences, see :func:`concepts`).
    time_limit : float, default=2.0
        Seconds the ILP solver may take.
    paraphrase : float or None, default=0.75
        Never choose two sentences whose semantic cosine reaches this (``None``: no cap).
    embedder : Embedder, optional
        For ``paraphrase`` (default: :func:`nlptools.embed.as_embedder`).
    r : float, default=0.3
        Cost scaling of the greedy fallback (and of :meth:`rank`'s order).
    fill : bool, default=True
        Not in the paper: when the optimum leaves budget over (few concepts
        pass ``min_df``, as with loosely related articles), extend it with
        the cost-scaled greedy over every bigram (weight: documents, or
        sentences, holding it). ``False``: the ILP's optimum alone.

    Notes
    -----
    Cost: one tokenising pass for the concepts; the ILP has a variable per
    sentence holding a concept and per concept, and a row per occurrence.
    HiGHS solves news clusters of hundreds of sentences in well under a
    second; the time limit bounds the worst case.
    """

    name = "ilp"

    def __init__(
        self,
        *,
        min_df: int | None = None,
        time_limit: float = 2.0,
        paraphrase: float | None = PARAPHRASE,
        embedder: Any = None,
        r: float = 0.3,
        fill: bool = True,
    ) -> None:
        self.min_df = min_df
        self.time_limit = time_limit
        self.paraphrase = paraphrase
        self.embedder = embedder
        self.r = r
        self.fill = fill

    def _check(self) -> None:
        m = self.min_df
        if m is not None and (isinstance(m, bool) or not isinstance(m, int) or m < 1):
            raise ParameterError(f"min_df: must be a positive integer or None, got {m!r}")
        t = self.time_limit
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not t > 0:
            raise ParameterError(f"time_limit: must be a positive number of seconds, got {t!r}")

    def _solve(self, sentences, texts, features, costs, budget, max_items, allowed, redundancy):  # type: ignore[no-untyped-def]
        self._check()
        occ, weights, _ = concepts(sentences, min_df=self.min_df)
        conflicts = self._conflicts(texts, features, redundancy, None)
        result = concept_ilp(
            occ,
            weights,
            costs,
            budget,
            max_items=max_items,
            conflicts=conflicts,
            allowed=allowed,
            time_limit=float(self.time_limit),
            r=float(self.r),
        )
        chosen = result.chosen
        if self.fill:
            # the optimum leaves budget over when the concepts are few (loosely related articles):
            # extend it with the cost-scaled greedy over every bigram (weight: its count of units)
            occ_all, w_all, _ = concepts(sentences, min_df=1)
            chosen = budgeted_greedy(
                ConceptObjective(occ_all, w_all),
                costs,
                budget,
                r=float(self.r),
                max_items=max_items,
                conflicts=conflicts,
                allowed=allowed,
                initial=chosen,
            )
        if not chosen:  # no concept at all: fall back to the first sentence that fits
            fits = np.flatnonzero(allowed & (costs <= budget))
            chosen = [int(fits[0])] if fits.size else []
        return chosen

    def _order(self, sentences, texts, features, allowed):  # type: ignore[no-untyped-def]
        self._check()
        n = len(texts)
        occ, weights, _ = concepts(sentences, min_df=self.min_df)
        conflicts = self._conflicts(texts, features, None, None)
        words = np.fromiter((max(word_count(t), 1) for t in texts), dtype=np.float64, count=n)
        obj = ConceptObjective(occ, weights)
        return budgeted_greedy(obj, words, float(words.sum()), r=float(self.r), conflicts=conflicts, allowed=allowed)
