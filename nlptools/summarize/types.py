"""The shared types of every summariser: the ranker protocol, the summary data model, length control.

A *ranker* (:class:`Ranker`) scores candidate sentences; a selector
(:func:`.select.select`) then picks from the scores under a :class:`Length`;
the result is a :class:`Summary` of :class:`SummarySentence` s that keep
their source offsets.
"""

from __future__ import annotations

import inspect
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..document import Sentence
from ..errors import ParameterError
from ..tokens import words as _words
from .features import SentenceFeatures

logger = logging.getLogger(__name__)

__all__ = ["Ranker", "Length", "SummarySentence", "Summary", "word_count", "check_sentences"]


def word_count(text: str) -> int:
    """Number of words in ``text`` (as :func:`nlptools.tokens.words` counts them)."""
    return len(_words(text))


@dataclass(frozen=True, slots=True)
class Length:
    """How long a summary should be: exactly one of a sentence count, a word budget or a ratio.

    Parameters
    ----------
    sentences : int, optional
        Number of sentences (at most the number of candidates).
    words : int, optional
        Word budget: sentences are added in rank order while the total stays
        within it (a sentence that would overflow is skipped, a shorter one
        may still fit); at least one sentence is always chosen.
    ratio : float, optional
        Fraction of the candidate sentences, in ``(0, 1]``, rounded, at least one.

    Raises
    ------
    ParameterError
        If more than one is given, or a value is out of range. With none,
        the length is 3 sentences.
    """

    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        sentences, words, ratio = self.sentences, self.words, self.ratio
        if (sentences is not None) + (words is not None) + (ratio is not None) > 1:
            given = [k for k, v in (("sentences", sentences), ("words", words), ("ratio", ratio)) if v is not None]
            raise ParameterError(f"length: give only one of sentences, words or ratio (got {', '.join(given)})")
        for name, v in (("sentences", sentences), ("words", words)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1):
                raise ParameterError(f"{name}: must be a positive integer, got {v!r}")
        if ratio is not None and (
            isinstance(ratio, bool)
            or not isinstance(ratio, (int, float))
            or not math.isfinite(ratio)
            or not 0 < ratio <= 1
        ):
            raise ParameterError(f"ratio: must be a number in (0, 1], got {ratio!r}")

    @classmethod
    def of(cls, sentences: int | None = None, words: int | None = None, ratio: float | None = None) -> Length:
        """A :class:`Length`, defaulting to 3 sentences when nothing is given."""
        if sentences is None and words is None and ratio is None:
            sentences = 3
        return cls(sentences=sentences, words=words, ratio=ratio)

    def max_sentences(self, n_candidates: int) -> int:
        """How many sentences may be chosen from ``n_candidates`` (words: all of them)."""
        if n_candidates <= 0:
            return 0
        if self.sentences is not None:
            return min(int(self.sentences), n_candidates)
        if self.ratio is not None:
            return min(n_candidates, max(1, int(math.floor(self.ratio * n_candidates + 0.5))))
        return n_candidates

    def describe(self) -> dict[str, Any]:
        """The length as a plain dict (for manifests)."""
        return {k: getattr(self, k) for k in ("sentences", "words", "ratio") if getattr(self, k) is not None}


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One chosen sentence with its provenance and score.

    Attributes
    ----------
    sentence : Sentence
        The source sentence (document id and offsets into the document's text).
    score : float
        The ranker's score (higher is more central / important).
    position : int
        Index of the sentence among the summariser's candidates.
    rank : int
        0 for the best-scored candidate, 1 for the next, ...
    """

    sentence: Sentence
    score: float
    position: int
    rank: int

    @property
    def text(self) -> str:
        """The sentence text (``document.text[start:end]``)."""
        return self.sentence.text

    @property
    def document(self) -> str:
        """The id of the document the sentence comes from."""
        return self.sentence.document

    @property
    def start(self) -> int:
        """Offset of the sentence in its document's source text."""
        return self.sentence.start

    @property
    def end(self) -> int:
        """Offset just past the sentence in its document's source text."""
        return self.sentence.end

    def to_dict(self, *, document: bool = True) -> dict[str, Any]:
        """``{text, start, end, score}`` (and ``document``), for JSON."""
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "score": float(self.score)}
        if document:
            out["document"] = self.document
        return out


