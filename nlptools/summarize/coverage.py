"""Coverage objectives for extractive summaries, and their budgeted solvers.

Two families of the approaches that lead the DUC multi-document benchmarks,
built from their papers:

- **Submodular coverage + diversity** (Lin and Bilmes, 2011):
  ``F(S) = L(S) + lambda * R(S)`` with the saturated coverage
  ``L(S) = sum_i min(C_i(S), alpha * C_i(V))``, ``C_i(S) = sum_{j in S} w_ij``
  (``w`` a non-negative sentence similarity), and the diversity reward
  ``R(S) = sum_k sqrt(sum_{j in S & P_k} r_j)`` over a partition ``P_k`` of
  the sentences (k-means clusters), ``r_j = (1/N) sum_i w_ij``. ``F`` is
  monotone and submodular; it is maximised under a word budget by the
  cost-scaled greedy of Lin and Bilmes (2010) -- at each step the sentence
  with the largest ``gain / cost**r`` that still fits -- and the result is
  compared with the best single sentence (:func:`budgeted_greedy`). Gains
  only shrink as the summary grows (submodularity), so the greedy is *lazy*
  (Minoux, 1978): a stale gain is an upper bound, and a sentence is
  re-evaluated only when it reaches the top of the heap. Each evaluation
  costs the number of non-zero similarities of one sentence.
- **Concept coverage as an ILP** (Gillick and Favre, 2009, ICSISumm):
  maximise ``sum_i w_i c_i`` over concepts (word bigrams, weighted by the
  number of documents they occur in) subject to
  ``sum_j l_j s_j <= L``, ``s_j <= c_i`` for every concept ``i`` of
  sentence ``j`` and ``c_i <= sum_{j ni i} s_j``, all binary
  (:func:`concept_ilp`, scipy's ``milp``/HiGHS under a time limit; on
  timeout or solver failure the same objective is maximised greedily).

Redundancy by meaning. Both objectives already discount repeats: a
concept pays once however many chosen sentences contain it, and a
sentence's coverage saturates. Neither sees a restatement *in other
words*, so both take *conflicts*: pairs of sentences that must not both be
chosen (e.g. the pairs whose semantic-vector cosine reaches a threshold).
The greedy drops a sentence's conflicting partners when it takes it; the
ILP adds ``s_a + s_b <= 1`` for each pair (McDonald, 2007).

References
----------
Lin, H. and Bilmes, J. (2010). Multi-document summarization via budgeted maximization of submodular functions. NAACL.
Lin, H. and Bilmes, J. (2011). A class of submodular functions for document summarization. ACL.
Gillick, D. and Favre, B. (2009). A scalable global model for summarization. ILP for NLP workshop.
Gillick, D., Favre, B., Hakkani-Tur, D. et al. (2009). The ICSI/UTD summarization system at TAC 2009.
McDonald, R. (2007). A study of global inference algorithms in multi-document summarization. ECIR.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = [
    "SubmodularObjective",
    "ConceptObjective",
    "budgeted_greedy",
    "concept_ilp",
    "ILPResult",
]


class SubmodularObjective:
    """Lin and Bilmes' (2011) ``F(S) = L(S) + lambda * R(S)`` over a sentence similarity matrix.

    Parameters
    ----------
    similarity : ndarray or sparse matrix of shape (n, n)
        Non-negative, symmetric sentence similarities ``w_ij`` (negative
        entries are clipped to 0).
    clusters : ndarray of int, shape (n,)
        The partition ``P_k`` of the diversity reward (cluster label of each sentence).
    alpha : float
        Saturation of the coverage term, ``0 < alpha <= 1`` (the paper: ``a / N``).
    lam : float
        Weight ``lambda >= 0`` of the diversity reward.

    Notes
    -----
    :meth:`gain` costs the number of non-zero similarities of one sentence;
    :meth:`all_gains` is one pass over the matrix.
    """

    def __init__(self, similarity: np.ndarray | sp.spmatrix, clusters: np.ndarray, *, alpha: float, lam: float):
        n = similarity.shape[0]
        if similarity.shape != (n, n):
            raise ParameterError(f"similarity: expected a square matrix, got shape {similarity.shape}")
        if not 0 < alpha <= 1:
            raise ParameterError(f"alpha: must be in (0, 1], got {alpha!r}")
        if lam < 0:
            raise ParameterError(f"lam: must be >= 0, got {lam!r}")
        self.n = n
        if sp.issparse(similarity):
            w = sp.csc_matrix(similarity, dtype=np.float64, copy=True)
            w.data = np.maximum(w.data, 0.0)
            w.eliminate_zeros()
            col_sum = np.asarray(w.sum(axis=0)).ravel()
            self._sparse: sp.csc_matrix | None = w
            self._dense: np.ndarray | None = None
        else:
            d = np.maximum(np.asarray(similarity, dtype=np.float64), 0.0)
            col_sum = d.sum(axis=0)
            self._sparse, self._dense = None, d
        row_sum = col_sum  # symmetric: C_i(V) = sum_j w_ij
        self.cap = alpha * row_sum  # alpha * C_i(V)
        self.reward = col_sum / max(n, 1)  # r_j = (1/N) sum_i w_ij
        self.clusters = np.asarray(clusters, dtype=np.int64)
        if self.clusters.shape != (n,):
            raise ParameterError(f"clusters: expected {n} labels, got shape {self.clusters.shape}")
        self.lam = float(lam)
        self.covered = np.zeros(n)  # C_i(S)
        self.cluster_mass = np.zeros(int(self.clusters.max()) + 1 if n else 0)  # sum of r_j over S & P_k
        self.chosen: list[int] = []

    def _column(self, j: int) -> tuple[np.ndarray | slice, np.ndarray]:
        if self._dense is not None:
            return slice(None), self._dense[:, j]
        w = self._sparse
        assert w is not None
        a, b = w.indptr[j], w.indptr[j + 1]
        return w.indices[a:b], w.data[a:b]

    def gain(self, j: int) -> float:
        """``F(S + j) - F(S)`` for the current summary ``S``."""
        rows, w = self._column(j)
        c, cap = self.covered[rows], self.cap[rows]
        cover = float(np.minimum(c + w, cap).sum() - np.minimum(c, cap).sum())
        k = self.clusters[j]
        m = self.cluster_mass[k]
        return cover + self.lam * (float(np.sqrt(m + self.reward[j])) - float(np.sqrt(m)))

    def all_gains(self) -> np.ndarray:
        """Gains of every sentence on the empty summary (``F({j})``), in one pass."""
        if self._dense is not None:
            cover = np.minimum(self._dense, self.cap[:, None]).sum(axis=0)
        else:
            w = self._sparse
            assert w is not None
            capped = np.minimum(w.data, self.cap[w.indices])
            cover = np.add.reduceat(capped, w.indptr[:-1]) if capped.size else np.zeros(self.n)
            cover = np.where(np.diff(w.indptr) > 0, cover, 0.0)
        return cover + self.lam * np.sqrt(self.reward)

    def add(self, j: int) -> None:
        """Put sentence ``j`` in the summary."""
        rows, w = self._column(j)
        self.covered[rows] += w
        self.cluster_mass[self.clusters[j]] += self.reward[j]
        self.chosen.append(j)

    def value(self) -> float:
        """``F(S)`` of the current summary."""
        cover = float(np.minimum(self.covered, self.cap).sum())
        return cover + self.lam * float(np.sqrt(self.cluster_mass).sum())

    def reset(self) -> None:
        """Back to the empty summary."""
        self.covered[:] = 0.0
        self.cluster_mass[:] = 0.0
        self.chosen = []

    def evaluate(self, subset: Sequence[int]) -> float:
        """``F(subset)`` (leaves the objective's own summary empty)."""
        self.reset()
        for j in subset:
            self.add(int(j))
        v = self.value()
        self.reset()
        return v


class ConceptObjective:
    """``sum of the weights of the concepts covered``: the ICSI objective, for the greedy fallback.

    Parameters
    ----------
    occurrence : sparse matrix of shape (n_sentences, n_concepts)
        Non-zero where a sentence contains a concept.
    weights : ndarray of shape (n_concepts,)
        Non-negative concept weights.
    """

    def __init__(self, occurrence: sp.spmatrix, weights: np.ndarray) -> None:
        self.occ = sp.csr_matrix(occurrence, dtype=np.float64)
        self.occ.data[:] = 1.0
        self.weights = np.asarray(weights, dtype=np.float64)
        self.n = self.occ.shape[0]
        self.covered = np.zeros(self.occ.shape[1], dtype=bool)
        self.chosen: list[int] = []

    def _concepts(self, j: int) -> np.ndarray:
        return self.occ.indices[self.occ.indptr[j] : self.occ.indptr[j + 1]]

    def gain(self, j: int) -> float:
        c = self._concepts(j)
        return float(self.weights[c][~self.covered[c]].sum())

    def all_gains(self) -> np.ndarray:
        return np.asarray(self.occ @ self.weights).ravel()

    def add(self, j: int) -> None:
        self.covered[self._concepts(j)] = True
        self.chosen.append(j)

    def value(self) -> float:
        return float(self.weights[self.covered].sum())

    def reset(self) -> None:
        self.covered[:] = False
        self.chosen = []

    def evaluate(self, subset: Sequence[int]) -> float:
        self.reset()
        for j in subset:
            self.add(int(j))
        v = self.value()
        self.reset()
        return v


def _conflict_lists(n: int, conflicts: Sequence[tuple[int, int]] | None) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for a, b in conflicts or ():
        if a != b:
            out[a].append(b)
            out[b].append(a)
    return out


def budgeted_greedy(
    objective: SubmodularObjective | ConceptObjective,
    costs: np.ndarray,
    budget: float,
    *,
    r: float = 0.3,
    max_items: int | None = None,
    conflicts: Sequence[tuple[int, int]] | None = None,
    allowed: np.ndarray | None = None,
    initial: Sequence[int] = (),
) -> list[int]:
    """Lin and Bilmes' budgeted greedy for a monotone submodular objective, lazily evaluated.

    Repeatedly takes the sentence ``k`` maximising ``gain(k) / cost_k**r``
    among those still fitting the budget, then compares the result with the
    best single sentence that fits, and returns the better one. A sentence
    that does not fit now never fits later (the budget left only shrinks),
    so it is dropped for good, exactly as in the paper's loop.

    Parameters
    ----------
    objective : SubmodularObjective or ConceptObjective
        Its current summary must be empty; it is left empty.
    costs : ndarray of shape (n,)
        Positive cost of each sentence (words; 1 for a sentence count).
    budget : float
        Largest total cost.
    r : float, default=0.3
        Cost scaling exponent (Lin and Bilmes, 2010: 0.3 in their experiments).
    max_items : int, optional
        At most this many sentences.
    conflicts : sequence of (int, int), optional
        Pairs that must not both be chosen.
    allowed : ndarray of bool, optional
        Candidates that may be chosen (default: all).
    initial : sequence of int, optional
        Sentences already in the summary (their cost counts against the
        budget); the greedy extends them, and the singleton check is skipped.

    Returns
    -------
    list of int
        Chosen indices in the order they were taken, ``initial`` first (the best singleton: one index).

    Notes
    -----
    Time: one pass over the similarities for the initial gains, then one
    column per re-evaluation; in practice a few re-evaluations per taken
    sentence, so close to linear in the non-zero similarities. Ties go to
    the earlier sentence, so the result is deterministic.
    """
    n = objective.n
    costs = np.asarray(costs, dtype=np.float64)
    if costs.shape != (n,) or (costs <= 0).any():
        raise ParameterError("costs: expected one positive cost per sentence")
    ok = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool).copy()
    ok &= costs <= budget
    if not ok.any():
        return []
    scale = costs**r
    gains0 = objective.all_gains()
    heap = [(-(gains0[j] / scale[j]), j) for j in np.flatnonzero(ok).tolist()]
    heapq.heapify(heap)
    fresh = np.zeros(n, dtype=np.int64)  # step at which a heap entry's gain was computed
    step = 0
    partners = _conflict_lists(n, conflicts)
    used = 0.0
    limit = n if max_items is None else max_items
    objective.reset()
    for j in initial:
        objective.add(int(j))
        ok[j] = False
        used += costs[j]
        for p in partners[j]:
            ok[p] = False
    while heap and len(objective.chosen) < limit:
        neg, j = heap[0]
        if not ok[j]:
            heapq.heappop(heap)
            continue
        if used + costs[j] > budget:  # never fits again
            heapq.heappop(heap)
            ok[j] = False
            continue
        if fresh[j] != step:  # stale upper bound: re-evaluate
            g = objective.gain(j)
            fresh[j] = step
            heapq.heapreplace(heap, (-(g / scale[j]), j))
            continue
        heapq.heappop(heap)
        objective.add(j)
        ok[j] = False
        used += costs[j]
        step += 1
        for p in partners[j]:
            ok[p] = False
    chosen = list(objective.chosen)
    value = objective.value()
    objective.reset()
    if len(initial):
        return chosen
    # the best singleton that fits (Lin and Bilmes, 2010: guarantees the constant factor)
    single_ok = (np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)) & (costs <= budget)
    singles = np.where(single_ok, gains0, -np.inf)
    best = int(np.argmax(singles))
    if np.isfinite(singles[best]) and singles[best] > value + 1e-12:
        return [best]
    return chosen


