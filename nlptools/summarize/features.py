"""Sentence features shared by native rankers and selectors.

One tokenising pass (:class:`nlptools.vectorize.BowVectorizer` with the
project's :class:`nlptools.tokens.Tokenizer`) gives a count matrix; from it
come TF-IDF rows (IDF over the candidate sentences, as in LexRank),
cosine similarities, word-overlap graphs and an IDF-weighted *containment*
similarity used to spot near-duplicates (one sentence restating another,
possibly inside a longer one).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import NlptoolsError
from ..tokens import Tokenizer

logger = logging.getLogger(__name__)

__all__ = ["SentenceFeatures"]


@dataclass(frozen=True)
class SentenceFeatures:
    """Vectors of a list of sentences.

    Attributes
    ----------
    counts : csr_matrix of shape (n_sentences, n_terms)
        Token counts.
    tfidf : csr_matrix of shape (n_sentences, n_terms)
        TF-IDF rows, L2-normalised (all-zero for a sentence with no tokens).
    idf : ndarray of shape (n_terms,)
        Smoothed IDF over the sentences: ``log((1 + n) / (1 + df)) + 1``.
    n_tokens : ndarray of shape (n_sentences,)
        Tokens per sentence.
    terms : ndarray of str, shape (n_terms,)
    presence : csr_matrix of shape (n_sentences, n_terms)
        1.0 where a term occurs in a sentence.
    weighted : csr_matrix of shape (n_sentences, n_terms)
        ``presence`` times ``idf``.
    mass : ndarray of shape (n_sentences,)
        Row sums of ``weighted``: the IDF mass of each sentence's term set.
    """

    counts: sp.csr_matrix
    tfidf: sp.csr_matrix
    idf: np.ndarray
    n_tokens: np.ndarray
    terms: np.ndarray
    presence: sp.csr_matrix
    weighted: sp.csr_matrix
    mass: np.ndarray

    @classmethod
    def build(cls, texts: Sequence[str], tokenizer: Any = None) -> SentenceFeatures:
        """Tokenise ``texts`` once and derive every representation.

        Parameters
        ----------
        texts : sequence of str
        tokenizer : callable, optional
            Text to tokens; default :class:`nlptools.tokens.Tokenizer` ``()``.
        """
        from ..vectorize import BowVectorizer

        n = len(texts)
        vectorizer = BowVectorizer(tokenizer=tokenizer or _default_tokenizer())
        try:
            counts = sp.csr_matrix(vectorizer.fit_transform(list(texts)), dtype=np.float64)
            terms = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
        except NlptoolsError:
            # nothing left after tokenising: an empty vocabulary
            counts = sp.csr_matrix((n, 0), dtype=np.float64)
            terms = np.empty(0, dtype=object)
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        tfidf = counts @ sp.diags(idf) if counts.shape[1] else counts.copy()
        tfidf = sp.csr_matrix(tfidf)
        norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
        inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        tfidf = sp.csr_matrix(sp.diags(inv) @ tfidf)
        n_tokens = np.asarray(counts.sum(axis=1)).ravel()
        presence = counts.copy()
        presence.data = np.ones_like(presence.data)
        weighted = sp.csr_matrix(presence @ sp.diags(idf)) if counts.shape[1] else presence.copy()
        mass = np.asarray(weighted.sum(axis=1)).ravel()
        return cls(counts=counts, tfidf=tfidf, idf=idf, n_tokens=n_tokens, terms=terms,
                   presence=presence, weighted=weighted, mass=mass)

    @property
    def n(self) -> int:
        """Number of sentences."""
        return self.counts.shape[0]

    def cosine(self) -> sp.csr_matrix:
        """Cosine similarity of the TF-IDF rows, shape (n, n), sparse."""
        return sp.csr_matrix(self.tfidf @ self.tfidf.T)

    def containment_to(self, i: int) -> np.ndarray:
        """IDF-weighted containment similarity of sentence ``i`` with every sentence.

        ``sim(a, b) = w(A & B) / min(w(A), w(B))`` where ``A``, ``B`` are the
        sentences' term sets and ``w`` sums IDF. It is 1 when one sentence's
        content words are all in the other (a restatement, or a standfirst
        repeated inside a longer paragraph), 0 with nothing in common, and 0
        for a sentence without tokens.
        """
        shared = np.asarray((self.presence @ self.weighted.getrow(i).T).todense()).ravel()
        denom = np.minimum(self.mass, self.mass[i])
        return np.divide(shared, denom, out=np.zeros(self.n), where=denom > 0)

    def containment(self) -> np.ndarray:
        """The full containment matrix, shape (n, n), dense (for small inputs and tests)."""
        shared = np.asarray((self.weighted @ self.presence.T).todense())
        denom = np.minimum(self.mass[:, None], self.mass[None, :])
        return np.divide(shared, denom, out=np.zeros_like(shared), where=denom > 0)


_TOKENIZER: Tokenizer | None = None


def _default_tokenizer() -> Tokenizer:
    # one shared instance: its lemma cache makes repeated calls cheap
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = Tokenizer()
    return _TOKENIZER
