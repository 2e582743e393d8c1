"""The main job on a corpus of any size: fit the themes on a sample, then stream every article through them.

The corpus is read once to draw a sample: the ``fit_size`` articles (2,000
by default) with the smallest hash of their id (:func:`uniform_sample`: a
uniform sample that does not depend on the order of the files, the number
of workers or the machine). A corpus no larger than that is the sample
itself and is digested in memory, exactly as
:func:`nlptools.digest.build_digest` does. A larger one is read a second
time, article by article, and never held:

1. **Fit.** The sampled articles are cleaned, their duplicates dropped
   (:mod:`nlptools.duplicates`), and the themes found on them as on a small
   corpus: the number of themes, the vocabulary, the model and the naming
   are all chosen on the sample (:func:`~nlptools.themes.find_themes`).
2. **Place every article.** The corpus is read again in chunks of
   ``chunk_size`` articles; each chunk is cleaned and placed in the fitted
   themes (:meth:`~nlptools.themes.model.ThemeModel.transform`) by a worker
   (:mod:`nlptools.parallel`: this process, ``jobs`` local processes, or a
   Dask cluster). Back in input order, the main process counts each theme's
   articles, writes one JSON line per article (its theme weights and main
   theme) to ``records``, and keeps, per theme, the ``candidates`` sentences
   most firmly in it (a bounded heap; ties broken by a hash, so the
   candidates spread over the corpus) and the articles they come from.
   An article whose words repeat an earlier one's exactly is counted once.
3. **Digest.** Each theme's candidates are summarised as in the in-memory
   job (:func:`nlptools.digest.digest_themes`): faithful spans, coverage,
   no repeats across themes.

What is held is bounded by ``fit_size``, ``chunk_size x jobs`` and
``candidates x k`` articles, plus 8 bytes per article for the repeat check.
Themes over time and the map of ``explore.html`` are drawn from the fit
sample (a uniform sample: its shares estimate the corpus's).

Near-duplicates (not exact repeats) are caught within the sample only.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from .document import CleanDocument, Document
from .errors import EmptyCorpusError, ParameterError
from .parallel import check_jobs, chunked, executor

logger = logging.getLogger(__name__)

__all__ = [
    "digest_corpus",
    "stream_themes",
    "uniform_sample",
    "sample_key",
    "DEFAULT_FIT_SIZE",
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_CANDIDATES",
]

#: Articles the themes are fitted on; a corpus this small or smaller is digested in memory. Measured
#: (discovered themes against the labels, NMI, main theme per article): 20 Newsgroups test (7,532 posts,
#: k = 20) 0.462 with 2,000, 0.449 with 4,000, 0.455 in memory; AG News test (7,600, k = 4) 0.558,
#: 0.571, 0.576, at 31 s / 43 s / 55 s for the posts: 2,000 loses at most 0.02 for the lowest cost.
DEFAULT_FIT_SIZE = 2000
#: Articles a worker cleans and places at a time (fixed: results do not depend on the workers).
DEFAULT_CHUNK_SIZE = 250
#: Sentences kept per theme for its digest.
DEFAULT_CANDIDATES = 400
#: Articles listed per theme in the outputs (all are counted; every article's weights are in ``records``).
LISTED_DOCUMENTS = 50

_WORD = re.compile(r"\w+")
#: Exact repeats reported one by one up to this many; then only counted.
_REPORTED_REPEATS = 20


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def sample_key(doc_id: str) -> int:
    """The article's place in the uniform sample: the ``fit_size`` smallest keys are fitted on (a hash of its id)."""
    return _hash64(doc_id)


def uniform_sample(documents: Iterable[Document], size: int) -> tuple[list[Document], int]:
    """The ``size`` documents with the smallest :func:`sample_key` (ties: the earlier), in input order, and the count.

    One pass, holding at most ``size`` documents: a uniform sample that does
    not depend on the order of the files or on the machine, and the whole
    corpus when it has ``size`` documents or fewer.
    """
    heap: list[tuple[int, int, Document]] = []  # (-key, -position, doc): the largest key on top
    n = 0
    for position, doc in enumerate(documents):
        n += 1
        item = (-sample_key(doc.id), -position, doc)
        if len(heap) < size:
            heapq.heappush(heap, item)
        elif item[:2] > heap[0][:2]:
            heapq.heapreplace(heap, item)
    return [doc for _, _, doc in sorted(heap, key=lambda t: -t[1])], n


