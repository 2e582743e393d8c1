"""``kind = "segmentation-eval"``: sentence boundaries against a hand-checked gold set, and pysbd.

Reads the gold (``[gold] file``, relative to the config; its seed texts
are read from the project, its BBC texts from the data folder, skipped
without one) with :func:`nlptools.benchmarks.segmentation.load_gold`, and
scores every segmenter of :func:`~nlptools.benchmarks.segmentation.segmenters`
(nlptools' per line, per text and through cleaning; pysbd per line and per
text) by boundary precision, recall and F1, strict and lenient, per source
and overall (:func:`~nlptools.benchmarks.segmentation.boundary_evaluation`).
``metrics.json`` holds the scores and every error of ours with its context;
``scores.csv`` a row per segmenter. Speeds (MB of UTF-8 text per CPU second,
best of ``[speed] repeat`` timings; pysbd once), on the gold texts and on a
sample of the data folder, are not reproducible and go to ``speed.json``.
Needs pysbd (a development dependency).

Example config: ``experiments/segmentation_eval.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment
from ._corpus import config_file
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["GoldSettings", "SpeedSettings", "run", "KIND"]


@dataclass(frozen=True)
class GoldSettings:
    """``[gold]``: the gold set (JSON), relative to the config file."""

    file: str = "data/segmentation_gold.json"


@dataclass(frozen=True)
class SpeedSettings:
    """``[speed]``.

    Attributes
    ----------
    repeat : int
        Timings of each nlptools segmenter (the best kept; pysbd: one).
    sample : str, optional
        A folder of the data folder also timed (e.g. ``20newsgroups-bydate``), nlptools only.
    megabytes : float
        How much of ``sample`` to time (its first files, sorted).
    """

    repeat: int = field(default=3, metadata={"min": 1})
    sample: str | None = None
    megabytes: float = field(default=5.0, metadata={"min": 0})


def _check(exp: Experiment) -> None:
    config_file(exp, exp["gold"].file, "gold.file")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.segmentation import OURS, boundary_evaluation, load_gold, read_sample, segmenters, speed
    from ...errors import ConfigError, InputError
    from ..config import project_root

    ss: SpeedSettings = exp["speed"]
    gold = config_file(exp, exp["gold"].file, "gold.file")
    project = project_root(gold.parent)
    if project is None:
        raise InputError(f"{exp.where}: gold.file: no project folder (holding seeds/themes.toml) above {gold}")
    ctx.add_inputs([gold])
    with ctx.timed("load"):
        docs, files = load_gold(gold, project=project, data=exp.data_dir)
    ctx.add_inputs(files)
    methods = segmenters()
    with ctx.timed("score"):
        metrics = boundary_evaluation(docs, methods)
    ctx.write_table(
        "scores.csv",
        [
            {"segmenter": name, "mode": mode, **sc[mode]["all"]}
            for name, sc in metrics["scores"].items()
            for mode in ("strict", "lenient")
        ],
    )
    texts = [d["text"] for d in docs]
    with ctx.timed("speed"):
        rates = {name: round(speed(fn, texts, ss.repeat if name in OURS else 1), 3) for name, fn in methods.items()}
        sample: dict[str, float] = {}
        if ss.sample is not None:
            if exp.data_dir is None:
                raise ConfigError(f"{exp.where}: speed.sample is relative to the data folder: pass --data DIR")
            sample_texts = read_sample(exp.data_dir / ss.sample, ss.megabytes)
            for name in OURS:
                sample[name] = round(speed(methods[name], sample_texts, ss.repeat), 3)
            sample["megabytes"] = round(sum(len(t.encode("utf-8")) for t in sample_texts) / 1e6, 3)
    ctx.write_json(
        "speed.json",
        {
            "speed_mb_per_s": rates,
            "speed_mb_per_s_sample": sample,
            "speed_definition": "UTF-8 megabytes per CPU second (time.process_time, one process), best of "
            "[speed] repeat timings (pysbd: 1) of at least 0.5 s each; 'speed_mb_per_s' on the gold texts, "
            "'speed_mb_per_s_sample' on the first [speed] megabytes of [speed] sample",
        },
    )
    for name, rate in rates.items():
        s, le = metrics["scores"][name]["strict"]["all"], metrics["scores"][name]["lenient"]["all"]
        logger.info(
            "%-32s P=%.4f R=%.4f F1=%.4f (lenient F1=%.4f) %8.3f MB/s",
            name,
            s["precision"],
            s["recall"],
            s["f1"],
            le["f1"],
            rate,
        )
    return metrics


KIND = Kind(
    name="segmentation-eval",
    sections={"gold": GoldSettings, "speed": SpeedSettings},
    run=run,
    description="sentence boundaries against a hand-checked gold set (precision, recall, F1), nlptools and pysbd",
    check=_check,
)
