"""Scoring a sentence segmentation against a gold one: precision, recall and F1 of sentence boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["BoundaryScores", "boundary_scores", "sentence_boundaries"]


@dataclass(frozen=True, slots=True)
class BoundaryScores:
    """Sentence-boundary counts and scores of a segmentation against a gold one.

    Scores are micro-averaged: add two ``BoundaryScores`` (``a + b``) to pool
    their counts. With nothing predicted, precision is 1.0; with nothing to
    find, recall is 1.0; F1 is 0.0 when precision and recall are both 0.

    Attributes
    ----------
    true_positives, false_positives, false_negatives : int
        Boundaries found, boundaries predicted that gold lacks, gold
        boundaries missed.
    spurious, missed : tuple of int
        The offsets of the false positives and false negatives (empty once
        pooled over several texts, where offsets would be ambiguous).
    """

    true_positives: int
    false_positives: int
    false_negatives: int
    spurious: tuple[int, ...] = ()
    missed: tuple[int, ...] = ()

    @property
    def precision(self) -> float:
        """Share of predicted boundaries that are in the gold."""
        n = self.true_positives + self.false_positives
        return self.true_positives / n if n else 1.0

    @property
    def recall(self) -> float:
        """Share of gold boundaries that were predicted."""
        n = self.true_positives + self.false_negatives
        return self.true_positives / n if n else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: BoundaryScores) -> BoundaryScores:
        if not isinstance(other, BoundaryScores):
            return NotImplemented
        return BoundaryScores(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    def as_dict(self) -> dict[str, float | int]:
        """Counts and scores (rounded to 4 places) as a plain dict, for JSON."""
        return {
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def sentence_boundaries(spans: Iterable[tuple[int, int]], text: str | None = None) -> set[int]:
    """The boundaries of a segmentation: the end offset of every span but the last.

    Parameters
    ----------
    spans : iterable of (int, int)
        Sentence spans (``start, end``), in any order.
    text : str, optional
        When given, each boundary is moved forward to the next letter or digit
        of ``text`` (the start of the next sentence's first word), so that a
        boundary placed before or after closing quotes, brackets or white space
        counts as the same boundary (lenient scoring).

    Returns
    -------
    set of int
    """
    ends = sorted(b for _, b in spans)[:-1]
    if text is None:
        return set(ends)
    out = set()
    n = len(text)
    for b in ends:
        while b < n and not text[b].isalnum():
            b += 1
        out.add(b)
    return out


def boundary_scores(
    gold_spans: Sequence[tuple[int, int]],
    predicted_spans: Sequence[tuple[int, int]],
    *,
    text: str | None = None,
) -> BoundaryScores:
    """Precision, recall and F1 of the sentence boundaries of ``predicted_spans``.

    A boundary is the end offset of a sentence that another sentence of the
    same text follows (see :func:`sentence_boundaries`): the end of the text is
    not a decision, so it is not counted. A predicted boundary is right when
    the gold has a boundary at exactly the same offset.

    Parameters
    ----------
    gold_spans, predicted_spans : sequence of (int, int)
        Sentence spans of one text, as offsets into it.
    text : str, optional
        The text; when given, scoring is lenient about where a boundary sits
        among closing quotes, brackets and white space (both sides' boundaries
        are moved to the start of the next word).

    Returns
    -------
    BoundaryScores

    Examples
    --------
    >>> s = boundary_scores([(0, 5), (6, 10), (11, 15)], [(0, 5), (6, 15)])
    >>> s.true_positives, s.false_negatives, s.precision, s.recall
    (1, 1, 1.0, 0.5)
    """
    gold = sentence_boundaries(gold_spans, text)
    pred = sentence_boundaries(predicted_spans, text)
    return BoundaryScores(
        true_positives=len(gold & pred),
        false_positives=len(pred - gold),
        false_negatives=len(gold - pred),
        spurious=tuple(sorted(pred - gold)),
        missed=tuple(sorted(gold - pred)),
    )
