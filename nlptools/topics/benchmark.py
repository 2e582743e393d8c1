"""Benchmarks of the topic models: the OCTIS BBC protocol and clustering against labels.

The logic of ``experiments/topics_octis_bbc.py``, ``experiments/themes_bbc_raw.py``
and ``experiments/themes_20ng.py`` lives here so it is tested once.

OCTIS protocol (BERTopic paper, Table 1): every model is fitted for ``k`` in
10, 20, 30, 40, 50 with seeds 0, 21, 42 on the pre-processed corpus; each
fit's top 10 words per topic are scored by NPMI (gensim ``c_npmi``, on the
corpus's own texts) and topic diversity TD@10, and the scores are averaged
over the 15 fits.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EmptyCorpusError, InputError, ParameterError
from ..vectorize import BowVectorizer
from ._base import TopicModel

logger = logging.getLogger(__name__)

__all__ = [
    "load_octis",
    "octis_models",
    "octis_protocol",
    "PUBLISHED_BBC",
    "document_labels",
    "labelled_agreement",
    "HEADER_LINE",
    "drop_header_sentences",
]

#: The BBC News row of BERTopic's Table 1 (Grootendorst 2022): NPMI, TD@10.
PUBLISHED_BBC = {
    "LDA": {"npmi": 0.014, "td": 0.577},
    "NMF": {"npmi": 0.012, "td": 0.549},
    "CTM": {"npmi": 0.094, "td": 0.819},
    "BERTopic": {"npmi": 0.167, "td": 0.794},
}


def load_octis(folder: str | Path) -> tuple[list[str], list[str], list[str]]:
    """An OCTIS pre-processed corpus: texts (space-separated tokens), partitions, labels.

    Reads ``corpus.tsv`` (``tokens<TAB>partition<TAB>label`` a line).
    """
    path = Path(folder) / "corpus.tsv"
    if not path.is_file():
        raise InputError(f"{path}: not found (expected an OCTIS dataset folder with corpus.tsv)")
    texts, parts, labels = [], [], []
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            fields = line.rstrip("\n").split("\t")
            if not fields[0].strip():
                logger.warning("%s:%d: empty document, skipped", path, n)
                continue
            texts.append(fields[0])
            parts.append(fields[1] if len(fields) > 1 else "")
            labels.append(fields[2] if len(fields) > 2 else "")
    if not texts:
        raise EmptyCorpusError(f"{path}: no documents")
    return texts, parts, labels


def _split(text: str) -> list[str]:
    return text.split()


def octis_models() -> dict[str, tuple[Callable[[int, int], TopicModel], dict[str, float | None]]]:
    """The models of the OCTIS benchmark: name -> (factory(k, seed), {reported name: relevance}).

    One fit can be reported under several term rankings (weights, or
    relevance with lambda 0.6, the value Sievert & Shirley (2014) found best
    for interpretation).
    """
    from .cluster import ClusterTopics
    from .lda import LdaTopics
    from .nmf import NmfTopics

    def tokens() -> BowVectorizer:  # the corpus is already tokenised
        return BowVectorizer(tokenizer=_split)

    def lda_vocab() -> BowVectorizer:  # LDA: drop words in < 10 documents or > 30% of them
        return BowVectorizer(tokenizer=_split, min_df=10, max_df=0.3)

    def gibbs_vocab() -> BowVectorizer:  # Gibbs LDA: drop words in < 10 documents or > 15% of them
        return BowVectorizer(tokenizer=_split, min_df=10, max_df=0.15)

    return {
        "lda": (
            lambda k, s: LdaTopics(
                n_topics=k,
                backend="gensim",
                alpha=0.1,
                eta=0.01,
                passes=3,
                iterations=30,
                chunksize=500,
                vectorizer=lda_vocab(),
                random_state=s,
            ),
            {"lda": None},
        ),
        "lda-sklearn": (
            lambda k, s: LdaTopics(
                n_topics=k,
                backend="sklearn",
                alpha=0.1,
                eta=0.01,
                passes=6,
                iterations=30,
                chunksize=500,
                vectorizer=lda_vocab(),
                random_state=s,
            ),
            {"lda-sklearn": None},
        ),
        # collapsed Gibbs sampling; eta 0.1 as Griffiths and Steyvers (2004), alpha learnt from the data
        "lda-gibbs": (
            lambda k, s: LdaTopics(
                n_topics=k,
                backend="tomotopy",
                alpha="auto",
                eta=0.1,
                sweeps=400,
                vectorizer=gibbs_vocab(),
                random_state=s,
            ),
            {"lda-gibbs": None},
        ),
        "nmf": (
            lambda k, s: NmfTopics(n_topics=k, sublinear_tf=True, vectorizer=tokens(), random_state=s),
            {"nmf": None, "nmf-relevance": 0.6},
        ),
        "kmeans": (
            lambda k, s: ClusterTopics(n_topics=k, vectorizer=tokens(), random_state=s),
            {"kmeans": None, "kmeans-relevance": 0.6},
        ),
    }


_TEXTS: list[str] = []


def _init_worker(texts: list[str]) -> None:
    global _TEXTS
    _TEXTS = texts


def _fit_one(model: str, k: int, seed: int) -> dict[str, Any]:
    factory, rankings = octis_models()[model]
    t0, c0 = time.perf_counter(), time.process_time()
    est = factory(k, seed).fit(_TEXTS)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    tops = {name: est.top_terms(25, relevance=lam) for name, lam in rankings.items()}
    return {"model": model, "k": k, "seed": seed, "fit_seconds": wall, "fit_cpu_seconds": cpu, "tops": tops}


def octis_protocol(
    texts: Sequence[str],
    *,
    models: Iterable[str] | None = None,
    ks: Sequence[int] = (10, 20, 30, 40, 50),
    seeds: Sequence[int] = (0, 21, 42),
    workers: int = 2,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the OCTIS protocol; returns ``(metrics, topics)`` ready for JSON.

    Parameters
    ----------
    texts : sequence of str
        Documents as space-separated tokens (:func:`load_octis`).
    models : iterable of str, optional
        Names from :func:`octis_models` (default: all).
    ks, seeds : sequences of int
    workers : int, default=2
        Processes fitting models in parallel (each single-threaded).

    Returns
    -------
    metrics : dict
        Per reported model: ``fits`` (k, seed, npmi, td10, td25, fit_seconds,
        fit_cpu_seconds) and ``mean_npmi``, ``mean_td10``, ``mean_td25``,
        ``mean_fit_seconds``; plus the protocol and the published row.
    topics : dict
        Per reported model, per fit (``k{k}-seed{seed}``): the top 10 words of every topic.
    """
    import multiprocessing as mp

    from ..evaluate.topics import CoherenceScorer, topic_diversity

    available = octis_models()
    names = list(models) if models is not None else list(available)
    unknown = [m for m in names if m not in available]
    if unknown:
        raise ParameterError(f"models: unknown {', '.join(unknown)} (known: {', '.join(available)})")
    texts = list(texts)
    t_start = time.perf_counter()
    jobs = [(m, k, s) for m in names for k in ks for s in seeds]
    scored: list[list[tuple[str, dict[str, Any], list[list[str]]]]] = [[] for _ in jobs]

    def score(i: int, r: dict[str, Any]) -> None:
        for name, tops in r["tops"].items():
            top10 = [t[:10] for t in tops]
            fit = {
                "k": r["k"],
                "seed": r["seed"],
                "npmi": scorer.score(top10).mean,
                "td10": topic_diversity(top10, 10),
                "td25": topic_diversity(tops, 25),
                "fit_seconds": round(r["fit_seconds"], 3),
                "fit_cpu_seconds": round(r["fit_cpu_seconds"], 3),
            }
            scored[i].append((name, fit, top10))

    if workers > 1:
        ctx = mp.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(texts,)
        ) as pool:
            futures = {pool.submit(_fit_one, *job): i for i, job in enumerate(jobs)}
            # prime and score coherence in this process while the workers fit, each fit as it lands
            scorer = CoherenceScorer([t.split() for t in texts], measure="c_npmi", topn=10)
            scorer.prime(sorted({w for t in texts for w in t.split()}))
            for f in as_completed(futures):
                score(futures[f], f.result())
    else:
        _init_worker(texts)
        scorer = CoherenceScorer([t.split() for t in texts], measure="c_npmi", topn=10)
        scorer.prime(sorted({w for t in texts for w in t.split()}))
        for i, job in enumerate(jobs):
            score(i, _fit_one(*job))
    metrics: dict[str, Any] = {}
    topics: dict[str, Any] = {}
    for (_, k, seed), rows in zip(jobs, scored):  # job order, whatever order the fits landed in
        for name, fit, top10 in rows:
            metrics.setdefault(name, {"fits": []})["fits"].append(fit)
            topics.setdefault(name, {})[f"k{k}-seed{seed}"] = top10
    for m in metrics.values():
        fits = m["fits"]
        for key in ("npmi", "td10", "td25", "fit_seconds"):
            m[f"mean_{key}"] = float(np.mean([f[key] for f in fits]))
    summary = {
        "protocol": {
            "ks": list(ks),
            "seeds": list(seeds),
            "topn": 10,
            "coherence": "gensim c_npmi, window 10, processes=1, on the corpus texts",
            "n_documents": len(texts),
            "workers": workers,
        },
        "published_bbc_bertopic_table1": PUBLISHED_BBC,
        "models": metrics,
        "total_seconds": round(time.perf_counter() - t_start, 1),
    }
    return summary, topics