def _fingerprint(doc: CleanDocument) -> int:
    """A key equal for two articles with the same words (case and punctuation aside)."""
    return _hash64(" ".join(_WORD.findall(doc.clean_text().lower())))


# --------------------------------------------------------------------------- worker functions


def clean_chunk(docs: list[Document]) -> list[CleanDocument | str]:
    """Clean a chunk of articles; an article left with no sentence becomes a warning line (str)."""
    from .cleaning import Cleaner

    cleaner = Cleaner()
    out: list[CleanDocument | str] = []
    for doc in docs:
        clean = cleaner(doc)
        out.append(
            clean
            if clean.body
            else f"{doc.source or doc.id}: skipped, no sentence left after cleaning (only furniture?)"
        )
    return out


@dataclass(frozen=True)
class Placed:
    """One article cleaned and placed in the fitted themes: what a worker sends back, kept small."""

    id: str
    #: equal for two articles with the same words (the repeat check)
    fingerprint: int
    #: theme weights, in the model's theme order
    weights: tuple[float, ...]
    #: the article's JSON line: its record (digest) or its document entry (themes)
    line: str
    #: (theme index, weight, tie-breaking hash, sentence index) of each body sentence placed in a theme
    candidates: tuple[tuple[int, float, int, int], ...]
    #: the clean article, sent only when one of its sentences is among its chunk's best of a theme
    doc: CleanDocument | None


_MODELS: dict[str, Any] = {}

#: Sentence vectors a worker keeps: each sentence of a streamed corpus is seen once, so a small cache is enough.
_STREAM_CACHE = 1000

#: What a worker needs to place articles: the theme model's ``model.json`` content, its arrays, the
#: embedder, and the fit sample's articles already placed by the fit (id -> clean article, its themes).
ModelState = tuple[Mapping[str, Any], Mapping[str, np.ndarray], Any, Mapping[str, tuple[CleanDocument, Any]]]


def _model_state(model: Any, fitted: Any = None, sample: Sequence[CleanDocument] = ()) -> ModelState:
    """The fitted theme model as plain data for the workers, with an embedder whose cache stays small.

    With ``fitted`` (the fit's ThemeResult) and its clean ``sample``, an article of the sample met again
    is not cleaned and placed a second time: its fit answer is used (the model gives the fit's answer
    for a training article, tested in ``tests/test_theme_model.py``).
    """
    from .embed import StaticEmbedder

    e = model.embedder
    if isinstance(e, StaticEmbedder):
        e = StaticEmbedder(model=e.model, dim=e.dim, max_chars=e.max_chars, cache_size=_STREAM_CACHE)
    known: dict[str, tuple[CleanDocument, Any]] = {}
    if fitted is not None:
        by_id = {d.id: d for d in sample}
        for dt in fitted.documents:
            if dt.id in by_id:
                known[dt.id] = (by_id[dt.id], dt)
    return (model.meta, model.arrays, e, known)


def _model(state: ModelState) -> Any:
    """The theme model of ``state``, built once per worker process."""
    from .themes.model import ThemeModel

    meta, arrays, embedder, _ = state
    key = hashlib.sha256(json.dumps(meta, sort_keys=True, default=str).encode()).hexdigest()
    if key not in _MODELS:
        _MODELS.clear()
        _MODELS[key] = ThemeModel(meta, arrays, embedder=embedder)
    return _MODELS[key]


