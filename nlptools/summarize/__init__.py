"""Extractive summarisation: rankers, selectors, multi-document summaries.

Every method follows one protocol (:mod:`.types`): a **ranker** scores
candidate sentences (:mod:`.rankers`, one module per family, sumy's in
:mod:`.rankers.sumy`; found by name in :mod:`.registry`), a **selector**
(:func:`.select.select`) picks sentences from the scores under a length
(sentence count, word budget or ratio) with optional redundancy control, and
the result is a :class:`Summary` whose sentences keep document order and
their source offsets.

Methods by name (:func:`method_names`): ``lead``, ``random`` (seeded),
``centroid``, ``textrank``, ``lexrank``, and sumy's as ``sumy-edmundson``,
``sumy-kl``, ``sumy-lexrank``, ``sumy-lsa``, ``sumy-luhn``,
``sumy-reduction``, ``sumy-sumbasic``, ``sumy-textrank``.

Examples
--------
>>> from nlptools.summarize import summarize
>>> summarize("Kim met Putin. They talked. Kim left.", method="lead", n_sentences=1).texts
['Kim met Putin.']
"""

from __future__ import annotations

from .api import DEFAULT_REDUNDANCY, rank_sentences, summarize, summarize_documents, summarize_many, summarize_sentences
from .features import SentenceFeatures
from .rankers import CentroidRanker, LeadRanker, LexRankRanker, RandomRanker, SumyRanker, TextRankRanker, pagerank
from .registry import NATIVE_METHODS, SUMY_METHODS, get_ranker, method_names
from .select import select
from .types import Length, Ranker, Summary, SummarySentence, word_count

__all__ = [
    "DEFAULT_REDUNDANCY",
    "Length",
    "Summary",
    "SummarySentence",
    "SentenceFeatures",
    "Ranker",
    "LeadRanker",
    "RandomRanker",
    "CentroidRanker",
    "TextRankRanker",
    "LexRankRanker",
    "SumyRanker",
    "NATIVE_METHODS",
    "SUMY_METHODS",
    "get_ranker",
    "method_names",
    "pagerank",
    "rank_sentences",
    "select",
    "summarize",
    "summarize_documents",
    "summarize_many",
    "summarize_sentences",
    "word_count",
]