# --------------------------------------------------------------------------- labelled corpora

#: A mail/news header line (as left inside bodies by forwarded or quoted posts).
HEADER_LINE = re.compile(
    r"(?im)^\s*(newsgroups|path|xref|followup-to|x-original-newsgroups|distribution|message-id|references|"
    r"nntp-posting-host|organization|sender|reply-to|from|subject|keywords|summary|lines|approved|"
    r"article-i\.d\.)\s*:"
)


def drop_header_sentences(docs: Iterable[Any]) -> tuple[list[Any], int]:
    """Clean documents without the sentences that hold a header line (``Newsgroups:``, ``Path:``...).

    Cleaning removes a post's own headers; this also drops header blocks
    quoted inside bodies, which would leak a newsgroup's name. Returns the
    new documents and the number of sentences dropped.
    """
    from dataclasses import replace

    out, dropped = [], 0
    for d in docs:
        keep = tuple(s for s in d.sentences if not HEADER_LINE.search(s.text))
        dropped += len(d.sentences) - len(keep)
        out.append(replace(d, sentences=keep))
    return out, dropped


def document_labels(model: TopicModel) -> np.ndarray:
    """A hard topic per training document: the cluster, or the heaviest topic."""
    labels = getattr(model, "labels_", None)
    if labels is not None:
        return np.asarray(labels)
    W = model.doc_topic_
    out = W.argmax(axis=1)
    out[W.sum(axis=1) == 0] = -1
    return out


