"""sumy's summarisers as rankers of the common protocol, offline.

Every sumy summariser (0.13) computes a rating per sentence and hands it to
``AbstractSummarizer._get_best_sentences``. :class:`SumyRanker` builds a sumy
document directly from our :class:`~nlptools.document.Sentence` s (one
sumy paragraph per source paragraph, words from
:class:`nlptools.tokens.SumyTokenizer`), runs the summariser with that
hand-off intercepted, and reads the rating of every sentence *by position*.
Positions map one to one onto our sentences, so offsets survive even when
two sentences have the same text (sumy keys its ratings by text). Selection
is then ours (:func:`~.select.select`), like any other ranker's.

For greedy sumy methods (KL-Sum, SumBasic) the rating is the reverse of the
greedy pick order, exactly as sumy ranks them. sumy's LSA numbers its terms
in ``frozenset`` order, which depends on Python's hash seed; the adapter
numbers them in sorted order so results are the same in every process.

sumy's ``Stemmer("english")`` (Snowball, from NLTK's code, no data files)
and ``get_stop_words("english")`` (shipped with sumy) need no download.

The adapter reaches into sumy's private internals (:data:`SUMY_INTERNALS`):
the ``_get_best_sentences(sentences, count, rating, *args, **kwargs)``
hand-off of ``AbstractSummarizer`` (replaced on the instance to capture the
ratings), ``LsaSummarizer._create_dictionary`` (wrapped to number terms in
sorted order) and ``EdmundsonSummarizer._null_words`` (set to a cached
stemmed set). They are checked before use (a clear
:class:`~nlptools.errors.NlptoolsError` if a sumy release drops or reshapes
them), and ``pyproject.toml`` pins the sumy series they were read from.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...document import Sentence
from ...errors import NlptoolsError, ParameterError
from ..features import SentenceFeatures
from ..types import Ranker

logger = logging.getLogger(__name__)

__all__ = ["SumyRanker", "SUMY_ALGORITHMS", "SUMY_INTERNALS", "check_sumy_internals"]

#: Registry suffix -> (sumy module, class name).
SUMY_ALGORITHMS: dict[str, tuple[str, str]] = {
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
}

#: Words that lower a sentence's weight in Edmundson's cue method (hedges
#: and belittling words, in the spirit of Edmundson's "stigma" dictionary).
EDMUNDSON_STIGMA_WORDS = (
    "hardly",
    "impossible",
    "perhaps",
    "maybe",
    "possibly",
    "allegedly",
    "reportedly",
    "rumour",
    "rumor",
    "unclear",
    "unlikely",
    "somewhat",
    "apparently",
)

#: The sumy releases whose private internals the adapter was written against (pinned in pyproject.toml).
SUMY_SUPPORTED = ">=0.13,<0.14"

#: sumy's private internals the adapter patches: algorithm (``None``: every one) -> attribute names.
SUMY_INTERNALS: dict[str | None, tuple[str, ...]] = {
    None: ("_get_best_sentences",),
    "lsa": ("_create_dictionary",),
    "edmundson": ("_null_words", "null_words"),
}

#: The leading parameters of ``AbstractSummarizer._get_best_sentences`` that :meth:`SumyRanker.rank` captures.
_HAND_OFF_PARAMS = ("sentences", "count", "rating")

_STOP_WORDS_CACHE: dict[str, frozenset[str]] = {}
_STEMMED_CACHE: dict[tuple[str, str], frozenset[str]] = {}


def _stop_words(language: str) -> frozenset[str]:
    if language not in _STOP_WORDS_CACHE:
        from sumy.utils import get_stop_words

        try:
            _STOP_WORDS_CACHE[language] = frozenset(get_stop_words(language))
        except LookupError as exc:
            raise ParameterError(f"language: sumy has no stop words for {language!r}") from exc
    return _STOP_WORDS_CACHE[language]


@functools.cache
def _missing_internals(cls: type, algorithm: str) -> tuple[str, ...]:
    """The internals of :data:`SUMY_INTERNALS` that sumy's summariser ``cls`` lacks or has reshaped."""
    names = SUMY_INTERNALS[None] + SUMY_INTERNALS.get(algorithm, ())
    missing = [f"{cls.__name__}.{name}" for name in names if not hasattr(cls, name)]
    hand_off = getattr(cls, "_get_best_sentences", None)
    if hand_off is not None:
        try:
            params = tuple(inspect.signature(hand_off).parameters)[: len(_HAND_OFF_PARAMS)]
        except (TypeError, ValueError):  # pragma: no cover - not introspectable
            params = ()
        if params != _HAND_OFF_PARAMS:
            missing.append(f"{cls.__name__}._get_best_sentences{_HAND_OFF_PARAMS} (it takes {params})")
    return tuple(missing)


def check_sumy_internals(cls: type, algorithm: str) -> None:
    """Raise a clear error if sumy's summariser ``cls`` lacks an internal the adapter patches.

    Parameters
    ----------
    cls : type
        The sumy summariser class (``LsaSummarizer``, ...).
    algorithm : str
        Its key in :data:`SUMY_ALGORITHMS`.

    Raises
    ------
    NlptoolsError
        Naming the missing internals, the installed sumy version and the supported releases.
    """
    missing = _missing_internals(cls, algorithm)
    if missing:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("sumy")
        except PackageNotFoundError:  # pragma: no cover - sumy imported, so installed
            installed = "unknown"
        raise NlptoolsError(
            f"sumy-{algorithm}: sumy {installed} lacks {', '.join(missing)}, private internals the adapter "
            f"patches; nlptools supports sumy{SUMY_SUPPORTED} (pip install 'sumy{SUMY_SUPPORTED}')"
        )


