"""``find_themes``: the pipeline from clean documents to a :class:`~nlptools.themes.result.ThemeResult`.

Load the lexicon, cut the documents into passages, choose the vocabulary,
fit a topic model (a k sweep for ``k="auto"``), name its topics and place
every article and sentence in them.
"""

from __future__ import annotations

import contextlib
import logging
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import CleanDocument, Passage
from ..embed import Embedder
from ..errors import EmptyCorpusError, InputError, ParameterError
from ..parallel import check_jobs
from ..tokens import Tokenizer
from ..topics.registry import make_topic_model, topic_method
from .assign import assign_themes
from .lexicon import Lexicon, as_lexicon
from .result import ThemeResult
from .semantic import semantic_themes
from .vocabulary import PassageVocabulary, passage_vocabulary

logger = logging.getLogger(__name__)

__all__ = ["find_themes", "theme_methods", "TopicFit"]


def theme_methods() -> tuple[str, ...]:
    """Every ``method`` :func:`find_themes` takes: ``"semantic"`` and the topic methods of the registry."""
    from ..topics.registry import topic_methods

    return ("semantic", *topic_methods())


#: ``"ensemble"`` clusters whole articles from this many on (fewer: paragraphs).
MIN_DOCUMENTS_TO_CLUSTER = 20

#: ``k="auto"`` for ``"ensemble"`` is chosen on a uniform sample of at most this many passages: the curve
#: of silhouette x stability settles well below it, and its cost (a k-means per candidate k and subsample)
#: then does not grow with the corpus.
CHOOSE_K_SAMPLE = 1500


def find_themes(
    documents: Iterable[CleanDocument],
    *,
    lexicon: Lexicon | Mapping[str, Any] | str | Path | None = None,
    method: str | None = None,
    k: int | str | None = "auto",
    unit: str | None = None,
    random_state: int | None = 0,
    threshold: float | None = None,
    min_df: int | float = 2,
    ks: Sequence[int] | None = None,
    tokenizer: Tokenizer | None = None,
    model_params: Mapping[str, Any] | None = None,
    stability: int = 0,
    embedder: Embedder | None = None,
    merge_names: bool = True,
    n_jobs: int | None = None,
) -> ThemeResult:
    """Find the themes of clean documents and place every article and sentence in them.

    Parameters
    ----------
    documents : iterable of CleanDocument
    lexicon : Lexicon, mapping, or path to a TOML file, optional
        Named themes: seed words and an optional one-line description each.
    method : str, optional
        ``"semantic"`` (the default with a lexicon): named themes by meaning
        (:mod:`nlptools.themes.semantic`), with discovered themes kept only
        when substantial and coherent. ``"ensemble"`` (the default without a
        lexicon): discovered themes by a consensus of k-means and NMF over
        TF-IDF/LSA and static embeddings. Any other topic method of
        :func:`nlptools.topics.registry.topic_methods` (``"lda"``,
        ``"lda-gibbs"``, ``"nmf"``, ``"kmeans"``, ...) fits that model on the
        passages; with a lexicon, guided methods take the seed words as priors
        and the others' topics are named after the themes they match.
    k : int or "auto", default="auto"
        Number of themes (topic models only); ``"auto"`` chooses it: for
        ``"ensemble"`` by silhouette x stability over ``2 .. sqrt(n / 2)`` (on a sample of at most
        :data:`CHOOSE_K_SAMPLE` passages),
        for the others by ``(1 + NPMI) / 2 x TD@10`` over ``ks``.
    unit : {"document", "paragraph", "sentence"}, optional
        The passage a topic model is fitted on (sentences are always assigned
        one by one). Default: documents for ``"ensemble"`` with at least 20
        articles (a theme is a group of articles), else paragraphs.
    random_state : int, optional, default=0
    threshold : float, optional
        A sentence gets its heaviest theme if that theme's weight is at least
        this; else ``None``. Default ``max(0.5, 1.5 / k)`` for topic models,
        none for ``"semantic"`` (which has its own "none of these").
    min_df : int or float, default=2
        Words in fewer passages are left out of a topic model's vocabulary.
    ks : sequence of int, optional
        The k values of an ``auto`` sweep.
    tokenizer : Tokenizer, optional
        Default: ``Tokenizer()`` with the lexicon's aliases and, with
        ``merge_names``, the corpus's own multi-word names.
    model_params : mapping, optional
        Extra parameters for the topic model class (e.g. ``{"passes": 20}``).
    stability : int, default=0
        Refit with this many other seeds, align the themes and report each
        theme's stability and each article's agreement rate.
    embedder : Embedder, optional
        The semantic layer (default: :func:`nlptools.embed.default_embedder`).
    merge_names : bool, default=True
        Merge the corpus's multi-word proper names (``North Korea`` ->
        ``north_korea``) into single tokens (:func:`nlptools.tokens.discover_names`).
    n_jobs : int, optional
        Threads for model selection (the k sweep of ``"ensemble"``), through
        ``joblib.parallel_config(backend="threading")``; None keeps joblib's
        current setting. The result does not depend on it.

    Returns
    -------
    ThemeResult

    Raises
    ------
    EmptyCorpusError
        No document has a sentence.
    ParameterError
        Unknown method or unit, ``k`` larger than the passages, bad threshold or stability.
    ConfigError
        An invalid lexicon, or a theme none of whose seed words occurs.
    """
    lexicon = as_lexicon(lexicon)
    docs = list(documents)
    method = method or ("semantic" if lexicon else "ensemble")
    _check_options(method, unit, threshold, lexicon, stability)
    if not any(d.sentences for d in docs):
        raise EmptyCorpusError("no document has a sentence to find themes in")
    tok = tokenizer if tokenizer is not None else _tokenizer(docs, lexicon, merge_names)

    def fit(seed: int | None) -> ThemeResult:
        if method == "semantic":
            assert lexicon is not None
            return semantic_themes(
                docs, lexicon, tokenizer=tok, random_state=seed, threshold=threshold, embedder=embedder
            )
        return _topic_themes(docs, lexicon, method, k, unit, seed, threshold, min_df, ks, tok, model_params, embedder)

    with _joblib_jobs(n_jobs):
        result = fit(random_state)
        if stability:
            from .stability import with_stability

            base = int(random_state or 0)
            result = with_stability(result, [fit(base + 1 + i) for i in range(stability)])
    return result


