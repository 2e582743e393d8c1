"""Placing articles and sentences in the themes of a fitted topic model.

A document's theme weights are the word-weighted mean of its passages'
topic weights; a theme's weight is its share of the corpus's words. Every
sentence gets its heaviest theme when that theme's weight reaches the
threshold, else no theme.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..document import CleanDocument, Passage, Sentence
from ..errors import ParameterError
from .naming import TopicNames, topic_names
from .result import DocumentThemes, SentenceTheme, Theme

logger = logging.getLogger(__name__)

__all__ = ["assign_themes", "document_weights", "sentence_weights"]

#: A document is listed under a theme when its weight for the theme is at least this.
MIN_DOCUMENT_WEIGHT = 0.05


def assign_themes(
    model: Any,
    docs: Sequence[CleanDocument],
    passages: Sequence[Passage],
    n_words: Sequence[int],
    seeds: Mapping[str, Sequence[str]] | None,
    *,
    unit: str,
    threshold: float,
) -> tuple[list[Theme], list[DocumentThemes]]:
    """The themes of a fitted model, and every document's and sentence's place in them.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``passages``.
    docs : sequence of CleanDocument
    passages : sequence of Passage
        The passages the model was fitted on, with ``n_words`` vocabulary words each.
    n_words : sequence of int
    seeds : mapping of str to list of str, optional
        The lexicon's seed tokens, to name the topics.
    unit : {"paragraph", "sentence"}
        The passage unit (sentence passages give their sentences' weights directly).
    threshold : float
        The least weight of a sentence's theme.

    Returns
    -------
    themes : list of Theme
        Seeded themes first, then by weight.
    documents : list of DocumentThemes
        In the order of ``docs``.
    """
    tops = model.top_terms(10)
    names = topic_names(model, seeds, tops)
    D, theme_weight = document_weights(docs, passages, n_words, model.doc_topic_)
    themes = _themes(model, names, tops, docs, D, theme_weight)
    order = [t.topic for t in themes]
    sent_weights = sentence_weights(model, docs, passages, unit)
    out_docs = [
        DocumentThemes(
            id=d.id,
            title=d.title,
            weights={names.names[i]: float(D[j, i]) for i in order},
            sentences=tuple(
                _sentence_theme(s, sent_weights[(s.document, s.index)], names.names, threshold) for s in d.sentences
            ),
        )
        for j, d in enumerate(docs)
    ]
    if any(math.isnan(t.weight) for t in themes):  # pragma: no cover - defensive
        raise ParameterError("internal: NaN theme weight")
    return themes, out_docs


def document_weights(
    docs: Sequence[CleanDocument], passages: Sequence[Passage], n_words: Sequence[int], doc_topic: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Documents' theme weights (word-weighted mean of their passages') and the themes' shares of the words.

    Returns
    -------
    D : ndarray, shape (n_documents, n_topics)
        Rows sum to 1, or are zero for a document with no vocabulary word.
    theme_weight : ndarray, shape (n_topics,)
    """
    k = doc_topic.shape[1]
    doc_index = {d.id: j for j, d in enumerate(docs)}
    D = np.zeros((len(docs), k))
    doc_words = np.zeros(len(docs))
    for p, w, row in zip(passages, n_words, doc_topic):
        j = doc_index[p.document]
        D[j] += w * row
        doc_words[j] += w * (row.sum() > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        D = np.where(doc_words[:, None] > 0, D / np.where(doc_words > 0, doc_words, 1.0)[:, None], 0.0)
    total = doc_words.sum()
    theme_weight = (D * doc_words[:, None]).sum(axis=0) / total if total else np.zeros(k)
    return D, theme_weight


def sentence_weights(
    model: Any, docs: Sequence[CleanDocument], passages: Sequence[Passage], unit: str
) -> dict[tuple[str, int], np.ndarray]:
    """(document id, sentence index) -> the sentence's topic weights.

    Sentence passages keep the weights of the fit; every other sentence is
    transformed one by one.
    """
    weights: dict[tuple[str, int], np.ndarray] = {}
    if unit == "sentence":
        for p, row in zip(passages, model.doc_topic_):
            weights[(p.document, p.sentences[0].index)] = row
    todo: list[Sentence] = [s for d in docs for s in d.sentences if (s.document, s.index) not in weights]
    if todo:
        for s, row in zip(todo, model.transform(todo)):
            weights[(s.document, s.index)] = row
    return weights


def _themes(
    model: Any,
    names: TopicNames,
    tops: Sequence[Sequence[str]],
    docs: Sequence[CleanDocument],
    D: np.ndarray,
    theme_weight: np.ndarray,
) -> list[Theme]:
    """One :class:`Theme` a topic: seeded first, then heaviest first."""
    comp = np.asarray(model.components_, dtype=float)
    comp = comp / np.where(comp.sum(axis=1, keepdims=True) > 0, comp.sum(axis=1, keepdims=True), 1.0)
    index = {str(t): j for j, t in enumerate(model.feature_names_)}
    themes = []
    for i in range(comp.shape[0]):
        doc_list = sorted(
            ((d.id, float(D[j, i])) for j, d in enumerate(docs) if D[j, i] >= MIN_DOCUMENT_WEIGHT),
            key=lambda x: (-x[1], x[0]),
        )
        themes.append(
            Theme(
                name=names.names[i],
                seeded=i in names.seeded,
                seed_words=tuple(names.seed_words.get(names.seeded.get(i, ""), ())),
                terms=tuple((t, float(comp[i, index[t]])) for t in tops[i]),
                weight=float(theme_weight[i]),
                documents=tuple(doc_list),
                topic=i,
            )
        )
    return sorted(themes, key=lambda t: (not t.seeded, -t.weight, t.topic))


def _sentence_theme(s: Sentence, row: np.ndarray, names: Sequence[str], threshold: float) -> SentenceTheme:
    """A sentence's heaviest theme, or None when no theme reaches ``threshold``."""
    best = int(np.argmax(row)) if row.size else 0
    w = float(row[best]) if row.size else 0.0
    theme = names[best] if row.sum() > 0 and w >= threshold else None
    return SentenceTheme(index=s.index, start=s.start, end=s.end, theme=theme, weight=w, heading=s.heading)
