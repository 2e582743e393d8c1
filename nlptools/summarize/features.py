"""Sentence features shared by native rankers and selectors.

One tokenising pass with the project's :class:`nlptools.tokens.Tokenizer`
(lemmas, stop words and name handling exactly as the topic models see them)
gives a count matrix; from it come TF-IDF rows (IDF over the candidate
sentences, as in LexRank), cosine similarities, word-overlap graphs and an
IDF-weighted *containment* similarity used to spot near-duplicates (one
sentence restating another, possibly inside a longer one).

The matrices are built straight from the token ids with numpy (no
per-call scikit-learn set-up), and small inputs (a news article has tens of
sentences) use dense products: per-call overhead, not arithmetic, dominates
there. Large inputs stay sparse.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..tokens import Tokenizer

logger = logging.getLogger(__name__)

__all__ = ["SentenceFeatures", "DENSE_MAX"]

#: Up to this many sentences, similarity matrices are computed dense.
DENSE_MAX = 400


class SentenceFeatures:
    """Vectors of a list of sentences (build with :meth:`build`).

    Matrices are made on first use and kept. Small inputs
    (``n <= DENSE_MAX``) use dense arrays for the similarity matrices.

    Attributes
    ----------
    n : int
        Number of sentences.
    terms : list of str
        Column names, in order of first appearance.
    idf : ndarray of shape (n_terms,)
        Smoothed IDF over the sentences: ``log((1 + n) / (1 + df)) + 1``
        (scikit-learn's formula).
    n_tokens : ndarray of shape (n_sentences,)
        Tokens per sentence.
    mass : ndarray of shape (n_sentences,)
        IDF mass of each sentence's term set.
    counts, tfidf, presence, weighted : csr_matrix of shape (n_sentences, n_terms)
        Token counts; L2-normalised TF-IDF rows (all-zero for a sentence
        without tokens); 1.0 where a term occurs; presence times IDF.
    """

    def __init__(self, rows: np.ndarray, cols: np.ndarray, data: np.ndarray, n: int, terms: list[str]) -> None:
        # one entry per (sentence, term), rows ascending, cols ascending within a row
        self.n = n
        self.terms = terms
        self._rows, self._cols, self._data = rows, cols, data
        v = len(terms)
        self.idf = np.log((1.0 + n) / (1.0 + np.bincount(cols, minlength=v))) + 1.0
        self._term_idf = self.idf[cols]
        self._cache: dict[str, Any] = {}

    @cached_property
    def _indptr(self) -> np.ndarray:
        return np.concatenate(([0], np.cumsum(np.bincount(self._rows, minlength=self.n)))).astype(np.int64)

    @cached_property
    def _tfidf_data(self) -> np.ndarray:
        tf_idf = self._data * self._term_idf
        norms = np.sqrt(np.bincount(self._rows, weights=tf_idf * tf_idf, minlength=self.n))
        inv = np.divide(1.0, norms, out=np.zeros(self.n), where=norms > 0)
        return tf_idf * inv[self._rows]

    @cached_property
    def mass(self) -> np.ndarray:
        """IDF mass of each sentence's term set, shape (n,)."""
        return np.bincount(self._rows, weights=self._term_idf, minlength=self.n)

    @cached_property
    def n_tokens(self) -> np.ndarray:
        """Tokens per sentence, shape (n,)."""
        return np.bincount(self._rows, weights=self._data, minlength=self.n)

    @classmethod
    def build(cls, texts: Sequence[str], tokenizer: Any = None) -> SentenceFeatures:
        """Tokenise ``texts`` once and derive every representation.

        Parameters
        ----------
        texts : sequence of str
        tokenizer : callable, optional
            Text to list of tokens; default :class:`nlptools.tokens.Tokenizer` ``()``.
        """
        tok = tokenizer or _default_tokenizer()
        n = len(texts)
        all_tokens: list[str] = []
        lengths: list[int] = []
        for text in texts:
            tokens = tok(text)
            all_tokens.extend(tokens)
            lengths.append(len(tokens))
        terms = list(dict.fromkeys(all_tokens))  # unique, in order of first appearance
        vocab = {t: i for i, t in enumerate(terms)}
        ids = np.fromiter(map(vocab.__getitem__, all_tokens), dtype=np.int64, count=len(all_tokens))
        v = max(len(terms), 1)
        keys = np.repeat(np.arange(n, dtype=np.int64), lengths) * v + ids
        if n * v <= 4_000_000:  # a dense tally is cheaper than sorting
            tally = np.bincount(keys, minlength=n * v)
            keys = np.flatnonzero(tally)
            counts = tally[keys]
        else:
            keys, counts = np.unique(keys, return_counts=True)
        return cls(keys // v, keys % v, counts.astype(np.float64), n, terms)

    # -- sparse matrices ------------------------------------------------------------
    def _csr(self, name: str, data: np.ndarray) -> sp.csr_matrix:
        if name not in self._cache:
            self._cache[name] = sp.csr_matrix((data, self._cols, self._indptr), shape=(self.n, len(self.terms)))
        return self._cache[name]

    @property
    def counts(self) -> sp.csr_matrix:
        return self._csr("counts", self._data)

    @property
    def tfidf(self) -> sp.csr_matrix:
        return self._csr("tfidf", self._tfidf_data)

    @property
    def presence(self) -> sp.csr_matrix:
        return self._csr("presence", np.ones_like(self._data))

    @property
    def weighted(self) -> sp.csr_matrix:
        return self._csr("weighted", self._term_idf)

    def _dense_of(self, name: str, data: np.ndarray) -> np.ndarray:
        key = "dense-" + name
        if key not in self._cache:
            m = np.zeros((self.n, len(self.terms)))
            m[self._rows, self._cols] = data
            self._cache[key] = m
        return self._cache[key]

    # -- similarities -----------------------------------------------------------------
    @property
    def dense(self) -> bool:
        """Whether similarity matrices are computed dense (``n <= DENSE_MAX``)."""
        return self.n <= DENSE_MAX

    def cosine(self) -> np.ndarray | sp.csr_matrix:
        """Cosine similarity of the TF-IDF rows, shape (n, n): dense when small, else sparse CSR."""
        if "cosine" not in self._cache:
            if self.dense:
                t = self._dense_of("tfidf", self._tfidf_data)
                self._cache["cosine"] = t @ t.T
            else:
                self._cache["cosine"] = sp.csr_matrix(self.tfidf @ self.tfidf.T)
        return self._cache["cosine"]

    def overlap(self) -> np.ndarray | sp.csr_matrix:
        """Number of distinct terms each pair of sentences shares, shape (n, n)."""
        if self.dense:
            p = self._dense_of("presence", 1.0)
            return p @ p.T
        return sp.csr_matrix(self.presence @ self.presence.T)

    def containment_to(self, i: int) -> np.ndarray:
        """IDF-weighted containment similarity of sentence ``i`` with every sentence.

        ``sim(a, b) = w(A & B) / min(w(A), w(B))`` where ``A``, ``B`` are the
        sentences' term sets and ``w`` sums IDF. It is 1 when one sentence's
        content words are all in the other (a restatement, or a standfirst
        repeated inside a longer paragraph), 0 with nothing in common, and 0
        for a sentence without tokens.
        """
        if self.dense:
            return self.containment()[i]
        shared = np.asarray((self.presence @ self.weighted.getrow(i).T).todense()).ravel()
        denom = np.minimum(self.mass, self.mass[i])
        return np.divide(shared, denom, out=np.zeros(self.n), where=denom > 0)

    def containment(self) -> np.ndarray:
        """The full containment matrix, shape (n, n), dense."""
        if "containment" not in self._cache:
            if self.dense:
                shared = self._dense_of("weighted", self._term_idf) @ self._dense_of("presence", 1.0).T
            else:
                shared = np.asarray((self.weighted @ self.presence.T).todense())
            denom = np.minimum(self.mass[:, None], self.mass[None, :])
            self._cache["containment"] = np.divide(shared, denom, out=np.zeros_like(shared), where=denom > 0)
        return self._cache["containment"]


_TOKENIZER: Tokenizer | None = None


def _default_tokenizer() -> Tokenizer:
    # one shared instance: its lemma cache makes repeated calls cheap
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = Tokenizer()
    return _TOKENIZER