def place_chunk(docs: list[Document], state: ModelState, size: int, output: str) -> list[Placed | str]:
    """Clean a chunk of articles and place them in the themes of the fitted model ``state``.

    Each article comes back as a :class:`Placed` with its JSON line made here
    (``output``: ``"record"`` for ``documents.jsonl``, ``"entry"`` for the
    themes JSON) and its candidate sentences; the clean article itself only
    when one of its sentences is among the chunk's ``size`` best of a theme
    (the corpus's best are among the chunks' best, so the digest never lacks
    one; a repeat dropped later can let in a sentence whose article was not
    sent, and that article is read again at the end).
    """
    from .outputs import dumps_json

    model = _model(state)
    known = state[3]
    names = list(model.names)
    # an article of the fit sample (the same article, not only the same id) keeps the fit's answer
    done = {d.id: known[d.id] for d in docs if d.id in known and known[d.id][0].document == d}
    fresh = iter(clean_chunk([d for d in docs if d.id not in done]))
    cleaned = [done[d.id][0] if d.id in done else next(fresh) for d in docs]
    clean = [c for c in cleaned if isinstance(c, CleanDocument)]
    if not clean:
        return [c for c in cleaned if isinstance(c, str)]  # only warning lines
    todo = [c for c in clean if c.id not in done]
    themes = {dt.id: dt for dt in model.transform(todo).documents} if todo else {}
    themes.update({i: dt for i, (_, dt) in done.items()})
    index = {name: i for i, name in enumerate(names)}
    rows = []
    best: list[list[tuple[float, int, int]]] = [[] for _ in names]  # per theme: (weight, hash, position)
    for pos, doc in enumerate(clean):
        dt = themes[doc.id]
        weights = tuple(float(dt.weights.get(name, 0.0)) for name in names)
        sentences = tuple(
            (st.index, index[st.theme] if st.theme is not None else -1, float(st.weight)) for st in dt.sentences
        )
        cands = tuple(
            (theme, round(w, 6), _hash64(f"{doc.id}\x00{i}"), i)
            for i, theme, w in sentences
            if theme >= 0 and not doc.sentences[i].heading
        )
        for theme, w, h, _ in cands:
            heap = best[theme]
            if len(heap) < size:
                heapq.heappush(heap, (w, h, pos))
            elif (w, h, pos) > heap[0]:
                heapq.heapreplace(heap, (w, h, pos))
        if output == "entry":
            line = dumps_json(_document_entry(doc, weights, sentences, names), indent=None).rstrip()
        else:
            line = _record(doc, weights, names)
        rows.append((doc, weights, line, cands))
    needed = {pos for heap in best for _, _, pos in heap}
    placed = {
        doc.id: Placed(doc.id, _fingerprint(doc), weights, line, cands, doc if pos in needed else None)
        for pos, (doc, weights, line, cands) in enumerate(rows)
    }
    return [placed[c.id] if isinstance(c, CleanDocument) else c for c in cleaned]


# --------------------------------------------------------------------------- the reduction


class _Candidates:
    """Per theme, the ``size`` sentences most firmly in it, and the articles they come from."""

    def __init__(self, k: int, size: int) -> None:
        self.size = size
        self.heaps: list[list[tuple[float, int, int, int]]] = [[] for _ in range(k)]
        self.docs: dict[int, CleanDocument] = {}
        self.refs: dict[int, int] = {}
        self.positions: dict[int, int] = {}  # article order -> position in the corpus (to read it again)

    def offer(self, order: int, position: int, placed: Placed) -> None:
        for theme, weight, tie, index in placed.candidates:
            key = (weight, tie, order, index)
            heap = self.heaps[theme]
            if len(heap) < self.size:
                heapq.heappush(heap, key)
            elif key > heap[0]:
                out = heapq.heapreplace(heap, key)
                self._ref(out[2], -1)
            else:
                continue
            self._ref(order, +1)
            self.positions[order] = position
            if placed.doc is not None:
                self.docs[order] = placed.doc

    def _ref(self, order: int, step: int) -> None:
        n = self.refs.get(order, 0) + step
        if n <= 0:
            self.refs.pop(order, None)
            self.docs.pop(order, None)
            self.positions.pop(order, None)
        else:
            self.refs[order] = n

    def missing(self) -> dict[int, int]:
        """Corpus position -> article order of the candidates' articles that were not sent."""
        return {self.positions[o]: o for o in self.refs if o not in self.docs}

    def pool(self, theme: int) -> list[tuple[int, int, float]]:
        """``(article order, sentence index, weight)`` of the theme's candidates, in reading order."""
        return sorted((o, i, w) for w, _, o, i in self.heaps[theme])


class _Tally:
    """Each theme's article count, weight sum and heaviest articles."""

    def __init__(self, k: int) -> None:
        self.n = 0
        self.sums = np.zeros(k)
        self.counts = np.zeros(k, dtype=np.int64)
        self.top: list[list[tuple[float, int, str]]] = [[] for _ in range(k)]

    def add(self, order: int, placed: Placed) -> None:
        from .themes.assign import MIN_DOCUMENT_WEIGHT

        self.n += 1
        w = np.asarray(placed.weights)
        self.sums += w
        for i in np.flatnonzero(w >= MIN_DOCUMENT_WEIGHT):
            self.counts[i] += 1
            key = (round(float(w[i]), 6), -order, placed.id)
            heap = self.top[i]
            if len(heap) < LISTED_DOCUMENTS:
                heapq.heappush(heap, key)
            elif key > heap[0]:
                heapq.heapreplace(heap, key)

    def listed(self, theme: int) -> tuple[tuple[str, float], ...]:
        return tuple((d, w) for w, _, d in sorted(self.top[theme], reverse=True))