@dataclass(frozen=True)
class Summary:
    """An extractive summary: chosen sentences in source order, and every candidate's score.

    Attributes
    ----------
    method : str
        The ranking method's registry name (``"lexrank"``, ``"sumy-lsa"``, ...).
    sentences : tuple of SummarySentence
        The chosen sentences, in candidate (document) order.
    candidates : tuple of Sentence
        Every sentence the summariser considered, in input order.
    scores : ndarray of shape (n_candidates,)
        The ranker's score of each candidate.
    """

    method: str
    sentences: tuple[SummarySentence, ...]
    candidates: tuple[Sentence, ...]
    scores: np.ndarray = field(repr=False)

    def __iter__(self) -> Iterator[SummarySentence]:
        return iter(self.sentences)

    def __len__(self) -> int:
        return len(self.sentences)

    def __getitem__(self, i: int) -> SummarySentence:
        return self.sentences[i]

    @property
    def text(self) -> str:
        """The chosen sentences joined by spaces."""
        return " ".join(s.text for s in self.sentences)

    @property
    def texts(self) -> list[str]:
        """The chosen sentences' texts."""
        return [s.text for s in self.sentences]

    @property
    def positions(self) -> list[int]:
        """Candidate indices of the chosen sentences (ascending)."""
        return [s.position for s in self.sentences]

    @property
    def n_words(self) -> int:
        """Words in the summary."""
        return sum(word_count(s.text) for s in self.sentences)

    def to_dicts(self, *, document: bool = True) -> list[dict[str, Any]]:
        """The chosen sentences as JSON-ready dicts."""
        return [s.to_dict(document=document) for s in self.sentences]


def check_sentences(sentences: Sequence[Any], name: str = "sentences") -> tuple[Sentence, ...]:
    """Validate candidates: :class:`~nlptools.document.Sentence` s, or passages (anything with ``.sentences``,
    e.g. :class:`nlptools.document.Passage`), which contribute their sentences in order."""
    if isinstance(sentences, (str, bytes)):
        raise ParameterError(f"{name}: expected a sequence of Sentence, got a string")
    try:
        items = tuple(sentences)
    except TypeError:
        raise ParameterError(f"{name}: expected a sequence of Sentence, got {type(sentences).__name__}") from None
    if all(type(s) is Sentence for s in items):
        return items
    out: list[Sentence] = []
    for s in items:
        if isinstance(s, Sentence):
            out.append(s)
            continue
        inner = getattr(s, "sentences", None)
        if isinstance(inner, tuple) and all(isinstance(x, Sentence) for x in inner):
            out.extend(inner)
            continue
        raise ParameterError(f"{name}: items must be nlptools.document.Sentence or passages, got {type(s).__name__}")
    return tuple(out)


