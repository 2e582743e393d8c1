"""Named themes by meaning: a lexicon's themes placed with static embeddings, seed words and self-training.

A lexicon theme is its name, its seed words and an optional one-line
description. :class:`NamedThemeClassifier` places texts in those themes:

1. **Semantic evidence.** The cosine between a text's vector (the semantic
   layer, :mod:`nlptools.embed`) and the theme's *prototype*: the mean of
   the vectors of its name, its description and its seed words. Each
   theme's column is centred over the texts (a prototype close to everything
   gets no advantage) and divided by the overall standard deviation.
2. **Lexical evidence.** ``log(1 + seed-word hits)``, counted on the same
   tokens the topic models see (lemmas, name aliases); the words of the
   theme's name count as seed words.
3. **Prior** = semantic + lexical evidence.
4. **Bootstrap from the corpus** (only with at least ``min_bootstrap``
   texts): ``rounds`` times, keep each theme's most confident texts (by the
   margin between its best and second-best score; 30, 50, 70 then 90 % of
   them), fit a class-balanced logistic regression on [TF-IDF, vector] and
   rescore every text with it.
5. **Neighbours** (same condition): each text's probabilities are averaged
   half and half with the mean of its ``n_neighbors`` nearest texts' (among
   at most :data:`NEIGHBOUR_POOL` of them, a seeded sample).
6. **None of these** (:meth:`NamedThemeClassifier.none_mask`): a text with
   no seed word and no theme whose semantic evidence reaches ``none_z``
   belongs to none of the themes.

The settings were chosen across corpora, not on one: AG News (7,600 items,
a lexicon written from the class names) and BBC (1,485 articles) for the
bootstrap; AG News with one class left out of the lexicon for ``none_z``;
then applied unchanged to the seeds (``experiments/themes_seeds_reading.toml``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._random import int_seed
from ..embed import Embedder, as_embedder
from ..errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = ["NamedThemeClassifier", "NamedScores"]

#: The share of each theme's texts kept as confident in each bootstrap round.
SCHEDULE = (0.3, 0.5, 0.7, 0.9)
#: Neighbours are looked for among at most this many texts (a seeded sample): the smoothing, and the
#: saved model, stay linear in the corpus.
NEIGHBOUR_POOL = 2000


@dataclass
class NamedScores:
    """What :meth:`NamedThemeClassifier.score` found.

    Attributes
    ----------
    proba : ndarray, shape (n_texts, n_themes)
        Theme probabilities, rows summing to 1.
    semantic : ndarray, shape (n_texts, n_themes)
        Centred, scaled cosine to the theme prototypes.
    lexical : ndarray, shape (n_texts, n_themes)
        ``log(1 + seed-word hits)``.
    rounds : list of dict
        The bootstrap rounds run (``round``, ``n_train``); empty when skipped.
    """

    proba: np.ndarray
    semantic: np.ndarray
    lexical: np.ndarray
    rounds: list[dict[str, int]] = field(default_factory=list)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


class NamedThemeClassifier:
    """Place texts in a lexicon's named themes (see the module docstring).

    Parameters
    ----------
    names : sequence of str
        Theme names.
    seed_words : mapping of str to sequence of str
        Each theme's seed words as written (for the prototype).
    seed_tokens : mapping of str to sequence of str
        Each theme's seed words as model tokens (for the lexical evidence);
        the tokens of the theme's name are added.
    descriptions : mapping of str to str, optional
    tokenize : callable, str -> list of str
        The tokenizer the seed tokens came from.
    embedder : Embedder, optional
        Default: :func:`nlptools.embed.default_embedder`.
    rounds : int, default=4
    n_neighbors : int, default=10
    min_bootstrap : int, default=500
        Fewer texts than this: the prior is the answer (self-training a
        classifier on a hundred sentences hurt on the seeds).
    none_z : float, default=0.5
    random_state : int, default=0
    """

    def __init__(
        self,
        names: Sequence[str],
        *,
        seed_words: Mapping[str, Sequence[str]],
        seed_tokens: Mapping[str, Sequence[str]],
        tokenize: Callable[[str], list[str]],
        descriptions: Mapping[str, str] | None = None,
        embedder: Embedder | None = None,
        rounds: int = 4,
        n_neighbors: int = 10,
        min_bootstrap: int = 500,
        none_z: float = 0.5,
        random_state: int | None = 0,
    ) -> None:
        if not names:
            raise ParameterError("names: a named-theme classifier needs at least one theme")
        self.names = list(names)
        self.seed_words = seed_words
        self.seed_tokens = seed_tokens
        self.tokenize = tokenize
        self.descriptions = dict(descriptions or {})
        self.embedder = embedder
        self.rounds = rounds
        self.n_neighbors = n_neighbors
        self.min_bootstrap = min_bootstrap
        self.none_z = none_z
        self.random_state = random_state

    # -- evidence -------------------------------------------------------------------------
    def prototypes(self) -> np.ndarray:
        """One unit vector a theme: the mean of its name's, its description's and its seed words' vectors."""
        emb = as_embedder(self.embedder)
        rows = []
        for name in self.names:
            parts = [emb.encode([name])[0], emb.encode(list(self.seed_words[name])).mean(axis=0)]
            if self.descriptions.get(name):
                parts.append(emb.encode([self.descriptions[name]])[0])
            v = np.mean(parts, axis=0)
            rows.append(v / (np.linalg.norm(v) or 1.0))
        return np.asarray(rows, dtype=np.float32)

    def lexical(self, tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """``log(1 + hits)`` of each theme's seed tokens (and name tokens) in each text's tokens."""
        seedsets = [set(self.seed_tokens[n]) | set(self.tokenize(n)) for n in self.names]
        L = np.zeros((len(tokens), len(self.names)), dtype=np.float64)
        for i, toks in enumerate(tokens):
            for j, seeds in enumerate(seedsets):
                L[i, j] = sum(1 for t in toks if t in seeds)
        return np.log1p(L)

    def semantic(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine to the prototypes, centred per theme, in units of the overall standard deviation."""
        S = np.asarray(vectors @ self.prototypes().T, dtype=np.float64)
        S = S - S.mean(axis=0, keepdims=True)
        return S / (S.std() + 1e-9)

    # -- scoring --------------------------------------------------------------------------
    def score(self, texts: Sequence[str], tokens: Sequence[Sequence[str]] | None = None) -> NamedScores:
        """Theme probabilities of ``texts`` (see the module docstring).

        Parameters
        ----------
        texts : sequence of str
        tokens : sequence of list of str, optional
            The texts' model tokens (default: ``tokenize`` each text).

        Returns
        -------
        NamedScores
        """
        texts = list(texts)
        toks = [self.tokenize(t) for t in texts] if tokens is None else tokens
        E = as_embedder(self.embedder).encode(texts)
        S, L = self.semantic(E), self.lexical(toks)
        prior = S + L
        score = prior
        rounds: list[dict[str, int]] = []
        big = len(texts) >= self.min_bootstrap
        if big and self.rounds > 0:
            score, rounds = self._bootstrap(texts, E, prior)
        proba = _softmax(score)
        if big and self.n_neighbors > 0:
            proba = self._smooth(E, proba)
        return NamedScores(proba=proba, semantic=S, lexical=L, rounds=rounds)

    def none_mask(self, scores: NamedScores) -> np.ndarray:
        """True for texts that belong to none of the themes: no seed word and no strong semantic match."""
        return np.asarray((scores.lexical.max(axis=1) <= 0) & (scores.semantic.max(axis=1) < self.none_z))

    def _bootstrap(self, texts: list[str], E: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, list[dict[str, int]]]:
        """Self-training: a logistic regression learnt from the confident texts, a few rounds."""
        import warnings

        import scipy.sparse as sp
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec: TfidfVectorizer | None = TfidfVectorizer(
            sublinear_tf=True, min_df=2, max_df=0.5, ngram_range=(1, 2), stop_words="english"
        )
        assert vec is not None
        try:
            T = vec.fit_transform(texts)
            if hasattr(vec, "stop_words_"):  # (older scikit-learn) every pruned term: not needed to transform
                del vec.stop_words_
        except ValueError:  # nothing left at min_df=2
            vec, T = None, sp.csr_matrix((len(texts), 0))
        X = sp.hstack([T, sp.csr_matrix(E)]).tocsr()
        K = len(self.names)
        score = prior
        history: list[dict[str, int]] = []
        clf: LogisticRegression | None = None
        for r, share in enumerate(SCHEDULE[: self.rounds]):
            keep = self._confident(score, share)
            y = score[keep].argmax(axis=1)
            if len(np.unique(y)) < 2:
                break
            if clf is None or not np.array_equal(np.unique(y), clf.classes_):
                # each round starts from the last round's solution (warm start: the same convex objective's
                # optimum is reached in far fewer iterations)
                clf = LogisticRegression(
                    C=1.0,
                    max_iter=2000,
                    class_weight="balanced",
                    warm_start=True,
                    random_state=int_seed(self.random_state),
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                clf.fit(X[keep], y)
            logp = np.full((len(texts), K), -30.0)
            logp[:, clf.classes_] = clf.predict_log_proba(X)
            score = logp
            history.append({"round": r + 1, "n_train": len(keep)})
        self.vectorizer_, self.logistic_ = (vec, clf) if history else (None, None)
        return score, history

    @staticmethod
    def _confident(score: np.ndarray, share: float) -> np.ndarray:
        """Each theme's ``share`` of its texts with the largest margin (best minus second-best score)."""
        top2 = np.sort(score, axis=1)[:, -2:]
        margin = top2[:, 1] - top2[:, 0] if score.shape[1] > 1 else top2[:, -1]
        lab = score.argmax(axis=1)
        keep: list[int] = []
        for k in range(score.shape[1]):
            idx = np.flatnonzero(lab == k)
            if len(idx):
                n = max(1, int(round(share * len(idx))))
                keep.extend(idx[np.argsort(-margin[idx], kind="stable")[:n]].tolist())
        return np.asarray(sorted(keep), dtype=np.int64)

    def neighbour_pool(self, n: int) -> np.ndarray:
        """The texts (sorted indices) neighbours are looked for among: all, or a seeded sample of :data:`NEIGHBOUR_POOL`."""
        if n <= NEIGHBOUR_POOL:
            return np.arange(n)
        rng = np.random.RandomState(int_seed(self.random_state))
        return np.sort(rng.choice(n, NEIGHBOUR_POOL, replace=False))

    def _smooth(self, E: np.ndarray, proba: np.ndarray) -> np.ndarray:
        """Average each text's probabilities with its nearest neighbours' in the pool (cosine; ties by index)."""
        pool = self.neighbour_pool(len(E))
        return smooth(E, proba, E[pool], proba[pool], pool, self.n_neighbors)


def smooth(
    E: np.ndarray, proba: np.ndarray, pool_E: np.ndarray, pool_proba: np.ndarray, own: np.ndarray, n_neighbors: int
) -> np.ndarray:
    """Half a text's probabilities, half the mean of its ``n_neighbors`` nearest pool texts' (cosine).

    Parameters
    ----------
    E, proba : ndarray
        The texts' unit vectors and probabilities.
    pool_E, pool_proba : ndarray
        The pool's (the neighbours are looked for among them).
    own : ndarray of int, shape (n_pool,)
        Each pool text's row in ``E`` (-1: not among the texts); a text is never its own neighbour.
    n_neighbors : int

    Returns
    -------
    ndarray, like ``proba``
    """
    k = min(n_neighbors, len(pool_E) - 1)
    if k < 1:
        return proba
    where = np.full(len(E), -1, dtype=np.int64)
    mine = np.flatnonzero(own >= 0)
    where[own[mine]] = mine
    out = np.empty_like(proba)
    for i in range(0, len(E), 2048):
        sims = E[i : i + 2048] @ pool_E.T
        rows = np.flatnonzero(where[i : i + 2048] >= 0)
        sims[rows, where[i + rows]] = -np.inf
        idx = np.argpartition(-sims, k, axis=1)[:, :k]
        out[i : i + 2048] = pool_proba[idx].mean(axis=1)
    return np.asarray(0.5 * proba + 0.5 * out)


def describe(lexicon: Any, name: str) -> str | None:
    """The lexicon's description of theme ``name``, if it has one."""
    return getattr(lexicon, "descriptions", {}).get(name)
