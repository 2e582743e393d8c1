"""``kind = "topics-benchmark"``: the OCTIS protocol (BERTopic paper, Table 1) as a config.

Calls :func:`nlptools.benchmarks.octis.octis_protocol` on an OCTIS
preprocessed corpus (:func:`~nlptools.benchmarks.octis.load_octis`), with the
benchmark's model presets (:func:`~nlptools.benchmarks.octis.octis_models`):
every model for every ``k`` and seed, each fit scored by NPMI (gensim
``c_npmi`` on the corpus texts, top 10 words, one process) and TD@10/TD@25,
averaged over the fits. ``metrics.json`` holds the scores only; fit seconds
go to ``timings.json``. Also writes ``fits.csv``, ``topics.jsonl`` (the top
10 words of every topic of every fit) and, with ``figures``, the model
selection curve per reported model (mean and sd over seeds against k).

Example config: ``experiments/topics_octis_bbc.toml``. The fits run in worker processes
(``workers``) started with the environment of this one: set ``OMP_NUM_THREADS=1`` to keep each
single-threaded, as the published timings were measured.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import Experiment, check_one_source
from ..schema import SchemaError, suggest
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["OctisCorpusSettings", "ProtocolSettings", "run"]

_TIMING_KEYS = ("fit_seconds", "fit_cpu_seconds")


@dataclass(frozen=True)
class OctisCorpusSettings:
    """``[corpus]``: an OCTIS dataset folder holding ``corpus.tsv`` (exactly one of ``path`` / ``data``)."""

    path: str | None = None
    data: str | None = None

    def check(self) -> None:
        check_one_source(self.path, self.data)


@dataclass(frozen=True)
class ProtocolSettings:
    """``[protocol]``.

    Attributes
    ----------
    models : array of str
        Names from :func:`nlptools.benchmarks.octis.octis_models`.
    k : array of int
    seeds : array of int
    workers : int
        Processes fitting in parallel (each single-threaded; results do not depend on it).
    figures : bool
    """

    models: tuple[str, ...] = field(default=("lda", "nmf", "kmeans"), metadata={"nonempty": True})
    k: tuple[int, ...] = field(default=(10, 20, 30, 40, 50), metadata={"min": 2, "nonempty": True})
    seeds: tuple[int, ...] = field(default=(0, 21, 42), metadata={"min": 0, "nonempty": True})
    workers: int = field(default=2, metadata={"min": 1})
    figures: bool = True

    def check(self) -> None:
        from ...benchmarks.octis import octis_models

        known = list(octis_models())
        for i, m in enumerate(self.models):
            if m not in known:
                raise SchemaError(
                    f"models[{i}]", f"models[{i}]: unknown model {m!r}{suggest(m, known)}; known: {', '.join(known)}"
                )
        for name in ("models", "k", "seeds"):
            values = getattr(self, name)
            if len(set(values)) != len(values):
                raise SchemaError(name, f"{name}: a value is listed twice")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.octis import load_octis, octis_protocol

    ps: ProtocolSettings = exp["protocol"]
    folder = exp.resolve_input("corpus")
    ctx.add_seeds(ps.seeds)
    with ctx.timed("load"):
        texts, _, _ = load_octis(folder)
    ctx.add_inputs([folder / "corpus.tsv"])
    logger.info(
        "OCTIS protocol on %d documents: %s, k %s, seeds %s",
        len(texts),
        ", ".join(ps.models),
        list(ps.k),
        list(ps.seeds),
    )
    with ctx.timed("protocol"):
        metrics, topics = octis_protocol(
            texts, models=list(ps.models), ks=list(ps.k), seeds=list(ps.seeds), workers=ps.workers
        )
    # timings leave metrics.json, which must be identical run to run
    ctx.timings["protocol_reported_seconds"] = metrics.pop("total_seconds", None) or 0.0
    metrics["protocol"].pop("workers", None)
    rows = []
    for name, m in metrics["models"].items():
        for fit in m["fits"]:
            for key in _TIMING_KEYS:
                value = fit.pop(key, None)
                if value is not None:
                    ctx.timings[f"fit/{name}/k{fit['k']}-seed{fit['seed']}/{key}"] = value
            rows.append({"model": name, **fit})
        m.pop("mean_fit_seconds", None)
        by_k = {}
        for k in sorted(ps.k):
            at_k = [f for f in m["fits"] if f["k"] == k]
            by_k[str(k)] = {
                key: {"mean": float(np.mean([f[key] for f in at_k])), "std": float(np.std([f[key] for f in at_k]))}
                for key in ("npmi", "td10", "td25")
            }
        m["by_k"] = by_k
    ctx.write_table("fits.csv", rows, columns=["model", "k", "seed", "npmi", "td10", "td25"])
    ctx.write_jsonl(
        "topics.jsonl",
        [{"model": name, "fit": fit, "topics": tops} for name, fits in topics.items() for fit, tops in fits.items()],
    )
    if ps.figures and len(ps.k) > 1:
        from ... import plots

        ks = sorted(ps.k)
        names = list(metrics["models"])
        get = lambda n, key, stat: [metrics["models"][n]["by_k"][str(k)][key][stat] for k in ks]  # noqa: E731
        ctx.figure(
            "model_selection.png",
            plots.plot_model_selection,
            ks,
            {n: get(n, "npmi", "mean") for n in names},
            {n: get(n, "td10", "mean") for n in names},
            coherence_err={n: get(n, "npmi", "std") for n in names},
            diversity_err={n: get(n, "td10", "std") for n in names},
            title=f"OCTIS protocol: NPMI and TD@10 against k (mean \u00b1 sd over {len(ps.seeds)} seeds)",
        )
    return metrics


KIND = Kind(
    name="topics-benchmark",
    sections={"corpus": OctisCorpusSettings, "protocol": ProtocolSettings},
    run=run,
    description="the OCTIS topic-model protocol (BERTopic paper, Table 1): NPMI and TD over k and seeds",
)