class Ranker:
    """Base class of sentence rankers: the protocol every summariser follows.

    A ranker scores candidate sentences, higher is better::

        scores = ranker.rank(sentences, features)   # ndarray, shape (n,)

    where ``features`` is a :class:`~.features.SentenceFeatures` of the same
    sentences (built on demand when ``None``). A subclass sets ``name`` (its
    registry name), implements :meth:`rank`, and follows scikit-learn's
    estimator contract: a keyword-only ``__init__`` that stores each
    parameter verbatim under its own name, so :meth:`get_params`,
    :meth:`set_params` and :func:`sklearn.base.clone` work on it.

    Attributes
    ----------
    name : str
        The method's registry name (``"lexrank"``, ``"sumy-lsa"``, ...).
    uses_features : bool, default=True
        Whether :meth:`rank` reads the :class:`SentenceFeatures` (callers may
        then share one with a selector).
    linear : bool, default=False
        Whether the ranker's cost grows linearly with the number of
        candidates. A ranker that is not (graph and matrix methods: time and
        memory quadratic in the sentences) scores at most ``max_ranked``
        candidates at once (see :data:`nlptools.summarize.api.MAX_RANKED`).

    Notes
    -----
    ``random_state``, in the rankers that draw at random, follows the one
    rule of nlptools (scikit-learn's, as in :mod:`nlptools.topics.base`): an
    int is the seed (same seed, same input, same scores); a
    ``numpy.random.RandomState`` gives a seed drawn from it; ``None`` means
    a seed drawn from numpy's global random state: fresh, not reproducible.
    Every default (:func:`~nlptools.summarize.get_ranker`,
    :func:`~nlptools.summarize.summarize_sentences`, the command line's
    ``--seed``) is an explicit seed, 0, so ``None`` only comes from a caller
    who asks for it.
    """

    name: str = ""
    uses_features: bool = True
    linear: bool = False

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        """Score each sentence; higher is better.

        Parameters
        ----------
        sentences : sequence of Sentence
            The candidates, in input order.
        features : SentenceFeatures, optional
            Features of exactly these sentences (built when ``None``).

        Returns
        -------
        ndarray of float, shape (n_sentences,)
        """
        raise NotImplementedError

    def rank_many(
        self, sentence_sets: Sequence[Sequence[Sentence]], features: Sequence[SentenceFeatures] | None = None
    ) -> list[np.ndarray]:
        """Score several candidate sets (one array per set); equal to ``[rank(s, f) for ...]``.

        Parameters
        ----------
        sentence_sets : sequence of sequence of Sentence
        features : sequence of SentenceFeatures, optional
            Features of each set (built in one batch when ``None`` and the ranker uses them).
        """
        feats = self._features_many(sentence_sets, features) if self.uses_features else [None] * len(sentence_sets)
        return [self.rank(s, f) for s, f in zip(sentence_sets, feats)]

    @classmethod
    def _param_names(cls) -> list[str]:
        """The parameters of ``__init__``, in signature order (scikit-learn's convention)."""
        if cls.__init__ is object.__init__:
            return []
        return [
            p.name
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The ranker's parameters, as given to ``__init__``.

        Parameters
        ----------
        deep : bool, default=True
            Accepted for scikit-learn compatibility (a ranker holds no estimators).
        """
        return {k: getattr(self, k) for k in self._param_names()}

    def set_params(self, **params: Any) -> Ranker:
        """Set parameters (as ``__init__`` takes them); returns ``self``.

        Raises
        ------
        ParameterError
            For a name that is not a parameter of the ranker.
        """
        valid = self._param_names()
        for key, value in params.items():
            if key not in valid:
                raise ParameterError(f"{type(self).__name__}: no parameter {key!r}; valid ones are {valid}")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _features(sentences: Sequence[Sentence], features: SentenceFeatures | None) -> SentenceFeatures:
        if features is None:
            return SentenceFeatures.build([s.text for s in sentences])
        if features.n != len(sentences):
            raise ParameterError(f"features: built for {features.n} sentences, got {len(sentences)} sentences")
        return features

    @staticmethod
    def _features_many(
        sentence_sets: Sequence[Sequence[Sentence]], features: Sequence[SentenceFeatures] | None
    ) -> list[SentenceFeatures]:
        if features is None:
            return SentenceFeatures.build_many([[s.text for s in ss] for ss in sentence_sets])
        if len(features) != len(sentence_sets):
            raise ParameterError(f"features: {len(features)} feature sets for {len(sentence_sets)} sentence sets")
        for f, ss in zip(features, sentence_sets):
            if f.n != len(ss):
                raise ParameterError(f"features: built for {f.n} sentences, got {len(ss)} sentences")
        return list(features)
