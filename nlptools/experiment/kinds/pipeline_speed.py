"""``kind = "pipeline-speed"``: throughput and memory of files -> TF-IDF, against scikit-learn.

For each corpus fraction, :func:`nlptools.benchmarks.pipeline.measure_in_child`
measures scikit-learn's plain ``TfidfVectorizer`` and the whole nlptools path
(decode, clean, segment, tokenise, lemmatise, vectorise) over the same files,
each in a fresh process (peak RSS its own; one BLAS thread unless the
environment says otherwise), the best of ``repeats`` runs on the whole
corpus; then each stage is timed alone
(:func:`~nlptools.benchmarks.pipeline.stage_times`).

Times and memory are not reproducible: they go to ``throughput.json`` (every
run, the stages, the speed ratio nlptools / scikit-learn, the machine's load)
and ``runs.csv``. ``metrics.json`` holds what is: documents, input size,
matrix shape, non-zeros and size of each run, sentences and removed spans.

Example config: ``experiments/bench_pipeline.toml``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment, check_one_source
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["FolderSettings", "PipelineSettings", "run", "KIND"]

#: The fields of a measurement that do not vary run to run.
_STABLE = ("mode", "fraction", "documents", "input_mb", "shape", "nnz", "matrix_mb", "dtype")


@dataclass(frozen=True)
class FolderSettings:
    """``[corpus]``: a folder of text files without suffixes (20 Newsgroups); exactly one of ``path`` / ``data``."""

    path: str | None = None
    data: str | None = None

    def check(self) -> None:
        check_one_source(self.path, self.data)


@dataclass(frozen=True)
class PipelineSettings:
    """``[pipeline]``.

    Attributes
    ----------
    fractions : array of float
        Corpus fractions measured (a seeded random subset of the files).
    repeats : int
        Runs of each mode on the whole corpus (fraction 1.0), the fastest (CPU) kept.
    stages : bool
        Also time each stage alone on the whole corpus.
    target_mb_per_s : float
        The throughput target reported beside the figures.
    """

    fractions: tuple[float, ...] = field(default=(0.25, 0.5, 1.0), metadata={"min": 0, "max": 1, "nonempty": True})
    repeats: int = field(default=1, metadata={"min": 1})
    stages: bool = True
    target_mb_per_s: float = field(default=5.0, metadata={"min": 0})


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from threadpoolctl import threadpool_limits

    from ...benchmarks.pipeline import MODES, measure_in_child, stage_times

    ps: PipelineSettings = exp["pipeline"]
    data = exp.resolve_input("corpus")
    runs = []
    for frac in ctx.progress(ps.fractions, desc="fractions", unit="fraction"):
        for mode in MODES:
            reps = ps.repeats if frac == 1.0 else 1
            with ctx.timed(f"measure/{mode}"):
                best = min((measure_in_child(mode, data, frac) for _ in range(reps)), key=lambda r: r["cpu_s"])
            runs.append(best)
            logger.info(
                "%-9s %5.2f %7.1f MB %6.2f MB/s (cpu) peak RSS %7.1f MB",
                mode,
                frac,
                best["input_mb"],
                best["mb_per_s_cpu"],
                best["peak_rss_mb"],
            )
    stages = None
    if ps.stages:
        with ctx.timed("stages"), threadpool_limits(1):
            stages = stage_times(data)
    full = {r["mode"]: r for r in runs if r["fraction"] == 1.0}
    ratio = (
        round(full["nlptools"]["mb_per_s_cpu"] / full["sklearn"]["mb_per_s_cpu"], 3)
        if {"nlptools", "sklearn"} <= full.keys()
        else None
    )
    ctx.write_table("runs.csv", runs)
    ctx.write_json(
        "throughput.json",
        {
            "runs": runs,
            "stages_nlptools": stages,
            "ratio_nlptools_over_sklearn_speed": ratio,
            "target_mb_per_s": ps.target_mb_per_s,
            "threads": os.environ.get("OMP_NUM_THREADS", "1"),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
    )
    if ratio is not None:
        ctx.timings["ratio_nlptools_over_sklearn_speed"] = ratio
    return {
        "runs": [{key: r[key] for key in _STABLE} for r in runs],
        "stages_nlptools": (
            {key: stages[key] for key in ("input_mb", "sentences", "removed_spans")} if stages is not None else None
        ),
        "note": "times and memory are in throughput.json and runs.csv (not reproducible byte for byte)",
    }


KIND = Kind(
    name="pipeline-speed",
    sections={"corpus": FolderSettings, "pipeline": PipelineSettings},
    run=run,
    description="files -> TF-IDF throughput and peak memory of nlptools against scikit-learn, in fresh processes",
)
