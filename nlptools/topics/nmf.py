"""Non-negative matrix factorisation of TF-IDF (scikit-learn)."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..vectorize import BowVectorizer
from .base import TopicModel, _check_choice, _check_int, _seed

logger = logging.getLogger(__name__)

__all__ = ["NmfTopics", "tfidf_weights"]


def tfidf_weights(*, sublinear_tf: bool, norm: str | None, use_idf: bool = True) -> Any:
    """A scikit-learn ``TfidfTransformer`` with the given weighting."""
    from sklearn.feature_extraction.text import TfidfTransformer

    _check_choice("norm", norm, ("l1", "l2", None))
    return TfidfTransformer(norm=norm, use_idf=use_idf, smooth_idf=True, sublinear_tf=sublinear_tf)


class NmfTopics(TopicModel):
    """NMF of the passages' TF-IDF matrix: ``X ~ W H``, topics are the rows of ``H``.

    Parameters
    ----------
    n_topics : int, default=10
    sublinear_tf : bool, default=False
        TF-IDF with ``1 + log(tf)``.
    norm : {"l2", "l1", None}, default="l2"
        Row normalisation of the TF-IDF matrix.
    init : str, default="nndsvd"
        scikit-learn ``NMF`` initialisation (``nndsvd`` is deterministic;
        ``nndsvda``/``random`` use ``random_state``).
    beta_loss : {"frobenius", "kullback-leibler"}, default="frobenius"
        ``kullback-leibler`` switches the solver to multiplicative updates.
    alpha_W, alpha_H, l1_ratio : float
        Regularisation, as in scikit-learn (``alpha_H`` may be ``"same"``).
    max_iter : int, default=400
    relevance : float in [0, 1], optional
        Rank a topic's top terms by relevance with this lambda instead of
        by weight (see :meth:`~nlptools.topics.base.TopicModel.term_scores`).
    vectorizer : BowVectorizer, optional
        Counts the passages (default ``BowVectorizer()``); cloned at fit.
    random_state : int, RandomState or None, default=0
        The seed (``None``: fresh, not reproducible; see :mod:`nlptools.topics.base`).

    Attributes
    ----------
    components_ : ndarray, shape (n_topics, n_features)
        ``H``: topic-term weights.
    doc_topic_ : ndarray, shape (n_samples, n_topics)
        ``W`` with rows scaled to sum to 1.
    model_ : sklearn.decomposition.NMF
    tfidf_ : sklearn TfidfTransformer
    """

    def __init__(
        self,
        *,
        n_topics: int = 10,
        sublinear_tf: bool = False,
        norm: str | None = "l2",
        init: str = "nndsvd",
        beta_loss: str = "frobenius",
        alpha_W: float = 0.0,
        alpha_H: float | str = "same",
        l1_ratio: float = 0.0,
        max_iter: int = 400,
        relevance: float | None = None,
        vectorizer: BowVectorizer | None = None,
        random_state: int | None = 0,
    ) -> None:
        self.n_topics = n_topics
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.init = init
        self.beta_loss = beta_loss
        self.alpha_W = alpha_W
        self.alpha_H = alpha_H
        self.l1_ratio = l1_ratio
        self.max_iter = max_iter
        self.relevance = relevance
        self.vectorizer = vectorizer
        self.random_state = random_state

    def _check_params(self) -> None:
        super()._check_params()
        _check_choice("init", self.init, ("nndsvd", "nndsvda", "nndsvdar", "random"))
        _check_choice("beta_loss", self.beta_loss, ("frobenius", "kullback-leibler"))
        _check_choice("norm", self.norm, ("l1", "l2", None))
        _check_int("max_iter", self.max_iter)

    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        import warnings

        from sklearn.decomposition import NMF
        from sklearn.exceptions import ConvergenceWarning

        self.tfidf_ = tfidf_weights(sublinear_tf=self.sublinear_tf, norm=self.norm).fit(counts)
        X = self.tfidf_.transform(counts)
        model = NMF(
            n_components=self.n_topics,
            init=self.init,
            beta_loss=self.beta_loss,
            solver="mu" if self.beta_loss != "frobenius" else "cd",
            alpha_W=self.alpha_W,
            alpha_H=self.alpha_H,
            l1_ratio=self.l1_ratio,
            max_iter=self.max_iter,
            random_state=_seed(self.random_state),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            W = model.fit_transform(X)
        self.model_ = model
        self.components_ = model.components_
        return W

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        return self.model_.transform(self.tfidf_.transform(counts))
