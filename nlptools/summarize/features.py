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
from itertools import chain
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

    def __init__(
        self,
        rows: np.ndarray | None,
        cols: np.ndarray | None,
        data: np.ndarray | None,
        n: int,
        terms: list[str] | tuple[list[str], np.ndarray],
        *,
        counts: np.ndarray | None = None,
    ) -> None:
        # Either the dense count matrix (small inputs) or its entries: one per (sentence,
        # term), rows ascending, cols ascending within a row. The other form is derived
        # on demand. ``terms`` may be given as (names, ids): the names are picked on first use.
        self.n = n
        self._terms = terms
        self.n_terms = len(terms) if isinstance(terms, list) else len(terms[1])
        self._dense_counts = counts
        if counts is None:
            if rows is None or cols is None or data is None:
                raise ValueError("SentenceFeatures: give rows, cols and data, or counts")
            self._entries = (rows, cols, data)
            df = np.bincount(cols, minlength=self.n_terms)
        else:
            df = (counts > 0).sum(axis=0)
        self.idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self._cache: dict[str, Any] = {}

    @property
    def terms(self) -> list[str]:
        """Column names, in order of first appearance."""
        if not isinstance(self._terms, list):
            names, ids = self._terms
            self._terms = [names[i] for i in ids.tolist()]
        return self._terms

    # -- the two representations ----------------------------------------------------
    @cached_property
    def _entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        assert self._dense_counts is not None
        rows, cols = np.nonzero(self._dense_counts)
        return rows, cols, self._dense_counts[rows, cols]

    @property
    def _rows(self) -> np.ndarray:
        return self._entries[0]

    @property
    def _cols(self) -> np.ndarray:
        return self._entries[1]

    @property
    def _data(self) -> np.ndarray:
        return self._entries[2]

    @cached_property
    def _term_idf(self) -> np.ndarray:
        return self.idf[self._cols]

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
        if self._dense_counts is not None:
            return self._dense("presence") @ self.idf
        return np.bincount(self._rows, weights=self._term_idf, minlength=self.n)

    @cached_property
    def n_tokens(self) -> np.ndarray:
        """Tokens per sentence, shape (n,)."""
        if self._dense_counts is not None:
            return self._dense_counts.sum(axis=1)
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
        token_lists = [tok(text) for text in texts]
        vocab: dict[str, int] = {}  # term -> column, in order of first appearance
        add = vocab.setdefault
        ids = np.array([add(t, len(vocab)) for t in chain.from_iterable(token_lists)], dtype=np.int64)
        terms = list(vocab)
        v = max(len(terms), 1)
        keys = np.repeat(np.arange(n, dtype=np.int64), [len(t) for t in token_lists]) * v + ids
        if n <= DENSE_MAX and n * v <= 4_000_000:  # small: the dense count matrix directly
            counts = np.bincount(keys, minlength=n * v).reshape(n, v)[:, : len(terms)].astype(np.float64)
            return cls(None, None, None, n, terms, counts=counts)
        keys, tally = np.unique(keys, return_counts=True)
        return cls(keys // v, keys % v, tally.astype(np.float64), n, terms)

    @classmethod
    def build_many(cls, text_sets: Sequence[Sequence[str]], tokenizer: Any = None) -> list[SentenceFeatures]:
        """Features of many sentence sets at once: ``[build(texts) for texts in text_sets]``, faster.

        Every set keeps its own vocabulary (terms in order of first appearance
        within the set) and its own IDF, so each result equals what
        :meth:`build` gives for that set alone, count for count. The work
        that does not depend on the set (tokenising each distinct
        whitespace-delimited chunk and numbering its terms) is done once for
        the whole batch, and the per-set vocabularies come out of one
        vectorised pass.

        Parameters
        ----------
        text_sets : sequence of sequence of str
            The sentences of each set.
        tokenizer : callable, optional
            As for :meth:`build`. Only a :class:`~nlptools.tokens.Tokenizer`
            without aliases (whose tokens never span white space) takes the
            batched path; any other tokenizer gives the same result set by set.

        Returns
        -------
        list of SentenceFeatures
            One per set, in order.
        """
        tok = tokenizer or _default_tokenizer()
        sets = [list(ts) for ts in text_sets]
        if not (isinstance(tok, Tokenizer) and tok.splits_on_whitespace):
            return [cls.build(ts, tok) for ts in sets]
        terms_all, get = _encoder(tok)
        flat: list[int] = []
        extend = flat.extend
        lengths: list[int] = []
        for texts in sets:
            for text in texts:
                before = len(flat)
                extend(chain.from_iterable(map(get, text.split())))
                lengths.append(len(flat) - before)
        set_sizes = np.fromiter((len(ts) for ts in sets), dtype=np.int64, count=len(sets))
        n_sets = len(sets)
        sent_bounds = np.concatenate(([0], np.cumsum(set_sizes)))
        tok_per_sent = np.asarray(lengths, dtype=np.int64)
        tok_bounds = np.concatenate(([0], np.cumsum(tok_per_sent)))[sent_bounds]
        gids = np.asarray(flat, dtype=np.int64)
        sent_of_tok = np.repeat(np.arange(len(lengths), dtype=np.int64), tok_per_sent)
        set_of_tok = np.repeat(np.arange(n_sets, dtype=np.int64), np.diff(tok_bounds))
        g = max(len(terms_all), 1)
        # one column per (set, term), numbered in order of first appearance: tokens come set by set,
        # so this groups the columns by set, each set's in its own first-appearance order
        uniq, first, inverse = np.unique(set_of_tok * g + gids, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        column = np.empty_like(order)
        column[order] = np.arange(order.size)
        column = column[inverse.reshape(-1)]
        term_ids = (uniq % g)[order]
        col_bounds = np.concatenate(([0], np.cumsum(np.bincount(uniq // g, minlength=n_sets))))
        out: list[SentenceFeatures] = []
        for b, texts in enumerate(sets):
            n = len(texts)
            c0, c1 = int(col_bounds[b]), int(col_bounds[b + 1])
            v_terms = c1 - c0
            v = max(v_terms, 1)
            if n > DENSE_MAX or n * v > 4_000_000:  # large: the sparse path, as build() takes it
                out.append(cls.build(texts, tok))
                continue
            t0, t1 = int(tok_bounds[b]), int(tok_bounds[b + 1])
            keys = (sent_of_tok[t0:t1] - int(sent_bounds[b])) * v + (column[t0:t1] - c0)
            counts = np.bincount(keys, minlength=n * v).reshape(n, v)[:, :v_terms].astype(np.float64)
            out.append(cls(None, None, None, n, (terms_all, term_ids[c0:c1]), counts=counts))
        return out

    # -- sparse matrices ------------------------------------------------------------
    def _csr(self, name: str, data: np.ndarray) -> sp.csr_matrix:
        if name not in self._cache:
            self._cache[name] = sp.csr_matrix((data, self._cols, self._indptr), shape=(self.n, self.n_terms))
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

    def _dense(self, name: str) -> np.ndarray:
        """Dense ``counts``, ``tfidf``, ``presence`` or ``weighted`` (small inputs)."""
        key = "dense-" + name
        if key not in self._cache:
            counts = self._dense_counts
            if counts is None:
                counts = np.zeros((self.n, self.n_terms))
                counts[self._rows, self._cols] = self._data
                self._dense_counts = counts
            if name == "counts":
                m = counts
            elif name == "presence":
                m = (counts > 0).astype(np.float64)
            elif name == "weighted":
                m = self._dense("presence") * self.idf
            elif name == "tfidf":
                m = counts * self.idf
                norms = np.sqrt(np.einsum("ij,ij->i", m, m))
                m /= np.where(norms > 0, norms, 1.0)[:, None]
            else:  # pragma: no cover - internal names only
                raise KeyError(name)
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
                t = self._dense("tfidf")
                self._cache["cosine"] = t @ t.T
            else:
                self._cache["cosine"] = sp.csr_matrix(self.tfidf @ self.tfidf.T)
        return self._cache["cosine"]

    def overlap(self) -> np.ndarray | sp.csr_matrix:
        """Number of distinct terms each pair of sentences shares, shape (n, n)."""
        if self.dense:
            p = self._dense("presence")
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
                shared = self._dense("weighted") @ self._dense("presence").T
            else:
                shared = np.asarray((self.weighted @ self.presence.T).todense())
            denom = np.minimum(self.mass[:, None], self.mass[None, :])
            self._cache["containment"] = np.divide(shared, denom, out=np.zeros_like(shared), where=denom > 0)
        return self._cache["containment"]


_TOKENIZER: Tokenizer | None = None

#: Most distinct chunks (and terms) an encoder keeps before it starts afresh.
_ENCODER_LIMIT = 500_000
_ENCODERS: dict[Tokenizer, tuple[list[str], Any]] = {}


def _encoder(tok: Tokenizer) -> tuple[list[str], Any]:
    """``(names, get)`` for ``tok``: ``get(chunk)`` is the tuple of ids of the chunk's tokens, ``names[id]`` a term.

    Kept across calls (per tokenizer configuration), so a chunk is tokenised once per process;
    the ids only group equal terms, so their values never reach a result.
    """
    entry = _ENCODERS.get(tok)
    if entry is not None and len(entry[0]) < _ENCODER_LIMIT:
        return entry
    vocab: dict[str, int] = {}
    names: list[str] = []

    def number(term: str) -> int:
        i = vocab.get(term)
        if i is None:
            i = vocab[term] = len(names)
            names.append(term)
        return i

    class _ChunkIds(dict):
        def __missing__(ids, chunk: str) -> tuple[int, ...]:
            value = tuple(map(number, tok(chunk)))
            if len(ids) < _ENCODER_LIMIT:
                ids[chunk] = value
            return value

    entry = _ENCODERS[tok] = (names, _ChunkIds().__getitem__)
    if len(_ENCODERS) > 8:  # a few tokenizer configurations at most
        del _ENCODERS[next(iter(_ENCODERS))]
    return entry


def _default_tokenizer() -> Tokenizer:
    # one shared instance: its lemma cache makes repeated calls cheap
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = Tokenizer()
    return _TOKENIZER
