"""Evaluation: topic quality, clustering agreement, ROUGE, segmentation, themes (one module each).

Modules are imported when first used; ``from nlptools.evaluate import npmi``
works, and so does ``from nlptools.evaluate.topics import coherence``.
Evaluation sits above the stages: it imports them, they never import it.

- :mod:`nlptools.evaluate.topics`: :func:`~nlptools.evaluate.topics.coherence`
  (NPMI, C_V via gensim), :func:`~nlptools.evaluate.topics.topic_diversity`
  (the measures themselves live in :mod:`nlptools.topics.quality`, where
  the k sweep uses them).
- :mod:`nlptools.evaluate.clustering`: NMI, ARI, purity.
- :mod:`nlptools.evaluate.rouge`: ROUGE, the greedy oracle, reference matching.
- :mod:`nlptools.evaluate.segmentation`: sentence boundary precision and recall.
- :mod:`nlptools.evaluate.themes`: themes against a careful reading, agreement of two results.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "coherence": "topics",
    "npmi": "topics",
    "c_v": "topics",
    "topic_diversity": "topics",
    "CoherenceScorer": "topics",
    "nmi": "clustering",
    "ari": "clustering",
    "purity": "clustering",
    "agreement": "clustering",
    "rouge_scores": "rouge",
    "mean_rouge": "rouge",
    "greedy_oracle": "rouge",
    "match_reference": "rouge",
    "boundary_scores": "segmentation",
    "sentence_boundaries": "segmentation",
    "score_against_reading": "themes",
    "compare_assignments": "themes",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
