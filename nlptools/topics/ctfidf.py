"""Class-based TF-IDF: name a group of passages by the words that set it apart."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .base import normalize_rows

logger = logging.getLogger(__name__)

__all__ = ["class_tfidf"]


def class_tfidf(counts: sp.spmatrix | np.ndarray, labels: Sequence[int] | np.ndarray, n_classes: int) -> np.ndarray:
    """Class-based TF-IDF: the words that set each class apart.

    Counts are summed per class, each class's row is scaled to frequencies
    (L1), and weighted by ``log(1 + A / f_t)`` where ``A`` is the mean number
    of words per class and ``f_t`` the frequency of term ``t`` over all
    classes (Grootendorst 2022).

    Parameters
    ----------
    counts : sparse matrix, shape (n_samples, n_features)
        Term counts of the samples.
    labels : sequence of int, length n_samples
        Class of each sample, in ``0 .. n_classes - 1``; negative = none.
    n_classes : int

    Returns
    -------
    ndarray, shape (n_classes, n_features)
    """
    counts = sp.csr_matrix(counts, dtype=np.float64)
    classes = np.asarray(labels)
    keep = classes >= 0
    member = sp.csr_matrix(
        (np.ones(int(keep.sum())), (classes[keep], np.flatnonzero(keep))), shape=(n_classes, counts.shape[0])
    )
    per_class = np.asarray((member @ counts).todense())
    totals = per_class.sum(axis=0)
    mean_words = per_class.sum() / max(n_classes, 1)
    with np.errstate(divide="ignore"):
        idf = np.where(totals > 0, np.log1p(mean_words / np.where(totals > 0, totals, 1.0)), 0.0)
    tf = normalize_rows(per_class)
    return tf * idf