def labelled_agreement(
    documents: Sequence[Any],
    labels: Sequence[str],
    *,
    methods: Iterable[str],
    k: int,
    seeds: Sequence[int] = (0,),
    vectorizer: BowVectorizer | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Fit each method on whole documents and score its clusters against ``labels``.

    Parameters
    ----------
    documents : sequence of CleanDocument (or texts)
    labels : sequence of str
    methods : iterable of str
        Names for :func:`~nlptools.topics.select.make_model`.
    k : int
    seeds : sequence of int
    vectorizer : BowVectorizer, optional
    params : mapping of method to extra model parameters, optional

    Returns
    -------
    dict
        Per method: per seed NMI, ARI, purity, fit seconds, top terms; and the means.
    """
    from ..evaluate.clustering import agreement
    from .select import make_model

    if len(documents) != len(labels):
        raise ParameterError(f"labels: {len(labels)} labels for {len(documents)} documents")
    out: dict[str, Any] = {}
    for method in methods:
        runs = []
        for seed in seeds:
            model = make_model(
                method, n_topics=k, random_state=seed, vectorizer=vectorizer, **dict((params or {}).get(method, {}))
            )
            t0 = time.perf_counter()
            model.fit(documents)
            seconds = time.perf_counter() - t0
            pred = document_labels(model)
            scores = agreement(labels, pred)
            runs.append({"seed": seed, **scores, "fit_seconds": round(seconds, 3), "top_terms": model.top_terms(8)})
            logger.info(
                "%s seed %d: NMI %.3f ARI %.3f purity %.3f (%.1fs)",
                method,
                seed,
                scores["nmi"],
                scores["ari"],
                scores["purity"],
                seconds,
            )
        out[method] = {
            "runs": runs,
            **{f"mean_{m}": float(np.mean([r[m] for r in runs])) for m in ("nmi", "ari", "purity")},
        }
    return out


def load_labelled_folder(
    path: str | Path, *, suffixes: Sequence[str] | None = None, label_level: int = -2
) -> tuple[list[Any], list[str], int]:
    """Clean the documents of a labelled folder tree; the label is a folder in each document's id.

    Parameters
    ----------
    path : path-like
        ``path/<label>/<file>`` (BBC) or ``path/<split>/<label>/<file>`` (20 Newsgroups).
    suffixes : sequence of str, optional
        File suffixes to read (``[""]`` for files without one).
    label_level : int, default=-2
        Which component of the id (split on ``/``) is the label.

    Returns
    -------
    documents : list of CleanDocument
        Without sentences holding header lines (:func:`drop_header_sentences`).
    labels : list of str
    dropped : int
        Sentences dropped as header lines.
    """
    from ..cleaning import clean_corpus
    from ..corpus import Corpus

    corpus = Corpus.from_path(path, suffixes=suffixes)
    docs, dropped = drop_header_sentences(clean_corpus(corpus))
    docs = [d for d in docs if any(not s.heading for s in d.sentences)]
    labels = []
    for d in docs:
        parts = d.id.split("/")
        if len(parts) < -label_level:
            raise InputError(f"{path}: document {d.id!r} is not in a label folder")
        labels.append(parts[label_level])
    return docs, labels, dropped