def _record(doc: CleanDocument, weights: tuple[float, ...], names: list[str]) -> str:
    """An article's line of ``documents.jsonl``: id, title, date, main theme, weights."""
    best = int(np.argmax(weights)) if any(weights) else -1
    return json.dumps(
        {
            "id": doc.id,
            "title": doc.title,
            "date": doc.date,
            "theme": names[best] if best >= 0 else None,
            "weights": {n: round(x, 4) for n, x in zip(names, weights)},
        },
        ensure_ascii=False,
    )


# --------------------------------------------------------------------------- the job


def _check(fit_size: Any, chunk_size: Any, candidates: Any) -> None:
    for name, value, low in (("fit_size", fit_size, 50), ("chunk_size", chunk_size, 1), ("candidates", candidates, 10)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ParameterError(f"{name}: must be a whole number >= {low}, got {value!r}")


def digest_corpus(
    corpus: Any,
    *,
    lexicon: Any = None,
    method: str | None = None,
    k: int | str | None = "auto",
    summarizer: str = "submodular",
    words: int = 120,
    random_state: int | None = 0,
    jobs: int = 1,
    scheduler: str | None = None,
    fit_size: int = DEFAULT_FIT_SIZE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    candidates: int = DEFAULT_CANDIDATES,
    records: IO[str] | None = None,
) -> Any:
    """Themes and a digest per theme for a corpus of any size (see :mod:`nlptools.stream`).

    Parameters
    ----------
    corpus : Corpus or re-iterable of Document
        Raw articles; read twice when larger than ``fit_size`` (``len`` must work).
    lexicon, method, k, summarizer, words, random_state
        As :func:`nlptools.digest.build_digest`.
    jobs : int, default=1
        Worker processes for cleaning and placing (``-1``: every core). The
        result does not depend on it.
    scheduler : str, optional
        ``"local"`` (a Dask ``LocalCluster`` of ``jobs`` workers) or a Dask
        scheduler address (:func:`nlptools.parallel.executor`).
    fit_size : int, default=2000
        Articles the themes are fitted on; a corpus no larger is digested in memory.
    chunk_size : int, default=250
        Articles per unit of work.
    candidates : int, default=400
        Sentences kept per theme for its digest (large corpora).
    records : text file, optional
        Where one JSON line per article (id, title, date, main theme, weights)
        is written, in input order (large corpora; a small one's
        ``digest.json`` holds the same).

    Returns
    -------
    Digest
    """
    from .digest import build_digest
    from .duplicates import deduplicate

    _check(fit_size, chunk_size, candidates)
    with executor(jobs, scheduler) as run:
        # pass 1 reads every article (its reading warnings are said here) and holds the sample only
        sample, n = uniform_sample(corpus, fit_size)
        if n <= fit_size:  # the whole corpus: digested in memory, read once
            docs = deduplicate(_cleaned(run, sample, chunk_size))
            return build_digest(
                docs, lexicon=lexicon, method=method, k=k, summarizer=summarizer, words=words, random_state=random_state
            )
        return _streamed(
            run,
            corpus,
            sample,
            n,
            lexicon,
            method,
            k,
            summarizer,
            words,
            random_state,
            chunk_size,
            candidates,
            records,
            check_jobs(jobs),
        )


def _quietly(corpus: Any) -> Iterator[Document]:
    """The corpus's documents without its reading warnings (for a pass whose documents another pass reports)."""
    quiet = getattr(corpus, "_iter", None)
    return quiet(quiet=True) if callable(quiet) else iter(corpus)


def _cleaned(run: Any, docs: Iterable[Document], chunk_size: int, *, quiet: bool = False) -> list[CleanDocument]:
    out: list[CleanDocument] = []
    seen = 0
    for chunk in run(clean_chunk, chunked(docs, chunk_size)):
        for item in chunk:
            seen += 1
            if isinstance(item, str):
                if not quiet:
                    logger.warning("%s", item)
            else:
                out.append(item)
    if seen and not out:
        raise EmptyCorpusError(
            f"no article left after cleaning: all {seen} document(s) held only furniture (bylines, credits, ...)"
        )
    return out


def fit_on_sample(
    run: Any,
    raw_sample: list[Document],
    n: int,
    *,
    lexicon: Any,
    method: str | None,
    k: int | str | None,
    random_state: int | None,
    chunk_size: int,
    theme_params: Mapping[str, Any] | None = None,
    n_jobs: int = 1,
) -> tuple[list[CleanDocument], Any, Any]:
    """The sample cleaned (quietly: pass 2 says the same) and deduplicated, and the themes fitted on it
    (model selection on ``n_jobs`` threads: :func:`~nlptools.themes.find_themes`).

    Returns
    -------
    sample : list of CleanDocument
    fitted : ThemeResult
        :func:`~nlptools.themes.find_themes` on the sample.
    model : ThemeModel
        The fitted themes, to place every article.
    """
    from .duplicates import deduplicate
    from .themes import find_themes
    from .themes.lexicon import as_lexicon
    from .themes.model import SAVABLE_METHODS, ThemeModel

    lex = as_lexicon(lexicon)
    method = method or ("semantic" if lex else "ensemble")
    if method not in SAVABLE_METHODS:
        raise ParameterError(
            f"method: {method!r} cannot place articles beyond its fit; on more than {len(raw_sample)} articles "
            "use 'semantic' (with a lexicon) or 'ensemble' (or raise the fit size)"
        )
    sample = deduplicate(_cleaned(run, raw_sample, chunk_size, quiet=True), warn=False)
    logger.info("themes fitted on a sample of %d of %d articles", len(sample), n)
    params = {"n_jobs": n_jobs, **dict(theme_params or {})}
    fitted = find_themes(sample, lexicon=lex, method=method, k=k, random_state=random_state, **params)
    return sample, fitted, ThemeModel.from_result(fitted)


class PlacedCorpus:
    """Pass 2: every article cleaned and placed in the fitted themes, in input order, word-for-word repeats once.

    Iterating yields ``(position in the corpus, Placed)``; :attr:`repeats`
    then counts the repeats left out.

    Parameters
    ----------
    run : the runner of :func:`nlptools.parallel.executor`
    corpus : re-iterable of Document
    model : ThemeModel
    chunk_size : int
    size : int
        Candidate sentences kept per theme (a chunk sends the articles of its best).
    output : {"record", "entry"}
        The JSON line made for each article (see :func:`place_chunk`).
    fitted : ThemeResult, optional
    sample : sequence of CleanDocument
        The fit and its clean sample: the sample's articles keep the fit's answer (:func:`_model_state`).
    """

    def __init__(
        self,
        run: Any,
        corpus: Any,
        model: Any,
        chunk_size: int,
        size: int,
        output: str,
        fitted: Any = None,
        sample: Sequence[CleanDocument] = (),
    ) -> None:
        self.run, self.corpus, self.model, self.chunk_size = run, corpus, model, chunk_size
        self.size, self.output = size, output
        self.fitted, self.sample = fitted, sample
        self.repeats = 0

    def __iter__(self) -> Iterator[tuple[int, Placed]]:
        state = _model_state(self.model, self.fitted, self.sample)
        seen: set[int] = set()
        docs = _quietly(self.corpus)  # pass 1 said the reading warnings
        chunks = self.run(place_chunk, chunked(docs, self.chunk_size), state, self.size, self.output)
        for c, chunk in enumerate(chunks):
            for i, item in enumerate(chunk):
                if isinstance(item, str):
                    logger.warning("%s", item)
                    continue
                if item.fingerprint in seen:
                    self.repeats += 1
                    if self.repeats <= _REPORTED_REPEATS:
                        logger.warning("%s: left out, repeats an earlier article word for word", item.id)
                    continue
                seen.add(item.fingerprint)
                yield c * self.chunk_size + i, item
        if self.repeats > _REPORTED_REPEATS:
            logger.warning("%d articles in all left out as word-for-word repeats", self.repeats)


def _read_again(corpus: Any, wanted: Mapping[int, int]) -> dict[int, CleanDocument]:
    """Article order -> clean article, for the corpus positions in ``wanted`` (one quiet pass, rarely needed)."""
    from .cleaning import Cleaner

    cleaner = Cleaner()
    found: dict[int, CleanDocument] = {}
    if not wanted:
        return found
    last = max(wanted)
    for position, doc in enumerate(_quietly(corpus)):
        if position in wanted:
            found[wanted[position]] = cleaner(doc)
        if position >= last:
            break
    return found


def _streamed(
    run: Any,
    corpus: Any,
    raw_sample: list[Document],
    n: int,
    lexicon: Any,
    method: str | None,
    k: int | str | None,
    summarizer: str,
    words: int,
    random_state: int | None,
    chunk_size: int,
    candidates: int,
    records: IO[str] | None,
    n_jobs: int,
) -> Any:
    from .digest import Digest, digest_themes

    sample, fitted, model = fit_on_sample(
        run,
        raw_sample,
        n,
        lexicon=lexicon,
        method=method,
        k=k,
        random_state=random_state,
        chunk_size=chunk_size,
        n_jobs=n_jobs,
    )
    names = list(model.names)
    # pass 2: every article placed, counted, recorded; candidates kept per theme
    tally = _Tally(len(names))
    pool = _Candidates(len(names), candidates)
    placed = PlacedCorpus(run, corpus, model, chunk_size, candidates, "record", fitted, sample)
    for order, (position, item) in enumerate(placed):
        tally.add(order, item)
        pool.offer(order, position, item)
        if records is not None:
            records.write(item.line + "\n")
    repeats = placed.repeats
    if not tally.n:
        raise EmptyCorpusError("no article left to digest")
    pool.docs.update(_read_again(corpus, pool.missing()))

    by_id = {d.id: d for d in pool.docs.values()}
    orders = {d.id: o for o, d in pool.docs.items()}
    share = tally.sums / tally.n
    themes = []
    for theme in fitted.themes:
        i = names.index(theme.name)
        pool_i = pool.pool(i)
        themes.append(
            (
                theme,
                float(share[i]),
                tally.listed(i),
                int(tally.counts[i]),
                [(pool.docs[o].sentences[s], w) for o, s, w in pool_i],
            )
        )
    digests = digest_themes(themes, by_id, orders, summarizer=summarizer, words=words, random_state=random_state)
    documents = dict(by_id)
    for d in sample:
        documents.setdefault(d.id, d)
    settings = {
        "method": fitted.method,
        "k": k if isinstance(k, int) else "auto",
        "summarizer": summarizer,
        "words": words,
        "redundancy": 0.6,
        "discovered": True,
        "random_state": random_state,
        "lexicon": str(lexicon) if isinstance(lexicon, str) else getattr(lexicon, "source", None),
        "streamed": {
            "n_documents": tally.n,
            "fit_sample": len(sample),
            "repeats": repeats,
            "chunk_size": chunk_size,
            "candidates": candidates,
        },
    }
    return Digest(themes=digests, theme_result=fitted, documents=documents, settings=settings)


# --------------------------------------------------------------------------- themes of a large corpus


def _r(x: float) -> float:
    return round(float(x), 4)


def _document_entry(
    doc: CleanDocument, weights: tuple[float, ...], sentences: tuple[tuple[int, int, float], ...], names: list[str]
) -> dict[str, Any]:
    """One article as ``ThemeResult.to_dict()`` gives it."""
    sents = doc.sentences
    return {
        "id": doc.id,
        "title": doc.title,
        "themes": {name: _r(w) for name, w in zip(names, weights)},
        "agreement": None,
        "sentences": [
            {
                "index": index,
                "start": sents[index].start,
                "end": sents[index].end,
                "theme": names[theme] if theme >= 0 else None,
                "weight": _r(weight),
                "heading": sents[index].heading,
            }
            for index, theme, weight in sentences
        ],
    }


def stream_themes(
    corpus: Any,
    write: Any,
    *,
    lexicon: Any = None,
    method: str | None = None,
    k: int | str | None = "auto",
    random_state: int | None = 0,
    jobs: int = 1,
    scheduler: str | None = None,
    fit_size: int = DEFAULT_FIT_SIZE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    fmt: str = "json",
    theme_params: Mapping[str, Any] | None = None,
) -> tuple[Any, list[CleanDocument]]:
    """``nlptools themes`` on a corpus larger than ``fit_size``: fitted on a sample, every article written as placed.

    The output has the keys of :meth:`~nlptools.themes.result.ThemeResult.to_dict`
    and is written piece by piece, never held: ``documents`` first (each
    article as it is placed), then ``themes`` (their weights are the mean
    article weights over the whole corpus; each lists its 50 heaviest
    articles and counts all of them in ``n_documents``), then ``streamed``
    (articles, fit sample, repeats left out). Markdown: the themes as
    fitted, the table of articles, then each theme's size.

    Parameters
    ----------
    corpus : Corpus or re-iterable of Document
        Read twice; ``len`` must work.
    write : callable
        Takes each piece of text (``sys.stdout.write``).
    lexicon, method, k, random_state, jobs, scheduler, fit_size, chunk_size
        As :func:`digest_corpus`.
    fmt : {"json", "text"}
    theme_params : mapping, optional
        More arguments for :func:`~nlptools.themes.find_themes` on the sample (``unit``, ``threshold``, ``stability``).

    Returns
    -------
    fitted : ThemeResult
        The themes of the fit sample (for its trends, or to save the model).
    sample : list of CleanDocument
    """
    from .outputs import dumps_json, escape_markdown

    _check(fit_size, chunk_size, DEFAULT_CANDIDATES)
    with executor(jobs, scheduler) as run:
        raw_sample, n = uniform_sample(corpus, fit_size)
        sample, fitted, model = fit_on_sample(
            run,
            raw_sample,
            n,
            lexicon=lexicon,
            method=method,
            k=k,
            random_state=random_state,
            chunk_size=chunk_size,
            theme_params=theme_params,
            n_jobs=check_jobs(jobs),
        )
        names = list(model.names)
        order = [names.index(t.name) for t in fitted.themes]
        head = fitted.to_dict()
        e = escape_markdown
        if fmt == "json":
            opening = {key: head[key] for key in ("method", "k", "unit", "random_state", "threshold", "k_sweep")}
            write(dumps_json(opening, indent=None).rstrip()[:-1] + ', "documents": [\n')
        else:
            write(f"# Themes ({e(fitted.method)}, k = {fitted.k}, unit = {e(fitted.unit)})\n\n")
            write(f"Fitted on a uniform sample of {len(sample)} of the {n} articles; every article placed.\n\n")
            for t in fitted.themes:
                kind = "seeded: " + ", ".join(e(w) for w in t.seed_words) if t.seeded else "discovered"
                write(f"## {e(t.name)} ({kind})\n\n")
                if t.description:
                    write(f"*{e(t.description)}*\n\n")
                if t.why:
                    write(f"Discovered theme {e(t.why)}.\n\n")
                write("Top terms: " + ", ".join(e(w) for w, _ in t.terms) + "\n\n")
            write("## Documents\n\n| document | " + " | ".join(e(names[i]) for i in order) + " |\n")
            write("|---|" + "---|" * len(order) + "\n")
        tally = _Tally(len(names))
        placed = PlacedCorpus(run, corpus, model, chunk_size, 1, "entry" if fmt == "json" else "record", fitted, sample)
        for number, (_, item) in enumerate(placed):
            tally.add(number, item)
            if fmt == "json":
                write(("" if number == 0 else ",\n") + item.line)
            else:
                cells = " | ".join(f"{item.weights[i]:.2f}" for i in order)
                write(f"| {e(item.id)} | {cells} |\n")
    if not tally.n:
        raise EmptyCorpusError("no article left to place in the themes")
    streamed = {"n_documents": tally.n, "fit_sample": len(sample), "repeats": placed.repeats, "chunk_size": chunk_size}
    themes = []
    for fitted_theme in head["themes"]:
        i = names.index(fitted_theme["name"])
        row = dict(fitted_theme)
        row["weight"] = _r(tally.sums[i] / tally.n)
        row["documents"] = [{"id": d, "weight": _r(w)} for d, w in tally.listed(i)]
        row["n_documents"] = int(tally.counts[i])
        themes.append(row)
    if fmt == "json":
        write('\n], "themes": ' + dumps_json(themes, indent=None).rstrip())
        write(', "streamed": ' + dumps_json(streamed, indent=None).rstrip() + "}\n")
    else:
        write("\n## Theme sizes\n\n| theme | articles | mean weight |\n|---|---|---|\n")
        for row in themes:
            write(f"| {e(row['name'])} | {row['n_documents']} | {row['weight']:.2f} |\n")
    return fitted, sample
