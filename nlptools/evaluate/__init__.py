"""Evaluation: topic coherence and diversity, clustering agreement (and more, one module each).

Modules are imported when first used; ``from nlptools.evaluate import npmi``
works, and so does ``from nlptools.evaluate.topics import coherence``.

- :mod:`nlptools.evaluate.topics`: :func:`~nlptools.evaluate.topics.coherence`
  (NPMI, C_V via gensim), :func:`~nlptools.evaluate.topics.topic_diversity`.
- :mod:`nlptools.evaluate.clustering`: NMI, ARI, purity.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "coherence": "topics",
    "npmi": "topics",
    "c_v": "topics",
    "topic_diversity": "topics",
    "nmi": "clustering",
    "ari": "clustering",
    "purity": "clustering",
    "agreement": "clustering",
    "rouge_scores": "rouge",
    "mean_rouge": "rouge",
    "greedy_oracle": "rouge",
    "match_reference": "rouge",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
