"""Choosing the number of topics or clusters.

- :func:`sweep_k` fits one model per ``k`` and keeps the best by topic
  quality, ``(1 + NPMI) / 2 x TD@10`` (:func:`k_quality`): for LDA and other
  word-distribution models.
- :func:`choose_k` scores each candidate ``k`` of a clustering by silhouette
  x stability on the ``[LSA, embedding]`` features: for discovered themes
  (:class:`~nlptools.topics.ensemble.EnsembleTopics`). No rule is right on
  every corpus: show the curve (:attr:`KSweep.scores`) and let users override k.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._random import int_seed
from ..embed import Embedder
from ..errors import ParameterError
from ..vectorize import BowVectorizer, _as_text, model_text
from .base import TopicModel
from .quality import CoherenceScorer, topic_diversity

logger = logging.getLogger(__name__)

__all__ = ["KSweep", "k_quality", "sweep_k", "choose_k", "default_ks"]

#: What :func:`sweep_k` maximises (``KSweep.criterion``).
QUALITY_CRITERION = "(1 + npmi) / 2 * td10"
#: What :func:`choose_k` maximises.
CLUSTER_CRITERION = "silhouette * stability"


@dataclass(frozen=True)
class KSweep:
    """Scores of a k sweep and the k chosen (the highest score; the smaller ``k`` on a tie).

    Attributes
    ----------
    best_k : int
    scores : list of dict
        One row per ``k``. From :func:`sweep_k`: ``k``, ``npmi``, ``c_v``,
        ``td10``, ``td25``, ``quality`` (:func:`k_quality`), ``seconds``.
        From :func:`choose_k`: ``k``, ``silhouette``, ``stability``,
        ``score``, ``seconds``.
    criterion : str
        What was maximised: ``"(1 + npmi) / 2 * td10"`` (:func:`sweep_k`) or
        ``"silhouette * stability"`` (:func:`choose_k`).
    """

    best_k: int
    scores: list[dict[str, float]] = field(default_factory=list)
    criterion: str = QUALITY_CRITERION

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for JSON), without the wall-clock ``seconds``, so that it is the same run to run."""
        scores = [{key: v for key, v in s.items() if key != "seconds"} for s in self.scores]
        return {"best_k": self.best_k, "criterion": self.criterion, "scores": scores}


def k_quality(npmi: float, td10: float) -> float:
    """The score :func:`sweep_k` maximises over k: ``(1 + NPMI) / 2 x TD@10`` (NPMI NaN counts as -1).

    Coherence is mapped from [-1, 1] to [0, 1] before weighting by diversity,
    so that of two topic sets with the same NPMI the more diverse one always
    scores higher, even when NPMI is negative (the plain product NPMI x TD
    would then reward repeated words). The score is in [0, 1].

    Parameters
    ----------
    npmi : float
        Mean NPMI of the top 10 terms of the topics.
    td10 : float
        Topic diversity of the top 10 terms.

    Returns
    -------
    float
    """
    return (1.0 + (npmi if not math.isnan(npmi) else -1.0)) / 2.0 * td10


