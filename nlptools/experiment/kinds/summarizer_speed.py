"""``kind = "summarizer-speed"``: native summarisers against sumy's on the same inputs.

Two measurements, with BLAS limited to ``[speed] threads`` so every method
runs on the same cores:

1. **Pairs** (:func:`nlptools.benchmarks.summary_speed.compare_pairs`): on
   the ``[corpus]`` articles, each native method of ``[speed] pairs`` and its
   sumy twin summarise each article with as many sentences as its
   reference, interleaved and repeated, one call per article and the whole
   set in one batch (``summarize_many``, checked to choose the sentences of
   the per-article calls).
2. **Growth** (``[growth]``, :func:`~nlptools.benchmarks.summary_speed.cost_growth`):
   one long document of body sentences in corpus order (``per_category``
   articles of each category; 0: all), cut to each size, every sentence
   ranked (no ``max_ranked`` narrowing), a fixed-length summary; a slow
   method skips a size whose quadratic projection passes ``cap_seconds``.

Times go to ``speed.json`` (and ``growth.csv``, the figure ``growth.png``);
``metrics.json`` holds what is reproducible: the articles, ROUGE-1 of both
methods of each pair, whether the batch chose as the per-article calls, and
the sentences each growth method chose at each size it ran.

Example config: ``experiments/bench_summarizers.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment
from ..schema import SchemaError, suggest
from .base import Kind
from .summaries import ReferenceCorpusSettings
from .summary_cost import CostSettings

logger = logging.getLogger(__name__)

__all__ = ["SpeedSettings", "GrowthSettings", "run", "KIND"]

#: The figures of a pair that do not vary run to run (to metrics.json; the times go to speed.json).
_STABLE_PAIR_KEYS = ("native", "sumy", "native_rouge1", "sumy_rouge1", "batch_chooses_as_per_article")


def _known_methods(names: Any, key: str) -> None:
    from ...summarize import method_names

    known = method_names()
    for name in names:
        if name not in known:
            raise SchemaError(key, f"{key}: unknown method {name!r}{suggest(name, known)}; known: {', '.join(known)}")


@dataclass(frozen=True)
class SpeedSettings:
    """``[speed]``.

    Attributes
    ----------
    pairs : table of str
        Native method -> the sumy method it is timed against.
    repeats : int
        Timed passes over the articles (the best per article, or per batch, kept).
    threads : int
        BLAS threads while timing.
    """

    pairs: dict[str, str] = field(
        default_factory=lambda: {"lexrank": "sumy-lexrank", "textrank": "sumy-textrank"}, metadata={"nonempty": True}
    )
    repeats: int = field(default=3, metadata={"min": 1})
    threads: int = field(default=1, metadata={"min": 1})

    def check(self) -> None:
        _known_methods(self.pairs, "pairs")
        _known_methods(self.pairs.values(), "pairs")


@dataclass(frozen=True)
class GrowthSettings(CostSettings):
    """``[growth]``: :class:`~nlptools.experiment.kinds.summary_cost.CostSettings`, plus the articles used.

    Attributes
    ----------
    enabled : bool
        Measure the growth at all.
    per_category : int
        Articles of each category the long document is built from (0: all).
    """

    enabled: bool = True
    per_category: int = field(default=0, metadata={"min": 0})


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from threadpoolctl import threadpool_limits

    from ...benchmarks.summaries import load_reference_corpus
    from ...benchmarks.summary_speed import compare_pairs, cost_growth

    cs: ReferenceCorpusSettings = exp["corpus"]
    sp: SpeedSettings = exp["speed"]
    gs: GrowthSettings = exp["growth"]
    root = exp.resolve_input("corpus")
    categories = list(cs.categories) or None
    with ctx.timed("load"):
        articles = load_reference_corpus(root, per_category=cs.per_category or None, categories=categories)
    ctx.add_inputs(art.document.document.source for art in articles)
    out: dict[str, Any] = {"articles": len(articles)}
    speed: dict[str, Any] = {}
    with threadpool_limits(sp.threads):
        with ctx.timed("pairs"):
            pairs = compare_pairs(articles, sp.pairs, repeats=sp.repeats)
        speed["pairs"] = pairs
        out["pairs"] = {native: {key: p[key] for key in _STABLE_PAIR_KEYS} for native, p in pairs.items()}
        if gs.enabled:
            with ctx.timed("load"):
                everything = load_reference_corpus(root, per_category=gs.per_category or None, categories=categories)
            pool = [s for a in everything for s in a.candidates]
            if len(pool) < max(gs.sizes):
                from ...errors import ParameterError

                raise ParameterError(
                    f"{exp.where}: growth.sizes: {max(gs.sizes)} sentences needed, the corpus has {len(pool)}"
                )
            with ctx.timed("growth"):
                rows, chosen = cost_growth(
                    pool[: max(gs.sizes)],
                    ctx.progress(gs.methods, desc="growth", unit="method"),
                    list(gs.sizes),
                    summary_sentences=gs.summary_sentences,
                    repeats=gs.repeats,
                    sumy_repeats=gs.sumy_repeats,
                    cap_seconds=gs.cap_seconds,
                    random_state=exp.seed,
                    summarize_options={"max_ranked": None},
                )
            ctx.write_table("growth.csv", rows)
            speed["growth"] = rows
            out["growth"] = {"sizes": list(gs.sizes), "summary_sentences": gs.summary_sentences, "chosen": chosen}
            if gs.figures:
                _figure(ctx, gs, rows)
    ctx.write_json("speed.json", speed)
    out["note"] = "times are in speed.json (not reproducible byte for byte)"
    return out


def _figure(ctx: Any, gs: GrowthSettings, rows: list[dict[str, Any]]) -> None:
    from ... import plots

    sizes = list(gs.sizes)
    seconds = {
        m: [next(r["cpu_seconds"] for r in rows if r["method"] == m and r["sentences"] == n) for n in sizes]
        for m in gs.methods
    }
    ctx.figure(
        "growth.png",
        plots.plot_cost,
        sizes,
        seconds,
        ylabel=f"CPU time (seconds; best of {gs.repeats}, sumy: of {gs.sumy_repeats})",
        xlabel="document length (sentences)",
        title=f"Summariser cost against input length ({gs.summary_sentences}-sentence summaries, every sentence ranked)",
    )


KIND = Kind(
    name="summarizer-speed",
    sections={"corpus": ReferenceCorpusSettings, "speed": SpeedSettings, "growth": GrowthSettings},
    run=run,
    description="native summarisers against sumy's on the same articles (per article and batch), and cost growth",
)
