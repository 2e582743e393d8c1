"""Topic quality: coherence (NPMI, C_V via gensim) and topic diversity (TD@n).

The measures live with the topic models (:mod:`nlptools.topics.quality`,
which the k sweep scores by) and are offered here as evaluation functions:
:func:`coherence`, :func:`npmi` and :func:`c_v` score a topic set once;
:class:`CoherenceScorer` keeps gensim's co-occurrence counts between calls
(a k sweep, a benchmark); :func:`topic_diversity` is TD@n.

Coherence is computed with gensim's ``CoherenceModel`` on the tokenised
texts the model itself saw (``texts``: a list of token lists), with
``processes=1`` (deterministic) and the top ``topn`` (default 10) words of
each topic. ``c_npmi`` uses gensim's sliding window of 10 tokens, ``c_v`` its
window of 110.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from ..topics.quality import MEASURES, CoherenceScore, CoherenceScorer, topic_diversity

logger = logging.getLogger(__name__)

__all__ = ["CoherenceScore", "CoherenceScorer", "coherence", "npmi", "c_v", "topic_diversity", "MEASURES"]


def coherence(
    topics: Sequence[Sequence[str]],
    texts: Iterable[Sequence[str]],
    *,
    measure: str = "c_npmi",
    topn: int = 10,
    processes: int = 1,
    window_size: int | None = None,
) -> CoherenceScore:
    """Coherence of ``topics`` on tokenised ``texts`` (gensim ``CoherenceModel``).

    Parameters
    ----------
    topics : list of list of str
        Each topic's words, best first; the first ``topn`` are scored.
    texts : iterable of list of str
        The tokenised texts the model saw.
    measure : {"c_npmi", "c_v", "u_mass", "c_uci"}, default="c_npmi"
    topn : int, default=10
    processes : int, default=1
    window_size : int, optional

    Returns
    -------
    CoherenceScore
    """
    scorer = CoherenceScorer(texts, measure=measure, topn=topn, processes=processes, window_size=window_size)
    return scorer.score(topics)


def npmi(topics: Sequence[Sequence[str]], texts: Iterable[Sequence[str]], *, topn: int = 10) -> float:
    """Mean NPMI coherence (gensim ``c_npmi``, window 10) of ``topics``."""
    return coherence(topics, texts, measure="c_npmi", topn=topn).mean


def c_v(topics: Sequence[Sequence[str]], texts: Iterable[Sequence[str]], *, topn: int = 10) -> float:
    """Mean C_V coherence (gensim ``c_v``, window 110) of ``topics``."""
    return coherence(topics, texts, measure="c_v", topn=topn).mean
