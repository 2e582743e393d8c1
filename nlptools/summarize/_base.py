"""The summary data model and length control shared by every summariser."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..document import Sentence
from ..errors import ParameterError
from ..tokens import words as _words

logger = logging.getLogger(__name__)

__all__ = ["Length", "SummarySentence", "Summary", "word_count"]


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