@dataclass(frozen=True)
class ILPResult:
    """The outcome of :func:`concept_ilp`.

    Attributes
    ----------
    chosen : list of int
        Chosen sentence indices, ascending.
    value : float
        Total weight of the concepts covered.
    status : str
        ``"optimal"``, ``"greedy (time limit)"``, ``"greedy (solver: ...)"`` or ``"empty"``.
    seconds : float
        Solver time.
    """

    chosen: list[int]
    value: float
    status: str
    seconds: float


def concept_ilp(
    occurrence: sp.spmatrix,
    weights: np.ndarray,
    costs: np.ndarray,
    budget: float,
    *,
    max_items: int | None = None,
    conflicts: Sequence[tuple[int, int]] | None = None,
    allowed: np.ndarray | None = None,
    time_limit: float = 2.0,
    r: float = 0.3,
) -> ILPResult:
    """Gillick and Favre's concept-coverage ILP, solved with HiGHS (``scipy.optimize.milp``).

    Maximises ``sum_i w_i c_i`` subject to ``sum_j cost_j s_j <= budget``,
    ``s_j <= c_i`` where sentence ``j`` holds concept ``i``,
    ``c_i <= sum_{j holds i} s_j``, optionally ``sum_j s_j <= max_items``
    and ``s_a + s_b <= 1`` for each conflicting pair; ``s``, ``c`` binary.
    Sentences without a concept, or not ``allowed``, are left out of the
    model (they add nothing).

    Parameters
    ----------
    occurrence : sparse matrix of shape (n_sentences, n_concepts)
    weights : ndarray of shape (n_concepts,)
    costs : ndarray of shape (n_sentences,)
    budget : float
    max_items : int, optional
    conflicts : sequence of (int, int), optional
    allowed : ndarray of bool, optional
    time_limit : float, default=2.0
        Seconds for HiGHS; past it (or if the solver fails) the same
        objective is maximised by :func:`budgeted_greedy` with cost scaling ``r``.
    r : float, default=0.3

    Returns
    -------
    ILPResult

    Notes
    -----
    HiGHS is deterministic for a given model, so the same input gives the
    same summary, unless the time limit is reached (then the greedy's
    answer, itself deterministic, is used: which of the two a borderline
    input gets depends on the machine's speed).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    occ = sp.csr_matrix(occurrence, dtype=np.float64)
    occ.data[:] = 1.0
    n, m = occ.shape
    weights = np.asarray(weights, dtype=np.float64)
    costs = np.asarray(costs, dtype=np.float64)
    ok = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    ok = ok & (costs <= budget) & (np.diff(occ.indptr) > 0)
    sent = np.flatnonzero(ok)
    t0 = time.perf_counter()
    if sent.size == 0 or m == 0:
        return ILPResult([], 0.0, "empty", 0.0)
    sub = occ[sent].tocsc()
    used = np.flatnonzero(np.diff(sub.indptr) > 0)  # concepts some candidate holds
    sub = sp.csr_matrix(sub[:, used])
    w = weights[used]
    ns, nc = sub.shape
    local = {int(g): i for i, g in enumerate(sent.tolist())}
    # variables: s_0..s_{ns-1}, c_0..c_{nc-1}
    coo = sub.tocoo()
    k = coo.nnz
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lbs: list[np.ndarray] = []
    ubs: list[np.ndarray] = []
    r0 = 0
    # budget
    rows.append(np.zeros(ns, dtype=np.int64))
    cols.append(np.arange(ns))
    vals.append(costs[sent])
    lbs.append(np.array([-np.inf]))
    ubs.append(np.array([float(budget)]))
    r0 += 1
    if max_items is not None:
        rows.append(np.full(ns, r0))
        cols.append(np.arange(ns))
        vals.append(np.ones(ns))
        lbs.append(np.array([-np.inf]))
        ubs.append(np.array([float(max_items)]))
        r0 += 1
    # s_j - c_i <= 0 for every occurrence
    occ_rows = r0 + np.arange(k)
    rows += [occ_rows, occ_rows]
    cols += [coo.row.astype(np.int64), ns + coo.col.astype(np.int64)]
    vals += [np.ones(k), -np.ones(k)]
    lbs.append(np.full(k, -np.inf))
    ubs.append(np.zeros(k))
    r0 += k
    # c_i - sum_{j holds i} s_j <= 0
    rows += [r0 + np.arange(nc), r0 + coo.col.astype(np.int64)]
    cols += [ns + np.arange(nc), coo.row.astype(np.int64)]
    vals += [np.ones(nc), -np.ones(k)]
    lbs.append(np.full(nc, -np.inf))
    ubs.append(np.zeros(nc))
    r0 += nc
    pairs = [(local[a], local[b]) for a, b in (conflicts or ()) if a in local and b in local and a != b]
    if pairs:
        pa = np.asarray(pairs, dtype=np.int64)
        pr = r0 + np.arange(len(pairs))
        rows += [pr, pr]
        cols += [pa[:, 0], pa[:, 1]]
        vals += [np.ones(len(pairs)), np.ones(len(pairs))]
        lbs.append(np.full(len(pairs), -np.inf))
        ubs.append(np.ones(len(pairs)))
        r0 += len(pairs)
    A = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r0, ns + nc), dtype=np.float64
    )
    c = np.concatenate([np.zeros(ns), -w])
    res = milp(
        c,
        constraints=LinearConstraint(A, np.concatenate(lbs), np.concatenate(ubs)),
        integrality=np.ones(ns + nc),
        bounds=Bounds(0, 1),
        options={"time_limit": float(time_limit), "presolve": True},
    )
    seconds = time.perf_counter() - t0
    if res.status == 0 and res.x is not None:
        s = res.x[:ns] > 0.5
        chosen = sorted(int(g) for g in sent[s])
        value = float(weights[np.unique(occ[chosen].indices)].sum()) if chosen else 0.0
        return ILPResult(chosen, value, "optimal", seconds)
    why = "time limit" if res.status == 1 else f"solver: {res.message}"
    logger.warning("concept ILP: %s after %.2f s (%d sentences, %d concepts); greedy instead", why, seconds, ns, nc)
    obj = ConceptObjective(occ, weights)
    picked = budgeted_greedy(obj, costs, budget, r=r, max_items=max_items, conflicts=conflicts, allowed=ok)
    return ILPResult(sorted(picked), obj.evaluate(picked), f"greedy ({why})", time.perf_counter() - t0)
