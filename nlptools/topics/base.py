"""The contract every topic model keeps: the base estimator and the result type.

A topic model is a scikit-learn estimator over texts (``fit``/``transform``,
keyword-only parameters, learned state ending in ``_``, ``clone``-able, text
input declared in ``__sklearn_tags__``, :class:`~nlptools.errors.NotFittedError`
when used before ``fit``). Subclasses implement two hooks,
``_fit_counts(counts) -> doc_topic`` (setting ``components_``) and
``_transform_counts(counts) -> weights``; :class:`TopicModel` does the rest
(vectorising, checks, topic names, top terms, relevance, the result).

Random state
------------
One rule across nlptools, scikit-learn's: ``random_state`` is an int (the
seed: same seed, same input, same result), a ``numpy.random.RandomState``
(a seed is drawn from it) or ``None`` (a seed drawn from numpy's global
random state: fresh, not reproducible). Every default in the library, the
command line and the experiments is an explicit seed (0, ``--seed``, the
config's ``seed``), so ``None`` only ever comes from a caller who asks for it.
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils import Tags

from .._random import int_seed as _seed
from ..errors import NlptoolsError, ParameterError, check_fitted
from ..vectorize import BowVectorizer

logger = logging.getLogger(__name__)

__all__ = ["TopicResult", "TopicModel", "normalize_rows", "auto_label"]


@dataclass(frozen=True)
class TopicResult:
    """What a fitted topic model found, the same for every model.

    Attributes
    ----------
    components : ndarray, shape (n_topics, n_features)
        Topic-term weights.
    feature_names : ndarray of str, shape (n_features,)
    labels : tuple of str, length n_topics
        A name per topic.
    top_terms : tuple of tuple of str
        The ``n_top`` highest-weighted terms of each topic.
    doc_topic : ndarray, shape (n_samples, n_topics)
        Topic weights of the training passages (rows sum to 1, or 0 for a
        passage with no known word).
    """

    components: np.ndarray
    feature_names: np.ndarray
    labels: tuple[str, ...]
    top_terms: tuple[tuple[str, ...], ...]
    doc_topic: np.ndarray

    @property
    def n_topics(self) -> int:
        """Number of topics."""
        return int(self.components.shape[0])


def normalize_rows(W: np.ndarray) -> np.ndarray:
    """Rows scaled to sum to 1; all-zero rows stay zero."""
    W = np.asarray(W, dtype=np.float64)
    W = np.clip(W, 0.0, None)
    s = W.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(s > 0, W / np.where(s > 0, s, 1.0), 0.0)
    return out


def auto_label(terms: Sequence[str], n: int = 3) -> str:
    """A topic name from its top words: ``"kim / putin / visit"``."""
    return " / ".join(terms[:n]) if len(terms) else "(empty)"


def _check_int(name: str, value: Any, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ParameterError(f"{name}: must be an integer >= {low}, got {value!r}")


def _check_choice(name: str, value: Any, allowed: Sequence[Any]) -> None:
    if value not in allowed:
        raise ParameterError(f"{name}: {value!r} is not one of {', '.join(map(repr, allowed))}")


class TopicModel(TransformerMixin, BaseEstimator):
    """Base of the topic models: vectorise, fit a matrix model, name topics.

    Subclasses implement ``_fit_counts(counts) -> doc_topic`` (setting
    ``components_``) and ``_transform_counts(counts) -> weights``.
    """

    #: Whether ``n_topics`` may be larger than the number of samples.
    _min_samples_per_topic = 1

    def __sklearn_tags__(self) -> Tags:
        """scikit-learn tags: texts in (like ``CountVectorizer``), not numeric arrays."""
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _make_vectorizer(self) -> BowVectorizer:
        vec = getattr(self, "vectorizer", None)
        return BowVectorizer() if vec is None else clone(vec)

    def _check_params(self) -> None:
        _check_int("n_topics", self.n_topics)
        _seed(self.random_state)
        lam = getattr(self, "relevance", None)
        if lam is not None and (
            isinstance(lam, bool) or not isinstance(lam, numbers.Real) or not 0 <= cast(float, lam) <= 1
        ):
            raise ParameterError(f"relevance: must be a number in [0, 1] or None, got {lam!r}")

    # -- fitting ---------------------------------------------------------------------
    def fit(self, X: Iterable[Any], y: Any = None) -> TopicModel:
        """Learn topics from ``X`` (texts, sentences, passages or clean documents).

        Parameters
        ----------
        X : iterable
            The passages; iterated once.
        y : ignored

        Returns
        -------
        self
        """
        self._fit(X)
        return self

    def fit_transform(self, X: Iterable[Any], y: Any = None, **fit_params: Any) -> np.ndarray:
        """Fit and return the training passages' topic weights, shape (n_samples, n_topics)."""
        self._fit(X)
        return self.doc_topic_

    def _fit(self, X: Iterable[Any]) -> None:
        self._check_params()
        vec = self._make_vectorizer()
        counts = vec.fit_transform(X)
        if counts.shape[0] < self.n_topics * self._min_samples_per_topic:
            raise ParameterError(
                f"n_topics: {self.n_topics} topics need at least {self.n_topics * self._min_samples_per_topic} "
                f"passages, got {counts.shape[0]}"
            )
        if counts.shape[1] == 0:
            raise NlptoolsError(f"{type(self).__name__}: the passages have no vocabulary")
        self.vectorizer_ = vec
        self.feature_names_ = np.asarray(vec.get_feature_names_out(), dtype=object)
        self.n_features_in_ = counts.shape[1]
        self.doc_topic_ = normalize_rows(self._fit_counts(sp.csr_matrix(counts)))
        self.topic_labels_ = self._labels()

    def _labels(self) -> list[str]:
        names = list(getattr(self, "seed_words_", {}))
        tops = self.top_terms(3)
        return [names[i] if i < len(names) else auto_label(tops[i]) for i in range(self.n_topics)]

    def _resolve_seeds(self) -> dict[str, list[int]]:
        """Seed theme -> column ids of its seed words in the vocabulary (sets ``seed_words_``)."""
        index = {str(t): j for j, t in enumerate(self.feature_names_)}
        out: dict[str, list[int]] = {}
        used: dict[str, list[str]] = {}
        for theme, seeds in (getattr(self, "seed_words", None) or {}).items():
            if isinstance(seeds, str):
                raise ParameterError(f"seed_words: the words of theme {theme!r} must be a list, not a string")
            ids, kept, missing = [], [], []
            for w in seeds:
                if w in index:
                    ids.append(index[w])
                    kept.append(w)
                else:
                    missing.append(w)
            if missing:
                logger.warning("theme %r: seed words not in the vocabulary, skipped: %s", theme, ", ".join(missing))
            if not ids:
                raise ParameterError(f"seed_words: none of the seed words of theme {theme!r} is in the vocabulary")
            out[str(theme)] = ids
            used[str(theme)] = kept
        self.seed_words_ = used
        return out

    # -- using -----------------------------------------------------------------------
    def _check_fitted(self) -> None:
        check_fitted(self, "components_")

    def transform(self, X: Iterable[Any]) -> np.ndarray:
        """Topic weights of passages ``X``, shape (n_samples, n_topics); rows sum to 1 or 0."""
        self._check_fitted()
        counts = self.vectorizer_.transform(X)
        return normalize_rows(self._transform_counts(sp.csr_matrix(counts)))

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        """The heaviest topic of each passage (-1 for a passage with no known word)."""
        W = self.transform(X)
        out = W.argmax(axis=1)
        out[W.sum(axis=1) == 0] = -1
        return out

    def term_scores(self, relevance: float | None = None) -> np.ndarray:
        """Topic-term ranking scores, shape (n_topics, n_features).

        Parameters
        ----------
        relevance : float in [0, 1], optional
            ``None`` (default, or the model's ``relevance`` parameter when it
            has one): the topic-term weights ``components_``. A number
            ``lam``: the relevance of Sievert & Shirley (2014),
            ``lam * log p(w|t) + (1 - lam) * log(p(w|t) / p(w))``, where
            ``p(w|t)`` is the topic's weights scaled to sum to 1 and ``p(w)``
            the corpus mixture of topics (weighted by the training passages'
            topic shares). Lower ``lam`` favours words exclusive to a topic;
            ``1.0`` ranks as the weights do.
        """
        self._check_fitted()
        if relevance is None:
            relevance = getattr(self, "relevance", None)
        comp = np.asarray(self.components_, dtype=np.float64)
        if relevance is None:
            return comp
        if isinstance(relevance, bool) or not isinstance(relevance, numbers.Real) or not 0 <= relevance <= 1:
            raise ParameterError(f"relevance: must be a number in [0, 1] or None, got {relevance!r}")
        pwt = normalize_rows(comp)
        share = self.doc_topic_.sum(axis=0)
        share = share / share.sum() if share.sum() > 0 else np.full(comp.shape[0], 1.0 / comp.shape[0])
        pw = share @ pwt
        with np.errstate(divide="ignore", invalid="ignore"):
            logp = np.log(pwt)
            lift = logp - np.log(np.where(pw > 0, pw, 1.0))
            score = relevance * logp + (1 - relevance) * lift
        return np.where(pwt > 0, score, -np.inf)

    def top_terms(self, n: int = 10, *, relevance: float | None = None) -> list[list[str]]:
        """The ``n`` best terms of each topic (ties broken by term order).

        Ranked by the topic-term weights, or by :meth:`term_scores` relevance
        (``relevance``, or the model's own ``relevance`` parameter if it has one).
        """
        _check_int("n", n)
        scores = self.term_scores(relevance)
        valid = np.asarray(self.components_) > 0
        out = []
        for row, ok in zip(scores, valid):
            order = np.lexsort((np.arange(row.size), -row))
            out.append([str(self.feature_names_[j]) for j in order[: n + int((~ok).sum())] if ok[j]][:n])
        return out

    def analyze(self, text: str) -> list[str]:
        """The tokens this model sees in ``text`` (for coherence on its own texts)."""
        self._check_fitted()
        return self.vectorizer_.analyze(text)

    def result(self, n_top: int = 10) -> TopicResult:
        """The fitted state as a :class:`TopicResult`."""
        self._check_fitted()
        return TopicResult(
            components=np.asarray(self.components_),
            feature_names=self.feature_names_,
            labels=tuple(self.topic_labels_),
            top_terms=tuple(tuple(t) for t in self.top_terms(n_top)),
            doc_topic=self.doc_topic_,
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output column names: ``topic0`` ... (for ``Pipeline`` / ``set_output``)."""
        self._check_fitted()
        return np.asarray([f"topic{i}" for i in range(self.components_.shape[0])], dtype=object)

    # -- subclass hooks ---------------------------------------------------------------
    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError
