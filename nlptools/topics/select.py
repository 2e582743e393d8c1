"""Model by name, and choosing the number of topics by coherence and diversity."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ParameterError
from ..vectorize import BowVectorizer
from ._base import TopicModel

logger = logging.getLogger(__name__)

__all__ = ["METHODS", "make_model", "KSweep", "sweep_k"]

#: Method names understood by :func:`make_model` (and the ``themes`` command).
METHODS = ("lda", "lda-sklearn", "lda-gibbs", "nmf", "kmeans", "agglomerative")


def make_model(
    method: str,
    *,
    n_topics: int,
    random_state: int | None = 0,
    vectorizer: BowVectorizer | None = None,
    seed_words: Mapping[str, Sequence[str]] | None = None,
    **params: Any,
) -> TopicModel:
    """A topic model by method name.

    Parameters
    ----------
    method : {"lda", "lda-sklearn", "lda-gibbs", "nmf", "kmeans", "agglomerative"}
        ``lda`` is gensim LDA (guided when ``seed_words`` is given),
        ``lda-sklearn`` scikit-learn's, ``lda-gibbs`` collapsed Gibbs
        sampling with tomotopy (guided too; ``alpha="auto"``, ``eta=0.1``
        unless given), ``nmf`` NMF on TF-IDF, ``kmeans`` /
        ``agglomerative`` TF-IDF clustering.
    n_topics : int
    random_state : int, optional
    vectorizer : BowVectorizer, optional
    seed_words : mapping of str to list of str, optional
        Guides ``lda`` and ``lda-gibbs`` (priors) and ``kmeans`` (starting centroids); the other
        methods ignore it (name their topics after fitting with
        :func:`nlptools.themes.name_topics`).
    **params
        Further parameters of the model class.

    Returns
    -------
    TopicModel
    """
    from .cluster import ClusterTopics
    from .lda import LdaTopics
    from .nmf import NmfTopics

    if method not in METHODS:
        raise ParameterError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    common: dict[str, Any] = dict(n_topics=n_topics, random_state=random_state, vectorizer=vectorizer, **params)
    if method == "lda":
        return LdaTopics(backend="gensim", seed_words=seed_words, **common)
    if method == "lda-sklearn":
        return LdaTopics(backend="sklearn", **common)
    if method == "lda-gibbs":
        gibbs = {"alpha": "auto", "eta": 0.1, **common}
        return LdaTopics(backend="tomotopy", seed_words=seed_words, **gibbs)
    if method == "nmf":
        return NmfTopics(**common)
    if method == "kmeans":
        return ClusterTopics(algorithm=method, seed_words=seed_words, **common)
    return ClusterTopics(algorithm=method, **common)


@dataclass(frozen=True)
class KSweep:
    """Scores of a k sweep and the k chosen.

    ``quality = npmi x td10`` (topic quality, Dieng et al. 2020); the ``k``
    with the highest quality is chosen (the smaller ``k`` on a tie).

    Attributes
    ----------
    best_k : int
    scores : list of dict
        Per ``k``: ``k``, ``npmi``, ``c_v``, ``td10``, ``td25``, ``quality``, ``seconds``.
    """

    best_k: int
    scores: list[dict[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for JSON), without the wall-clock ``seconds``, so that it is the same run to run."""
        scores = [{key: v for key, v in s.items() if key != "seconds"} for s in self.scores]
        return {"best_k": self.best_k, "criterion": "npmi * td10", "scores": scores}


def sweep_k(
    build: Callable[[int], TopicModel],
    X: Sequence[Any],
    ks: Iterable[int],
    *,
    texts: Sequence[Sequence[str]] | None = None,
    with_c_v: bool = True,
) -> tuple[KSweep, TopicModel]:
    """Fit ``build(k)`` on ``X`` for each ``k`` and keep the best by NPMI x TD@10.

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
    from ..evaluate.topics import CoherenceScorer, topic_diversity
    from ..vectorize import _as_text

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
        quality = (npmi if not math.isnan(npmi) else -1.0) * td10
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
