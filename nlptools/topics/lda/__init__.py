"""Latent Dirichlet allocation behind one interface: gensim, scikit-learn or tomotopy, optionally guided.

:class:`LdaTopics` holds the parameters and their checks; each backend is a
module of this package with two functions, ``fit(model, counts, seeds) ->
doc_topic`` (setting ``model.model_`` and ``model.components_``) and
``transform(model, counts) -> weights``:

- :mod:`~nlptools.topics.lda.gensim`: variational Bayes (``LdaModel`` /
  ``LdaMulticore``), guided by priors on the topic-word distribution;
- :mod:`~nlptools.topics.lda.sklearn`: ``LatentDirichletAllocation``;
- :mod:`~nlptools.topics.lda.tomotopy`: collapsed Gibbs sampling, guided
  by word priors.
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any, cast

import numpy as np
import scipy.sparse as sp

from ...errors import ParameterError
from ...vectorize import BowVectorizer
from ..base import TopicModel, _check_choice, _check_int
from . import gensim, sklearn, tomotopy

logger = logging.getLogger(__name__)

__all__ = ["LdaTopics", "BACKENDS"]

_BACKENDS: dict[str, ModuleType] = {"gensim": gensim, "sklearn": sklearn, "tomotopy": tomotopy}

#: The LDA implementations :class:`LdaTopics` can use.
BACKENDS = tuple(_BACKENDS)


class LdaTopics(TopicModel):
    """Latent Dirichlet allocation over passages (gensim, scikit-learn or tomotopy).

    With ``seed_words`` (gensim and tomotopy backends) it is guided LDA: topic ``i``
    (for the ``i``-th seed theme) gets a larger Dirichlet prior ``seed_prior``
    on its seed words, and the same words get a smaller prior elsewhere, so
    the seed words pull a topic towards the theme; the rest of the topic is
    learnt from the data. Topics beyond the seed themes are discovered freely.

    Parameters
    ----------
    n_topics : int, default=10
        Number of topics (at least the number of seed themes).
    backend : {"gensim", "sklearn", "tomotopy"}, default="gensim"
        ``gensim`` uses ``LdaModel`` (``LdaMulticore`` when ``workers > 1``,
        which is faster on large corpora but not reproducible bit for bit);
        ``sklearn`` uses ``LatentDirichletAllocation`` (batch variational
        Bayes); ``tomotopy`` uses ``tomotopy.LDAModel``, collapsed Gibbs
        sampling (Griffiths and Steyvers, 2004) in C++: slower per fit than
        variational Bayes, but its topics score higher on coherence (see the
        README's OCTIS BBC table).
    alpha : float or {"symmetric", "asymmetric", "auto"}, default="symmetric"
        Document-topic prior (``symmetric`` = ``1 / n_topics``). ``auto``
        learns it from the data (gensim; tomotopy, starting from ``1 /
        n_topics``, re-estimated every 10 sweeps); ``asymmetric`` needs gensim.
    eta : float, optional
        Topic-word prior (default ``1 / n_topics``).
    passes : int, default=10
        Passes over the corpus (gensim ``passes``, sklearn ``max_iter``).
    iterations : int, default=100
        Inference iterations per document and pass (gensim; sklearn uses
        ``max_doc_update_iter``; tomotopy uses it when inferring new passages).
    sweeps : int, default=1000
        Gibbs sampling sweeps over the corpus (tomotopy).
    chunksize : int, optional
        Documents per update (gensim; default: all, i.e. batch updates).
    workers : int, default=1
        Worker processes (gensim ``LdaMulticore`` when > 1) or threads
        (tomotopy; more than 1 is not reproducible bit for bit).
    seed_words : mapping of str to sequence of str, optional
        Theme name to seed words (model tokens). Words not in the
        vocabulary are skipped with a warning; a theme left with none is an error.
    seed_prior : float, default=0.5
        Prior of a seed word in its theme's topic: ``eta`` plus this share of
        the word's corpus count (the topic also starts with that much of
        the word, so the first pass already leans on the seeds).
    off_seed_prior : float, default=0.1
        Prior of a seed word in the other topics, as a multiple of ``eta``.
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
        Topic-word probabilities.
    doc_topic_ : ndarray, shape (n_samples, n_topics)
    feature_names_ : ndarray of str
    topic_labels_ : list of str
        Seed theme names for the seeded topics, top words for the others.
    seed_words_ : dict of str to list of str
        The seed words actually used (those in the vocabulary).
    model_ : gensim LdaModel, sklearn LatentDirichletAllocation or tomotopy LDAModel
    """

    def __init__(
        self,
        *,
        n_topics: int = 10,
        backend: str = "gensim",
        alpha: float | str = "symmetric",
        eta: float | None = None,
        passes: int = 10,
        iterations: int = 100,
        sweeps: int = 1000,
        chunksize: int | None = None,
        workers: int = 1,
        seed_words: Mapping[str, Sequence[str]] | None = None,
        seed_prior: float = 0.5,
        off_seed_prior: float = 0.1,
        relevance: float | None = None,
        vectorizer: BowVectorizer | None = None,
        random_state: int | None = 0,
    ) -> None:
        self.n_topics = n_topics
        self.backend = backend
        self.alpha = alpha
        self.eta = eta
        self.passes = passes
        self.iterations = iterations
        self.sweeps = sweeps
        self.chunksize = chunksize
        self.workers = workers
        self.seed_words = seed_words
        self.seed_prior = seed_prior
        self.off_seed_prior = off_seed_prior
        self.relevance = relevance
        self.vectorizer = vectorizer
        self.random_state = random_state

    def _check_params(self) -> None:
        super()._check_params()
        _check_choice("backend", self.backend, BACKENDS)
        _check_int("passes", self.passes)
        _check_int("iterations", self.iterations)
        _check_int("sweeps", self.sweeps)
        _check_int("workers", self.workers)
        if self.chunksize is not None:
            _check_int("chunksize", self.chunksize)
        if isinstance(self.alpha, str):
            _check_choice("alpha", self.alpha, ("symmetric", "asymmetric", "auto"))
            if self.backend == "sklearn" and self.alpha != "symmetric":
                raise ParameterError(f"alpha: {self.alpha!r} needs backend='gensim' (sklearn takes a float)")
            if self.backend == "tomotopy" and self.alpha == "asymmetric":
                raise ParameterError("alpha: 'asymmetric' needs backend='gensim' (tomotopy takes a float or 'auto')")
            if self.alpha == "auto" and self.workers > 1 and self.backend == "gensim":
                raise ParameterError("alpha: 'auto' is not supported with workers > 1 (gensim LdaMulticore)")
        elif not _positive(self.alpha):
            raise ParameterError(f"alpha: must be a positive float or a gensim keyword, got {self.alpha!r}")
        if self.eta is not None and not _positive(self.eta):
            raise ParameterError(f"eta: must be a positive float or None, got {self.eta!r}")
        for name in ("seed_prior", "off_seed_prior"):
            if not _positive(getattr(self, name)):
                raise ParameterError(f"{name}: must be a positive float, got {getattr(self, name)!r}")
        if self.seed_words is not None:
            if self.backend == "sklearn":
                raise ParameterError(
                    "seed_words: guided LDA needs backend='gensim' or 'tomotopy' (sklearn takes a scalar prior)"
                )
            if not isinstance(self.seed_words, Mapping):
                raise ParameterError("seed_words: must map theme names to lists of words")
            if len(self.seed_words) > self.n_topics:
                raise ParameterError(f"n_topics: {self.n_topics} is fewer than the {len(self.seed_words)} seed themes")

    # -- fitting -----------------------------------------------------------------------
    def _eta0(self) -> float:
        return float(self.eta) if self.eta is not None else 1.0 / self.n_topics

    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        seeds = self._resolve_seeds() if self.seed_words else {}
        if not self.seed_words:
            self.seed_words_ = {}
        return _BACKENDS[self.backend].fit(self, counts, seeds)

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        return _BACKENDS[self.backend].transform(self, counts)


def _positive(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and cast(float, value) > 0
