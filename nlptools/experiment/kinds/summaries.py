"""``kind = "summaries"``: extractive summarisers against reference summaries (ROUGE).

Reads a folder laid out like BBC News Summary (``articles/<category>/*.txt``
and ``summaries/<category>/*.txt``) with
:func:`nlptools.benchmarks.summaries.load_reference_corpus`; each method
summarises each article with as many sentences as its reference has
(:func:`~nlptools.benchmarks.summaries.run_method`) and is scored with ROUGE
F1 (:func:`~nlptools.benchmarks.summaries.score_runs`, percent). Writes
``rouge.csv`` (a row per method), ``rouge_by_category.csv``,
``per_article.csv`` (the plotted metric per method and article),
``summaries.jsonl`` (the chosen sentences, so anyone can recompute the
scores), and figures: the per-article spread by method (box plot) and mean
ROUGE by method and category (heatmap). Summarising times go to
``timings.json``.

The BBC references were made by a word-overlap ranker, not by people: the
scores are a regression benchmark, not a measure of summary quality.

Example config: ``experiments/summaries_bbc.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..config import Experiment, check_one_source
from ..schema import SchemaError, suggest
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["ReferenceCorpusSettings", "SummariesSettings", "run"]

_ROUGE = ("rouge1", "rouge2", "rougeL", "rougeLsum")


@dataclass(frozen=True)
class ReferenceCorpusSettings:
    """``[corpus]`` of a summaries experiment: articles with reference summaries.

    Attributes
    ----------
    path, data : str
        The folder holding ``articles/`` and ``summaries/`` (exactly one of
        them: relative to the config file, or to the data folder).
    per_category : int
        The first this many articles of each category, by file name (0: all).
    categories : array of str
        Only these categories (default: all, sorted).
    """

    path: str | None = None
    data: str | None = None
    per_category: int = field(default=60, metadata={"min": 0})
    categories: tuple[str, ...] = ()

    def check(self) -> None:
        check_one_source(self.path, self.data)


@dataclass(frozen=True)
class SummariesSettings:
    """``[summaries]``.

    Attributes
    ----------
    methods : array of str
        Registry names (``lead``, ``textrank``, ``sumy-lexrank``, ...; see
        :func:`nlptools.summarize.method_names`) and ``oracle``.
    metric : {"rouge1", "rouge2", "rougeL", "rougeLsum"}
        The ROUGE variant shown per article (box plot, ``per_article.csv``);
        all four are reported as means.
    write_summaries : bool
        Write ``summaries.jsonl``.
    figures : bool
    """

    methods: tuple[str, ...] = field(
        default=("lead", "random", "centroid", "textrank", "lexrank", "oracle"), metadata={"nonempty": True}
    )
    metric: Literal["rouge1", "rouge2", "rougeL", "rougeLsum"] = "rouge1"
    write_summaries: bool = True
    figures: bool = True

    def check(self) -> None:
        from ...benchmarks.summaries import ORACLE
        from ...summarize import method_names

        known = [*method_names(), ORACLE]
        for i, m in enumerate(self.methods):
            if m not in known:
                raise SchemaError(
                    f"methods[{i}]", f"methods[{i}]: unknown method {m!r}{suggest(m, known)}; known: {', '.join(known)}"
                )
        if len(set(self.methods)) != len(self.methods):
            raise SchemaError("methods", "methods: a method is listed twice")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.summaries import load_reference_corpus, run_method, score_runs
    from ...evaluate.rouge import rouge

    cs: ReferenceCorpusSettings = exp["corpus"]
    ss: SummariesSettings = exp["summaries"]
    root = exp.resolve_input("corpus")
    with ctx.timed("load"):
        articles = load_reference_corpus(
            root, per_category=cs.per_category or None, categories=list(cs.categories) or None
        )
    if not articles:
        from ...errors import EmptyCorpusError

        raise EmptyCorpusError(f"{exp.where}: corpus: no article with a usable reference summary under {root}")
    ctx.add_inputs(
        p for art in articles for p in (art.document.document.source, root / "summaries" / art.category / art.name)
    )
    results: dict[str, Any] = {}
    per_article: dict[str, list[float]] = {}
    table, article_rows, summary_rows = [], [], []
    for method in ctx.progress(ss.methods, desc="methods", unit="method"):
        logger.info("summarising %d articles with %s", len(articles), method)
        chosen, seconds = run_method(articles, method, random_state=exp.seed)
        ctx.timings[f"summarize/{method}"] = seconds
        with ctx.timed("score"):
            scores = score_runs(articles, chosen)
            values = []
            for art, picked in zip(articles, chosen):
                texts = [art.candidates[i].text for i in picked]
                v = 100.0 * rouge(texts, art.reference_sentences, types=(ss.metric,))[ss.metric]
                values.append(v)
                article_rows.append({"method": method, "category": art.category, "article": art.name, ss.metric: v})
                if ss.write_summaries:
                    summary_rows.append(
                        {"method": method, "category": art.category, "article": art.name, "sentences": texts}
                    )
        per_article[method] = values
        results[method] = scores
        table.append({"method": method, **{t: scores[t] for t in _ROUGE}, "n": len(articles)})
    ctx.write_table("rouge.csv", table)
    cats = sorted({a.category for a in articles})
    ctx.write_table(
        "rouge_by_category.csv",
        [{"method": m, **{c: results[m]["by_category"][c]["rouge1"] for c in cats}} for m in ss.methods],
        columns=["method", *cats],
    )
    ctx.write_table("per_article.csv", article_rows)
    if ss.write_summaries:
        ctx.write_jsonl("summaries.jsonl", summary_rows)
    if ss.figures:
        from ... import plots

        label = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L", "rougeLsum": "ROUGE-Lsum"}[ss.metric]
        ctx.figure(
            "rouge_by_method.png",
            lambda: plots.plot_rouge(
                per_article,
                metric=f"{label} F1 (%)",
                title=f"{label} F1 per article by method ({len(articles)} articles)",
            ),
        )

        def heatmap() -> Any:
            order = sorted(ss.methods, key=lambda m: -results[m]["rouge1"])
            W = np.array([[results[m]["by_category"][c]["rouge1"] for c in cats] for m in order])
            ax = plots.plot_theme_heatmap(
                W,
                order,
                cats,
                fmt="{:.1f}",
                cmap="viridis",
                title="Mean ROUGE-1 F1 (%) by method and category",
                colorbar_label="ROUGE-1 F1 (%)",
            )
            ax.set_xlabel("category")
            ax.set_ylabel("method")
            return ax

        if len(cats) > 1:
            ctx.figure("rouge_by_category.png", heatmap)
    return {
        "articles": len(articles),
        "mean_reference_coverage": float(np.mean([a.match.coverage for a in articles])),
        "categories": {c: sum(1 for a in articles if a.category == c) for c in cats},
        "methods": results,
        "ranking": sorted(ss.methods, key=lambda m: (-results[m]["rouge1"], m)),
        "note": "references made by a word-overlap ranker: a regression benchmark, not a quality measure",
    }


KIND = Kind(
    name="summaries",
    sections={"corpus": ReferenceCorpusSettings, "summaries": SummariesSettings},
    run=run,
    description="extractive summarisers against reference summaries (ROUGE)",
)
