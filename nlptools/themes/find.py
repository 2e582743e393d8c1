"""``find_themes``: the pipeline from clean documents to a :class:`~nlptools.themes.result.ThemeResult`.

Load the lexicon, cut the documents into passages, choose the vocabulary,
fit a topic model (a k sweep for ``k="auto"``), name its topics and place
every article and sentence in them.
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..document import CleanDocument, Passage
from ..errors import EmptyCorpusError, InputError, ParameterError
from ..tokens import Tokenizer
from ..topics.registry import make_topic_model, topic_method
from .assign import assign_themes
from .lexicon import Lexicon, as_lexicon
from .result import ThemeResult
from .vocabulary import PassageVocabulary, passage_vocabulary

logger = logging.getLogger(__name__)

__all__ = ["find_themes"]


def find_themes(
    documents: Iterable[CleanDocument],
    *,
    lexicon: Lexicon | Mapping[str, Any] | str | Path | None = None,
    method: str = "lda",
    k: int | str | None = "auto",
    unit: str = "paragraph",
    random_state: int | None = 0,
    threshold: float | None = None,
    min_df: int | float = 2,
    ks: Sequence[int] | None = None,
    tokenizer: Tokenizer | None = None,
    model_params: Mapping[str, Any] | None = None,
) -> ThemeResult:
    """Find the themes of clean documents and place every article and sentence in them.

    Parameters
    ----------
    documents : iterable of CleanDocument
    lexicon : Lexicon, mapping, or path to a TOML file, optional
        Named themes with seed words. The seed words guide a guided method
        (:attr:`~nlptools.topics.registry.TopicMethod.guided`: with ``"lda"``
        or ``"lda-gibbs"`` topic-word priors, with ``"kmeans"`` the starting
        centroids); with the other methods the fitted topics are named after
        the lexicon themes they match (:func:`~nlptools.themes.name_topics`).
        Topics that match no theme are discovered themes.
    method : str, default="lda"
        A topic method of :func:`nlptools.topics.registry.topic_methods`
        (``"lda"``, ``"lda-sklearn"``, ``"lda-gibbs"``, ``"nmf"``, ``"kmeans"``, ``"agglomerative"``).
    k : int or "auto", default="auto"
        Number of themes (topics); ``"auto"`` (or None) sweeps ``ks`` and keeps
        the best by NPMI x TD@10. With a lexicon, at least its theme count.
    unit : {"paragraph", "sentence"}, default="paragraph"
        The passage a model is fitted on; sentences are always assigned one
        by one. Paragraphs by default: on the seeds, guided LDA fitted on
        paragraphs agrees more with a careful reading than fitted on
        sentences (``experiments/themes_seeds.py``: sentence accuracy 0.716
        vs 0.696 and article main theme 0.97 vs 0.87, mean over k = 3..6 and
        three seeds; 0.750 vs 0.682 with ``k="auto"``).
    random_state : int, optional, default=0
    threshold : float, optional
        A sentence gets its heaviest theme if that theme's weight is at least
        this; else ``None``. Default ``max(0.5, 1.5 / k)``.
    min_df : int or float, default=2
        Words in fewer passages (a count, or a share of the passages) are
        left out of the vocabulary; seed words are always kept.
    ks : sequence of int, optional
        The k values of the ``auto`` sweep (default: from the number of
        lexicon themes, or 2, up to ``min(10, passages // 10)``).
    tokenizer : Tokenizer, optional
        Default: ``Tokenizer()`` with the lexicon's aliases.
    model_params : mapping, optional
        Extra parameters for the model class (e.g. ``{"passes": 20}``).

    Returns
    -------
    ThemeResult

    Raises
    ------
    EmptyCorpusError
        No document has a sentence.
    ParameterError
        Unknown method or unit, ``k`` larger than the passages, bad threshold.
    ConfigError
        An invalid lexicon, or a theme none of whose seed words occurs.
    """
    from ..vectorize import make_passages

    _check_options(method, unit, threshold)
    lexicon = as_lexicon(lexicon)
    docs = list(documents)
    passages = make_passages(docs, unit=unit)
    if not passages:
        raise EmptyCorpusError("no document has a sentence to find themes in")
    tok = tokenizer if tokenizer is not None else (lexicon.tokenizer() if lexicon else Tokenizer())
    vocab = passage_vocabulary(passages, tok, lexicon, min_df)
    build = _model_builder(method, random_state, vocab, model_params)
    model, k_used, sweep = _fit(build, passages, vocab, k=k, ks=ks, unit=unit)
    thr = float(threshold) if threshold is not None else max(0.5, 1.5 / k_used)
    themes, out_docs = assign_themes(model, docs, passages, vocab.n_words, vocab.seeds, unit=unit, threshold=thr)
    return ThemeResult(
        themes=themes,
        documents=out_docs,
        method=method,
        k=model.components_.shape[0],
        unit=unit,
        random_state=random_state,
        threshold=thr,
        k_sweep=sweep,
        model=model,
    )


def _check_options(method: str, unit: str, threshold: float | None) -> None:
    """Raise :class:`ParameterError` for an unknown method or unit, or a threshold outside [0, 1]."""
    topic_method(method)  # a ParameterError for an unknown method
    if unit not in ("sentence", "paragraph"):
        raise ParameterError(f"unit: {unit!r} is not 'sentence' or 'paragraph'")
    if threshold is not None and (not isinstance(threshold, numbers.Real) or not 0 <= threshold <= 1):
        raise ParameterError(f"threshold: must be a number in [0, 1], got {threshold!r}")


def _model_builder(
    method: str, random_state: int | None, vocab: PassageVocabulary, model_params: Mapping[str, Any] | None
) -> Callable[[int], Any]:
    """``n_topics -> unfitted model`` over the vocabulary.

    The seed words go to every method; the registry passes them on only to the
    guided ones (:attr:`~nlptools.topics.registry.TopicMethod.guided`).
    """

    def build(n: int) -> Any:
        return make_topic_model(
            method,
            n_topics=n,
            random_state=random_state,
            vectorizer=vocab.vectorizer,
            seed_words=vocab.seeds,
            **dict(model_params or {}),
        )

    return build


def _fit(
    build: Callable[[int], Any],
    passages: list[Passage],
    vocab: PassageVocabulary,
    *,
    k: int | str | None,
    ks: Sequence[int] | None,
    unit: str,
) -> tuple[Any, int, Any]:
    """Fit one model with ``k`` topics, or sweep ``ks`` for ``k="auto"``.

    Returns
    -------
    model : TopicModel
        Fitted on ``passages``.
    k : int
        The number of topics used.
    sweep : KSweep or None
        The scores of the sweep (None for a given ``k``).
    """
    from ..topics.sweep import sweep_k

    n_seeded = len(vocab.seeds) if vocab.seeds else 0
    if k is None or k == "auto":
        grid = sorted(set(ks)) if ks else _default_ks(len(passages), n_seeded)
        grid = [g for g in grid if n_seeded <= g <= len(passages)]
        if not grid and not ks:
            raise InputError(
                f"too little text to find themes: {len(passages)} {unit}(s), at least "
                f"{max(2, n_seeded)} needed (k = auto tries 2 themes or more)"
            )
        if not grid:
            raise ParameterError(f"ks: no k between {max(n_seeded, 1)} and the {len(passages)} passages")
        sweep, model = sweep_k(build, passages, grid, texts=vocab.texts)
        return model, sweep.best_k, sweep
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ParameterError(f"k: must be a positive integer or 'auto', got {k!r}")
    if k > len(passages):
        raise ParameterError(f"k: {k} themes is more than the {len(passages)} {unit}s of the corpus")
    if k < n_seeded:
        raise ParameterError(f"k: {k} is fewer than the {n_seeded} lexicon themes")
    return build(int(k)).fit(passages), int(k), None


def _default_ks(n_passages: int, n_seeded: int) -> list[int]:
    """The k values of an ``auto`` sweep: from the lexicon's theme count (at least 2) to ``passages // 10`` (at most 10)."""
    low = max(2, n_seeded)
    high = max(low, min(10, n_passages // 10))
    return list(range(low, high + 1))
