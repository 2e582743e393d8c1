"""Naming the topics of a fitted model: lexicon themes first, else top words.

Guided models (``seed_words_`` set while fitting) name their seeded topics
themselves; the topics of other models are matched to the lexicon themes by
the mass of their seed words (:func:`name_topics`). A topic that matches no
theme is a discovered theme, named after its three top words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["name_topics", "TopicNames", "topic_names"]


def name_topics(
    components: np.ndarray, feature_names: Sequence[str], seeds: Mapping[str, Sequence[str]]
) -> dict[int, str]:
    """Match lexicon themes to topics by the mass of their seed words.

    Each topic's weights are scaled to sum to 1; a theme's score for a topic
    is the summed weight of its seed words there. Themes and topics are
    paired one to one to maximise the total score (Hungarian algorithm); a
    pair with no seed mass at all is dropped.

    Returns
    -------
    dict of int to str
        Topic index to theme name.
    """
    from scipy.optimize import linear_sum_assignment

    from ..topics.base import normalize_rows

    P = normalize_rows(np.asarray(components))
    index = {str(t): j for j, t in enumerate(feature_names)}
    names = list(seeds)
    S = np.zeros((len(names), P.shape[0]))
    for i, name in enumerate(names):
        ids = [index[w] for w in seeds[name] if w in index]
        if ids:
            S[i] = P[:, ids].sum(axis=1)
    rows, cols = linear_sum_assignment(-S)
    return {int(c): names[r] for r, c in zip(rows, cols) if S[r, c] > 0}


@dataclass(frozen=True)
class TopicNames:
    """The names of a model's topics.

    Attributes
    ----------
    names : list of str
        One unique name per topic, in topic order.
    seeded : dict of int to str
        Topic index to lexicon theme name, for the topics a theme names.
    seed_words : dict of str to list of str
        Lexicon theme to the seed words the model used.
    """

    names: list[str]
    seeded: dict[int, str]
    seed_words: Mapping[str, Sequence[str]]


def topic_names(model: Any, seeds: Mapping[str, Sequence[str]] | None, tops: Sequence[Sequence[str]]) -> TopicNames:
    """Name every topic of a fitted ``model``.

    Parameters
    ----------
    model : TopicModel
        Fitted; a guided model's ``seed_words_`` names its seeded topics.
    seeds : mapping of str to list of str, optional
        The lexicon's seed tokens (None: every topic is discovered).
    tops : sequence of list of str
        Each topic's top terms (a discovered topic is named by its first three).

    Returns
    -------
    TopicNames
    """
    if seeds and getattr(model, "seed_words_", None):
        seeded = {i: name for i, name in enumerate(model.seed_words_)}
        used: Mapping[str, Sequence[str]] = dict(model.seed_words_)
    elif seeds:
        seeded = name_topics(model.components_, model.feature_names_, seeds)
        used = seeds
    else:
        seeded, used = {}, {}
    names: list[str] = []
    for i in range(model.components_.shape[0]):
        name = seeded.get(i) or " / ".join(tops[i][:3]) or f"topic {i}"
        more = 4
        while name in names and i not in seeded and more <= len(tops[i]):
            name = " / ".join(tops[i][:more])  # a longer name sets it apart from a namesake
            more += 1
        while name in names:
            name += f" ({i})"
        names.append(name)
    return TopicNames(names=names, seeded=seeded, seed_words=used)
