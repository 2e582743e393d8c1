"""One-call summarisation: single documents and multi-document sets of sentences."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..cleaning import clean_document
from ..document import CleanDocument, Document, Sentence
from ..errors import ParameterError
from .faithful import Antecedents
from .features import SentenceFeatures
from .rankers.centroid import CentroidRanker
from .registry import get_ranker
from .select import PARAPHRASE, check_selection_params, select
from .types import Length, Ranker, Summary, SummarySentence, check_sentences

logger = logging.getLogger(__name__)

__all__ = ["rank_sentences", "summarize_sentences", "summarize_many", "summarize", "summarize_documents"]

#: Default redundancy threshold for multi-document summaries.
DEFAULT_REDUNDANCY = 0.6

#: Most sentences a ranker that is not linear (:attr:`Ranker.linear <.types.Ranker.linear>`: every
#: one but lead, random and centroid) scores at once. Graph and matrix methods cost time and memory
#: quadratic in the sentences, so a longer input is first narrowed to its most central sentences (by
#: the linear centroid score), with a warning.
MAX_RANKED = 1000


def rank_sentences(
    sentences: Sequence[Sentence],
    *,
    method: str | Ranker = "lexrank",
    random_state: int | None = 0,
    features: SentenceFeatures | None = None,
    **params: Any,
) -> np.ndarray:
    """Score every sentence with ``method`` (higher is better).

    Returns
    -------
    ndarray of shape (n_sentences,)
    """
    sents = check_sentences(sentences)
    ranker = get_ranker(method, random_state=random_state, **params)
    if not sents:
        return np.zeros(0)
    return np.asarray(ranker.rank(sents, features if ranker.uses_features else None), dtype=np.float64)


def summarize_sentences(
    sentences: Sequence[Sentence],
    *,
    method: str | Ranker = "lexrank",
    n_sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    redundancy: float | None = DEFAULT_REDUNDANCY,
    diversity: float = 0.0,
    min_words: int = 0,
    random_state: int | None = 0,
    max_ranked: int | None = MAX_RANKED,
    faithful: bool = True,
    documents: Mapping[str, Sequence[Sentence]] | None = None,
    paraphrase: float | str | None = "auto",
    embedder: Any = None,
    **params: Any,
) -> Summary:
    """Summarise a set of sentences, possibly from many documents.

    This is the multi-document entry point (a theme's sentences from many
    articles): ranking sees all candidates together (IDF over them), and
    redundancy control works across documents, so a sentence repeated or
    restated in another article (or within one) is chosen at most once.

    Parameters
    ----------
    sentences : sequence of Sentence (or of passages)
        The candidates, in the order the summary should follow (e.g. by
        document, then offset). Passages (:class:`nlptools.document.Passage`)
        contribute their sentences. Headings are dropped.
    method : str or Ranker, default="lexrank"
        A name from :func:`~.registry.method_names` (``lead``, ``random``,
        ``centroid``, ``textrank``, ``lexrank``, ``sumy-lsa``, ...).
    n_sentences, words, ratio : optional
        Length: a sentence count, a word budget, or a fraction of the
        candidates; at most one (default 3 sentences).
    redundancy : float in (0, 1] or None, default=0.6
        A candidate whose IDF-weighted containment similarity with a chosen
        sentence reaches this is skipped; ``None`` turns the check off.
    diversity : float in [0, 1), default=0
        Maximal-marginal-relevance trade-off (0: by score alone).
    min_words : int, default=0
        Never choose sentences shorter than this (unless nothing else is left).
    random_state : int, numpy.random.RandomState or None, default=0
        Seed for methods that draw at random (``None``: a fresh seed, see
        :class:`~.types.Ranker`).
    max_ranked : int or None, default=MAX_RANKED
        With more candidates than this, a ranker that is not linear (every
        method but lead, random and centroid) ranks only the this-many most
        central ones (centroid score), with a warning; the others score
        ``-inf``. ``None``: no limit.
    faithful : bool, default=True
        Never quote a sentence that leans on the one before it ("However,
        ...", "He said ...", "The move ...": :mod:`.faithful`) without that
        sentence: the two are chosen together (both count in the length) or
        the dependent one is not chosen.
    documents : mapping of str to sequence of Sentence, optional
        Every sentence of each candidate's document by document id
        (``{d.id: d.sentences}``), when the candidates are only part of their
        documents (see :func:`.faithful.antecedents`).
    paraphrase : float in (0, 1], "auto" or None, default="auto"
        Never choose a sentence whose meaning vector (``embedder``) has at
        least this cosine with one already chosen: the same fact in other
        words (:data:`.select.PARAPHRASE`, 0.75, was measured on BBC and the
        seeds). ``"auto"``: 0.75 when the candidates come from two documents
        or more (where a fact is retold) and ``redundancy`` is not None, off
        within one document (0.06 % of BBC same-article pairs reach it, and
        embedding costs more than ranking); ``None``: off.
    embedder : Embedder, optional
        Sentence vectors for ``paraphrase`` (default: :func:`nlptools.embed.default_embedder`).
    **params
        Parameters of the ranker.

    Returns
    -------
    Summary
        Iterating yields :class:`SummarySentence` s (``text``, ``document``,
        ``start``, ``end``, ``score``) in input order; ``summary.scores``
        holds every candidate's score.

    Examples
    --------
    >>> from nlptools.corpus import Corpus
    >>> from nlptools.cleaning import clean_corpus
    >>> docs = clean_corpus(Corpus.from_path("seeds"))  # doctest: +SKIP
    >>> pool = [s for d in docs for s in d.body]  # doctest: +SKIP
    >>> for item in summarize_sentences(pool, words=120):  # doctest: +SKIP
    ...     print(item.document, item.start, item.end, item.text)
    """
    length = Length.of(n_sentences, words, ratio)
    check_selection_params(redundancy, diversity, min_words, paraphrase)
    sents = tuple(s for s in check_sentences(sentences) if not s.heading)
    ranker = get_ranker(method, random_state=random_state, **params)
    name = ranker.name
    if not sents:
        return Summary(method=name, sentences=(), candidates=(), scores=np.zeros(0))
    texts = [s.text for s in sents]
    need_features = ranker.uses_features or redundancy is not None or diversity > 0
    features = SentenceFeatures.build(texts) if need_features else None
    _check_max_ranked(max_ranked)
    if max_ranked is not None and _narrowed(ranker, len(sents), max_ranked):
        scores = _rank_most_central(ranker, sents, texts, features, max_ranked)
    else:
        scores = np.asarray(ranker.rank(sents, features if ranker.uses_features else None), dtype=np.float64)
    chains = Antecedents(sents, documents) if faithful else None
    cap = _paraphrase_cap(paraphrase, sents, redundancy)
    vectors = _vectors(embedder, [texts])[0] if cap is not None else None
    return _summary(
        ranker, sents, texts, scores, length, features, redundancy, diversity, min_words, chains, vectors, cap
    )


def summarize_many(
    sentence_sets: Sequence[Sequence[Sentence]],
    *,
    method: str | Ranker = "lexrank",
    n_sentences: int | Sequence[int] | None = None,
    words: int | Sequence[int] | None = None,
    ratio: float | Sequence[float] | None = None,
    redundancy: float | None = DEFAULT_REDUNDANCY,
    diversity: float = 0.0,
    min_words: int = 0,
    random_state: int | None = 0,
    max_ranked: int | None = MAX_RANKED,
    faithful: bool = True,
    paraphrase: float | str | None = "auto",
    embedder: Any = None,
    **params: Any,
) -> list[Summary]:
    """Summarise many sets of sentences, each on its own, in one batch.

    The result equals ``[summarize_sentences(s, ...) for s in sentence_sets]``
    (same sentences, same scores), but the work is shared: features of all
    sets are built in one pass (:meth:`SentenceFeatures.build_many`) and
    graph rankers solve same-sized sets as one stack
    (:meth:`~.types.Ranker.rank_many`). This is how a folder of articles is
    summarised one article at a time. Each set keeps its own IDF and graph:
    no set sees another's sentences.

    Parameters
    ----------
    sentence_sets : sequence of sequence of Sentence (or of passages)
        The candidates of each summary (e.g. each article's sentences).
    n_sentences, words, ratio : int, float or sequence of them, optional
        Length, as in :func:`summarize_sentences`: one value for every set, or
        a sequence with one value per set.
    method, redundancy, diversity, min_words, random_state, max_ranked, faithful, paraphrase, embedder, **params
        As in :func:`summarize_sentences` (each set is taken as whole documents;
        the vectors of every set needing them are encoded in one call).

    Returns
    -------
    list of Summary
        One per set, in order.

    Examples
    --------
    >>> from nlptools.cleaning import clean_document
    >>> from nlptools.corpus import Document
    >>> a = clean_document(Document(id="a", text="Kim met Putin. They talked about arms. Kim left."))
    >>> b = clean_document(Document(id="b", text="Troops moved north. Drones struck. Talks stalled."))
    >>> [s.texts for s in summarize_many([a.body, b.body], method="lead", n_sentences=[1, 2])]
    [['Kim met Putin.'], ['Troops moved north.', 'Drones struck.']]
    """
    if isinstance(sentence_sets, (str, bytes)) or not isinstance(sentence_sets, Sequence):
        sentence_sets = _as_list(sentence_sets)
    n_sets = len(sentence_sets)
    lengths = _lengths(n_sets, n_sentences, words, ratio)
    check_selection_params(redundancy, diversity, min_words, paraphrase)
    _check_max_ranked(max_ranked)
    ranker = get_ranker(method, random_state=random_state, **params)
    prepared = [
        tuple(s for s in check_sentences(ss, f"sentence_sets[{i}]") if not s.heading)
        for i, ss in enumerate(sentence_sets)
    ]
    texts = [[s.text for s in sents] for sents in prepared]
    need_features = ranker.uses_features or redundancy is not None or diversity > 0
    features: list[SentenceFeatures | None] = (
        list(SentenceFeatures.build_many(texts)) if need_features else [None] * n_sets
    )
    together = [i for i, sents in enumerate(prepared) if sents and not _narrowed(ranker, len(sents), max_ranked)]
    scores: dict[int, np.ndarray] = {}
    ranked = ranker.rank_many(
        [prepared[i] for i in together],
        [features[i] for i in together] if ranker.uses_features else None,  # type: ignore[misc]
    )
    for i, got in zip(together, ranked):
        scores[i] = np.asarray(got, dtype=np.float64)
    caps = [_paraphrase_cap(paraphrase, sents, redundancy) for sents in prepared]
    semantic = [i for i, c in enumerate(caps) if c is not None]
    vectors: dict[int, np.ndarray] = dict(zip(semantic, _vectors(embedder, [texts[i] for i in semantic])))
    out: list[Summary] = []
    for i, sents in enumerate(prepared):
        if not sents:
            out.append(Summary(method=ranker.name, sentences=(), candidates=(), scores=np.zeros(0)))
            continue
        sc = scores.get(i)
        if sc is None:
            sc = _rank_most_central(ranker, sents, texts[i], features[i], max_ranked)  # type: ignore[arg-type]
        chains = Antecedents(sents) if faithful else None
        out.append(
            _summary(
                ranker,
                sents,
                texts[i],
                sc,
                lengths[i],
                features[i],
                redundancy,
                diversity,
                min_words,
                chains,
                vectors.get(i),
                caps[i],
            )
        )
    return out


def _paraphrase_cap(
    paraphrase: float | str | None, sents: Sequence[Sentence], redundancy: float | None
) -> float | None:
    """The cosine cap for these candidates.

    ``"auto"``: :data:`PARAPHRASE` across documents when redundancy control is on, else none.
    """
    if paraphrase is None or len(sents) < 2:
        return None
    if paraphrase == "auto":
        if redundancy is None:
            return None
        first = sents[0].document
        return PARAPHRASE if any(s.document != first for s in sents) else None
    return float(paraphrase)


def _vectors(embedder: Any, text_sets: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """Unit semantic vectors of each set of texts, encoded in one call."""
    if not text_sets:
        return []
    from ..embed import as_embedder

    flat = [t for texts in text_sets for t in texts]
    v = np.asarray(as_embedder(embedder).encode(flat), dtype=np.float32)
    bounds = np.cumsum([0] + [len(t) for t in text_sets])
    return [v[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _as_list(sets: Any) -> list[Any]:
    if isinstance(sets, (str, bytes)):
        raise ParameterError("sentence_sets: expected a sequence of sentence sets, got a string")
    try:
        return list(sets)
    except TypeError:
        raise ParameterError(
            f"sentence_sets: expected a sequence of sentence sets, got {type(sets).__name__}"
        ) from None


def _lengths(n_sets: int, n_sentences: Any, words: Any, ratio: Any) -> list[Length]:
    """One :class:`Length` per set from scalars or per-set sequences."""
    columns = []
    for name, value in (("n_sentences", n_sentences), ("words", words), ("ratio", ratio)):
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            if len(value) != n_sets:
                raise ParameterError(f"{name}: {len(value)} values for {n_sets} sentence sets")
            columns.append(list(value))
        else:
            columns.append([value] * n_sets)
    cache: dict[tuple[Any, Any, Any], Length] = {}
    out = []
    for key in zip(*columns):
        if key not in cache:
            cache[key] = Length.of(*key)
        out.append(cache[key])
    return out


def _check_max_ranked(max_ranked: Any) -> None:
    if max_ranked is not None and (isinstance(max_ranked, bool) or not isinstance(max_ranked, int) or max_ranked < 1):
        raise ParameterError(f"max_ranked: must be a positive integer or None, got {max_ranked!r}")


def _narrowed(ranker: Ranker, n: int, max_ranked: int | None) -> bool:
    """Whether ``ranker`` ranks only the most central of ``n`` candidates (see :data:`MAX_RANKED`)."""
    return max_ranked is not None and n > max_ranked and not ranker.linear


def _summary(
    ranker: Ranker,
    sents: tuple[Sentence, ...],
    texts: Sequence[str],
    scores: np.ndarray,
    length: Length,
    features: SentenceFeatures | None,
    redundancy: float | None,
    diversity: float,
    min_words: int,
    chains: Sequence[tuple[int, ...] | None] | None = None,
    vectors: np.ndarray | None = None,
    paraphrase: float | None = None,
) -> Summary:
    """Select from ``scores`` and wrap the chosen sentences with their scores and ranks."""
    n = len(sents)
    if scores.shape != (n,):
        raise ParameterError(f"method {ranker.name!r}: returned {scores.shape} scores for {n} sentences")
    if chains is not None and not np.isfinite(scores).all():
        # an antecedent left unranked (see MAX_RANKED) is left out, and so is what leans on it
        bad = ~np.isfinite(scores)
        chains = [c if c is None or not any(bad[j] for j in c) else None for c in list(chains)]
    chosen = select(
        scores,
        texts,
        length,
        features=features,
        redundancy=redundancy,
        diversity=diversity,
        min_words=min_words,
        antecedents=chains,
        vectors=vectors,
        paraphrase=paraphrase if vectors is not None else None,
    )
    finite = scores if np.isfinite(scores).all() else np.where(np.isfinite(scores), scores, -np.inf)
    ranks = np.empty(n, dtype=np.int64)
    ranks[np.lexsort((np.arange(n), -finite))] = np.arange(n)
    score_list, rank_list = scores.tolist(), ranks.tolist()
    picked = tuple(SummarySentence(sents[i], score_list[i], i, rank_list[i]) for i in chosen)
    return Summary(method=ranker.name, sentences=picked, candidates=sents, scores=scores)


def _rank_most_central(
    ranker: Ranker,
    sents: Sequence[Sentence],
    texts: Sequence[str],
    features: SentenceFeatures | None,
    max_ranked: int = MAX_RANKED,
) -> np.ndarray:
    """Scores of ``ranker`` on the ``max_ranked`` most central sentences; ``-inf`` for the rest."""
    n = len(sents)
    feats = features if features is not None else SentenceFeatures.build(list(texts))
    central = np.asarray(CentroidRanker().rank(sents, feats), dtype=np.float64)
    central = np.where(np.isfinite(central), central, -np.inf)
    keep = np.sort(np.lexsort((np.arange(n), -central))[:max_ranked])  # best first, ties to the earlier
    where = sorted({s.document for s in sents})
    logger.warning(
        "%s: %d sentences, more than the %d that %s ranks at once; it ranks the %d most central "
        "(centroid similarity) and leaves the rest out",
        ", ".join(where[:3]) + (" and more" if len(where) > 3 else ""),
        n,
        max_ranked,
        ranker.name,
        max_ranked,
    )
    subset = [sents[i] for i in keep]
    sub_features = SentenceFeatures.build([texts[i] for i in keep]) if ranker.uses_features else None
    sub = np.asarray(ranker.rank(subset, sub_features), dtype=np.float64)
    if sub.shape != (len(subset),):
        raise ParameterError(f"method {ranker.name!r}: returned {sub.shape} scores for {len(subset)} sentences")
    scores = np.full(n, -np.inf)
    scores[keep] = sub
    return scores


def _as_clean(document: CleanDocument | Document | str) -> CleanDocument:
    if isinstance(document, CleanDocument):
        return document
    if isinstance(document, Document):
        return clean_document(document)
    if isinstance(document, str):
        return clean_document(Document(id="text", text=document, source="<text>"))
    raise ParameterError(
        f"document: expected a CleanDocument, Document, str or a sequence of Sentence, got {type(document).__name__}"
    )


def summarize(
    document: CleanDocument | Document | str | Sequence[Sentence],
    *,
    method: str | Ranker = "lexrank",
    n_sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    redundancy: float | None = DEFAULT_REDUNDANCY,
    diversity: float = 0.0,
    min_words: int = 0,
    random_state: int | None = 0,
    faithful: bool = True,
    paraphrase: float | str | None = "auto",
    embedder: Any = None,
    **params: Any,
) -> Summary:
    """Summarise one document (cleaned first if needed); headings are never chosen.

    Same parameters as :func:`summarize_sentences` (redundancy control on by
    default: a sentence restating a chosen one is skipped; pass
    ``redundancy=None`` for the plain top-ranked sentences, as benchmarks do).

    Examples
    --------
    >>> text = "Kim met Putin. They talked about arms. Kim went home by train. Putin flew back."
    >>> summarize(text, method="lead", n_sentences=2).texts
    ['Kim met Putin.', 'They talked about arms.']
    """
    if isinstance(document, (CleanDocument, Document, str)):
        sentences: Sequence[Sentence] = _as_clean(document).sentences
    else:
        sentences = document
    return summarize_sentences(
        sentences,
        method=method,
        n_sentences=n_sentences,
        words=words,
        ratio=ratio,
        redundancy=redundancy,
        diversity=diversity,
        min_words=min_words,
        random_state=random_state,
        faithful=faithful,
        paraphrase=paraphrase,
        embedder=embedder,
        **params,
    )


def summarize_documents(
    documents: Iterable[CleanDocument | Document],
    *,
    together: bool = False,
    **kwargs: Any,
) -> list[Summary]:
    """Summarise each document, or (``together=True``) all of them as one set.

    ``kwargs`` are those of :func:`summarize` (one document at a time) or
    :func:`summarize_sentences` (together).
    """
    cleaned = [_as_clean(d) for d in documents]
    if together:
        context = {d.id: d.sentences for d in cleaned}
        return [summarize_sentences([s for d in cleaned for s in d.sentences], documents=context, **kwargs)]
    return summarize_many([d.sentences for d in cleaned], **kwargs)
