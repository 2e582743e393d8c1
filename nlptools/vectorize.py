"""Passages and vectors: bag-of-words and TF-IDF that scikit-learn and gensim both accept.

A :class:`Passage` is the unit a model sees: a sentence, a paragraph or a
whole document, always a run of :class:`~nlptools.document.Sentence` s, so
every model output maps back to character offsets in the source.

:class:`BowVectorizer` and :class:`TfidfVectorizer` are scikit-learn
transformers (``fit``/``transform``, ``get_params``, usable in a
``Pipeline``) over strings, sentences, passages or clean documents, with the
project's :class:`~nlptools.tokens.Tokenizer` as analyser. :func:`to_gensim`
and :func:`from_gensim` convert a document-term matrix to a gensim
``Dictionary`` plus bag-of-words corpus and back, losslessly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from .cleaning import quoted_text
from .document import CleanDocument, Passage, Sentence
from .errors import NlptoolsError, ParameterError, check_fitted
from .tokens import Tokenizer

if TYPE_CHECKING:  # pragma: no cover
    from gensim.corpora import Dictionary
    from sklearn.utils import Tags

logger = logging.getLogger(__name__)

__all__ = [
    "make_passages",
    "model_text",
    "BowVectorizer",
    "TfidfVectorizer",
    "to_gensim",
    "from_gensim",
    "PASSAGE_UNITS",
]

#: The passage units :func:`make_passages` understands.
PASSAGE_UNITS = ("sentence", "paragraph", "document")


def make_passages(
    documents: Iterable[CleanDocument], *, unit: str = "sentence", include_headings: bool = False
) -> list[Passage]:
    """Cut clean documents into passages.

    Parameters
    ----------
    documents : iterable of CleanDocument
    unit : {"sentence", "paragraph", "document"}
        What one passage is.
    include_headings : bool, default=False
        Whether headings become passages (or part of them).

    Returns
    -------
    list of Passage
    """
    if unit not in PASSAGE_UNITS:
        raise ParameterError(f"unit: {unit!r} is not one of {', '.join(PASSAGE_UNITS)}")
    out: list[Passage] = []
    for doc in documents:
        sents = [s for s in doc.sentences if include_headings or not s.heading]
        if not sents:
            continue
        if unit == "document":
            out.append(Passage(doc.id, doc.id, tuple(sents), quoted_text(doc)))
        elif unit == "sentence":
            out.extend(Passage(f"{doc.id}#s{s.index}", doc.id, (s,)) for s in sents)
        else:
            groups: dict[int, list[Sentence]] = {}
            for s in sents:
                groups.setdefault(s.paragraph, []).append(s)
            out.extend(Passage(f"{doc.id}#p{p}", doc.id, tuple(g)) for p, g in sorted(groups.items()))
    return out


def model_text(item: Any) -> str:
    """What a discovered-theme model reads of an item: its text, then its :attr:`~nlptools.document.Passage.context`.

    A reply's quoted text says what it answers: on 20 Newsgroups (56 % of
    the posts quote), discovered themes agree with the groups at NMI 0.57
    with it and 0.46 without. Topic names and every quoted sentence still
    come from the item's own text.
    """
    text = _as_text(item)
    context = getattr(item, "context", "") if isinstance(item, Passage) else ""
    return f"{text}\n\n{context}" if context else text


def _as_text(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, (Passage, Sentence)):
        return item.text
    if isinstance(item, CleanDocument):
        return " ".join(s.text for s in item.sentences if not s.heading)
    text = getattr(item, "text", None)
    if isinstance(text, str):
        return text
    raise ParameterError(f"X: items must be str, Sentence, Passage or CleanDocument, got {type(item).__name__}")


def _texts(X: Iterable[Any]) -> Iterator[str]:
    if isinstance(X, (str, bytes)):
        raise ParameterError("X: expected an iterable of texts, got a single string (wrap it in a list)")
    for item in X:
        yield _as_text(item)


class BowVectorizer(TransformerMixin, BaseEstimator):
    """Bag-of-words counts over texts, sentences, passages or clean documents.

    A scikit-learn transformer: ``fit`` learns the vocabulary, ``transform``
    returns a sparse ``(n_samples, n_features)`` CSR matrix of counts.
    Input may be streamed (any iterable); only the matrix is held in memory.

    Parameters
    ----------
    tokenizer : Tokenizer or callable, optional
        Text to tokens (default: ``Tokenizer()``).
    min_df, max_df : int or float
        Drop terms in fewer / more documents (counts, or proportions if float).
    max_features : int, optional
        Keep only the most frequent terms.
    binary : bool, default=False
        Presence (1) instead of counts.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Term to column.
    feature_names_ : ndarray of str, shape (n_features,)
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | Any = None,
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        max_features: int | None = None,
        binary: bool = False,
    ) -> None:
        self.tokenizer = tokenizer
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.binary = binary

    def __sklearn_tags__(self) -> Tags:
        """scikit-learn tags: texts in (like ``CountVectorizer``), not numeric arrays."""
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _check(self) -> None:
        for name in ("min_df", "max_df"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or (isinstance(v, float) and v > 1):
                raise ParameterError(f"{name}: must be a count >= 0 or a proportion in [0, 1], got {v!r}")
        if self.max_features is not None and (not isinstance(self.max_features, int) or self.max_features < 1):
            raise ParameterError(f"max_features: must be a positive integer or None, got {self.max_features!r}")

    def _counter(self) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(
            analyzer=self.tokenizer if self.tokenizer is not None else Tokenizer(),
            min_df=self.min_df,
            max_df=self.max_df,
            max_features=self.max_features,
            binary=self.binary,
            dtype=np.int64,
        )

    def fit(self, X: Iterable[Any], y: Any = None) -> BowVectorizer:
        """Learn the vocabulary of ``X``."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[Any], y: Any = None) -> sp.csr_matrix:
        """Learn the vocabulary and return the count matrix."""
        self._check()
        self.counter_ = self._counter()
        try:
            counts = self.counter_.fit_transform(_texts(X))
        except ParameterError:
            raise  # a bad input item, already named (ParameterError is a ValueError too)
        except ValueError as exc:
            raise NlptoolsError(f"{type(self).__name__}: {exc} (is every text empty after tokenising?)") from exc
        self._set_vocab()
        return self._finish(counts, fit=True)

    def _set_vocab(self) -> None:
        self.vocabulary_ = dict(self.counter_.vocabulary_)
        self.feature_names_ = self.counter_.get_feature_names_out()

    def _finish(self, counts: sp.csr_matrix, fit: bool) -> sp.csr_matrix:
        return counts.tocsr()

    def transform(self, X: Iterable[Any]) -> sp.csr_matrix:
        """The count matrix of ``X`` over the learned vocabulary."""
        check_fitted(self, "counter_", "before transform")
        return self._finish(self.counter_.transform(_texts(X)), fit=False)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms, in column order."""
        check_fitted(self, "feature_names_", "before get_feature_names_out")
        return self.feature_names_

    def analyze(self, text: str) -> list[str]:
        """The tokens the vectoriser sees for one text."""
        return (self.tokenizer or Tokenizer())(text)

    def to_gensim(self, X: sp.spmatrix) -> tuple[Dictionary, list[list[tuple[int, float]]]]:
        """``X`` (from this vectoriser) as a gensim ``Dictionary`` and bag-of-words corpus."""
        return to_gensim(X, self.get_feature_names_out())


class TfidfVectorizer(BowVectorizer):
    """TF-IDF weights over texts, sentences, passages or clean documents.

    Same as :class:`BowVectorizer`, then scikit-learn's ``TfidfTransformer``.

    Parameters
    ----------
    norm : {"l2", "l1", None}, default="l2"
    use_idf, smooth_idf, sublinear_tf : bool
        As in scikit-learn.
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | Any = None,
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        max_features: int | None = None,
        binary: bool = False,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
    ) -> None:
        super().__init__(tokenizer=tokenizer, min_df=min_df, max_df=max_df, max_features=max_features, binary=binary)
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    def _finish(self, counts: sp.csr_matrix, fit: bool) -> sp.csr_matrix:
        if fit:
            from sklearn.feature_extraction.text import TfidfTransformer

            if self.norm not in ("l1", "l2", None):
                raise ParameterError(f"norm: {self.norm!r} is not 'l1', 'l2' or None")
            self.tfidf_ = TfidfTransformer(
                norm=self.norm, use_idf=self.use_idf, smooth_idf=self.smooth_idf, sublinear_tf=self.sublinear_tf
            ).fit(counts)
            if self.use_idf:
                self.idf_ = self.tfidf_.idf_
        return self.tfidf_.transform(counts).tocsr()


# --------------------------------------------------------------------------- gensim bridge


def to_gensim(
    X: sp.spmatrix | np.ndarray, feature_names: Sequence[str] | np.ndarray
) -> tuple[Dictionary, list[list[tuple[int, float]]]]:
    """A document-term matrix as a gensim ``Dictionary`` and bag-of-words corpus.

    Column ``j`` becomes token id ``j``; each row becomes a list of
    ``(id, value)`` pairs (integers when the matrix holds counts). The
    dictionary's document frequencies and totals are filled from ``X``.

    Parameters
    ----------
    X : sparse matrix or ndarray, shape (n_documents, n_terms)
    feature_names : sequence of str, length n_terms

    Returns
    -------
    dictionary : gensim.corpora.Dictionary
    corpus : list of list of (int, number)
    """
    from gensim.corpora import Dictionary

    X = sp.csr_matrix(X)
    if X.shape[1] != len(feature_names):
        raise ParameterError(f"feature_names: {len(feature_names)} names for a matrix with {X.shape[1]} columns")
    X.sort_indices()
    integral = np.issubdtype(X.dtype, np.integer) or bool(np.all(np.mod(X.data, 1) == 0))
    dictionary = Dictionary()
    dictionary.token2id = {str(t): i for i, t in enumerate(feature_names)}
    dictionary.id2token = {}
    dfs = np.bincount(X.indices, minlength=X.shape[1])
    dictionary.dfs = {i: int(c) for i, c in enumerate(dfs) if c}
    totals = np.asarray(X.sum(axis=0)).ravel()
    dictionary.cfs = {i: (int(c) if integral else float(c)) for i, c in enumerate(totals) if c}
    dictionary.num_docs = X.shape[0]
    dictionary.num_pos = int(X.sum()) if integral else 0
    dictionary.num_nnz = int(X.nnz)
    corpus = []
    cast = int if integral else float
    for r in range(X.shape[0]):
        lo, hi = X.indptr[r], X.indptr[r + 1]
        corpus.append([(int(j), cast(v)) for j, v in zip(X.indices[lo:hi], X.data[lo:hi])])
    return dictionary, corpus


def from_gensim(
    dictionary: Dictionary, corpus: Iterable[Sequence[tuple[int, float]]]
) -> tuple[sp.csr_matrix, np.ndarray]:
    """A gensim dictionary and bag-of-words corpus as a CSR matrix and its column names.

    Token id ``j`` becomes column ``j``; the inverse of :func:`to_gensim`.
    """
    n_terms = (max(dictionary.keys()) + 1) if len(dictionary) else 0
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in corpus:
        for j, v in sorted(row):
            if not 0 <= j < n_terms:
                raise ParameterError(f"corpus: token id {j} is not in the dictionary (0..{n_terms - 1})")
            indices.append(j)
            data.append(v)
        indptr.append(len(indices))
    values = np.asarray(data)
    if values.size and np.all(np.mod(values, 1) == 0):
        values = values.astype(np.int64)
    X = sp.csr_matrix(
        (values, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(indptr) - 1, n_terms)
    )
    names = np.asarray([dictionary[j] if j in dictionary else "" for j in range(n_terms)], dtype=object)
    return X, names