def _joblib_jobs(n_jobs: int | None) -> contextlib.AbstractContextManager[Any]:
    """joblib's ``parallel_config`` on ``n_jobs`` threads (nothing for None)."""
    if n_jobs is None:
        return contextlib.nullcontext()
    from joblib import parallel_config

    # threads: the work is in compiled code that releases the GIL, and nothing is copied to other processes
    return parallel_config(backend="threading", n_jobs=check_jobs(n_jobs, what="n_jobs"))


def _tokenizer(docs: Sequence[CleanDocument], lexicon: Lexicon | None, merge_names: bool) -> Tokenizer:
    """The lexicon's aliases, and the corpus's own multi-word names (the lexicon's win)."""
    aliases: dict[str, list[str]] = {}
    if merge_names:
        from ..tokens import discover_names

        aliases.update(discover_names([d.clean_text() for d in docs]))
    if lexicon:
        taken = {v.lower() for name, vs in lexicon.aliases.items() for v in (name, *vs)}
        aliases = {n: v for n, v in aliases.items() if n.lower() not in taken}
        aliases.update({n: list(v) for n, v in lexicon.aliases.items()})
    return Tokenizer(aliases=aliases or None)


def _topic_themes(
    docs: list[CleanDocument],
    lexicon: Lexicon | None,
    method: str,
    k: int | str | None,
    unit: str | None,
    random_state: int | None,
    threshold: float | None,
    min_df: int | float,
    ks: Sequence[int] | None,
    tok: Tokenizer,
    model_params: Mapping[str, Any] | None,
    embedder: Embedder | None,
) -> ThemeResult:
    """Themes from a topic model fitted on passages."""
    from ..vectorize import make_passages

    unit = unit or ("document" if method == "ensemble" and len(docs) >= MIN_DOCUMENTS_TO_CLUSTER else "paragraph")
    passages = make_passages(docs, unit=unit)
    if not passages:
        raise EmptyCorpusError("no document has a sentence to find themes in")
    vocab = passage_vocabulary(passages, tok, lexicon, min_df)
    params = dict(model_params or {})
    if method == "ensemble" and embedder is not None:
        params.setdefault("embedder", embedder)
    build = _model_builder(method, random_state, vocab, params)
    model, k_used, sweep = _fit(build, passages, vocab, k=k, ks=ks, unit=unit, method=method, random_state=random_state)
    thr = float(threshold) if threshold is not None else max(0.5, 1.5 / k_used)
    themes, out_docs = assign_themes(model, docs, passages, vocab.n_words, vocab.seeds, unit=unit, threshold=thr)
    if k_used > 1 and model.components_.shape[0] > 1:
        empty = [t.name for t in themes if not t.documents]
        if empty:
            logger.warning("%d of %d themes hold no article: %s", len(empty), len(themes), ", ".join(empty))
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
        fitted=TopicFit(lexicon=lexicon, tokenizer=tok, seeds=vocab.seeds, min_df=min_df),
    )


@dataclass(frozen=True, eq=False)
class TopicFit:
    """What a topic method's theme model needs next to the fitted topic model (``ThemeResult.fitted``)."""

    lexicon: Lexicon | None
    tokenizer: Tokenizer
    seeds: dict[str, list[str]] | None
    min_df: int | float


def _check_options(
    method: str, unit: str | None, threshold: float | None, lexicon: Lexicon | None, stability: int
) -> None:
    """Raise :class:`ParameterError` for an unknown method or unit, a threshold outside [0, 1], a bad stability."""
    if method == "semantic":
        if lexicon is None:
            raise ParameterError("method: 'semantic' names the themes of a lexicon: give one (--themes FILE)")
    else:
        topic_method(method)  # a ParameterError for an unknown method
    if unit is not None and unit not in ("sentence", "paragraph", "document"):
        raise ParameterError(f"unit: {unit!r} is not 'document', 'paragraph' or 'sentence'")
    if isinstance(stability, bool) or not isinstance(stability, numbers.Integral) or not 0 <= stability <= 50:
        raise ParameterError(f"stability: must be a whole number of refits from 0 to 50, got {stability!r}")
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
    method: str = "lda",
    random_state: int | None = 0,
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
        if method == "ensemble":
            from ..topics.sweep import choose_k

            sample = passages
            if len(passages) > CHOOSE_K_SAMPLE:
                import numpy as np

                rng = np.random.RandomState(int(random_state or 0) % 2**32)
                sample = [passages[i] for i in np.sort(rng.choice(len(passages), CHOOSE_K_SAMPLE, replace=False))]
            csweep = choose_k(sample, ks=ks, random_state=int(random_state or 0), vectorizer=vocab.vectorizer)
            return build(csweep.best_k).fit(passages), csweep.best_k, csweep
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
