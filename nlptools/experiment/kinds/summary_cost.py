"""``kind = "summary-cost"``: how summarising time grows with input length.

Builds one long document from the body sentences of reference-corpus
articles (:func:`nlptools.benchmarks.summaries.load_reference_corpus`, in
corpus order), cut to each size, and times each method
(:func:`nlptools.benchmarks.summary_speed.cost_growth`: no redundancy
control) making a fixed-length summary: best of ``repeats``
runs (``sumy_repeats`` for sumy's), process CPU and wall time. A slow method skips a size when its previous
time, scaled quadratically, would pass ``cap_seconds`` (recorded as skipped,
never guessed).

Times are not reproducible, so they go to ``timings.json`` and ``cost.csv``
and the figure ``cost.png`` (log-log, with each method's fitted growth
exponent); ``metrics.json`` holds what is: the sizes, methods, and the
sentences each method chose at each size it ran.

Example config: ``experiments/summary_cost.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment
from ..schema import SchemaError, suggest
from .base import Kind
from .summaries import ReferenceCorpusSettings

logger = logging.getLogger(__name__)

__all__ = ["CostSettings", "run"]


@dataclass(frozen=True)
class CostSettings:
    """``[cost]``.

    Attributes
    ----------
    methods : array of str
        Summariser names (:func:`nlptools.summarize.method_names`).
    sizes : array of int
        Document lengths in sentences.
    summary_sentences : int
        Length of each summary.
    repeats : int
        Runs per measurement of a native method (the fastest kept).
    sumy_repeats : int
        Runs per measurement of a ``sumy-`` method (slow: default 1).
    cap_seconds : float
        Skip a size whose projected (quadratic) time exceeds this.
    figures : bool
    """

    methods: tuple[str, ...] = field(
        default=("lead", "centroid", "textrank", "lexrank", "sumy-lexrank", "sumy-textrank"),
        metadata={"nonempty": True},
    )
    sizes: tuple[int, ...] = field(default=(100, 200, 400, 800, 1600), metadata={"min": 2, "nonempty": True})
    summary_sentences: int = field(default=10, metadata={"min": 1})
    repeats: int = field(default=3, metadata={"min": 1})
    sumy_repeats: int = field(default=1, metadata={"min": 1})
    cap_seconds: float = field(default=60.0, metadata={"min": 0})
    figures: bool = True

    def check(self) -> None:
        from ...summarize import method_names

        known = method_names()
        for i, m in enumerate(self.methods):
            if m not in known:
                raise SchemaError(
                    f"methods[{i}]", f"methods[{i}]: unknown method {m!r}{suggest(m, known)}; known: {', '.join(known)}"
                )
        if list(self.sizes) != sorted(set(self.sizes)):
            raise SchemaError("sizes", "sizes: must be increasing, without repeats")
        if self.summary_sentences >= min(self.sizes):
            raise SchemaError(
                "summary_sentences",
                f"summary_sentences: {self.summary_sentences} is not below the smallest size {min(self.sizes)}",
            )


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.summaries import load_reference_corpus
    from ...benchmarks.summary_speed import cost_growth

    cs: ReferenceCorpusSettings = exp["corpus"]
    st: CostSettings = exp["cost"]
    root = exp.resolve_input("corpus")
    need = max(st.sizes)
    with ctx.timed("load"):
        articles = load_reference_corpus(
            root, per_category=cs.per_category or None, categories=list(cs.categories) or None
        )
    pool: list[Any] = []
    used = 0
    for art in articles:
        if len(pool) >= need:
            break
        pool.extend(art.candidates)
        used += 1
        ctx.add_inputs([art.document.document.source])
    if len(pool) < need:
        from ...errors import ParameterError

        raise ParameterError(f"{exp.where}: cost.sizes: {need} sentences needed, the corpus has {len(pool)}")
    rows, chosen = cost_growth(
        pool,
        ctx.progress(st.methods, desc="methods", unit="method"),
        list(st.sizes),
        summary_sentences=st.summary_sentences,
        repeats=st.repeats,
        sumy_repeats=st.sumy_repeats,
        cap_seconds=st.cap_seconds,
        random_state=exp.seed,
    )
    for r in rows:
        if not r["skipped"]:
            ctx.timings[f"cost/{r['method']}/{r['sentences']}/cpu"] = r["cpu_seconds"]
            ctx.timings[f"cost/{r['method']}/{r['sentences']}/wall"] = r["wall_seconds"]
    ctx.write_table("cost.csv", rows)
    if st.figures:
        from ... import plots

        sizes = list(st.sizes)
        seconds = {
            m: [next(r["cpu_seconds"] for r in rows if r["method"] == m and r["sentences"] == n) for n in sizes]
            for m in st.methods
        }
        for m, values in seconds.items():
            slope = plots.loglog_slope(sizes, values)
            if slope is not None:
                ctx.timings[f"cost/{m}/loglog_slope"] = slope
        ctx.figure(
            "cost.png",
            plots.plot_cost,
            sizes,
            seconds,
            ylabel=f"CPU time (seconds; best of {st.repeats}, sumy: of {st.sumy_repeats})",
            xlabel="document length (sentences)",
            title=f"Summariser cost against input length ({st.summary_sentences}-sentence summaries)",
        )
    return {
        "document": {"articles": used, "sentences_available": len(pool)},
        "sizes": list(st.sizes),
        "summary_sentences": st.summary_sentences,
        "methods": list(st.methods),
        "chosen": chosen,
        "note": "times are in timings.json and cost.csv (not reproducible byte for byte)",
    }


KIND = Kind(
    name="summary-cost",
    sections={"corpus": ReferenceCorpusSettings, "cost": CostSettings},
    run=run,
    description="summarising time against document length (log-log), native and sumy methods",
)
