"""Choosing the number of topics: fit one model per ``k``, keep the best by NPMI x TD@10."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ParameterError
from ..vectorize import _as_text
from .base import TopicModel
from .quality import CoherenceScorer, topic_diversity

logger = logging.getLogger(__name__)

__all__ = ["KSweep", "k_quality", "sweep_k"]


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


def k_quality(npmi: float, td10: float) -> float:
    """The score :func:`sweep_k` maximises over k: NPMI x TD@10 (NPMI NaN counts as -1).

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
    return (npmi if not math.isnan(npmi) else -1.0) * td10


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