def sweep_k(
    build: Callable[[int], TopicModel],
    X: Sequence[Any],
    ks: Iterable[int],
    *,
    texts: Sequence[Sequence[str]] | None = None,
    with_c_v: bool = True,
) -> tuple[KSweep, TopicModel]:
    """Fit ``build(k)`` on ``X`` for each ``k`` and keep the best by :func:`k_quality`.

    Parameters
    ----------
    build : callable int -> TopicModel
        A fresh (unfitted) model for ``k`` topics.
    X : sequence
        The passages (iterated once per ``k``).
    ks : iterable of int
    texts : list of list of str, optional
        Tokenised passages for coherence (default: each passage through the
        first fitted model's analyser).
    with_c_v : bool, default=True
        Also report C_V (slower).

    Returns
    -------
    sweep : KSweep
    model : TopicModel
        The fitted model of the chosen ``k``.
    """
    ks = sorted(set(ks))
    if not ks:
        raise ParameterError("ks: no k to try")
    scores: list[dict[str, float]] = []
    best: tuple[float, int, TopicModel] | None = None
    scorer = cv_scorer = None
    for k in ks:
        t0 = time.perf_counter()
        model = build(k).fit(X)
        seconds = time.perf_counter() - t0
        if scorer is None:
            toks = texts if texts is not None else [model.analyze(_as_text(x)) for x in X]
            scorer = CoherenceScorer(toks, measure="c_npmi")
            cv_scorer = CoherenceScorer(toks, measure="c_v") if with_c_v else None
        tops10 = model.top_terms(10)
        npmi = scorer.score(tops10).mean
        cv = cv_scorer.score(tops10).mean if cv_scorer is not None else math.nan
        td10 = topic_diversity(tops10, 10)
        td25 = topic_diversity(model.top_terms(25), 25)
        quality = k_quality(npmi, td10)
        scores.append(
            {
                "k": k,
                "npmi": npmi,
                "c_v": cv,
                "td10": td10,
                "td25": td25,
                "quality": quality,
                "seconds": round(seconds, 3),
            }
        )
        logger.info("k=%d: npmi %.3f, c_v %.3f, td10 %.3f, quality %.3f", k, npmi, cv, td10, quality)
        if best is None or quality > best[0]:
            best = (quality, k, model)
    assert best is not None
    return KSweep(best_k=best[1], scores=scores), best[2]


# --------------------------------------------------------------------------- k of a clustering