class SumyRanker(Ranker):
    """One of sumy's algorithms as a ranker.

    Parameters
    ----------
    algorithm : str
        One of :data:`SUMY_ALGORITHMS` (``"lexrank"``, ``"lsa"``, ...).
    language : str, default="english"
        For sumy's stemmer and stop words.
    bonus_words : int, default=10
        Edmundson only: the document's most frequent content words (this
        many) serve as its bonus words; null words are the stop words and
        stigma words :data:`EDMUNDSON_STIGMA_WORDS`. Title weight is 0
        (candidates carry no headline).
    """

    uses_features = False

    def __init__(self, algorithm: str, *, language: str = "english", bonus_words: int = 10) -> None:
        self.algorithm = algorithm
        self.language = language
        self.bonus_words = bonus_words

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"sumy-{self.algorithm}"

    def _summarizer(self, document: Any) -> Any:
        import importlib

        from sumy.nlp.stemmers import Stemmer

        if self.algorithm not in SUMY_ALGORITHMS:
            raise ParameterError(
                f"algorithm: {self.algorithm!r} is not a sumy algorithm; expected one of {', '.join(SUMY_ALGORITHMS)}"
            )
        module, cls_name = SUMY_ALGORITHMS[self.algorithm]
        cls = getattr(importlib.import_module(module), cls_name)
        check_sumy_internals(cls, self.algorithm)
        try:
            stemmer = Stemmer(self.language)
        except LookupError as exc:
            raise ParameterError(f"language: sumy has no stemmer for {self.language!r}") from exc
        stops = _stop_words(self.language)
        if self.algorithm == "edmundson":
            summarizer = cls(stemmer, cue_weight=1.0, key_weight=1.0, title_weight=0.0, location_weight=1.0)
            content = Counter(w.lower() for w in document.words if w.lower() not in stops and not w[:1].isdigit())
            bonus = [w for w, _ in sorted(content.items(), key=lambda kv: (-kv[1], kv[0]))[: self.bonus_words]]
            summarizer.bonus_words = bonus or ["news"]
            summarizer.stigma_words = EDMUNDSON_STIGMA_WORDS
            key = ("edmundson-null", self.language)
            if key not in _STEMMED_CACHE:  # stemming ~600 stop words costs more than rating an article
                summarizer.null_words = stops
                _STEMMED_CACHE[key] = summarizer.null_words
            summarizer._null_words = _STEMMED_CACHE[key]
        else:
            summarizer = cls(stemmer)
            summarizer.stop_words = stops
        if self.algorithm == "lsa":
            # sumy numbers the terms in frozenset order, which changes with Python's hash seed and
            # makes near-tied ratings flip between runs; number them in sorted order instead
            make = summarizer._create_dictionary

            def sorted_dictionary(doc: Any) -> dict[str, int]:
                return {w: i for i, w in enumerate(sorted(make(doc)))}

            summarizer._create_dictionary = sorted_dictionary
        return summarizer

    def document(self, sentences: Sequence[Sentence]) -> Any:
        """The sumy document for ``sentences``: one paragraph per (document, paragraph) run."""
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        from ...tokens import SumyTokenizer

        tokenizer = SumyTokenizer(self.language)
        paragraphs: list[list[Any]] = []
        key = None
        for s in sentences:
            k = (s.document, s.paragraph)
            if k != key or not paragraphs:
                paragraphs.append([])
                key = k
            paragraphs[-1].append(SumySentence(s.text, tokenizer))
        return ObjectDocumentModel(tuple(Paragraph(p) for p in paragraphs))

    def rank(self, sentences: Sequence[Sentence], features: SentenceFeatures | None = None) -> np.ndarray:
        n = len(sentences)
        if n == 0:
            return np.zeros(0)
        document = self.document(sentences)
        summarizer = self._summarizer(document)
        captured: list[list[float]] = []

        def capture(items: Any, count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[()]:
            if isinstance(rating, dict):
                captured.append([float(rating[s]) for s in items])
            else:
                captured.append([float(rating(s, *args, **kwargs)) for s in items])
            return ()

        summarizer._get_best_sentences = capture  # the hand-off from rating to picking
        try:
            with np.errstate(all="ignore"):  # sumy divides by zero on sentences without words
                summarizer(document, n)
        except (ArithmeticError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise NlptoolsError(f"{self.name}: sumy failed on {n} sentences ({type(exc).__name__}: {exc})") from exc
        if not captured:  # sumy returns early on a document without words
            return np.zeros(n)
        scores = np.asarray(captured[-1], dtype=np.float64)
        if scores.shape[0] != n:
            raise NlptoolsError(f"{self.name}: sumy rated {scores.shape[0]} sentences, expected {n}")
        finite = np.isfinite(scores)
        if not finite.all():
            # NaN where sumy had nothing to go on (no content words): rank such sentences last
            logger.debug("%s: %d of %d ratings not finite", self.name, int((~finite).sum()), n)
            scores = np.where(finite, scores, scores[finite].min() if finite.any() else 0.0)
        return scores
