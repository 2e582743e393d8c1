"""``kind = "multidoc"``: multi-document summaries of article clusters against pooled references (ROUGE).

Builds clusters of ``size`` articles per category from a folder laid out
like BBC News Summary (:func:`nlptools.benchmarks.multidoc.make_clusters`,
seeded), summarises each cluster with every method at every word budget
(coverage methods with their own budgeted selection) and scores ROUGE-1/2
recall and F1 against the pooled references. Writes ``rouge.csv`` (a row
per method and budget), ``per_cluster.csv`` and ``summaries.jsonl``;
times go to ``timings.json`` (the whole run per method and budget, and one
``timing_size``-article cluster per method: median of 5). With
``single_document`` > 0, the coverage methods also run the single-document
BBC protocol on that many articles per category (``single.csv``).

Example config: ``experiments/summaries_multidoc.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment
from ..schema import SchemaError, suggest
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["ClusterCorpusSettings", "MultidocSettings", "run"]


@dataclass(frozen=True)
class ClusterCorpusSettings:
    """``[corpus]``: the BBC News Summary folder and how clusters are drawn.

    Attributes
    ----------
    path, data : str
        The folder (exactly one: relative to the config file, or to the data folder).
    size : int
        Articles per cluster.
    clusters_per_category : int
    categories : array of str
        Default: all.
    timing_size : int
        Articles in the cluster used for the speed measurement (0: none).
    """

    path: str | None = None
    data: str | None = None
    size: int = field(default=10, metadata={"min": 2})
    clusters_per_category: int = field(default=2, metadata={"min": 1})
    categories: tuple[str, ...] = ()
    timing_size: int = field(default=25, metadata={"min": 0})

    def check(self) -> None:
        if (self.path is None) == (self.data is None):
            raise SchemaError(
                "path", "path, data: give exactly one (relative to the config file, or to the data folder)"
            )


@dataclass(frozen=True)
class MultidocSettings:
    """``[multidoc]``.

    Attributes
    ----------
    methods : array of str
        Summariser names (:func:`nlptools.summarize.method_names`).
    budgets : array of int
        Summary lengths in words.
    redundancy : float
        Containment threshold given to every method (0: off).
    single_document : int
        Articles per category for the single-document protocol of the coverage methods (0: skip).
    """

    methods: tuple[str, ...] = field(
        default=("lead", "centroid", "lexrank", "textrank", "sumy-lexrank", "submodular", "ilp"),
        metadata={"nonempty": True},
    )
    budgets: tuple[int, ...] = field(default=(100, 250), metadata={"min": 1, "nonempty": True})
    redundancy: float = field(default=0.6, metadata={"min": 0})
    single_document: int = field(default=0, metadata={"min": 0})

    def check(self) -> None:
        from ...summarize import method_names

        known = method_names()
        for i, m in enumerate(self.methods):
            if m not in known:
                raise SchemaError(
                    f"methods[{i}]", f"methods[{i}]: unknown method {m!r}{suggest(m, known)}; known: {', '.join(known)}"
                )
        if self.redundancy > 1:
            raise SchemaError("redundancy", f"redundancy: must be in [0, 1] (0: off), got {self.redundancy!r}")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.multidoc import (
        make_clusters,
        run_clusters,
        run_single_document,
        score_cluster_runs,
        time_cluster,
    )
    from ...benchmarks.summaries import load_reference_corpus, score_runs
    from ...errors import EmptyCorpusError
    from ...summarize import get_ranker

    cs: ClusterCorpusSettings = exp["corpus"]
    ms: MultidocSettings = exp["multidoc"]
    root = exp.resolve_input("corpus")
    cats = list(cs.categories) or None
    with ctx.timed("load"):
        clusters = make_clusters(
            root, size=cs.size, per_category=cs.clusters_per_category, categories=cats, seed=exp.seed
        )
    if not clusters:
        raise EmptyCorpusError(f"{exp.where}: corpus: no cluster of {cs.size} usable articles under {root}")
    ctx.add_inputs(a.document.document.source for c in clusters for a in c.articles)
    redundancy = ms.redundancy or None
    chosen, seconds = run_clusters(clusters, ms.methods, ms.budgets, redundancy=redundancy, random_state=exp.seed)
    table, per_cluster, rows = [], [], []
    results: dict[str, Any] = {}
    for (method, budget), picked in chosen.items():
        ctx.timings[f"summarize/{method}/{budget}"] = seconds[(method, budget)]
        scores = score_cluster_runs(clusters, picked)
        results[f"{method}@{budget}"] = {k: v for k, v in scores.items() if k != "per_cluster"}
        table.append({"method": method, "words": budget, **results[f"{method}@{budget}"], "clusters": len(clusters)})
        per_cluster += [{"method": method, "budget": budget, **r} for r in scores["per_cluster"]]
        for c, p in zip(clusters, picked):
            pool = c.sentences
            rows.append({"method": method, "budget": budget, "cluster": c.name, "sentences": [pool[i].text for i in p]})
    ctx.write_table("rouge.csv", table)
    ctx.write_table("per_cluster.csv", per_cluster)
    ctx.write_jsonl("summaries.jsonl", rows)
    if cs.timing_size:
        big = make_clusters(root, size=cs.timing_size, per_category=1, categories=cats, seed=exp.seed)
        if big:
            pool = big[0].sentences
            for method in ms.methods:
                t = time_cluster(pool, method, max(ms.budgets), redundancy=redundancy)
                ctx.timings[f"cluster{cs.timing_size}/{method}"] = t["median"]
            ctx.timings[f"cluster{cs.timing_size}/sentences"] = float(len(pool))
    single: dict[str, Any] = {}
    if ms.single_document:
        articles = load_reference_corpus(root, per_category=ms.single_document, categories=cats)
        srows = []
        for method in ms.methods:
            if not getattr(get_ranker(method), "selects", False):
                continue
            picked_docs, secs = run_single_document(articles, method, random_state=exp.seed)
            ctx.timings[f"single/{method}"] = secs
            s = score_runs(articles, picked_docs)
            single[method] = {t: s[t] for t in ("rouge1", "rouge2", "rougeL", "rougeLsum")}
            srows.append({"method": method, **single[method], "n": len(articles)})
        ctx.write_table("single.csv", srows)
    return {
        "clusters": len(clusters),
        "cluster_size": cs.size,
        "budgets": list(ms.budgets),
        "results": results,
        "single_document": single,
        "note": "pooled BBC references (made by a word-overlap ranker, per article): compare methods, not with DUC",
    }


KIND = Kind(
    name="multidoc",
    sections={"corpus": ClusterCorpusSettings, "multidoc": MultidocSettings},
    run=run,
    description="multi-document summaries of article clusters against pooled references (ROUGE)",
)