def default_ks(n: int, max_k: int = 30) -> list[int]:
    """Candidate numbers of clusters for ``n`` items: ``2 .. max(2, min(max_k, floor(sqrt(n / 2))))``.

    ``sqrt(n / 2)`` is the rule-of-thumb upper bound on k: a small corpus
    cannot support many themes, and every score drifts upwards with k on one.

    Parameters
    ----------
    n : int
        Number of items.
    max_k : int, default=30
        The largest candidate on any corpus.

    Returns
    -------
    list of int
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ParameterError(f"n: must be an integer >= 0, got {n!r}")
    if isinstance(max_k, bool) or not isinstance(max_k, int) or max_k < 2:
        raise ParameterError(f"max_k: must be an integer >= 2, got {max_k!r}")
    top = max(2, min(max_k, math.isqrt(n // 2)))  # floor(sqrt(n / 2)), exactly
    return list(range(2, top + 1))


def choose_k(
    texts_or_passages: Iterable[Any],
    *,
    ks: Iterable[int] | None = None,
    random_state: int | None = 0,
    vectorizer: BowVectorizer | None = None,
    embedder: Embedder | None = None,
    max_k: int = 30,
    max_df: float = 0.5,
    n_jobs: int | None = None,
) -> KSweep:
    """Choose the number of clusters by silhouette x stability.

    The items are put in the ``[LSA, embedding]`` space of
    :class:`~nlptools.topics.ensemble.EnsembleTopics` (its lexical view,
    :func:`~nlptools.topics.ensemble.fit_lexical`, with the same settings) and, for each candidate
    ``k``, clustered by k-means there (the cheap member of the ensemble).
    Two scores per ``k``:

    - ``silhouette``: cosine silhouette of the clustering on a fixed sample
      of at most 3,000 items (does ``k`` separate the data?);
    - ``stability``: mean pairwise adjusted Rand index between the
      clusterings of three fixed 80% subsamples, on the items each pair
      shares (is the clustering reproducible?).

    ``score = max(silhouette, 0) x stability``; the highest wins, the
    smaller ``k`` on a tie. On news this finds k on BBC (5) and is close on
    20 Newsgroups (25 for 20), but over-splits corpora whose classes are not
    separated clusters (AG News: 11 for 4), so show the curve and let users
    override it.

    Parameters
    ----------
    texts_or_passages : iterable
        Texts, sentences, passages or clean documents (iterated once).
    ks : iterable of int, optional
        The candidates (default :func:`default_ks` of the number of items);
        each must be in ``2 .. min(n - 1, 0.8 n)``.
    random_state : int, RandomState or None, default=0
        Seeds the LSA, the k-means runs, the silhouette sample and the subsamples.
    vectorizer : BowVectorizer, optional
        Not used: the lexical view has its own tokens, as in
        :class:`~nlptools.topics.ensemble.EnsembleTopics` (whose ``vectorizer``
        only names the clusters). Accepted so that callers can pass the same
        arguments to both.
    embedder : Embedder, optional
        Encodes the items' text (default: :func:`nlptools.embed.default_embedder`).
    max_k : int, default=30
        The cap of the default candidates.
    max_df : float, default=0.5
        The lexical view's ``max_df`` (as :class:`~nlptools.topics.ensemble.EnsembleTopics`'s).
    n_jobs : int, optional
        Candidates scored at the same time, on threads (joblib; None: joblib's
        current setting, one unless inside ``joblib.parallel_config``). Each
        candidate is computed the same way on any thread: the result does not
        depend on it.

    Returns
    -------
    KSweep
        ``criterion="silhouette * stability"``; a row per ``k`` with ``k``,
        ``silhouette``, ``stability``, ``score``, ``seconds``.

    Raises
    ------
    ParameterError
        Fewer than 3 items, or a candidate ``k`` out of range.
    """
    from joblib import Parallel, delayed

    from .ensemble import combine, embed_texts, fit_lexical, lexical_features

    if isinstance(texts_or_passages, (str, bytes)):
        raise ParameterError("texts_or_passages: expected an iterable of texts, got a single string")
    items = list(texts_or_passages)
    n = len(items)
    if n < 3:
        raise ParameterError(f"texts_or_passages: choosing k needs at least 3 items, got {n}")
    seed = int_seed(random_state)
    n_sub = int(0.8 * n)
    candidates = default_ks(n, max_k) if ks is None else sorted(set(ks))
    top = min(n - 1, n_sub)
    bad = [k for k in candidates if isinstance(k, bool) or not isinstance(k, int) or not 2 <= k <= top]
    if not candidates or bad:
        raise ParameterError(f"ks: each k must be an integer in 2..{top} for {n} items, got {bad or 'none'}")

    texts = [model_text(x) for x in items]
    counter, tfidf, svd = fit_lexical(texts, lsa_dims=100, max_df=max_df, random_state=seed)
    _, Z = lexical_features(texts, counter, tfidf, svd)
    X = combine(Z, embed_texts(embedder, texts))

    rng = np.random.RandomState(seed % 2**32)
    sample = np.sort(rng.choice(n, size=min(3000, n), replace=False))
    subs = [np.sort(rng.choice(n, size=n_sub, replace=False)) for _ in range(3)]
    # k-means and the silhouette spend their time in compiled code that releases the GIL: threads suffice
    scores: list[dict[str, float]] = Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(_cluster_scores)(X, k, seed, sample, subs) for k in candidates
    )
    for row in scores:
        logger.info("k=%d: silhouette %.3f, stability %.3f, score %.3f", row["k"], *(row[m] for m in _SCORES))
    best = max(scores, key=lambda s: (s["score"], -s["k"]))
    return KSweep(best_k=int(best["k"]), scores=scores, criterion=CLUSTER_CRITERION)


_SCORES = ("silhouette", "stability", "score")


def _cluster_scores(
    X: np.ndarray, k: int, seed: int, sample: np.ndarray, subs: Sequence[np.ndarray]
) -> dict[str, float]:
    """One candidate of :func:`choose_k`: silhouette of k-means on ``sample``, stability over ``subs``."""
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    from .ensemble import kmeans_labels

    n = len(X)
    t0 = time.perf_counter()
    labels = kmeans_labels(X, k, seed % 2**32)
    found = len(np.unique(labels[sample]))
    sil = float(silhouette_score(X[sample], labels[sample], metric="cosine")) if 2 <= found <= sample.size - 1 else -1.0
    runs = []
    for r, idx in enumerate(subs):
        full = np.full(n, -1)
        full[idx] = kmeans_labels(X[idx], k, (seed + 1 + r) % 2**32)
        runs.append(full)
    aris = []
    for a, b in itertools.combinations(runs, 2):
        shared = (a >= 0) & (b >= 0)
        aris.append(float(adjusted_rand_score(a[shared], b[shared])))
    stab = float(np.mean(aris))
    return {
        "k": k,
        "silhouette": sil,
        "stability": stab,
        "score": max(sil, 0.0) * stab,
        "seconds": round(time.perf_counter() - t0, 3),
    }
