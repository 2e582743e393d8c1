"""Multi-document summaries against pooled references, built from BBC News Summary.

BBC News Summary has no multi-document references, so clusters are made:
the articles of one category are shuffled with a fixed seed and cut into
clusters of ``size`` articles; a cluster's reference is the pooled
reference summaries of its articles (each split back into sentences with
:func:`nlptools.evaluate.rouge.match_reference`: the corpus glues copied
sentences together without a space). Each method summarises the pooled
body sentences of a cluster (in article order) under a word budget and is
scored with ROUGE-1/2 recall and F1 (rouge-score, Porter stemming), as in
DUC.

Caveats, for reading the figures: a category is a loose topic (not a DUC
event cluster), and the BBC references were made by a word-overlap
ranker from single articles, so a pooled reference is long (10 articles:
about 1,000 words) and recall at 100 or 250 words is low for every
method. The scores compare methods on the same footing; they are not
DUC numbers.

:func:`run_single_document` is the single-document BBC protocol
(:func:`nlptools.benchmarks.summaries.run_method`: as many sentences as
the reference) for any method, using a coverage method's own selection
(:meth:`~nlptools.summarize.rankers.coverage.CoverageRanker.choose`).
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..cleaning import clean_document
from ..document import Document, Sentence
from ..errors import InputError, ParameterError
from ..evaluate.rouge import match_reference, rouge_scores
from ..io import read_text_file
from ..summarize import Length, SentenceFeatures, get_ranker, summarize_sentences
from .summaries import ReferenceArticle, run_method

logger = logging.getLogger(__name__)

__all__ = [
    "Cluster",
    "make_clusters",
    "summarize_cluster",
    "run_clusters",
    "score_cluster_runs",
    "time_cluster",
    "run_single_document",
]


@dataclass(frozen=True)
class Cluster:
    """A set of articles of one category with their pooled reference.

    Attributes
    ----------
    name : str
        ``<category>-<k>``.
    articles : tuple of ReferenceArticle
    """

    name: str
    articles: tuple[ReferenceArticle, ...]

    @property
    def sentences(self) -> list[Sentence]:
        """The body sentences of every article, article by article."""
        return [s for a in self.articles for s in a.candidates]

    @property
    def reference(self) -> list[str]:
        """The pooled reference, one sentence per item."""
        return [p for a in self.articles for p in a.reference_sentences]


def make_clusters(
    data_dir: str | Path,
    *,
    size: int = 10,
    per_category: int = 2,
    categories: Sequence[str] | None = None,
    seed: int = 0,
) -> list[Cluster]:
    """Clusters of ``size`` articles per category, drawn with ``seed`` (BBC News Summary layout).

    Parameters
    ----------
    data_dir : path
        Holds ``articles/<category>/*.txt`` and ``summaries/<category>/*.txt``.
    size : int, default=10
        Articles per cluster.
    per_category : int, default=2
        Clusters per category (disjoint articles).
    categories : sequence of str, optional
        Default: every category, sorted.
    seed : int, default=0
        Shuffles each category's file list (sorted by name first).

    Returns
    -------
    list of Cluster
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ParameterError(f"size: must be a positive integer, got {size!r}")
    if isinstance(per_category, bool) or not isinstance(per_category, int) or per_category < 1:
        raise ParameterError(f"per_category: must be a positive integer, got {per_category!r}")
    root = Path(data_dir)
    arts = root / "articles"
    if not arts.is_dir():
        raise InputError(f"{root}: expected folders 'articles' and 'summaries' (BBC News Summary layout)")
    cats = sorted(p.name for p in arts.iterdir() if p.is_dir()) if categories is None else list(categories)
    rng = np.random.default_rng(seed)
    out: list[Cluster] = []
    for cat in cats:
        folder = arts / cat
        if not folder.is_dir():
            raise InputError(f"{folder}: no such category folder")
        names = sorted(p.name for p in folder.iterdir() if p.suffix == ".txt")
        picked = [names[i] for i in rng.permutation(len(names))[: size * per_category]]
        loaded = {a.name: a for a in _load(root, cat, picked)}
        usable = [loaded[n] for n in picked if n in loaded]
        for k in range(len(usable) // size):
            out.append(Cluster(f"{cat}-{k}", tuple(usable[k * size : (k + 1) * size])))
    return out


def _load(root: Path, category: str, names: Sequence[str]) -> list[ReferenceArticle]:
    """The named articles of ``category``, read, cleaned and matched as :func:`.summaries.load_reference_corpus` does."""
    out: list[ReferenceArticle] = []
    for name in names:
        path = root / "articles" / category / name
        ref_path = root / "summaries" / category / name
        if not ref_path.is_file():
            logger.warning("%s: no reference summary at %s; skipped", path, ref_path)
            continue
        text, encoding = read_text_file(path)
        reference, _ = read_text_file(ref_path)
        doc = clean_document(
            Document(id=f"{category}/{path.stem}", text=text, source=str(path), meta={"encoding": encoding})
        )
        match = match_reference(reference.strip(), [s.text for s in doc.body])
        if not match.indices:
            logger.warning("%s: the reference matches none of the article's sentences; skipped", path)
            continue
        out.append(ReferenceArticle(category, name, doc, doc.body, reference.strip(), match))
    return out


def summarize_cluster(
    sentences: Sequence[Sentence],
    method: str,
    words: int,
    *,
    redundancy: float | None = 0.6,
    random_state: int = 0,
) -> list[int]:
    """Indices of the sentences ``method`` chooses under a ``words`` budget.

    A coverage method (``submodular``, ``ilp``) solves its budgeted problem
    (:meth:`~nlptools.summarize.rankers.coverage.CoverageRanker.choose`); the
    others rank and select (:func:`nlptools.summarize.summarize_sentences`).
    ``redundancy`` is given to both.
    """
    ranker = get_ranker(method, random_state=random_state)
    if getattr(ranker, "selects", False):
        texts = [s.text for s in sentences]
        feats = SentenceFeatures.build(texts)
        chosen: list[int] = ranker.choose(sentences, feats, Length(words=words), redundancy=redundancy)  # type: ignore[attr-defined]
        return chosen
    return summarize_sentences(sentences, method=ranker, words=words, redundancy=redundancy).positions


def run_clusters(
    clusters: Sequence[Cluster],
    methods: Sequence[str],
    budgets: Sequence[int],
    *,
    redundancy: float | None = 0.6,
    random_state: int = 0,
    timer: Callable[[], float] = time.perf_counter,
) -> tuple[dict[tuple[str, int], list[list[int]]], dict[tuple[str, int], float]]:
    """Summarise every cluster with every method at every budget.

    Returns
    -------
    chosen : dict
        ``(method, budget) -> [indices per cluster]``.
    seconds : dict
        ``(method, budget) -> total summarising time`` (features included, loading and cleaning not).
    """
    chosen: dict[tuple[str, int], list[list[int]]] = {}
    seconds: dict[tuple[str, int], float] = {}
    pools = [c.sentences for c in clusters]
    for method in methods:
        if pools:  # warm-up: imports, caches
            summarize_cluster(pools[0], method, min(budgets), redundancy=redundancy, random_state=random_state)
        for budget in budgets:
            t0 = timer()
            chosen[(method, budget)] = [
                summarize_cluster(p, method, budget, redundancy=redundancy, random_state=random_state) for p in pools
            ]
            seconds[(method, budget)] = timer() - t0
    return chosen, seconds


def score_cluster_runs(clusters: Sequence[Cluster], chosen: Sequence[Sequence[int]]) -> dict[str, Any]:
    """Mean ROUGE-1/2 recall and F1 (percent) of chosen sentences against each cluster's pooled reference.

    Returns
    -------
    dict
        ``rouge1_recall``, ``rouge1_f1``, ``rouge2_recall``, ``rouge2_f1``, ``words`` (mean
        summary length) and ``per_cluster`` (the four scores of each cluster).
    """
    if len(clusters) != len(chosen):
        raise ParameterError(f"chosen: {len(chosen)} selections for {len(clusters)} clusters")
    rows = []
    for c, picked in zip(clusters, chosen):
        pool = c.sentences
        texts = [pool[i].text for i in picked]
        r = rouge_scores(texts, c.reference, types=("rouge1", "rouge2"))
        rows.append(
            {
                "cluster": c.name,
                "rouge1_recall": 100 * r["rouge1"]["recall"],
                "rouge1_f1": 100 * r["rouge1"]["f1"],
                "rouge2_recall": 100 * r["rouge2"]["recall"],
                "rouge2_f1": 100 * r["rouge2"]["f1"],
                "words": sum(len(t.split()) for t in texts),
            }
        )
    keys = ("rouge1_recall", "rouge1_f1", "rouge2_recall", "rouge2_f1", "words")
    out: dict[str, Any] = {k: float(np.mean([r[k] for r in rows])) for k in keys}
    out["per_cluster"] = rows
    return out


def time_cluster(
    sentences: Sequence[Sentence],
    method: str,
    words: int = 250,
    *,
    repeats: int = 5,
    redundancy: float | None = 0.6,
    timer: Callable[[], float] = time.perf_counter,
) -> dict[str, float]:
    """Time one cluster's summary (cleaning excluded; features included): median and best of ``repeats``."""
    summarize_cluster(sentences, method, words, redundancy=redundancy)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = timer()
        summarize_cluster(sentences, method, words, redundancy=redundancy)
        times.append(timer() - t0)
    return {"median": statistics.median(times), "best": min(times), "sentences": len(sentences)}


def run_single_document(
    articles: Sequence[ReferenceArticle], method: str, *, random_state: int = 0
) -> tuple[list[list[int]], float]:
    """The single-document BBC protocol for ``method``: as many sentences as each reference, no redundancy control.

    A coverage method uses its own selection under that sentence count; any
    other method goes through :func:`nlptools.benchmarks.summaries.run_method`.

    Returns
    -------
    chosen : list of list of int
    seconds : float
    """
    ranker = get_ranker(method, random_state=random_state)
    if not getattr(ranker, "selects", False):
        return run_method(articles, method, random_state=random_state)
    chosen: list[list[int]] = []
    total = 0.0
    for art in articles:
        t0 = time.perf_counter()
        feats = SentenceFeatures.build([s.text for s in art.candidates])
        picked = ranker.choose(art.candidates, feats, Length(sentences=art.n_reference))  # type: ignore[attr-defined]
        total += time.perf_counter() - t0
        chosen.append(picked)
    return chosen, total
