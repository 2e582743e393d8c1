"""Topic quality on the model's own texts: NPMI / C_V coherence (gensim) and topic diversity (TD@n).

What :func:`~nlptools.topics.sweep.sweep_k` scores each ``k`` by, and what
:mod:`nlptools.evaluate.topics` offers as evaluation measures (it imports
them from here: stages never import :mod:`nlptools.evaluate`).

Coherence is computed with gensim's ``CoherenceModel`` on the tokenised
texts the model itself saw (``texts``: a list of token lists), with
``processes=1`` (deterministic) and the top ``topn`` (default 10) words of
each topic. ``c_npmi`` uses gensim's sliding window of 10 tokens, ``c_v`` its
window of 110.

:class:`CoherenceScorer` keeps gensim's co-occurrence counts between calls,
so scoring many topic sets on one corpus (a k sweep, a benchmark) counts
the corpus once per new set of words instead of once per call;
:meth:`CoherenceScorer.prime` counts a whole vocabulary up front.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = ["CoherenceScore", "CoherenceScorer", "topic_diversity", "MEASURES"]

#: The coherence measures offered (gensim names).
MEASURES = ("c_npmi", "c_v", "u_mass", "c_uci")


@dataclass(frozen=True)
class CoherenceScore:
    """A coherence measure over a set of topics.

    Attributes
    ----------
    measure : str
    mean : float
        Mean over the scored topics (NaN if none could be scored).
    per_topic : tuple of float
        One score per topic, NaN for a topic with fewer than two words in
        the texts' vocabulary.
    """

    measure: str
    mean: float
    per_topic: tuple[float, ...]


def _check_topics(topics: Sequence[Sequence[str]], topn: int) -> list[list[str]]:
    if isinstance(topics, str) or not isinstance(topics, Sequence):
        raise ParameterError("topics: expected a list of topics, each a list of words")
    if not isinstance(topn, int) or isinstance(topn, bool) or topn < 2:
        raise ParameterError(f"topn: must be an integer >= 2, got {topn!r}")
    out = []
    for i, t in enumerate(topics):
        if isinstance(t, str):
            raise ParameterError(f"topics[{i}]: expected a list of words, got a string")
        out.append([str(w) for w in t][:topn])
    if not out:
        raise ParameterError("topics: empty")
    return out


class CoherenceScorer:
    """Score topic sets against one tokenised corpus, reusing gensim's counts.

    Parameters
    ----------
    texts : iterable of list of str
        The tokenised texts the model saw (one list per passage).
    measure : {"c_npmi", "c_v", "u_mass", "c_uci"}, default="c_npmi"
    topn : int, default=10
        Words per topic scored (the first ``topn`` of each list).
    processes : int, default=1
        gensim worker processes (1 = deterministic).
    window_size : int, optional
        Sliding window (gensim's default for the measure when omitted).
    """

    def __init__(
        self,
        texts: Iterable[Sequence[str]],
        *,
        measure: str = "c_npmi",
        topn: int = 10,
        processes: int = 1,
        window_size: int | None = None,
    ) -> None:
        from gensim.corpora import Dictionary

        if measure not in MEASURES:
            raise ParameterError(f"measure: {measure!r} is not one of {', '.join(MEASURES)}")
        self.texts = [list(t) for t in texts]
        if not any(self.texts):
            raise ParameterError("texts: no tokens to compute coherence on")
        self.measure = measure
        self.topn = topn
        self.processes = processes
        self.window_size = window_size
        self.dictionary = Dictionary(self.texts)
        self._model: Any = None

    def _known(self, topics: list[list[str]]) -> tuple[list[list[str]], list[int]]:
        known, index = [], []
        vocab = self.dictionary.token2id
        for i, t in enumerate(topics):
            words = [w for w in t if w in vocab]
            if len(words) < len(t):
                logger.debug("topic %d: %d of its words are not in the texts", i, len(t) - len(words))
            if len(words) >= 2:
                known.append(words)
                index.append(i)
            else:
                logger.warning("topic %d has fewer than two words in the texts; not scored", i)
        return known, index

    def score(self, topics: Sequence[Sequence[str]]) -> CoherenceScore:
        """Coherence of ``topics`` (lists of words, best first)."""
        from gensim.models import CoherenceModel

        topics_ = _check_topics(topics, self.topn)
        known, index = self._known(topics_)
        per = [math.nan] * len(topics_)
        if known:
            if self._model is None:
                self._model = CoherenceModel(
                    topics=known,
                    texts=self.texts,
                    dictionary=self.dictionary,
                    coherence=self.measure,
                    topn=self.topn,
                    processes=self.processes,
                    window_size=self.window_size,
                )
            else:
                self._model.topics = known
            values = self._model.get_coherence_per_topic()
            for i, v in zip(index, values):
                per[i] = float(v)
        scored = [v for v in per if not math.isnan(v)]
        mean = sum(scored) / len(scored) if scored else math.nan
        return CoherenceScore(self.measure, mean, tuple(per))

    def prime(self, words: Iterable[str]) -> CoherenceScorer:
        """Count co-occurrences of all ``words`` once, so later topics drawn from them reuse the counts."""
        vocab = [w for w in dict.fromkeys(words) if w in self.dictionary.token2id]
        if len(vocab) < 2:
            return self
        if len(vocab) % 2:
            vocab.append(vocab[0])
        pairs = [vocab[i : i + 2] for i in range(0, len(vocab), 2)]
        self.score(pairs)
        return self


def topic_diversity(topics: Sequence[Sequence[str]], topn: int = 10) -> float:
    """Unique words among the top ``topn`` of all topics over ``topn`` x topics (TD@topn).

    1.0 when no word is shared; ``1 / n_topics`` when all topics are the same.
    A topic with fewer than ``topn`` words counts what it has, over ``topn``.
    """
    if isinstance(topn, bool) or not isinstance(topn, int) or topn < 1:
        raise ParameterError(f"topn: must be a positive integer, got {topn!r}")
    if isinstance(topics, str) or not topics:
        raise ParameterError("topics: expected a non-empty list of topics")
    unique: set[str] = set()
    for t in topics:
        if isinstance(t, str):
            raise ParameterError("topics: each topic must be a list of words, got a string")
        unique.update(list(t)[:topn])
    return len(unique) / (topn * len(topics))
