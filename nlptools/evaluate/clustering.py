"""Agreement of a clustering with labels (or with another clustering): NMI, ARI, purity."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = ["nmi", "ari", "purity", "agreement"]


def _pair(labels_true: Sequence[Any], labels_pred: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray([str(x) for x in labels_true], dtype=object)
    b = np.asarray([str(x) for x in labels_pred], dtype=object)
    if a.shape != b.shape:
        raise ParameterError(f"labels: {a.size} true labels but {b.size} predicted ones")
    if a.size == 0:
        raise ParameterError("labels: empty")
    return a, b


def nmi(labels_true: Sequence[Any], labels_pred: Sequence[Any]) -> float:
    """Normalised mutual information (arithmetic mean normalisation, as scikit-learn's default)."""
    from sklearn.metrics import normalized_mutual_info_score

    a, b = _pair(labels_true, labels_pred)
    return float(normalized_mutual_info_score(a, b))


def ari(labels_true: Sequence[Any], labels_pred: Sequence[Any]) -> float:
    """Adjusted Rand index."""
    from sklearn.metrics import adjusted_rand_score

    a, b = _pair(labels_true, labels_pred)
    return float(adjusted_rand_score(a, b))


def purity(labels_true: Sequence[Any], labels_pred: Sequence[Any]) -> float:
    """Share of items whose cluster's majority label is their own label.

    Each predicted cluster votes for its most frequent true label; purity is
    the number of items matching their cluster's vote over all items.
    """
    a, b = _pair(labels_true, labels_pred)
    total = 0
    for cluster in np.unique(b):
        _, counts = np.unique(a[b == cluster], return_counts=True)
        total += int(counts.max())
    return total / a.size


def agreement(labels_true: Sequence[Any], labels_pred: Sequence[Any]) -> dict[str, float]:
    """``{"nmi": ..., "ari": ..., "purity": ...}``."""
    return {
        "nmi": nmi(labels_true, labels_pred),
        "ari": ari(labels_true, labels_pred),
        "purity": purity(labels_true, labels_pred),
    }
