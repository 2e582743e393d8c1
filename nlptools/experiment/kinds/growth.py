"""``kind = "growth"``: every stage's time against input size, on hostile patterns.

Times each stage (decode, clean + segment, tokens, summarize) on each
pattern of :data:`nlptools.benchmarks.growth.PATTERNS` (runs of full stops,
short lines ending in an agency tag, runs of spaces, newlines or quotes, one
endless word, many short paragraphs, deep brackets, plain prose) at sizes
``base_size`` times each factor (1, 2, 4, 8), through
:func:`nlptools.benchmarks.growth.measure_growth`. Each stage should grow
linearly: a time ratio near the size ratio, a fitted exponent near 1 (2 is
quadratic).

Times are not reproducible, so they go to ``timings.json`` only
(``growth/<pattern>/<stage>/x<factor>`` in seconds, best of ``repeats``,
``.../ratio_x<factor>`` and ``.../exponent``); ``metrics.json`` holds what
is: the patterns, the factors, the input sizes in bytes and the sentences
cleaning finds at the largest size. ``python -m nlptools.benchmarks.growth
RUN/timings.json`` prints the table.

Example config: ``experiments/growth.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment
from ..schema import SchemaError, suggest
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["GrowthSettings", "run"]


@dataclass(frozen=True)
class GrowthSettings:
    """``[growth]``.

    Attributes
    ----------
    patterns : array of str
        Names from :data:`nlptools.benchmarks.growth.PATTERNS` (default: all).
    base_size : int
        Characters of the hostile run at factor 1.
    factors : array of int
        Size multipliers, increasing (default 1, 2, 4, 8).
    repeats : int
        Runs per measurement; the fastest is kept.
    words : int
        Summary length of the summarize stage.
    """

    patterns: tuple[str, ...] = ()
    base_size: int = field(default=50_000, metadata={"min": 100})
    factors: tuple[int, ...] = field(default=(1, 2, 4, 8), metadata={"min": 1, "nonempty": True})
    repeats: int = field(default=3, metadata={"min": 1})
    words: int = field(default=60, metadata={"min": 1})

    def check(self) -> None:
        from ...benchmarks.growth import PATTERNS

        for i, p in enumerate(self.patterns):
            if p not in PATTERNS:
                raise SchemaError(
                    f"patterns[{i}]",
                    f"patterns[{i}]: unknown pattern {p!r}{suggest(p, PATTERNS)}; known: {', '.join(PATTERNS)}",
                )
        if list(self.factors) != sorted(set(self.factors)) or len(self.factors) < 2:
            raise SchemaError("factors", "factors: at least two, increasing, without repeats")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.growth import PATTERNS, measure_growth

    st: GrowthSettings = exp["growth"]
    patterns = list(st.patterns) or list(PATTERNS)
    with ctx.timed("growth"):
        rows = measure_growth(
            patterns,
            st.base_size,
            factors=st.factors,
            repeats=st.repeats,
            words=st.words,
            progress=lambda names: ctx.progress(names, desc="patterns", unit="pattern"),
        )
    sizes: dict[str, list[int]] = {}
    sentences: dict[str, int] = {}
    for r in rows:
        key = f"growth/{r['pattern']}/{r['stage']}"
        for f, seconds, ratio in zip(st.factors, r["seconds"], r["ratios"]):
            ctx.timings[f"{key}/x{f}"] = seconds
            ctx.timings[f"{key}/ratio_x{f}"] = ratio
        if r["exponent"] is not None:
            ctx.timings[f"{key}/exponent"] = r["exponent"]
        sizes[r["pattern"]] = r["sizes"]
        sentences[r["pattern"]] = r["sentences"]
    return {
        "patterns": patterns,
        "stages": sorted({r["stage"] for r in rows}),
        "factors": list(st.factors),
        "bytes": sizes,
        "sentences_at_largest": sentences,
        "note": "times, ratios and growth exponents are in timings.json (not reproducible byte for byte)",
    }


KIND = Kind(
    name="growth",
    sections={"growth": GrowthSettings},
    run=run,
    description="every stage's time against input size on hostile patterns (ratios and growth exponents)",
)
