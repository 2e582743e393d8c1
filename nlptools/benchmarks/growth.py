"""Growth of every stage's time with input size, on hostile patterns.

Researchers feed the toolkit text they did not write: a scraped page of
80,000 full stops, a 4 MB article of short lines each ending in an agency
tag, runs of spaces, newlines or quotes, one endless word, thousands of tiny
paragraphs, brackets nested deep. Each stage must take time linear (or
``n log n``) in the input, whatever its shape. :data:`PATTERNS` builds each
pattern at a given size in bytes; :func:`measure_growth` times the stages
(decode, clean + segment, tokens, summarize) at sizes ``1x, 2x, 4x, 8x`` and
reports the time ratios and the fitted growth exponent (the slope of
``log time`` against ``log size``: 1 for linear, 2 for quadratic).

Times are wall clock, best of ``repeats``; they are not reproducible byte
for byte, so callers store them as timings, not metrics.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "PATTERNS",
    "STAGES",
    "format_table",
    "growth_exponent",
    "make_pattern",
    "measure_growth",
    "table_from_timings",
]

logger = logging.getLogger(__name__)

_PROSE = (
    "The minister said on Tuesday that talks with the union would resume next week. "
    "Officials in Seoul (who asked not to be named) expected a deal by March. "
)


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters (cut at the end)."""
    return (unit * (size // len(unit) + 1))[:size]


def _wrapped(body: str) -> str:
    """``body`` between a headline and a closing sentence, so cleaning has an article around it."""
    return "Talks resume in Seoul\n\n" + _PROSE + body + "\n\n" + _PROSE


#: Pattern name -> (size in characters -> text). Each text is an article, a hostile run inside.
PATTERNS: dict[str, Callable[[int], str]] = {
    # sentence punctuation with no space: the candidate regex once backtracked over the run
    "dots": lambda n: _wrapped(_repeat(".", n)),
    "punctuation": lambda n: _wrapped(_repeat("?!.…", n)),
    # short lines each ending in an agency tag: cleaning once counted newlines from the top at every match
    "agency-lines": lambda n: _wrapped(_repeat("It rained. AFP\n", n)),
    "spaces": lambda n: _wrapped("It rained." + _repeat(" ", n) + "It stopped."),
    "newlines": lambda n: _wrapped("It rained." + _repeat("\n", n) + "It stopped."),
    "blank-lines": lambda n: _wrapped(_repeat("\n \t\n", n)),
    "quotes": lambda n: _wrapped("He said " + _repeat("\"'“”‘’", n) + " and left."),
    "long-word": lambda n: _wrapped(_repeat("abcdefghij", n)),
    "short-paragraphs": lambda n: _wrapped(_repeat("A b.\n\n", n)),
    "brackets": lambda n: _wrapped("(" * (n // 2) + "x" + ")" * (n // 2)),
    "abbreviations": lambda n: _wrapped(_repeat("Mr. U.S. No. Inc. Sept. ", n)),
    "prose": lambda n: _wrapped(_repeat(_PROSE, n)),
}

#: The stages timed, in pipeline order.
STAGES: tuple[str, ...] = ("decode", "clean+segment", "tokens", "summarize")


def make_pattern(name: str, size: int) -> str:
    """The text of pattern ``name`` with a hostile run of ``size`` characters.

    Raises
    ------
    KeyError
        If ``name`` is not in :data:`PATTERNS`.
    """
    return PATTERNS[name](size)


def growth_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float | None:
    """The least-squares slope of ``log(seconds)`` against ``log(sizes)``; None under two usable points."""
    pts = [(math.log(s), math.log(t)) for s, t in zip(sizes, seconds) if s > 0 and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def _stage_functions(words: int) -> dict[str, Callable[[Any], Any]]:
    """Each stage as a function of the previous stage's output (the first takes bytes)."""
    from ..cleaning import clean_document
    from ..document import Document
    from ..io.decode import decode_bytes
    from ..summarize import summarize
    from ..tokens import Tokenizer

    tokenizer = Tokenizer()

    def decode(data: bytes) -> Any:
        return Document(id="growth", text=decode_bytes(data, name="growth")[0])

    def tokens(doc: Any) -> Any:
        for s in doc.sentences:
            tokenizer(s.text)
        return doc

    return {
        "decode": decode,
        "clean+segment": clean_document,
        "tokens": tokens,
        "summarize": lambda doc: summarize(doc, words=words),
    }


def _best_time(func: Callable[[Any], Any], value: Any, repeats: int, min_seconds: float) -> tuple[Any, float]:
    """``func(value)`` and its time: best of ``repeats``, each the mean of as many calls as fill
    ``min_seconds`` (as :mod:`timeit` does), so that micro-second stages are not lost in clock noise."""
    t0 = time.perf_counter()
    out = func(value)
    first = time.perf_counter() - t0
    number = 1 if first >= min_seconds else min(1000, math.ceil(min_seconds / max(first, 1e-7)))
    best = first if number == 1 else math.inf
    for _ in range(repeats - 1 if number == 1 else repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            func(value)
        best = min(best, (time.perf_counter() - t0) / number)
    return out, best


def measure_growth(
    patterns: Iterable[str],
    base_size: int,
    *,
    factors: Sequence[int] = (1, 2, 4, 8),
    repeats: int = 3,
    words: int = 60,
    min_seconds: float = 0.02,
    progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> list[dict[str, Any]]:
    """Time every stage on every pattern at ``base_size * factor`` characters.

    Parameters
    ----------
    patterns : iterable of str
        Names from :data:`PATTERNS`.
    base_size : int
        Characters of the hostile run at factor 1.
    factors : sequence of int, default=(1, 2, 4, 8)
    repeats : int, default=3
        Runs per measurement; the fastest is kept.
    words : int, default=60
        Summary length of the ``summarize`` stage.
    min_seconds : float, default=0.02
        A run shorter than this is repeated until it fills it (the mean is its time).
    progress : callable, optional
        Wraps the pattern names (a progress bar).

    Returns
    -------
    list of dict
        One row per pattern and stage: ``pattern``, ``stage``, ``sizes``
        (bytes of UTF-8 input), ``seconds`` (best of ``repeats``, per factor),
        ``ratios`` (each time over the time at factor 1), ``exponent`` (see
        :func:`growth_exponent`) and ``sentences`` (at the largest size).
    """
    stages = _stage_functions(words)
    names = list(patterns)
    unknown = [p for p in names if p not in PATTERNS]
    if unknown:
        raise KeyError(unknown[0])
    rows: list[dict[str, Any]] = []
    for name in progress(names) if progress else names:
        value: Any = make_pattern(name, 200).encode("utf-8")
        for stage in STAGES:  # a warm-up run: imports, lemma tables and regex caches load here, untimed
            out = stages[stage](value)
            if stage != "summarize":
                value = out
        seconds: dict[str, list[float]] = {s: [] for s in STAGES}
        sizes: list[int] = []
        n_sentences = 0
        for f in factors:
            data = make_pattern(name, base_size * f).encode("utf-8")
            sizes.append(len(data))
            value = data
            for stage in STAGES:
                out, best = _best_time(stages[stage], value, repeats, min_seconds)
                seconds[stage].append(best)
                if stage == "clean+segment":
                    n_sentences = len(out.sentences)
                if stage != "summarize":
                    value = out
            logger.info("%s x%d: %s", name, f, ", ".join(f"{s} {seconds[s][-1]:.4f}s" for s in STAGES))
        for stage in STAGES:
            ts = seconds[stage]
            rows.append(
                {
                    "pattern": name,
                    "stage": stage,
                    "sizes": sizes,
                    "seconds": ts,
                    "ratios": [t / ts[0] if ts[0] > 0 else math.nan for t in ts],
                    "exponent": growth_exponent(sizes, ts),
                    "sentences": n_sentences,
                }
            )
    return rows


def format_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """The rows as a plain-text table: pattern, stage, seconds at 1x, ratios, exponent."""
    lines = [f"{'pattern':<17} {'stage':<14} {'1x (s)':>9} {'ratios 1x:2x:4x:8x':<26} exponent"]
    for r in rows:
        ratios = ":".join(f"{x:.1f}" for x in r["ratios"])
        exp = "-" if r["exponent"] is None else f"{r['exponent']:.2f}"
        lines.append(f"{r['pattern']:<17} {r['stage']:<14} {r['seconds'][0]:>9.4f} {ratios:<26} {exp}")
    return "\n".join(lines)


def table_from_timings(timings: Mapping[str, Any]) -> str:
    """The table of :func:`format_table` rebuilt from a ``growth`` run's ``timings.json``.

    ``timings`` is the file's content (its ``stages_seconds`` table is used when present) or that table.
    """
    nested = timings.get("stages_seconds")
    flat: Mapping[str, Any] = nested if isinstance(nested, Mapping) else timings
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for key, value in flat.items():
        parts = key.split("/")
        if len(parts) != 4 or parts[0] != "growth":
            continue
        row = rows.setdefault((parts[1], parts[2]), {"pattern": parts[1], "stage": parts[2], "x": {}, "r": {}})
        if parts[3] == "exponent":
            row["exponent"] = value
        elif parts[3].startswith("ratio_x"):
            row["r"][int(parts[3][7:])] = value
        elif parts[3].startswith("x"):
            row["x"][int(parts[3][1:])] = value
    order = {name: i for i, name in enumerate(PATTERNS)}
    out = []
    for _, row in sorted(rows.items(), key=lambda kv: (order.get(kv[0][0], len(order)), STAGES.index(kv[0][1]))):
        factors = sorted(row["x"])
        out.append(
            {
                "pattern": row["pattern"],
                "stage": row["stage"],
                "seconds": [row["x"][f] for f in factors],
                "ratios": [row["r"][f] for f in factors],
                "exponent": row.get("exponent"),
            }
        )
    return format_table(out)


if __name__ == "__main__":  # python -m nlptools.benchmarks.growth RUN/timings.json
    import json
    import sys

    print(table_from_timings(json.loads(open(sys.argv[1], encoding="utf-8").read())))
