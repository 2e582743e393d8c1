"""Latent Dirichlet allocation behind one interface: gensim, scikit-learn or tomotopy, optionally guided."""

from __future__ import annotations

import logging
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import ParameterError
from ..vectorize import BowVectorizer, to_gensim
from ._base import TopicModel, _check_choice, _check_int, _seed

logger = logging.getLogger(__name__)

__all__ = ["LdaTopics", "BACKENDS"]

#: The LDA implementations :class:`LdaTopics` can use.
BACKENDS = ("gensim", "sklearn", "tomotopy")


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
        by weight (see :meth:`~nlptools.topics._base.TopicModel.term_scores`).
    vectorizer : BowVectorizer, optional
        Counts the passages (default ``BowVectorizer()``); cloned at fit.
    random_state : int, optional, default=0

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

    def _eta_matrix(self, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray | float:
        eta0 = self._eta0()
        if not seeds:
            return eta0
        k, V = self.n_topics, counts.shape[1]
        eta = np.full((k, V), eta0)
        totals = np.asarray(counts.sum(axis=0)).ravel()
        for t, ids in enumerate(seeds.values()):
            for j in ids:
                eta[:, j] = eta0 * self.off_seed_prior
                eta[t, j] = eta0 + self.seed_prior * totals[j]
        return eta

    def _fit_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        seeds = self._resolve_seeds() if self.seed_words else {}
        if not self.seed_words:
            self.seed_words_ = {}
        if self.backend == "sklearn":
            return self._fit_sklearn(counts)
        if self.backend == "tomotopy":
            return self._fit_tomotopy(counts, seeds)
        return self._fit_gensim(counts, seeds)

    def _fit_sklearn(self, counts: sp.csr_matrix) -> np.ndarray:
        from sklearn.decomposition import LatentDirichletAllocation

        alpha = None if isinstance(self.alpha, str) else float(self.alpha)
        model = LatentDirichletAllocation(
            n_components=self.n_topics,
            doc_topic_prior=alpha,
            topic_word_prior=self._eta0(),
            learning_method="batch" if self.chunksize is None else "online",
            batch_size=self.chunksize or 128,
            max_iter=self.passes,
            max_doc_update_iter=self.iterations,
            random_state=_seed(self.random_state),
        )
        doc_topic = model.fit_transform(counts)
        self.model_ = model
        comp = model.components_
        self.components_ = comp / comp.sum(axis=1, keepdims=True)
        return doc_topic

    def _fit_gensim(self, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray:
        from gensim.models import LdaModel, LdaMulticore

        dictionary, corpus = to_gensim(counts, list(self.feature_names_))
        alpha = self.alpha if isinstance(self.alpha, str) else float(self.alpha)
        params: dict[str, Any] = dict(
            id2word=dictionary,
            num_topics=self.n_topics,
            alpha=alpha,
            eta=self._eta_matrix(counts, seeds),
            passes=self.passes,
            iterations=self.iterations,
            chunksize=self.chunksize or len(corpus),
            random_state=_seed(self.random_state),
            eval_every=None,
        )
        if self.workers > 1:
            model = LdaMulticore(corpus=None, workers=self.workers, **params)
        else:
            model = LdaModel(corpus=None, update_every=1, **params)
        if seeds:
            # start each seeded topic with its seed words' counts, so the first E-step already leans on them
            from gensim.matutils import dirichlet_expectation

            totals = np.asarray(counts.sum(axis=0)).ravel()
            for t, ids in enumerate(seeds.values()):
                model.state.sstats[t, ids] += self.seed_prior * totals[ids]
            model.expElogbeta = np.exp(dirichlet_expectation(model.state.sstats))
        model.update(corpus)
        self.model_ = model
        self.components_ = model.get_topics()
        return self._gensim_infer(corpus)

    # -- tomotopy (collapsed Gibbs sampling) -----------------------------------------------
    def _tomotopy_words(self, counts: sp.csr_matrix) -> list[list[str]]:
        names = self.feature_names_
        return [
            list(np.repeat(names[counts.indices[a:b]], counts.data[a:b].astype(np.int64)))
            for a, b in zip(counts.indptr[:-1], counts.indptr[1:])
        ]

    def _tomotopy_run(self) -> dict[str, Any]:
        import tomotopy as tp

        # one thread and no parallel scheme: the only bit-for-bit reproducible setting
        scheme = tp.ParallelScheme.NONE if self.workers == 1 else tp.ParallelScheme.DEFAULT
        return {"workers": self.workers, "parallel": scheme}

    def _fit_tomotopy(self, counts: sp.csr_matrix, seeds: dict[str, list[int]]) -> np.ndarray:
        import tomotopy as tp

        k = self.n_topics
        alpha = 1.0 / k if isinstance(self.alpha, str) else float(self.alpha)
        eta0 = self._eta0()
        model = tp.LDAModel(k=k, alpha=alpha, eta=eta0, seed=_seed(self.random_state))
        model.optim_interval = 10 if self.alpha == "auto" else 0
        if seeds:
            totals = np.asarray(counts.sum(axis=0)).ravel()
            for t, ids in enumerate(seeds.values()):
                for j in ids:
                    prior = [eta0 * self.off_seed_prior] * k
                    prior[t] = eta0 + self.seed_prior * float(totals[j])
                    model.set_word_prior(str(self.feature_names_[j]), prior)
        words = self._tomotopy_words(counts)
        kept = [i for i, w in enumerate(words) if w]  # tomotopy drops empty documents
        for i in kept:
            model.add_doc(words[i])
        model.train(self.sweeps, **self._tomotopy_run())
        self.model_ = model
        column = {str(w): j for j, w in enumerate(self.feature_names_)}
        cols = np.asarray([column[w] for w in model.used_vocabs], dtype=np.int64)
        comp = np.zeros((k, len(self.feature_names_)))
        for t in range(k):
            comp[t, cols] = model.get_topic_word_dist(t)
        self.components_ = comp / comp.sum(axis=1, keepdims=True)
        doc_topic = np.zeros((counts.shape[0], k))
        for i, doc in zip(kept, model.docs):
            doc_topic[i] = doc.get_topic_dist()
        return doc_topic

    def _tomotopy_infer(self, counts: sp.csr_matrix) -> np.ndarray:
        words = self._tomotopy_words(counts)
        kept = [i for i, w in enumerate(words) if w]
        out = np.zeros((counts.shape[0], self.n_topics))
        if kept:
            docs = [self.model_.make_doc(words[i]) for i in kept]
            dists, _ = self.model_.infer(docs, iterations=self.iterations, **self._tomotopy_run())
            out[kept] = np.asarray(dists, dtype=np.float64)
        return out

    def _gensim_infer(self, corpus: list[list[tuple[int, int]]]) -> np.ndarray:
        # gensim starts inference from random gammas: reseed for the same answer every call
        self.model_.random_state = np.random.RandomState(_seed(self.random_state))
        if not corpus:
            return np.zeros((0, self.n_topics))
        gamma, _ = self.model_.inference(corpus)
        empty = np.asarray([len(doc) == 0 for doc in corpus])
        gamma[empty] = 0.0
        return gamma

    def _transform_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        if self.backend == "sklearn":
            W = self.model_.transform(counts)
            W[np.asarray(counts.sum(axis=1)).ravel() == 0] = 0.0
            return W
        if self.backend == "tomotopy":
            return self._tomotopy_infer(counts)
        _, corpus = to_gensim(counts, list(self.feature_names_))
        return self._gensim_infer(corpus)


def _positive(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0
