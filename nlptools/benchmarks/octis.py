"""The OCTIS topic-model benchmark: preprocessed corpora and the BERTopic paper's protocol.

OCTIS protocol (BERTopic paper, Table 1): every model is fitted for ``k`` in
10, 20, 30, 40, 50 with seeds 0, 21, 42 on the pre-processed corpus; each
fit's top 10 words per topic are scored by NPMI (gensim ``c_npmi``, on the
corpus's own texts) and topic diversity TD@10, and the scores are averaged
over the 15 fits.

The fits run in worker processes (:func:`octis_protocol` ``workers``); each
job gets the texts it fits as an argument (no state is left in the workers),
and the results are assembled in job order whatever order they land in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import EmptyCorpusError, InputError, ParameterError
from ..vectorize import BowVectorizer

if TYPE_CHECKING:
    from ..topics import TopicModel

logger = logging.getLogger(__name__)

__all__ = ["PUBLISHED_BBC", "load_octis", "split_tokens", "octis_models", "fit_job", "octis_protocol"]

#: The BBC News row of BERTopic's Table 1 (Grootendorst 2022): NPMI, TD@10.
PUBLISHED_BBC = {
    "LDA": {"npmi": 0.014, "td": 0.577},
    "NMF": {"npmi": 0.012, "td": 0.549},
    "CTM": {"npmi": 0.094, "td": 0.819},
    "BERTopic": {"npmi": 0.167, "td": 0.794},
}

#: A fit of the protocol: (model name, k, seed).
Job = tuple[str, int, int]


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


def split_tokens(text: str) -> list[str]:
    """Tokens of pre-tokenised text: split on whitespace (OCTIS corpora are already tokenised)."""
    return text.split()


def octis_models() -> dict[str, tuple[Callable[[int, int], TopicModel], dict[str, float | None]]]:
    """The models of the OCTIS benchmark: name -> (factory(k, seed), {reported name: relevance}).

    One fit can be reported under several term rankings (weights, or
    relevance with lambda 0.6, the value Sievert & Shirley (2014) found best
    for interpretation).
    """
    from ..topics import ClusterTopics, LdaTopics, NmfTopics

    def tokens() -> BowVectorizer:  # the corpus is already tokenised
        return BowVectorizer(tokenizer=split_tokens)

    def lda_vocab() -> BowVectorizer:  # LDA: drop words in < 10 documents or > 30% of them
        return BowVectorizer(tokenizer=split_tokens, min_df=10, max_df=0.3)

    def gibbs_vocab() -> BowVectorizer:  # Gibbs LDA: drop words in < 10 documents or > 15% of them
        return BowVectorizer(tokenizer=split_tokens, min_df=10, max_df=0.15)

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


def fit_job(texts: Sequence[str], model: str, k: int, seed: int) -> dict[str, Any]:
    """Fit one model of the protocol on ``texts`` and return its top 25 terms per reported ranking.

    A top-level function of explicit arguments, so a worker process needs
    nothing but what it is sent.
    """
    factory, rankings = octis_models()[model]
    t0, c0 = time.perf_counter(), time.process_time()
    est = factory(k, seed).fit(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    tops = {name: est.top_terms(25, relevance=lam) for name, lam in rankings.items()}
    return {"model": model, "k": k, "seed": seed, "fit_seconds": wall, "fit_cpu_seconds": cpu, "tops": tops}


def _fits(texts: list[str], jobs: list[Job], workers: int, prime: Callable[[], None]) -> Iterable[tuple[int, Any]]:
    """``(job index, fit_job result)`` as the fits land; ``prime()`` runs while the workers fit."""
    if workers <= 1:
        prime()
        for i, job in enumerate(jobs):
            yield i, fit_job(texts, *job)
        return
    import multiprocessing as mp

    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        futures = {pool.submit(fit_job, texts, *job): i for i, job in enumerate(jobs)}
        prime()
        for f in as_completed(futures):
            yield futures[f], f.result()


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
        Processes fitting models in parallel (each single-threaded); the
        parent scores coherence meanwhile. Results do not depend on it.

    Returns
    -------
    metrics : dict
        Per reported model: ``fits`` (k, seed, npmi, td10, td25, fit_seconds,
        fit_cpu_seconds) and ``mean_npmi``, ``mean_td10``, ``mean_td25``,
        ``mean_fit_seconds``; plus the protocol and the published row.
    topics : dict
        Per reported model, per fit (``k{k}-seed{seed}``): the top 10 words of every topic.
    """
    from ..evaluate.topics import CoherenceScorer, topic_diversity

    available = octis_models()
    names = list(models) if models is not None else list(available)
    unknown = [m for m in names if m not in available]
    if unknown:
        raise ParameterError(f"models: unknown {', '.join(unknown)} (known: {', '.join(available)})")
    texts = list(texts)
    t_start = time.perf_counter()
    jobs: list[Job] = [(m, k, s) for m in names for k in ks for s in seeds]
    scorers: list[Any] = []

    def prime() -> None:  # coherence statistics of the corpus, built while the workers fit
        scorer = CoherenceScorer([t.split() for t in texts], measure="c_npmi", topn=10)
        scorer.prime(sorted({w for t in texts for w in t.split()}))
        scorers.append(scorer)

    scored: list[list[tuple[str, dict[str, Any], list[list[str]]]]] = [[] for _ in jobs]
    for i, r in _fits(texts, jobs, workers, prime):  # each fit scored as it lands
        for name, tops in r["tops"].items():
            top10 = [t[:10] for t in tops]
            fit = {
                "k": r["k"],
                "seed": r["seed"],
                "npmi": scorers[0].score(top10).mean,
                "td10": topic_diversity(top10, 10),
                "td25": topic_diversity(tops, 25),
                "fit_seconds": round(r["fit_seconds"], 3),
                "fit_cpu_seconds": round(r["fit_cpu_seconds"], 3),
            }
            scored[i].append((name, fit, top10))
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
